"""The Parquet storage rules: explicit schema, atomic files, readable by pandas after any interruption."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.storage import PartitionedWriter, data_files, open_dataset, rows_to_table
from rs_scraper.schema import ARTICLE_SCHEMA
from tests.kit.rows import row


def test_all_null_batch_keeps_the_schema_types():
    table = rows_to_table([{"url": "u"}])
    assert table.schema == ARTICLE_SCHEMA
    assert table.schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("authors").type == pa.list_(pa.string())


def test_partitioned_by_year_and_flushed_every_n_rows(tmp_path):
    writer = PartitionedWriter(tmp_path / "articles", "run1", flush_rows=3)
    for i in range(7):
        writer.add(row(i, year=2020 + i % 2))
    assert writer.rows_written == 6 and len(writer.buffer) == 1  # two flushes happened, one row waits
    writer.close()
    assert {p.parent.name for p in data_files(tmp_path / "articles")} == {"year=2020", "year=2021"}
    frame = pd.read_parquet(tmp_path / "articles")
    assert len(frame) == 7
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert sorted(frame["year"].astype(int).unique()) == [2020, 2021]


def test_rows_without_date_are_kept_in_year_0(tmp_path):
    writer = PartitionedWriter(tmp_path, "r", flush_rows=10)
    writer.add(row(1, published_at=None))
    writer.add(row(2))
    writer.close()
    frame = pd.read_parquet(tmp_path)
    assert len(frame) == 2 and 0 in set(frame["year"].astype(int))


def test_a_partial_temporary_file_does_not_break_reading(tmp_path):
    writer = PartitionedWriter(tmp_path, "r", flush_rows=10)
    writer.add(row(1))
    writer.close()
    # a crawl killed mid-write leaves a truncated temporary file behind
    (tmp_path / "year=2024" / "_tmp-deadbeef-part-r-00001.parquet").write_bytes(b"PAR1\x00\x01garbage")
    assert len(pd.read_parquet(tmp_path)) == 1
    assert len(open_dataset(tmp_path).to_table()) == 1


def test_reruns_append_new_files(tmp_path):
    for run in ("run-a", "run-b"):
        writer = PartitionedWriter(tmp_path, run, flush_rows=10)
        writer.add(row(run == "run-b"))
        writer.close()
    names = sorted(p.name for p in data_files(tmp_path))
    assert names == ["part-run-a-00000.parquet", "part-run-b-00000.parquet"]


def test_files_carry_the_explicit_schema(tmp_path):
    writer = PartitionedWriter(tmp_path, "r", flush_rows=1)
    writer.add(row(1, modified_at=None, subtitle=None))
    schema = pq.read_schema(data_files(tmp_path)[0])
    assert schema.remove_metadata() == ARTICLE_SCHEMA.remove_metadata()


def test_sweep_removes_only_partial_files(tmp_path):
    from pipelines.storage import sweep_partial_files

    writer = PartitionedWriter(tmp_path / "articles", "r", flush_rows=10)
    writer.add(row(1))
    writer.close()
    leftover = tmp_path / "articles" / "year=2024" / "_tmp-0badc0de-part-r-00001.parquet"
    leftover.write_bytes(b"PAR1 half a file")
    manifest_leftover = tmp_path / "runs" / "_tmp-r.json"
    manifest_leftover.parent.mkdir()
    manifest_leftover.write_text("{")
    assert sorted(sweep_partial_files(tmp_path)) == sorted([leftover, manifest_leftover])
    assert not leftover.exists() and len(data_files(tmp_path / "articles")) == 1
    assert len(pd.read_parquet(tmp_path / "articles")) == 1
