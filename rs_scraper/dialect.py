"""One dialect for every output of the dataset: ``extract``, ``export``, ``scrapy crawl rs -O``, ``runs --json``.

- timestamps: ISO 8601 in UTC with ``Z`` (``2024-05-01T10:00:00Z``, microseconds only when there are some);
  calendar days (``published_date``): ``2024-05-01``;
- lists in CSV: a JSON array (``["Ann Smith", "Bo Lee"]``), because a name may contain any separator; in JSON,
  an array; structs (blocks, links, images): JSON objects;
- null: ``null`` in JSON, an empty field in CSV.

Formats come from the file name (``FORMATS``): ``.csv``, ``.csv.gz``, ``.jsonl``, ``.jsonl.gz``, ``.json`` (one
JSON array), ``.parquet``. A ``--format`` that contradicts the name is refused (``format_of``).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

# name ending -> format (the longest ending wins: out.csv.gz is csv, gzipped)
FORMATS = {".csv": "csv", ".csv.gz": "csv", ".jsonl": "jsonl", ".jsonl.gz": "jsonl", ".ndjson": "jsonl",
           ".json": "json", ".parquet": "parquet"}


def iso_utc(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def json_value(value: Any) -> Any:
    """A value as the JSON outputs carry it (recursively: lists of structs too)."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


def csv_value(value: Any) -> Any:
    """A value as a CSV field: lists and structs as JSON, timestamps ISO with Z, null as empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(json_value(value), ensure_ascii=False)
    if isinstance(value, (datetime, date)):
        return json_value(value)
    return value


def dumps(value: Any) -> str:
    return json.dumps(json_value(value), ensure_ascii=False)


def suffix_format(name: str) -> tuple[str | None, bool]:
    """(format, gzipped) a file name says, or (None, False)."""
    lower = name.lower()
    for ending in sorted(FORMATS, key=len, reverse=True):
        if lower.endswith(ending):
            return FORMATS[ending], ending.endswith(".gz")
    return None, False


def format_of(name: str, given: str | None) -> tuple[str, bool]:
    """The format to write ``name`` in: ``given`` (``--format``) or the name's ending; ValueError (one line) when
    neither says, or when they disagree (``--format csv out.jsonl`` would write CSV into a ``.jsonl``)."""
    said, gz = suffix_format(name) if name != "-" else (None, False)
    if given and said and given != said:
        raise ValueError(f"--format {given} contradicts the name {name!r} (a {said} file): rename it or drop --format")
    fmt = given or said
    if fmt is None:
        ending = name.rsplit("/", 1)[-1].rpartition(".")[2].lower() if "." in name.rsplit("/", 1)[-1] else ""
        what = f"unknown format {ending!r} of {name!r}" if ending else f"cannot tell the format of {name!r}"
        raise ValueError(f"{what}: name it .csv, .csv.gz, .jsonl, .json or .parquet, or pass --format")
    return fmt, gz
