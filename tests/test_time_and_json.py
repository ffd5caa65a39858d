"""One rule for moving a datetime to UTC (rs_scraper.timeutil.to_utc) and one text form of an instant in every
output (rs_scraper.dialect.iso_utc: ISO 8601 UTC with Z), whichever path prints it."""

from __future__ import annotations

import ast
import json
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path

from rs_scraper.timeutil import to_utc

ROOT = Path(__file__).resolve().parents[1]


class _NoOffset(tzinfo):
    """A tzinfo that knows no offset (``utcoffset`` None): such a datetime is as good as naive."""

    def utcoffset(self, dt):
        return None

    def dst(self, dt):
        return None


def test_to_utc_reads_naive_and_offsetless_values_as_utc_and_converts_the_others():
    assert to_utc(datetime(2024, 5, 1, 10)) == datetime(2024, 5, 1, 10, tzinfo=UTC)
    odd = to_utc(datetime(2024, 5, 1, 10, tzinfo=_NoOffset()))
    assert odd.utcoffset() == timedelta(0) and odd.hour == 10
    moved = to_utc(datetime(2024, 5, 1, 10, tzinfo=timezone(timedelta(hours=-4))))
    assert moved == datetime(2024, 5, 1, 14, tzinfo=UTC) and moved.tzinfo == UTC


def test_to_utc_is_defined_once_in_the_code():
    """The parser, cleanup and the middlewares import timeutil's; no module writes its own."""
    places = []
    for folder in ("rs_scraper", "pipelines"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            places += [
                f"{path.relative_to(ROOT)}:{node.name}"
                for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef) and node.name in ("to_utc", "_to_utc", "as_utc", "iso_utc")
            ]
    assert sorted(places) == ["rs_scraper/dialect.py:iso_utc", "rs_scraper/timeutil.py:to_utc"]


def test_the_parser_and_cleanup_read_a_naive_or_offset_time_the_same_way():
    from pipelines.cleanup import clean_item
    from rs_scraper.parsing.dates import parse_date

    assert parse_date("2024-05-01T10:00:00") == to_utc(datetime(2024, 5, 1, 10))
    assert parse_date("2024-05-01T10:00:00-04:00") == datetime(2024, 5, 1, 14, tzinfo=UTC)
    row = clean_item(
        {
            "url": "https://x/a",
            "text": "some text",
            "published_at": datetime(2024, 5, 1, 10),
            "modified_at": datetime(2024, 5, 1, 10, tzinfo=timezone(timedelta(hours=2))),
            "fetched_at": None,
        }
    )
    assert row["published_at"] == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert row["modified_at"] == datetime(2024, 5, 1, 8, tzinfo=UTC)
    assert row["fetched_at"] is None  # a missing time stays missing


def test_retry_after_reads_an_http_date_in_utc():
    from rs_scraper.middlewares import retry_after_seconds

    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert retry_after_seconds("Tue, 01 Dec 2026 10:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Tue, 01 Dec 2026 10:00:30 -0000", now) == 30.0  # RFC 2822's "zone unknown"
    assert retry_after_seconds("Tue, 01 Dec 2026 09:00:00 GMT", now) == 0.0  # the past means now
    assert retry_after_seconds("not a date", now) is None


def test_iso_utc_is_z_with_microseconds_only_when_there_are_some():
    from rs_scraper.dialect import csv_value, dumps, iso_utc, json_value

    east = timezone(timedelta(hours=5, minutes=30))
    assert iso_utc(datetime(2024, 5, 1, 15, 30, tzinfo=east)) == "2024-05-01T10:00:00Z"
    assert iso_utc(datetime(2024, 5, 1, 10, 0, 0, 5)) == "2024-05-01T10:00:00.000005Z"  # naive: UTC already
    at = datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert json_value({"a": [at]}) == {"a": ["2024-05-01T10:00:00Z"]}
    assert csv_value(at) == "2024-05-01T10:00:00Z" and csv_value(date(2024, 5, 1)) == "2024-05-01"
    assert json.loads(dumps({"at": at})) == {"at": "2024-05-01T10:00:00Z"}


def test_extract_export_and_runs_print_the_same_instant_the_same_way(tmp_path, capsys):
    """`extract` once printed +00:00 where `export` printed Z: every JSON path goes through the dialect."""
    from pipelines.storage import PartitionedWriter
    from rs_scraper.cli import main
    from rs_scraper.cli.runs_cmd import machine_row
    from rs_scraper.schema import ARTICLE_SCHEMA

    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>A headline here</title>"
        '<meta property="article:published_time" content="2024-05-01T06:00:00-04:00"></head><body>'
        "<article><h1>A headline here</h1>" + "<p>" + "word " * 120 + "</p></article></body></html>",
        encoding="utf-8",
    )
    assert main(["extract", str(page), "--url", "https://responsiblestatecraft.org/2024/05/01/a/"]) == 0
    extracted = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert extracted["published_at"] == "2024-05-01T10:00:00Z"

    articles = tmp_path / "data" / "articles"
    row = {n: None for n in ARTICLE_SCHEMA.names}
    row.update(
        url="https://responsiblestatecraft.org/2024/05/01/a/",
        title="A",
        text="t",
        published_at=datetime(2024, 5, 1, 10, tzinfo=UTC),
        fetched_at=datetime(2026, 12, 1, 9, 0, 0, 250000, tzinfo=UTC),
    )
    writer = PartitionedWriter(articles, "r1", base=tmp_path / "data")
    writer.add(row)
    writer.close()
    out = tmp_path / "out.jsonl"
    assert main(["export", str(out), "--data-dir", str(tmp_path / "data")]) == 0
    exported = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert exported["published_at"] == extracted["published_at"]
    assert exported["fetched_at"] == "2026-12-01T09:00:00.250000Z"

    listed = machine_row(
        {"run_id": "r1", "started_at": "2026-12-01T09:00:00.250000+00:00", "finished_at": "2026-12-01T04:10:00-05:00"},
        lock_held=False,
    )
    assert listed["started_at"] == exported["fetched_at"] and listed["finished_at"] == "2026-12-01T09:10:00Z"


def test_the_mirror_ground_truth_is_written_in_the_same_dialect(tmp_path):
    from rs_scraper.cli import main

    assert main(["mirror", "--articles", "2", "--seed", "3", "--save", str(tmp_path), "--base-url", "http://m"]) == 0
    row = json.loads(sorted(tmp_path.glob("*.json"))[0].read_text(encoding="utf-8"))
    assert row["published_at"].endswith("Z") and "+00:00" not in json.dumps(row)
    assert datetime.fromisoformat(row["published_at"]).tzinfo is not None
