"""The data dictionary of ``data/README.md``, generated from the column declaration (``rs_scraper.items``).

The README is hand-written prose around one generated section, between the two marker lines below. Regenerate it
after changing a column: ``python -m rs_scraper.dictionary --write``; ``--check`` exits 1 when the committed file
is stale (``tests/test_data_dictionary.py`` runs the same check).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa

from rs_scraper.items import COLUMNS, Column
from rs_scraper.schema import PARTITION_COLUMN

README = Path(__file__).resolve().parent.parent / "data" / "README.md"
BEGIN = "<!-- BEGIN GENERATED columns: python -m rs_scraper.dictionary --write -->"
END = "<!-- END GENERATED columns -->"
LAYER_NAMES = {"page": "parser (page)", "parser": "parser", "crawl": "crawl"}


def pandas_dtype(arrow: pa.DataType) -> str:
    """What ``pandas.read_parquet`` (pandas 3, default backend) makes of a column of this type without nulls; a
    test reads a real dataset back to keep this honest."""
    if pa.types.is_string(arrow) or pa.types.is_large_string(arrow):
        return "str"
    if pa.types.is_integer(arrow) or pa.types.is_floating(arrow) or pa.types.is_boolean(arrow):
        return np.dtype(arrow.to_pandas_dtype()).name
    if pa.types.is_timestamp(arrow):
        return f"datetime64[{arrow.unit}, {arrow.tz}]" if arrow.tz else f"datetime64[{arrow.unit}]"
    return "object"  # lists and structs (numpy arrays / dicts per cell), dates (datetime.date per cell)


def pandas_cell(col: Column) -> str:
    """The pandas dtype cell: an integer or boolean column that can hold nulls becomes float64 / object in pandas
    as soon as one value is null (numpy has no null integer), and the cell says so."""
    dtype = pandas_dtype(col.arrow)
    if col.null_when.startswith("never") or not (pa.types.is_integer(col.arrow) or pa.types.is_boolean(col.arrow)):
        return f"`{dtype}`"
    with_null = "float64" if pa.types.is_integer(col.arrow) else "object"
    return f"`{with_null}` (`{dtype}` when no value is null)"


def example_cell(col: Column) -> str:
    if col.shown is not None:
        return col.shown
    value = col.example
    if isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    elif isinstance(value, (datetime, date)):
        text = str(value)
    else:
        text = str(value).replace("\n", "\\n")
    return f"`{_escape(text)}`"


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def table(columns: tuple[Column, ...] = COLUMNS) -> str:
    lines = [
        "| Column | Arrow type | pandas dtype | Meaning | Example | Null when | Filled by | Since |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for col in columns + (PARTITION_COLUMN,):
        partition = col is PARTITION_COLUMN
        arrow = f"`{col.arrow}` (partition)" if partition else f"`{col.arrow}`"
        dtype = "`category`" if partition else pandas_cell(col)
        lines.append(
            f"| `{col.name}` | {_escape(arrow)} | {dtype} | {_escape(col.meaning)} | {example_cell(col)} "
            f"| {_escape(col.null_when)} | {LAYER_NAMES[col.layer]} | v{col.since} |"
        )
    return "\n".join(lines)


def section() -> str:
    return f"{BEGIN}\n\n{table()}\n\n{END}"


def render(readme_text: str) -> str:
    """``readme_text`` with its generated section replaced by the current one."""
    start, end = readme_text.find(BEGIN), readme_text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"data/README.md has no generated section ({BEGIN!r} ... {END!r})")
    return readme_text[:start] + section() + readme_text[end + len(END) :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rs_scraper.dictionary", description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="rewrite the generated section of data/README.md")
    group.add_argument("--check", action="store_true", help="exit 1 when data/README.md is not current")
    args = parser.parse_args(argv)
    if not (args.write or args.check):
        print(table())
        return 0
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if args.write:
        if wanted != current:
            README.write_text(wanted, encoding="utf-8")
        print(f"{README}: {'updated' if wanted != current else 'already current'}")
        return 0
    if args.check:
        if wanted != current:
            print(f"{README} is stale: run python -m rs_scraper.dictionary --write", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
