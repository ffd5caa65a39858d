"""The benchmark scripts run (tiny mode) and print their figures; no timing assertions (machine-dependent)."""

from __future__ import annotations

import subprocess
import sys

from tests.kit.runs import REPO


def _run(script: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def _lines(out: str) -> dict[str, list[str]]:
    return {ln.split()[0]: ln.split() for ln in out.splitlines() if ln.strip()}


def _speed_printed(lines: dict) -> None:
    assert {"ours-ms", "trafilatura-ms", "lxml-parse-ms", "speed:"} <= set(lines)
    assert all(float(lines[k][1]) > 0 for k in ("ours-ms", "trafilatura-ms", "lxml-parse-ms"))


def test_extraction_benchmark_tiny():
    out = _run("extraction.py", "--pages", "10", "--repeat", "1")
    lines = _lines(out)
    f1_ours, f1_traf = float(lines["ours"][3]), float(lines["trafilatura"][3])
    assert 0 < f1_traf <= 1 and 0 < f1_ours <= 1  # figures, printed and sane
    _speed_printed(lines)


def test_extraction_benchmark_heavy_pages_tiny():
    out = _run("extraction.py", "--pages", "6", "--repeat", "1", "--weight", "real", "--layout", "rm-widgets")
    lines = _lines(out)
    assert float(lines["ours"][3]) > 0.9
    assert int(lines["weight:"][4]) >= 300  # "weight: N pages, median K KB": real weight is hundreds of KB
    _speed_printed(lines)


def test_extraction_benchmark_zyte_tiny():
    out = _run("extraction.py", "--zyte", "--pages", "8", "--repeat", "1")
    assert "[all] ours" in out and "[test] trafilatura" in out
    _speed_printed(_lines(out))


def test_extraction_goals_tiny():
    out = _run("extraction.py", "--goals", "--pages", "4", "--repeat", "1")
    goals = [ln for ln in out.splitlines() if ln.startswith("goal ")]
    assert len(goals) == 2 and all(ln.endswith(("met", "NOT met")) for ln in goals)
    heavy = next(ln for ln in out.splitlines() if ln.startswith("mirror heavy RS pages"))
    assert int(heavy.split()[4]) == 8 and float(heavy.split()[5]) >= 300  # 4 pages x 2 layouts, real weight (KB)


def test_metadata_benchmark_tiny():
    out = _run("metadata.py", "--pages", "8", "--show", "2")
    table = {ln.split()[0]: ln.split() for ln in out.splitlines() if ln[:1].isalpha()}  # not the indented values
    for f in ("title", "authors", "date"):  # field, agree, differ, ours only, theirs only, neither: 8 pages
        assert sum(int(x) for x in table[f][1:6]) == 8
    assert "agreement where both" in out


def test_quality_report_tiny():
    out = _run("quality.py", "--articles", "12")
    assert "body P" in out and "exact" in out and "leaks" in out


def test_warc_benchmark_tiny():
    out = _run("warc.py", "--articles", "6", "--pairs", "1", "--real", "4")
    lines = out.splitlines()
    crawl = next(ln for ln in lines if ln.startswith("crawl    archive off"))
    assert float(crawl.split("ratio ")[1].split()[0]) > 0  # the ratio of two real crawl times, printed
    assert any("KiB archive per article" in ln for ln in lines)
    reparse = [ln for ln in lines if ln.startswith("reparse")]
    assert len(reparse) == 2 and all("scaling" in ln and "pages/s" in ln for ln in reparse)


def test_discovery_memory_benchmark_tiny():
    out = _run("discovery_memory.py", "--urls", "2000", "--quick")
    row = next(ln.split() for ln in out.splitlines() if ln.strip().startswith("2,000"))
    assert row[1] == "gzip" and row[2] == "2,000" and float(row[3]) > 0  # discovered all, a peak RSS printed


def test_crawl_vs_bare_benchmark_tiny():
    out = _run(
        "crawl_vs_bare.py",
        "--articles",
        "12",
        "--runs",
        "1",
        "--workers",
        "1",
        "0",  # last: the profile run parses in place, so the floor is printed
        "-s",
        "RS_WARC_COMPRESSION_LEVEL=1",
    )
    lines = out.splitlines()
    assert "ours with: RS_WARC_COMPRESSION_LEVEL=1" in lines
    bare = next(ln.split() for ln in lines if ln.startswith("bare Scrapy"))
    ours = next(ln.split() for ln in lines if ln.startswith("scrapy crawl rs"))
    assert int(bare[-2]) >= int(ours[-2]) > 12  # both made the discovery and the article fetches (bare: robots twice)
    ratio = next(ln for ln in lines if ln.startswith("ratio ours/bare"))
    assert float(ratio.split("wall ")[1].split("x")[0]) > 0
    floor = next(ln for ln in lines if ln.startswith("floor on this machine"))
    assert float(floor.split("at least ")[2].split("x")[0]) > 0  # the ratio no overhead cut can beat here
    assert out.count("rows written: [12]") == 2  # ours really parsed and stored every article, in place and in a worker
    assert next(ln for ln in lines if ln.startswith("ratio ours+1w/bare"))
    stages = {ln[:68].strip() for ln in lines[lines.index(next(ln for ln in lines if ln.startswith("stage"))) + 1 :]}
    assert any(s.startswith("parse") for s in stages)  # the profiled run charged CPU to the parser


def test_nightly_benchmark_tiny_prints_the_unchanged_polite_night():
    out = _run("nightly.py", "--articles", "8", "--polite")
    night = next(ln for ln in out.splitlines() if ln.startswith("unchanged night at default politeness"))
    discovery = int(night.split(": ")[1].split()[0])
    bodies = int(night.split("(goal <= 10), ")[1].split()[0])
    assert discovery > 0 and bodies >= 0  # requests of a real polite night, counted by the mirror


def test_crawl_scale_benchmark_runs_and_reports_complete_crawls():
    result = subprocess.run(
        [sys.executable, "benchmarks/crawl_scale.py", "--articles", "40", "--baseline", "20", "--recrawl"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RSS ratio" in result.stdout
    assert "every article written exactly once" in result.stdout
    assert result.stdout.count("unchanged again:") == 2 and "unchanged night RSS ratio" in result.stdout
