"""The archive's part of ``rs-scraper verify`` (rs_scraper.verify calls ``check_archive``).

- every closed ``.warc.gz`` has its index part, and every index part its file;
- every index row points at a whole record: one complete gzip member at (offset, length), digests intact, the
  record id and type the index says; the rows of a file cover it from its first byte to its last;
- a record id appears once; every revisit's original is indexed;
- a ``.open`` file is reported unless a live crawl holds it (a dead writer's: ``verify --repair`` or the next
  crawl closes it);
- every article row (articles/ and revisions/) of a run that kept the archive has its record: a capture with
  the row's url and ``warc_date`` == ``fetched_at``. A run kept the archive when its manifest counts
  ``rs/warc/enabled`` or the index holds records of it; rows of other runs are counted, not reported.
Reading every record costs one pass over the archive (decompression and SHA-1): ~100-200 MB/s a core.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from rs_scraper import statkeys as sk
from rs_scraper.dialect import iso_utc
from rs_scraper.locking import is_locked
from rs_scraper.warc import WARC_DIRNAME
from rs_scraper.warc import index as warc_index
from rs_scraper.warc.gzmembers import RecordError, parse_record
from rs_scraper.warc.reader import CaptureError, read_member, warc_files
from rs_scraper.warc.writer import OPEN_SUFFIX, WARC_SUFFIX

MAX_LISTED = 20  # problems of one kind listed one by one; the rest summarised


def check_archive(data_dir: Path, report) -> None:
    warc_dir = Path(data_dir) / WARC_DIRNAME
    live_runs: set[str] = set()
    rows: list[dict] = []
    if warc_dir.is_dir():
        live_runs = _open_files(warc_dir, report)
        rows = _index_rows(warc_dir, report)
        _records(warc_dir, rows, report)
        report.per_dataset["warc"] = [len(warc_files(warc_dir)), len(rows)]
    _article_records(Path(data_dir), rows, live_runs, report)


def _open_files(warc_dir: Path, report) -> set[str]:
    live = set()
    for path in sorted(warc_dir.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}")):
        if is_locked(path):
            live.add(run_of(path.name))
        else:
            report.add(
                path,
                "WARC file left open by an interrupted run (rs-scraper verify --repair, or the next "
                "crawl, closes it at its last whole record)",
            )
    return live


def run_of(name: str) -> str:
    """rs-<run_id>-<seq>.warc.gz[.open] -> run_id."""
    stem = name.split(WARC_SUFFIX, 1)[0]
    return stem[3:].rsplit("-", 1)[0] if stem.startswith("rs-") else stem


def _index_rows(warc_dir: Path, report) -> list[dict]:
    files = {p.name for p in warc_files(warc_dir)}
    parts = {p.name[: -len(".parquet")]: p for p in warc_index.part_files(warc_dir)}
    for name in sorted(files - parts.keys()):
        report.add(warc_dir / name, "WARC file without its index part (rs-scraper verify --repair indexes it)")
    for name in sorted(parts.keys() - files):
        report.add(parts[name], f"index part of a missing WARC file {name}: its rows point at nothing")
    try:
        return warc_index.read_index(warc_dir).to_pylist()
    except Exception as exc:  # a foreign or damaged part: name it rather than crash verify
        report.add(warc_index.index_dir(warc_dir), f"unreadable WARC index ({type(exc).__name__}: {exc})")
        return []


def _records(warc_dir: Path, rows: list[dict], report) -> None:
    by_file: dict[str, list[dict]] = {}
    for row in rows:
        by_file.setdefault(row["warc_file"], []).append(row)
    bad = 0
    for name, file_rows in sorted(by_file.items()):
        path = warc_dir / name
        if not path.is_file():
            continue  # reported with its index part
        file_rows.sort(key=lambda r: r["offset"])
        with open(path, "rb") as fh:
            for row in file_rows:
                problem = _record_problem(fh, row)
                if problem:
                    bad += 1
                    if bad <= MAX_LISTED:
                        report.add(path, f"index row at offset {row['offset']}: {problem}")
        _coverage(path, file_rows, report)
    if bad > MAX_LISTED:
        report.add(warc_dir, f"{bad - MAX_LISTED} more index rows without a readable record")
    counts = Counter(row["record_id"] for row in rows)
    for record_id, n in sorted(counts.items()):
        if n > 1:
            report.add(warc_dir, f"record {record_id} indexed {n} times")
    ids = set(counts)
    orphans = [r for r in rows if r["record_type"] == "revisit" and r["refers_to"] and r["refers_to"] not in ids]
    for row in orphans[:MAX_LISTED]:
        report.add(
            warc_dir / row["warc_file"],
            f"revisit of {row['target_uri']} at offset {row['offset']} refers "
            f"to {row['refers_to']}, which is not in the archive",
        )


def _record_problem(fh, row: dict) -> str | None:
    try:
        record = parse_record(read_member(fh, row["offset"], row["length"]))
    except (CaptureError, RecordError) as exc:
        return str(exc)
    if record.header("WARC-Record-ID") != row["record_id"]:
        return f"the record there is {record.header('WARC-Record-ID')}, the index says {row['record_id']}"
    if record.rec_type != row["record_type"]:
        return f"the record there is a {record.rec_type}, the index says {row['record_type']}"
    return None


def _coverage(path: Path, rows: list[dict], report) -> None:
    end = 0
    for row in rows:
        if row["offset"] != end:
            report.add(path, f"bytes {end}-{row['offset']} are in no indexed record")
            return
        end = row["offset"] + row["length"]
    size = path.stat().st_size
    if end != size:
        report.add(path, f"the last {size - end} bytes (from offset {end}) are in no indexed record")


def archived_runs(data_dir: Path, rows: list[dict]) -> set[str]:
    runs = {r["run_id"] for r in rows if r["run_id"]}
    for path in sorted((data_dir / "runs").glob("*.json")) if (data_dir / "runs").is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # verify reports unreadable manifests on its own
        counts = data.get("counts") if isinstance(data, dict) else None
        if isinstance(counts, dict) and counts.get(sk.WARC_ENABLED):
            runs.add(str(data.get("run_id") or path.stem))
    return runs


def _article_records(data_dir: Path, rows: list[dict], live_runs: set[str], report) -> None:
    from pipelines.revisions import REVISION_SCHEMA
    from pipelines.storage import stored_files

    runs = archived_runs(data_dir, rows) - live_runs
    captures = {(r["url"], r["warc_date"]) for r in rows if r["record_type"] in warc_index.CAPTURE_TYPES}
    missing = 0
    for name, schema in (("articles", None), ("revisions", REVISION_SCHEMA)):
        try:
            dataset = stored_files(data_dir / name, schema) if schema else stored_files(data_dir / name)
            if dataset is None:
                continue
            table = dataset.to_table(["url", "fetched_at", "run_id"])
        except Exception:
            continue  # unreadable files are verify's own problems, reported file by file
        columns = (table.column(n).to_pylist() for n in ("url", "fetched_at", "run_id"))
        for url, fetched, run in zip(*columns, strict=True):
            if run in runs and (url, fetched) not in captures:
                missing += 1
                if missing <= MAX_LISTED:
                    report.add(
                        data_dir / name,
                        f"row {url} fetched_at {iso_utc(fetched) if fetched else None} "
                        f"(run {run}, which kept the archive) has no WARC record",
                    )
    if missing > MAX_LISTED:
        report.add(data_dir, f"{missing - MAX_LISTED} more article rows without their WARC record")
