"""The one explicit pyarrow schema of an article row. Never let pyarrow infer types: a batch whose column is all
null would be typed ``null`` and break a mixed dataset."""

from __future__ import annotations

import pyarrow as pa

from rs_scraper.items import FIELD_NAMES

_TS = pa.timestamp("us", tz="UTC")
_STRLIST = pa.list_(pa.string())

ARTICLE_SCHEMA: pa.Schema = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("subtitle", pa.string()),
        pa.field("authors", _STRLIST),
        pa.field("published_at", _TS),
        pa.field("modified_at", _TS),
        pa.field("article_type", pa.string()),
        pa.field("section", pa.string()),
        pa.field("tags", _STRLIST),
        pa.field("text", pa.string()),
        pa.field("word_count", pa.int32()),
        pa.field("image_url", pa.string()),
        pa.field("image_credit", pa.string()),
        pa.field("language", pa.string()),
        pa.field("content_hash", pa.string()),
        pa.field("fetched_at", _TS),
        pa.field("run_id", pa.string()),
        pa.field("parser_version", pa.string()),
        pa.field("extraction_method", pa.string()),
    ]
)

# The hive partition column of articles/ (directory name year=YYYY); not stored inside the files.
PARTITION_FIELD = pa.field("year", pa.int32())

assert tuple(ARTICLE_SCHEMA.names) == FIELD_NAMES, "schema and Article item out of step"
