"""The C heap of a crawl process: glibc's ``mallopt`` and ``malloc_trim``, where the C library has them.

A crawl's Python objects stay small; its RSS is mostly C allocations made and freed by the page: response bodies,
lxml trees, and the column buffers of each Parquet rewrite (0.1-4 MiB blocks, pipelines.storage). How glibc
places those blocks decides how much of the freed memory stays resident (issue 14). Elsewhere (musl, macOS)
every call here does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
MAX_MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's ceiling on 64-bit (HEAP_MAX_SIZE / 2): mallopt refuses above

_libc: Any = None  # the C library once looked up; False where there is none to load


def libc_function(name: str) -> Any:
    """The C library's function ``name``, or None (no C library found, or not this one's: not glibc)."""
    global _libc
    if _libc is None:
        found = ctypes.util.find_library("c")
        _libc = ctypes.CDLL(found) if found else False
    return getattr(_libc, name, None) if _libc else None


def set_mmap_threshold(size: int) -> bool:
    """Serve every block of ``size`` bytes or more from its own mapping, returned to the OS when freed.

    glibc starts at 128 KiB and raises the threshold to the largest mapped block ever freed (up to 32 MiB), so
    after the first Parquet rewrite its multi-MiB buffers come from the heap, where freed holes between live
    blocks stay resident and the high-water mark creeps up with every batch (RS_MALLOC_MMAP_THRESHOLD says what
    fixing it cost and saved). ``size`` 0 keeps glibc's own rule. True when glibc took the value."""
    mallopt = libc_function("mallopt")
    if not size or mallopt is None:
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, int(size)))


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks")
    ] + [("keepcost", ctypes.c_size_t)]


def heap_in_use() -> int | None:
    """Bytes of the C heap in use now (glibc's ``mallinfo2``: blocks handed out from the heap plus mapped ones),
    or None where it is missing. Counts what C++ code (the Parquet reader) allocates with ``new``, which neither
    tracemalloc nor Arrow's pool sees."""
    mallinfo2 = libc_function("mallinfo2")
    if mallinfo2 is None:
        return None
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    return int(info.uordblks + info.hblkhd)


def trim() -> None:
    """Hand the free pages of the C heap back to the OS (``malloc_trim(0)``)."""
    malloc_trim = libc_function("malloc_trim")
    if malloc_trim is not None:
        malloc_trim(0)
