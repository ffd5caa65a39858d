"""Every output format of the dataset, declared once: ``rs-scraper export OUT`` and ``scrapy crawl rs -O OUT`` both
write through this registry.

A format is one small class below: its name, the file endings that mean it, whether it is binary (a file with a
footer: never stdout, never gzipped, never appended to), whether ``.gz`` may be added to its ending, whether
Scrapy's ``-o`` may append to an existing file, how to write a stream of record batches of one explicit schema
(``open``), and how an analyst reads the file back (``read_rows``: every registered format is round-trip tested
with it, tests/test_output_formats.py). What follows from the registry, with no list of formats anywhere else:
``rs-scraper export``'s ``--format`` choices, name endings and refusals (rs_scraper.cli.export_cmd), one Scrapy
feed exporter class per format (rs_scraper.exporters) and ``FEED_EXPORTERS`` (rs_scraper.settings), the ``-o``
refusal before a crawl (rs_scraper.session), and the format list of ``rs-scraper export --help``.

Values are in the one dialect of every output (rs_scraper.dialect). Adding a format = one class here, decorated
with ``@register``.

This module is imported by ``settings.py`` and by ``rs-scraper --help``: pyarrow is imported where it is used.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar

from rs_scraper.dialect import csv_value, dumps

if TYPE_CHECKING:
    import pyarrow as pa


class Writer:
    """Writes record batches of one schema into a binary handle it does not own: ``close`` finishes the file (a
    footer, a closing bracket) and leaves the handle open for its owner (the export's temporary file, stdout,
    Scrapy's feed storage). ``abandon`` lets go of the handle without finishing (the write failed)."""

    def write(self, rows: pa.RecordBatch | pa.Table) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def abandon(self) -> None:
        self.close()


class Format:
    name: ClassVar[str]  # --format NAME, the FEED_EXPORTERS key
    title: ClassVar[str]  # as messages name it: "Parquet"
    extensions: ClassVar[tuple[str, ...]]  # file endings that mean it, lower case
    aliases: ClassVar[tuple[str, ...]] = ()  # other names Scrapy may be given (``-O x.jsonlines``)
    summary: ClassVar[str]  # one line for --help
    binary: ClassVar[bool] = False  # a file with a footer: never stdout, never .gz
    gzip: ClassVar[bool] = False  # ``.gz`` after one of its endings gzips it on the way
    append: ClassVar[bool] = False  # ``scrapy crawl -o`` may add rows to an existing file

    def open(self, handle: IO[bytes], schema: pa.Schema, *, appending: bool = False) -> Writer:
        raise NotImplementedError

    def read_rows(self, path: str | Path, schema: pa.Schema) -> list[dict]:
        """The rows of a file of this format as Python values typed by ``schema``, as an analyst reads it back."""
        raise NotImplementedError

    def append_refusal(self, name: object) -> str:
        """The one-line refusal of ``-o`` onto an existing file of this format (said before a crawl by
        rs_scraper.session, and by the feed exporter should one get that far)."""
        return (
            f"cannot append to the existing {self.title} file {name}: a {self.title} file cannot be appended "
            f"to; use -O (overwrite) or a new file name"
        )

    @classmethod
    def feed_names(cls) -> tuple[str, ...]:
        """The format names Scrapy may infer from a file name (its last extension) or be given."""
        endings = (e.rsplit(".", 1)[-1] for e in cls.extensions)
        return tuple(dict.fromkeys((cls.name, *cls.aliases, *endings)))

    @classmethod
    def exporter_name(cls) -> str:
        """The name of its Scrapy exporter class in rs_scraper.exporters."""
        return f"{cls.name.capitalize()}ItemExporter"


REGISTRY: dict[str, Format] = {}


def register(cls: type[Format]) -> type[Format]:
    REGISTRY[cls.name] = cls()
    return cls


# ---------------------------------------------------------------------------------------------- lookups
def get(name: str) -> Format:
    """The format called ``name`` (a name or alias); KeyError when none is."""
    for fmt in REGISTRY.values():
        if name == fmt.name or name in fmt.aliases:
            return fmt
    raise KeyError(name)


def for_feed(name: str) -> Format | None:
    """The format Scrapy means by ``name`` (``-O x.jsonlines``, ``FEEDS={...: {"format": ...}}``), or None."""
    return next((f for f in REGISTRY.values() if name.lower() in f.feed_names()), None)


def feed_exporters() -> dict[str, str]:
    """settings.FEED_EXPORTERS: every name Scrapy may be given or infer, to the exporter of its format."""
    return {n: f"rs_scraper.exporters.{f.exporter_name()}" for f in REGISTRY.values() for n in f.feed_names()}


def suffix_format(name: str) -> tuple[str | None, bool]:
    """(format, gzipped) a file name says, or (None, False); the longest ending wins (out.csv.gz is csv)."""
    lower = name.lower()
    endings = [(e, f.name, False) for f in REGISTRY.values() for e in f.extensions]
    endings += [(e + ".gz", f.name, True) for f in REGISTRY.values() if f.gzip for e in f.extensions]
    for ending, fmt, gz in sorted(endings, key=lambda x: len(x[0]), reverse=True):
        if lower.endswith(ending):
            return fmt, gz
    return None, False


def format_of(name: str, given: str | None) -> tuple[str, bool]:
    """The format to write ``name`` in: ``given`` (``--format``) or the name's ending; ValueError (one line) when
    neither says, or when they disagree (``--format csv out.jsonl`` would write CSV into a ``.jsonl``)."""
    said, gz = suffix_format(name) if name != "-" else (None, False)
    if given and said and given != said:
        raise ValueError(f"--format {given} contradicts the name {name!r} (a {said} file): rename it or drop --format")
    fmt = given or said
    if fmt is None:
        base = name.rsplit("/", 1)[-1]
        ending = base.rpartition(".")[2].lower() if "." in base else ""
        what = f"unknown format {ending!r} of {name!r}" if ending else f"cannot tell the format of {name!r}"
        raise ValueError(f"{what}: name it {endings_text()}, or pass --format")
    return fmt, gz


def endings_text() -> str:
    """``.csv, .csv.gz, ... or .parquet``: every ending of every format, for messages."""
    endings = [x for f in REGISTRY.values() for e in f.extensions for x in (e, e + ".gz")[: 2 if f.gzip else 1]]
    return ", ".join(endings[:-1]) + f" or {endings[-1]}"


def help_text() -> str:
    """One line per format, for ``rs-scraper export --help``."""
    lines = []
    for f in REGISTRY.values():
        where = "a file only" if f.binary else "a file or - (stdout)" + (", gzipped as .gz" if f.gzip else "")
        lines.append(f"  {f.name:8} {' '.join(f.extensions)}: {f.summary}; {where}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- helpers
def as_schema(rows: pa.RecordBatch | pa.Table, schema: pa.Schema) -> pa.Table:
    """``rows`` as exactly ``schema``: its columns, in order, of its types (never inferred)."""
    import pyarrow as pa

    table = rows if isinstance(rows, pa.Table) else pa.Table.from_batches([rows])
    return table.select(schema.names).cast(schema)


def typed(value: Any, kind: pa.DataType) -> Any:
    """A value read from JSON (ISO 8601 text for dates and times) as the Python value of its Arrow type."""
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_timestamp(kind) and isinstance(value, str):
        return datetime.fromisoformat(value)
    if pa.types.is_date(kind) and isinstance(value, str):
        return date.fromisoformat(value)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return [typed(v, kind.value_type) for v in value]
    if pa.types.is_struct(kind):
        return {f.name: typed(value.get(f.name), f.type) for f in kind}
    return value


def csv_typed(text: str, kind: pa.DataType) -> Any:
    """A CSV field (the dialect: empty is null, nested values as JSON, numbers as text) as its Python value."""
    import pyarrow as pa

    if text == "":
        return None
    if pa.types.is_nested(kind):
        return typed(json.loads(text), kind)
    if pa.types.is_integer(kind):
        return int(text)
    if pa.types.is_floating(kind):
        return float(text)
    if pa.types.is_boolean(kind):
        return text == "True"
    return typed(text, kind)


class _TextWriter(Writer):
    """UTF-8 text on the binary handle, one row at a time; ``row``/``end`` say what a row and the end look like."""

    def __init__(self, handle: IO[bytes], schema: pa.Schema, appending: bool) -> None:
        self.text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        self.schema = schema
        self.rows = 0
        self.start(appending)

    def start(self, appending: bool) -> None:
        pass

    def row(self, row: dict) -> None:
        raise NotImplementedError

    def end(self) -> None:
        pass

    def write(self, rows: pa.RecordBatch | pa.Table) -> None:
        for row in rows.select(self.schema.names).to_pylist():
            self.row(row)
            self.rows += 1

    def close(self) -> None:
        self.end()
        self.abandon()

    def abandon(self) -> None:
        self.text.detach()  # flushes; the caller owns (and closes) the binary handle


# ---------------------------------------------------------------------------------------------- the formats
@register
class Csv(Format):
    name = "csv"
    title = "CSV"
    extensions = (".csv",)
    gzip = True
    append = True  # rows added to an existing file follow its header
    summary = "RFC 4180, UTF-8, a header row; lists and structs as JSON, timestamps ISO 8601 UTC with Z"

    class _Writer(_TextWriter):
        def start(self, appending: bool) -> None:
            self.out = csv.writer(self.text)
            if not appending:
                self.out.writerow(self.schema.names)

        def row(self, row: dict) -> None:
            self.out.writerow([csv_value(row[name]) for name in self.schema.names])

    def open(self, handle: IO[bytes], schema: pa.Schema, *, appending: bool = False) -> Writer:
        return self._Writer(handle, schema, appending)

    def read_rows(self, path: str | Path, schema: pa.Schema) -> list[dict]:
        with _opened(path) as text:
            reader = csv.reader(text)
            header = next(reader)
            kinds = [schema.field(n).type for n in header]
            return [{n: csv_typed(v, k) for n, k, v in zip(header, kinds, values, strict=True)} for values in reader]


@register
class JsonLines(Format):
    name = "jsonl"
    title = "JSON Lines"
    extensions = (".jsonl", ".ndjson", ".jl")
    aliases = ("jsonlines",)
    gzip = True
    append = True
    summary = "one JSON object per line, UTF-8; timestamps ISO 8601 UTC with Z, null as null"

    class _Writer(_TextWriter):
        def row(self, row: dict) -> None:
            self.text.write(dumps(row) + "\n")

    def open(self, handle: IO[bytes], schema: pa.Schema, *, appending: bool = False) -> Writer:
        return self._Writer(handle, schema, appending)

    def read_rows(self, path: str | Path, schema: pa.Schema) -> list[dict]:
        with _opened(path) as text:
            return [_typed_row(json.loads(line), schema) for line in text if line.strip()]


@register
class Json(Format):
    name = "json"
    title = "JSON"
    extensions = (".json",)  # one array: rows cannot be added after its closing bracket
    summary = "one JSON array of the rows as jsonl writes them, an object a line (pandas.read_json(OUT))"

    class _Writer(_TextWriter):
        def start(self, appending: bool) -> None:
            self.text.write("[")

        def row(self, row: dict) -> None:  # an object a line, so that it still streams
            self.text.write(("\n" if self.rows == 0 else ",\n") + dumps(row))

        def end(self) -> None:
            self.text.write("\n]\n" if self.rows else "]\n")

    def open(self, handle: IO[bytes], schema: pa.Schema, *, appending: bool = False) -> Writer:
        return self._Writer(handle, schema, appending)

    def read_rows(self, path: str | Path, schema: pa.Schema) -> list[dict]:
        with _opened(path) as text:
            return [_typed_row(row, schema) for row in json.load(text)]


@register
class Parquet(Format):
    name = "parquet"
    title = "Parquet"
    extensions = (".parquet",)
    binary = True
    summary = "exactly the schema, zstd, one row group per batch"

    class _Writer(Writer):
        def __init__(self, handle: IO[bytes], schema: pa.Schema) -> None:
            import pyarrow.parquet as pq

            self.schema = schema
            self.writer = pq.ParquetWriter(handle, schema, compression="zstd")

        def write(self, rows: pa.RecordBatch | pa.Table) -> None:
            self.writer.write_table(as_schema(rows, self.schema))

        def close(self) -> None:
            self.writer.close()  # writes the footer; the handle stays open

    def open(self, handle: IO[bytes], schema: pa.Schema, *, appending: bool = False) -> Writer:
        return self._Writer(handle, schema)

    def read_rows(self, path: str | Path, schema: pa.Schema) -> list[dict]:
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()


def _typed_row(row: dict, schema: pa.Schema) -> dict:
    return {name: typed(row.get(name), schema.field(name).type) if name in schema.names else row[name] for name in row}


def _opened(path: str | Path) -> IO[str]:
    """A text file of ours opened for reading, gunzipped when its name ends in .gz."""
    import gzip

    if str(path).lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def names() -> tuple[str, ...]:
    return tuple(REGISTRY)
