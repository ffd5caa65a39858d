"""The one explicit pyarrow schema of an article row, derived from the declaration in ``rs_scraper.items``.

Never let pyarrow infer types: a batch whose column is all null would be typed ``null`` and break a mixed
dataset. Every table and file of the project is built against ARTICLE_SCHEMA (or REVISION_SCHEMA, which extends
it in ``pipelines.revisions``).
"""

from __future__ import annotations

import pyarrow as pa

from rs_scraper.items import COLUMNS, Column

ARTICLE_SCHEMA: pa.Schema = pa.schema([c.field for c in COLUMNS])

# The hive partition column of articles/ (directory name year=YYYY); not stored inside the files.
PARTITION_FIELD = pa.field("year", pa.int32())
PARTITION_COLUMN = Column(
    name="year", arrow=PARTITION_FIELD.type, nullable=True, layer="crawl", clean=None, since=1, shown=None,
    meaning="Publication year in UTC, from the directory `year=YYYY`; `0` when `published_at` is null. Not stored "
            "inside the files. pandas reads it back as a `category` of ints: use `frame[\"year\"].astype(int)` for "
            "arithmetic.",
    example=2024, null_when="never (`0` stands for unknown)")
