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
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.common import LOOPBACK, MIB, machine_note, measured_child, scrapy_crawl_rs  # noqa: E402

BARE = str(REPO / "benchmarks" / "bare_spider.py")
SAMPLER = str(REPO / "benchmarks" / "stage_sampler.py")


def make_site(articles: int, seed: int, weight: str):
    from rs_scraper.mirror import MirrorSite

    if weight != "light":
        if "weight" not in inspect.signature(MirrorSite).parameters:
            sys.exit(f"this mirror has no weight={weight} pages yet (MirrorSite has no weight parameter)")
        return MirrorSite(articles=articles, seed=seed, weight=weight)
    return MirrorSite(articles=articles, seed=seed)


def ours_argv(base_url: str, data: Path, concurrency: int) -> list[str]:
    loopback = [a.replace("=16", f"={concurrency}") for a in LOOPBACK]
    return scrapy_crawl_rs(base_url, data, *loopback)


def rows_written(data: Path) -> int:
    manifests = sorted((data / "runs").glob("*.json"))
    if not manifests:
        return -1
    return int(json.loads(manifests[-1].read_text()).get("counts", {}).get("rs/written", 0))


def one_run(kind: str, server, workdir: Path, i: int, concurrency: int) -> dict:
    before = len(server.requests)
    if kind == "bare":
        run = measured_child([BARE, server.base_url, "--concurrency", str(concurrency)])
        rows = None
    else:
        data = workdir / f"ours-{i}"
        run = measured_child(ours_argv(server.base_url, data, concurrency))
        rows = rows_written(data)
    if run.status not in (0, 1):
        sys.exit(f"{kind} crawl failed (exit {run.status}): {run.stderr[-2000:]}")
    return {"run": run, "requests": len(server.requests) - before, "rows": rows}


def median(runs: list[dict], attr: str) -> float:
    return statistics.median(getattr(r["run"], attr) for r in runs)


def profile(server, workdir: Path, concurrency: int, articles: int, detail: int) -> None:
    out = workdir / "stages.json"
    run = measured_child([SAMPLER, str(out), *ours_argv(server.base_url, workdir / "profiled", concurrency)])
    if run.status not in (0, 1) or not out.exists():
        print(f"profile run failed (exit {run.status}): {run.stderr[-1000:]}")
        return
    sampled_data = json.loads(out.read_text())
    totals, functions = sampled_data["stages"], sampled_data["functions"]
    main_cpu = totals.pop("_main_thread_cpu")
    sampled = sum(totals.values())
    print(
        f"\nwhere ours spends its reactor thread's CPU (one sampled run: {main_cpu:.2f} s of that thread's CPU, "
        f"{sampled:.2f} s sampled; process CPU {run.cpu:.2f} s incl. the WARC writer thread)"
    )
    print(f"{'stage':<68} {'CPU s':>7} {'share':>6} {'ms/article':>10}")
    for stage, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{stage:<68} {seconds:>7.2f} {seconds / sampled:>6.1%} {1000 * seconds / articles:>10.2f}")
    if detail:
        print(f"\nthe {detail} functions charged the most (stage | the frame that named it)")
        for where, seconds in sorted(functions.items(), key=lambda kv: -kv[1])[:detail]:
            print(f"{seconds:>7.2f} s {1000 * seconds / articles:>6.2f} ms/article  {where}")


def report(label: str, bare: list[dict], ours: list[dict]) -> None:
    b_wall, o_wall = median(bare, "wall"), median(ours, "wall")
    b_cpu, o_cpu = median(bare, "cpu"), median(ours, "cpu")
    b_rss, o_rss = median(bare, "peak_rss") / MIB, median(ours, "peak_rss") / MIB
    b_req = statistics.median(r["requests"] for r in bare)
    o_req = statistics.median(r["requests"] for r in ours)
    print(f"\n{label}: median of {len(bare)} run(s) each")
    print(f"{'run':<18} {'wall s':>8} {'CPU s':>8} {'peak RSS':>10} {'requests':>9} {'req/s':>7}")
    print(f"{'bare Scrapy':<18} {b_wall:>8.2f} {b_cpu:>8.2f} {b_rss:>6.0f} MiB {b_req:>9.0f} {b_req / b_wall:>7.0f}")
    print(
        f"{'scrapy crawl rs':<18} {o_wall:>8.2f} {o_cpu:>8.2f} {o_rss:>6.0f} MiB {o_req:>9.0f} {o_req / o_wall:>7.0f}"
    )
    print(
        f"ratio ours/bare    wall {o_wall / b_wall:.2f}x   CPU {o_cpu / b_cpu:.2f}x   RSS {o_rss / b_rss:.2f}x   "
        f"(ours at {b_wall / o_wall:.0%} of bare Scrapy's rate; goal: wall ratio <= 1.33 on heavy pages)"
    )
    rows = [r["rows"] for r in ours]
    print(
        f"rows written by ours: {rows}; per-run walls bare {[round(r['run'].wall, 2) for r in bare]}, "
        f"ours {[round(r['run'].wall, 2) for r in ours]}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs of each, alternated (0: only the profile run)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--weight", default="light", help="mirror page weight: light (today's pages) or real")
    parser.add_argument("--no-profile", action="store_true", help="skip the per-stage profile run")
    parser.add_argument("--detail", type=int, default=0, help="also print the N functions charged the most")
    args = parser.parse_args(argv)

    from rs_scraper.mirror import MirrorServer

    site = make_site(args.articles, args.seed, args.weight)
    print(machine_note())
    print(f"mirror: {args.articles} articles, seed {args.seed}, {args.weight} pages; concurrency {args.concurrency}")
    runs: dict[str, list[dict]] = {"bare": [], "ours": []}
    with tempfile.TemporaryDirectory(prefix="crawl-vs-bare-") as tmp, MirrorServer(site, port=0) as server:
        for i in range(args.runs):
            for kind in ("bare", "ours") if i % 2 == 0 else ("ours", "bare"):
                runs[kind].append(one_run(kind, server, Path(tmp), i, args.concurrency))
        if args.runs:
            report(f"{args.weight} pages", runs["bare"], runs["ours"])
        if not args.no_profile:
            profile(server, Path(tmp), args.concurrency, args.articles, args.detail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
