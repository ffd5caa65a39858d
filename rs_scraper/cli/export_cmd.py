"""``rs-scraper export``: the articles dataset as one file (CSV, JSON Lines, JSON or Parquet), for people who
want one.

Reads DATA_DIR/articles with pipelines.storage.open_dataset (our schema, never inferred) and keeps the rows whose
``published_at`` lies within --since/--until. The filter is pushed down to the scan: whole ``year=`` partitions
are skipped and Parquet row-group statistics do the rest. Record batches are streamed to OUT, so memory holds
one batch whatever the dataset size. OUT is written through a hidden temporary file in its directory and renamed
into place: OUT is always either the previous complete file or the new complete one. ``-`` writes CSV, JSONL or
JSON to stdout. Rows come in storage order (by year partition, then file); sort after loading if order matters.
One row per URL even inside a crash window (README "Crash windows": a URL briefly stored twice): the row
pipelines.latest ranks first (the newest ``fetched_at``), as the stored index and read_latest see it; finding
them costs one scan of ``url``.

The format comes from OUT's name or ``--format``; a ``--format`` that contradicts the name is refused. The formats,
their endings and what each allows (stdout, ``.gz``) are the registry's, rs_scraper.formats (``rs-scraper export
--help`` lists them). Columns are exactly ARTICLE_SCHEMA, in order (the ``year`` partition column is not exported:
it is derived). Values in the one dialect of every output (rs_scraper.dialect): in CSV lists and structs as JSON
(``["A", "B"]``, because a name may contain any separator), timestamps ISO 8601 UTC with ``Z``, null as an empty
field; in JSON lists as arrays and null as null.
With --since or --until, rows without ``published_at`` are left out (their date is unknown); without, all rows.
``--table links`` exports the citation graph instead: one row per (article, link), rs_scraper.tables.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from rs_scraper import formats
from rs_scraper.cli import CommandError, UsageError
from rs_scraper.timeutil import parse_date_arg

# pyarrow is imported where it is used: every command module is imported to build `rs-scraper --help`, which
# should not pay a quarter of a second for a command it will not run.
if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.dataset as ds

FORMATS = formats.names()  # rs_scraper.formats: the registry
TABLES = ("articles", "links")
BATCH_ROWS = 1000  # rows in memory at a time


def add_parser(sub) -> None:
    p = sub.add_parser(
        "export",
        help="write the articles dataset (or a date range of it) as one file: "
        + ", ".join(f.title for f in formats.REGISTRY.values()),
        epilog="formats:\n" + formats.help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    text = [f.name for f in formats.REGISTRY.values() if not f.binary]
    p.add_argument("out", metavar="OUT", help=f"output file, or - for stdout ({', '.join(text)} only)")
    p.add_argument("--format", choices=FORMATS, help="output format (default: from OUT's extension)")
    p.add_argument("--since", help="only articles published on or after this date (YYYY-MM-DD or ISO datetime)")
    p.add_argument("--until", help="only articles published up to this date, inclusive")
    p.add_argument("--data-dir", default="data", help="the crawl's data directory, holding articles/ (default: data)")
    p.add_argument(
        "--table",
        choices=TABLES,
        default="articles",
        help="articles (default: one row per article) or links (one row per article and link)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    fmt, gz = output_format(args.format, args.out)
    since = _date(args.since, "--since")
    until = _date(args.until, "--until", end_of_day=True)
    if since and until and since > until:
        raise UsageError(f"--since ({args.since}) is after --until ({args.until})")
    from pipelines.storage import open_dataset
    from rs_scraper.schema import ARTICLE_SCHEMA

    if args.out != "-":
        check_target(Path(args.out))  # refused before anything is read
    root = articles_root(Path(args.data_dir))
    schema, columns = ARTICLE_SCHEMA, ARTICLE_SCHEMA.names
    table = getattr(args, "table", "articles")
    dataset = open_dataset(root)
    if dataset is None:  # articles_root found files: only a race with their removal gets here
        raise CommandError(f"no Parquet files in {root}: the dataset is empty")
    if table == "links":
        from rs_scraper.tables import ARTICLE_KEYS, link_rows, links_schema

        schema, columns = links_schema(), [*ARTICLE_KEYS, "fetched_at", "links"]
    expr = window(since, until)
    source = latest_only(batches(dataset, columns, expr, root), duplicated_urls(dataset, root))
    if table == "links":
        source = (link_rows(batch) for batch in source)
    if args.out == "-":
        count = write_stdout(fmt, source, schema)
        if count is None:  # the reader went away (| head): not an error
            return 0
    else:
        count = write_file(fmt, source, Path(args.out), schema, gz=gz)
    print(f"exported {count} {table} to {args.out}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------- arguments
def output_format(given: str | None, out: str) -> tuple[str, bool]:
    """(format, gzipped) of OUT: ``--format``, else OUT's name (rs_scraper.formats); a ``--format`` that
    contradicts the name is refused (``--format csv out.jsonl`` would write CSV into a .jsonl)."""
    try:
        fmt, gz = formats.format_of(out, given)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: pass --format with one of {', '.join(FORMATS)}")
    if out == "-" and formats.get(fmt).binary:
        raise UsageError(f"{fmt} cannot go to stdout (it is a binary file with a footer): give a file name")
    return fmt, gz


def _date(text: str | None, option: str, end_of_day: bool = False) -> datetime | None:
    if not text:
        return None
    try:
        return parse_date_arg(text, end_of_day=end_of_day)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def window(since: datetime | None, until: datetime | None) -> ds.Expression | None:
    """The row filter, with a partition filter on ``year`` so that pyarrow skips whole directories."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    ts = pa.timestamp("us", tz="UTC")
    expr = None
    if since:
        expr = (ds.field("year") >= since.year) & (ds.field("published_at") >= pa.scalar(since, ts))
    if until:
        upper = (ds.field("year") <= until.year) & (ds.field("published_at") <= pa.scalar(until, ts))
        expr = upper if expr is None else expr & upper
    return expr


# ---------------------------------------------------------------------------------------------- reading
def articles_root(data_dir: Path) -> Path:
    """DATA_DIR/articles, after checking every file's footer so a corrupt dataset fails before any output."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipelines.snapshots import current
    from pipelines.storage import data_files

    try:  # the pinned snapshot when there is one: exact even while a crawl writes (pipelines.snapshots)
        root = current(data_dir) / "articles"
    except (ValueError, OSError):
        root = data_dir / "articles"
    if not root.is_dir() and any(data_dir.glob("year=*")):  # --data-dir given the articles/ folder itself
        root = data_dir
    if not root.is_dir():
        raise CommandError(f"no dataset at {root} (crawl first: rs-scraper demo, or rs-scraper crawl)")
    files = data_files(root)
    if not files:
        raise CommandError(f"no Parquet files in {root}: the dataset is empty")
    for path in files:
        try:
            pq.read_metadata(path)
        except (pa.ArrowException, OSError) as exc:
            raise CommandError(f"corrupt Parquet file {path}: {_first_line(exc)}") from None
    return root


class _ReadError(Exception):
    pass


def batches(
    dataset: ds.Dataset, columns: list[str], expr: ds.Expression | None, root: Path
) -> Iterator[tuple[str, pa.RecordBatch]]:
    """(file, batch) of the rows in the window, in storage order (pipelines.latest.tagged)."""
    # Read errors become _ReadError so that they are told apart from errors writing OUT.
    import pyarrow as pa

    from pipelines.latest import tagged

    try:
        yield from tagged(dataset, columns, expr, BATCH_ROWS)
    except (pa.ArrowException, OSError) as exc:
        raise _ReadError(f"cannot read the dataset in {root}: {_first_line(exc)}") from None


def duplicated_urls(dataset: ds.Dataset, root: Path) -> dict[str, Any]:
    """url -> the winning row of that url, for the urls stored more than once (usually none): decided on the
    whole dataset by pipelines.latest, so a URL whose latest row is outside the window is not exported."""
    import pyarrow as pa

    from pipelines.latest import winners

    try:
        return winners(dataset)
    except (pa.ArrowException, OSError) as exc:
        raise CommandError(f"cannot read the dataset in {root}: {_first_line(exc)}") from None


def latest_only(source: Iterator[tuple[str, pa.RecordBatch]], duplicated: dict[str, Any]) -> Iterator[pa.RecordBatch]:
    """Drop the rows of ``duplicated`` urls that are not their url's winning row (pipelines.latest)."""
    from pipelines.latest import keep_latest

    yield from keep_latest(source, duplicated)


# ---------------------------------------------------------------------------------------------- writing
def check_target(out: Path) -> None:
    """OUT may be absent or a regular file; anything else is refused before a byte is read, and left as it is:
    a device (``/dev/full``), a FIFO, a symlink (``/dev/stdout`` is one: use ``-``), a directory, a socket."""
    import stat

    from rs_scraper.fortress import kind_of

    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
    if mode is not None and not stat.S_ISREG(mode):
        hint = "; use - for stdout" if stat.S_ISLNK(mode) or stat.S_ISCHR(mode) else ""
        raise CommandError(
            f"refusing to write {out}: it is {kind_of(mode)} (export writes a regular file or - for stdout{hint})"
        )
    if not out.parent.is_dir():
        raise CommandError(f"cannot write {out}: no directory {out.parent}")


def write_file(
    fmt: str, source: Iterator[pa.RecordBatch], out: Path, schema: pa.Schema | None = None, gz: bool = False
) -> int:
    check_target(out)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        with os.fdopen(fd, "wb") as handle:
            if gz:  # out.csv.gz, out.jsonl.gz: the same bytes, gzipped on the way
                with gzip.GzipFile(fileobj=handle, mode="wb", mtime=0) as packed:
                    count = write(fmt, source, cast("IO[bytes]", packed), schema)
            else:
                count = write(fmt, source, handle, schema)
            handle.flush()
            os.fsync(handle.fileno())
        check_target(out)  # still absent or a regular file: rename replaces the name, never writes through it
        os.replace(tmp, out)
        return count
    except _ReadError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)


def write_stdout(fmt: str, source: Iterator[pa.RecordBatch], schema: pa.Schema | None = None) -> int | None:
    try:
        count = write(fmt, source, sys.stdout.buffer, schema)
        sys.stdout.buffer.flush()
        return count
    except _ReadError as exc:
        raise CommandError(str(exc)) from None
    except BrokenPipeError:
        # Python would complain again when flushing stdout at exit: point it at /dev/null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return None


def write(fmt: str, source: Iterator[pa.RecordBatch], handle: IO[bytes], schema: pa.Schema | None = None) -> int:
    """Stream ``source`` into the binary ``handle`` in ``fmt`` (the registry's writer); the number of rows written.
    ``schema``: the table's (default ARTICLE_SCHEMA)."""
    from rs_scraper.schema import ARTICLE_SCHEMA

    writer = formats.get(fmt).open(handle, schema or ARTICLE_SCHEMA)
    count = 0
    try:
        for batch in source:
            writer.write(batch)
            count += batch.num_rows
    except BaseException:
        writer.abandon()  # lets go of the handle, which the caller owns (and closes)
        raise
    writer.close()
    return count


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
