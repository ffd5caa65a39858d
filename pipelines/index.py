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


def read_latest(articles_dir: str | Path, columns: list[str] | None = None):
    """The stored articles with one row per URL even inside a crash window (see pipelines.parquet): where a URL
    has two rows, the newest ``fetched_at`` wins. For readers that must not see a duplicate before the next
    crawl repairs it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from pipelines.storage import open_dataset
    from rs_scraper.schema import ARTICLE_SCHEMA

    wanted = list(columns or ARTICLE_SCHEMA.names)
    dataset = open_dataset(articles_dir)
    if dataset is None:
        return ARTICLE_SCHEMA.empty_table().select(wanted)
    table = dataset.to_table(columns=list(dict.fromkeys(wanted + ["url", "fetched_at"])))
    if pc.count_distinct(table.column("url")).as_py() == table.num_rows:
        return table.select(wanted)
    order = pc.sort_indices(table, sort_keys=[("url", "ascending"), ("fetched_at", "descending")])
    table = table.take(order)
    urls = table.column("url")
    first = pc.not_equal(urls.slice(1), urls.slice(0, len(urls) - 1))  # a row whose url differs from the one before
    keep = pa.concat_arrays([pa.array([True]), first.combine_chunks()]) if len(urls) else pa.array([], pa.bool_())
    return table.filter(keep).select(wanted)
