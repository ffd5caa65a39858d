"""One dialect for every output (issue 10.8): timestamps ISO 8601 UTC with ``Z`` in ``extract``, ``-O`` and
``export``; CSV lists as JSON arrays in both; ``runs --json`` with machine keys and numbers; ``export out.json``
(a JSON array) and ``.csv.gz``; a format that contradicts the file name is refused."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import UTC, datetime

import pandas as pd
import pytest

from pipelines.storage import PartitionedWriter
from rs_scraper.dialect import csv_value, iso_utc, json_value
from rs_scraper.formats import format_of
from tests.kit.runs import rs_cli, scrapy_crawl

Z = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"


def test_the_dialect_itself():
    assert iso_utc(datetime(2024, 5, 1, 10, tzinfo=UTC)) == "2024-05-01T10:00:00Z"
    assert iso_utc(datetime(2024, 5, 1, 10, 0, 0, 1500, tzinfo=UTC)) == "2024-05-01T10:00:00.001500Z"
    assert csv_value(["Ann, Jr.", "Bo"]) == '["Ann, Jr.", "Bo"]' and csv_value(None) == ""
    assert json_value({"when": datetime(2024, 5, 1, tzinfo=UTC), "tags": ["a"]}) == {
        "when": "2024-05-01T00:00:00Z",
        "tags": ["a"],
    }
    assert format_of("out.csv.gz", None) == ("csv", True) and format_of("x.JSON", None) == ("json", False)
    with pytest.raises(ValueError, match="contradicts"):
        format_of("out.jsonl", "csv")


@pytest.fixture
def dataset(tmp_path):
    data = tmp_path / "data"
    writer = PartitionedWriter(data / "articles", "r1")
    for i in range(3):
        writer.add(
            {
                "url": f"https://responsiblestatecraft.org/a-{i}",
                "title": f"T{i}",
                "text": "x y",
                "authors": ["Ann Smith", "O'Brien, Pat"],
                "tags": ["Iran"],
                "published_at": datetime(2024, 5, 1 + i, 10, tzinfo=UTC),
                "fetched_at": datetime(2026, 1, 1, tzinfo=UTC),
            }
        )
    writer.close()
    return data


def test_export_json_csv_gz_and_jsonl_speak_the_same_dialect(dataset, tmp_path):
    outs = {name: tmp_path / name for name in ("out.json", "out.csv.gz", "out.jsonl")}
    for out in outs.values():
        result = rs_cli("export", "--data-dir", str(dataset), str(out))
        assert result.returncode == 0, result.stderr
    array = json.loads(outs["out.json"].read_text())
    assert isinstance(array, list) and len(array) == 3
    assert pd.read_json(outs["out.json"]).shape[0] == 3
    lines = [json.loads(line) for line in outs["out.jsonl"].read_text().splitlines()]
    assert array == lines
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(outs["out.csv.gz"].read_bytes()).decode())))
    assert [json.loads(r["authors"]) for r in rows] == [a["authors"] for a in array]
    for record in array:
        assert pd.Series([record["published_at"], record["fetched_at"]]).str.match(Z).all()
    assert [r["published_at"] for r in rows] == [a["published_at"] for a in array]


def test_export_refuses_a_format_the_name_contradicts(dataset, tmp_path):
    result = rs_cli("export", "--data-dir", str(dataset), "--format", "csv", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2 and not (tmp_path / "out.jsonl").exists()
    assert "--format csv contradicts the name" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_scrapy_feeds_and_extract_speak_the_dialect(mirror_factory, tmp_path):
    server = mirror_factory(articles=5, seed=61, layout="rebelmouse")
    data = tmp_path / "data"
    feeds = {ext: tmp_path / f"feed.{ext}" for ext in ("jsonl", "csv", "json")}
    args = [x for path in feeds.values() for x in ("-O", str(path))]
    result = scrapy_crawl(server.base_url, data, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(line) for line in feeds["jsonl"].read_text().splitlines()]
    array = json.loads(feeds["json"].read_text())
    assert len(lines) == 5 and sorted(array, key=lambda r: r["url"]) == sorted(lines, key=lambda r: r["url"])
    assert all(pd.Series([r["published_at"], r["fetched_at"]]).str.match(Z).all() for r in lines)
    rows = list(csv.DictReader(feeds["csv"].open(encoding="utf-8")))
    assert all(isinstance(json.loads(r["authors"]), list) for r in rows)
    assert {r["published_at"] for r in rows} == {r["published_at"] for r in lines}
    page = tmp_path / "page.html"
    page.write_bytes(server.site.render(server.site.articles[0].path, server.base_url)[2])
    extracted = rs_cli("extract", str(page))
    assert extracted.returncode == 0, extracted.stderr
    row = json.loads(extracted.stdout)
    assert pd.Series([row["published_at"]]).str.match(Z).all()


def test_runs_json_has_machine_keys_and_numbers(mirror_factory, tmp_path):
    server = mirror_factory(articles=4, seed=62, layout="rebelmouse")
    data = tmp_path / "data"
    assert (
        rs_cli(
            "crawl",
            "--base-url",
            server.base_url,
            "--data-dir",
            str(data),
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
        ).returncode
        == 0
    )
    result = rs_cli("runs", "--json", "--data-dir", str(data))
    (run,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert isinstance(run["duration_s"], float) and isinstance(run["written_new"], int) and run["written_new"] == 4
    assert run["exit_code"] == 0 and run["status"] == "ok" and run["failed_monitors"] == []
    assert pd.Series([run["started_at"], run["finished_at"]]).str.match(Z).all()
