"""``rs-scraper runs``: past crawls of a data directory, one line each, from ``runs/<run_id>.json``.

A manifest still saying ``running`` is shown as ``running`` while its crawl holds the lock, else as
``interrupted`` (killed before it could write its final manifest).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rs_scraper import statkeys as sk
from rs_scraper.cli import CommandError
from rs_scraper.runinfo import typed

COLUMNS = ("run_id", "started (UTC)", "duration", "discovered", "fetched", "new", "updated", "failed", "status")


def add_parser(sub) -> None:
    p = sub.add_parser("runs", help="list past crawls of DATA_DIR (from runs/*.json)")
    p.add_argument("--data-dir", default="data", help="dataset directory (default: data)")
    p.add_argument("--last", type=int, default=0, help="only the N most recent runs")
    p.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per line instead of a table: machine keys (started_at, duration_s, "
        "written_new ...), numbers as numbers, timestamps ISO 8601 UTC with Z",
    )
    p.set_defaults(func=run)


def load(runs_dir: Path) -> tuple[list[dict], list[Path]]:
    """(readable manifests oldest first, unreadable manifest files)."""
    manifests, unreadable = [], []
    for path in sorted(runs_dir.glob("*.json")):
        if path.name.startswith("_"):
            continue  # a manifest write in progress
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict):
            manifests.append(typed(data))  # a field of the wrong type reads as absent (verify reports it)
        else:
            unreadable.append(path)
    return sorted(manifests, key=lambda m: (m.get("started_at") or "", m.get("run_id") or "")), unreadable


def status_of(manifest: dict, lock_held: bool) -> str:
    status = manifest.get("status")
    if status == "running":
        return "running" if lock_held else "interrupted"
    if status is None:  # a manifest from before monitors existed
        return manifest.get("finish_reason") or "?"
    code = manifest.get("exit_code")
    failed = [m.get("name") for m in manifest.get("monitors") or [] if not m.get("passed")]
    return f"{status} ({code})" + (f": {','.join(failed)}" if failed else "")


def row(manifest: dict, lock_held: bool) -> dict:
    summary = manifest.get("summary") or {}
    counts = manifest.get("counts") or {}
    duration = manifest.get("duration_s")
    return {
        "run_id": manifest.get("run_id", "?"),
        "started (UTC)": (manifest.get("started_at") or "")[:19].replace("T", " "),
        "duration": f"{duration:.1f}s" if isinstance(duration, (int, float)) else "",
        "discovered": summary.get("discovered", counts.get(sk.DISCOVERED, "")),
        "fetched": summary.get("fetched", counts.get(sk.FETCHED, "")),
        "new": summary.get("written_new", ""),
        "updated": summary.get("written_updated", ""),
        "failed": summary.get("failed", ""),
        "status": status_of(manifest, lock_held),
    }


def machine_row(manifest: dict, lock_held: bool) -> dict:
    """One run for ``--json``: machine keys, numbers as numbers, timestamps ISO 8601 UTC with Z, null when the
    manifest does not say (a killed run has no end)."""
    from rs_scraper.dialect import iso_utc
    from rs_scraper.timeutil import parse_w3c

    summary = manifest.get("summary") or {}
    counts = manifest.get("counts") or {}

    def number(value):
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def when(text):
        parsed = parse_w3c(text) if isinstance(text, str) else None
        return iso_utc(parsed) if parsed else None

    status = manifest.get("status")
    if status == "running":
        status = "running" if lock_held else "interrupted"
    return {
        "run_id": manifest.get("run_id"),
        "kind": manifest.get("kind"),
        "started_at": when(manifest.get("started_at")),
        "finished_at": when(manifest.get("finished_at")),
        "duration_s": number(manifest.get("duration_s")),
        "discovered": number(summary.get("discovered", counts.get(sk.DISCOVERED))),
        "fetched": number(summary.get("fetched", counts.get(sk.FETCHED))),
        "not_modified": number(summary.get("not_modified")),
        "written_new": number(summary.get("written_new")),
        "written_updated": number(summary.get("written_updated")),
        "failed": number(summary.get("failed")),
        "status": status,
        "exit_code": number(manifest.get("exit_code")),
        "failed_monitors": [m.get("name") for m in manifest.get("monitors") or [] if not m.get("passed")],
        "verdict": manifest.get("verdict"),
    }


def table(rows: list[dict]) -> str:
    widths = {c: max([len(c)] + [len(str(r[c])) for r in rows]) for c in COLUMNS}
    numeric = {"duration", "discovered", "fetched", "new", "updated", "failed"}
    lines = ["  ".join(c.rjust(widths[c]) if c in numeric else c.ljust(widths[c]) for c in COLUMNS).rstrip()]
    for r in rows:
        lines.append(
            "  ".join(
                str(r[c]).rjust(widths[c]) if c in numeric else str(r[c]).ljust(widths[c]) for c in COLUMNS
            ).rstrip()
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from rs_scraper.locking import is_locked, lock_path

    data_dir = Path(args.data_dir)
    runs_dir = data_dir / "runs"
    if not runs_dir.is_dir():
        raise CommandError(f"no runs/ in {data_dir} (no crawl has written a manifest there)")
    manifests, unreadable = load(runs_dir)
    if args.last > 0:
        manifests = manifests[-args.last :]
    held = is_locked(lock_path(data_dir))
    rows = [row(m, held) for m in manifests]
    if args.json:
        for manifest in manifests:
            print(json.dumps(machine_row(manifest, held), ensure_ascii=False))
    elif rows:
        print(table(rows))
    elif not unreadable:
        print(f"no runs in {runs_dir}")
    if unreadable:  # listed what we could; the damage is one line and a failing exit
        more = f" and {len(unreadable) - 1} more" if len(unreadable) > 1 else ""
        raise CommandError(f"unreadable run manifest {unreadable[0]}{more} (see rs-scraper verify)")
    return 0
