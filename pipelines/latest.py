"""Which stored row of a URL is *the* row: the one rule, and the one reader every consumer goes through.

``articles/`` holds one row per URL, except inside a crash window (README "Crash windows": a new version written,
the old one not yet removed; a compaction between its two steps). Until the next crawl's
``pipelines.compaction.repair_duplicates`` removes the extra copy, every reader must see the same single row:
the stored index (dedupe, incremental decisions), ``read_latest`` (reparse, notebooks), ``rs-scraper export``,
and the repair itself, which keeps the row the readers already showed. The rule (``rank``):

1. the newest ``fetched_at`` wins; a row without one loses to any row with one;
2. a tie goes to the later file (by name: ``part-<run_id>-<seq>``, run ids begin with their UTC start, and a
   compacted ``part-compact-*`` file sorts after the files it merged; then by path);
3. within one file, the first row (the only one a streaming reader can pick without looking ahead).

``winners`` finds the winning row of each duplicated URL with one scan of ``url``/``fetched_at`` (usually it
finds no duplicate and costs one pass over ``url``); ``keep_latest`` filters any scan of the same dataset
(with or without a row filter) down to those rows. The winner is decided on the whole dataset, before any
filter: an export with ``--since`` shows a URL only when its latest row is inside the window, never an older
copy that happens to be.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.dataset as ds

    from pipelines.storage import StoredFiles

_NEVER = datetime.min.replace(tzinfo=UTC)  # sorts before every fetched_at (the schema makes them all UTC-aware)

Winners = dict[str, tuple[str, Any]]  # url -> (data file path, fetched_at) of its winning row


def file_order(path: str | Path, position: int) -> tuple:
    """Rules 2 and 3: among rows of equal rank, the later file, then the earlier row in it."""
    return Path(path).name, str(path), -position


def rank(fetched_at: datetime | None, path: str | Path, position: int) -> tuple:
    """The order of the stored rows of one URL: the highest wins (rules 1 to 3 above)."""
    return (fetched_at is not None, fetched_at or _NEVER, *file_order(path, position))


def tagged(
    dataset: ds.Dataset | StoredFiles,
    columns: list[str],
    filter: ds.Expression | None = None,
    batch_size: int = 1000,
) -> Iterator[tuple[str, pa.RecordBatch]]:
    """(data file path, batch) in storage order: what ``keep_latest`` needs to tell two copies apart. A crawl
    reads StoredFiles (pipelines.storage: no pyarrow.dataset, hence no pandas); a row ``filter`` needs the
    ``ds.Dataset`` of ``open_dataset`` (rs-scraper export)."""
    from pipelines.storage import StoredFiles

    if isinstance(dataset, StoredFiles):
        if filter is not None:
            raise ValueError("a row filter needs a pyarrow.dataset (pipelines.storage.open_dataset)")
        yield from dataset.batches(columns, batch_size)
        return
    scanner = dataset.scanner(columns=list(columns), filter=filter, batch_size=batch_size)
    for item in scanner.scan_batches():
        yield item.fragment.path, item.record_batch


def winners(dataset: ds.Dataset | StoredFiles | None, urls: pa.ChunkedArray | None = None) -> Winners:
    """url -> (file, fetched_at) of the winning row, for the URLs stored more than once (usually none: then
    this costs one pass over the url column, ``urls`` when given, kept as 8-byte hashes: pipelines.repeats)."""
    from pipelines.repeats import repeated

    if dataset is None:
        return {}
    if urls is not None:
        twice = repeated(lambda: urls.chunks)
    else:
        twice = repeated(lambda: (batch.column("url") for _, batch in tagged(dataset, ["url"])))
    if not twice:
        return {}
    best: dict[str, tuple] = {}
    where: Winners = {}
    rows: dict[str, int] = {}  # rows of each file seen so far: a row's position in its file
    for path, batch in tagged(dataset, ["url", "fetched_at"]):
        start = rows.get(path, 0)
        rows[path] = start + batch.num_rows
        pairs = zip(batch.column("url").to_pylist(), batch.column("fetched_at").to_pylist(), strict=True)
        for i, (url, at) in enumerate(pairs):
            if url not in twice:  # only the duplicated URLs become Python state, not every stored one
                continue
            order = rank(at, path, start + i)
            if url not in best or order > best[url]:
                best[url], where[url] = order, (path, at)
    return where


def keep_latest(source: Iterable[tuple[str, pa.RecordBatch]], found: Winners) -> Iterator[pa.RecordBatch]:
    """The batches of ``source`` without the rows that lose to another row of their URL (``found``: ``winners``
    of the same dataset). The batches need ``url`` and ``fetched_at``."""
    import pyarrow as pa

    emitted: set[str] = set()
    for path, batch in source:
        if not found:
            yield batch
            continue
        keep = []
        for url, at in zip(batch.column("url").to_pylist(), batch.column("fetched_at").to_pylist(), strict=True):
            won = found.get(url)
            ok = won is None or (won == (path, at) and url not in emitted)
            if ok and won is not None:
                emitted.add(url)
            keep.append(ok)
        yield batch.filter(pa.array(keep, pa.bool_()))
