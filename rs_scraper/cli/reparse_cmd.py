"""``rs-scraper reparse``: rebuild articles/ and revisions/ from the WARC archive with the current parser.

No network. Runs in a process pool across all cores, under the crawl lock (exit 75 while a crawl runs), and
writes atomically through the crawl's own storage stages (rs_scraper.warc.reparse). Idempotent: a second run
changes nothing. Prints what changed, field by field. Rows keep their fetched_at (and run_id: the crawl that
fetched them) and get the new parser_version.

Exit: 0 every selected row was re-derived (changed or not); 1 some could not be (no record, unreadable record,
not an article or a parser error under the new parser, refused by validation): those rows are kept exactly as
they were, and the reasons are printed; 2 usage error; 75 a crawl holds the lock.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rs_scraper.cli import CommandError, UsageError, locked


def add_parser(sub) -> None:
    p = sub.add_parser(
        "reparse",
        help="re-derive the dataset from the WARC archive with the current parser (offline)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--data-dir", default="data", help="the crawl's data directory (default: data)")
    p.add_argument("--since", help="only rows published on or after this date (YYYY-MM-DD or ISO datetime)")
    p.add_argument("--until", help="only rows published up to this date, inclusive")
    p.add_argument("--url", action="append", metavar="URL", help="only this article (its dataset URL); repeatable")
    p.add_argument(
        "--parser-version-below",
        metavar="VERSION",
        help="only rows parsed by an older parser: 'rebelmouse-v1.2' (that layout's older versions) "
        "or 'v2' (any layout's); rows without a version are always older",
    )
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing (no lock)")
    p.set_defaults(func=run)


def selection(args: argparse.Namespace):
    from rs_scraper.timeutil import parse_date_arg
    from rs_scraper.warc.reparse import Selection, version_key

    try:
        since = parse_date_arg(args.since) if args.since else None
        until = parse_date_arg(args.until, end_of_day=True) if args.until else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if since and until and since > until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    bound = None
    if args.parser_version_below is not None:
        bound = version_key(args.parser_version_below)
        if bound is None:
            raise UsageError(
                f"bad --parser-version-below {args.parser_version_below!r}: expected e.g. rebelmouse-v1.2 or v2"
            )
    urls = None
    if args.url:
        from rs_scraper.urls import check_http_url

        try:
            urls = frozenset(check_http_url(u, "--url") for u in args.url)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return Selection(since=since, until=until, urls=urls, version_below=bound)


def run(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be >= 1, got {args.workers}")
    chosen = selection(args)
    data_dir = Path(args.data_dir)
    if not (data_dir / "articles").is_dir():
        raise UsageError(f"no dataset in {data_dir} (no articles/ directory)")
    from rs_scraper.warc import WARC_DIRNAME
    from rs_scraper.warc.reparse import reparse

    if not (data_dir / WARC_DIRNAME).is_dir():
        raise CommandError(f"no WARC archive in {data_dir} (warc/): nothing to reparse from")
    if args.dry_run:
        report = reparse(data_dir, chosen, workers=args.workers, dry_run=True)
    else:
        report = locked_reparse(data_dir, chosen, args.workers)
    return print_report(report, data_dir, args.dry_run)


def locked_reparse(data_dir: Path, chosen, workers: int | None):
    from rs_scraper.warc import WARC_DIRNAME
    from rs_scraper.warc.recovery import recover
    from rs_scraper.warc.reparse import reparse

    with locked(data_dir):
        for done in recover(data_dir / WARC_DIRNAME):  # a killed crawl's last file holds records too
            print(f"rs-scraper reparse: {done}", file=sys.stderr)
        return reparse(data_dir, chosen, workers=workers)


def print_report(report, data_dir: Path, dry_run: bool) -> int:
    verb = "would change" if dry_run else "changed"
    failed = sum(report.failures.values())
    print(
        f"reparse {data_dir}: {report.selected} rows selected ({report.captures} captures), "
        f"{report.reparsed} reparsed, {report.changed} {verb}, {report.reparsed - report.changed} unchanged, "
        f"{failed} not re-derived"
    )
    for name, count in sorted(report.fields.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {name}: {count} {'row' if count == 1 else 'rows'}")
    for (old, new), count in sorted(report.versions.items(), key=lambda kv: -kv[1]):
        print(f"  parser_version {old} -> {new}: {count}")
    if report.written:
        print(
            f"  written: articles/ {report.written.get('articles', 0)} rows, "
            f"revisions/ {report.written.get('revisions', 0)} rows"
        )
    for reason, count in sorted(report.failures.items()):
        print(
            f"rs-scraper reparse: {count} {'row' if count == 1 else 'rows'} kept as stored: {reason} "
            f"(e.g. {report.examples[reason]})",
            file=sys.stderr,
        )
    return 1 if failed else 0
