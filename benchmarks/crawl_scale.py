"""Crawl throughput and memory at scale, against the offline mirror on loopback.

Runs ``scrapy crawl rs`` (a subprocess, as a user would) twice in the same invocation: a baseline on a small
mirror and the measured run on a large one, and prints pages/s, rows written and the crawl's peak RSS for
both, with their ratios. Memory should stay roughly flat as the site grows (rows are flushed to Parquet every
RS_PARQUET_FLUSH_ROWS), so the RSS ratio is the figure to watch; throughput is informational.

    .venv/bin/python benchmarks/crawl_scale.py --articles 20000 --baseline 2000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

LOOPBACK = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING",
            "-s", "SPIDERMON_ENABLED=False"]


def peak_rss_of(cmd: list[str]) -> tuple[int, float]:
    """Run ``cmd`` in a child and return (its peak RSS in bytes, wall seconds)."""
    start = time.perf_counter()
    pid = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(pid.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"crawl failed (status {status}): {pid.stderr.read().decode()[-2000:]}")
    return usage.ru_maxrss * 1024, elapsed


def crawl(articles: int, seed: int) -> dict:
    import pandas as pd

    from rs_scraper.mirror import MirrorServer, MirrorSite

    site = MirrorSite(articles=articles, seed=seed)
    with tempfile.TemporaryDirectory() as tmp, MirrorServer(site, port=0) as server:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "rs", "-s", f"RS_BASE_URL={server.base_url}",
               "-s", f"RS_DATA_DIR={tmp}", *LOOPBACK]
        rss, seconds = peak_rss_of(cmd)
        rows = len(pd.read_parquet(Path(tmp) / "articles", columns=["url"]))
        pages = len(server.requests)
    return {"articles": articles, "rows": rows, "requests": pages, "seconds": seconds,
            "pages_per_s": pages / seconds, "peak_rss_mib": rss / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--baseline", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    base = crawl(args.baseline, args.seed)
    big = crawl(args.articles, args.seed)
    for run in (base, big):
        print(f"{run['articles']:>6} articles: {run['rows']:>6} rows, {run['requests']:>6} requests in "
              f"{run['seconds']:.1f} s = {run['pages_per_s']:.0f} req/s, peak RSS {run['peak_rss_mib']:.0f} MiB")
    print(f"size ratio {big['articles'] / base['articles']:.1f}x -> RSS ratio "
          f"{big['peak_rss_mib'] / base['peak_rss_mib']:.2f}x, throughput ratio "
          f"{big['pages_per_s'] / base['pages_per_s']:.2f}x")
    complete = big["rows"] == big["articles"] and base["rows"] == base["articles"]
    print("every article written exactly once" if complete else "MISSING ROWS: see counts above")


if __name__ == "__main__":
    main()
