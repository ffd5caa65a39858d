"""Parquet storage stage: ``articles/`` keeps one row per URL (the latest version), ``revisions/`` every version.

Per batch of ``RS_PARQUET_FLUSH_ROWS`` rows, in this order (each step is atomic files, see pipelines.storage):
1. the new versions are appended to ``revisions/`` (a version already latest there is not added again);
2. the batch is written to ``articles/`` as new files;
3. the rows these replace are removed from the older ``articles/`` files (rewritten without them, or deleted).
A kill between 1 and 2 leaves articles/ one version behind: the next run refetches the page (its lastmod is
newer than the stored fetched_at) and completes the write. A kill between 2 and 3 leaves two rows for a URL:
``open_spider`` of the next run repairs that before anything else (the newest fetch wins).

Outcome stats (the run manifest's reconciliation): ``rs/outcome/written_new``, ``rs/outcome/written_updated``
and ``rs/outcome/unchanged_refetch`` (only when RS_DEDUPE_STORED is off: the row is replaced, no revision).
Field coverage of written rows: ``rs/coverage/<field>`` (rows where the field is non-empty).
"""

from __future__ import annotations

from pathlib import Path

from pipelines.base import Stage, adapt
from pipelines.compaction import compact, read_file, remove_urls, repair_duplicates, url_files
from pipelines.index import Stored, load_index
from pipelines.migration import upgrade
from pipelines.revisions import REVISION_SCHEMA, RevisionLog
from pipelines.storage import PartitionedWriter, data_files
from rs_scraper.items import PAGE_FIELDS
from rs_scraper.schema import ARTICLE_SCHEMA
from rs_scraper.runinfo import run_id_of


class ParquetPipeline(Stage):
    def __init__(self, stats=None, crawler=None, data_dir: str | Path = "data", flush_rows: int = 500,
                 compact_min_files: int = 0, run_id: str | None = None) -> None:
        super().__init__(stats)
        self.crawler = crawler
        self.articles_dir = Path(data_dir) / "articles"
        self.revisions_dir = Path(data_dir) / "revisions"
        self.flush_rows = max(1, int(flush_rows))
        self.compact_min_files = compact_min_files
        self.run_id = run_id
        self.writer: PartitionedWriter | None = None
        self.revlog: RevisionLog | None = None
        self.batch: list[dict] = []
        self.stored: dict[str, Stored] = {}
        self.where: dict[str, list[Path]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler.stats, crawler, settings.get("RS_DATA_DIR"), settings.getint("RS_PARQUET_FLUSH_ROWS"),
                   settings.getint("RS_COMPACT_MIN_FILES", 0))

    def open_spider(self, spider=None):
        run_id = self.run_id or run_id_of(self.crawler)
        # files of an older schema version gain the columns added since (as null) before anything is written:
        # a directory of mixed versions would hide the new columns from pandas, DuckDB and Polars
        for root, schema in ((self.articles_dir, ARTICLE_SCHEMA), (self.revisions_dir, REVISION_SCHEMA)):
            self.inc(f"rs/upgraded/{root.name}_files", len(upgrade(root, schema)))
        # a previous run killed between writing a version and removing the old one, or mid-compaction
        self.inc("rs/repaired/duplicate_rows", repair_duplicates(self.articles_dir))
        self.inc("rs/repaired/duplicate_revisions", repair_duplicates(
            self.revisions_dir, key=lambda r: (r["url"], r["revision"]), rank=lambda r: (),
            columns=("url", "revision"), schema=REVISION_SCHEMA))
        self.stored = load_index(self.articles_dir)
        self.where = url_files(self.articles_dir)
        # flush_rows is ours to apply (a batch is written, then its superseded rows removed), hence no auto-flush
        self.writer = PartitionedWriter(self.articles_dir, run_id, flush_rows=10**9)
        # a re-used run id (RS_RUN_ID) must never overwrite that run's files: continue its numbering
        self.writer.seq = next_seq(self.articles_dir, f"part-{run_id}-")
        self.revlog = RevisionLog(self.revisions_dir, run_id)

    def process_item(self, item, spider=None):
        self.batch.append(adapt(item).asdict())
        if len(self.batch) >= self.flush_rows:
            self.flush()
        return item

    def close_spider(self, spider=None):
        self.flush()
        if self.compact_min_files > 0:  # nightly runs add a file or two each: merge them now and then
            for root, schema in ((self.articles_dir, ARTICLE_SCHEMA), (self.revisions_dir, REVISION_SCHEMA)):
                merged = compact(root, schema, min_files=self.compact_min_files)
                self.inc(f"rs/compacted/{root.name}_files", sum(merged.values()))

    # ------------------------------------------------------------------------------------------------ batch
    def flush(self) -> None:
        if not self.batch or self.writer is None or self.revlog is None:
            return
        batch, self.batch = self.batch, []
        kinds = [self.kind(row) for row in batch]
        for row, kind in zip(batch, kinds):
            if kind == "updated" and not self.revlog.known(row["url"]):
                # a dataset from before revisions/ existed: its stored version becomes revision 1
                old = self.stored_row(row["url"])
                if old is not None and self.revlog.add(old):
                    self.inc("rs/revisions/backfilled")
            if kind != "refreshed" and self.revlog.add(row):
                self.inc("rs/revisions/written")
        self.revlog.flush()  # step 1
        for row in batch:
            self.writer.add(row)
        files = self.writer.flush()  # step 2
        self.inc("rs/parquet/files", len(files))
        replaced = {row["url"] for row, kind in zip(batch, kinds) if kind != "new"}
        old_files = [p for url in replaced for p in self.where.get(url, [])]
        removed = remove_urls(old_files, replaced)  # step 3
        self.inc("rs/superseded_rows", removed)
        for row, kind in zip(batch, kinds):
            self.after_write(row, kind)
        for path in files:
            for url in read_file(path).column("url").to_pylist():
                self.where[url] = [path]

    def kind(self, row: dict) -> str:
        old = self.stored.get(row["url"])
        if old is None:
            return "new"
        return "refreshed" if old.content_hash == row.get("content_hash") else "updated"

    def stored_row(self, url: str) -> dict | None:
        rows = [r for path in self.where.get(url, []) if path.exists()
                for r in read_file(path).to_pylist() if r["url"] == url]
        return max(rows, key=lambda r: (r.get("fetched_at") is not None, r.get("fetched_at") or 0), default=None)

    def after_write(self, row: dict, kind: str) -> None:
        self.stored[row["url"]] = Stored(row.get("content_hash"), row.get("fetched_at"), row.get("modified_at"))
        self.inc("rs/written")
        self.inc(f"rs/written/{kind}")
        self.inc("rs/outcome/unchanged_refetch" if kind == "refreshed" else f"rs/outcome/written_{kind}")
        for name in PAGE_FIELDS:
            if row.get(name) not in (None, "", [], ()):
                self.inc(f"rs/coverage/{name}")

    def inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None and count:
            self.stats.inc_value(key, count)


def next_seq(root: Path, prefix: str) -> int:
    """One past the highest sequence number of the files named ``<prefix><seq>.parquet`` under ``root``."""
    seqs = [int(p.stem[len(prefix):]) for p in data_files(root)
            if p.name.startswith(prefix) and p.stem[len(prefix):].isdigit()]
    return max(seqs, default=-1) + 1
