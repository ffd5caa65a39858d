"""``rs-scraper verify [DATA_DIR]``: check that a data directory is complete and readable (rs_scraper.verify).

Exit 0 with a one-line OK summary; exit 1 with one line per problem on stdout (``PROBLEM <file>: <what>``) and
a one-line verdict on stderr; exit 2 when DATA_DIR is not a directory.
"""

from __future__ import annotations

import argparse
import sys

from rs_scraper.cli import UsageError


def add_parser(sub) -> None:
    p = sub.add_parser("verify", help="check every file of DATA_DIR: schema, unique URLs, no partial files")
    p.add_argument("data_dir", nargs="?", metavar="DATA_DIR", help="the crawl's data directory (default: data)")
    p.add_argument("--data-dir", dest="data_dir_option", metavar="DATA_DIR", help="same as the positional DATA_DIR")
    p.add_argument(
        "--repair",
        action="store_true",
        help="first repair what an interrupted run left, as the next crawl would (takes the crawl lock): "
        "remove partial temporaries, close WARC files left open (cut back to their last whole "
        "record) and index unindexed ones; then verify",
    )
    p.set_defaults(func=run)


def repair(data_dir: str) -> None:
    from pathlib import Path

    from rs_scraper.cli import locked
    from rs_scraper.warc import WARC_DIRNAME
    from rs_scraper.warc.recovery import recover

    if not Path(data_dir).is_dir():
        raise UsageError(f"no such data directory: {data_dir}")
    with locked(data_dir):
        from pipelines.storage import sweep_partial_files

        swept = sweep_partial_files(data_dir)  # we hold the lock: any temporary is a dead writer's
        if swept:
            print(f"repaired: removed {len(swept)} partial file(s) left by an interrupted write", file=sys.stderr)
        for done in recover(Path(data_dir) / WARC_DIRNAME):
            print(f"repaired: {done}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from rs_scraper.verify import verify

    if args.data_dir and args.data_dir_option and args.data_dir != args.data_dir_option:
        raise UsageError("give DATA_DIR once (positional or --data-dir)")
    data_dir = args.data_dir or args.data_dir_option or "data"
    if args.repair:
        repair(data_dir)
    try:
        report = verify(data_dir)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise UsageError(str(exc)) from None
    except PermissionError as exc:
        raise UsageError(f"cannot read {exc.filename or data_dir}: permission denied") from None
    if report.ok:
        print(report.summary())
        return 0
    for problem in report.problems:  # the report, on stdout: one line per problem, path first
        print(f"PROBLEM {problem}")
    # The verdict, on stderr: one line, like every command's error.
    print(f"rs-scraper verify: error: {len(report.problems)} problem(s) in {report.root}", file=sys.stderr)
    return 1
