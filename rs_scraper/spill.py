"""In-run state too big to keep in memory goes to a nameless scratch file in the data dir (issue 14).

A first crawl of a 100,000-article site decides every URL before it fetches most of them: the crawl's keys (every
canonical URL seen, ``compact.KeyTable``) and the decided URLs waiting for a request (``compact.WaitingUrls``)
then held ~140 bytes a URL in memory, 14 MB at 100,000 and so most of what grew with the size of the site. Here
such a structure keeps its newest ``RS_SPILL_BYTES`` in memory and writes the rest to a file, which the kernel
caches while memory is free and drops when it is not (page cache is not the crawl's RSS).

The file is ``fortress.scratch_file``: created in ``DATA_DIR/.tmp/`` without a name, so it vanishes when the crawl
ends or dies and nothing is ever left to sweep. Nothing in it is read by another process or another run. A crawl
that cannot create or write it (a read-only or full disk) keeps the state in memory and logs why, once: slower
to grow, never wrong.
"""

from __future__ import annotations

import logging
import os
import weakref
from pathlib import Path

from rs_scraper import fortress

log = logging.getLogger(__name__)

DEFAULT_SPILL_BYTES = 256 * 1024  # settings.RS_SPILL_BYTES


_crawl_scratch: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def crawl_scratch(crawler: object | None) -> Scratch | None:
    """The Scratch of one crawl (its data dir, RS_SPILL_BYTES), shared by its structures so that one failure
    stops them all spilling; None without a crawler or with RS_SPILL_BYTES = 0 (all in memory)."""
    settings = getattr(crawler, "settings", None)
    if crawler is None or settings is None:
        return None
    keep = settings.getint("RS_SPILL_BYTES", DEFAULT_SPILL_BYTES)
    if keep <= 0:
        return None
    scratch = _crawl_scratch.get(crawler)
    if scratch is None:
        scratch = _crawl_scratch[crawler] = Scratch(settings.get("RS_DATA_DIR") or "data", keep)
    return scratch


class Scratch:
    """Where a crawl's spilled state goes (``base/.tmp/``) and how much a structure keeps in memory first
    (``keep`` bytes; 0: never spill). One per crawl; each structure opens its own file when it first spills."""

    def __init__(self, base: str | Path, keep: int = DEFAULT_SPILL_BYTES) -> None:
        self.base = Path(base)
        self.keep = keep
        self.broken: str | None = None  # why spilling stopped (then everything stays in memory)

    def open(self) -> int | None:
        """A new scratch file's descriptor, closed when its owner is collected; None once spilling failed."""
        if self.broken is not None:
            return None
        try:
            return fortress.scratch_file(self.base)
        except OSError as exc:
            self.fail(exc)
            return None

    def fail(self, exc: OSError) -> None:
        if self.broken is None:
            self.broken = fortress.cause(exc)
            log.warning(
                "in-run state stays in memory (cannot spill to %s: %s)", self.base / fortress.TMP_DIR, self.broken
            )


def _write_all(fd: int, data: bytes | bytearray | memoryview, offset: int) -> None:
    view = memoryview(data)
    while view:
        done = os.pwrite(fd, view, offset)
        if done <= 0:  # a regular file never does this; looping on it would never end
            raise OSError(f"scratch file took no bytes at {offset}")
        view, offset = view[done:], offset + done


def _read_exactly(fd: int, size: int, offset: int) -> bytes:
    data = os.pread(fd, size, offset)
    if len(data) != size:  # our own file, never shortened by anyone else: the disk lost it
        raise OSError(f"scratch file read {len(data)} of {size} bytes at {offset}")
    return data


class _File:
    """A scratch file owned by one structure, closed when that structure is collected."""

    def __init__(self, owner: object, scratch: Scratch) -> None:
        self.scratch = scratch
        self.fd: int | None = None
        self._owner = weakref.ref(owner)  # not a strong one: the owner holds this

    def get(self) -> int | None:
        owner = self._owner()
        if self.fd is None and owner is not None:
            self.fd = self.scratch.open()
            if self.fd is not None:
                weakref.finalize(owner, os.close, self.fd)
        return self.fd


class SpillBytes:
    """Append-only bytes read back by offset (a KeyTable's keys). Once the in-memory tail holds ``scratch.keep``
    bytes it is written to the end of the scratch file; what was written is read back with ``pread``."""

    def __init__(self, scratch: Scratch | None = None) -> None:
        self._tail = bytearray()
        self._spilled = 0  # bytes in the file: offsets below this are read from it
        self._keep = scratch.keep if scratch is not None else 0
        self._file = _File(self, scratch) if scratch is not None and scratch.keep > 0 else None
        self._spilling = self._file is not None  # False once a spill failed: what was written still reads back

    def __len__(self) -> int:
        return self._spilled + len(self._tail)

    @property
    def in_memory(self) -> int:
        return len(self._tail)

    def append(self, data: bytes) -> None:
        self._tail += data
        if self._spilling and len(self._tail) >= self._keep:
            self._spill()

    def _spill(self) -> None:
        assert self._file is not None
        fd = self._file.get()
        if fd is None:
            self._spilling = False
            return
        try:
            _write_all(fd, self._tail, self._spilled)
        except OSError as exc:  # a full disk: keep the tail in memory, from now on all of it
            self._file.scratch.fail(exc)
            self._spilling = False
            return
        self._spilled += len(self._tail)
        self._tail = bytearray()

    def read(self, start: int, end: int) -> bytes | bytearray:
        spilled = self._spilled
        if start >= spilled:
            return self._tail[start - spilled : end - spilled]
        fd = self._file.fd if self._file is not None else None
        assert fd is not None, "bytes were spilled, so the file is open"
        if end <= spilled:
            return _read_exactly(fd, end - start, start)
        return _read_exactly(fd, spilled - start, start) + self._tail[: end - spilled]


class SpillStack:
    """A LIFO of byte segments in a scratch file (the oldest decided URLs of a WaitingUrls): ``push`` writes one
    at the end, ``pop`` reads the last back and cuts the file there, so the file is never larger than what waits."""

    def __init__(self, scratch: Scratch | None = None) -> None:
        self._file = _File(self, scratch) if scratch is not None and scratch.keep > 0 else None
        self._sizes: list[int] = []
        self._end = 0

    def __len__(self) -> int:
        return len(self._sizes)

    @property
    def usable(self) -> bool:
        """Whether a push may succeed (a scratch, and spilling has not failed)."""
        return self._file is not None and self._file.scratch.broken is None

    def push(self, data: bytes) -> bool:
        """Write ``data`` as the newest segment; False when it cannot be spilled (keep it in memory)."""
        if self._file is None or self._file.scratch.broken is not None:
            return False
        fd = self._file.get()
        if fd is None:
            return False
        try:
            _write_all(fd, data, self._end)
        except OSError as exc:  # a full disk: what is in the file still reads back; the rest stays in memory
            self._file.scratch.fail(exc)
            return False
        self._sizes.append(len(data))
        self._end += len(data)
        return True

    def pop(self) -> bytes:
        assert self._file is not None and self._file.fd is not None and self._sizes, "pop from an empty SpillStack"
        size = self._sizes.pop()
        start = self._end - size
        data = _read_exactly(self._file.fd, size, start)
        os.ftruncate(self._file.fd, start)
        self._end = start
        return data


class SpillCells:
    """Fixed-width cells by id (a column over a KeyTable's keys, ``width`` bytes a key): in memory while they
    fit in ``scratch.keep`` bytes, then all of them in the scratch file at ``id * width``, written and read one
    cell at a time (``pwrite``/``pread``: a few microseconds against a page's milliseconds). A cell never set
    reads as zeros, in memory as in the file (a hole)."""

    def __init__(self, width: int, scratch: Scratch | None = None) -> None:
        self.width = width
        self._cells = bytearray()
        self._file = _File(self, scratch) if scratch is not None and scratch.keep > 0 else None
        self._keep = scratch.keep if scratch is not None else 0
        self._fd: int | None = None  # set once the cells live in the file

    @property
    def in_memory(self) -> int:
        return len(self._cells)

    def get(self, ident: int) -> bytes:
        start = ident * self.width
        if self._fd is None:
            cell = bytes(self._cells[start : start + self.width])
        else:
            cell = os.pread(self._fd, self.width, start)
        return cell if len(cell) == self.width else cell + bytes(self.width - len(cell))

    def set(self, ident: int, cell: bytes) -> None:
        assert len(cell) == self.width
        start = ident * self.width
        if self._fd is None and start + self.width > len(self._cells):
            if not (self._file is not None and start + self.width > self._keep and self._to_file()):
                self._cells += bytes(start + self.width - len(self._cells))
        if self._fd is None:
            self._cells[start : start + self.width] = cell
            return
        try:
            _write_all(self._fd, cell, start)
        except OSError as exc:  # a full disk: the cells come back to memory, and stay there
            assert self._file is not None
            self._file.scratch.fail(exc)
            self._back_to_memory()
            self.set(ident, cell)

    def _to_file(self) -> bool:
        assert self._file is not None
        fd = self._file.get()
        if fd is None:
            self._file = None
            return False
        try:
            _write_all(fd, self._cells, 0)
        except OSError as exc:
            self._file.scratch.fail(exc)
            self._file = None
            return False
        self._fd, self._cells = fd, bytearray()
        return True

    def _back_to_memory(self) -> None:
        assert self._fd is not None
        size = os.fstat(self._fd).st_size
        self._cells = bytearray(_read_exactly(self._fd, size, 0))
        self._fd, self._file = None, None
