"""Progress of a crawl: a line in the log every RS_PROGRESS_INTERVAL seconds, and a live bar on a terminal.

The line says what a human watching a long crawl asks: how many discovered URLs are done (skipped, written,
failed ... every outcome of rs_scraper.extensions.accounting), how fast, and when it will end::

    progress: 1200/3000 URLs done (40.0%), 28.3/s, ETA 1m04s
    progress: 310/1710 URLs done (18.1%), 9.8/s, discovery still running (42 sitemaps and feed pages to read)

The rate is the one since the previous line (the last minutes say more than the whole run); the ETA is only
given once discovery is over, when the total is known. On a terminal (stderr is a TTY, RS_PROGRESS_BAR "auto")
a tqdm bar shows the same live, and the log lines are written above it instead of through it;
``rs-scraper crawl --quiet`` turns the bar off. RS_PROGRESS_INTERVAL = 0 switches the extension off.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from rs_scraper.extensions.accounting import reconcile

logger = logging.getLogger(__name__)


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def progress_line(done: int, discovered: int, rate: float, discovering: int | None) -> str:
    share = f" ({100 * done / discovered:.1f}%)" if discovered else ""
    head = f"progress: {done}/{discovered} URLs done{share}, {rate:.1f}/s"
    if discovering:
        return f"{head}, discovery still running ({discovering} sitemaps and feed pages to read)"
    left = max(0, discovered - done)
    eta = duration(left / rate) if rate > 0 else "unknown" if left else "0s"
    return f"{head}, ETA {eta}"


class Progress:
    def __init__(self, crawler, interval: float, bar: bool) -> None:
        self.crawler = crawler
        self.interval = interval
        self.want_bar = bar
        self.task: Any = None  # a twisted LoopingCall while the crawl runs
        self.bar: Any = None  # a tqdm bar on a terminal
        self.redirect: Any = None  # tqdm's logging redirect, while the bar shows
        self.last = (time.monotonic(), 0)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        interval = settings.getfloat("RS_PROGRESS_INTERVAL", 20)
        if interval <= 0:
            raise NotConfigured
        mode = str(settings.get("RS_PROGRESS_BAR", "auto")).lower()
        bar = mode in ("1", "true", "yes", "on") or (mode == "auto" and sys.stderr.isatty())
        ext = cls(crawler, interval, bar)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def counts(self) -> tuple[int, int, int | None]:
        stats = self.crawler.stats.get_stats()
        rec = reconcile(stats)
        spider = self.crawler.spider
        waiting = getattr(spider, "discovery_waiting", None)  # documents the discovery sources hold back
        pending = getattr(spider, "pending_discovery", 0) + (waiting() if waiting else 0)
        over = getattr(spider, "discovery_over", True)
        return rec["accounted"], rec["discovered"], (pending or None) if not over else None

    def spider_opened(self, spider) -> None:
        from twisted.internet import task

        if self.want_bar:
            self.start_bar()
        self.last = (time.monotonic(), 0)
        self.task = task.LoopingCall(self.tick)
        self.task.start(self.interval, now=False)

    def start_bar(self) -> None:
        try:
            from tqdm import tqdm
            from tqdm.contrib.logging import logging_redirect_tqdm
        except ImportError:  # the bar is a comfort, never a reason to fail
            return
        try:
            size = os.get_terminal_size(sys.stderr.fileno())
        except OSError:
            size = os.terminal_size((0, 0))
        # a terminal that reports no size (some ptys, serial consoles) gets 80x24: tqdm hides a bar it cannot place
        self.bar = tqdm(
            total=0,
            unit="URL",
            desc="crawl",
            file=sys.stderr,
            ncols=size.columns or 80,
            nrows=size.lines or 24,
            leave=False,
        )
        # log records on the terminal go above the bar instead of through it (a log file is left alone)
        console = [
            h
            for h in logging.root.handlers
            if type(h) is logging.StreamHandler and getattr(h, "stream", None) in (sys.stderr, sys.stdout)
        ]
        if console:
            self.redirect = logging_redirect_tqdm(loggers=[logging.root])
            self.redirect.__enter__()
        from twisted.internet import task

        self.bar_task = task.LoopingCall(self.refresh_bar)
        self.bar_task.start(0.5, now=True)

    def refresh_bar(self) -> None:
        done, discovered, discovering = self.counts()
        self.bar.total = discovered
        self.bar.n = done
        self.bar.set_postfix_str("discovering" if discovering else "", refresh=False)
        self.bar.refresh()

    def tick(self) -> None:
        now = time.monotonic()
        done, discovered, discovering = self.counts()
        then, before = self.last
        rate = (done - before) / (now - then) if now > then else 0.0
        self.last = (now, done)
        logger.info(progress_line(done, discovered, rate, discovering))

    def spider_closed(self, spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.bar is not None:
            if self.bar_task.running:
                self.bar_task.stop()
            self.bar.close()
            if self.redirect is not None:
                self.redirect.__exit__(None, None, None)
            self.bar = None
