"""``rs-scraper verify``: every problem of a data directory reported with its file, OK summary otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.storage import PartitionedWriter, rows_to_table, write_table_atomic
from rs_scraper.schema import ARTICLE_SCHEMA
from rs_scraper.verify import schema_differences, verify
from tests.kit.rows import row
from tests.kit.runs import rs_cli


def make_dataset(data_dir: Path, n: int = 6, run_id: str = "run1") -> Path:
    writer = PartitionedWriter(data_dir / "articles", run_id, flush_rows=2)
    for i in range(n):
        writer.add(row(i, year=2020 + i % 3))
    writer.close()
    runs = data_dir / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    (runs / f"{run_id}.json").write_text(json.dumps({"run_id": run_id, "counts": {"rs/written": n}}))
    return data_dir


def test_clean_dataset_is_ok_with_a_one_line_summary(tmp_path):
    make_dataset(tmp_path)
    result = rs_cli("verify", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK ")
    assert lines[0] == f"OK {tmp_path}: articles: 6 files, 6 rows, 3 partitions; 1 run manifests"


def test_planted_partial_file_and_duplicate_url_are_both_reported(tmp_path):
    """The WHAT-IT-MUST-SHOW case: one run of verify reports both problems, each with its file."""
    make_dataset(tmp_path)
    partial = tmp_path / "articles" / "year=2024" / "_tmp-deadbeef-part-x-00009.parquet"
    partial.parent.mkdir(parents=True, exist_ok=True)
    full = pa.BufferOutputStream()
    pq.write_table(rows_to_table([row(99)]), full)
    partial.write_bytes(full.getvalue().to_pybytes()[:100])  # what a SIGKILL mid-write leaves
    dup = write_table_atomic(rows_to_table([row(1, year=2021)]), tmp_path / "articles" / "year=2021" / "dup.parquet")

    result = rs_cli("verify", str(tmp_path))
    assert result.returncode == 1
    out = result.stdout
    assert f"{partial}: leftover partial file" in out
    dup_lines = [line for line in out.splitlines() if "duplicate url https://x.org/a1 " in line]
    assert len(dup_lines) == 1 and str(dup) in dup_lines[0]  # names both files: where it is and where else
    assert str(dup.parent / "part-run1-00001.parquet") in dup_lines[0]
    assert result.stderr.strip().splitlines() == [f"rs-scraper verify: error: 2 problem(s) in {tmp_path}"]
    assert "Traceback" not in out + result.stderr


def test_schema_mismatch_is_reported_column_by_column(tmp_path):
    make_dataset(tmp_path)
    bad = pa.table({"url": ["https://x.org/z"], "title": [1], "published_at": pa.array([None], pa.timestamp("ms"))})
    path = tmp_path / "articles" / "year=0" / "bad.parquet"
    path.parent.mkdir()
    pq.write_table(bad, path)
    report = verify(tmp_path)
    messages = [str(p) for p in report.problems if p.path == path]
    assert any("missing columns subtitle, authors" in m for m in messages)
    assert any("column title is int64, expected string" in m for m in messages)
    assert any("column published_at is timestamp[ms], expected timestamp[us, tz=UTC]" in m for m in messages)


def test_unreadable_file_and_foreign_file_are_reported(tmp_path):
    make_dataset(tmp_path)
    broken = tmp_path / "articles" / "year=2020" / "part-broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    foreign = tmp_path / "articles" / "notes.txt"
    foreign.write_text("hello")
    report = verify(tmp_path)
    text = "\n".join(map(str, report.problems))
    assert f"{broken}: unreadable Parquet file" in text
    assert f"{foreign}: not a Parquet file" in text


def test_row_in_the_wrong_partition_is_reported(tmp_path):
    make_dataset(tmp_path)
    path = write_table_atomic(rows_to_table([row(50, year=2019)]), tmp_path / "articles" / "year=2022" / "p.parquet")
    report = verify(tmp_path)
    assert [str(p) for p in report.problems] == [f"{path}: rows published in 2019 stored under year=2022"]


def test_manifest_problems(tmp_path):
    make_dataset(tmp_path)
    runs = tmp_path / "runs"
    (runs / "r2.json").write_text("{not json")
    (runs / "r3.json").write_text(json.dumps({"run_id": "other", "counts": {}}))
    (runs / "_tmp-r4.json").write_text("{")
    text = "\n".join(map(str, verify(tmp_path).problems))
    assert f"{runs / 'r2.json'}: unreadable run manifest (JSONDecodeError" in text
    assert f"{runs / 'r3.json'}: run manifest names run 'other'" in text
    assert f"{runs / '_tmp-r4.json'}: leftover partial file" in text


def test_revisions_are_checked_when_present(tmp_path):
    from pipelines.revisions import REVISION_SCHEMA

    make_dataset(tmp_path)
    revisions = tmp_path / "revisions" / "year=2024"
    revisions.mkdir(parents=True)
    versions = [row(1, revision=1), row(1, revision=2), row(2, revision=1), row(2, revision=1)]
    path = write_table_atomic(rows_to_table(versions, REVISION_SCHEMA), revisions / "a.parquet")
    (revisions / "_tmp-x.parquet").write_bytes(b"PAR1")
    problems = [str(p) for p in verify(tmp_path).problems]
    assert sorted(problems) == [  # a URL may repeat across revisions, a (url, revision) pair may not
        f"{revisions / '_tmp-x.parquet'}: leftover partial file (a write was interrupted before its rename; delete it)",
        f"{path}: duplicate url https://x.org/a2 revision 1 (twice in this file)",
    ]
    assert verify(tmp_path).partitions >= {"revisions/year=2024"}


def test_exact_schema_has_no_differences():
    assert schema_differences(ARTICLE_SCHEMA, ARTICLE_SCHEMA) == []
    loose = pa.schema([f.with_nullable(True) for f in ARTICLE_SCHEMA])
    assert schema_differences(loose, ARTICLE_SCHEMA) == ["schema: column url nullable=True, expected nullable=False"]


@pytest.mark.parametrize("setup", ["missing", "file", "empty"])
def test_bad_data_dir_is_one_line(tmp_path, setup):
    target = tmp_path / "d"
    if setup == "file":
        target.write_text("x")
    elif setup == "empty":
        target.mkdir()
    result = rs_cli("verify", str(target))
    assert result.returncode == (1 if setup == "empty" else 2)
    out = (result.stdout + result.stderr).strip().splitlines()
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert len(out) == (2 if setup == "empty" else 1)  # empty: the problem line (stdout) and the verdict


def test_preflight_finds_what_would_break_a_crawl_without_reading_rows(tmp_path):
    from rs_scraper.verify import preflight

    make_dataset(tmp_path)
    assert preflight(tmp_path) == [] and preflight(tmp_path / "nowhere") == []
    broken = tmp_path / "articles" / "year=2020" / "part-broken.parquet"
    broken.write_bytes(b"PAR1 nope")
    (tmp_path / "articles" / "year=2020" / "_tmp-x.parquet").write_bytes(b"PAR1")  # invisible to readers
    problems = [str(p) for p in preflight(tmp_path)]
    assert len(problems) == 1 and problems[0].startswith(f"{broken}: unreadable Parquet file (ArrowInvalid: ")
