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
    # what the site said when this version was fetched (rs_scraper.incremental decides refetches from it)
    published_at: datetime | None = None
    sitemap_lastmod: str | None = None
    http_etag: str | None = None
    http_last_modified: str | None = None

    @classmethod
    def of(cls, row) -> "Stored":
        return cls(*(row.get(name) for name in INDEX_COLUMNS[1:]))


INDEX_COLUMNS = ["url", "content_hash", "fetched_at", "modified_at", "published_at", "sitemap_lastmod", "http_etag",
                 "http_last_modified"]


def load_index(articles_dir: str | Path) -> dict[str, Stored]:
    """url -> what we stored for it (the newest fetch when a URL somehow appears twice). Columns a file of an
    older schema version lacks read as null."""
    table = read_columns(articles_dir, INDEX_COLUMNS)
    index: dict[str, Stored] = {}
    for values in zip(*(table.column(n).to_pylist() for n in INDEX_COLUMNS)):
        url, fetched = values[0], values[2]
        old = index.get(url)
        if old is None or (fetched and (old.fetched_at is None or fetched > old.fetched_at)):
            index[url] = Stored(*values[1:])
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
