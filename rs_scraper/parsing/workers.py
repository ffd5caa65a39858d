"""Parsing off the reactor thread: ``RS_PARSE_WORKERS`` processes run :func:`parse_page` while the crawl downloads.

Why: the parser is pure Python and costs more CPU a page than Scrapy itself (``benchmarks/crawl_vs_bare.py``
prints the stage table: ~6 ms against ~4 ms). In the crawl process it sets the pace of every crawl at machine
speed (a mirror, an archive backfill, the demo): with workers the reactor only downloads, writes and counts, and
pages are parsed on the other cores. Against the live site (about one request a second) it buys nothing, which
is why the default is 0: parse in the crawl process.

The same page gives the same result either way: a worker runs the same function on the same bytes, and what
comes back is pickled (``Parsed``, ``NotArticle`` with its reason, ``ParseError``). What a worker cannot return
is a failure of that page, counted like a parser exception (``rs/failed/parse_error``), never a non-article:

- a worker that dies (a crash in C code, the OOM killer) breaks the pool; every page in it then fails with
  ``BrokenProcessPool``. The pool is started again (``rs/parse_workers/restarted``) and each such page is tried
  once more, so only a page that kills a worker twice is lost to it;
- the parser's log records (a parse error's traceback) are sent back over a queue and logged by the crawl
  process under their own logger names, so they reach Scrapy's log as if parsed in place.

This module imports nothing of Scrapy at the top: a worker imports it (its initializer) with the parser only.
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import os
import resource
import select
import signal
import threading
import time
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from rs_scraper import statkeys as sk
from rs_scraper.parsing.parser import Parsed, parse_page

log = logging.getLogger(__name__)


_barrier: Any = None  # in a worker: where the usage reports meet, so that each worker answers exactly one


def _worker_init(queue: Any, level: int, barrier: Any, crawl_pid: int) -> None:
    """In each worker: Ctrl-C is the crawl process's to handle (it stops the crawl and then the pool), log
    records go back to it over ``queue``, and the worker ends when the crawl process does (_outlive_not)."""
    global _barrier
    _barrier = barrier
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_outlive_not, args=(crawl_pid,), daemon=True, name="rs-crawl-watch").start()
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(queue)]
    root.setLevel(level)


def _outlive_not(crawl_pid: int) -> None:
    """End this worker once the crawl process is gone, however it went (kill -9, the OOM killer). Nothing else
    would: a forkserver worker is the forkserver's child, and it holds both ends of its own task queue, so it
    would wait for a task forever (and the forkserver for it) after a crawl killed by cron's timeout."""
    try:
        fd = os.pidfd_open(crawl_pid)  # Linux 5.3+: readable once the process has exited, whatever its pid becomes
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
    else:
        while _alive(crawl_pid):
            time.sleep(1)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a pid taken by another user's process: ours is gone
        return False
    return True


def _usage() -> tuple[int, float, int]:
    """In a worker: (pid, CPU seconds, peak RSS in KiB or 0 where /proc is not there), once every worker holds
    one such task (the barrier): a worker's cost is part of the crawl's, and the run manifest says it."""
    _barrier.wait(timeout=10)
    own = resource.getrusage(resource.RUSAGE_SELF)
    try:
        with open("/proc/self/status") as status:
            hwm = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except OSError:
        hwm = 0
    return os.getpid(), own.ru_utime + own.ru_stime, hwm


class _Forward(logging.Handler):
    """In the crawl process: a worker's record is handled by the logger of its name (Scrapy's handlers)."""

    def handle(self, record: logging.LogRecord) -> bool:
        logging.getLogger(record.name).handle(record)
        return True


class ParseWorkers:
    """A pool of ``workers`` parser processes; ``await parse(...)`` is ``parse_page(...)`` run in one."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> ParseWorkers:
        """The crawl's pool (RS_PARSE_WORKERS), started with the spider and stopped when it closes; 0 is
        NotConfigured: the spider parses in place."""
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        workers = crawler.settings.getint("RS_PARSE_WORKERS", 0)
        if workers <= 0:
            raise NotConfigured("RS_PARSE_WORKERS is 0: pages are parsed in the crawl process")
        pool = cls(workers, crawler)
        crawler.signals.connect(pool.warm, signal=signals.spider_opened)
        crawler.signals.connect(pool.close, signal=signals.spider_closed)
        return pool

    def __init__(self, workers: int, crawler: Any = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.crawler = crawler  # its stats exist from spider_opened on
        # forkserver: workers are forked from a small clean process, never from the crawl process (forking a
        # process that runs threads can copy a held lock), and they import the parser once, not per worker.
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["rs_scraper.parsing"])
        self.queue = self.context.Queue()
        self.listener = logging.handlers.QueueListener(self.queue, _Forward())
        self.listener.start()
        self.pool: ProcessPoolExecutor | None = None
        self.closed = False
        self.spent: dict[int, tuple[float, int]] = {}  # pid -> (CPU seconds, peak KiB), read at close
        self.restarts = 0
        # the pool is replaced from the pool's own thread (a page's future tells it broke) as well as used from
        # the reactor's
        self.lock = threading.RLock()

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            level = logging.getLogger("rs_scraper").getEffectiveLevel()
            self.barrier = self.context.Barrier(self.workers)
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=self.context,
                initializer=_worker_init,
                initargs=(self.queue, level, self.barrier, os.getpid()),
            )
        return self.pool

    def warm(self, *_: Any) -> None:
        """Start the workers now (their imports overlap discovery), not at the first article."""
        if self.crawler is not None:
            self.crawler.stats.set_value(sk.PARSE_WORKERS, self.workers)
        pool = self._pool()
        for _n in range(self.workers):
            pool.submit(int)

    async def parse(self, body: bytes | str, url: str, encoding: str | None) -> Parsed:
        """``parse_page(body, url, encoding=encoding)`` in a worker, awaited on the reactor."""
        return await _awaited(self.submit(body, url, encoding))

    def submit(self, body: bytes | str, url: str, encoding: str | None) -> Future:
        """The future of ``parse_page(body, url, encoding=encoding)`` in a worker: its result, or what it raised.
        A page whose pool broke under it is tried once more in a new pool."""
        outer: Future = Future()
        self._attempt(outer, (body, url, encoding), retries=1)
        return outer

    def _attempt(self, outer: Future, page: tuple, retries: int) -> None:
        body, url, encoding = page
        with self.lock:
            if self.closed:
                outer.set_exception(RuntimeError("the parse workers are shut down"))
                return
            pool = self._pool()
        try:
            inner = pool.submit(parse_page, body, url, encoding=encoding)
        except BrokenProcessPool as exc:  # the pool already knew it lost a worker
            self._retry_or_fail(outer, page, retries, pool, exc)
            return

        def done(f: Future) -> None:  # in the pool's thread
            exc = f.exception() if not f.cancelled() else CancelledError()
            if isinstance(exc, BrokenProcessPool):
                self._retry_or_fail(outer, page, retries, pool, exc)
            elif exc is not None:
                outer.set_exception(exc)
            else:
                outer.set_result(f.result())

        inner.add_done_callback(done)

    def _retry_or_fail(self, outer: Future, page: tuple, retries: int, pool: ProcessPoolExecutor, exc: BaseException):
        self._broken(pool)
        if retries:
            self._attempt(outer, page, retries - 1)
        else:
            outer.set_exception(exc)

    def _broken(self, pool: ProcessPoolExecutor) -> None:
        """Replace a broken pool (once, however many of its pages report it)."""
        with self.lock:
            if self.pool is not pool:
                return
            self.pool = None
            self.restarts += 1
        pool.shutdown(wait=False, cancel_futures=True)
        log.warning("a parse worker died: the pages it held are parsed again in a new pool")

    def close(self, *_: Any) -> None:
        """Wait for the pages being parsed, record what the workers cost, then stop them and the log listener."""
        with self.lock:
            self.closed, pool, self.pool = True, self.pool, None
        if pool is not None:
            self._collect_usage(pool)
            pool.shutdown(wait=True, cancel_futures=True)
        self.listener.stop()
        if self.crawler is not None:
            stats = self.crawler.stats
            if self.restarts:
                stats.set_value(sk.PARSE_WORKERS_RESTARTED, self.restarts)
            if self.spent:  # the workers alive at the end: a worker that died took its figures with it
                stats.set_value(sk.PARSE_WORKERS_CPU_MS, round(1000 * sum(cpu for cpu, _ in self.spent.values())))
                stats.set_value(sk.PARSE_WORKERS_PEAK_KIB, sum(kib for _, kib in self.spent.values()))

    def _collect_usage(self, pool: ProcessPoolExecutor) -> None:
        futures = [pool.submit(_usage) for _n in range(self.workers)]
        for future in futures:
            try:
                pid, cpu, kib = future.result(timeout=15)
            except Exception as exc:  # a worker that died, a barrier that timed out: a figure short, said so
                log.info("a parse worker's usage is unknown: %r", exc)
                continue
            self.spent[pid] = (cpu, kib)


async def _awaited(future: Future) -> Any:
    """A concurrent future awaited from a Scrapy coroutine: its outcome is handed to the reactor thread (the
    pool's own thread completes it), so every callback after it runs where Scrapy's code does."""
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import defer, reactor

    d: defer.Deferred = defer.Deferred()

    def settle(f: Future) -> None:
        exc = CancelledError() if f.cancelled() else f.exception()  # cancelled: the pool shut down under it
        if exc is None:
            reactor.callFromThread(d.callback, f.result())
        else:
            reactor.callFromThread(d.errback, exc)

    future.add_done_callback(settle)
    return await maybe_deferred_to_future(d)
