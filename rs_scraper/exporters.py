"""Scrapy feed exporters, so that Scrapy's own habit works: ``scrapy crawl rs -O articles.parquet`` (or .csv, .jsonl,
.json, in the one dialect of every output of the project: rs_scraper.dialect; the classes at the end).

Registered in settings.FEED_EXPORTERS under the format name ``parquet`` (Scrapy infers the format from the
file extension). The file holds exactly ARTICLE_SCHEMA (no ``year`` column: it is a single file, not a
partitioned dataset), built with pipelines.storage.rows_to_table so types never depend on the values seen.

Memory stays bounded: rows are buffered ``batch_rows`` at a time (default RS_PARQUET_FLUSH_ROWS) and each batch
becomes one row group of a pyarrow ParquetWriter that streams into the file object the feed storage gives us.

Appending (``-o`` onto an existing non-empty file) cannot work: a Parquet file ends with its footer, so bytes
added after it make a corrupt file. The exporter refuses: it logs one clear error, leaves the existing file
untouched and closes the spider (reason ``parquet_feed_append_refused``) rather than crawl for nothing.
``-o`` onto a missing or empty file is fine (nothing to append to).
"""

from __future__ import annotations

import logging
from typing import IO, Any

import pyarrow.parquet as pq
from itemadapter import ItemAdapter
from scrapy import exporters as scrapy_exporters
from scrapy.exporters import BaseItemExporter

from pipelines.storage import rows_to_table
from rs_scraper.dialect import csv_value, json_value
from rs_scraper.schema import ARTICLE_SCHEMA

logger = logging.getLogger(__name__)

DEFAULT_BATCH_ROWS = 500
APPEND_REFUSED = "parquet_feed_append_refused"


class ParquetFeedAppendError(RuntimeError):
    """``-o`` (append) onto a non-empty Parquet file."""


class ParquetItemExporter(BaseItemExporter):
    def __init__(self, file: IO[bytes], *, batch_rows: int = DEFAULT_BATCH_ROWS, crawler=None,
                 **kwargs: Any) -> None:
        # Scrapy passes fields_to_export, encoding, indent...: accepted (dont_fail) but a Parquet feed always
        # has the full schema, so that every file of ours reads the same way.
        super().__init__(dont_fail=True, **kwargs)
        if self.fields_to_export is not None and list(self.fields_to_export) != ARTICLE_SCHEMA.names:
            logger.warning("parquet feed: FEED_EXPORT_FIELDS ignored, the file always holds every article column")
        self.file = file
        self.batch_rows = max(1, int(batch_rows))
        self.crawler = crawler
        self.buffer: list[dict] = []
        self.writer: pq.ParquetWriter | None = None
        self.refused = False
        self.rows_written = 0

    @classmethod
    def from_crawler(cls, crawler, file: IO[bytes], *args: Any, **kwargs: Any) -> ParquetItemExporter:
        kwargs.setdefault("batch_rows", crawler.settings.getint("RS_PARQUET_FLUSH_ROWS", DEFAULT_BATCH_ROWS))
        return cls(file, *args, crawler=crawler, **kwargs)

    # ------------------------------------------------------------------ Scrapy's exporter interface
    def start_exporting(self) -> None:
        if self.writer is not None or self.refused:
            return
        if _position(self.file) > 0:  # opened in append mode on an existing, non-empty file
            self._refuse()
            return
        self.writer = pq.ParquetWriter(self.file, ARTICLE_SCHEMA, compression="zstd")

    def export_item(self, item: Any) -> None:
        if self.refused:
            return  # already reported once; the spider is closing
        self.buffer.append(ItemAdapter(item).asdict())
        if len(self.buffer) >= self.batch_rows:
            self._flush()

    def finish_exporting(self) -> None:
        if self.refused or self.writer is None:
            return
        self._flush()
        # Writes the footer; the file object itself stays open: the feed storage closes (or uploads) it.
        self.writer.close()
        self.writer = None

    # ------------------------------------------------------------------ internals
    def _flush(self) -> None:
        if not self.buffer:
            return
        if self.writer is None:  # export_item before start_exporting: Scrapy never does, tests might
            self.start_exporting()
            if self.refused:
                return
        self.writer.write_table(rows_to_table(self.buffer))
        self.rows_written += len(self.buffer)
        self.buffer = []

    def _refuse(self) -> None:
        self.refused = True
        name = getattr(self.file, "name", "the feed file")
        message = (f"cannot append to the existing Parquet file {name}: a Parquet file cannot be appended to; "
                   f"use -O (overwrite) or a new file name")
        if self.crawler is None or self.crawler.engine is None:
            raise ParquetFeedAppendError(message)
        logger.error("parquet feed: %s. Closing the spider.", message)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("rs/feed/parquet_append_refused", 1)
        _close_spider(self.crawler, APPEND_REFUSED)


def _position(file: IO[bytes]) -> int:
    try:
        return file.tell()
    except (OSError, AttributeError, ValueError):  # unseekable streams (stdout): nothing before us
        return 0


def _close_spider(crawler, reason: str) -> None:
    engine = crawler.engine
    if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason=reason))
    else:  # pragma: no cover - older Scrapy
        engine.close_spider(crawler.spider, reason)


# ------------------------------------------------------------------ -O csv / jsonl / json in the one dialect
class _Dialect:
    """Values as every output of the project writes them (rs_scraper.dialect): ISO 8601 UTC with ``Z``, lists
    in CSV as JSON arrays. Scrapy's own exporters write ``2024-05-01 10:00:00+00:00`` and ``A,B``."""

    to_value = staticmethod(lambda value: value)

    def serialize_field(self, field, name, value):
        return self.to_value(value)


class CsvItemExporter(_Dialect, scrapy_exporters.CsvItemExporter):
    to_value = staticmethod(csv_value)


class JsonLinesItemExporter(_Dialect, scrapy_exporters.JsonLinesItemExporter):
    to_value = staticmethod(json_value)


class JsonItemExporter(_Dialect, scrapy_exporters.JsonItemExporter):
    to_value = staticmethod(json_value)
