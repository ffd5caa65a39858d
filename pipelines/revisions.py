"""Revision history: ``RS_DATA_DIR/revisions/``, append-only, every version of every article.

``articles/`` holds one row per URL, the latest version; ``revisions/`` holds every version we ever stored,
the first one included, so after one edit both versions are there. A row of ``revisions/`` is an article row
(ARTICLE_SCHEMA, same names and types) plus:

- ``revision`` (int32, not null): 1 for the first version we stored, then 2, 3 ... in the order we saw them;
- ``previous_hash`` (string): ``content_hash`` of revision - 1, null for revision 1; lets a reader check that
  the chain has no gap;
- ``revised_at`` (timestamp UTC): when this version appeared on the site, as well as we know it: the page's
  ``modified_at``, else its ``published_at``, else when we fetched it.

Files: ``revisions/year=YYYY/rev-<run_id>-<seq>.parquet`` (same partitioning as articles/), written through
``pipelines.storage.AppendingStore`` (new versions are appended to a partition's open file, one atomic rewrite
at a time, so a reader never sees a version twice or not at all). The log is written *before* articles/ in
every batch, so it doubles as a write-ahead record: appending a version whose hash is already the URL's latest
is a no-op, which makes a re-run after a crash idempotent.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipelines.storage import FILE_ROWS, AppendingStore, data_files, partition_of, stored_files
from rs_scraper.compact import SHA256_HEX, KeyTable, PackedColumn
from rs_scraper.incremental import same_version
from rs_scraper.schema import ARTICLE_SCHEMA, stamped
from rs_scraper.spill import Scratch

REVISION_FIELDS = [
    pa.field("revision", pa.int32(), nullable=False),
    pa.field("previous_hash", pa.string()),
    pa.field("revised_at", pa.timestamp("us", tz="UTC")),
]
REVISION_SCHEMA: pa.Schema = stamped(pa.schema(list(ARTICLE_SCHEMA) + REVISION_FIELDS))  # carries the version


@dataclass(frozen=True)
class Latest:
    revision: int
    content_hash: str | None


class RevisionIndex:
    """url -> its Latest, compact (rs_scraper.compact: exact keys in ``keys``, which the Parquet pipeline shares
    among its maps of URLs; the revision an int32, ABSENT for a URL not here; the content hash's 32 bytes): one
    entry for every URL with a revision, loaded whole at start and grown by each write."""

    ABSENT = -(2**31)  # no revision number is this (they start at 1)

    def __init__(self, keys: KeyTable | None = None, scratch: Scratch | None = None) -> None:
        self.keys = keys if keys is not None else KeyTable()
        self.revisions = array("i")
        self.hashes = PackedColumn(SHA256_HEX, scratch)  # 33 bytes a URL: past RS_SPILL_BYTES in a scratch file
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def _revision(self, ident: int) -> int:
        return self.revisions[ident] if 0 <= ident < len(self.revisions) else self.ABSENT

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self._revision(self.keys.find(url)) != self.ABSENT

    def __setitem__(self, url: str, latest: Latest) -> None:
        ident = self.keys.add(url)
        if ident >= len(self.revisions):
            self.revisions.extend([self.ABSENT] * (ident + 1 - len(self.revisions)))
        if self.revisions[ident] == self.ABSENT:
            self._count += 1
        self.revisions[ident] = latest.revision
        self.hashes.set(ident, latest.content_hash)

    def get(self, url: str) -> Latest | None:
        ident = self.keys.find(url)
        revision = self._revision(ident)
        return None if revision == self.ABSENT else Latest(revision, self.hashes.get(ident))


def load_revision_index(
    revisions_dir: str | Path, keys: KeyTable | None = None, scratch: Scratch | None = None
) -> RevisionIndex:
    """url -> its latest stored revision (of two rows with the same number, the first read)."""
    dataset = stored_files(revisions_dir, REVISION_SCHEMA)
    index = RevisionIndex(keys, scratch)
    if dataset is None:
        return index
    columns = ["url", "revision", "content_hash"]
    for _, batch in dataset.batches(columns, batch_size=8192):
        for url, revision, digest in zip(*(batch.column(n).to_pylist() for n in columns), strict=True):
            known = index._revision(index.keys.find(url))
            if known == index.ABSENT or revision > known:
                index[url] = Latest(revision, digest)
    return index


def read_revisions(revisions_dir: str | Path) -> pa.Table:
    """Every stored version (an empty table of REVISION_SCHEMA when there is none)."""
    dataset = stored_files(revisions_dir, REVISION_SCHEMA)
    if dataset is None:
        return REVISION_SCHEMA.empty_table()
    return dataset.to_table(REVISION_SCHEMA.names)


def revised_at(row: Mapping):
    return row.get("modified_at") or row.get("published_at") or row.get("fetched_at")


class RevisionLog:
    """Decides revision numbers and appends versions to ``revisions/``; one instance per crawl."""

    def __init__(
        self,
        root: str | Path,
        run_id: str,
        base: str | Path | None = None,
        max_rows: int = FILE_ROWS,
        keys: KeyTable | None = None,
        scratch: Scratch | None = None,
    ) -> None:
        self.root = Path(root)
        self.run_id = run_id
        # keys: the URLs' KeyTable, shared with the caller's; scratch: where its hashes spill (rs_scraper.spill)
        self.index = load_revision_index(self.root, keys, scratch)
        self.pending: list[Mapping] = []
        # a re-used run id (RS_RUN_ID) continues its numbering: files are never overwritten by name
        self.store = AppendingStore(
            self.root, base if base is not None else self.root, REVISION_SCHEMA, "rev", run_id, max_rows
        )
        self.rows_written = 0

    def known(self, url: str) -> bool:
        return url in self.index

    def add(self, row: Mapping) -> bool:
        """Queue ``row`` as the URL's next version; False (nothing queued) when it is already the latest."""
        latest = self.index.get(row["url"])
        if latest is not None and same_version(latest.content_hash, row.get("content_hash")):
            return False  # written by an earlier, interrupted run: the log is idempotent
        revision = 1 if latest is None else latest.revision + 1
        self.pending.append(
            {
                **row,
                "revision": revision,
                "previous_hash": latest.content_hash if latest else None,
                "revised_at": revised_at(row),
            }
        )
        self.index[row["url"]] = Latest(revision, row.get("content_hash"))
        return True

    def flush(self) -> list[Path]:
        """Write the queued versions. Call before the matching articles/ write."""
        adds: dict[Path, list] = {}
        self.store.place(self.pending, adds)
        written = self.store.apply(adds)
        self.rows_written += len(self.pending)
        self.pending = []
        return written


def rewrite_versions(
    root: str | Path, replacements: Mapping[tuple, Mapping], run_id: str, base: str | Path | None = None
) -> int:
    """Replace stored versions by new extractions of the same captures (``rs-scraper reparse``):
    ``replacements`` maps (url, fetched_at) of a stored version to its new row. Revision numbers stay;
    ``previous_hash`` and ``revised_at`` are recomputed along each URL's chain, since content hashes change.

    Through AppendingStore, like the crawl: each file is replaced whole. A version whose publication year
    changes is first added to its new partition, and only then removed from the old file, so a kill leaves a
    (url, revision) twice, never zero times (the next crawl's repair keeps the one in the newest file).
    Returns how many stored versions changed."""
    from pipelines.compaction import read_file

    root = Path(root)
    urls = {url for url, _ in replacements}
    chains: dict[str, list[dict]] = {}
    for row in read_revisions(root).to_pylist():
        if row["url"] in urls:
            chains.setdefault(row["url"], []).append(row)
    new_versions: dict[tuple[str, int], dict] = {}
    for url, chain in chains.items():
        previous = None
        for row in sorted(chain, key=lambda r: r["revision"]):
            new = {**row, **replacements.get((url, row["fetched_at"]), {})}
            new.update(revision=row["revision"], previous_hash=previous, revised_at=revised_at(new))
            if new != row:
                new_versions[(url, row["revision"])] = new
            previous = new.get("content_hash")
    if not new_versions:
        return 0
    store = AppendingStore(root, base if base is not None else root, REVISION_SCHEMA, "rev", run_id)
    files = {path: read_file(path, REVISION_SCHEMA).to_pylist() for path in data_files(root)}
    moved: list[Mapping] = [
        version
        for path, rows in files.items()
        for r in rows
        if (version := new_versions.get((r["url"], r["revision"]))) is not None
        and partition_of(version) != path.parent.name
    ]
    adds: dict[Path, list[Mapping]] = {}
    store.place(moved, adds)
    store.apply(adds)  # 1. versions that change partition, added where they now belong
    adds, drops = {}, dict[Path, set[str]]()
    for path in data_files(root):  # 2. each file holding a changed version, rewritten with its new versions
        rows = read_file(path, REVISION_SCHEMA).to_pylist()
        here = {r["url"] for r in rows if (r["url"], r["revision"]) in new_versions}
        if not here:
            continue
        old: list[Mapping] = [r for r in rows if r["url"] in here]
        kept: list[Mapping] = [
            v for r in old if partition_of(v := new_versions.get((r["url"], r["revision"]), r)) == path.parent.name
        ]
        if kept != old:
            adds[path], drops[path] = kept, here
    store.apply(adds, drops)
    return len(new_versions)
