"""Rewriting stored Parquet files: removing superseded rows, repairing duplicates, compacting small files.

Everything goes through ``pipelines.storage.write_table_atomic`` (a ``_tmp-`` file, fsync, rename), so each
single file is always whole. What can be interrupted is a *sequence* of file operations; every sequence here
is ordered so that an interruption leaves a row **twice** (never zero times), and ``repair_duplicates`` (run at
the start of every crawl) removes the extra copy. The crash windows are listed in the README ("Scheduled
crawls").
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.latest import file_order
from pipelines.repeats import repeated
from pipelines.storage import data_files, fsync_dir, write_table_atomic
from rs_scraper import fortress
from rs_scraper.compact import KeyTable, LabelMap
from rs_scraper.schema import ARTICLE_SCHEMA, conform


def read_file(path: Path, schema: pa.Schema = ARTICLE_SCHEMA) -> pa.Table:
    """One data file as stored (no hive column), as ``schema`` so a rewrite keeps every type; a file of an older
    schema version gains the columns added since, as null (rs_scraper.schema.conform). Never through a link."""
    with fortress.open_regular(path) as handle:
        return conform(pq.ParquetFile(handle).read(), schema)


def _base(path: Path, base: Path | None) -> Path:
    # default: the dataset directory two levels up (<dataset>/year=YYYY/file), else the file's directory
    return Path(base) if base is not None else path.parent


def rewrite_without(path: Path, drop: pa.Array, schema: pa.Schema = ARTICLE_SCHEMA, base: Path | None = None) -> int:
    """Rewrite ``path`` without the rows where the boolean mask ``drop`` is true (an empty file when none is
    left: a reader may be about to open it). Returns how many rows were removed."""
    table = read_file(path, schema)
    removed = pc.sum(drop).as_py() or 0
    if not removed:
        return 0
    kept = table.filter(pc.invert(drop))
    write_table_atomic(kept, path, _base(path, base))  # same name: readers see the old file or the new one, whole
    return removed


def remove_urls(
    paths: Iterable[Path], urls: set[str], schema: pa.Schema = ARTICLE_SCHEMA, base: Path | None = None
) -> int:
    """Remove every row whose url is in ``urls`` from the files ``paths`` (the files that held superseded
    versions; the new versions live in other files, written before this is called)."""
    removed = 0
    value_set = pa.array(sorted(urls), pa.string())
    for path in sorted(set(paths)):
        if path.exists():
            with fortress.open_regular(path) as handle:
                column = pq.ParquetFile(handle).read(columns=["url"]).column("url")
            removed += rewrite_without(path, pc.is_in(column, value_set=value_set), schema, base)
    return removed


class UrlFiles:
    """url -> the data files holding a row for it (more than one only after an interrupted replace), compact:
    the URL's key in a KeyTable and its file a small int (rs_scraper.compact.LabelMap, exact keys); the rare
    further files in a dict. The Parquet pipeline keeps one entry for every URL stored or written, its keys in
    the KeyTable its other maps of URLs share (``keys``)."""

    def __init__(self, keys: KeyTable | None = None) -> None:
        self.first: LabelMap[Path] = LabelMap(keys)
        self.more: dict[str, list[Path]] = {}

    def __len__(self) -> int:
        return len(self.first)

    def __contains__(self, url: object) -> bool:
        return url in self.first

    def add(self, url: str, path: Path) -> None:
        """One more file holding ``url``."""
        if url in self.first:
            self.more.setdefault(url, []).append(path)
        else:
            self.first[url] = path

    def __setitem__(self, url: str, paths: list[Path]) -> None:
        self.more.pop(url, None)
        self.first[url] = paths[0]
        if paths[1:]:
            self.more[url] = list(paths[1:])

    def get(self, url: str, default: list[Path] | None = None) -> list[Path]:
        path = self.first.get(url)
        if path is None:
            return [] if default is None else default
        return [path, *self.more.get(url, ())]


def url_files(root: str | Path, keys: KeyTable | None = None) -> UrlFiles:
    """url -> the data files holding a row for it (more than one only after an interrupted replace)."""
    where = UrlFiles(keys)
    for path in data_files(root):
        for url in pq.ParquetFile(path).read(columns=["url"]).column("url").to_pylist():
            where.add(url, path)
    return where


def repair_duplicates(
    root: str | Path,
    key: Callable[[dict], Hashable] = lambda r: r["url"],
    rank: Callable[[dict], tuple] = lambda r: (r.get("fetched_at"),),
    columns: tuple[str, ...] = ("url", "fetched_at"),
    schema: pa.Schema = ARTICLE_SCHEMA,
    base: Path | None = None,
    key_columns: tuple[str, ...] = ("url",),
) -> int:
    """Keep one row per ``key``: the one with the highest ``rank``, ties decided as pipelines.latest decides them
    (the later file, then the earlier row in it): for articles/ the default rank makes this the row the stored
    index, read_latest and export already showed. A duplicate only exists after a crash between writing a new
    version and removing the old one, or mid-compaction. Returns how many rows were removed.

    ``key_columns``: the columns ``key`` reads (``url`` among them). Every crawl runs this, so the keys stored
    more than once are found in Arrow first (usually none: nothing more is read); only their rows become Python
    objects. Making every row one cost ~500 bytes a stored row at the start of every night (issue 14)."""
    files = data_files(root)
    suspects = _stored_twice(files, key_columns)
    if suspects is None:
        return 0
    best: dict[Hashable, tuple] = {}
    rows: list[tuple[Hashable, tuple, Path, int]] = []
    for path in files:
        table = pq.ParquetFile(path).read(columns=list(dict.fromkeys((*columns, *key_columns))))
        positions = pc.indices_nonzero(pc.is_in(_joined_key(table, key_columns), value_set=suspects))
        for i, row in zip(positions.to_pylist(), table.take(positions).to_pylist(), strict=True):
            k = key(row)
            order = (*_comparable(rank(row)), *file_order(path, i))
            rows.append((k, order, path, i))
            if k not in best or order > best[k]:
                best[k] = order
    losers: dict[Path, set[int]] = {}
    for k, order, path, i in rows:
        if order != best[k]:
            losers.setdefault(path, set()).add(i)
    removed = 0
    for path, indexes in losers.items():
        n = pq.ParquetFile(path).metadata.num_rows
        removed += rewrite_without(path, pa.array([i in indexes for i in range(n)], pa.bool_()), schema, base)
    return removed


def _joined_key(table: pa.Table, key_columns: tuple[str, ...]) -> pa.ChunkedArray:
    """Each row's key as one string. Two keys may join alike (a separator inside a URL, a null beside ""), never
    one key two ways: it finds every key stored twice and maybe a few that are not, which the exact pass drops."""
    parts = [pc.fill_null(pc.cast(table.column(name), pa.string()), "") for name in key_columns]
    return parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, "\x1f")


def _stored_twice(files: list[Path], key_columns: tuple[str, ...]) -> pa.Array | None:
    """The joined keys (``_joined_key``) that ``files`` hold more than once; None when there is none. Read a
    file at a time and kept as 8-byte hashes (pipelines.repeats), not as one column and a count of it: a crawl
    runs this on every night's start."""

    def chunks():
        for path in files:
            yield from _joined_key(pq.ParquetFile(path).read(columns=list(key_columns)), key_columns).chunks

    twice = repeated(chunks)
    return pa.array(sorted(twice), pa.string()) if twice else None


def _comparable(values: tuple) -> tuple:
    # None sorts first; datetimes of mixed awareness cannot meet here (the schema makes all UTC-aware)
    return tuple((v is not None, v) if v is not None else (False, 0) for v in values)


def compact(
    root: str | Path,
    schema: pa.Schema = ARTICLE_SCHEMA,
    *,
    min_files: int = 2,
    name: str = "part-compact",
    base: Path | None = None,
) -> dict[str, int]:
    """Merge the files of every partition with at least ``min_files`` files into one.

    Order: the merged file is written (atomically) first, the old files removed after. A crash in between
    leaves every row of that partition twice until ``repair_duplicates`` runs; never zero times.
    Returns {partition: number of files merged}.
    """
    root = Path(root)
    by_partition: dict[Path, list[Path]] = {}
    for path in data_files(root):
        by_partition.setdefault(path.parent, []).append(path)
    merged: dict[str, int] = {}
    for directory, files in sorted(by_partition.items()):
        if len(files) < min_files:
            continue
        table = pa.concat_tables([read_file(p, schema) for p in files])
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        target = directory / f"{name}-{stamp}-{os.getpid()}.parquet"
        write_table_atomic(table, target, base if base is not None else directory)
        for path in files:
            if base is not None:
                fortress.remove(base, fortress.relative_to_base(path, base))
            else:
                path.unlink()
        fsync_dir(directory)
        merged[directory.name] = len(files)
    return merged
