"""Bringing the files of a dataset (``articles/``, ``revisions/``) to the current schema version.

Two kinds of change (rs_scraper.schema): a version that only *added* columns, and a declared *type change*.
- Added columns: the file is rewritten with them as null. Every crawl does it first, under its lock (a reader
  of our own, ``pipelines.storage.open_dataset``, would read the old file fine, but pandas, DuckDB and Polars
  read a directory with the columns of its first file only, so a directory of mixed versions would hide the
  new columns or fail).
- A type change: only ``rs-scraper migrate`` applies it (``type_changes=True``); a crawl refuses until then.

Each file is rewritten on its own through ``pipelines.storage.write_table_atomic`` (a ``_tmp-`` file, fsync,
rename): a reader sees the old file or the new one, whole, and rows are never added or lost. A run that is
interrupted leaves some files upgraded and some not; running again finishes the job (a current file is left
alone), so the whole operation is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.storage import data_files, write_table_atomic
from rs_scraper.schema import SCHEMA_VERSION, SchemaVersionError, conform, file_version, needs_migration


@dataclass
class Plan:
    """What bringing one dataset to SCHEMA_VERSION takes."""

    root: Path
    current: list[Path] = field(default_factory=list)  # already at SCHEMA_VERSION
    add_columns: list[Path] = field(default_factory=list)  # older, only columns were added since
    change_types: dict[Path, str] = field(default_factory=dict)  # older, with a type change: what changes
    too_new: dict[Path, str] = field(default_factory=dict)  # written by a newer rs_scraper
    unreadable: dict[Path, str] = field(default_factory=dict)  # corrupt, or an unreadable version: why
    versions: dict[Path, int] = field(default_factory=dict)

    @property
    def pending(self) -> list[Path]:
        return self.add_columns + list(self.change_types)


def plan(root: str | Path) -> Plan:
    """Look at every file's footer (no row is read) and sort the files by what they need."""
    result = Plan(Path(root))
    for path in data_files(root):
        try:
            version = file_version(pq.read_schema(path))
        except SchemaVersionError as exc:
            (result.too_new if exc.too_new else result.unreadable)[path] = str(exc)
            continue
        except (OSError, pa.ArrowException) as exc:
            result.unreadable[path] = f"unreadable Parquet file ({type(exc).__name__})"
            continue
        result.versions[path] = version
        changes = needs_migration(version)
        if version == SCHEMA_VERSION:
            result.current.append(path)
        elif changes:
            result.change_types[path] = "; ".join(f"{c.column}: {c.old} -> v{c.version}" for c in changes)
        else:
            result.add_columns.append(path)
    return result


def upgrade_file(path: Path, current: pa.Schema, base: Path | None = None) -> int:
    """Rewrite ``path`` as ``current`` (atomically, same name; through ``base``/.tmp/ when the data dir is
    given, see rs_scraper.fortress); returns its row count."""
    table = conform(pq.ParquetFile(path).read(), current)
    write_table_atomic(table, path, base)
    return table.num_rows


class MigrationNeeded(RuntimeError):
    """The dataset holds files that only ``rs-scraper migrate`` can bring to the current schema, or files of a
    newer version than this code."""


def upgrade(
    root: str | Path, current: pa.Schema, *, type_changes: bool = False, base: Path | None = None
) -> list[Path]:
    """Bring every older file of ``root`` to ``current``; returns the files rewritten. Raises MigrationNeeded,
    before rewriting anything, when a file needs a type change and ``type_changes`` is off (a crawl: only
    ``rs-scraper migrate`` converts types), or is of a newer version. Corrupt files are left to the callers' own
    checks. Call it only under the crawl lock."""
    todo = plan(root)
    if todo.too_new:
        path, why = next(iter(todo.too_new.items()))
        raise MigrationNeeded(f"{path}: {why}")
    if todo.change_types and not type_changes:
        path, what = next(iter(todo.change_types.items()))
        raise MigrationNeeded(f"{path} needs a type change ({what}): run rs-scraper migrate first")
    files = todo.add_columns + list(todo.change_types)
    for path in files:
        if base is None:
            upgrade_file(path, current)
        else:
            upgrade_file(path, current, base)
    return files
