"""Scrapy feed exporters, so that Scrapy's own habit works: ``scrapy crawl rs -O articles.parquet`` (or .csv,
.jsonl, .json, ...: every format of rs_scraper.formats, in the one dialect of every output of the project).

One exporter class per registered format (``ParquetItemExporter``, ``CsvItemExporter``, ...), made at import from
the registry; settings.FEED_EXPORTERS maps every name Scrapy may infer from a file name to them
(rs_scraper.formats.feed_exporters). A feed file holds exactly ARTICLE_SCHEMA (no ``year`` column: it is a single
file, not a partitioned dataset), built with pipelines.storage.rows_to_table so types never depend on the values
seen, and written by the same format writer as ``rs-scraper export``.

Memory stays bounded: rows are buffered ``batch_rows`` at a time (default RS_PARQUET_FLUSH_ROWS) and each batch goes
to the format's writer (one row group of a Parquet file), which streams into the file object the feed storage
gives us.

Appending (``-o`` onto an existing non-empty file) works only for a format that allows it (CSV: no second header
line, JSON Lines). A Parquet file ends with its footer and a JSON file with its closing bracket, so bytes added
after them make a corrupt file: the exporter refuses. It logs one clear error, leaves the existing file untouched
and closes the spider (reason ``<format>_feed_append_refused``) rather than crawl for nothing (rs_scraper.session
refuses it before the crawl already). ``-o`` onto a missing or empty file is fine (nothing to append to).
"""

from __future__ import annotations

import logging
from typing import IO, Any, ClassVar

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from pipelines.storage import rows_to_table
from rs_scraper import formats
from rs_scraper import statkeys as sk
from rs_scraper.formats import Format, Writer
from rs_scraper.schema import ARTICLE_SCHEMA

logger = logging.getLogger(__name__)

DEFAULT_BATCH_ROWS = 500
APPEND_REFUSED = "parquet_feed_append_refused"  # the close reason of a refused Parquet feed


class FeedAppendError(RuntimeError):
    """``-o`` (append) onto a non-empty file of a format that cannot be appended to (Parquet, JSON)."""


ParquetFeedAppendError = FeedAppendError  # its name when only Parquet refused


class FeedItemExporter(BaseItemExporter):
    """The feed exporter of one format (``format``); a class per format is made below."""

    format: ClassVar[Format]

    def __init__(self, file: IO[bytes], *, batch_rows: int = DEFAULT_BATCH_ROWS, crawler=None, **kwargs: Any) -> None:
        # Scrapy passes fields_to_export, encoding, indent...: accepted (dont_fail) but a feed always has the full
        # schema, so that every file of ours reads the same way.
        super().__init__(dont_fail=True, **kwargs)
        if self.fields_to_export is not None and list(self.fields_to_export) != ARTICLE_SCHEMA.names:
            logger.warning(
                "%s feed: FEED_EXPORT_FIELDS ignored, the file always holds every article column", self.format.name
            )
        self.file = file
        self.batch_rows = max(1, int(batch_rows))
        self.crawler = crawler
        self.buffer: list[dict] = []
        self.writer: Writer | None = None
        self.refused = False
        self.rows_written = 0

    @classmethod
    def from_crawler(cls, crawler, file: IO[bytes], *args: Any, **kwargs: Any) -> FeedItemExporter:
        kwargs.setdefault("batch_rows", crawler.settings.getint("RS_PARQUET_FLUSH_ROWS", DEFAULT_BATCH_ROWS))
        return cls(file, *args, crawler=crawler, **kwargs)

    # ------------------------------------------------------------------ Scrapy's exporter interface
    def start_exporting(self) -> None:
        if self.writer is not None or self.refused:
            return
        appending = _position(self.file) > 0  # opened in append mode on an existing, non-empty file
        if appending and not self.format.append:
            self._refuse()
            return
        self.writer = self.format.open(self.file, ARTICLE_SCHEMA, appending=appending)

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
        # Finishes the file (a footer, a bracket); the file object itself stays open: the feed storage closes (or
        # uploads) it.
        self.writer.close()
        self.writer = None

    # ------------------------------------------------------------------ internals
    def _flush(self) -> None:
        if not self.buffer:
            return
        if self.writer is None:  # export_item before start_exporting: Scrapy never does, tests might
            self.start_exporting()
        if self.writer is None:
            return
        self.writer.write(rows_to_table(self.buffer))
        self.rows_written += len(self.buffer)
        self.buffer = []

    def _refuse(self) -> None:
        self.refused = True
        message = self.format.append_refusal(getattr(self.file, "name", "the feed file"))
        if self.crawler is None or self.crawler.engine is None:
            raise FeedAppendError(message)
        logger.error("%s feed: %s. Closing the spider.", self.format.name, message)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(sk.feed_append_refused(self.format.name), 1)
        _close_spider(self.crawler, f"{self.format.name}_feed_append_refused")


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


# ------------------------------------------------------------------ one exporter class per registered format
def _exporter_class(fmt: Format) -> type[FeedItemExporter]:
    doc = f"``scrapy crawl rs -O articles{fmt.extensions[0]}``: {fmt.summary}."
    return type(fmt.exporter_name(), (FeedItemExporter,), {"format": fmt, "__module__": __name__, "__doc__": doc})


EXPORTERS: dict[str, type[FeedItemExporter]] = {name: _exporter_class(fmt) for name, fmt in formats.REGISTRY.items()}
globals().update({cls.__name__: cls for cls in EXPORTERS.values()})  # the paths settings.FEED_EXPORTERS names
ParquetItemExporter = EXPORTERS["parquet"]
