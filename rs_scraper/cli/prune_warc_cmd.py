"""``rs-scraper prune-warc --keep-days N``: remove archive records older than N days that nothing needs.

Never removed, whatever their age: the last capture of every URL, every record a row of articles/ or
revisions/ joins (so ``rs-scraper reparse`` can always re-derive the whole dataset), the originals of kept
revisits, and the requests of kept responses (rs_scraper.warc.prune). Without this command nothing is ever
deleted. Takes the crawl lock (exit 75 while a crawl runs) and first closes what an interrupted run left.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rs_scraper.cli import UsageError, locked


def add_parser(sub) -> None:
    p = sub.add_parser(
        "prune-warc",
        help="remove old WARC records nothing needs (never a URL's last record)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--keep-days",
        type=float,
        metavar="N",
        help="keep every record of the last N days (0: keep only what is needed)",
    )
    p.add_argument("--data-dir", default="data", help="the crawl's data directory (default: data)")
    p.add_argument("--dry-run", action="store_true", help="say what would be removed, remove nothing")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rs_scraper.timeutil import utcnow
    from rs_scraper.warc import WARC_DIRNAME
    from rs_scraper.warc.prune import prune
    from rs_scraper.warc.recovery import recover

    data_dir = Path(args.data_dir)
    warc_dir = data_dir / WARC_DIRNAME
    if not warc_dir.is_dir():
        raise UsageError(f"no WARC archive in {data_dir} (no warc/ directory)")
    if args.keep_days is None:
        raise UsageError("give --keep-days N: records of the last N days are all kept (nothing is pruned by default)")
    if not args.keep_days >= 0:  # also refuses NaN
        raise UsageError(f"--keep-days must be >= 0, got {args.keep_days}")
    with locked(data_dir):
        if not args.dry_run:
            for done in recover(warc_dir):
                print(f"rs-scraper prune-warc: {done}", file=sys.stderr)
        report = prune(data_dir, args.keep_days, now=utcnow(), dry_run=args.dry_run)
    verb = "would remove" if args.dry_run else "removed"
    print(
        f"prune-warc {warc_dir}: {verb} {report.removed} records ({report.removed_bytes} bytes), kept "
        f"{report.kept}; {len(report.rewritten)} file(s) rewritten, {len(report.deleted)} deleted"
    )
    for why, count in sorted(report.protected.items()):
        print(f"  kept though older than {args.keep_days:g} days: {count} ({why})")
    return 0
