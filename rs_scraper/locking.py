"""One crawl at a time per data directory: an advisory ``fcntl.flock`` on ``<data-dir>/crawl.lock``.

Why flock and not a pid file alone: the kernel releases a flock when its holder dies, SIGKILL included, so a
crashed crawl never leaves a stale lock behind that a human must delete. The file also holds who took it
(line 1: the pid; line 2: ``started=<epoch> ceiling=<seconds>``), to name the holder in the error message and
to notice the two cases where the flock alone would block cron for good:

- the recorded holder is gone but the flock is still held (a process that inherited the descriptor, or a
  network file system that kept a dead client's lock): the lock is *taken over*: a fresh lock file is renamed
  over the name and locked, with a warning;
- the holder is alive but has run longer than its wall-clock ceiling (``CLOSESPIDER_TIMEOUT``) plus
  ``TAKEOVER_GRACE`` seconds: a crawl that should have stopped itself is hung. If it is one of ours (its command
  line runs rs_scraper or scrapy) it is sent SIGTERM, then SIGKILL, and the lock taken when the kernel frees
  it, with a warning. Anything else is left alone (``Locked``).

Exit 75 (``Locked``) therefore still means "another live crawl is running". The file is opened with
``O_NOFOLLOW`` and must be a regular file: a ``crawl.lock`` symlinked elsewhere is refused, never truncated.
The file is never deleted: unlinking a lock file while another process has it open lets two processes lock
two different inodes of the same name at once (the takeover renames over it only once the recorded holder
is known to be gone).

A process may take the lock of a data dir it already holds with ``reentrant=True`` (``rs-scraper crawl`` takes
it before the reactor starts; the storage pipeline takes it again when the spider opens, which is what makes
``scrapy crawl`` and any other way of running the spider locked too): the holds are counted and the flock is
released with the last one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import stat
import sys
import time
import uuid
from pathlib import Path
from types import TracebackType

from rs_scraper.fortress import UnsafePath, describe

LOCK_NAME = "crawl.lock"
TAKEOVER_GRACE = 900  # seconds past a holder's ceiling before it counts as hung
_held: dict[tuple[int, int], CrawlLock] = {}  # (st_dev, st_ino) of lock files this process holds


class Locked(Exception):
    """Another process holds the lock; ``pid`` is its pid when it could be read."""

    def __init__(self, path: Path, pid: int | None) -> None:
        who = f"pid {pid}" if pid else "pid unknown"
        super().__init__(f"another crawl is running ({who}); lock file {path}")
        self.path = path
        self.pid = pid


def lock_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / LOCK_NAME


def _read(path: str | Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        return os.read(fd, 4096).decode("ascii", errors="replace")
    finally:
        os.close(fd)


def read_holder(path: str | Path) -> int | None:
    """The pid written in a lock file, or None (no file, empty, or garbage)."""
    lines = _read(path).strip().splitlines()
    return int(lines[0]) if lines and lines[0].strip().isdigit() else None


def read_info(path: str | Path) -> dict[str, float]:
    """``{"started": epoch, "ceiling": seconds}`` from line 2 of the lock file (empty when absent)."""
    lines = _read(path).strip().splitlines()
    info: dict[str, float] = {}
    for word in lines[1].split() if len(lines) > 1 else []:
        key, _, value = word.partition("=")
        try:
            info[key] = float(value)
        except ValueError:
            continue
    return info


def is_locked(path: str | Path) -> bool:
    """True when some process holds the lock right now (probes with a non-blocking shared lock)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if _key(fd) in _held:
            return True
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _ours(pid: int) -> bool:
    line = _cmdline(pid)
    return any(word in line for word in ("rs_scraper", "rs-scraper", "scrapy"))


def _key(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_dev, st.st_ino


def _warn(message: str) -> None:
    print(f"rs-scraper: warning: {message}", file=sys.stderr)


class CrawlLock:
    """``with CrawlLock(path): ...`` holds an exclusive lock or raises Locked at once (never waits, except
    while it stops a hung holder that has overrun its ceiling: see the module doc)."""

    def __init__(self, path: str | Path, ceiling: float = 0, reentrant: bool = False) -> None:
        self.path = Path(path)
        self.ceiling = float(ceiling or 0)
        self.reentrant = reentrant
        self.fd: int | None = None
        self.shared: CrawlLock | None = None  # the hold this one re-uses (same process, same file)
        self.count = 0
        self.took_over: str | None = None  # why the lock was taken over (warned on stderr)
        self.stale: str | None = None

    def _open(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENXIO):
                raise self._refusal() from None
            raise
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise self._refusal()
        return fd

    def _refusal(self) -> UnsafePath:
        what = describe(self.path) or "not a regular file"
        return UnsafePath(f"refusing lock file {self.path}: it is {what} (a planted link is never followed; remove it)")

    def acquire(self) -> CrawlLock:
        fd = self._open()
        held = _held.get(_key(fd))
        if self.reentrant and held is not None and held.fd is not None:
            os.close(fd)
            held.count += 1
            self.shared = held
            return self
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            fd = self._contended()
        previous = _read(self.path).strip()
        if previous and not self.took_over:
            # the last holder never released (killed): harmless with flock (the kernel freed it), noted only
            self.stale = f"previous holder (pid {previous.splitlines()[0]}) ended without releasing"
        self._record(fd)
        self.fd = fd
        self.count = 1
        _held[_key(fd)] = self
        return self

    def _record(self, fd: int) -> None:
        text = f"{os.getpid()}\nstarted={int(time.time())} ceiling={int(self.ceiling)}\n".encode("ascii")
        os.ftruncate(fd, 0)
        os.pwrite(fd, text, 0)
        os.fsync(fd)

    def _contended(self) -> int:
        """The lock is held: take it over if its holder is gone or hung (module doc), else raise Locked."""
        pid = read_holder(self.path)
        info = read_info(self.path)
        if pid is not None and not pid_alive(pid):
            time.sleep(0.2)  # a crawl that has just taken the flock writes its pid right after: let it
            if read_holder(self.path) == pid and not pid_alive(pid):
                return self._replace_file(f"the recorded holder (pid {pid}) is gone but the lock was still held")
            pid = read_holder(self.path)
        started, ceiling = info.get("started"), info.get("ceiling") or self.ceiling
        overdue = bool(pid and started and ceiling and time.time() - started > ceiling + TAKEOVER_GRACE)
        if overdue and pid is not None and started is not None and pid_alive(pid) and _ours(pid):
            fd = self._stop_holder(pid, started, ceiling)
            if fd is not None:
                return fd
        raise Locked(self.path, pid)

    def _replace_file(self, why: str) -> int:
        fresh = self.path.with_name(f".{LOCK_NAME}.{uuid.uuid4().hex[:8]}")
        fd = os.open(fresh, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.replace(fresh, self.path)
        self.took_over = why
        _warn(f"took over {self.path}: {why}")
        return fd

    def _stop_holder(self, pid: int, started: float, ceiling: float) -> int | None:
        age = time.time() - started
        _warn(
            f"crawl pid {pid} has held {self.path} for {age:.0f} s, past its {ceiling:.0f} s ceiling: "
            "stopping it and taking the lock over"
        )
        for sig, wait in ((signal.SIGTERM, 30.0), (signal.SIGKILL, 10.0)):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                fd = self._open()
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    os.close(fd)
                    time.sleep(0.2)
                    continue
                self.took_over = f"stopped hung crawl pid {pid} ({age:.0f} s, ceiling {ceiling:.0f} s)"
                return fd
        return None

    def release(self) -> None:
        if self.shared is not None:
            self.shared.count -= 1
            if self.shared.count == 0:
                self.shared._release()
            self.shared = None
            return
        if self.fd is None:
            return
        self.count -= 1
        if self.count <= 0:
            self._release()

    def _release(self) -> None:
        if self.fd is None:
            return
        _held.pop(_key(self.fd), None)
        try:
            os.ftruncate(self.fd, 0)  # no stale pid for readers; the file itself stays (see module doc)
        except OSError:
            pass
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> CrawlLock:
        return self.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
