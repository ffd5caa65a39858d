"""Parquet storage of article rows, usable without a crawl.

Layout: ``<root>/year=YYYY/part-<run_id>-<seq>.parquet`` (hive partitioning by publication year; rows without
a publication date go to ``year=0``: a null partition value cannot be read back by pandas, and a row without
a date must still be stored so that coverage monitors can see it).

Safety rules, because a crawl can be killed at any instant and readers list and open files at any instant:
- every file is written whole in ``<base>/.tmp/`` (base: the data dir), fsynced, then renamed into place, all
  through rs_scraper.fortress (no symlink below the data dir is ever followed): a reader sees a complete file
  or none, and no reader's glob (``articles/**/*.parquet``) ever reaches a temporary;
- a file is only ever *replaced whole* under its own name, never modified in place, so an open reader keeps
  the version it opened (and a snapshot's hard link keeps it too: pipelines.snapshots);
- file names carry the run id and a sequence number, so re-runs only ever add files;
- every table is built against ARTICLE_SCHEMA, never inferred, so an all-null batch keeps its types.

``AppendingStore`` is how a crawl writes: each row lives in exactly one file, and adding or replacing rows
rewrites one file at a time (``rewrite_file``), so a reader listing the directory and then opening the files
gets every URL exactly once whichever version of each file it opens (README "Reading while a crawl runs").
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from rs_scraper import fortress, memory
from rs_scraper.schema import ARTICLE_SCHEMA, PARTITION_FIELD, conform

if TYPE_CHECKING:
    import pyarrow.dataset as ds

NULL_PARTITION = "0"  # partition of rows without published_at
TMP_PREFIX = "_tmp-"


def rows_to_table(rows: Iterable[Mapping], schema: pa.Schema = ARTICLE_SCHEMA) -> pa.Table:
    """Rows (dicts with the schema's names) as a table of exactly ``schema``; extra keys are ignored."""
    names = schema.names
    return pa.Table.from_pylist([{n: row.get(n) for n in names} for row in rows], schema=schema)


def partition_of(row: Mapping) -> str:
    published = row.get("published_at")
    return f"year={published.year}" if published is not None else f"year={NULL_PARTITION}"


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_table_atomic(table: pa.Table, final_path: Path, base: Path | None = None) -> Path:
    """Write ``table`` to ``final_path`` through ``<base>/.tmp/`` and an atomic rename. ``base`` is the trusted
    directory (the data dir) below which no symlink is followed; default: the file's own directory."""
    final_path = Path(final_path)
    base = Path(base) if base is not None else final_path.parent
    if base == final_path.parent:
        base.mkdir(parents=True, exist_ok=True)
    rel = fortress.relative_to_base(final_path, base)
    return fortress.write_atomic(base, rel, lambda handle: pq.write_table(table, handle, compression="zstd"))


# Rows per row group when a file is rewritten: a rewrite holds one or two groups decoded at a time, and decoding
# a group costs far more than its rows (nested lists, column buffers): reading a 1000-row group of the mirror's
# rows peaked at +63-90 MiB, a 250-row one at +32-39 (issue 14). Files grow ~10 % bigger.
ROW_GROUP_ROWS = 250
FILE_ROWS = 1000  # rows per file by default: RS_PARQUET_FILE_ROWS (rs_scraper/settings.py says why)


def rewrite_file(
    path: Path, base: Path, schema: pa.Schema, drop: set[str] | None = None, add: list[Mapping] | None = None
) -> int:
    """Replace ``path`` whole (atomically, under its own name) by its rows minus those whose url is in
    ``drop``, plus ``add``. Streams one row group at a time. A file left with no row stays as an empty file
    (a reader that listed it may be about to open it); ``sweep_empty_files`` removes it later. Returns the
    number of rows of the new file."""
    drop_set = pa.array(sorted(drop or ()), pa.string())
    rows = 0

    def write(handle) -> None:
        nonlocal rows
        pending: list[pa.Table] = []
        with pq.ParquetWriter(handle, schema, compression="zstd") as writer:

            def emit(force: bool = False) -> None:
                # Groups of at most ROW_GROUP_ROWS, however the file was written before: a group of a larger
                # size would be decoded whole by the next rewrite, and a file appended to batch after batch
                # would otherwise keep one group that grows with it.
                nonlocal pending
                if pending and (force or sum(t.num_rows for t in pending) >= ROW_GROUP_ROWS):
                    writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP_ROWS)
                    pending = []

            if path.exists():
                with fortress.open_regular(path) as source:
                    parquet = pq.ParquetFile(source)
                    for index in range(parquet.num_row_groups):
                        group = conform(parquet.read_row_group(index), schema)
                        if len(drop_set):
                            group = group.filter(pc.invert(pc.is_in(group.column("url"), value_set=drop_set)))
                        if group.num_rows:
                            pending.append(group)
                            rows += group.num_rows
                            emit()
            new_rows = add or []
            for start in range(0, len(new_rows), ROW_GROUP_ROWS):  # a batch's rows made Arrow a group at a time
                chunk = rows_to_table(new_rows[start : start + ROW_GROUP_ROWS], schema)
                pending.append(chunk)
                rows += chunk.num_rows
                emit()
            emit(force=True)

    rel = fortress.relative_to_base(path, base)
    fortress.write_atomic(base, rel, write)
    return rows


class AppendingStore:
    """A dataset directory (articles/ or revisions/) written by rewriting one file at a time.

    New rows go to the partition's *open* file (one with fewer than ``max_rows`` rows), rewritten with them
    appended, or to a new file when none is open; a replaced row is swapped inside the file that holds it. So
    every row is in exactly one file at every instant, and files never multiply with updates (no compaction
    is needed). Only a row that changes partition (its publication year) takes two steps: added to its new
    partition first, removed from the old one after (a crash or a racing reader sees it twice, never zero
    times; pipelines.compaction.repair_duplicates removes the extra copy)."""

    def __init__(
        self, root: str | Path, base: str | Path, schema: pa.Schema, prefix: str, run_id: str, max_rows: int = FILE_ROWS
    ) -> None:
        self.root = Path(root)
        self.base = Path(base)
        self.schema = schema
        self.prefix = prefix
        self.run_id = run_id
        self.max_rows = max(1, int(max_rows))
        self.seq = next_seq(self.root, f"{prefix}-{run_id}-")
        self.sizes: dict[Path, int] = {}
        for path in data_files(self.root):
            try:
                self.sizes[path] = pq.read_metadata(path).num_rows
            except (OSError, pa.ArrowException):
                continue  # unreadable: never chosen as an open file (quarantine / verify deal with it)

    def new_file(self, partition: str) -> Path:
        path = self.root / partition / f"{self.prefix}-{self.run_id}-{self.seq:05d}.parquet"
        self.seq += 1
        self.sizes[path] = 0
        return path

    def open_file(self, partition: str, room: int) -> Path:
        """The fullest file of ``partition`` that still has ``room`` rows free, else a new one."""
        directory = self.root / partition
        candidates = [(n, p) for p, n in self.sizes.items() if p.parent == directory and n + room <= self.max_rows]
        return max(candidates, key=lambda c: (c[0], str(c[1])))[1] if candidates else self.new_file(partition)

    def place(self, rows: list[Mapping], adds: dict[Path, list[Mapping]]) -> None:
        """Assign new rows to files of their partitions (filling open files up to ``max_rows``)."""
        groups: dict[str, list[Mapping]] = {}
        for row in rows:
            groups.setdefault(partition_of(row), []).append(row)
        for partition, group in sorted(groups.items()):
            for start in range(0, len(group), self.max_rows):
                chunk = group[start : start + self.max_rows]
                path = self.open_file(partition, len(chunk))
                adds.setdefault(path, []).extend(chunk)
                self.sizes[path] = self.sizes.get(path, 0) + len(chunk)

    def apply(self, adds: dict[Path, list[Mapping]], drops: dict[Path, set[str]] | None = None) -> list[Path]:
        """Rewrite every file with rows to add (minus its drops), then every file with drops only: the order
        that never leaves a row nowhere. Returns the files written."""
        drops = drops or {}
        written = []
        for path in sorted(adds):
            self.sizes[path] = rewrite_file(path, self.base, self.schema, drops.get(path), adds[path])
            written.append(path)
        for path in sorted(set(drops) - set(adds)):
            if path.exists():
                self.sizes[path] = rewrite_file(path, self.base, self.schema, drops[path])
                written.append(path)
        return written


class PartitionedWriter:
    """Buffers rows and writes them as hive-partitioned Parquet files, ``flush_rows`` rows at a time."""

    def __init__(
        self, root: str | Path, run_id: str, flush_rows: int = 500, prefix: str = "part", base: str | Path | None = None
    ) -> None:
        self.root = Path(root)
        self.base = Path(base) if base is not None else self.root
        self.run_id = run_id
        self.flush_rows = max(1, int(flush_rows))
        self.prefix = prefix
        self.buffer: list[Mapping] = []
        self.seq = 0
        self.files: list[Path] = []
        self.rows_written = 0

    def add(self, row: Mapping) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= self.flush_rows:
            self.flush()

    def flush(self) -> list[Path]:
        if not self.buffer:
            return []
        groups: dict[str, list[Mapping]] = {}
        for row in self.buffer:
            groups.setdefault(partition_of(row), []).append(row)
        written = []
        for partition, rows in sorted(groups.items()):
            name = f"{self.prefix}-{self.run_id}-{self.seq:05d}.parquet"
            self.seq += 1
            written.append(write_table_atomic(rows_to_table(rows), self.root / partition / name, self.base))
            self.rows_written += len(rows)
        self.buffer = []
        self.files.extend(written)
        return written

    def close(self) -> list[Path]:
        return self.flush()


def release_unused_memory() -> None:
    """Hand the memory freed since the last call back to the OS: Arrow's pool, and the C heap (glibc's
    ``malloc_trim``, which also returns what Python, lxml and zlib freed). A crawl's Python objects stay small
    (tracemalloc: ~85 MiB at the end of a 10k crawl, ~50 of them modules) while its RSS grew with the site:
    freed buffers of page bodies, parse trees and Parquet rewrites stay mapped in the allocator's heaps unless
    trimmed. Called after each batch is stored (ParquetPipeline.flush): a few milliseconds a batch."""
    pool = pa.default_memory_pool()
    if pool.backend_name != "system":  # the system pool's release_unused is the malloc_trim below
        pool.release_unused()
    memory.trim()


def sweep_partial_files(root: str | Path) -> list[Path]:
    """Remove what interrupted writers left under the data dir ``root``: every file of ``root/.tmp/`` and any
    ``_tmp-`` file (the temporaries of older versions); returns what was removed.

    Only safe while no writer is running: ``rs-scraper crawl`` calls it once it holds the data dir's lock.
    The files are incomplete copies whose complete version either was renamed into place or was never
    committed, so nothing stored is lost. Links are removed as links (their targets are never touched).
    """
    root = Path(root)
    removed = []
    tmp = root / fortress.TMP_DIR
    if tmp.is_dir() and not tmp.is_symlink():
        for entry in sorted(tmp.iterdir()):
            if entry.is_symlink() or entry.is_file():
                entry.unlink()
                removed.append(entry)
    for path in fortress.regular_files(root, lambda name: name.startswith(TMP_PREFIX)) if root.is_dir() else []:
        path.unlink()
        removed.append(path)
    return removed


def data_files(root: str | Path) -> list[Path]:
    """The complete Parquet files of a dataset directory: regular files only (a symlink, a FIFO or a directory
    named ``*.parquet`` is never read; ``rs-scraper verify`` reports them), temporary and hidden ones excluded."""
    root = Path(root)
    return [
        p
        for p in fortress.regular_files(root, lambda name: name.endswith(".parquet"))
        if not any(part.startswith(("_", ".")) for part in p.relative_to(root).parts)
    ]


def next_seq(root: Path, prefix: str) -> int:
    """One past the highest sequence number of the files named ``<prefix><seq>.parquet`` under ``root``."""
    seqs = [
        int(p.stem[len(prefix) :])
        for p in data_files(root)
        if p.name.startswith(prefix) and p.stem[len(prefix) :].isdigit()
    ]
    return max(seqs, default=-1) + 1


class StoredFiles:
    """A dataset directory read file by file with ``pyarrow.parquet``: what a crawl reads (the stored index, the
    revision index, the WARC index, the data card), without ``pyarrow.dataset``, whose module imports pandas
    (~40 MiB and ~0.3 s in every crawl process, issue 14; rs_scraper.session.arrow_without_pandas keeps pyarrow
    from importing it lazily). Reads what ``open_dataset`` reads: the files of
    ``data_files`` in that order, each batch conformed to ``schema`` (rs_scraper.schema.conform: a file of an
    older version gains the newer columns as null), the hive column ``year`` (from the file's ``year=YYYY``
    directory) only when asked for. Streams one batch at a time; only ``to_table`` holds its columns whole.

    Quacks like the ``ds.Dataset`` that pipelines.latest ranks (``schema``, ``to_table``); ``batches`` is what
    ``pipelines.latest.tagged`` gives for a dataset: (file path, batch) in storage order."""

    def __init__(
        self, root: str | Path, schema: pa.Schema = ARTICLE_SCHEMA, files: list[Path] | None = None, hive: bool = True
    ) -> None:
        self.root = Path(root)
        self.files = data_files(self.root) if files is None else list(files)
        self.hive = hive
        # open_dataset's schema: the stored columns, then the partition column
        self.schema = schema.append(PARTITION_FIELD) if hive else schema

    def _fields(self, columns: Iterable[str] | None) -> list[pa.Field]:
        if columns is None:
            return list(self.schema)
        fields = []
        for name in columns:
            index = self.schema.get_field_index(name)
            if index < 0:  # what a scanner says of an unknown column
                raise pa.ArrowInvalid(f"No match for FieldRef.Name({name}) in {self.schema}")
            fields.append(self.schema.field(index))
        return fields

    def output_schema(self, columns: Iterable[str] | None = None) -> pa.Schema:
        """The schema of what ``batches`` and ``to_table`` give for ``columns`` (None: every column)."""
        return pa.schema(self._fields(columns), metadata=self.schema.metadata)

    def batches(
        self, columns: Iterable[str] | None = None, batch_size: int = 1000
    ) -> Iterator[tuple[str, pa.RecordBatch]]:
        """(file path, batch of ``columns``) for every file in order, at most ``batch_size`` rows a batch."""
        wanted = self.output_schema(columns)
        stored = pa.schema(
            [f for f in wanted if not (self.hive and f.name == PARTITION_FIELD.name)], metadata=wanted.metadata
        )
        for path in self.files:
            year = partition_year(path, self.root) if len(stored) < len(wanted) else None
            for batch in self._file_batches(path, stored, batch_size):
                if len(stored) < len(wanted):
                    value = pa.array([year] * batch.num_rows, PARTITION_FIELD.type)
                    arrays = [batch.column(f.name) if f.name in stored.names else value for f in wanted]
                    batch = pa.RecordBatch.from_arrays(arrays, schema=wanted)
                yield str(path), batch

    def _file_batches(self, path: Path, stored: pa.Schema, batch_size: int) -> Iterator[pa.RecordBatch]:
        with fortress.open_regular(path) as handle:  # never through a link, like every reader of ours
            try:
                parquet = pq.ParquetFile(handle)
            except pa.ArrowInvalid as exc:  # the message a dataset scan gives: which file
                raise pa.ArrowInvalid(f"Could not open Parquet input source '{path}': {exc}") from exc
            present = [name for name in stored.names if name in parquet.schema_arrow.names]
            # A reader per row group: one reader over a whole file keeps state from every group it passed until
            # it ends (a 200,000-row WARC index of 98 groups: +10 MiB held, the peak of a 100k night; per group:
            # flat). columns=[] still yields batches with their row counts: a file lacking every wanted column.
            for group in range(parquet.num_row_groups):
                for batch in parquet.iter_batches(batch_size=max(1, batch_size), columns=present, row_groups=[group]):
                    yield from conform(pa.Table.from_batches([batch]), stored).combine_chunks().to_batches()

    def to_table(self, columns: Iterable[str] | None = None) -> pa.Table:
        """``columns`` of every row, whole (the columns a caller needs side by side, e.g. ``url`` for
        pipelines.latest.winners)."""
        wanted = self.output_schema(columns)
        return pa.Table.from_batches([b for _, b in self.batches(wanted.names, TABLE_BATCH_ROWS)], schema=wanted)


TABLE_BATCH_ROWS = 65536  # rows per batch of StoredFiles.to_table (few chunks; the table is whole anyway)


def partition_year(path: Path, root: Path) -> int | None:
    """The hive partition value of a file below ``root`` (``year=YYYY`` directory), None outside one."""
    value = None
    for part in path.relative_to(root).parts[:-1]:
        key, eq, raw = part.partition("=")
        if eq and key == PARTITION_FIELD.name:
            value = unquote(raw)
    return None if value is None else pc.cast(pa.scalar(value), PARTITION_FIELD.type).as_py()


def stored_files(root: str | Path, schema: pa.Schema = ARTICLE_SCHEMA) -> StoredFiles | None:
    """The dataset at ``root`` as StoredFiles (no pyarrow.dataset, no pandas); None when there is no file yet."""
    files = data_files(root)
    return StoredFiles(root, schema, files) if files else None


def open_dataset(root: str | Path, schema: pa.Schema = ARTICLE_SCHEMA) -> ds.Dataset | None:
    """The dataset at ``root`` read with our schema (not inferred); None when there is no file yet. For readers
    that need dataset expressions (rs-scraper export): pyarrow.dataset imports pandas, so nothing a crawl runs
    comes here (StoredFiles reads the same rows)."""
    import pyarrow.dataset as ds

    files = data_files(root)
    if not files:
        return None
    full = schema.append(PARTITION_FIELD)
    return ds.dataset(
        [str(f) for f in files],
        schema=full,
        format="parquet",
        partitioning=ds.partitioning(pa.schema([PARTITION_FIELD]), flavor="hive"),
        partition_base_dir=str(root),
    )


def read_columns(root: str | Path, columns: list[str], schema: pa.Schema = ARTICLE_SCHEMA) -> pa.Table:
    """Some columns of the whole dataset (an empty table when there is none)."""
    files = data_files(root)
    if not files:
        return schema.empty_table().select(columns)
    return StoredFiles(root, schema, files).to_table(columns)
