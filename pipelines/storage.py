"""Parquet storage of article rows, usable without a crawl.

Layout: ``<root>/year=YYYY/part-<run_id>-<seq>.parquet`` (hive partitioning by publication year; rows without
a publication date go to ``year=0``: a null partition value cannot be read back by pandas, and a row without
a date must still be stored so that coverage monitors can see it).

Safety rules, because a crawl can be killed at any instant:
- every file is written under a name starting with ``_`` (which pyarrow and pandas skip when reading a
  directory), flushed to disk, then renamed into place: a reader sees a complete file or none;
- file names carry the run id and a sequence number, so re-runs only ever add files;
- every table is built against ARTICLE_SCHEMA, never inferred, so an all-null batch keeps its types.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from rs_scraper.schema import ARTICLE_SCHEMA, PARTITION_FIELD

NULL_PARTITION = "0"  # partition of rows without published_at
TMP_PREFIX = "_tmp-"
PARTITIONING = ds.partitioning(pa.schema([PARTITION_FIELD]), flavor="hive")


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


def write_table_atomic(table: pa.Table, final_path: Path) -> Path:
    """Write ``table`` to ``final_path`` through a ``_tmp-`` file and an atomic rename."""
    final_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = final_path.with_name(f"{TMP_PREFIX}{uuid.uuid4().hex[:8]}-{final_path.name}")
    try:
        with open(tmp, "wb") as handle:
            pq.write_table(table, handle, compression="zstd")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, final_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    fsync_dir(final_path.parent)
    return final_path


class PartitionedWriter:
    """Buffers rows and writes them as hive-partitioned Parquet files, ``flush_rows`` rows at a time."""

    def __init__(self, root: str | Path, run_id: str, flush_rows: int = 500, prefix: str = "part") -> None:
        self.root = Path(root)
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
            written.append(write_table_atomic(rows_to_table(rows), self.root / partition / name))
            self.rows_written += len(rows)
        self.buffer = []
        self.files.extend(written)
        return written

    def close(self) -> list[Path]:
        return self.flush()


def sweep_partial_files(root: str | Path) -> list[Path]:
    """Remove the ``_tmp-`` files an interrupted writer left under ``root``; returns what was removed.

    Only safe while no writer is running: ``rs-scraper crawl`` calls it once it holds the data dir's lock.
    The files are incomplete copies whose complete version either was renamed into place or was never
    committed, so nothing stored is lost.
    """
    root = Path(root)
    removed = []
    for path in sorted(root.rglob(f"{TMP_PREFIX}*")) if root.is_dir() else []:
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def data_files(root: str | Path) -> list[Path]:
    """The complete Parquet files of a dataset directory (temporary and hidden files excluded)."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.rglob("*.parquet")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(root).parts)
    )


def open_dataset(root: str | Path, schema: pa.Schema = ARTICLE_SCHEMA) -> ds.Dataset | None:
    """The dataset at ``root`` read with our schema (not inferred); None when there is no file yet."""
    files = data_files(root)
    if not files:
        return None
    full = schema.append(PARTITION_FIELD)
    return ds.dataset(
        [str(f) for f in files], schema=full, format="parquet", partitioning=PARTITIONING,
        partition_base_dir=str(root),
    )


def read_columns(root: str | Path, columns: list[str]) -> pa.Table:
    """Some columns of the whole dataset (an empty table when there is none)."""
    dataset = open_dataset(root)
    if dataset is None:
        return ARTICLE_SCHEMA.empty_table().select(columns)
    return dataset.to_table(columns=columns)
