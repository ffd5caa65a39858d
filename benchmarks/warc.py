"""The web archive's cost and reparse speed, as ratios measured in one invocation.

1. Crawl overhead: ``scrapy crawl rs`` of the offline mirror on loopback (a child process, loopback settings),
   with the archive off and on, alternated ``--pairs`` times on fresh data dirs; the median crawl time of each
   (the run manifest's duration: spider open to close), the child's wall time and its CPU time (user + system,
   which other agents on a shared machine do not inflate), and their ratios.
   Goal: the archive adds at most 10 % to a loopback crawl.
2. Size: archive bytes per article (every record of the run: robots, sitemaps, feeds, requests included) and
   per article page's HTML.
3. Reparse speed on that archive: the parse-only floor (``parse_article`` on bodies already in memory, one
   core), ``reparse`` on 1 worker and on every core (``os.cpu_count()``), in pages/s, and the scaling
   efficiency rate(n) / (n x rate(1)). Goal: >= 80 %. On a shared machine the wall-clock scaling is capped by
   what the other jobs leave, so the same invocation also prints how a pure-CPU loop scales right then, and
   the CPU a page costs on 1 and on n workers (their ratio is the scaling a free machine would give).
4. The same on real pages: the 181 pages of Zyte's benchmark (tests/data/zyte, ~5x the mirror's page
   weight), archived as gzip-encoded 200 responses, reparsed from the archive (the capture loop of reparse).

    .venv/bin/python benchmarks/warc.py                           # 200 articles, 3 pairs, all Zyte pages
    .venv/bin/python benchmarks/warc.py --articles 8 --pairs 1 --real 6   # tiny (the test suite's smoke run)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.common import LOOPBACK as MACHINE_SPEED  # noqa: E402
from rs_scraper.quality.zyte import DATA_DIR as ZYTE  # noqa: E402  (the repo's copy of Zyte's 181 pages)

LOOPBACK = [*MACHINE_SPEED, "-s", "SPIDERMON_ENABLED=False"]


# ------------------------------------------------------------------------------------------------- crawls
def crawl(base_url: str, data: Path, archive: bool) -> dict:
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "rs",
        "-s",
        f"RS_BASE_URL={base_url}",
        "-s",
        f"RS_DATA_DIR={data}",
        "-s",
        f"RS_WARC_ENABLED={archive}",
        *LOOPBACK,
    ]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            err.seek(0)
            sys.exit(f"crawl failed: {err.read().decode()[-2000:]}")
    manifest = json.loads(next((data / "runs").glob("*.json")).read_text())
    return {
        "wall": wall,
        "crawl": float(manifest["duration_s"]),
        "cpu": usage.ru_utime + usage.ru_stime,
        "write": manifest["counts"].get("rs/warc/write_us", 0) / 1e6,
        "submit": manifest["counts"].get("rs/warc/submit_us", 0) / 1e6,
    }


def crawl_overhead(site, pairs: int, workdir: Path) -> tuple[dict, Path]:
    from rs_scraper.mirror import MirrorServer

    times: dict[bool, list[dict]] = {False: [], True: []}
    last = workdir
    with MirrorServer(site, port=0) as server:
        for i in range(pairs):
            for archive in (False, True) if i % 2 == 0 else (True, False):  # alternate the order
                data = workdir / f"crawl-{i}-{'on' if archive else 'off'}"
                times[archive].append(crawl(server.base_url, data, archive))
                if archive:
                    last = data
    kinds = ("wall", "crawl", "cpu", "write", "submit")
    med = {k: {m: statistics.median(t[m] for t in v) for m in kinds} for k, v in times.items()}
    return med, last


def archive_size(data: Path, site, base_url_of) -> dict:
    from rs_scraper.warc.reader import warc_files

    articles = len(site.articles)
    warc = sum(p.stat().st_size for p in warc_files(data / "warc"))
    html = sum(len(site.render(a.path, base_url_of)[2]) for a in site.articles)
    return {"bytes_per_article": warc / articles, "html_per_article": html / articles, "ratio": warc / html}


# ------------------------------------------------------------------------------------------------ reparse
def parse_floor(bodies: list[tuple[bytes, str]]) -> float:
    from rs_scraper.parsing import NotArticle, parse_article

    start = time.perf_counter()
    for body, url in bodies:
        try:
            parse_article(body, url)
        except NotArticle:
            pass
    return len(bodies) / (time.perf_counter() - start)


def measured(run) -> tuple[int, float, float]:
    """(pages, wall seconds, CPU seconds of this process and its finished children) of ``run()``."""
    import resource

    def cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    c0, t0 = cpu(), time.perf_counter()
    pages = run()
    return pages, time.perf_counter() - t0, cpu() - c0


def rates_of(run_with, cores: int, repeat: int = 3) -> dict:
    """pages/s (best of ``repeat``) and CPU ms a page, for 1 worker and for ``cores`` workers, interleaved."""
    out: dict[int, dict] = {}
    for _ in range(repeat):
        for workers in sorted({1, cores}):
            pages, wall, cpu = measured(lambda w=workers: run_with(w))
            best = out.get(workers)
            if best is None or pages / wall > best["rate"]:
                out[workers] = {"rate": pages / wall, "cpu_ms": 1000 * cpu / max(pages, 1)}
    return out


def reparse_rates(data: Path, cores: int) -> dict:
    from rs_scraper.warc.reparse import Selection, reparse

    return rates_of(lambda w: reparse(data, Selection(), workers=w, dry_run=True).reparsed, cores)


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_scaling(cores: int) -> float:
    """How a pure-CPU job scales on this machine right now (other agents share it): the ceiling to read
    reparse's scaling against."""
    import multiprocessing

    rates = {}
    for workers in sorted({1, cores}):
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            start = time.perf_counter()
            pool.map(_burn, [2_000_000] * (4 * cores))
            rates[workers] = 4 * cores / (time.perf_counter() - start)
    return rates[cores] / (cores * rates[1]) if cores > 1 else 1.0


def real_archive(pages: int, warc_dir: Path) -> list:
    """The Zyte pages as an archive of gzip-encoded 200 responses; returns the reparse jobs for them."""
    from scrapy.http import Headers

    from rs_scraper.warc.reader import Archive
    from rs_scraper.warc.reparse import Job
    from rs_scraper.warc.writer import ArchiveWriter

    truth = json.loads((ZYTE / "ground-truth.json").read_text())
    writer = ArchiveWriter(warc_dir, "bench", {"software": "benchmarks/warc.py"})
    when = datetime(2026, 1, 1, tzinfo=UTC)
    for i, (key, row) in enumerate(sorted(truth.items())[:pages]):
        body = (ZYTE / "html" / f"{key}.html.gz").read_bytes()  # as a server sends it: gzip-encoded
        writer.write_exchange(
            target_uri=row["url"],
            dataset_url=row["url"],
            captured=when + timedelta(seconds=i),
            status=200,
            protocol="HTTP/1.1",
            headers=Headers({"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}),
            body=body,
            ip_address="127.0.0.1",
            method="GET",
            request_headers=Headers({}),
        )
    writer.close()
    archive = Archive(warc_dir)
    return [Job(r["url"], r["warc_date"], *archive.locate(r)) for r in archive.rows if r["record_type"] == "response"]


def job_rates(warc_dir: Path, jobs: list, cores: int) -> dict:
    from rs_scraper.warc.reparse import run_jobs

    return rates_of(lambda w: sum(1 for _ in run_jobs(warc_dir, jobs, w)), cores)


def scaling(rates: dict, cores: int) -> float:
    return rates[cores]["rate"] / (cores * rates[1]["rate"]) if cores > 1 else 1.0


def report_rates(what: str, floor: float, rates: dict, cores: int, ceiling: float) -> None:
    one, many = rates[1], rates[cores]
    print(
        f"reparse  {what}: parse-only floor {floor:.0f} pages/s; 1 worker {one['rate']:.0f} pages/s "
        f"({one['rate'] / floor:.0%} of the floor), {cores} workers {many['rate']:.0f} pages/s; "
        f"scaling {scaling(rates, cores):.0%} of {cores} x 1 worker (a pure-CPU loop: {ceiling:.0%} now); "
        f"CPU a page {one['cpu_ms']:.1f} ms on 1 worker, {many['cpu_ms']:.1f} ms on {cores} "
        f"(CPU efficiency {one['cpu_ms'] / many['cpu_ms']:.0%}: the scaling of a machine with cores to spare)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=3, help="crawls with the archive off and on, alternated")
    parser.add_argument("--real", type=int, default=181, help="Zyte pages for the real-page reparse (0: skip)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="the 'all cores' worker count")
    args = parser.parse_args()

    from rs_scraper.mirror import MirrorSite
    from rs_scraper.warc.reader import Archive, to_response

    site = MirrorSite(articles=args.articles, seed=args.seed)
    cores = max(1, args.workers)
    print(
        f"machine: {os.cpu_count()} cores (shared with other jobs: figures vary run to run); "
        f"mirror {args.articles} articles, seed {args.seed}; {args.pairs} crawl pair(s)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        med, data = crawl_overhead(site, args.pairs, Path(tmp))
        off, on = med[False], med[True]
        print(
            f"crawl    archive off {off['crawl']:.2f} s, on {on['crawl']:.2f} s: "
            f"ratio {on['crawl'] / off['crawl']:.3f} "
            f"(median crawl time); process wall ratio {on['wall'] / off['wall']:.3f}; CPU of the crawl "
            f"process off {off['cpu']:.2f} s, on {on['cpu']:.2f} s: ratio {on['cpu'] / off['cpu']:.3f}"
        )
        print(
            f"crawl    inside the archived runs: the reactor spent {on['submit']:.3f} s handing exchanges over "
            f"({on['submit'] / on['crawl']:.1%} of the crawl time; rs/warc/submit_us), the writer thread "
            f"{on['write']:.3f} s writing them beside it (rs/warc/write_us)"
        )
        manifest = json.loads(next((data / "runs").glob("*.json")).read_text())
        size = archive_size(data, site, manifest["settings"]["RS_BASE_URL"])
        print(
            f"size     {size['bytes_per_article'] / 1024:.1f} KiB archive per article "
            f"({size['html_per_article'] / 1024:.1f} KiB of HTML per page; archive/HTML {size['ratio']:.2f})"
        )
        archive = Archive(data / "warc")
        bodies = []
        for row in archive.rows:
            if row["record_type"] == "response" and row["status"] == 200 and row["mime"] == "text/html":
                bodies.append((to_response(archive.load(row)).body, row["url"]))
        floor = parse_floor(bodies)
        rates = reparse_rates(data, cores)
        report_rates(f"mirror ({len(bodies)} pages)", floor, rates, cores, machine_scaling(cores))
        if args.real and ZYTE.is_dir():
            warc_dir = Path(tmp) / "real-warc"
            jobs = real_archive(args.real, warc_dir)
            from rs_scraper.warc.reader import load_capture

            real_bodies = [(to_response(load_capture(warc_dir, j.where)).body, j.url) for j in jobs]
            kib = statistics.mean(len(b) for b, _ in real_bodies) / 1024
            real_floor = parse_floor(real_bodies)
            real = job_rates(warc_dir, jobs, cores)
            report_rates(
                f"real ({len(jobs)} Zyte pages, {kib:.0f} KiB mean)", real_floor, real, cores, machine_scaling(cores)
            )


if __name__ == "__main__":
    main()
