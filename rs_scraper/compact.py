"""Compact in-run maps keyed by URL: memory flat in the size of the site (issue 14).

A crawl keeps a few maps with one entry per URL (the WARC writer's last captures, the Parquet pipeline's file of
each URL, its writes and the revision index, the spider's sitemap of each URL). As dicts of str to small objects
they cost 200-600 bytes an entry each. Here a URL costs its UTF-8 bytes without its origin plus ~18 bytes in a
``KeyTable`` (which maps sharing one key space can share), and a value a fixed slot in an array: a digest its raw
bytes (``PackedColumn``), a repeated value a small int (``LabelMap``). In a crawl the bigger ones (the key bytes,
the waiting URLs, the digests) keep only their newest RS_SPILL_BYTES in memory, the rest in a scratch file
(rs_scraper.spill).

Keys are **exact**: ``KeyTable`` finds a key by its hash, then compares the stored bytes, so two URLs whose
hashes collide stay two entries (a collision costs a probe, never an article). Values are exact too: a value a
codec cannot pack and unpack to the same string is kept as it is. (The spider's and dedupe's sets of URLs were
8-byte hashes, ``CompactSet``: a collision there lost an article; they are KeyTables now.)
"""

from __future__ import annotations

import pickle
import re
import struct
import weakref
from array import array
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Generic, TypeVar

from rs_scraper.spill import Scratch, SpillBytes, SpillCells, SpillStack, crawl_scratch

L = TypeVar("L", bound=Hashable)

_EMPTY = -1  # a free slot of KeyTable's open-addressing table
_HASH_BITS = 0xFFFFFFFF  # KeyTable keeps 32 bits of a key's hash (a table has fewer than 2**31 slots)
_NO_ORIGIN = 255  # key prefix byte: the key's origin is not in the table's list (stored whole)
default_hash: Callable[[str], int] = hash  # read when a table is made: a test makes every key of a run collide


def _origin_end(raw: bytes) -> int:
    """Where ``scheme://host[:port]/`` of a URL ends (0 when it is not one): URLs of one crawl share it."""
    scheme = raw.find(b"://")
    if scheme <= 0:
        return 0
    path = raw.find(b"/", scheme + 3)
    return path + 1 if path > 0 else 0


class KeyTable:
    """Exact str -> dense id (0, 1, 2 ... in insertion order), for parallel arrays of values indexed by id.

    Each key is stored once in one byte string as a byte naming its origin (``https://host/``, up to 255 of them
    listed in ``origins``) and the rest of its UTF-8; ``_ends`` marks where each ends, ``_hashes`` keeps 32 bits
    of its hash, and an open-addressing table of ids (``array('i')``, at most half full) finds it. With a
    ``scratch`` (rs_scraper.spill) the byte string past its newest RS_SPILL_BYTES lives in a scratch file: a key
    then costs ~18 bytes of memory, and a lookup that finds it one ``pread``. Keys are never removed (an
    in-run map only grows). ``hash`` defaults to Python's (fast, cached on the str, salted per process: nothing
    here is persisted); a test passes a colliding one to prove collisions are harmless."""

    def __init__(self, hash: Callable[[str], int] | None = None, scratch: Scratch | None = None) -> None:
        self._hash = hash or default_hash
        # the keys' bytes; with a scratch, all but the newest RS_SPILL_BYTES in a file (rs_scraper.spill)
        self._blob = SpillBytes(scratch)
        self._ends = array("I")  # key i is _blob[_ends[i - 1]:_ends[i]] (from 0 for key 0); "q" past 4 GiB
        self._hashes = array("I")  # the low 32 bits of each key's hash: they pick its slot, and spare a compare
        self._slots = array("i", [_EMPTY]) * 16
        self._mask = 15
        self.origins: list[bytes] = []
        self._origin_ids: dict[bytes, int] = {}

    def __len__(self) -> int:
        return len(self._ends)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return (self.key(i) for i in range(len(self)))

    @property
    def bytes_in_memory(self) -> int:
        """What the table holds in memory (its arrays and the unspilled keys), for probes and tests."""
        arrays = (self._ends, self._hashes, self._slots)
        return self._blob.in_memory + sum(a.itemsize * len(a) for a in arrays)

    def key(self, ident: int) -> str:
        start = self._ends[ident - 1] if ident else 0
        stored = self._blob.read(start, self._ends[ident])
        origin = b"" if stored[0] == _NO_ORIGIN else self.origins[stored[0]]
        return (origin + stored[1:]).decode("utf-8", "surrogatepass")

    def _encode(self, key: str, learn: bool) -> bytes:
        """The stored form of ``key``; ``learn``: list its origin when new and there is room (add, not find)."""
        raw = key.encode("utf-8", "surrogatepass")
        cut = _origin_end(raw)
        origin = self._origin_ids.get(raw[:cut]) if cut else None
        if origin is None and cut and learn and len(self.origins) < _NO_ORIGIN:
            origin = self._origin_ids[raw[:cut]] = len(self.origins)
            self.origins.append(raw[:cut])
        return bytes((origin,)) + raw[cut:] if origin is not None else bytes((_NO_ORIGIN,)) + raw

    def _probe(self, encoded: bytes, h: int) -> tuple[int, int]:
        """(id of the key stored as ``encoded`` or -1, the slot where it is or would go)."""
        slots, mask, hashes, ends, read = self._slots, self._mask, self._hashes, self._ends, self._blob.read
        i = h & mask
        while (ident := slots[i]) != _EMPTY:
            if hashes[ident] == h:
                start = ends[ident - 1] if ident else 0
                if read(start, ends[ident]) == encoded:
                    return ident, i
            i = (i + 1) & mask
        return _EMPTY, i

    def find(self, key: str) -> int:
        """The id of ``key``, or -1 when it is not in the table."""
        return self._probe(self._encode(key, learn=False), self._hash(key) & _HASH_BITS)[0]

    def add(self, key: str) -> int:
        """The id of ``key``, added when new."""
        encoded = self._encode(key, learn=True)
        h = self._hash(key) & _HASH_BITS
        ident, slot = self._probe(encoded, h)
        if ident != _EMPTY:
            return ident
        ident = len(self._ends)
        self._blob.append(encoded)
        end = len(self._blob)
        if end > _HASH_BITS and self._ends.typecode == "I":  # past 4 GiB of keys: wider ends from now on
            self._ends = array("q", self._ends)
        self._ends.append(end)
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


@dataclass(frozen=True)
class Codec:
    """A string form with a fixed-width binary one (a hex digest, a UUID URN): ``pack`` gives ``width`` bytes or
    None for a string not in the form; PackedColumn keeps a string packed only when unpacking gives it back.
    ``canonical``: the strings known to round-trip (one string per packed value, e.g. lowercase hex of the
    width's length), packed without that check: checking unpacked each value once more (a base32 digest, a UUID,
    a date) was most of the time an archive's last captures took to load (issue 14)."""

    width: int
    pack: Callable[[str], bytes | None]
    unpack: Callable[[bytes], str]
    canonical: re.Pattern[str] | None = None

    def exact(self, value: str) -> bool:
        return self.canonical is not None and self.canonical.fullmatch(value) is not None


def _pack_hex(value: str) -> bytes | None:
    try:
        return bytes.fromhex(value)
    except ValueError:
        return None


SHA256_HEX = Codec(32, _pack_hex, bytes.hex, re.compile("[0-9a-f]{64}"))  # rs_scraper.textstats.content_hash


class PackedColumn:
    """An optional str per id of a KeyTable, packed by ``codec`` into one ``bytearray`` (a flag byte and
    ``codec.width`` bytes an id). A string the codec cannot round-trip is kept as it is, in a dict."""

    _UNSET, _NONE, _PACKED, _AS_IS = 0, 1, 2, 3

    def __init__(self, codec: Codec, scratch: Scratch | None = None) -> None:
        self.codec = codec
        # a cell a key: the flag byte and the packed value; past RS_SPILL_BYTES in a scratch file (rs_scraper.spill)
        self._cells = SpillCells(1 + codec.width, scratch)
        self._blank = bytes(codec.width)
        self._as_is: dict[int, str] = {}

    def set(self, ident: int, value: str | None) -> None:
        self._as_is.pop(ident, None)
        packed = None if value is None else self.codec.pack(value)
        if value is None:
            self._cells.set(ident, bytes((self._NONE,)) + self._blank)
        elif packed is not None and len(packed) == self.codec.width and self._round_trips(value, packed):
            self._cells.set(ident, bytes((self._PACKED,)) + packed)
        else:
            self._cells.set(ident, bytes((self._AS_IS,)) + self._blank)
            self._as_is[ident] = value

    def _round_trips(self, value: str, packed: bytes) -> bool:
        return self.codec.exact(value) or self.codec.unpack(packed) == value

    def has(self, ident: int) -> bool:
        return ident >= 0 and self._cells.get(ident)[0] != self._UNSET

    def get(self, ident: int) -> str | None:
        """The value of ``ident`` (None when it is None or was never set: ``has`` tells them apart)."""
        if ident < 0:
            return None
        cell = self._cells.get(ident)
        if cell[0] == self._PACKED:
            return self.codec.unpack(cell[1:])
        return self._as_is.get(ident) if cell[0] == self._AS_IS else None


class LabelMap(Generic[L]):
    """Exact str -> one of a few repeated values (the sitemap that listed a URL, the file that holds it), the
    value kept as a small int into ``labels``: a URL costs 4 bytes beside its key. ``keys``: a KeyTable shared
    with other maps of the same URLs (a key of it need not be in this map)."""

    def __init__(self, keys: KeyTable | None = None) -> None:
        self.keys = keys if keys is not None else KeyTable()
        self.labels: list[L] = []
        self._label_ids: dict[L, int] = {}
        self._of = array("i")  # label id of each key id, -1: not in this map
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def _label(self, ident: int) -> int:
        return self._of[ident] if 0 <= ident < len(self._of) else -1

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._label(self.keys.find(key)) >= 0

    def __setitem__(self, key: str, label: L) -> None:
        label_id = self._label_ids.get(label)
        if label_id is None:
            label_id = self._label_ids[label] = len(self.labels)
            self.labels.append(label)
        ident = self.keys.add(key)
        if ident >= len(self._of):
            self._of.extend([-1] * (ident + 1 - len(self._of)))
        if self._of[ident] < 0:
            self._count += 1
        self._of[ident] = label_id

    def get(self, key: str) -> L | None:
        label_id = self._label(self.keys.find(key))
        return None if label_id < 0 else self.labels[label_id]


class WaitingUrls:
    """The spider's decided article URLs waiting for their request, newest first (LIFO, as Scrapy's queue took
    them): ``(url, fetch, source, date, lastmod, headers)`` packed into one ``bytearray``, ~50 bytes a URL of the
    mirror's shape where a pickled tuple took ~250 and a tuple of objects ~480. A first crawl decides the whole
    site before most of it is fetched: 100,000 URLs wait at once (issue 14).

    ``url`` is kept as its id in the crawl's KeyTable (which holds every seen URL already); ``fetch``, the form
    requested, as what precedes the end it shares with ``url`` (the crawl base, or nothing), a small int when it
    repeats; ``source`` a small int; ``date`` UTC microseconds; ``lastmod`` its UTF-8. An entry outside that
    shape (a date not in UTC, conditional-GET ``headers``) is pickled whole: always equal, never approximate.
    Only the process's own values are ever unpickled here.

    With a ``scratch`` (rs_scraper.spill), once the newest entries fill ``scratch.keep`` bytes the older half of
    them is written to a scratch file as one segment, read back when the newer ones are gone: memory holds at
    most ~``keep`` bytes of entries however many wait (~70 bytes a URL: 7 MB at 100,000)."""

    _HEAD = struct.Struct("<iBBqHHH")  # url id, source label, flags, date (us), shared end, prefix label, lastmod
    _DATE, _LASTMOD, _PICKLED, _PREFIX_INLINE = 1, 2, 4, 8
    _INLINE = 255  # a prefix not in the label list is stored inline (after the head, before lastmod)
    _COUNT = struct.Struct("<q")  # a spilled segment: its entry count, their ends, their bytes

    def __init__(self, keys: KeyTable | None = None, scratch: Scratch | None = None) -> None:
        self.keys = keys if keys is not None else KeyTable()
        self._blob = bytearray()
        self._ends = array("q")
        self._labels: list[str] = []  # sources and fetch prefixes (a handful a crawl)
        self._label_ids: dict[str, int] = {}
        self._segments = SpillStack(scratch)  # older entries, newest segment last
        self._keep = scratch.keep if scratch is not None else 0
        self._spilled = 0  # entries in the segments

    def __len__(self) -> int:
        return len(self._ends) + self._spilled

    def __bool__(self) -> bool:
        return len(self) > 0

    @property
    def bytes_in_memory(self) -> int:
        return len(self._blob) + self._ends.itemsize * len(self._ends)

    def _spill_older_half(self) -> None:
        """The older half of the entries in memory to the scratch file, as one segment (kept when it fails)."""
        count = len(self._ends) // 2
        if count == 0:
            return
        cut = self._ends[count - 1]
        segment = self._COUNT.pack(count) + self._ends[:count].tobytes() + self._blob[:cut]
        if self._segments.push(segment):
            self._spilled += count
            del self._blob[:cut]
            self._ends = array("q", (end - cut for end in self._ends[count:]))

    def _load_newest_segment(self) -> None:
        segment = self._segments.pop()
        (count,) = self._COUNT.unpack_from(segment)
        body = self._COUNT.size + 8 * count
        self._ends = array("q")
        self._ends.frombytes(segment[self._COUNT.size : body])
        self._blob = bytearray(segment[body:])
        self._spilled -= count

    def _label(self, value: str) -> int:
        ident = self._label_ids.get(value)
        if ident is None and len(self._labels) < self._INLINE:
            ident = self._label_ids[value] = len(self._labels)
            self._labels.append(value)
        return self._INLINE if ident is None else ident

    def append(self, entry: tuple) -> None:
        url, fetch, source, date, lastmod, headers = entry
        utc = date is None or (isinstance(date, datetime) and date.tzinfo is UTC)
        if headers is not None or not utc or not isinstance(source, str) or self._label(source) == self._INLINE:
            self._blob += bytes((self._PICKLED,)) + pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            self._blob += bytes((0,)) + self._pack(url, fetch, source, date, lastmod)
        self._ends.append(len(self._blob))
        if self._segments.usable and len(self._blob) >= self._keep:
            self._spill_older_half()

    def _pack(self, url: str, fetch: str, source: str, date: datetime | None, lastmod: str | None) -> bytes:
        shared = 0  # the length of the end url and fetch share
        limit = min(len(url), len(fetch), 0xFFFF)
        while shared < limit and url[-1 - shared] == fetch[-1 - shared]:
            shared += 1
        prefix = fetch[: len(fetch) - shared]
        prefix_id = self._label(prefix)
        flags = (self._DATE if date is not None else 0) | (self._LASTMOD if lastmod is not None else 0)
        inline = prefix.encode("utf-8", "surrogatepass") if prefix_id == self._INLINE else b""
        mod = lastmod.encode("utf-8", "surrogatepass") if lastmod is not None else b""
        if inline:
            flags |= self._PREFIX_INLINE
        micros = (date - _EPOCH) // _MICRO if date is not None else 0
        head = self._HEAD.pack(self.keys.add(url), self._label(source), flags, micros, shared, prefix_id, len(inline))
        return head + inline + mod

    def pop(self) -> tuple:
        if not self._ends and self._segments:
            self._load_newest_segment()
        end = self._ends.pop()
        start = self._ends[-1] if self._ends else 0
        record = bytes(self._blob[start:end])
        del self._blob[start:]  # the tail only: bytearray shrinks in place
        if record[0] == self._PICKLED:
            return pickle.loads(record[1:])
        ident, source, flags, micros, shared, prefix_id, inline = self._HEAD.unpack_from(record, 1)
        rest = 1 + self._HEAD.size
        prefix = record[rest : rest + inline].decode("utf-8", "surrogatepass") if inline else self._labels[prefix_id]
        url = self.keys.key(ident)
        fetch = prefix + (url[len(url) - shared :] if shared else "")
        date = _EPOCH + micros * _MICRO if flags & self._DATE else None
        lastmod = record[rest + inline :].decode("utf-8", "surrogatepass") if flags & self._LASTMOD else None
        return url, fetch, self._labels[source], date, lastmod, None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


class KeySet:
    """A set of str over a KeyTable that other maps of the same keys share: a member costs a byte beside its
    key (``keys.add`` alone does not make a key a member)."""

    def __init__(self, keys: KeyTable | None = None) -> None:
        self.keys = keys if keys is not None else KeyTable()
        self._in = bytearray()  # 1 for a member, by key id
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        ident = self.keys.find(key)
        return 0 <= ident < len(self._in) and self._in[ident] == 1

    def add(self, key: str) -> None:
        ident = self.keys.add(key)
        if ident >= len(self._in):
            self._in += bytes(ident + 1 - len(self._in))
        if not self._in[ident]:
            self._in[ident] = 1
            self._count += 1


_crawl_keys: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def crawl_keys(crawler: object | None) -> KeyTable:
    """The KeyTable of canonical URLs of one crawl, shared by the spider's, dedupe's and the Parquet pipeline's
    maps (all on the reactor thread), so each URL's bytes are kept once per crawl; a new table without a crawler
    (a component made on its own). The WARC writer keys its map by the URL fetched, in its own thread: not here."""
    if crawler is None:
        return KeyTable()
    keys = _crawl_keys.get(crawler)
    if keys is None:
        keys = _crawl_keys[crawler] = KeyTable(scratch=crawl_scratch(crawler))
    return keys
