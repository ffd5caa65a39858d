"""What the stored dataset already holds, by canonical URL: the basis of dedupe and of incremental crawls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipelines.storage import read_columns


@dataclass(frozen=True)
class Stored:
    content_hash: str | None
    fetched_at: datetime | None
    modified_at: datetime | None


def load_index(articles_dir: str | Path) -> dict[str, Stored]:
    """url -> what we stored for it (the newest fetch when a URL somehow appears twice)."""
    table = read_columns(articles_dir, ["url", "content_hash", "fetched_at", "modified_at"])
    index: dict[str, Stored] = {}
    for url, digest, fetched, modified in zip(*(table.column(n).to_pylist() for n in table.column_names)):
        old = index.get(url)
        if old is None or (fetched and (old.fetched_at is None or fetched > old.fetched_at)):
            index[url] = Stored(digest, fetched, modified)
    return index
