"""One crawl run as ``rs-scraper crawl``, ``rs-scraper demo`` and ``scrapy crawl rs`` all run it.

Around the crawl itself, in this order, every step either passes or raises ``SessionError`` (one line and an
exit code, before the reactor starts and before anything is fetched):

1. ``check``: the spider arguments (rs_scraper.validation), ``RS_*`` setting names, the ``urls`` file, the
   ``sections`` names, ``-o`` feeds that cannot be appended to, and that the data dir is writable;
2. ``open``: take the data dir's crawl lock (exit 75 when another crawl holds it), then get the data dir
   ready under it (rs_scraper.datadir: partial files swept, unreadable files quarantined, stored URLs in
   their canonical form);
3. the crawl (the caller's: a CrawlerProcess);
4. ``close``: release the lock; ``exit_code(stats)`` is the run's verdict, as the run manifest records it.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rs_scraper.locking import CrawlLock

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75


class SessionError(Exception):
    """A crawl that must not start: one line, and the exit code to leave with."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def check_data_dir(path: Path) -> None:
    """Create it if needed and prove we can write in it and in the directories a crawl writes (os.access lies
    for root and on read-only mounts). Probes are created with O_EXCL | O_NOFOLLOW under unique names: a planted
    ``.write-probe-*`` symlink is never followed (nor truncated)."""
    from rs_scraper import fortress

    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SessionError(f"data dir {path} is not writable: {fortress.cause(exc)}") from None
    for sub in (".", "runs", fortress.TMP_DIR):
        try:
            fd = fortress.open_dir(path, sub)
        except OSError as exc:
            raise SessionError(f"data dir {path} cannot be used: {fortress.cause(exc)}") from None
        name = f".write-probe-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=fd))
            os.unlink(name, dir_fd=fd)
        except OSError as exc:
            where = path if sub == "." else path / sub
            raise SessionError(f"data dir {where} is not writable: {fortress.cause(exc)}") from None
        finally:
            os.close(fd)


def check_feeds(settings) -> None:
    """``-o x.parquet`` onto an existing non-empty file cannot work (a Parquet file ends with its footer; the
    format registry, rs_scraper.formats, says which formats can be appended to): refuse before the crawl, so that
    nothing is fetched or written for a run that would end refused."""
    from rs_scraper.formats import for_feed

    for uri, options in (settings.getdict("FEEDS") or {}).items():
        options = options or {}
        path = Path(str(uri))
        fmt = for_feed(options.get("format") or path.suffix.lstrip(".").lower())
        if fmt and not fmt.append and not options.get("overwrite") and path.is_file() and path.stat().st_size > 0:
            raise SessionError(fmt.append_refusal(path))


def stored_sections(data_dir: Path) -> set[str]:
    """Sections the dataset already holds (only the ``section`` column is read)."""
    from pipelines.storage import read_columns

    try:
        column = read_columns(data_dir / "articles", ["section"]).column("section").to_pylist()
    except Exception:  # an unreadable dataset is dealt with (quarantined) after the lock is taken
        return set()
    return {s for s in column if s}


def use_memory_pool(name: str) -> None:
    """Arrow allocations of this crawl from the pool ``name`` (RS_ARROW_MEMORY_POOL; "" is pyarrow's own default,
    mimalloc), unless the user's environment named one (ARROW_DEFAULT_MEMORY_POOL: rs_scraper/__init__.py).
    An unknown name is refused by validation before this runs."""
    from rs_scraper import ARROW_POOL_FROM_ENVIRONMENT

    if not ARROW_POOL_FROM_ENVIRONMENT:
        import pyarrow as pa

        pa.set_memory_pool(getattr(pa, f"{name or 'mimalloc'}_memory_pool")())


class _NoPandas:
    """A meta path finder under which ``import pandas`` fails (see arrow_without_pandas)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("pandas is not for a crawl (rs_scraper.session.arrow_without_pandas)", name=name)
        return None


def arrow_without_pandas() -> None:
    """Settle now, for this process, that pyarrow works without pandas: a crawl never holds a pandas object, and
    pandas costs ~35 MiB of RSS and ~0.3 s of import (issue 14). pyarrow imports pandas lazily, once, the first
    time it converts Python values (``pa.array``, ``from_pylist``, ``to_pylist``: its pandas shim asks whether
    an object is a Series, and its C++ converter looks up pandas' NA and NaT), and remembers the answer; so the
    first conversion runs here while ``import pandas`` fails, and pyarrow goes on without it. Anything that
    really wants pandas still gets it: ``import pandas`` works again at once, and ``Table.to_pandas`` imports it
    then. Nothing to do when pandas is already loaded (its memory is spent)."""
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)
    try:
        shim = getattr(pa.lib, "_pandas_api", None)  # a private name: without it, only the converter is settled
        if shim is not None:
            shim.have_pandas  # noqa: B018 (the shim tries to import pandas once, on this first question)
        pa.array([None])  # the C++ converter's once-only lookup of pandas' NA and NaT types
    finally:
        sys.meta_path.remove(blocker)


class CrawlSession:
    def __init__(self, settings, spider_args: dict[str, Any] | None = None) -> None:
        self.settings = settings
        self.spider_args = dict(spider_args or {})
        self.data_dir = Path(settings.get("RS_DATA_DIR"))
        self.lock: CrawlLock | None = None
        self.notes: list = []  # rs_scraper.datadir.Note: what the preparation did, for the caller to print

    # ------------------------------------------------------------------------------------------- 1. check
    def check(self) -> CrawlSession:
        from rs_scraper import validation

        arrow_without_pandas()  # before the first Arrow conversion of the crawl (stored_sections, prepare)
        settings = self.settings
        try:
            validation.check_setting_names([k for k in settings if k.startswith("RS_")], validation.known_rs_settings())
            validation.check_settings(settings)
            args = validation.parse_spider_args(self.spider_args)
            if args.urls_file is not None:
                validation.read_urls_file(args.urls_file, settings.get("RS_BASE_URL"), settings.get("RS_SITE_URL"))
        except ValueError as exc:
            raise SessionError(str(exc)) from None
        check_feeds(settings)
        if args.sections:
            known = set(settings.getlist("RS_KNOWN_SECTIONS")) | stored_sections(self.data_dir)
            try:
                validation.check_sections(args.sections, known)
            except ValueError as exc:
                raise SessionError(str(exc)) from None
        check_data_dir(self.data_dir)  # last: it creates the data dir, and a refused run must change nothing
        return self

    # -------------------------------------------------------------------------------------------- 2. open
    def open(self) -> CrawlSession:
        from rs_scraper import fortress, memory
        from rs_scraper.datadir import DataDirError, prepare
        from rs_scraper.locking import CrawlLock, Locked, lock_path

        use_memory_pool(self.settings.get("RS_ARROW_MEMORY_POOL", ""))
        memory.set_mmap_threshold(self.settings.getint("RS_MALLOC_MMAP_THRESHOLD", 0))
        ceiling = self.settings.getfloat("CLOSESPIDER_TIMEOUT", 0)
        try:
            self.lock = CrawlLock(lock_path(self.data_dir), ceiling=ceiling).acquire()
        except Locked as exc:
            raise SessionError(str(exc), EXIT_LOCKED) from None
        except OSError as exc:  # a planted lock link, disk full writing our pid, a read-only mount ...
            raise SessionError(f"cannot take the lock: {fortress.cause(exc)}") from None
        # A log handler that cannot write (disk full under --log-file) must not print "--- Logging error ---" and
        # a traceback per record (thousands of lines to cron's mail): the cause is reported once, in the verdict.
        logging.raiseExceptions = False
        try:
            self.notes = prepare(self.data_dir, self.settings)
            if not self.settings.frozen:  # scrapy crawl: the crawler is made from these settings
                self.settings.set("RS_PREPARED", [str(n) for n in self.notes], priority="cmdline")
        except DataDirError as exc:
            self.close()
            raise SessionError(str(exc)) from None
        except BaseException:
            self.close()
            raise
        return self

    # ------------------------------------------------------------------------------------------- 4. close
    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def prepared(self) -> dict[str, list[str]]:
        """The setting that hands the preparation's notes to the run manifest (``prepared``)."""
        return {"RS_PREPARED": [str(n) for n in self.notes]}

    def print_notes(self, prefix: str, quiet: bool = False) -> None:
        """Warnings (something was damaged: a file quarantined) always; the rest unless ``quiet``."""
        for note in self.notes:
            if note.level == "warning" or not quiet:
                print(f"{prefix}{note}", file=sys.stderr)

    def __enter__(self) -> CrawlSession:
        return self.check().open()

    def __exit__(self, *exc: object) -> None:
        self.close()


def outcome(stats: dict) -> tuple[int, str, str]:
    """(exit code, status, one line) of a finished crawl: the machine's trouble first (the data dir or the run
    manifest could not be written), else the verdict its manifest recorded (rs_scraper.verdict)."""
    from rs_scraper.runinfo import MANIFEST_ERROR_KEY, STORAGE_ERROR_KEY
    from rs_scraper.verdict import VERDICT_KEY

    trouble = stats.get(STORAGE_ERROR_KEY) or stats.get(MANIFEST_ERROR_KEY)
    if trouble:
        return (
            EXIT_FAILED,
            "failed",
            (f"FAILED (exit 1): {trouble} (stopped; what was stored before is intact; the next run fetches the rest)"),
        )
    verdict = stats.get(VERDICT_KEY)
    if not isinstance(verdict, dict):
        return (
            EXIT_FAILED,
            "failed",
            (f"FAILED (exit 1): the run did not complete (finish reason {stats.get('finish_reason')!r}); no verdict"),
        )
    return int(verdict["exit_code"]), str(verdict["status"]), str(verdict["line"])


def exit_code(stats: dict) -> int:
    return outcome(stats)[0]
