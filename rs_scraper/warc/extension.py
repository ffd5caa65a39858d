"""``WarcArchive``: the Scrapy extension that keeps every network response of a crawl as WARC.

It listens to ``response_downloaded``, which Scrapy sends right after the download handler returns and before
any downloader middleware has seen the response: the body is still content-encoded, redirects and error
statuses are still responses, and robots.txt, sitemaps and feeds pass here like pages. Responses that come from
elsewhere (a cache middleware, the robots middleware's copy of robots.txt for a second request) are not
downloads and are not written twice.

The capture time is taken here, written as the record's ``WARC-Date`` and put in the request's meta as
``rs_fetched_at``; the spider uses it as the row's ``fetched_at``, so rows and records join on url + fetched_at.

Settings (``rs_scraper/settings.py``, "Web archive"): RS_WARC_ENABLED, RS_WARC_MAX_BYTES,
RS_WARC_COMPRESSION_LEVEL, RS_WARC_REVISITS. Only crawls are archived (``RS_RUN_KIND = "crawl"``, set by
``scrapy crawl`` and ``rs-scraper crawl``/``demo``, as for the run manifest), and only spiders that declare a
``dataset_url`` method (ours): ``scrapy parse``, ``shell``, ``bench`` and foreign spiders write nothing here.

Records are written by a thread of their own (rs_scraper.warc.writer.ThreadedWriter): compression and hashing
run beside the reactor. Rows wait for their records: ParquetPipeline sends ``rows_will_be_stored`` before
each batch, and this extension answers once every record submitted so far is written.

Stats: ``rs/warc/records/<type>``, ``rs/warc/files``, ``rs/warc/bytes``, ``rs/warc/write_us`` (the writer
thread's CPU writing records, in microseconds), ``rs/warc/submit_us`` (the reactor's time handing them over),
``rs/warc/enabled`` (1: the run's
manifest then says its rows must have records, which ``rs-scraper verify`` checks), ``rs/warc/recovered/*``.
A write that fails (disk full ...) stops the crawl (finish reason ``warc_write_failed``): a run that cannot
keep its archive is not a good run, and its exit code says so.
"""

from __future__ import annotations

import logging
import platform
import time
from collections.abc import Callable
from pathlib import Path

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured

import rs_scraper
from rs_scraper import statkeys as sk
from rs_scraper.runinfo import run_id_of
from rs_scraper.signals import rows_will_be_stored
from rs_scraper.spill import crawl_scratch
from rs_scraper.timeutil import utcnow
from rs_scraper.urls import canonicalize
from rs_scraper.warc import FETCHED_AT_META, WARC_DIRNAME
from rs_scraper.warc.records import KEPT, header_pairs
from rs_scraper.warc.recovery import recover
from rs_scraper.warc.writer import ArchiveWriter, ThreadedWriter, originals_from_index

logger = logging.getLogger(__name__)


def warcinfo(settings, run_id: str) -> dict[str, str]:
    from importlib.metadata import version

    robots = (
        "obeyed (RFC 9309: a 5xx or unreachable robots.txt disallows all, a 4xx allows all)"
        if settings.getbool("ROBOTSTXT_OBEY")
        else "ignored (ROBOTSTXT_OBEY is off)"
    )
    return {
        "software": f"rs_scraper/{rs_scraper.__version__} (Scrapy {scrapy.__version__}; "
        f"warcio {version('warcio')}; Python {platform.python_version()})",
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": run_id,
        "operator": rs_scraper.PROJECT_URL,
        "http-header-user-agent": settings.get("USER_AGENT") or "",
        "robots": robots,
        "description": KEPT,
    }


class WarcArchive:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.warc_dir = Path(self.settings.get("RS_DATA_DIR")) / WARC_DIRNAME
        self.writer: ThreadedWriter | None = None
        self.dataset_url: Callable[[str], str] | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("RS_WARC_ENABLED"):
            raise NotConfigured("RS_WARC_ENABLED is off")
        if crawler.settings.get("RS_RUN_KIND") != "crawl":
            # `scrapy parse`, `shell`, `bench`, `check`: no runs of the dataset (as for the run manifest)
            raise NotConfigured("not a crawl (RS_RUN_KIND)")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        dataset_url = getattr(spider, "dataset_url", None)
        if not callable(dataset_url):
            logger.info("WARC archive off: spider %s declares no dataset_url", spider.name)
            return
        self.dataset_url = dataset_url
        try:
            self.warc_dir.mkdir(parents=True, exist_ok=True)
            for done in recover(self.warc_dir):
                logger.warning("WARC recovery: %s", done)
                self.stats.inc_value(sk.warc_recovered(done.action))
                if done.dropped_bytes:
                    self.stats.inc_value(sk.WARC_RECOVERED_DROPPED_BYTES, done.dropped_bytes)
            run_id = run_id_of(self.crawler)
            self.writer = ThreadedWriter(
                ArchiveWriter(
                    self.warc_dir,
                    run_id,
                    warcinfo(self.settings, run_id),
                    max_bytes=self.settings.getint("RS_WARC_MAX_BYTES"),
                    level=self.settings.getint("RS_WARC_COMPRESSION_LEVEL"),
                    revisits=self.settings.getbool("RS_WARC_REVISITS"),
                    # the last capture of every archived URI: past RS_SPILL_BYTES in scratch files (rs_scraper.spill)
                    originals=originals_from_index(self.warc_dir, crawl_scratch(self.crawler))
                    if self.settings.getbool("RS_WARC_REVISITS")
                    else {},
                )
            )
        except Exception as exc:  # an archive we cannot keep ends the run: never a silent crawl without it
            self.fail(spider, "warc_unavailable", exc)
            return
        self.crawler.signals.connect(self.before_rows_stored, signal=rows_will_be_stored)
        self.stats.set_value(sk.WARC_ENABLED, 1)

    def response_downloaded(self, response, request, spider) -> None:
        if self.writer is None:
            return
        captured = utcnow()
        request.meta[FETCHED_AT_META] = captured
        started = time.perf_counter()
        try:
            # a snapshot: the middlewares after this signal change the response's headers in place
            self.writer.submit(
                target_uri=request.url,
                dataset_url=self._dataset_url(request.url),
                captured=captured,
                status=response.status,
                protocol=getattr(response, "protocol", None),
                headers=header_pairs(response.headers),
                body=response.body,
                ip_address=str(response.ip_address) if response.ip_address else None,
                method=request.method,
                request_headers=header_pairs(request.headers),
                truncated="dataloss" in (response.flags or []),
            )
        except Exception as exc:
            self._failed(spider, exc)
            return
        # time the reactor spent handing exchanges to the writer thread (microseconds)
        self.stats.inc_value(sk.WARC_SUBMIT_US, int((time.perf_counter() - started) * 1e6))

    def before_rows_stored(self) -> None:
        """Rows are about to be stored: their records first (raises when they cannot be written)."""
        if self.writer is None:
            if self.stats.get_value(sk.WARC_ENABLED):
                raise RuntimeError("the WARC archive failed: rows would have no record")
            return
        try:
            self.writer.barrier()
        except Exception as exc:
            self._failed(self.crawler.spider, exc)
            raise

    def _failed(self, spider, exc: BaseException) -> None:
        writer, self.writer = self.writer, None
        if writer is not None:
            writer.abandon()
        self.fail(spider, "warc_write_failed", exc)

    def _dataset_url(self, url: str) -> str:
        if self.dataset_url is None:
            return canonicalize(url)
        try:
            return self.dataset_url(url)
        except Exception:  # a URL the spider cannot place is still archived, under its plain canonical form
            return canonicalize(url)

    def spider_closed(self, spider, reason) -> None:
        if self.writer is None:
            return
        threaded, self.writer = self.writer, None
        writer = threaded.writer
        try:
            files = threaded.close()
        except Exception as exc:
            logger.error("WARC archive: could not close %s: %s (the next run recovers it)", writer.name, exc)
            self.stats.inc_value(sk.WARC_FAILED_CLOSE)
            threaded.abandon()
            return
        for kind, count in writer.counts.items():
            self.stats.set_value(sk.warc_records(kind), count)
        self.stats.set_value(sk.WARC_FILES, len(files))
        self.stats.set_value(sk.WARC_BYTES, writer.bytes_written)
        self.stats.set_value(sk.WARC_WRITE_US, int(threaded.busy_seconds * 1e6))
        logger.info("WARC archive: %d file(s), %d bytes in %s", len(files), writer.bytes_written, self.warc_dir)

    def fail(self, spider, reason: str, exc: BaseException) -> None:
        logger.error("WARC archive: %s: %s", reason.replace("_", " "), exc)
        self.stats.inc_value(sk.warc_failed(reason))
        engine = getattr(self.crawler, "engine", None)
        if engine is None:
            return
        if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
            from scrapy.utils.defer import _schedule_coro

            _schedule_coro(engine.close_spider_async(reason=reason))
        else:
            engine.close_spider(spider, reason)
