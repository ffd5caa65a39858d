"""Compact in-run maps keyed by URL: memory flat in the size of the site (issue 14).

A crawl keeps a few maps with one entry per URL (the WARC writer's last captures, the Parquet pipeline's file of
each URL and its writes, the revision log's latest revision, the spider's sitemap of each URL). As dicts of str
to small objects they cost 300-600 bytes an entry each; here a key costs its UTF-8 bytes plus 24 bytes, and a
value its own bytes (or a slot of an ``array``).

Keys are **exact**: ``KeyTable`` finds a key by its hash, then compares the stored bytes, so two URLs whose
hashes collide stay two entries (a collision costs a probe, never an article). Contrast
``rs_scraper.discovery.CompactSet``, which keeps hashes only.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

L = TypeVar("L", bound=Hashable)

_EMPTY = -1  # a free slot of KeyTable's open-addressing table
default_hash: Callable[[str], int] = hash  # read when a table is made: a test makes every key of a run collide


class KeyTable:
    """Exact str -> dense id (0, 1, 2 ... in insertion order), for parallel arrays of values indexed by id.

    The keys' UTF-8 bytes live in one ``bytearray`` (``_ends`` marks where each ends), their hashes in an
    ``array('q')``, and an open-addressing table of ids (``array('i')``, at most half full) finds them. Keys are
    never removed (an in-run map only grows). ``hash`` is Python's ``hash`` (fast, cached on the str, salted per
    process: nothing here is persisted); a test passes a colliding one to prove collisions are harmless."""

    def __init__(self, hash: Callable[[str], int] | None = None) -> None:
        self._hash = hash or default_hash
        self._blob = bytearray()
        self._ends = array("q")  # key i is _blob[_ends[i - 1]:_ends[i]] (from 0 for key 0)
        self._hashes = array("q")
        self._slots = array("i", [_EMPTY]) * 16
        self._mask = 15

    def __len__(self) -> int:
        return len(self._ends)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return (self.key(i) for i in range(len(self)))

    def key(self, ident: int) -> str:
        start = self._ends[ident - 1] if ident else 0
        return self._blob[start : self._ends[ident]].decode("utf-8", "surrogatepass")

    def _probe(self, key: str, encoded: bytes, h: int) -> tuple[int, int]:
        """(id of ``key`` or -1, the slot where it is or would go)."""
        slots, mask, hashes, ends, blob = self._slots, self._mask, self._hashes, self._ends, self._blob
        i = h & mask
        while (ident := slots[i]) != _EMPTY:
            if hashes[ident] == h:
                start = ends[ident - 1] if ident else 0
                if blob[start : ends[ident]] == encoded:
                    return ident, i
            i = (i + 1) & mask
        return _EMPTY, i

    def find(self, key: str) -> int:
        """The id of ``key``, or -1 when it is not in the table."""
        return self._probe(key, key.encode("utf-8", "surrogatepass"), self._hash(key))[0]

    def add(self, key: str) -> int:
        """The id of ``key``, added when new."""
        encoded = key.encode("utf-8", "surrogatepass")
        h = self._hash(key)
        ident, slot = self._probe(key, encoded, h)
        if ident != _EMPTY:
            return ident
        ident = len(self._ends)
        self._blob += encoded
        self._ends.append(len(self._blob))
        self._hashes.append(h)
        self._slots[slot] = ident
        if 2 * len(self._ends) > len(self._slots):
            self._grow()
        return ident

    def _grow(self) -> None:
        size = 2 * len(self._slots)
        slots = array("i", [_EMPTY]) * size
        mask = size - 1
        for ident, h in enumerate(self._hashes):
            i = h & mask
            while slots[i] != _EMPTY:
                i = (i + 1) & mask
            slots[i] = ident
        self._slots, self._mask = slots, mask


class TextColumn:
    """An optional str per id of a KeyTable, its UTF-8 in one ``bytearray``. Setting a value again appends it
    (the old bytes stay: an in-run map replaces a value rarely, a URL captured or revised once or twice a run);
    ``_starts[i]`` is -1 for None and -2 for an id never set."""

    _UNSET = -2
    _NONE = -1

    def __init__(self) -> None:
        self._blob = bytearray()
        self._starts = array("q")
        self._ends = array("q")

    def _reach(self, ident: int) -> None:
        missing = ident + 1 - len(self._starts)
        if missing > 0:
            self._starts.extend([self._UNSET] * missing)
            self._ends.extend([0] * missing)

    def set(self, ident: int, value: str | None) -> None:
        self._reach(ident)
        if value is None:
            self._starts[ident] = self._NONE
            return
        start = len(self._blob)
        self._blob += value.encode("utf-8", "surrogatepass")
        self._starts[ident], self._ends[ident] = start, len(self._blob)

    def has(self, ident: int) -> bool:
        return 0 <= ident < len(self._starts) and self._starts[ident] != self._UNSET

    def get(self, ident: int) -> str | None:
        """The value of ``ident`` (None when it is None or was never set: ``has`` tells them apart)."""
        if not self.has(ident) or self._starts[ident] == self._NONE:
            return None
        return self._blob[self._starts[ident] : self._ends[ident]].decode("utf-8", "surrogatepass")


class LabelMap(Generic[L]):
    """Exact str -> one of a few repeated values (the sitemap that listed a URL, the file that holds it), the
    value kept as a small int into ``labels``: a URL costs its key in a KeyTable and 4 bytes."""

    def __init__(self, hash: Callable[[str], int] | None = None) -> None:
        self.keys = KeyTable(hash)
        self.labels: list[L] = []
        self._label_ids: dict[L, int] = {}
        self._of = array("i")  # label id of each key id

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: object) -> bool:
        return key in self.keys

    def __setitem__(self, key: str, label: L) -> None:
        label_id = self._label_ids.get(label)
        if label_id is None:
            label_id = self._label_ids[label] = len(self.labels)
            self.labels.append(label)
        ident = self.keys.add(key)
        if ident == len(self._of):
            self._of.append(label_id)
        else:
            self._of[ident] = label_id

    def get(self, key: str) -> L | None:
        ident = self.keys.find(key)
        return None if ident < 0 else self.labels[self._of[ident]]
