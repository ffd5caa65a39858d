"""The Parquet storage rules: explicit schema, atomic files, readable by pandas after any interruption."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.storage import (
    ROW_GROUP_ROWS,
    PartitionedWriter,
    data_files,
    open_dataset,
    rewrite_file,
    rows_to_table,
)
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


def test_stored_files_reads_what_open_dataset_reads(tmp_path):
    """The crawl's reader (no pyarrow.dataset) gives open_dataset's rows, order, types, year and batch paths,
    small row groups and a file of schema v1 (new columns as null) included."""
    from pipelines.latest import tagged
    from pipelines.storage import StoredFiles
    from rs_scraper.schema import schema_at

    root = tmp_path / "articles"
    writer = PartitionedWriter(root, "r", flush_rows=3)
    for i in range(8):
        writer.add(row(i, year=2020 + i % 2) if i != 5 else row(i, published_at=None))
    writer.close()
    v1 = schema_at(ARTICLE_SCHEMA, 1)
    (root / "year=2019").mkdir()
    old = rows_to_table([row(100, year=2019), row(101, year=2019)]).select(v1.names).cast(v1)
    pq.write_table(old, root / "year=2019" / "part-old-00000.parquet", row_group_size=1)
    dataset, stored = open_dataset(root), StoredFiles(root)
    for columns in (None, ["url"], ["year", "url", "word_count"]):
        assert stored.to_table(columns).equals(dataset.to_table(columns=columns), check_metadata=True)
    ours = [(p, b.to_pylist()) for p, b in tagged(stored, ["url", "fetched_at"], batch_size=2)]
    theirs = [(p, b.to_pylist()) for p, b in tagged(dataset, ["url", "fetched_at"], batch_size=2)]
    assert [(p, r) for p, rows in ours for r in rows] == [(p, r) for p, rows in theirs for r in rows]


def test_stored_files_names_the_file_it_cannot_read(tmp_path):
    from pipelines.storage import StoredFiles

    writer = PartitionedWriter(tmp_path, "r", flush_rows=10)
    writer.add(row(1))
    writer.close()
    bad = tmp_path / "year=2024" / "part-r-00009.parquet"
    bad.write_bytes(b"PAR1\x00\x01garbage")
    with pytest.raises(pa.ArrowInvalid, match="Could not open Parquet input source .*part-r-00009"):
        StoredFiles(tmp_path).to_table(["url"])
    with pytest.raises(pa.ArrowInvalid, match="Could not open Parquet input source .*part-r-00009"):
        open_dataset(tmp_path).to_table(columns=["url"])


def test_a_file_appended_batch_after_batch_keeps_small_row_groups(tmp_path):
    """A rewrite decodes one row group at a time, so its memory is bounded by the group, never by the file: a
    file appended to 62 rows at a time (a batch spread over 8 years), or one written with a single big group by
    an older version, ends up in groups of at most ROW_GROUP_ROWS, its rows intact and in order."""
    path = tmp_path / "articles" / "year=2020" / "part-r-00000.parquet"
    path.parent.mkdir(parents=True)
    pq.write_table(rows_to_table([row(i) for i in range(400)]), path, row_group_size=400)  # an old big group
    for batch in range(6):
        rewrite_file(path, tmp_path, ARTICLE_SCHEMA, add=[row(400 + batch * 62 + i) for i in range(62)])
        groups = [pq.read_metadata(path).row_group(g).num_rows for g in range(pq.read_metadata(path).num_row_groups)]
        assert max(groups) <= ROW_GROUP_ROWS and sum(groups) == 400 + 62 * (batch + 1)
    assert pq.read_table(path).column("url").to_pylist() == [row(i)["url"] for i in range(400 + 6 * 62)]


def _peak_heap_reading(path) -> tuple[int, int]:
    """(rows, the C heap's high-water mark above its level at the first batch, sampled at every batch) while
    StoredFiles streams ``path``. The C heap, not Arrow's pool: what the Parquet reader keeps per row group is
    allocated outside it."""
    from pipelines.storage import StoredFiles
    from rs_scraper.memory import heap_in_use

    assert heap_in_use() is not None, "needs glibc's mallinfo2"
    schema = pq.read_schema(path)
    first = peak = None
    rows = 0
    for _, batch in StoredFiles(path.parent, schema, [path], hive=False).batches(schema.names[:3], 4096):
        rows += batch.num_rows
        now = heap_in_use()
        first = now if first is None else first  # by then the footer (every group's metadata) is read
        peak = max(peak or now, now)
    return rows, peak - first


def test_streaming_a_file_of_many_row_groups_holds_one_groups_worth(tmp_path):
    """Memory flat in the file's size (issue 14): a WARC index is one file of every capture, in groups of 2048
    rows. One Parquet reader over a whole file kept state of every group it passed (a 200,000-row index of 14
    columns: +10.7 MiB of C heap at its end, against +2.2 with a reader per group)."""

    def written(name: str, groups: int):
        rows = 2048 * groups
        columns = {
            f"c{k}": pa.array([f"https://example.org/{k}/{i:08d}/" for i in range(rows)], pa.string())
            for k in range(12)
        }
        path = tmp_path / name / "part.parquet"
        path.parent.mkdir()
        pq.write_table(pa.table(columns), path, row_group_size=2048, compression="zstd")
        return path

    small_rows, small = _peak_heap_reading(written("small", 4))
    big_rows, big = _peak_heap_reading(written("big", 60))
    assert (small_rows, big_rows) == (4 * 2048, 60 * 2048)
    assert big < 1.5 * small + 128 * 1024, (small, big)
