"""``rs-scraper demo``: serve the offline mirror, crawl it with the real spider into data/, show the result."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from pathlib import Path

from rs_scraper import statkeys as sk
from rs_scraper.cli import CommandError, UsageError

DEMO_PORT = 8765  # fixed, so that the URL printed is the same every time (any port stores the same rows)


def add_parser(sub) -> None:
    p = sub.add_parser("demo", help="crawl the bundled offline mirror into DATA_DIR and print a summary")
    from rs_scraper.validation import arg, log_level, path, port

    p.add_argument("--data-dir", default="data", type=arg(path, "--data-dir"), help="output directory (default: data)")
    p.add_argument("--articles", type=int, default=72, help="mirror size (default: 72)")
    p.add_argument("--seed", type=int, default=1, help="mirror seed (default: 1)")
    p.add_argument(
        "--port",
        type=arg(port, "--port"),
        default=DEMO_PORT,
        help=f"mirror port on 127.0.0.1 (default: {DEMO_PORT}; 0 = any free port)",
    )
    p.add_argument(
        "--log-level", default="WARNING", type=arg(log_level, "--log-level"), help="Scrapy log level (default: WARNING)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.articles < 1:
        raise UsageError("--articles must be at least 1")
    from rs_scraper.mirror import MirrorSite
    from rs_scraper.runner import LOOPBACK_SETTINGS, project_settings, run_spider
    from rs_scraper.session import CrawlSession, SessionError, exit_code

    site = MirrorSite(articles=args.articles, seed=args.seed)
    overrides = {**LOOPBACK_SETTINGS, "RS_DATA_DIR": str(args.data_dir), "LOG_LEVEL": args.log_level}
    session = CrawlSession(project_settings(overrides))
    try:  # the same checks, lock and data-dir preparation as rs-scraper crawl, before the mirror starts
        session.check().open()
    except SessionError as exc:
        raise CommandError(str(exc), code=exc.code) from None
    try:
        session.print_notes("")
        server = start_mirror(site, args.port)
        print(f"mirror: {len(site.articles)} articles at {server.base_url}")
        try:
            stats = run_spider({**overrides, **session.prepared(), "RS_BASE_URL": server.base_url})
        finally:
            server.stop()
    finally:
        session.close()
    summarize(stats, Path(args.data_dir))
    return exit_code(stats)


def start_mirror(site, port: int):
    """The mirror on ``port``; on a busy default port, on a free one (a first command must not fail because
    something else listens on 8765; rows are stored under the site's URLs, so any port gives the same rows)."""
    from rs_scraper.mirror import MirrorServer

    try:
        return MirrorServer(site, host="127.0.0.1", port=port).start()
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise CommandError(f"cannot start the mirror: {exc}") from None
        if port != DEMO_PORT:
            raise UsageError(f"port {port} is in use; pass --port with a free one (or 0)") from None
    print(f"port {port} is in use: serving the mirror on a free port instead", file=sys.stderr)
    return MirrorServer(site, host="127.0.0.1", port=0).start()


def summarize(stats: dict, data_dir: Path) -> None:
    import pandas as pd

    articles = data_dir / "articles"
    print(
        f"run {stats.get(sk.RUN_ID)}: discovered {stats.get(sk.DISCOVERED, 0)}, "
        f"fetched {stats.get(sk.FETCHED, 0)}, written {stats.get(sk.WRITTEN, 0)}, "
        f"not articles {sum(v for k, v in stats.items() if k.startswith(sk.DROPPED_NOT_ARTICLE))}, "
        f"failed {sum(v for k, v in stats.items() if k.startswith(sk.FAILED_PREFIX))}"
    )
    manifest = data_dir / "runs" / f"{stats.get(sk.RUN_ID)}.json"
    if manifest.is_file():
        monitors = json.loads(manifest.read_text(encoding="utf-8")).get("monitors") or []
        failed = [m["name"] for m in monitors if not m.get("passed")]
        verdict = f"FAILED: {', '.join(failed)}" if failed else f"all {len(monitors)} passed"
        print(f"monitors: {verdict}; manifest {manifest}")
    if not articles.exists():
        print(f"no dataset at {articles}")
        return
    frame = pd.read_parquet(articles)
    print(
        f"dataset: {len(frame)} articles in {articles.resolve()} "
        f"({frame['published_at'].min():%Y-%m-%d} .. {frame['published_at'].max():%Y-%m-%d})"
    )
    print(f"load it with: pandas.read_parquet({str(articles)!r})")
    sample = frame.sort_values("published_at", ascending=False).head(5)
    with pd.option_context("display.width", 160, "display.max_colwidth", 60):
        print(sample[["published_at", "section", "title", "word_count"]].to_string(index=False))
