"""One dialect for every output of the dataset: ``extract``, ``export``, ``scrapy crawl rs -O``, ``runs --json``.

- timestamps: ISO 8601 in UTC with ``Z`` (``2024-05-01T10:00:00Z``, microseconds only when there are some);
  calendar days (``published_date``): ``2024-05-01``;
- lists in CSV: a JSON array (``["Ann Smith", "Bo Lee"]``), because a name may contain any separator; in JSON,
  an array; structs (blocks, links, images): JSON objects;
- null: ``null`` in JSON, an empty field in CSV.

The formats that carry these values, and the file names that mean them, are rs_scraper.formats.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any


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
