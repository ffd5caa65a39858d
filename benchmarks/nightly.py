"""What a scheduled crawl costs the site: requests and bytes of a first crawl, of an unchanged night, of a night
with edits, and of a ``--limit`` run, against the offline mirror on loopback (issue 10: "spend requests on what
changed").

Each run is ``rs-scraper crawl`` in a subprocess, as cron runs it; the mirror counts every request it answers
(and its status: a 304 has no body), the run manifest gives the response bytes Scrapy received. The figures to
watch are the ratios to the first crawl, measured in this one invocation: an unchanged night should request a
handful of discovery documents and no article body.

    .venv/bin/python benchmarks/nightly.py --articles 3000
    .venv/bin/python benchmarks/nightly.py --articles 3000 --polite   # also time them at default politeness
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

LOOPBACK = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS=16",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
]
DISCOVERY = ("/robots.txt", "/sitemap", "/feeds/")


def run(server, data: Path, *extra: str, polite: bool = False) -> dict:
    start = len(server.requests)
    began = time.perf_counter()
    cmd = [
        sys.executable,
        "-m",
        "rs_scraper",
        "crawl",
        "--quiet",
        "--base-url",
        server.base_url,
        "--data-dir",
        str(data),
        "--log-file",
        str(data / "logs" / "{run_id}.log"),
        *([] if polite else LOOPBACK),
        *extra,
    ]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    records = list(server.requests)[start:]
    manifest = json.loads(max((data / "runs").glob("*.json"), key=lambda p: p.stat().st_mtime).read_text())
    articles = [r for r in records if not r.path.startswith(DISCOVERY)]
    return {
        "exit": result.returncode,
        "seconds": seconds,
        "requests": len(records),
        "discovery": len(records) - len(articles),
        "article_requests": len(articles),
        "bodies": sum(r.status == 200 for r in articles),
        "not_modified": sum(r.status == 304 for r in articles),
        "bytes": int((manifest.get("stats") or {}).get("downloader/response_bytes", 0)),
        "written": manifest["summary"]["written_new"] + manifest["summary"]["written_updated"],
    }


def line(name: str, r: dict, first: dict) -> str:
    return (
        f"{name:<22} exit {r['exit']}  requests {r['requests']:>5} (discovery {r['discovery']:>3}, articles "
        f"{r['article_requests']:>4}: {r['bodies']:>4} bodies, {r['not_modified']:>3} not modified)  "
        f"bytes {r['bytes']:>10,}  ratio {r['bytes'] / first['bytes']:.4f}  written {r['written']:>4}  "
        f"{r['seconds']:.1f}s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--polite", action="store_true", help="also run the nights at default politeness")
    args = parser.parse_args()
    from rs_scraper.mirror import MirrorServer, MirrorSite

    site = MirrorSite(articles=args.articles, seed=args.seed, layout="rebelmouse")
    with tempfile.TemporaryDirectory() as tmp, MirrorServer(site, port=0) as server:
        data = Path(tmp) / "data"
        first = run(server, data)
        print(line("first crawl", first, first))
        print(line("unchanged night", run(server, data), first))
        if args.polite:
            polite = run(server, data, polite=True)
            print(line("unchanged, polite", polite, first))
            print(
                f"unchanged night at default politeness (issue 14): {polite['discovery']} requests besides "
                f"{polite['article_requests']} conditional article revalidations (goal <= 10), "
                f"{polite['bodies']} article bodies (goal 0), {polite['bytes']:,} bytes, {polite['seconds']:.1f} s"
            )
        now = datetime.now(UTC) - timedelta(minutes=1)
        for index in (1, len(site.articles) // 2, len(site.articles) - 2):
            site.update_article(index, when=now)
        print(line("3 edits", run(server, data), first))
        print(line("--limit 3", run(server, Path(tmp) / "fresh", "--limit", "3"), first))
        if args.polite:
            print(
                line("--limit 3, polite", run(server, Path(tmp) / "fresh-polite", "--limit", "3", polite=True), first)
            )
    print(
        f"mirror: {args.articles} articles (rebelmouse layout, seed {args.seed}); figures from one invocation "
        f"on a shared machine: compare the ratios, not the seconds"
    )


if __name__ == "__main__":
    main()
