"""The one explicit pyarrow schema of an article row, derived from the declaration in ``rs_scraper.items``, and
its versions.

Never let pyarrow infer types: a batch whose column is all null would be typed ``null`` and break a mixed
dataset. Every table and file of the project is built against ARTICLE_SCHEMA (or REVISION_SCHEMA, which extends
it in ``pipelines.revisions``).

Versions. Every Parquet file we write carries ``rs_scraper.schema_version`` in its key-value metadata; a file
without it was written before versions existed and is version 1 (the 19 columns of the first release). A
column's ``since`` (in its declaration) is the version that added it, so the schema of any version is derived:
the columns with ``since <= version``, in declaration order. The rules that keep every old data dir usable:
- a new column is nullable and appended; SCHEMA_VERSION is the highest ``since``. A file of an older version is
  read with the new columns as null (``conform``), and the next crawl (or ``rs-scraper migrate``) rewrites it
  with them, because pandas, DuckDB and Polars read a directory with the columns of its first file only;
- a column never changes type silently: a type change is declared in TYPE_CHANGES (the version from which the
  declared type holds, the type before, how to convert) and only ``rs-scraper migrate`` applies it: a crawl
  refuses such a data dir until then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from rs_scraper.items import BY_NAME, COLUMNS, Column

VERSION_KEY = b"rs_scraper.schema_version"


@dataclass(frozen=True)
class TypeChange:
    """From ``version`` on, ``column`` has its declared type; files of earlier versions hold ``old``."""

    version: int
    column: str
    old: pa.DataType
    convert: Callable[[pa.ChunkedArray, pa.DataType], pa.ChunkedArray] | None = None  # default: pyarrow cast


TYPE_CHANGES: tuple[TypeChange, ...] = ()  # none yet: every change so far only added columns

SCHEMA_VERSION: int = max(c.since for c in COLUMNS)


def stamped(schema: pa.Schema, version: int = SCHEMA_VERSION) -> pa.Schema:
    """``schema`` with the schema version in its metadata (pyarrow writes it into every Parquet footer)."""
    return schema.with_metadata({**(schema.metadata or {}), VERSION_KEY: str(version).encode()})


ARTICLE_SCHEMA: pa.Schema = stamped(pa.schema([c.field for c in COLUMNS]))

# The hive partition column of articles/ (directory name year=YYYY); not stored inside the files.
PARTITION_FIELD = pa.field("year", pa.int32())
PARTITION_COLUMN = Column(
    name="year",
    arrow=PARTITION_FIELD.type,
    nullable=True,
    layer="crawl",
    clean=None,
    since=1,
    shown=None,
    meaning="Publication year in UTC, from the directory `year=YYYY`; `0` when `published_at` is null. Not stored "
    'inside the files. pandas reads it back as a `category` of ints: use `frame["year"].astype(int)` for '
    "arithmetic.",
    example=2024,
    null_when="never (`0` stands for unknown)",
)


class SchemaVersionError(ValueError):
    """A file whose schema version this code cannot read (unparsable, or ``too_new``: newer than ours)."""

    def __init__(self, message: str, too_new: bool = False) -> None:
        super().__init__(message)
        self.too_new = too_new


def file_version(schema: pa.Schema) -> int:
    """The schema version a file was written with (1 when it carries none: written before versions existed)."""
    raw = (schema.metadata or {}).get(VERSION_KEY)
    if raw is None:
        return 1
    try:
        version = int(raw.decode())
    except (UnicodeDecodeError, ValueError):
        raise SchemaVersionError(f"unreadable schema version {raw!r}") from None
    if version < 1:
        raise SchemaVersionError(f"unreadable schema version {version}")
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"schema version {version} is newer than this rs_scraper's ({SCHEMA_VERSION}): "
            f"upgrade rs_scraper to read it",
            too_new=True,
        )
    return version


def _since(name: str) -> int:
    col = BY_NAME.get(name)
    return col.since if col is not None else 1  # columns beyond the article's (revision fields) are original


def type_at(field: pa.Field, version: int) -> pa.DataType:
    """The type ``field`` had in files of ``version``."""
    kind = field.type
    for change in sorted(TYPE_CHANGES, key=lambda c: c.version, reverse=True):
        if change.column == field.name and version < change.version:
            kind = change.old
    return kind


def schema_at(current: pa.Schema, version: int) -> pa.Schema:
    """What a file of ``version`` holds, for ``current`` (ARTICLE_SCHEMA, REVISION_SCHEMA): the columns that
    existed then, in order, with the types of then."""
    fields = [f.with_type(type_at(f, version)) for f in current if _since(f.name) <= version]
    return stamped(pa.schema(fields), version)


def needs_migration(version: int) -> list[TypeChange]:
    """The type changes a file of ``version`` still needs (only ``rs-scraper migrate`` applies them)."""
    return [c for c in TYPE_CHANGES if version < c.version]


def conform(table: pa.Table, current: pa.Schema) -> pa.Table:
    """A table read from a file of any supported version, as ``current``: missing columns are added as null,
    declared type changes are converted, columns are put in order. Raises on anything else (a foreign file)."""
    version = file_version(table.schema)
    arrays = []
    for field in current:
        if field.name not in table.column_names:
            if not field.nullable or _since(field.name) <= version:
                raise ValueError(f"column {field.name} is missing")
            arrays.append(pa.nulls(table.num_rows, field.type))
            continue
        column = table.column(field.name)
        change = next((c for c in needs_migration(version) if c.column == field.name), None)
        if change is not None and change.convert is not None:
            column = change.convert(column, field.type)
        arrays.append(column if column.type.equals(field.type) else pc.cast(column, field.type))
    return pa.Table.from_arrays(arrays, schema=current)
