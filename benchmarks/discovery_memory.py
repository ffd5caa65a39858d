"""Peak memory of discovery on a huge sitemap: prints the crawl's peak RSS for an N-URL sitemap and, as the
baseline measured in the same invocation, for a 10-URL one (the cost of Scrapy + our imports).

    .venv/bin/python benchmarks/discovery_memory.py                  # 1,000,000 URLs (about 70 MB of XML)
    .venv/bin/python benchmarks/discovery_memory.py --urls 200000
    .venv/bin/python benchmarks/discovery_memory.py --urls 2000 --quick   # what tests/test_benchmarks_run.py does
    .venv/bin/python benchmarks/discovery_memory.py --plain          # also uncompressed (Scrapy holds the body)

A loopback server answers robots.txt (one ``Sitemap:`` line), the sitemap (``<urlset>``, every URL an
article-shaped path with a lastmod; gzipped, as big sitemaps are served, unless ``--plain``) and 404 for
everything else; the crawl runs with ``-a limit=10`` so that it
reads and decides every discovered URL but fetches only ten pages (the figure is discovery's, not the
scheduler's: a crawl that really requests a million pages holds its queue in memory, see issue 11 notes). Peak RSS is
the crawl process's own high-water mark (``VmHWM`` at exit, benchmarks/common.py; not ``ru_maxrss``, which a child
inherits from its parent at fork). The project's memory goal is 250 MiB.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.common import MIB, ChildRun, measured_child, scrapy_crawl_rs  # noqa: E402


def sitemap(urls: int, base: str) -> bytes:
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    rows = (
        f"<url><loc>{base}/2024/01/{1 + i % 28:02d}/story-number-{i}</loc>"
        f"<lastmod>2024-01-{1 + i % 28:02d}T10:00:00Z</lastmod></url>\n"
        for i in range(urls)
    )
    return head + "".join(rows).encode() + b"</urlset>\n"


def serve(urls: int, gz: bool) -> tuple[ThreadingHTTPServer, str]:
    state: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/robots.txt":
                body, ctype, status = f"User-agent: *\nSitemap: {base}/sitemap.xml\n".encode(), "text/plain", 200
            elif self.path == "/sitemap.xml":
                body, ctype, status = state["sitemap"], "application/xml", 200
            else:
                body, ctype, status = b"<html><body>gone</body></html>", "text/html", 404
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    state["sitemap"] = gzip.compress(sitemap(urls, base), 6) if gz else sitemap(urls, base)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, base


def crawl(base: str, data: Path, *extra: str) -> tuple[ChildRun, int]:
    from tests.kit.runs import LOOPBACK

    run = measured_child(scrapy_crawl_rs(base, data, *LOOPBACK, *extra), timeout=1800)
    return run, run.peak_rss


def measure(urls: int, workdir: Path, gz: bool) -> tuple[int, float, dict]:
    from tests.kit.faults import manifest_counts

    httpd, base = serve(urls, gz)
    try:
        data = workdir / f"data-{urls}-{gz}"
        started = time.monotonic()
        result, peak = crawl(
            base,
            data,
            "-a",
            "limit=10",
            "-s",
            "RS_SITEMAP_MAXSIZE=268435456",
            "-s",
            "RS_FEED_PATH=/no-feed",
            "-s",
            "RS_FEED_FALLBACK_PATHS=[]",
            "-s",
            "LOG_LEVEL=WARNING",
        )
        seconds = time.monotonic() - started
        counts = manifest_counts(data)
        if result.status not in (0, 1):
            print(result.stderr[-3000:], file=sys.stderr)
    finally:
        httpd.shutdown()
    return peak, seconds, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="skip the baseline run")
    parser.add_argument("--plain", action="store_true", help="also serve the sitemap uncompressed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        runs = ([] if args.quick else [(10, True)]) + [(args.urls, True)] + ([(args.urls, False)] if args.plain else [])
        for n, gz in runs:
            peak, seconds, counts = measure(n, Path(tmp), gz)
            rows.append((n, gz, peak, seconds, counts.get("rs/discovered", 0)))
    print(f"{'sitemap URLs':>14} {'served':>7} {'discovered':>11} {'peak RSS':>10} {'seconds':>8}")
    for n, gz, peak, seconds, discovered in rows:
        print(f"{n:>14,} {'gzip' if gz else 'plain':>7} {discovered:>11,} {peak / MIB:>6.0f} MiB {seconds:>8.1f}")
    if not args.quick:
        print(
            f"discovery's own cost (gzip): {(rows[1][2] - rows[0][2]) / MIB:.0f} MiB over the 10-URL baseline; "
            f"goal: peak under 250 MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
