"""data/README.md, the data dictionary, cannot drift from the schema, from what pandas gives, or from its own
code examples: the column table is parsed and compared, and the README's Python snippets are run against a
small dataset."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import polars as pl
import pytest

from pipelines.storage import PartitionedWriter
from rs_scraper.schema import ARTICLE_SCHEMA, PARTITION_FIELD
from rs_scraper.warc.index import INDEX_SCHEMA
from tests.kit.data_dictionary import README, dictionary_table


def _code(cell: str) -> str:
    return cell.split("`")[0].strip()  # "int32` (partition)" -> "int32"


def test_every_schema_column_is_documented_in_order():
    names = [row["Column"] for row in dictionary_table()]
    assert names == ARTICLE_SCHEMA.names + [PARTITION_FIELD.name]


def test_documented_arrow_types_match_the_schema():
    documented = {row["Column"]: _code(row["Arrow type"]) for row in dictionary_table()}
    for field in list(ARTICLE_SCHEMA) + [PARTITION_FIELD]:
        assert documented[field.name] == str(field.type), field.name


def test_every_column_has_meaning_example_and_null_rule():
    for row in dictionary_table():
        for key in ("Meaning", "Example", "Null when"):
            assert row[key], f"{row['Column']}: empty {key}"


def test_the_committed_dictionary_is_generated_from_the_declaration():
    from rs_scraper.dictionary import render

    assert render(README.read_text(encoding="utf-8")) == README.read_text(encoding="utf-8"), (
        "data/README.md is stale: run python -m rs_scraper.dictionary --write"
    )


def test_the_generator_replaces_only_its_section():
    from rs_scraper.dictionary import BEGIN, END, render

    out = render(f"prose before\n{BEGIN}\nold table\n{END}\nprose after\n")
    assert out.startswith(f"prose before\n{BEGIN}\n") and out.endswith(f"{END}\nprose after\n")
    assert "old table" not in out and "| `url` |" in out
    with pytest.raises(ValueError):
        render("a README without the markers")


def test_every_declared_example_is_a_value_of_its_arrow_type():
    import pyarrow as pa

    from rs_scraper.items import COLUMNS

    row = {c.name: c.example for c in COLUMNS}
    table = pa.Table.from_pylist([row], schema=ARTICLE_SCHEMA)  # raises on an example of the wrong type
    assert table.to_pylist()[0] == row
    for c in COLUMNS:
        assert c.meaning and c.null_when and c.example is not None, c.name


def test_the_parser_recognises_a_table_and_escaped_pipes():
    table = "intro\n| Column | Meaning |\n|---|---|\n| `a` | x \\| y |\n| `b` | z |\n\nafter | not a row"
    assert dictionary_table(table) == [{"Column": "a", "Meaning": "x | y"}, {"Column": "b", "Meaning": "z"}]


NEW_YORK = ZoneInfo("America/New_York")
# (published_at, published_precision) as the parser stores them; the day rows sit on a month and a year boundary,
# where a recipe that shifted them by the New York offset would move them to the previous month or year
DATED = [
    (datetime(2023, 5, 1, 14, tzinfo=UTC), "minute"),
    (datetime(2024, 5, 2, 14, tzinfo=UTC), "minute"),
    (datetime(2024, 5, 3, 14, tzinfo=UTC), "minute"),
    (None, None),
    (datetime(2024, 5, 1, 4, tzinfo=UTC), "day"),  # 1 May 2024: midnight in New York (EDT)
    (datetime(2024, 1, 1, 5, tzinfo=UTC), "day"),  # 1 January 2024: midnight in New York (EST)
    (datetime(2024, 6, 1, 2, 30, tzinfo=UTC), "minute"),  # 31 May, 22:30 in New York: the site's day is 31 May
]


# The structured body of those rows, in turn (the README's blocks/images/links recipes count them).
BODIES = [
    {
        "blocks": [
            {"kind": "heading", "text": "Why", "level": 2},
            {"kind": "paragraph", "text": "one two", "level": None},
        ],
        "images": [{"url": "https://x.org/m/a.jpg?id=1", "alt": "A", "caption": "Talks.", "credit": "Reuters"}],
        "links": [
            {"url": "https://www.state.gov/r", "text": "one", "domain": "state.gov", "internal": False},
            {"url": "https://x.org/a1", "text": "two", "domain": "x.org", "internal": True},
        ],
    },
    {"blocks": [{"kind": "paragraph", "text": "one two", "level": None}], "images": [], "links": []},
]


@pytest.fixture
def small_data(tmp_path, monkeypatch) -> Path:
    """A data/ directory like a crawl leaves, with the cwd at its parent (the README uses relative paths)."""
    writer = PartitionedWriter(tmp_path / "data" / "articles", "run-1", flush_rows=2)
    for i, (published, precision) in enumerate(DATED):
        day = (
            None
            if published is None
            else (published.astimezone(NEW_YORK).date() if precision == "minute" else published.date())
        )
        writer.add(
            {
                "url": f"https://x.org/a{i}",
                "title": f"T{i}",
                "subtitle": None,
                "authors": ["Ann", "Bo"],
                "tags": ["Iran"],
                "published_at": published,
                "modified_at": published,
                "section": "Europe",
                "text": "one two",
                "word_count": 2,
                "content_hash": "0" * 64,
                "run_id": "run-1",
                "fetched_at": datetime(2026, 1, 1, tzinfo=UTC),
                "language": "en",
                "parser_version": "rebelmouse-v1",
                "extraction_method": "selectors",
                "published_precision": precision,
                "published_date": day,
                "author_urls": ["https://x.org/author/ann", None],
                **BODIES[i % len(BODIES)],
            }
        )
    writer.close()
    archive_pages(
        tmp_path / "data", [f"https://x.org/a{i}" for i in range(len(DATED))], datetime(2026, 1, 1, tzinfo=UTC)
    )
    (tmp_path / "data" / "runs").mkdir()
    (tmp_path / "data" / "runs" / "run-1.json").write_text(
        json.dumps({"run_id": "run-1", "started_at": "2026-01-01T00:00:00+00:00", "finish_reason": "finished"})
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def archive_pages(data: Path, urls: list[str], fetched_at: datetime) -> None:
    """The WARC archive of those rows (the README's join recipe needs it): one capture per URL at fetched_at."""
    from scrapy.http import Headers

    from rs_scraper.warc.writer import ArchiveWriter

    writer = ArchiveWriter(data / "warc", "run-1", {"software": "test"})
    for url in urls:
        writer.write_exchange(
            target_uri=url,
            dataset_url=url,
            captured=fetched_at,
            status=200,
            protocol="HTTP/1.1",
            headers=Headers({"Content-Type": "text/html"}),
            body=b"<p>one two</p>",
            ip_address=None,
            method="GET",
            request_headers=Headers({}),
        )
    writer.close()


def test_pandas_gives_the_documented_dtypes(small_data):
    frame = pd.read_parquet(small_data / "articles")
    pandas3 = int(pd.__version__.split(".")[0]) >= 3
    for row in dictionary_table():
        want = _code(row["pandas dtype"])  # the dtype of this dataset (a nullable int column here is all null)
        if want == "str" and not pandas3:
            want = "object"
        assert str(frame[row["Column"]].dtype) == want, row["Column"]
    authors = frame["authors"].iloc[0]
    assert list(authors) == ["Ann", "Bo"] and all(isinstance(a, str) for a in authors)  # list-like of str
    assert frame["authors"].map(list).iloc[0] == ["Ann", "Bo"]  # the documented way to Python lists
    arrow_backed = pd.read_parquet(small_data / "articles", dtype_backend="pyarrow")
    assert str(arrow_backed["authors"].dtype) == "list<element: string>[pyarrow]"
    assert sorted(frame["year"].astype(int)) == [0, 2023] + [2024] * 5


def test_the_readme_python_examples_run(small_data):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 4, "the pandas, DuckDB, Polars and runs examples"
    seen: dict = {}
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "data/README.md", "exec"), namespace)  # noqa: S102 - our own documentation
        seen.update(namespace)
    assert len(seen["recent"]) == 5 and len(seen["since_may"]) == 4 and len(seen["europe"]) == 7
    assert len(seen["per_run"]) == 7 and set(seen["per_run"]["finish_reason"]) == {"finished"}
    assert len(seen["captures"]) == len(seen["articles"])  # the archive join: one record per row
    with_body = sum(1 for i in range(len(DATED)) if i % len(BODIES) == 0)  # the rows given BODIES[0]
    assert list(seen["subheadings"]["text"]) == ["Why"] * with_body
    assert len(seen["body_blocks"]) == 2 * with_body + (len(DATED) - with_body)
    assert seen["top_credits"].to_dict() == {"Reuters": with_body}
    assert seen["outside_domains"].to_dict() == {"state.gov": with_body}
    assert len(seen["cites"]) == 2 * with_body and set(seen["cites"]["link_url"]) == {
        "https://www.state.gov/r",
        "https://x.org/a1",
    }


def _day_of(value) -> date | None:
    """The calendar day a recipe's value stands for, in the value's own time zone."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Period):
        return value.start_time.date()
    if isinstance(value, datetime):  # pandas Timestamps too: their own zone's calendar, or naive local time
        return value.date()
    return value if isinstance(value, date) else None


def test_no_recipe_moves_a_date_only_article_to_another_day(small_data):
    """Every Python recipe of data/README.md runs; every per-article date it yields keeps a day-precision
    article on its day, and every per-period count counts it in its period."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    seen: dict = {}
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "data/README.md", "exec"), namespace)  # noqa: S102 - our own documentation
        seen.update(namespace)
    truth = pd.read_parquet(small_data / "articles").set_index("url")
    day_rows = truth[truth["published_precision"] == "day"]
    assert len(day_rows) == 2
    checked = 0
    for name, value in seen.items():
        if isinstance(value, pl.DataFrame):
            value = value.to_pandas()
        if isinstance(value, pd.Series) and len(value) == len(truth) and value.index.equals(seen["articles"].index):
            value = pd.DataFrame({name: value, "url": seen["articles"]["url"]})
        if not isinstance(value, pd.DataFrame) or "url" not in value.columns:
            continue
        rows = value.set_index("url")
        for column in rows.columns:
            if column in ARTICLE_SCHEMA.names and not column.startswith("published") or column in INDEX_SCHEMA.names:
                continue  # another date of the article (fetched_at, modified_at, the archive's warc_date)
            days = rows[column].map(_day_of)
            if days.isna().all() or not days.map(lambda d: d is None or isinstance(d, date)).all():
                continue  # not a date column
            for url, want in day_rows["published_date"].items():
                if url in days.index:
                    got = days[url]
                    expected = want.replace(day=1) if "month" in column else want
                    assert got == expected, f"{name}[{column}] moves {url} from {want} to {got}"
                    checked += 1
    assert checked >= 10, "the date recipes were not found"
    months = pd.to_datetime(truth["published_date"]).dt.to_period("M").value_counts()
    assert seen["per_month"].to_dict() == months.to_dict()
    assert seen["per_year"].to_dict() == {2023: 1, 2024: 5}  # 1 January 2024 stays in 2024
    assert sorted(seen["may_2024"]["url"]) == [
        "https://x.org/a1",
        "https://x.org/a2",
        "https://x.org/a4",
        "https://x.org/a6",
    ]  # 31 May 22:30 New York is May
    assert "day" not in set(seen["timed"]["published_precision"])
