"""One crawl at a time per data directory: an advisory ``fcntl.flock`` on ``<data-dir>/crawl.lock``.

Why flock and not a pid file alone: the kernel releases a flock when its holder dies, SIGKILL included, so a
crashed crawl never leaves a stale lock behind that a human must delete. The file also holds the holder's pid,
only to say *who* holds it in the error message; the flock, not the pid, is the truth.

The file is never deleted: unlinking a lock file while another process has it open lets two processes lock
two different inodes of the same name at once.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path
from types import TracebackType

LOCK_NAME = "crawl.lock"


class Locked(Exception):
    """Another process holds the lock; ``pid`` is its pid when it could be read."""

    def __init__(self, path: Path, pid: int | None) -> None:
        who = f"pid {pid}" if pid else "pid unknown"
        super().__init__(f"another crawl is running ({who}); lock file {path}")
        self.path = path
        self.pid = pid


def lock_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / LOCK_NAME


def read_holder(path: str | Path) -> int | None:
    """The pid written in a lock file, or None (no file, empty, or garbage)."""
    try:
        text = Path(path).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def is_locked(path: str | Path) -> bool:
    """True when some process holds the lock right now (probes with a non-blocking shared lock)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


class CrawlLock:
    """``with CrawlLock(path): ...`` holds an exclusive lock or raises Locked at once (never waits)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.fd: int | None = None

    def acquire(self) -> "CrawlLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise Locked(self.path, read_holder(self.path)) from None
            raise
        # Ours now: record our pid for the message a second run prints.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        os.fsync(fd)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)  # no stale pid for readers; the file itself stays (see module doc)
        except OSError:
            pass
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> "CrawlLock":
        return self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
