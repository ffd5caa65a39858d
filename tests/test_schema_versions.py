"""A schema that can grow: every file carries its schema version, every reader accepts the older ones, the crawl
brings them up to date, and ``rs-scraper migrate`` applies what only it may (type changes).

tests/fixtures/datadir_v1/ is a data dir written by the code before versions existed (commit 826b717, schema v1:
19 columns, no version in the files; ``make.py`` beside it says how). V1_COLUMNS pins that schema here, apart
from the declaration, so a change to an old column cannot slip through as a "new version".
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.index import load_index, read_latest
from pipelines.migration import MigrationNeeded, plan, upgrade
from pipelines.revisions import REVISION_FIELDS, REVISION_SCHEMA, read_revisions
from pipelines.storage import data_files, read_columns
from rs_scraper import schema as schema_module
from rs_scraper.schema import ARTICLE_SCHEMA, SCHEMA_VERSION, VERSION_KEY, TypeChange, file_version, schema_at
from rs_scraper.verify import preflight, verify
from tests.kit.runs import SITE_URL, rs_cli
from tests.test_structured_body import joined

FIXTURE = Path(__file__).parent / "fixtures" / "datadir_v1"
TS = pa.timestamp("us", tz="UTC")
V1_COLUMNS = [
    ("url", pa.string(), False),
    ("title", pa.string(), True),
    ("subtitle", pa.string(), True),
    ("authors", pa.list_(pa.string()), True),
    ("published_at", TS, True),
    ("modified_at", TS, True),
    ("article_type", pa.string(), True),
    ("section", pa.string(), True),
    ("tags", pa.list_(pa.string()), True),
    ("text", pa.string(), True),
    ("word_count", pa.int32(), True),
    ("image_url", pa.string(), True),
    ("image_credit", pa.string(), True),
    ("language", pa.string(), True),
    ("content_hash", pa.string(), True),
    ("fetched_at", TS, True),
    ("run_id", pa.string(), True),
    ("parser_version", pa.string(), True),
    ("extraction_method", pa.string(), True),
]
V1 = pa.schema([pa.field(n, t, nullable=k) for n, t, k in V1_COLUMNS])
NEW = [n for n in ARTICLE_SCHEMA.names if n not in V1.names]
LOOPBACK = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


@pytest.fixture
def v1_dir(tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data, ignore=shutil.ignore_patterns("*.py", "*.md"))
    return data


def _versions(root: Path) -> set[int]:
    return {file_version(pq.read_schema(p)) for p in data_files(root)}


def _v1_rows(root: Path) -> list[dict]:
    return sorted(
        (r for p in data_files(root) for r in pq.read_table(p).to_pylist()),
        key=lambda r: (r["url"], r.get("revision") or 0),
    )


# ------------------------------------------------------------------------------------------------ versions
def test_the_declaration_keeps_v1_as_it_was_and_only_appends():
    assert schema_at(ARTICLE_SCHEMA, 1).remove_metadata() == V1
    assert ARTICLE_SCHEMA.names[: len(V1)] == V1.names  # new columns are appended, never inserted
    assert SCHEMA_VERSION >= 2 and NEW and all(ARTICLE_SCHEMA.field(n).nullable for n in NEW)
    assert ARTICLE_SCHEMA.metadata[VERSION_KEY] == str(SCHEMA_VERSION).encode()
    assert REVISION_SCHEMA.metadata[VERSION_KEY] == str(SCHEMA_VERSION).encode()
    assert schema_at(REVISION_SCHEMA, 1).names == V1.names + [f.name for f in REVISION_FIELDS]


def test_the_fixture_is_v1_as_written_before_versions_existed():
    for path in data_files(FIXTURE / "articles"):
        stored = pq.read_schema(path)
        assert VERSION_KEY not in (stored.metadata or {}) and file_version(stored) == 1
        assert stored.remove_metadata() == V1


def test_every_file_written_now_carries_the_version(tmp_path):
    from pipelines.storage import PartitionedWriter

    writer = PartitionedWriter(tmp_path / "articles", "r1")
    writer.add({"url": "https://x.org/a", "title": "T", "text": "t"})
    (path,) = writer.close()
    assert pq.read_metadata(path).metadata[VERSION_KEY] == str(SCHEMA_VERSION).encode()


@pytest.mark.parametrize("raw, problem", [(b"x", "unreadable schema version"), (b"99", "newer than this")])
def test_a_file_of_an_unknown_version_is_refused(v1_dir, raw, problem):
    path = data_files(v1_dir / "articles")[0]
    table = pq.read_table(path)
    pq.write_table(table.replace_schema_metadata({**(table.schema.metadata or {}), VERSION_KEY: raw}), path)
    assert any(problem in str(p) for p in preflight(v1_dir))
    assert not verify(v1_dir).ok


# ------------------------------------------------------------------------------------------------ readers
def test_our_readers_accept_v1_and_read_new_columns_as_null(v1_dir):
    stored = _v1_rows(v1_dir / "articles")
    table = read_latest(v1_dir / "articles")
    assert table.schema.names == ARTICLE_SCHEMA.names and table.num_rows == len(stored) == 4
    got = sorted(table.to_pylist(), key=lambda r: r["url"])
    for old, new in zip(stored, got, strict=True):
        assert {k: new[k] for k in V1.names} == old and all(new[k] is None for k in NEW)
    assert set(load_index(v1_dir / "articles")) == {r["url"] for r in stored}
    assert read_columns(v1_dir / "articles", ["url", "published_date"]).column("published_date").null_count == 4
    assert read_revisions(v1_dir / "revisions").num_rows == 4
    assert preflight(v1_dir) == []
    report = verify(v1_dir)
    assert report.ok, report.problems
    assert f"schema v1: the next crawl or rs-scraper migrate brings it to v{SCHEMA_VERSION}" in report.summary()


# ------------------------------------------------------------------------------------------------ migrate
def test_migrate_brings_v1_up_to_date_losing_nothing_and_is_idempotent(v1_dir):
    before = {name: _v1_rows(v1_dir / name) for name in ("articles", "revisions")}
    dry = rs_cli("migrate", "--dry-run", str(v1_dir))
    assert dry.returncode == 0 and "would rewrite 2 of 2 files of articles/" in dry.stdout
    assert _versions(v1_dir / "articles") == {1}  # the dry run changed nothing
    first = rs_cli("migrate", str(v1_dir))
    assert first.returncode == 0, first.stderr
    assert (
        f"migrated 2 of 2 files of articles/ and 2 of 2 files of revisions/ to schema v{SCHEMA_VERSION}" in first.stdout
    )
    for name, schema in (("articles", ARTICLE_SCHEMA), ("revisions", REVISION_SCHEMA)):
        assert _versions(v1_dir / name) == {SCHEMA_VERSION}
        for path in data_files(v1_dir / name):
            assert pq.read_schema(path).remove_metadata() == schema.remove_metadata()
        rows = sorted(
            (r for p in data_files(v1_dir / name) for r in pq.read_table(p).to_pylist()),
            key=lambda r: (r["url"], r.get("revision") or 0),
        )
        assert [{k: r[k] for k in before[name][0]} for r in rows] == before[name]  # every value kept
        assert all(r[k] is None for r in rows for k in NEW)
    assert not list(v1_dir.rglob("_tmp-*"))
    again = rs_cli("migrate", "--data-dir", str(v1_dir))
    assert again.returncode == 0 and "already at schema" in again.stdout
    assert verify(v1_dir).ok and "schema v1" not in verify(v1_dir).summary()


def test_an_interrupted_migrate_loses_nothing_and_a_rerun_finishes(v1_dir, monkeypatch):
    import pipelines.migration as migration

    real, calls = migration.upgrade_file, []

    def dies_on_the_second_file(path, current):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt  # killed between two files
        return real(path, current)

    monkeypatch.setattr(migration, "upgrade_file", dies_on_the_second_file)
    with pytest.raises(KeyboardInterrupt):
        upgrade(v1_dir / "articles", ARTICLE_SCHEMA)
    assert _versions(v1_dir / "articles") == {1, SCHEMA_VERSION}  # one file done, one not
    assert read_latest(v1_dir / "articles").num_rows == 4  # our readers see every row meanwhile
    report = verify(v1_dir)
    assert not report.ok and "mixed" in str(report.problems[0])  # third-party readers would not: said so
    monkeypatch.setattr(migration, "upgrade_file", real)
    assert rs_cli("migrate", str(v1_dir)).returncode == 0
    assert verify(v1_dir).ok and read_latest(v1_dir / "articles").num_rows == 4


def test_migrate_waits_for_the_crawl_lock_and_refuses_a_corrupt_file(v1_dir):
    from rs_scraper.locking import CrawlLock, lock_path

    with CrawlLock(lock_path(v1_dir)):
        locked = rs_cli("migrate", str(v1_dir))
    assert locked.returncode == 75 and "another crawl is running" in locked.stderr
    assert _versions(v1_dir / "articles") == {1}
    data_files(v1_dir / "revisions")[0].write_bytes(b"PAR1 cut short")
    broken = rs_cli("migrate", str(v1_dir))
    assert broken.returncode == 1 and "nothing was changed" in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1 and _versions(v1_dir / "articles") == {1}
    assert rs_cli("migrate", str(v1_dir / "nowhere")).returncode == 2


def test_a_type_change_waits_for_migrate_which_converts_it(v1_dir, monkeypatch):
    # a declared change: before v2, word_count was int64 (a pretend history: only the mechanism is tested)
    monkeypatch.setattr(schema_module, "TYPE_CHANGES", (TypeChange(2, "word_count", pa.int64()),))
    for path in data_files(v1_dir / "articles") + data_files(v1_dir / "revisions"):
        table = pq.read_table(path)
        pq.write_table(
            table.set_column(
                table.schema.get_field_index("word_count"), "word_count", table.column("word_count").cast(pa.int64())
            ),
            path,
        )
    counts = sorted(read_latest(v1_dir / "articles").column("word_count").to_pylist())
    problems = [str(p) for p in preflight(v1_dir)]
    assert problems and all("word_count changes type" in p and "rs-scraper migrate" in p for p in problems)
    with pytest.raises(MigrationNeeded, match="run rs-scraper migrate"):
        upgrade(v1_dir / "articles", ARTICLE_SCHEMA)  # what a crawl does: it refuses, changing nothing
    assert len(plan(v1_dir / "articles").change_types) == 2
    from rs_scraper.cli import migrate_cmd

    args = migrate_cmd_args(v1_dir)
    assert migrate_cmd.run(args) == 0
    assert preflight(v1_dir) == [] and verify(v1_dir).ok
    assert sorted(read_latest(v1_dir / "articles").column("word_count").to_pylist()) == counts
    assert all(pq.read_schema(p).field("word_count").type == pa.int32() for p in data_files(v1_dir / "articles"))


def migrate_cmd_args(data_dir: Path):
    import argparse

    return argparse.Namespace(data_dir=str(data_dir), data_dir_option=None, dry_run=False)


# ------------------------------------------------------------------------------------------------ crawl
def _readers_see(data: Path) -> dict[str, set]:
    """The columns pandas, DuckDB and Polars find in articles/ (each the way data/README.md shows)."""
    glob = f"{data}/articles/*/[!_]*.parquet"
    return {
        "pandas": set(pd.read_parquet(data / "articles").columns),
        "duckdb": {
            d[0] for d in duckdb.sql(f"SELECT * FROM read_parquet('{glob}', hive_partitioning = true)").description
        },
        "polars": set(pl.scan_parquet(glob, hive_partitioning=True).collect_schema().names()),
    }


def _downgrade_to_v1(data: Path) -> None:
    """Rewrite every file as the code before versions wrote it: the v1 columns only, no version key."""
    for name, extra in (("articles", []), ("revisions", REVISION_FIELDS)):
        v1 = pa.schema(list(V1) + list(extra))
        for path in data_files(data / name):
            pq.write_table(pq.read_table(path).select(v1.names).cast(v1), path, compression="zstd")


def test_a_v1_data_dir_is_crawled_by_new_code_gaining_the_new_columns(mirror_factory, tmp_path):
    # 12 articles: the feed lists the 10 newest; the one edited is an old one, found through its sitemap
    server = mirror_factory(articles=12, seed=21, layout="rebelmouse")
    data = tmp_path / "data"
    crawl = ["crawl", "--base-url", server.base_url, "--data-dir", str(data), *LOOPBACK]
    assert rs_cli(*crawl).returncode == 0
    _downgrade_to_v1(data)
    old = {r["url"]: r for r in _v1_rows(data / "articles")}
    assert _versions(data / "articles") == {1} and len(old) == 12 and verify(data).ok
    edited = server.site.update_article(11, when=datetime.now(UTC))
    url = edited.expected(SITE_URL)["url"]  # stored on the site's origin, whatever port the mirror is on

    second = rs_cli(*crawl)
    assert second.returncode == 0, second.stderr[-2000:]  # no refusal
    assert _versions(data / "articles") == _versions(data / "revisions") == {SCHEMA_VERSION}
    frame = pd.read_parquet(data / "articles")
    assert sorted(frame["url"]) == sorted(old)  # no row lost, none doubled
    for row in frame.to_dict("records"):
        if row["url"] != url:  # unchanged, not refetched: old values kept, new columns null
            assert row["content_hash"] == old[row["url"]]["content_hash"] and pd.isna(row["published_date"])
    fresh = frame[frame["url"] == url].iloc[0]
    assert fresh["text"] == edited.expected(server.base_url)["text"]
    assert fresh["published_date"] == edited.expected(server.base_url)["published_date"]
    assert fresh["published_precision"] in ("minute", "day") and len(fresh["author_urls"]) == len(fresh["authors"])
    history = pd.read_parquet(data / "revisions").query("url == @url").sort_values("revision")
    assert list(history["revision"]) == [1, 2]
    report = verify(data)
    assert report.ok, report.problems
    for reader, columns in _readers_see(data).items():
        assert set(ARTICLE_SCHEMA.names) <= columns, reader


def test_the_committed_v1_fixture_is_crawled_without_refusal(mirror_factory, v1_dir):
    server = mirror_factory(articles=4, seed=13, layout="rebelmouse")
    # the fixture stored its URLs under the mirror's base (before RS_SITE_URL): the crawl moves them onto the site
    from rs_scraper.datadir import on_site

    stored = {on_site(r["url"], SITE_URL): r for r in _v1_rows(v1_dir / "articles")}
    result = rs_cli("crawl", "--base-url", server.base_url, "--data-dir", str(v1_dir), *LOOPBACK)
    assert result.returncode == 0, result.stderr[-2000:]
    frame = pd.read_parquet(v1_dir / "articles")
    assert set(stored) <= set(frame["url"])  # every stored row kept
    kept = frame[frame["url"].isin(list(stored))]
    assert list(kept.sort_values("url")["content_hash"]) == [stored[u]["content_hash"] for u in sorted(stored)]
    crawled = frame[~frame["url"].isin(list(stored))]
    assert len(crawled) and crawled["published_date"].map(lambda d: isinstance(d, date)).all()
    assert verify(v1_dir).ok
    for reader, columns in _readers_see(v1_dir).items():
        assert set(ARTICLE_SCHEMA.names) <= columns, reader


# ------------------------------------------------------------------------------------------------ v2 -> v3
FIXTURE_V2 = Path(__file__).parent / "fixtures" / "datadir_v2"
V3 = [n for n in ARTICLE_SCHEMA.names if n not in schema_at(ARTICLE_SCHEMA, 2).names]


@pytest.fixture
def v2_dir(tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_V2, data, ignore=shutil.ignore_patterns("*.py", "*.md"))
    return data


def test_the_v2_fixture_is_v2_and_read_with_the_v3_columns_null(v2_dir):
    assert SCHEMA_VERSION >= 3 and {"blocks", "text_markdown", "links", "images"} <= set(V3)
    for path in data_files(FIXTURE_V2 / "articles"):
        stored = pq.read_schema(path)
        assert file_version(stored) == 2
        assert stored.remove_metadata() == schema_at(ARTICLE_SCHEMA, 2).remove_metadata()
    stored = _v1_rows(v2_dir / "articles")
    got = sorted(read_latest(v2_dir / "articles").to_pylist(), key=lambda r: r["url"])
    assert len(got) == len(stored) == 4
    for old, new in zip(stored, got, strict=True):
        assert {k: new[k] for k in old} == old and all(new[k] is None for k in V3)
    assert all(r["published_date"] is not None for r in stored)  # v2 values, kept as they are
    report = verify(v2_dir)
    assert report.ok, report.problems
    assert f"schema v2: the next crawl or rs-scraper migrate brings it to v{SCHEMA_VERSION}" in report.summary()


def test_migrate_brings_v2_up_to_date_losing_nothing(v2_dir):
    before = _v1_rows(v2_dir / "articles")
    result = rs_cli("migrate", str(v2_dir))
    assert result.returncode == 0, result.stderr
    assert _versions(v2_dir / "articles") == _versions(v2_dir / "revisions") == {SCHEMA_VERSION}
    after = _v1_rows(v2_dir / "articles")
    assert [{k: r[k] for k in before[0]} for r in after] == before
    assert all(r[k] is None for r in after for k in V3) and verify(v2_dir).ok


def test_the_committed_v2_fixture_is_crawled_gaining_the_structured_body(mirror_factory, v2_dir):
    server = mirror_factory(articles=4, seed=13, layout="rebelmouse")
    stored = {r["url"]: r for r in _v1_rows(v2_dir / "articles")}
    result = rs_cli("crawl", "--base-url", server.base_url, "--data-dir", str(v2_dir), *LOOPBACK)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _versions(v2_dir / "articles") == _versions(v2_dir / "revisions") == {SCHEMA_VERSION}
    frame = pd.read_parquet(v2_dir / "articles")
    assert set(stored) <= set(frame["url"])  # every stored row kept, its values too
    for row in frame[frame["url"].isin(list(stored))].to_dict("records"):
        assert row["content_hash"] == stored[row["url"]]["content_hash"]
        assert row["published_date"] == stored[row["url"]]["published_date"]
    crawled = frame[~frame["url"].isin(list(stored))]
    assert len(crawled)
    for row in crawled.to_dict("records"):
        assert len(row["blocks"]) and row["text_markdown"] and row["links"] is not None
        assert joined(row["blocks"]) == row["text"]
    report = verify(v2_dir)
    assert report.ok, report.problems
    for reader, columns in _readers_see(v2_dir).items():
        assert set(ARTICLE_SCHEMA.names) <= columns, reader


def test_reparse_fills_the_structured_body_of_v2_rows_from_their_archive(v2_dir):
    # the archive is what makes old rows better: no refetch, the stored captures parsed by the new parser
    before = {r["url"]: r for r in _v1_rows(v2_dir / "articles")}
    result = rs_cli("reparse", "--data-dir", str(v2_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    after = {r["url"]: r for r in read_latest(v2_dir / "articles").to_pylist()}
    assert set(after) == set(before)
    for url, row in after.items():
        assert row["text"] == before[url]["text"] and row["fetched_at"] == before[url]["fetched_at"]
        assert row["blocks"] and row["text_markdown"] and row["links"] is not None and row["images"] is not None
        assert joined(row["blocks"]) == row["text"]
    assert any(row["links"] for row in after.values())
    assert verify(v2_dir).ok
