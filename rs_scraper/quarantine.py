"""The quarantine: data files that cannot be read whole, moved aside (never deleted) to
``DATA_DIR/quarantine/<UTC time>/<their path>`` with a ``.why.json`` beside each. rs_scraper.datadir moves
them before a crawl; rs_scraper.verify lists what the quarantine holds."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

QUARANTINE = "quarantine"
DATASETS = ("articles", "revisions")


def unreadable(path: Path) -> str | None:
    """Why ``path`` cannot be read whole (footer and every row group), or None. One row group in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rs_scraper import fortress

    try:
        with fortress.open_regular(path) as handle:
            parquet = pq.ParquetFile(handle)
            for index in range(parquet.num_row_groups):
                parquet.read_row_group(index)
    except (OSError, pa.ArrowException, ValueError, EOFError) as exc:
        text = str(exc).strip().splitlines()
        return f"{type(exc).__name__}: {text[0][:160]}" if text else type(exc).__name__
    return None


def quarantine_unreadable(data_dir: Path) -> list[tuple[Path, Path, str]]:
    """Move every data file that cannot be read whole to ``quarantine/<UTC time>/<its path>``; a rename in the
    data dir (never a copy, never a delete). Returns (original, new place, why) for each."""
    from pipelines.storage import data_files

    moved = []
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for dataset in DATASETS:
        for path in data_files(data_dir / dataset):
            why = unreadable(path)
            if why is None:
                continue
            target = data_dir / QUARANTINE / stamp / path.relative_to(data_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(path, target)
            with open(target.with_name(target.name + ".why.json"), "w", encoding="utf-8") as handle:
                json.dump({"file": str(path.relative_to(data_dir)), "why": why, "moved_at": stamp}, handle)
            moved.append((path.relative_to(data_dir), target.relative_to(data_dir), why))
    return moved


def quarantined(data_dir: Path) -> list[dict]:
    """What quarantine/ holds: one {file, why, moved_at, path} per moved file (for verify)."""
    root = Path(data_dir) / QUARANTINE
    found = []
    for why in sorted(root.rglob("*.why.json")) if root.is_dir() else []:
        try:
            entry = json.loads(why.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entry = {}
        found.append({**entry, "path": str(why.with_name(why.name[: -len(".why.json")]))})
    return found
