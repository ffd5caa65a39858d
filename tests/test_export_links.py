"""``rs-scraper export --table links``: the citation graph, one row per (article, link), from a hand-written
dataset with the agreed ``links`` column, and the DuckDB ``unnest`` recipe of data/README.md on the same data."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from rs_scraper.schema import ARTICLE_SCHEMA
from rs_scraper.tables import links_schema
from tests.kit.runs import rs_cli

README = Path(__file__).resolve().parent.parent / "data" / "README.md"


def _link(url: str, text: str, internal: bool = False) -> dict:
    return {"url": url, "text": text, "domain": url.split("/")[2], "internal": internal}


ARTICLES = [  # (url, published, fetched, links)
    (
        "https://rs.org/a",
        datetime(2024, 5, 1, 14, tzinfo=UTC),
        datetime(2026, 1, 1, tzinfo=UTC),
        [
            _link("https://www.state.gov/report", "a report"),
            _link("https://rs.org/b", "earlier", True),
            _link("https://www.state.gov/report", "the same report again"),
        ],
    ),
    ("https://rs.org/b", datetime(2023, 2, 1, 14, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC), []),
    (
        "https://rs.org/c",
        datetime(2024, 7, 1, 14, tzinfo=UTC),
        datetime(2026, 1, 1, tzinfo=UTC),
        [_link("https://defense.gov/x", "DoD")],
    ),
    # c stored twice (a crash window): the newest copy's links win
    (
        "https://rs.org/c",
        datetime(2024, 7, 1, 14, tzinfo=UTC),
        datetime(2026, 2, 1, tzinfo=UTC),
        [_link("https://www.army.mil/y", "Army"), _link("https://example.com/z", None)],
    ),
    ("https://rs.org/d", None, datetime(2026, 1, 1, tzinfo=UTC), None),  # written before links existed
]
WANT = [  # the rows of the links table, in (url, position) order
    ("https://rs.org/a", date(2024, 5, 1), 0, "https://www.state.gov/report", "a report", "www.state.gov", False),
    ("https://rs.org/a", date(2024, 5, 1), 1, "https://rs.org/b", "earlier", "rs.org", True),
    (
        "https://rs.org/a",
        date(2024, 5, 1),
        2,
        "https://www.state.gov/report",
        "the same report again",
        "www.state.gov",
        False,
    ),
    ("https://rs.org/c", date(2024, 7, 1), 0, "https://www.army.mil/y", "Army", "www.army.mil", False),
    ("https://rs.org/c", date(2024, 7, 1), 1, "https://example.com/z", None, "example.com", False),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("links") / "data"
    schema = ARTICLE_SCHEMA
    for i, (url, published, fetched, links) in enumerate(ARTICLES):
        row = {
            "url": url,
            "title": "T",
            "text": "t",
            "published_at": published,
            "fetched_at": fetched,
            "published_date": published.date() if published else None,
            "links": links,
        }
        table = pa.Table.from_pylist([{n: row.get(n) for n in schema.names}], schema=schema)
        path = data / "articles" / f"year={published.year if published else 0}" / f"part-r-{i:05d}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, path)
    return data


def _rows(table: pa.Table) -> list[tuple]:
    return sorted(tuple(r.values()) for r in table.to_pylist())


def test_the_links_table_has_one_row_per_article_and_link(data_dir, tmp_path):
    out = tmp_path / "links.parquet"
    result = rs_cli("export", "--table", "links", "--data-dir", str(data_dir), str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"exported {len(WANT)} links to {out}"
    table = pq.read_table(out)
    assert table.schema.remove_metadata() == links_schema().remove_metadata()
    assert table.column_names == [
        "url",
        "published_date",
        "position",
        "link_url",
        "link_text",
        "link_domain",
        "link_internal",
    ]
    assert _rows(table) == WANT


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_links_in_text_formats_and_with_a_date_window(data_dir, tmp_path, fmt):
    out = tmp_path / f"links.{fmt}"
    result = rs_cli("export", "--table", "links", "--since", "2024-06-01", "--data-dir", str(data_dir), str(out))
    assert result.returncode == 0, result.stderr
    if fmt == "csv":
        frame = pd.read_csv(out, dtype=str, keep_default_na=False)
        got = [
            (
                r["url"],
                r["published_date"],
                int(r["position"]),
                r["link_url"],
                r["link_text"] or None,
                r["link_internal"],
            )
            for r in frame.to_dict("records")
        ]
        assert got == [
            ("https://rs.org/c", "2024-07-01", 0, "https://www.army.mil/y", "Army", "False"),
            ("https://rs.org/c", "2024-07-01", 1, "https://example.com/z", None, "False"),
        ]
    else:
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [(r["url"], r["published_date"], r["position"], r["link_domain"], r["link_internal"]) for r in rows] == [
            ("https://rs.org/c", "2024-07-01", 0, "www.army.mil", False),
            ("https://rs.org/c", "2024-07-01", 1, "example.com", False),
        ]


def test_links_of_a_dataset_without_any_is_an_empty_table(tmp_path):
    from pipelines.storage import PartitionedWriter

    writer = PartitionedWriter(tmp_path / "data" / "articles", "r1")
    writer.add({"url": "https://rs.org/a", "title": "T", "text": "t"})
    writer.close()
    out = tmp_path / "links.parquet"
    assert rs_cli("export", "--table", "links", "--data-dir", str(tmp_path / "data"), str(out)).returncode == 0
    assert pq.read_table(out).num_rows == 0


def test_the_readme_unnest_recipe_gives_the_same_rows(data_dir, monkeypatch):
    sql = re.search(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S).group(1)
    monkeypatch.chdir(data_dir.parent)
    frame = duckdb.sql(sql).df()
    # DuckDB reads every stored copy (the crash-window duplicate too): the export keeps the newest only
    got = sorted(
        (r["url"], r["link_url"], r["link_text"] if isinstance(r["link_text"], str) else None)
        for r in frame.to_dict("records")
    )
    want = sorted(
        {(u, lu, lt) for u, _, _, lu, lt, _, _ in WANT} | {("https://rs.org/c", "https://defense.gov/x", "DoD")}
    )
    assert got == want
