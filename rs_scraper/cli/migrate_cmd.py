"""``rs-scraper migrate [DATA_DIR]``: bring every file of a data directory to the current schema version.

A version that only added columns needs nothing from you (the next crawl rewrites the older files with the new
columns as null); this command does the same at once, and it is the only thing that applies a declared type
change (rs_scraper.schema.TYPE_CHANGES), which a crawl refuses to do on its own. It holds the crawl lock (exit
75 while a crawl runs), rewrites each file atomically (pipelines.migration), and is idempotent: a second run
finds nothing to do. ``--dry-run`` only says what it would do.

Exit 0 when every file is current; 1 when a file is corrupt or newer than this rs_scraper (nothing is changed
then); 2 when DATA_DIR is not a directory; 75 when a crawl holds the lock.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rs_scraper.cli import CommandError, UsageError, locked


def add_parser(sub) -> None:
    p = sub.add_parser(
        "migrate",
        help="bring every file of DATA_DIR to the current schema version",
        description="Bring every Parquet file of DATA_DIR to the current schema version.",
        epilog=__doc__.split("\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("data_dir", nargs="?", metavar="DATA_DIR", help="the crawl's data directory (default: data)")
    p.add_argument("--data-dir", dest="data_dir_option", metavar="DATA_DIR", help="same as the positional DATA_DIR")
    p.add_argument("--dry-run", action="store_true", help="say what would be rewritten; change nothing")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.data_dir and args.data_dir_option and args.data_dir != args.data_dir_option:
        raise UsageError("give DATA_DIR once (positional or --data-dir)")
    data_dir = Path(args.data_dir or args.data_dir_option or "data")
    if not data_dir.is_dir():
        raise UsageError(f"no such data directory: {data_dir}")
    from pipelines.migration import plan, upgrade
    from pipelines.revisions import REVISION_SCHEMA
    from rs_scraper.schema import ARTICLE_SCHEMA, SCHEMA_VERSION

    datasets = [(data_dir / "articles", ARTICLE_SCHEMA), (data_dir / "revisions", REVISION_SCHEMA)]
    with locked(data_dir):
        plans = [(plan(root), schema) for root, schema in datasets]
        for todo, _ in plans:  # refuse before rewriting anything
            bad = {**todo.too_new, **todo.unreadable}
            if bad:
                path, why = next(iter(bad.items()))
                more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
                raise CommandError(f"{path}: {why}{more}; nothing was changed")
        done = []
        for todo, schema in plans:
            if not todo.pending:
                continue
            what = f"{len(todo.pending)} of {len(todo.pending) + len(todo.current)} files of {todo.root.name}/"
            if args.dry_run:
                changes = sorted(set(todo.change_types.values()))
                print(f"would rewrite {what}" + (f" (type changes: {'; '.join(changes)})" if changes else ""))
                continue
            upgrade(todo.root, schema, type_changes=True)
            done.append(what)
        if done:
            from rs_scraper import datacard

            datacard.write(data_dir)  # the card names the schema version
    if args.dry_run:
        if not any(todo.pending for todo, _ in plans):
            print(f"{data_dir}: already at schema v{SCHEMA_VERSION}, nothing to do")
        return 0
    print(
        f"{data_dir}: migrated {' and '.join(done)} to schema v{SCHEMA_VERSION}"
        if done
        else f"{data_dir}: already at schema v{SCHEMA_VERSION}, nothing to do"
    )
    return 0
