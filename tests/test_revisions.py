"""Revisions and one-row-per-URL storage, without a crawl: ParquetPipeline on hand-made rows, the crash windows
(a kill between the steps of a replace, or mid-compaction) and their repair."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.compaction import compact, repair_duplicates
from pipelines.revisions import REVISION_SCHEMA, RevisionLog, read_revisions
from pipelines.storage import PartitionedWriter, data_files
from rs_scraper.schema import ARTICLE_SCHEMA
from rs_scraper.verify import verify
from tests.kit.rows import T0, run_pipeline, stored_row


def articles(data) -> pd.DataFrame:
    return pd.read_parquet(data / "articles").sort_values("url").reset_index(drop=True)


def test_revision_schema_extends_the_article_schema():
    assert REVISION_SCHEMA.names[: len(ARTICLE_SCHEMA)] == ARTICLE_SCHEMA.names
    assert [(f.name, str(f.type), f.nullable) for f in REVISION_SCHEMA][len(ARTICLE_SCHEMA) :] == [
        ("revision", "int32", False),
        ("previous_hash", "string", True),
        ("revised_at", "timestamp[us, tz=UTC]", True),
    ]


def test_first_run_writes_every_row_and_its_first_revision(tmp_path):
    stats = run_pipeline(tmp_path, [stored_row(i) for i in range(3)], "r1")
    assert stats["rs/outcome/written_new"] == 3 and stats["rs/revisions/written"] == 3
    history = read_revisions(tmp_path / "revisions")
    assert history.column("revision").to_pylist() == [1, 1, 1]
    assert history.column("previous_hash").to_pylist() == [None, None, None]
    assert str(pd.read_parquet(tmp_path / "revisions")["revision"].dtype) == "int32"


def test_an_edit_replaces_the_row_and_keeps_both_versions(tmp_path):
    # two files: the replaced row shares one
    run_pipeline(tmp_path, [stored_row(i) for i in range(3)], "r1", flush_rows=2)
    later = T0 + timedelta(days=1)
    stats = run_pipeline(tmp_path, [stored_row(1, "Edited body", later, modified_at=later)], "r2")
    assert stats["rs/outcome/written_updated"] == 1 and stats["rs/superseded_rows"] == 1
    frame = articles(tmp_path)
    assert list(frame["url"]) == [f"https://x.org/a{i}" for i in range(3)]  # one row per URL, none lost
    assert frame.loc[1, "text"] == "Edited body" and frame.loc[0, "text"] == frame.loc[2, "text"] == "Body"
    history = pd.read_parquet(tmp_path / "revisions").query("url == 'https://x.org/a1'").sort_values("revision")
    assert list(history["text"]) == ["Body", "Edited body"]
    assert history["previous_hash"].iloc[1] == history["content_hash"].iloc[0]
    assert history["revised_at"].iloc[1] == later  # modified_at of the version
    assert verify(tmp_path).ok, verify(tmp_path).problems


def test_a_dataset_without_revisions_gets_its_stored_version_backfilled(tmp_path):
    writer = PartitionedWriter(tmp_path / "articles", "legacy")  # written before revisions/ existed
    writer.add(stored_row(1))
    writer.close()
    stats = run_pipeline(tmp_path, [stored_row(1, "New text", T0 + timedelta(days=2))], "r2")
    assert stats["rs/revisions/backfilled"] == 1
    history = pd.read_parquet(tmp_path / "revisions").sort_values("revision")
    assert list(history["revision"]) == [1, 2] and list(history["text"]) == ["Body", "New text"]
    assert len(articles(tmp_path)) == 1


def test_kill_between_write_and_remove_leaves_a_duplicate_that_the_next_run_repairs(tmp_path):
    run_pipeline(tmp_path, [stored_row(1), stored_row(2)], "r1")
    # the state a SIGKILL leaves after step 2 (new version written) and before step 3 (old row removed)
    writer = PartitionedWriter(tmp_path / "articles", "killed")
    writer.add(stored_row(1, "Newer", T0 + timedelta(days=1)))
    writer.close()
    assert pd.read_parquet(tmp_path / "articles")["url"].duplicated().sum() == 1
    stats = run_pipeline(tmp_path, [], "r3")  # any next run, even one that writes nothing
    assert stats["rs/repaired/duplicate_rows"] == 1
    frame = articles(tmp_path)
    assert list(frame["url"]) == ["https://x.org/a1", "https://x.org/a2"] and frame.loc[0, "text"] == "Newer"


def test_kill_after_the_revision_append_is_completed_without_a_duplicate_revision(tmp_path):
    run_pipeline(tmp_path, [stored_row(1)], "r1")
    later = T0 + timedelta(days=1)
    log = RevisionLog(tmp_path / "revisions", "killed")  # step 1 done, then killed before articles/
    log.add(stored_row(1, "Edited", later))
    log.flush()
    run_pipeline(tmp_path, [stored_row(1, "Edited", later + timedelta(hours=1))], "r3")  # the refetch of the next run
    assert articles(tmp_path)["text"].tolist() == ["Edited"]
    assert sorted(read_revisions(tmp_path / "revisions").column("revision").to_pylist()) == [1, 2]


def legacy_files(data, rows, run_id):
    """One file per row, as the pipeline wrote before AppendingStore (a file per batch)."""
    writer = PartitionedWriter(data / "articles", run_id, flush_rows=1)
    for r in rows:
        writer.add(r)
    writer.close()


def test_nightly_runs_append_to_one_file_per_partition(tmp_path):
    for n in range(4):
        run_pipeline(tmp_path, [stored_row(10 + n)], f"r{n}")
    assert len(data_files(tmp_path / "articles")) == len(data_files(tmp_path / "revisions")) == 1
    assert len(articles(tmp_path)) == 4 and verify(tmp_path).ok


def test_compaction_merges_files_and_a_kill_mid_way_is_repaired(tmp_path):
    legacy_files(tmp_path, [stored_row(10 + n) for n in range(4)], "r")
    before = articles(tmp_path)
    assert len(data_files(tmp_path / "articles")) == 4
    assert compact(tmp_path / "articles") == {"year=2024": 4}
    assert len(data_files(tmp_path / "articles")) == 1
    pd.testing.assert_frame_equal(articles(tmp_path), before)
    assert pq.read_schema(data_files(tmp_path / "articles")[0]).remove_metadata() == ARTICLE_SCHEMA.remove_metadata()
    # a kill after the merged file was written and before the old ones were removed: every row twice
    for n in range(2):
        run_pipeline(tmp_path, [stored_row(20 + n)], f"s{n}")
    merged = data_files(tmp_path / "articles")
    table = pa.concat_tables([pq.ParquetFile(p).read() for p in merged])
    writer_path = merged[0].with_name("part-compact-crashed.parquet")
    pq.write_table(table, writer_path)
    assert repair_duplicates(tmp_path / "articles") == len(table)
    assert articles(tmp_path)["url"].is_unique and len(articles(tmp_path)) == 6


def test_pipeline_compacts_a_legacy_partition_with_too_many_files(tmp_path):
    legacy_files(tmp_path, [stored_row(n) for n in range(3)], "old")
    stats = run_pipeline(tmp_path, [stored_row(5)], "r", compact_min_files=3)
    assert stats["rs/compacted/articles_files"] == 3
    assert len(data_files(tmp_path / "articles")) == len(data_files(tmp_path / "revisions")) == 1
    assert len(articles(tmp_path)) == 4 and verify(tmp_path).ok


def test_reused_run_id_never_overwrites_its_earlier_files(tmp_path):
    run_pipeline(tmp_path, [stored_row(1)], "same")
    run_pipeline(tmp_path, [stored_row(2)], "same")
    assert len(articles(tmp_path)) == 2 and len(read_revisions(tmp_path / "revisions")) == 2


def test_readers_can_ignore_a_duplicate_left_by_a_crash(tmp_path):
    from pipelines.index import read_latest

    run_pipeline(tmp_path, [stored_row(1), stored_row(2)], "r1")
    writer = PartitionedWriter(tmp_path / "articles", "killed")
    writer.add(stored_row(1, "Newer", T0 + timedelta(days=1)))
    writer.close()
    latest = read_latest(tmp_path / "articles", ["url", "text"]).to_pylist()
    assert sorted((r["url"], r["text"]) for r in latest) == [
        ("https://x.org/a1", "Newer"),
        ("https://x.org/a2", "Body"),
    ]
    assert read_latest(tmp_path / "nothing", ["url"]).num_rows == 0


def test_urls_whose_hashes_all_collide_are_never_merged_or_lost(tmp_path, monkeypatch):
    """The pipeline's in-run maps (files of each URL, this run's writes, the revision index) keep exact URLs
    (rs_scraper.compact): with every URL hashing alike, each is still stored once, updated in place and given its
    own revision chain."""
    from rs_scraper import compact

    monkeypatch.setattr(compact, "default_hash", lambda key: 99)
    first = run_pipeline(tmp_path, [stored_row(i) for i in range(12)], "r1", flush_rows=5)
    assert first["rs/outcome/written_new"] == 12 and first["rs/stored/urls"] == 12
    later = T0 + timedelta(days=1)
    edits = [stored_row(i, "Edited", later) for i in range(0, 12, 3)]
    second = run_pipeline(tmp_path, edits + [stored_row(12)], "r2", flush_rows=5)
    assert second["rs/outcome/written_updated"] == 4 and second["rs/outcome/written_new"] == 1
    frame = articles(tmp_path)
    assert sorted(frame["url"]) == sorted(f"https://x.org/a{i}" for i in range(13))
    assert frame.set_index("url")["text"].to_dict() == {
        f"https://x.org/a{i}": "Edited" if i % 3 == 0 and i < 12 else "Body" for i in range(13)
    }
    history = read_revisions(tmp_path / "revisions").to_pandas()
    chains = history.groupby("url")["revision"].apply(sorted).to_dict()
    assert chains == {f"https://x.org/a{i}": [1, 2] if i % 3 == 0 and i < 12 else [1] for i in range(13)}
    second_versions = history[history["revision"] == 2].set_index("url")["previous_hash"].to_dict()
    assert second_versions == {f"https://x.org/a{i}": stored_row(i)["content_hash"] for i in range(0, 12, 3)}


def test_a_version_stored_twice_is_repaired_and_the_other_versions_of_its_url_stay(tmp_path):
    run_pipeline(tmp_path, [stored_row(1), stored_row(2)], "r1")
    run_pipeline(tmp_path, [stored_row(1, "Second text", T0 + timedelta(days=1))], "r2")
    history = read_revisions(tmp_path / "revisions")
    assert sorted(history.column("revision").to_pylist()) == [1, 1, 2]  # a1 twice (1, 2), a2 once
    # a kill mid-compaction of revisions/: a1's revision 2 written into a second file, not yet removed
    copy = history.filter(pa.compute.equal(history.column("revision"), 2))
    pq.write_table(copy, data_files(tmp_path / "revisions")[0].with_name("rev-compact-crashed.parquet"))
    stats = run_pipeline(tmp_path, [], "r3")
    assert stats["rs/repaired/duplicate_revisions"] == 1
    after = read_revisions(tmp_path / "revisions").to_pylist()
    assert sorted((r["url"], r["revision"]) for r in after) == [
        ("https://x.org/a1", 1),
        ("https://x.org/a1", 2),
        ("https://x.org/a2", 1),
    ]


def test_repairing_a_dataset_without_duplicates_makes_no_python_object_per_row(tmp_path):
    import tracemalloc

    run_pipeline(tmp_path, [stored_row(n) for n in range(4000)], "r1", flush_rows=4000)
    tracemalloc.start()
    try:
        assert repair_duplicates(tmp_path / "articles") == 0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 400_000  # a tuple, a str and a datetime a row were ~1.5 MB here: now Arrow finds no key twice
