"""Hand-made article rows, and the Parquet pipeline run over them as a crawl would run it (no reactor)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from pipelines.parquet import ParquetPipeline
from tests.kit.crawler import crawler

T0 = datetime(2026, 1, 1, tzinfo=UTC)  # when stored_row's rows were fetched, unless told


def row(i: int, year: int = 2024, **extra) -> dict:
    """The fewest columns a stored row has: url, title, authors, tags, text, word count, a date in ``year``."""
    base = {
        "url": f"https://x.org/a{i}",
        "title": f"T{i}",
        "authors": ["A"],
        "tags": [],
        "text": "w " * 5,
        "word_count": 5,
        "published_at": datetime(year, 1, 2, 3, 4, 5, tzinfo=UTC),
    }
    return {**base, **extra}


def stored_row(i: int, text: str = "Body", fetched: datetime = T0, **extra) -> dict:
    """A row as the pipeline stores it: its text's word count and content hash, and when it was fetched."""
    return {
        "url": f"https://x.org/a{i}",
        "title": f"T{i}",
        "authors": ["A"],
        "tags": [],
        "text": text,
        "word_count": len(text.split()),
        "content_hash": hashlib.sha256(text.encode()).hexdigest(),
        "published_at": datetime(2024, 1, 1 + i % 28, tzinfo=UTC),
        "fetched_at": fetched,
        "modified_at": None,
        **extra,
    }


def run_pipeline(data: Path, rows: list[dict], run_id: str, flush_rows: int = 500, compact_min_files: int = 0) -> dict:
    """One run of ParquetPipeline (built ``from_crawler``) storing ``rows`` in ``data``; returns its stats."""
    made = crawler(
        {
            "RS_DATA_DIR": str(data),
            "RS_RUN_ID": run_id,
            "RS_PARQUET_FLUSH_ROWS": flush_rows,
            "RS_COMPACT_MIN_FILES": compact_min_files,
        }
    )
    stage = ParquetPipeline.from_crawler(made)
    stage.open_spider()
    for r in rows:
        stage.process_item(r)
    stage.close_spider()
    return made.stats.get_stats()
