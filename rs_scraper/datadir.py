"""Getting a data directory ready for a crawl, under its lock (rs_scraper.session calls ``prepare``).

Each step repairs what an earlier run or an older version left, so that the crawl starts from a consistent
dataset, and says what it did in one line (returned to the caller, which prints it unless ``--quiet``):

1. partial files (``_tmp-*``) of a writer that died are removed: we hold the lock, so no writer is running;
2. files that cannot be read are refused (``DataDirError``): one line, before the reactor starts.
"""

from __future__ import annotations

from pathlib import Path


class DataDirError(Exception):
    """The data dir cannot be used as it is: one line, exit 2."""


def prepare(data_dir: Path, settings) -> list[str]:
    from pipelines.storage import sweep_partial_files

    notes = []
    swept = sweep_partial_files(data_dir)
    if swept:
        notes.append(f"removed {len(swept)} partial file(s) left by an interrupted run")
    check_readable(data_dir)
    return notes


def check_readable(data_dir: Path) -> None:
    """Unreadable or foreign Parquet files would raise inside Scrapy (a traceback, mid-start): refuse first.
    Footers only, so this stays cheap on a large dataset. Files of an older schema version are fine (the crawl
    adds the new columns); a type change waits for ``rs-scraper migrate``."""
    from rs_scraper.verify import preflight

    problems = [str(p) for p in preflight(data_dir)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DataDirError(f"data dir {data_dir} cannot be used: {problems[0]}{more}; see rs-scraper verify")
