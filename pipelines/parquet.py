"""Parquet storage stage: ``articles/`` keeps one row per URL (the latest version), ``revisions/`` every version.

Per batch of ``RS_PARQUET_FLUSH_ROWS`` rows, in this order (each file is replaced whole and atomically, see
pipelines.storage.AppendingStore):
1. the new versions are appended to ``revisions/`` (a version already latest there is not added again);
2. ``articles/``: a new URL is appended to its partition's open file; an updated URL is swapped inside the file
   that holds it, so at every instant it is in exactly one file (a reader racing the crawl never misses it nor
   sees it twice); only a URL whose publication year changed is added to its new partition first and removed
   from the old one after;
3. a snapshot of both datasets is published (pipelines.snapshots: hard links and an atomic ``CURRENT``), the
   reading recipe that is exact even across that last case.
A kill between 1 and 2 leaves articles/ one version behind: the next run refetches the page (its sitemap lastmod
differs from the stored one) and completes the write. A kill inside step 2 leaves some files rewritten and
some not (each URL still once), or a partition-changing URL twice: ``open_spider`` of the next run repairs that
before anything else (the newest fetch wins).

Outcome stats (the run manifest's reconciliation): ``rs/outcome/written_new``, ``rs/outcome/written_updated``
and ``rs/outcome/unchanged_refetch`` (only when RS_DEDUPE_STORED is off: the row is replaced, no revision).
Field coverage of written rows: ``rs/coverage/<field>`` (rows where the field is non-empty).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from pipelines import snapshots
from pipelines.base import Stage, row_of
from pipelines.compaction import UrlFiles, compact, read_file, repair_duplicates, url_files
from pipelines.index import Written, load_index
from pipelines.latest import rank
from pipelines.migration import upgrade
from pipelines.revisions import REVISION_SCHEMA, RevisionLog
from pipelines.storage import (  # noqa: F401
    FILE_ROWS,
    AppendingStore,
    next_seq,
    partition_of,
    release_unused_memory,
    sweep_partial_files,
)
from rs_scraper import fortress
from rs_scraper import statkeys as sk
from rs_scraper.compact import crawl_keys
from rs_scraper.items import PAGE_FIELDS
from rs_scraper.locking import CrawlLock, lock_path
from rs_scraper.runinfo import STORAGE_ERROR_KEY, run_id_of
from rs_scraper.schema import ARTICLE_SCHEMA
from rs_scraper.spill import crawl_scratch

log = logging.getLogger(__name__)


class ParquetPipeline(Stage):
    def __init__(
        self,
        stats=None,
        crawler=None,
        data_dir: str | Path = "data",
        flush_rows: int = 500,
        compact_min_files: int = 0,
        run_id: str | None = None,
        file_rows: int = FILE_ROWS,
        snapshot_grace: float = 3600,
    ) -> None:
        super().__init__(stats)
        self.crawler = crawler
        self.data_dir = Path(data_dir)
        self.articles_dir = Path(data_dir) / "articles"
        self.revisions_dir = Path(data_dir) / "revisions"
        self.flush_rows = max(1, int(flush_rows))
        self.compact_min_files = compact_min_files
        self.run_id = run_id
        self.file_rows = file_rows
        self.snapshot_grace = snapshot_grace
        self.store: AppendingStore | None = None
        self.lock: CrawlLock | None = None
        self.failed = False
        self.revlog: RevisionLog | None = None
        self.batch: list[dict] = []
        self.stored = Written()
        self.where = UrlFiles()

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            crawler.stats,
            crawler,
            settings.get("RS_DATA_DIR"),
            settings.getint("RS_PARQUET_FLUSH_ROWS"),
            settings.getint("RS_COMPACT_MIN_FILES", 0),
            file_rows=settings.getint("RS_PARQUET_FILE_ROWS", FILE_ROWS),
            snapshot_grace=settings.getfloat("RS_SNAPSHOT_GRACE_SECONDS", 3600),
        )

    def open_spider(self, spider=None):
        run_id = self.run_id or run_id_of(self.crawler)
        # Whoever writes the data dir holds its lock, however the spider was started (scrapy crawl, a script):
        # re-entrant, so rs-scraper crawl (which took it before the reactor started) shares its own hold.
        ceiling = self.crawler.settings.getfloat("CLOSESPIDER_TIMEOUT", 0) if self.crawler is not None else 0
        self.lock = CrawlLock(lock_path(self.data_dir), ceiling=ceiling, reentrant=True).acquire()
        swept = sweep_partial_files(self.data_dir)  # we hold the lock: any temporary is a dead writer's
        self.inc(sk.REPAIRED_PARTIAL_FILES, len(swept))
        # files of an older schema version gain the columns added since (as null) before anything is written:
        # a directory of mixed versions would hide the new columns from pandas, DuckDB and Polars
        for root, schema in ((self.articles_dir, ARTICLE_SCHEMA), (self.revisions_dir, REVISION_SCHEMA)):
            self.inc(sk.upgraded_files(root.name), len(upgrade(root, schema, base=self.data_dir)))
        # a previous run killed between writing a version and removing the old one, or mid-compaction
        self.inc(sk.REPAIRED_DUPLICATE_ROWS, repair_duplicates(self.articles_dir, base=self.data_dir))
        self.inc(
            sk.REPAIRED_DUPLICATE_REVISIONS,
            repair_duplicates(
                self.revisions_dir,
                key=lambda r: (r["url"], r["revision"]),
                rank=lambda r: (),
                columns=("url", "revision"),
                schema=REVISION_SCHEMA,
                base=self.data_dir,
                key_columns=("url", "revision"),
            ),
        )
        # the crawl's KeyTable of URLs for the pipeline's three maps (rs_scraper.compact.crawl_keys, shared with the
        # spider and dedupe): each URL's bytes kept once
        urls = crawl_keys(self.crawler)
        scratch = crawl_scratch(self.crawler)  # past RS_SPILL_BYTES, their columns go to a scratch file
        self.stored = Written(load_index(self.articles_dir, scratch), urls, scratch)
        self.where = url_files(self.articles_dir, urls)
        # a re-used run id (RS_RUN_ID) must never overwrite that run's files: the store continues its numbering
        self.store = AppendingStore(self.articles_dir, self.data_dir, ARTICLE_SCHEMA, "part", run_id, self.file_rows)
        self.revlog = RevisionLog(
            self.revisions_dir, run_id, base=self.data_dir, max_rows=self.file_rows, keys=urls, scratch=scratch
        )
        self.dirty = not (self.data_dir / snapshots.CURRENT).exists()  # a dataset from before snapshots

    def process_item(self, item, spider=None):
        self.batch.append(row_of(item))
        if len(self.batch) >= self.flush_rows:
            self.safe_flush()
        return item

    def safe_flush(self) -> bool:
        """flush(), but a data dir that cannot be written (disk full, read-only, a planted link) stops the run
        with its cause in plain words (STORAGE_ERROR_KEY) instead of failing every later item with a traceback.
        The rows of the failed batch are counted failed (``rs/outcome/failed/storage``): they are not stored, so
        the next run fetches them again."""
        if self.failed:
            lost, self.batch = len(self.batch), []
            self.count_lost(lost)
            return False
        pending = len(self.batch)
        try:
            self.flush()
            return True
        except OSError as exc:
            self.failed = True
            self.batch = []
            message = fortress.cause(exc)
            if self.stats is not None:
                self.stats.set_value(STORAGE_ERROR_KEY, message)
            self.count_lost(pending)
            log.error("cannot write the dataset: %s", message, exc_info=True)
            engine = getattr(self.crawler, "engine", None)
            if engine is not None and getattr(engine, "spider", None) is not None:
                from scrapy.utils.defer import deferred_from_coro

                deferred_from_coro(engine.close_spider_async(reason="storage_error"))
            return False

    def count_lost(self, rows: int) -> None:
        self.inc(sk.FAILED_STORAGE, rows)
        self.inc(sk.OUTCOME_FAILED_STORAGE, rows)

    def close_spider(self, spider=None):
        if not self.safe_flush():
            if self.lock is not None:
                self.lock.release()
                self.lock = None
            return
        if self.stats is not None:  # the run manifest records it: a later run that holds fewer URLs lost rows
            self.stats.set_value(sk.STORED_URLS, len(self.stored))
        if self.compact_min_files > 0:  # datasets written before AppendingStore have a file per batch: merge them
            for root, schema in ((self.articles_dir, ARTICLE_SCHEMA), (self.revisions_dir, REVISION_SCHEMA)):
                merged = compact(root, schema, min_files=self.compact_min_files, base=self.data_dir)
                self.inc(sk.compacted_files(root.name), sum(merged.values()))
                self.dirty = self.dirty or bool(merged)
        self.publish()
        self.write_card()  # still under the lock: the card describes the data just published
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def publish(self) -> None:
        """Step 3: a snapshot readers can pin (only when something changed since the last one)."""
        if self.dirty and self.articles_dir.is_dir():
            snapshots.publish(self.data_dir, grace=self.snapshot_grace)
            self.inc(sk.SNAPSHOTS_PUBLISHED)
            self.dirty = False

    def write_card(self) -> None:
        """DATASET.md and dataset_info.json of the data dir, from what it now holds (rs_scraper.datacard)."""
        from rs_scraper import datacard

        try:
            datacard.write(self.data_dir)
        except (OSError, ValueError, pa.ArrowException) as exc:  # the rows are stored; only the card is stale
            log.error("data card not written: %s", exc)
            self.inc(sk.FAILED_DATA_CARD)
        else:
            self.inc(sk.WRITTEN_DATA_CARD)

    # ------------------------------------------------------------------------------------------------ batch
    def flush(self) -> None:
        if not self.batch or self.store is None or self.revlog is None:
            return
        self.before_store()
        batch, self.batch = self.batch, []
        kinds = [self.kind(row) for row in batch]
        self.log_revisions(batch, kinds)  # step 1
        adds, drops, fresh = self.plan(batch)
        self.store.place(fresh, adds)
        files = self.store.apply(adds, drops)  # step 2
        self.inc(sk.PARQUET_FILES, len(files))
        self.inc(sk.SUPERSEDED_ROWS, sum(len(urls) for urls in drops.values()))
        for row, kind in zip(batch, kinds, strict=True):
            self.after_write(row, kind)
        for path, added in adds.items():
            for placed in added:
                self.where[placed["url"]] = [path]
        self.dirty = True
        self.publish()  # step 3
        release_unused_memory()  # the batch's rows and the rewrites' buffers are freed: give them back

    def plan(self, batch: list[dict]) -> tuple[dict[Path, list[Mapping]], dict[Path, set[str]], list[Mapping]]:
        """(rows to add per file, urls to drop per file, rows for the open files): a stored URL is replaced in
        the file holding it when its partition is unchanged, else added anew and dropped from its old file(s)."""
        adds: dict[Path, list[Mapping]] = {}
        drops: dict[Path, set[str]] = {}
        fresh: list[Mapping] = []
        for row in batch:
            holders = [p for p in self.where.get(row["url"], []) if p.exists()]
            same = [p for p in holders if p.parent.name == partition_of(row)]
            if same:
                adds.setdefault(same[0], []).append(row)
            else:
                fresh.append(row)
            for path in holders:
                drops.setdefault(path, set()).add(row["url"])
        return adds, drops, fresh

    def before_store(self) -> None:
        """Let the WARC archive finish writing the records these rows join (rs_scraper.signals); if it cannot,
        the rows are not stored (the run fails, and the next one fetches them again)."""
        if self.crawler is None:
            return
        from twisted.python.failure import Failure

        from rs_scraper.signals import rows_will_be_stored

        for _, result in self.crawler.signals.send_catch_log(rows_will_be_stored):
            if isinstance(result, Failure):
                result.raiseException()

    def log_revisions(self, batch: list[dict], kinds: list[str]) -> None:
        """Step 1: append the batch's new versions to revisions/ (``rs-scraper reparse`` replaces this: a better
        extraction of the same capture is not a new version of the page)."""
        revlog = self.revlog
        if revlog is None:  # not opened (flush checks it first)
            return
        for row, kind in zip(batch, kinds, strict=True):
            if kind == "updated" and not revlog.known(row["url"]):
                # a dataset from before revisions/ existed: its stored version becomes revision 1
                old = self.stored_row(row["url"])
                if old is not None and revlog.add(old):
                    self.inc(sk.REVISIONS_BACKFILLED)
            if kind != "refreshed" and revlog.add(row):
                self.inc(sk.REVISIONS_WRITTEN)
        revlog.flush()

    def kind(self, row: dict) -> str:
        same = self.stored.same_content(row["url"], row.get("content_hash"))
        if same is None:
            return "new"
        return "refreshed" if same else "updated"

    def stored_row(self, url: str) -> dict | None:
        """The stored row of ``url`` (of two, in a crash window: the one pipelines.latest ranks first)."""
        ranked = [
            (rank(r.get("fetched_at"), path, i), r)
            for path in self.where.get(url, [])
            if path.exists()
            for i, r in enumerate(read_file(path).to_pylist())
            if r["url"] == url
        ]
        return max(ranked, key=lambda pair: pair[0])[1] if ranked else None

    def after_write(self, row: dict, kind: str) -> None:
        self.stored.note(row["url"], row.get("content_hash"))
        self.inc(sk.WRITTEN)
        self.inc(sk.written(kind))
        self.inc(sk.OUTCOME_UNCHANGED_REFETCH if kind == "refreshed" else sk.outcome_written(kind))
        for name in PAGE_FIELDS:
            if row.get(name) not in (None, "", [], ()):
                self.inc(sk.coverage(name))

    def inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None and count:
            self.stats.inc_value(key, count)
