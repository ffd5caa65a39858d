"""Snapshots readers can pin: ``DATA_DIR/.snapshots/<id>/{articles,revisions}/`` and ``DATA_DIR/CURRENT``.

Why: a reader that lists ``articles/`` and then opens its files races the crawl. The live tree is kept so that
every URL is in exactly one file at every instant (pipelines.storage.AppendingStore), which makes
``pd.read_parquet("data/articles")`` right in all but one case: an article whose publication year changes moves
between two partition directories in two steps. A snapshot is right in every case: after each batch, while
the crawl holds the lock and the live tree is consistent, every data file is hard-linked into a new snapshot
directory, and ``CURRENT`` (one line: ``.snapshots/<id>``) is replaced atomically to name it. Files are never
modified in place (a rewrite is a new file renamed over the old name), so a hard link keeps the exact bytes
it was made from; a snapshot costs directory entries, not copies.

Reading recipe (README "Reading while a crawl runs"):

    from pipelines.snapshots import current
    frame = pd.read_parquet(current("data") / "articles")

or without this package: ``root = Path("data"); pd.read_parquet(root / (root / "CURRENT").read_text().strip()
/ "articles")``. A snapshot that has been superseded for longer than RS_SNAPSHOT_GRACE_SECONDS (default one
hour: far longer than any read) is removed by a later crawl; the one ``CURRENT`` names never is.
"""

from __future__ import annotations

import os
import shutil
import time
from itertools import pairwise
from pathlib import Path, PurePath

from pipelines.storage import data_files
from rs_scraper import fortress
from rs_scraper.timeutil import utcnow

SNAPSHOTS = ".snapshots"
CURRENT = "CURRENT"
DATASETS = ("articles", "revisions")


def current(data_dir: str | Path) -> Path:
    """The directory of the current snapshot (holding ``articles/`` and ``revisions/``); the data dir itself
    when there is none yet (a dataset written before snapshots existed, or no crawl finished a batch)."""
    data_dir = Path(data_dir)
    try:
        name = (data_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return data_dir
    rel = PurePath(name)
    if rel.is_absolute() or ".." in rel.parts or len(rel.parts) != 2 or rel.parts[0] != SNAPSHOTS:
        raise ValueError(f"{data_dir / CURRENT} does not name a snapshot ({name!r})")
    return data_dir / rel


def _new_id(data_dir: Path) -> str:
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
    existing = sorted(p.name for p in (data_dir / SNAPSHOTS).iterdir()) if (data_dir / SNAPSHOTS).is_dir() else []
    seq = 0
    while f"{stamp}-{seq:03d}" in existing:
        seq += 1
    return f"{stamp}-{seq:03d}"


def publish(data_dir: str | Path, grace: float = 3600) -> Path:
    """Hard-link every data file of ``DATASETS`` into a new snapshot and point ``CURRENT`` at it; then remove
    snapshots superseded more than ``grace`` seconds ago. Call only while holding the lock, between batches."""
    data_dir = Path(data_dir)
    snap = _new_id(data_dir)
    rel_snap = PurePath(SNAPSHOTS, snap)
    fortress.open_dir_close(data_dir, rel_snap)
    for dataset in DATASETS:
        fortress.open_dir_close(data_dir, rel_snap / dataset)  # present even when empty: readers need the dir
        for path in data_files(data_dir / dataset):
            rel = path.relative_to(data_dir)
            fortress.link(data_dir, rel, rel_snap / rel)
    fortress.write_atomic(data_dir, CURRENT, lambda handle: handle.write(f"{rel_snap.as_posix()}\n".encode()))
    prune(data_dir, grace)
    return data_dir / rel_snap


def prune(data_dir: str | Path, grace: float = 3600) -> list[str]:
    """Remove the snapshots whose successor was published more than ``grace`` seconds ago (never the current
    one); returns their ids. Links only: the live files and newer snapshots keep their data."""
    data_dir = Path(data_dir)
    root = data_dir / SNAPSHOTS
    if not root.is_dir() or root.is_symlink():
        return []
    keep = current(data_dir).name
    names = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.is_symlink())
    removed = []
    now = time.time()
    for name, successor in pairwise(names):
        if name == keep:
            continue
        try:
            superseded = os.lstat(root / successor).st_mtime
        except OSError:
            continue
        if now - superseded > grace:
            shutil.rmtree(root / name)  # fd-based on Linux: never follows a link out of the tree
            removed.append(name)
    return removed
