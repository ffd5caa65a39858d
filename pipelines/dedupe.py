"""Dedupe: one row per canonical URL, within the run and against the stored dataset.

Within a run the first row for a URL wins (``rs/dropped/duplicate_in_run``). Against the stored dataset a row
whose text is unchanged is dropped (``rs/dropped/unchanged``, outcome ``unchanged_refetch``); a row whose
``content_hash`` differs is a new revision and passes on, counted as ``rs/revision``: ParquetPipeline then
replaces the stored row in articles/ and appends the version to revisions/.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pipelines.base import Stage, adapt
from pipelines.index import Stored, load_index
from rs_scraper import statkeys as sk
from rs_scraper.compact import KeySet, KeyTable, crawl_keys
from rs_scraper.incremental import same_version
from rs_scraper.spill import Scratch, crawl_scratch


class DedupePipeline(Stage):
    def __init__(
        self,
        stats=None,
        articles_dir: Path | None = None,
        check_stored: bool = True,
        keys: KeyTable | None = None,
        scratch: Scratch | None = None,
    ) -> None:
        super().__init__(stats)
        self.articles_dir = articles_dir
        self.check_stored = check_stored
        self.scratch = scratch  # where the stored index spills, if this reads it first (rs_scraper.spill)
        # the URLs of this run, exact (rs_scraper.compact: an 8-byte hash set dropped the second of two URLs whose
        # hashes collided as a duplicate, a lost article); a byte a URL beside the crawl's shared keys
        self.seen = KeySet(keys)
        self.stored: Mapping[str, Stored] = {}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            crawler.stats,
            Path(settings.get("RS_DATA_DIR")) / "articles",
            settings.getbool("RS_DEDUPE_STORED"),
            crawl_keys(crawler),
            crawl_scratch(crawler),
        )

    def open_spider(self, spider=None):
        if self.check_stored and self.articles_dir is not None:
            self.stored = load_index(self.articles_dir, self.scratch)

    def process_item(self, item, spider=None):
        row = adapt(item)
        url = row["url"]
        if url in self.seen:
            raise self.drop("duplicate_in_run", url)
        self.seen.add(url)
        old = self.stored.get(url)
        if old is not None:
            if same_version(old.content_hash, row.get("content_hash")):
                raise self.drop("unchanged", url)
            if self.stats is not None:
                self.stats.inc_value(sk.DEDUPE_REVISION)
        return item
