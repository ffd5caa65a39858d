"""Which keys a dataset holds more than once, found in 8 bytes a row.

Every crawl asks it of ``articles/`` (the stored index, pipelines.latest) and of ``revisions/``
(pipelines.compaction.repair_duplicates), and the answer is almost always "none": a key is stored twice only
inside a crash window. Counting the keys in Arrow (``value_counts``, ``count_distinct``) needs the whole key
column and a hash table of it at once: ~25 MiB at 100,000 rows, the peak of an unchanged night (issue 14).
Here the column is read chunk by chunk and only a 64-bit hash of each key is kept; two equal hashes are a
suspect, and only then is the data read a second time to count the suspects' keys exactly.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

Chunks = Callable[[], Iterable[pa.Array]]  # a fresh pass over the key column, chunk by chunk, each time called


def repeated(chunks: Chunks) -> set[Any]:
    """The values that the arrays of ``chunks()`` hold more than once (exact). ``chunks`` is called once, or
    twice when two hashes meet (a key stored twice, or, about once in 10^10 at 100,000 keys, a collision)."""
    suspects = _colliding(_hashes(chunks()))
    if not suspects:
        return set()
    counts: Counter = Counter()
    for chunk in chunks():
        counts.update(value for value in chunk.to_pylist() if hash(value) in suspects)
    return {value for value, n in counts.items() if n > 1}


def _hashes(chunks: Iterable[pa.Array]) -> array:
    # hash() of a str is stable within one process, which is all this needs: both passes run in it
    hashes = array("q")
    for chunk in chunks:
        hashes.extend(hash(value) for value in chunk.to_pylist())
    return hashes


def _colliding(hashes: array) -> set[int]:
    """The hashes found twice or more: sorted in Arrow (on the array's own buffer, not 100,000 Python ints),
    each compared with its neighbour."""
    if len(hashes) < 2:
        return set()
    values = pa.Array.from_buffers(pa.int64(), len(hashes), [None, pa.py_buffer(hashes)])
    ordered = values.take(pc.array_sort_indices(values))
    later, earlier = ordered.slice(1), ordered.slice(0, len(ordered) - 1)
    return set(later.filter(pc.equal(later, earlier)).to_pylist())
