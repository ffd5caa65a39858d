"""What the stored dataset already holds, by canonical URL: the basis of dedupe and of incremental crawls.

A crawl reads it once: the spider, dedupe and the Parquet pipeline each ask ``load_index`` at start, and while
``articles/`` has not changed (same files, sizes, mtimes and inodes) they get the same read-only mapping. The
Parquet pipeline records what it writes in its own ``Written`` layer on top, never in the shared mapping (the
spider decides on what was stored when the run began).
"""

from __future__ import annotations

import hashlib
import pickle
import weakref
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from pipelines.latest import keep_latest, tagged, winners
from pipelines.storage import data_files, stored_files
from rs_scraper import memory
from rs_scraper.compact import KeyTable
from rs_scraper.incremental import same_version
from rs_scraper.spill import Scratch, SpillBytes, SpillCells


@dataclass(frozen=True, slots=True)
class Stored:
    content_hash: str | None
    fetched_at: datetime | None
    modified_at: datetime | None
    # what the site said when this version was fetched (rs_scraper.incremental decides refetches from it)
    published_at: datetime | None = None
    sitemap_lastmod: str | None = None
    http_etag: str | None = None
    http_last_modified: str | None = None

    @classmethod
    def of(cls, row) -> Stored:
        return cls(*(row.get(name) for name in INDEX_COLUMNS[1:]))


INDEX_COLUMNS = [
    "url",
    "content_hash",
    "fetched_at",
    "modified_at",
    "published_at",
    "sitemap_lastmod",
    "http_etag",
    "http_last_modified",
]


class StoredIndex(Mapping[str, Stored]):
    """url -> Stored, read-only and compact: the URLs in a KeyTable (rs_scraper.compact: exact keys, ~100 bytes
    a URL) and the other columns in one Arrow table (~150 bytes a row), a ``Stored`` made only when asked for.
    A dict of ``Stored`` held ~700 bytes a URL in Python objects (the dataclass, a str per hash and header, a
    datetime per date), all scanned by every full garbage collection: ~70 MiB before the first request of a
    100,000-article re-crawl (issue 14). Shared by the spider, dedupe and the Parquet pipeline: never modified
    after ``_read_index`` builds it."""

    def __init__(self, scratch: Scratch | None = None) -> None:
        self.urls = KeyTable(scratch=scratch)  # past RS_SPILL_BYTES, the keys' bytes in a scratch file
        self._rows = array("q")  # key id -> row of ``_table``
        self._columns: list[pa.Array] = []  # INDEX_COLUMNS[1:], one chunk each
        # With a scratch, an index whose columns pass RS_SPILL_BYTES keeps its rows there instead, a pickled
        # tuple each (``_records``, row i ending at ``_ends[i]``): 8 bytes a row in memory, not ~150. Only this
        # process's own values are ever unpickled.
        self._scratch = scratch
        self._records: SpillBytes | None = None
        self._ends = array("q")
        self._times: list[tzinfo | None] | None = None  # per spilled column: the tz of a timestamp kept as an int
        self.repeats = 0  # rows whose URL came earlier in what _fill read: 0 unless a crash window

    def _fill(self, batches: Iterable[pa.RecordBatch]) -> None:
        """Index ``batches`` (of INDEX_COLUMNS); of two rows of a URL the later wins (the caller has already
        kept one per URL: pipelines.latest). Once the rows pass the scratch's RS_SPILL_BYTES they go to it as
        they come, so a big index is never whole in memory."""
        kept: list[pa.RecordBatch] = []
        size = 0
        scratch = self._scratch
        row = 0
        for batch in batches:
            for url in batch.column("url").to_pylist():
                ident = self.urls.add(url)
                if ident == len(self._rows):
                    self._rows.append(row)
                else:
                    self._rows[ident] = row
                    self.repeats += 1
                row += 1
            if self._records is not None:
                self._spill(batch)
                continue
            kept.append(batch)
            size += batch.nbytes
            if scratch is not None and scratch.keep > 0 and size > scratch.keep:
                self._records = SpillBytes(scratch)
                for early in kept:
                    self._spill(early)
                kept = []
        if kept:
            table = pa.Table.from_batches(kept).combine_chunks()
            self._columns = [table.column(name).chunk(0) for name in INDEX_COLUMNS[1:]]

    def _spill(self, batch: pa.RecordBatch) -> None:
        assert self._records is not None
        arrays = [batch.column(name) for name in INDEX_COLUMNS[1:]]
        times = [_as_micros(array.type) for array in arrays]
        if self._times is None:
            self._times = times
        elif times != self._times:  # every batch is conformed to the schema (rs_scraper.schema.conform)
            raise ValueError("the stored index's batches differ in their column types")
        # a timestamp as its int64 microseconds, made a datetime again only when asked for: making and pickling
        # three datetimes a row was 2.0 of the 2.2 s a 100,000-row store took to spill
        columns = [(a.cast(pa.int64()) if micros else a).to_pylist() for a, micros in zip(arrays, times, strict=True)]
        for values in zip(*columns, strict=True):
            self._records.append(pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL))
            self._ends.append(len(self._records))

    def _unspill(self, values: tuple) -> Stored:
        assert self._times is not None
        times = self._times
        fields: list[Any] = [
            _from_micros(value, tz) if tz is not None and value is not None else value
            for value, tz in zip(values, times, strict=True)
        ]
        return Stored(*fields)

    def __getitem__(self, url: str) -> Stored:
        ident = self.urls.find(url) if isinstance(url, str) else -1
        if ident < 0:
            raise KeyError(url)
        row = self._rows[ident]
        if self._records is not None:
            start = self._ends[row - 1] if row else 0
            return self._unspill(pickle.loads(self._records.read(start, self._ends[row])))
        return Stored(*(column[row].as_py() for column in self._columns))

    def __contains__(self, url: object) -> bool:
        return url in self.urls

    def __iter__(self) -> Iterator[str]:
        return iter(self.urls)

    def __len__(self) -> int:
        return len(self.urls)


_UTC = ZoneInfo("UTC")  # the tzinfo pyarrow gives a timestamp[tz=UTC] value: a spilled one reads back the same


def _as_micros(kind: pa.DataType) -> tzinfo | None:
    """The tzinfo of a ``timestamp[us, tz=UTC]`` column (the schema's), which _spill keeps as int64; None for any
    other column, kept as its Python values."""
    if pa.types.is_timestamp(kind) and kind.unit == "us" and kind.tz == "UTC":
        return _UTC
    return None


def _from_micros(micros: int, tz: tzinfo) -> datetime:
    return datetime(1970, 1, 1, tzinfo=tz) + timedelta(microseconds=micros)


_loaded: dict[str, tuple[tuple, weakref.ref]] = {}


def _state(articles_dir: Path) -> tuple:
    """What identifies this content of articles/: each data file's path, inode, size and mtime."""
    state = []
    for path in data_files(articles_dir):
        try:
            st = path.stat()
        except OSError:
            continue
        state.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(state)


def load_index(articles_dir: str | Path, scratch: Scratch | None = None) -> StoredIndex:
    """url -> what we stored for it (a URL stored twice, in a crash window: the row pipelines.latest ranks
    first, the one export and read_latest show and repair_duplicates keeps). Columns a file of an older schema
    version lacks read as null. Read once per state of ``articles/`` in a process (see above); ``scratch``: a
    crawl's (rs_scraper.spill), for the index it reads (a cached one is shared as it is)."""
    key = str(Path(articles_dir).resolve())
    state = _state(Path(articles_dir))
    cached = _loaded.get(key)
    index = cached[1]() if cached is not None and cached[0] == state else None
    if index is None:
        index = _read_index(articles_dir, scratch)
        _loaded[key] = (state, weakref.ref(index))
    return index


def _read_index(articles_dir: str | Path, scratch: Scratch | None = None) -> StoredIndex:
    index = StoredIndex(scratch)
    dataset = stored_files(articles_dir)
    if dataset is None:
        return index
    # One pass, batch by batch (index._fill may spill them as they come). A URL met twice means a crash window
    # (pipelines.latest): only then is the store read again, keeping each URL's winning row. Asking first
    # (winners) would read the url column once more on every night, to find nothing.
    index._fill(batch for _, batch in tagged(dataset, INDEX_COLUMNS))
    if index.repeats:
        index = StoredIndex(scratch)
        index._fill(keep_latest(tagged(dataset, INDEX_COLUMNS), winners(dataset)))
    memory.trim()  # the batches' small blocks are free now: hand their pages back before the crawl starts
    return index


class Written:
    """The stored index as this run's writes change it: ``base`` (the shared index, never modified) plus, for
    each URL written by this run, a 16-byte digest of its content hash (all that ``kind`` compares), kept in one
    bytearray by the URL's id in ``keys`` (rs_scraper.compact: exact keys; the Parquet pipeline shares one
    KeyTable among its maps of URLs): a 100,000-article backfill keeps 17 bytes a URL beside its key, not a str
    and a bytes object in a dict (~250)."""

    _WIDTH = 17  # a flag byte (_ABSENT, _NO_HASH, _HASH) and the 16-byte digest
    _ABSENT, _NO_HASH, _HASH = 0, 1, 2

    def __init__(
        self, base: Mapping[str, Stored] | None = None, keys: KeyTable | None = None, scratch: Scratch | None = None
    ) -> None:
        self.base: Mapping[str, Stored] = base if base is not None else {}
        self.keys = keys if keys is not None else KeyTable()
        self.digests = SpillCells(self._WIDTH, scratch)  # a cell per key id; past RS_SPILL_BYTES in a scratch file
        self.added = 0  # URLs written that the base did not hold

    @staticmethod
    def _digest(content_hash: str | None) -> bytes | None:
        return None if content_hash is None else hashlib.blake2b(content_hash.encode(), digest_size=16).digest()

    def _cell(self, ident: int) -> bytes:
        return self.digests.get(ident) if ident >= 0 else bytes(self._WIDTH)

    def note(self, url: str, content_hash: str | None) -> None:
        ident = self.keys.add(url)
        if self._cell(ident)[0] == self._ABSENT and url not in self.base:
            self.added += 1
        digest = self._digest(content_hash)
        self.digests.set(
            ident, bytes((self._NO_HASH,)) + bytes(16) if digest is None else bytes((self._HASH,)) + digest
        )

    def __contains__(self, url: object) -> bool:
        return (isinstance(url, str) and self._cell(self.keys.find(url))[0] != self._ABSENT) or url in self.base

    def same_content(self, url: str, content_hash: str | None) -> bool | None:
        """Whether ``url``'s latest stored version has this content hash; None when it is not stored."""
        cell = self._cell(self.keys.find(url))
        if cell[0] != self._ABSENT:
            return same_version(cell[1:] if cell[0] == self._HASH else None, self._digest(content_hash))
        old = self.base.get(url)
        return None if old is None else same_version(old.content_hash, content_hash)

    def __len__(self) -> int:
        return len(self.base) + self.added


def read_latest(articles_dir: str | Path, columns: list[str] | None = None):
    """The stored articles with one row per URL even inside a crash window (see pipelines.parquet): where a URL
    has two rows, the one pipelines.latest ranks first (the newest ``fetched_at``). For readers that must not
    see a duplicate before the next crawl repairs it."""
    import pyarrow as pa

    from rs_scraper.schema import ARTICLE_SCHEMA

    wanted = list(columns or ARTICLE_SCHEMA.names)
    dataset = stored_files(articles_dir)
    if dataset is None:
        return ARTICLE_SCHEMA.empty_table().select(wanted)
    read = list(dict.fromkeys(wanted + ["url", "fetched_at"]))
    table = dataset.to_table(columns=read)
    found = winners(dataset, table.column("url"))
    if not found:
        return table.select(wanted)
    schema = pa.schema([dataset.schema.field(name) for name in read])
    return pa.Table.from_batches(list(keep_latest(tagged(dataset, read), found)), schema=schema).select(wanted)
