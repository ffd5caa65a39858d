"""Crawl throughput and memory at scale, against the offline mirror on loopback.

Runs ``scrapy crawl rs`` (a subprocess, as a user would, every default on but politeness: loopback settings)
on a small baseline mirror and on one or more large ones, in the same invocation, and prints pages/s, rows
written and the crawl's peak RSS for each, with their ratios to the baseline. Memory should stay flat as the
site grows, so the RSS ratio is the figure to watch; throughput is informational. Peak RSS is the crawl
process's own high-water mark (VmHWM, benchmarks/common.py: not ru_maxrss, which starts from the parent's RSS).

    .venv/bin/python benchmarks/crawl_scale.py --articles 20000 --baseline 2000
    .venv/bin/python benchmarks/crawl_scale.py --articles 20000 100000 --baseline 2000   # the issue 14 figures
    .venv/bin/python benchmarks/crawl_scale.py --articles 20000 -s RS_ARROW_MEMORY_POOL=mimalloc  # pyarrow's pool
    .venv/bin/python benchmarks/crawl_scale.py --articles 20000 --recrawl   # and an unchanged night after each
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.common import (  # noqa: E402
    LOOPBACK,
    add_settings_option,
    machine_note,
    measured_child,
    scrapy_crawl_rs,
    settings_argv,
)


def crawl(articles: int, seed: int, settings: list[str] = (), recrawl: bool = False) -> dict:
    import pandas as pd

    from rs_scraper.mirror import MirrorServer, MirrorSite

    site = MirrorSite(articles=articles, seed=seed)
    with tempfile.TemporaryDirectory() as tmp, MirrorServer(site, port=0) as server:
        argv = scrapy_crawl_rs(server.base_url, Path(tmp), *LOOPBACK, *settings)
        run = measured_child(argv)
        if run.status not in (0, 1):
            sys.exit(f"crawl failed (exit {run.status}): {run.stderr[-2000:]}")
        urls = pd.read_parquet(Path(tmp) / "articles", columns=["url"])["url"]
        pages = len(server.requests)
        night = None
        if recrawl:  # the same site again, unchanged: what a nightly cron run holds with the whole store indexed
            night = measured_child(argv)
            if night.status not in (0, 1):
                sys.exit(f"second crawl failed (exit {night.status}): {night.stderr[-2000:]}")
            night_requests = len(server.requests) - pages
    out = {
        "articles": articles,
        "rows": len(urls),
        "unique": urls.nunique(),
        "requests": pages,
        "seconds": run.wall,
        "cpu": run.cpu,
        "pages_per_s": pages / run.wall,
        "peak_rss_mib": run.peak_mib,
        "exit": run.status,
    }
    if night is not None:
        out.update(night_requests=night_requests, night_seconds=night.wall, night_rss_mib=night.peak_mib)
        out["night_exit"] = night.status
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[20000])
    parser.add_argument("--baseline", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--recrawl", action="store_true", help="after each crawl, crawl the unchanged site again into the same data dir"
    )
    add_settings_option(parser, "RS_ARROW_MEMORY_POOL=mimalloc (every crawl)")
    args = parser.parse_args()
    print(machine_note())
    settings = settings_argv(args.set)
    runs = [crawl(n, args.seed, settings, args.recrawl) for n in [args.baseline, *args.articles]]
    base = runs[0]
    for run in runs:
        print(
            f"{run['articles']:>7} articles: {run['rows']:>7} rows, {run['requests']:>7} requests in "
            f"{run['seconds']:.1f} s = {run['pages_per_s']:.0f} req/s (CPU {run['cpu']:.1f} s), "
            f"peak RSS {run['peak_rss_mib']:.0f} MiB, exit {run['exit']}"
        )
        if "night_rss_mib" in run:
            print(
                f"{'':>7}  unchanged again: {run['night_requests']} requests in {run['night_seconds']:.1f} s, "
                f"peak RSS {run['night_rss_mib']:.0f} MiB, exit {run['night_exit']}"
            )
    for big in runs[1:]:
        print(
            f"size ratio {big['articles'] / base['articles']:.1f}x -> RSS ratio "
            f"{big['peak_rss_mib'] / base['peak_rss_mib']:.2f}x, throughput ratio "
            f"{big['pages_per_s'] / base['pages_per_s']:.2f}x"
            + (
                f"; unchanged night RSS ratio {big['night_rss_mib'] / base['night_rss_mib']:.2f}x"
                if args.recrawl
                else ""
            )
        )
    complete = all(r["rows"] == r["unique"] == r["articles"] for r in runs)
    print("every article written exactly once" if complete else "MISSING OR DUPLICATE ROWS: see counts above")


if __name__ == "__main__":
    main()
