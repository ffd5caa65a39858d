"""Retention: ``rs-scraper prune-warc --keep-days N``.

Default retention is *everything, forever*: nothing is ever deleted unless this command is run (the archive of
a nightly crawl grows by what changed, plus the sitemaps and feeds it reads, which are mostly revisits).

A record older than N days is removed unless it is still needed:
- it is the latest capture of its URL (the last record of a URL is never deleted, whatever its age);
- an article row of ``articles/`` or ``revisions/`` joins it (url + fetched_at): the dataset can always be
  re-derived, every version of it included;
- a kept revisit refers to it (its payload is there);
- it is the request of a kept response, or the warcinfo record of a file that keeps anything.

A file that keeps all its records is left alone; one that keeps none is deleted; any other is rewritten as
``<stem>~pN.warc.gz`` (N = 1, 2 ... per prune), its kept gzip members copied byte for byte (record ids, dates
and digests unchanged, so revisits still resolve). Order, so that no index row ever points at a missing record:
the copy is written (in ``DATA_DIR/.tmp/``, fsynced, renamed), then its index part, then the source's index
part is removed, then the source. A kill in between leaves the source whole; recovery then removes the unfinished copy.
Runs under the crawl lock, after recovery.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePath

from rs_scraper import fortress
from rs_scraper.warc import WARC_DIRNAME
from rs_scraper.warc import index as warc_index
from rs_scraper.warc.recovery import PRUNED
from rs_scraper.warc.writer import WARC_SUFFIX


@dataclass
class PruneReport:
    kept: int = 0
    removed: int = 0
    removed_bytes: int = 0
    rewritten: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    protected: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # why old records stayed


def dataset_captures(data_dir: Path) -> set[tuple]:
    """(url, fetched_at) of every stored row, articles/ and revisions/."""
    from pipelines.revisions import REVISION_SCHEMA
    from pipelines.storage import stored_files

    keys: set[tuple] = set()
    for name, schema in (("articles", None), ("revisions", REVISION_SCHEMA)):
        dataset = stored_files(data_dir / name, schema) if schema else stored_files(data_dir / name)
        if dataset is not None:
            table = dataset.to_table(["url", "fetched_at"])
            keys.update(zip(table.column("url").to_pylist(), table.column("fetched_at").to_pylist(), strict=True))
    return keys


def keep_set(rows: list[dict], cited: set[tuple], cutoff: datetime, report: PruneReport) -> set[str]:
    """The record ids to keep."""
    keep: set[str] = set()
    latest: dict[str, dict] = {}
    for row in rows:
        if row["record_type"] in warc_index.CAPTURE_TYPES:
            key = row["url"] or row["target_uri"]
            if key not in latest or row["warc_date"] > latest[key]["warc_date"]:
                latest[key] = row
    latest_ids = {r["record_id"] for r in latest.values()}
    for row in rows:
        if row["record_type"] not in warc_index.CAPTURE_TYPES:
            continue
        rid = row["record_id"]
        if row["warc_date"] >= cutoff:
            keep.add(rid)
        elif rid in latest_ids:
            keep.add(rid)
            report.protected["last capture of its URL"] += 1
        elif (row["url"], row["warc_date"]) in cited:
            keep.add(rid)
            report.protected["cited by a dataset row"] += 1
    by_id = {r["record_id"]: r for r in rows}
    todo = [by_id[r] for r in keep]
    while todo:  # a kept revisit keeps its original (and that one's, were it a revisit too)
        row = todo.pop()
        ref = row.get("refers_to")
        if row["record_type"] == "revisit" and ref is not None and ref in by_id and ref not in keep:
            keep.add(ref)
            report.protected["original of a kept revisit"] += 1
            todo.append(by_id[ref])
    captures = {(r["warc_file"], r["target_uri"], r["warc_date"]) for r in rows if r["record_id"] in keep}
    for row in rows:  # requests go with their response (same file, target and date)
        if row["record_type"] == "request" and (row["warc_file"], row["target_uri"], row["warc_date"]) in captures:
            keep.add(row["record_id"])
    return keep


def next_name(name: str) -> str:
    m = PRUNED.match(name)
    source, gen = (m.group("source"), int(m.group("gen") or 0)) if m else (name[: -len(WARC_SUFFIX)], 0)
    return f"{source}~p{gen + 1}{WARC_SUFFIX}"


def prune(data_dir: str | Path, keep_days: float, *, now: datetime, dry_run: bool = False) -> PruneReport:
    """Prune ``data_dir``'s archive; the caller holds the crawl lock and has run recovery."""
    data_dir = Path(data_dir)
    warc_dir = data_dir / WARC_DIRNAME
    rows = warc_index.read_index(warc_dir).to_pylist()
    report = PruneReport()
    keep = keep_set(rows, dataset_captures(data_dir), now - timedelta(days=keep_days), report)
    by_file: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_file[row["warc_file"]].append(row)
    for name, file_rows in sorted(by_file.items()):
        file_rows.sort(key=lambda r: r["offset"])
        kept = [r for r in file_rows if r["record_id"] in keep or r["record_type"] == "warcinfo"]
        if not any(r["record_id"] in keep for r in kept):
            kept = []  # nothing but its warcinfo: the whole file goes
        report.kept += sum(r["record_type"] != "warcinfo" for r in kept)
        kept_offsets = {r["offset"] for r in kept}
        gone = [r for r in file_rows if r["offset"] not in kept_offsets]
        report.removed += sum(r["record_type"] != "warcinfo" for r in gone)
        report.removed_bytes += sum(r["length"] for r in gone)
        if not gone or dry_run:
            if gone:
                (report.deleted if not kept else report.rewritten).append(name)
            continue
        if kept:
            rewrite(warc_dir, name, kept)
            report.rewritten.append(name)
        else:
            drop(warc_dir, name)
            report.deleted.append(name)
    return report


def rewrite(warc_dir: Path, name: str, kept: list[dict]) -> str:
    new = next_name(name)
    base = warc_dir.parent
    new_rows = []

    def copy(out) -> None:  # the kept gzip members, byte for byte
        with fortress.open_regular(warc_dir / name) as src:
            for row in kept:
                src.seek(row["offset"])
                data = src.read(row["length"])
                new_rows.append({**row, "warc_file": new, "offset": out.tell()})
                out.write(data)

    fortress.write_atomic(base, PurePath(warc_dir.name, new), copy)  # through DATA_DIR/.tmp, fsynced, renamed
    warc_index.write_part(warc_dir, new, new_rows)
    drop(warc_dir, name)
    return new


def drop(warc_dir: Path, name: str) -> None:
    """Remove a file and its index part: the index part first, so no row ever points at a missing file."""
    base = warc_dir.parent
    fortress.remove(base, PurePath(warc_dir.name, warc_index.INDEX_DIRNAME, f"{name}.parquet"))
    fortress.remove(base, PurePath(warc_dir.name, name))
