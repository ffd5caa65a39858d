"""Getting the data out: ``rs-scraper export`` (csv, jsonl, parquet), the ``-O x.parquet`` feed exporter, and
the dataset read by pandas, DuckDB and Polars.

Two datasets: a synthetic one written with PartitionedWriter (awkward values chosen on purpose: separators in
names, newlines and quotes in text, an undated row in year=0) and one crawled once from the offline mirror, with
``-O feed.parquet`` in the same crawl so the feed and the partitioned dataset can be compared row for row.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.storage import PartitionedWriter, open_dataset
from rs_scraper.cli import export_cmd
from rs_scraper.exporters import ParquetFeedAppendError, ParquetItemExporter
from rs_scraper.items import COLUMNS, Article
from rs_scraper.schema import ARTICLE_SCHEMA
from tests.kit.runs import rs_cli, scrapy_crawl


def _row(i: int, published: datetime | None) -> dict:
    text = f'Paragraph {i} with “quotes”, a comma; and "double quotes".\n\n- item one\n- item two'
    return {
        **{c.name: c.example for c in COLUMNS},  # every declared column has a value, a new one included
        "published_date": published.date() if published else None,
        "url": f"https://example.org/2024/article-{i}",
        "title": f"Title {i}",
        "subtitle": None if i % 2 else "Dek",
        "authors": ["Smith, Jr., Ann", "Bo; Lee"] if i % 3 else [],
        "tags": ["Iran", "Oil"],
        "published_at": published,
        "modified_at": published,
        "article_type": "Analysis",
        "section": "Asia",
        "text": text,
        "word_count": len(text.split()),
        "image_url": f"https://example.org/m/{i}.jpg?id={i}",
        "image_credit": None if i % 2 else "Photo: Reuters",
        "language": "en",
        "content_hash": f"{i:064x}",
        "fetched_at": datetime(2026, 1, 1, 12, tzinfo=UTC),
        "run_id": "run-1",
        "parser_version": "rebelmouse-v1",
        "extraction_method": "structured",
    }


DATES = [
    datetime(2023, 12, 31, 23, 30, tzinfo=UTC),
    datetime(2024, 1, 1, tzinfo=UTC),
    datetime(2024, 6, 15, 8, 5, 9, 123456, tzinfo=UTC),
    datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2025, 1, 1, 0, 0, 1, tzinfo=UTC),
    None,
]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, list[dict]]:
    data_dir = tmp_path_factory.mktemp("synthetic")
    rows = [_row(i, d) for i, d in enumerate(DATES)]
    writer = PartitionedWriter(data_dir / "articles", "run-1", flush_rows=2)
    for row in rows:
        writer.add(row)
    writer.close()
    return data_dir, rows


def _read(fmt: str, path: Path) -> list[dict]:
    """An export read back into python values, as an analyst would."""
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    if fmt == "jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        rows = [{k: (v if v != "" else None) for k, v in r.items()} for r in frame.to_dict("records")]
        for r in rows:  # the documented CSV dialect: nested values as JSON, numbers as text
            for field in ARTICLE_SCHEMA:
                if r[field.name] is not None and pa.types.is_nested(field.type):
                    r[field.name] = json.loads(r[field.name])
                elif r[field.name] is not None and pa.types.is_integer(field.type):
                    r[field.name] = int(r[field.name])
    for r in rows:  # ISO 8601 text back to dates and datetimes, by the column's type
        for field in ARTICLE_SCHEMA:
            if isinstance(r[field.name], str) and pa.types.is_timestamp(field.type):
                r[field.name] = datetime.fromisoformat(r[field.name])
            elif isinstance(r[field.name], str) and pa.types.is_date(field.type):
                r[field.name] = date.fromisoformat(r[field.name])
    return rows


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_round_trips_with_date_window(synthetic, tmp_path, fmt):
    data_dir, rows = synthetic
    out = tmp_path / f"out.{fmt}"
    # until=2024-12-31 includes that whole day; since excludes 2023-12-31 23:30 and the undated row
    code = export_cmd.run(_args(out, data_dir, since="2024-01-01", until="2024-12-31"))
    assert code == 0
    got = sorted(_read(fmt, out), key=lambda r: r["url"])
    want = sorted((r for r in rows if r["published_at"] and r["published_at"].year == 2024), key=lambda r: r["url"])
    assert [r["url"] for r in got] == [r["url"] for r in want] and len(got) == 3
    for g, w in zip(got, want, strict=True):
        assert list(g) == ARTICLE_SCHEMA.names  # exactly the schema's columns, in order, no `year`
        assert g == w
    if fmt == "csv":
        raw = out.read_text(encoding="utf-8")
        assert '"[""Smith, Jr., Ann"", ""Bo; Lee""]"' in raw  # lists as JSON arrays
        assert "2024-06-15T08:05:09.123456Z" in raw  # ISO 8601 UTC


def test_export_without_window_keeps_undated_rows(synthetic, tmp_path):
    data_dir, rows = synthetic
    out = tmp_path / "all.jsonl"
    assert export_cmd.run(_args(out, data_dir)) == 0
    got = _read("jsonl", out)
    assert len(got) == len(rows) and any(r["published_at"] is None for r in got)
    assert [p.name for p in tmp_path.iterdir()] == ["all.jsonl"]  # the temporary file was renamed, none left


def test_parquet_export_is_streamed_in_bounded_batches(synthetic, tmp_path, monkeypatch):
    data_dir, rows = synthetic
    monkeypatch.setattr(export_cmd, "BATCH_ROWS", 1)
    out = tmp_path / "out.parquet"
    assert export_cmd.run(_args(out, data_dir)) == 0
    meta = pq.read_metadata(out)
    assert meta.num_rows == len(rows) and meta.num_row_groups == len(rows)  # one batch of 1 row at a time
    assert pq.read_schema(out).remove_metadata() == ARTICLE_SCHEMA.remove_metadata()


def test_window_filter_prunes_year_partitions(synthetic):
    data_dir, _ = synthetic
    dataset = open_dataset(data_dir / "articles")
    since, until = datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 4, 1, tzinfo=UTC)
    fragments = list(dataset.get_fragments(filter=export_cmd.window(since, until)))
    assert fragments and all("/year=2024/" in f.path for f in fragments)


def test_stdout_for_csv_and_jsonl(synthetic):
    data_dir, rows = synthetic
    result = rs_cli("export", "--format", "jsonl", "--data-dir", str(data_dir), "--since", "2025-01-01", "-")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["published_at"] == "2025-01-01T00:00:01Z"
    result = rs_cli("export", "--format", "csv", "--data-dir", str(data_dir), "-")
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(io.StringIO(result.stdout))) == len(rows)
    assert "exported 6 articles" in result.stderr


def _plant_corrupt(data_dir: Path) -> Path:
    bad = data_dir / "articles" / "year=2024" / "part-corrupt-00000.parquet"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(b"PAR1 this is not parquet")
    return bad


ERRORS = {  # case: (extra arguments, exit code, message); {data} is the synthetic dataset, {out} the output
    "missing": (["--data-dir", "{missing}", "{out}"], 1, "no dataset at"),
    "empty": (["--data-dir", "{empty}", "{out}"], 1, "the dataset is empty"),
    "corrupt": (["--data-dir", "{corrupt}", "{out}"], 1, "corrupt Parquet file"),
    "bad_date": (["--data-dir", "{data}", "--since", "2024-02-30", "{out}"], 2, "not a date"),
    "unknown_format": (["--data-dir", "{data}", "--format", "xml", "{out}"], 2, "invalid choice"),
    "no_format": (["--data-dir", "{data}", "{out}.unknown"], 2, "unknown format 'unknown'"),
    "parquet_stdout": (["--data-dir", "{data}", "--format", "parquet", "-"], 2, "parquet cannot go to stdout"),
    "reversed_window": (
        ["--data-dir", "{data}", "--since", "2024-05-01", "--until", "2024-04-01", "{out}"],
        2,
        "is after --until",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_errors_are_one_line_without_traceback(synthetic, tmp_path, case):
    args, code, message = ERRORS[case]
    out = tmp_path / "out.csv"
    out.write_text("previous export\n")
    (tmp_path / "empty" / "articles").mkdir(parents=True)
    corrupt = tmp_path / "corrupt"
    writer = PartitionedWriter(corrupt / "articles", "r")
    writer.add(_row(1, DATES[1]))
    writer.close()
    _plant_corrupt(corrupt)
    places = dict(data=synthetic[0], missing=tmp_path / "missing", empty=tmp_path / "empty", corrupt=corrupt, out=out)
    result = rs_cli("export", *(a.format(**places) for a in args))
    assert result.returncode == code
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert out.read_text() == "previous export\n"  # a failed export leaves OUT as it was
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["out.csv"]  # and no temporary file


def _args(out: Path, data_dir: Path, since: str | None = None, until: str | None = None, fmt: str | None = None):
    return argparse.Namespace(out=str(out), data_dir=str(data_dir), since=since, until=until, format=fmt)


# ------------------------------------------------------------------------------------ feed exporter, no crawl
def test_feed_exporter_writes_bounded_row_groups_of_the_schema():
    handle = io.BytesIO()
    exporter = ParquetItemExporter(handle, batch_rows=2, fields_to_export=None, encoding="utf-8", indent=None)
    exporter.start_exporting()
    for i in range(5):
        exporter.export_item(Article(url=f"https://x.org/{i}", authors=["A"], published_at=DATES[1], word_count=1))
    assert len(exporter.buffer) == 1  # two batches already went to the file, one row waits
    exporter.finish_exporting()
    assert not handle.closed  # the feed storage closes (or uploads) the file, not us
    table = pq.read_table(io.BytesIO(handle.getvalue()))
    assert table.schema.remove_metadata() == ARTICLE_SCHEMA.remove_metadata() and table.num_rows == 5
    assert pq.ParquetFile(io.BytesIO(handle.getvalue())).metadata.num_row_groups == 3


def test_feed_exporter_with_no_item_still_writes_a_readable_file():
    handle = io.BytesIO()
    exporter = ParquetItemExporter(handle)
    exporter.start_exporting()
    exporter.finish_exporting()
    table = pq.read_table(io.BytesIO(handle.getvalue()))
    assert table.num_rows == 0 and table.schema.names == ARTICLE_SCHEMA.names


def test_feed_exporter_refuses_to_append_to_a_parquet_file(tmp_path):
    existing = tmp_path / "x.parquet"
    pq.write_table(ARTICLE_SCHEMA.empty_table(), existing)
    before = existing.read_bytes()
    with open(existing, "ab") as handle:  # what `scrapy crawl -o x.parquet` opens
        exporter = ParquetItemExporter(handle)
        with pytest.raises(ParquetFeedAppendError, match="use -O"):
            exporter.start_exporting()
    assert existing.read_bytes() == before


# ------------------------------------------------------------------------------------ crawled from the mirror
@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> dict:
    """One crawl of the mirror writing both data/articles/ (the pipelines) and ``-O feed.parquet`` (the feed)."""
    from rs_scraper.mirror import MirrorServer, MirrorSite

    data_dir = tmp_path_factory.mktemp("crawl")
    feed = data_dir / "feed.parquet"
    feed.write_bytes(b"stale bytes that -O must overwrite")
    with MirrorServer(MirrorSite(articles=30, seed=2), port=0) as server:
        # the mixed mirror carries author-less pages on purpose (2 of 30): not what these tests judge
        result = scrapy_crawl(server.base_url, data_dir, "-O", str(feed), "-s", "RS_MONITOR_TOLERATED_ROWS=2")
        base_url = server.base_url
    assert result.returncode == 0, result.stderr[-3000:]
    frame = pd.read_parquet(data_dir / "articles")
    assert len(frame) >= 20, "the crawl wrote too few articles"
    return dict(data_dir=data_dir, feed=feed, frame=frame, base_url=base_url)


def test_feed_file_has_the_schema_and_one_row_per_article(crawled):
    assert pq.read_schema(crawled["feed"]).remove_metadata() == ARTICLE_SCHEMA.remove_metadata()
    feed = pd.read_parquet(crawled["feed"])
    assert list(feed.columns) == ARTICLE_SCHEMA.names
    assert feed["url"].is_unique and set(feed["url"]) == set(crawled["frame"]["url"])
    # the very rows the pipelines stored: same items, same values
    stored = crawled["frame"].drop(columns="year").sort_values("url").reset_index(drop=True)
    pd.testing.assert_frame_equal(feed.sort_values("url").reset_index(drop=True), stored)


def test_crawled_dataset_reads_with_the_documented_pandas_dtypes(crawled):
    from tests.kit.data_dictionary import dictionary_table

    frame = crawled["frame"]
    dtypes = frame.dtypes.astype(str)
    assert dtypes["published_at"] == "datetime64[us, UTC]" and dtypes["word_count"] == "int32"
    assert all(isinstance(a, str) for authors in frame["authors"] for a in authors)
    assert all(hasattr(tags, "__len__") for tags in frame["tags"])
    # columns the dictionary says are never null are not null in a real crawl
    never = [row["Column"] for row in dictionary_table() if row["Null when"].startswith("never")]
    assert "url" in never and "text" in never
    assert not [name for name in never if frame[name].isna().any()]


def test_duckdb_and_polars_read_the_dataset_directory(crawled, tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(crawled["data_dir"] / "articles", articles)
    frame = crawled["frame"]
    glob = f"{articles}/**/*.parquet"
    con = duckdb.connect()
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{glob}', hive_partitioning = true)").fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["authors"] == "VARCHAR[]" and types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    rows = con.execute(f"SELECT url, year, authors FROM read_parquet('{glob}', hive_partitioning = true)").fetchall()
    assert sorted(r[0] for r in rows) == sorted(frame["url"])
    by_url = dict(zip(frame["url"], frame["year"].astype(int), strict=True))
    assert all(by_url[url] == year for url, year, _ in rows)

    lazy = pl.scan_parquet(glob, hive_partitioning=True)
    schema = lazy.collect_schema()
    assert schema["authors"] == pl.List(pl.String) and schema["published_at"] == pl.Datetime("us", "UTC")
    assert lazy.select(pl.len()).collect().item() == len(frame)

    # a file a killed crawl left behind breaks the ** glob in both; the documented safe glob skips it
    (articles / f"year={frame['year'].astype(int).max()}" / "_tmp-dead-part-x.parquet").write_bytes(b"PAR1 cut")
    safe = f"{articles}/*/[!_]*.parquet"
    assert con.execute(f"SELECT count(*) FROM read_parquet('{safe}', hive_partitioning = true)").fetchone()[0] == len(
        frame
    )
    assert pl.scan_parquet(safe, hive_partitioning=True).select(pl.len()).collect().item() == len(frame)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_of_the_crawled_dataset_round_trips(crawled, tmp_path, fmt):
    frame = crawled["frame"]
    days = frame["published_at"].sort_values().dt.strftime("%Y-%m-%d").tolist()
    since, until = days[len(days) // 4], days[3 * len(days) // 4]
    out = tmp_path / f"out.{fmt}"
    result = rs_cli(
        "export", "--format", fmt, "--since", since, "--until", until, "--data-dir", str(crawled["data_dir"]), str(out)
    )
    assert result.returncode == 0, result.stderr
    day = frame["published_at"].dt.strftime("%Y-%m-%d")
    want = frame[(day >= since) & (day <= until)].drop(columns="year")
    assert 0 < len(want) < len(frame)
    got = {r["url"]: r for r in _read(fmt, out)}
    assert set(got) == set(want["url"])
    for row in pa.Table.from_pandas(want, schema=ARTICLE_SCHEMA, preserve_index=False).to_pylist():
        assert got[row["url"]] == row


def test_feed_append_onto_a_parquet_file_is_refused(crawled, tmp_path):
    from rs_scraper.mirror import MirrorServer, MirrorSite

    existing = tmp_path / "existing.parquet"
    existing.write_bytes(crawled["feed"].read_bytes())
    with MirrorServer(MirrorSite(articles=5, seed=2), port=0) as server:
        result = scrapy_crawl(server.base_url, tmp_path / "data", "-o", str(existing))
        requests = len(server.requests)
    # refused before the crawl: one line, exit 2, nothing fetched, nothing written to the data dir
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [
        f"scrapy crawl rs: error: cannot append to the existing Parquet file {existing}: a Parquet file cannot be "
        f"appended to; use -O (overwrite) or a new file name"
    ]
    assert existing.read_bytes() == crawled["feed"].read_bytes()  # untouched, still readable
    assert requests == 0 and not (tmp_path / "data" / "articles").exists()


def test_export_keeps_the_newest_copy_of_a_url_stored_twice(synthetic, tmp_path):
    # a crash window (README "Crash windows") can leave a URL in two files: the export has it once, the newest
    data_dir, rows = synthetic
    shutil.copytree(data_dir / "articles", tmp_path / "articles")
    newer = {**rows[2], "title": "Edited title", "fetched_at": datetime(2026, 2, 1, tzinfo=UTC)}
    writer = PartitionedWriter(tmp_path / "articles", "run-2")
    writer.add(newer)
    writer.close()
    out = tmp_path / "out.jsonl"
    assert export_cmd.run(_args(out, tmp_path)) == 0
    got = _read("jsonl", out)
    assert sorted(r["url"] for r in got) == sorted(r["url"] for r in rows)
    assert next(r for r in got if r["url"] == newer["url"])["title"] == "Edited title"
