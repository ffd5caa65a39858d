"""Our crawl against the floor, bare Scrapy, on one mirror in one invocation: what do we add per page?

One offline mirror is served on loopback; ``--runs`` times, alternating which goes first, a bare Scrapy spider
(benchmarks/bare_spider.py: the same discovery and the same article fetches, no parsing, no pipeline) and
``scrapy crawl rs`` (every default on: parser, pipelines, WARC archive, spidermon, manifest) run as child
processes at the same concurrency (loopback politeness: no delay, 16 at once). Printed: the median wall time,
CPU time (user + system, which other jobs on a shared machine do not inflate) and peak RSS of each, their ratios
(ours / bare), and the requests each made. Then one more run of ours under a sampling profiler
(benchmarks/stage_sampler.py) prints where our reactor thread's CPU goes, by stage, in ms an article.

    .venv/bin/python benchmarks/crawl_vs_bare.py                         # 2000 articles, 3 runs each, light pages
    .venv/bin/python benchmarks/crawl_vs_bare.py --weight real           # heavy pages (~440 KB, the parser's)
    .venv/bin/python benchmarks/crawl_vs_bare.py --workers 0 1           # ours parsing in place and in 1 worker
    .venv/bin/python benchmarks/crawl_vs_bare.py --articles 12 --runs 1  # tiny (tests/test_benchmarks_run.py)

Goal (issue 14): wall ratio <= 1.33 (our crawl at >= 75 % of bare Scrapy's rate) on the heavy pages.
"""

from __future__ import annotations

import argparse
import inspect
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.common import (  # noqa: E402
    LOOPBACK,
    MIB,
    add_settings_option,
    machine_note,
    measured_child,
    scrapy_crawl_rs,
    settings_argv,
)

BARE = str(REPO / "benchmarks" / "bare_spider.py")
SAMPLER = str(REPO / "benchmarks" / "stage_sampler.py")


def make_site(articles: int, seed: int, weight: str):
    from rs_scraper.mirror import MirrorSite

    if weight != "light":
        if "weight" not in inspect.signature(MirrorSite).parameters:
            sys.exit(f"this mirror has no weight={weight} pages yet (MirrorSite has no weight parameter)")
        return MirrorSite(articles=articles, seed=seed, weight=weight)
    return MirrorSite(articles=articles, seed=seed)


SETTINGS: list[str] = []  # -s NAME=VALUE of the command line, for every run of ours


def ours_argv(base_url: str, data: Path, concurrency: int, workers: int = 0) -> list[str]:
    loopback = [a.replace("=16", f"={concurrency}") for a in LOOPBACK]
    return scrapy_crawl_rs(base_url, data, *loopback, *SETTINGS, "-s", f"RS_PARSE_WORKERS={workers}")


def counts(data: Path) -> dict:
    manifests = sorted((data / "runs").glob("*.json"))
    return json.loads(manifests[-1].read_text()).get("counts", {}) if manifests else {}


def one_run(kind: str, server, workdir: Path, i: int, concurrency: int) -> dict:
    """One child run of ``kind`` ("bare", or "ours/N": ours with N parse workers). Ours's CPU and peak RSS
    include its parse workers' (the run manifest's rs/parse_workers/ values): a worker's cost is the crawl's."""
    before, served_from = len(server.requests), time.process_time()  # the mirror serves from this process
    if kind == "bare":
        run = measured_child([BARE, server.base_url, "--concurrency", str(concurrency)])
        rows, cpu, rss, worker_cpu = None, run.cpu, run.peak_rss, 0.0
    else:
        data = workdir / f"{kind.replace('/', '-')}-{i}"
        run = measured_child(ours_argv(server.base_url, data, concurrency, int(kind.split("/")[1])))
        got = counts(data)
        rows = int(got.get("rs/written", 0)) if got else -1
        worker_cpu = got.get("rs/parse_workers/cpu_ms", 0) / 1000
        cpu = run.cpu + worker_cpu
        rss = run.peak_rss + got.get("rs/parse_workers/peak_kib", 0) * 1024
    if run.status not in (0, 1):
        sys.exit(f"{kind} crawl failed (exit {run.status}): {run.stderr[-2000:]}")
    return {
        "wall": run.wall,
        "cpu": cpu,
        "worker_cpu": worker_cpu,
        "peak_rss": rss,
        "requests": len(server.requests) - before,
        "rows": rows,
        "server_cpu": time.process_time() - served_from,
    }


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def floor(bare: list[dict], parse: float, archive: float) -> None:
    """The wall ratio no overhead cut can beat on this machine: the work ours must do whatever else it stops
    doing (Scrapy's own fetching, which is bare's CPU; the parse; the archive writer's thread) plus the mirror
    serving the same requests, spread perfectly over every core, against bare's wall."""
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    fetch, serve, wall = median(bare, "cpu"), median(bare, "server_cpu"), median(bare, "wall")
    work = fetch + parse + archive + serve
    print(
        f"\nfloor on this machine: Scrapy's fetching {fetch:.2f} s (bare's CPU) + parse {parse:.2f} + archive thread "
        f"{archive:.2f} + the mirror serving {serve:.2f} = {work:.2f} s of CPU, at least {work / cores:.2f} s wall on "
        f"{cores} cores even perfectly parallel: a wall ratio of at least {work / cores / wall:.2f}x against bare's "
        f"{wall:.2f} s, whatever else ours stops spending"
    )


def profile(
    server,
    workdir: Path,
    concurrency: int,
    articles: int,
    detail: int,
    workers: int = 0,
    bare: list[dict] | None = None,
) -> None:
    """One run of ours (with ``workers`` parse workers) under the sampler: the reactor thread's CPU by stage;
    with ``bare`` runs and the parse in place, the floor of the wall ratio on this machine too."""
    out = workdir / "stages.json"
    for attempt in range(1, 4):
        argv = ours_argv(server.base_url, workdir / f"profiled-{attempt}", concurrency, workers)
        run = measured_child([SAMPLER, str(out), *argv])
        # The sampler reads the reactor thread's frames from its own thread; on CPython 3.11 that crashed one
        # sampled heavy run of five here (SIGSEGV in PyFrame_GetCode, the sampler's frame walk; none of the
        # unsampled crawls beside them). A crashed sample is no measurement: run it again, and say so.
        if run.status < 0:
            print(f"(the sampled run died of signal {-run.status}, attempt {attempt} of 3: the sampler, not the crawl)")
            continue
        if run.status in (0, 1) and out.exists() and not _partial(json.loads(out.read_text())["stages"], attempt):
            break
    if run.status not in (0, 1) or not out.exists():
        print(f"profile run failed (exit {run.status}): {run.stderr[-1000:]}")
        return
    sampled_data = json.loads(out.read_text())
    totals, functions = sampled_data["stages"], sampled_data["functions"]
    main_cpu = totals.pop("_main_thread_cpu")
    sampled = sum(totals.values())
    print(
        f"\nwhere ours{f' +{workers}w' if workers else ''} spends its reactor thread's CPU (one sampled run: "
        f"{main_cpu:.2f} s of that thread's CPU, "
        f"{sampled:.2f} s sampled; process CPU {run.cpu:.2f} s incl. the WARC writer thread)"
    )
    print(f"{'stage':<68} {'CPU s':>7} {'share':>6} {'ms/article':>10}")
    for stage, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{stage:<68} {seconds:>7.2f} {seconds / sampled:>6.1%} {1000 * seconds / articles:>10.2f}")
    if detail:
        print(f"\nthe {detail} functions charged the most (stage | the frame that named it)")
        for where, seconds in sorted(functions.items(), key=lambda kv: -kv[1])[:detail]:
            print(f"{seconds:>7.2f} s {1000 * seconds / articles:>6.2f} ms/article  {where}")
    parse = next((seconds for stage, seconds in totals.items() if stage.startswith("parse")), None)
    archive = counts(workdir / f"profiled-{attempt}").get("rs/warc/write_us", 0) / 1e6  # the writer thread's CPU
    if bare and not workers and parse is not None:
        if sampled < 0.9 * main_cpu:  # a floor from a partial sample would be too low
            print("no floor: the sample missed more than a tenth of the reactor thread's CPU")
            return
        floor(bare, parse, archive)


def _partial(stages: dict, attempt: int) -> bool:
    """Whether the sample missed much of the reactor thread's CPU (the sampler thread stopped early): its
    table and the floor drawn from it would be wrong, so the run is made again (said)."""
    covered = sum(v for k, v in stages.items() if not k.startswith("_")) / max(stages["_main_thread_cpu"], 1e-9)
    if covered >= 0.9:
        return False
    print(f"(the sampled run's samples cover {covered:.0%} of its reactor thread's CPU, attempt {attempt} of 3)")
    return attempt < 3


def label(kind: str) -> str:
    if kind == "bare":
        return "bare Scrapy"
    workers = int(kind.split("/")[1])
    return "scrapy crawl rs" + (f" +{workers}w" if workers else "")


def report(title: str, runs: dict[str, list[dict]]) -> None:
    """A line per kind (median of its runs), and each of ours against bare."""
    bare = runs["bare"]
    b_wall, b_cpu, b_rss = median(bare, "wall"), median(bare, "cpu"), median(bare, "peak_rss") / MIB
    print(
        f"\n{title}: median of {len(bare)} run(s) each (ours +Nw: N parse workers; CPU and RSS include theirs, "
        f"'workers' is their part of the CPU)"
    )
    print(f"{'run':<20} {'wall s':>8} {'CPU s':>8} {'workers':>8} {'peak RSS':>10} {'requests':>9} {'req/s':>7}")
    for kind, kind_runs in runs.items():
        wall, cpu, rss = median(kind_runs, "wall"), median(kind_runs, "cpu"), median(kind_runs, "peak_rss") / MIB
        workers = median(kind_runs, "worker_cpu")
        req = statistics.median(r["requests"] for r in kind_runs)
        print(
            f"{label(kind):<20} {wall:>8.2f} {cpu:>8.2f} {workers:>8.2f} {rss:>6.0f} MiB {req:>9.0f} {req / wall:>7.0f}"
        )
    for kind, kind_runs in runs.items():
        if kind == "bare":
            continue
        wall, cpu, rss = median(kind_runs, "wall"), median(kind_runs, "cpu"), median(kind_runs, "peak_rss") / MIB
        print(
            f"ratio ours{label(kind)[15:].strip()}/bare".ljust(20)
            + f" wall {wall / b_wall:.2f}x   CPU {cpu / b_cpu:.2f}x   RSS {rss / b_rss:.2f}x   "
            f"(at {b_wall / wall:.0%} of bare Scrapy's rate; goal: wall ratio <= 1.33 on heavy pages)"
        )
        print(f"  rows written: {[r['rows'] for r in kind_runs]}; walls {[round(r['wall'], 2) for r in kind_runs]}")
    print(f"  bare walls {[round(r['wall'], 2) for r in bare]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs of each, alternated (0: only the profile run)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--weight", default="light", help="mirror page weight: light (today's pages) or real")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[0],
        help="RS_PARSE_WORKERS values of ours to compare, each alternated with bare (e.g. --workers 0 1)",
    )
    add_settings_option(parser, "RS_WARC_COMPRESSION_LEVEL=1 (every run of ours)")
    parser.add_argument("--no-profile", action="store_true", help="skip the per-stage profile run")
    parser.add_argument("--detail", type=int, default=0, help="also print the N functions charged the most")
    args = parser.parse_args(argv)

    from rs_scraper.mirror import MirrorServer

    SETTINGS[:] = settings_argv(args.set)
    site = make_site(args.articles, args.seed, args.weight)
    print(machine_note())
    print(f"mirror: {args.articles} articles, seed {args.seed}, {args.weight} pages; concurrency {args.concurrency}")
    if args.set:
        print(f"ours with: {' '.join(args.set)}")
    kinds = ["bare"] + [f"ours/{w}" for w in dict.fromkeys(args.workers)]
    runs: dict[str, list[dict]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="crawl-vs-bare-") as tmp, MirrorServer(site, port=0) as server:
        for i in range(args.runs):
            for kind in kinds if i % 2 == 0 else kinds[::-1]:
                runs[kind].append(one_run(kind, server, Path(tmp), i, args.concurrency))
        if args.runs:
            report(f"{args.weight} pages", runs)
        if not args.no_profile:
            profile(server, Path(tmp), args.concurrency, args.articles, args.detail, args.workers[-1], runs["bare"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
