"""Parquet storage stage: rows into ``RS_DATA_DIR/articles/`` (see pipelines.storage for the file rules)."""

from __future__ import annotations

from pathlib import Path

from pipelines.base import Stage, adapt
from pipelines.storage import PartitionedWriter
from rs_scraper.runinfo import run_id_of


class ParquetPipeline(Stage):
    def __init__(self, stats=None, crawler=None, data_dir: str = "data", flush_rows: int = 500) -> None:
        super().__init__(stats)
        self.crawler = crawler
        self.articles_dir = Path(data_dir) / "articles"
        self.flush_rows = flush_rows
        self.writer: PartitionedWriter | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler.stats, crawler, settings.get("RS_DATA_DIR"), settings.getint("RS_PARQUET_FLUSH_ROWS"))

    def open_spider(self, spider=None):
        self.writer = PartitionedWriter(self.articles_dir, run_id_of(self.crawler), self.flush_rows)

    def process_item(self, item, spider=None):
        row = adapt(item).asdict()
        before = len(self.writer.files)
        self.writer.add(row)
        self._count(before)
        if self.stats is not None:
            self.stats.inc_value("rs/written")
        return item

    def close_spider(self, spider=None):
        if self.writer is not None:
            before = len(self.writer.files)
            self.writer.close()
            self._count(before)

    def _count(self, before: int) -> None:
        if self.stats is not None and len(self.writer.files) > before:
            self.stats.inc_value("rs/parquet/files", len(self.writer.files) - before)
