"""The benchmark scripts run (tiny mode) and print their figures; no timing assertions (machine-dependent)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(script: str, *args: str) -> str:
    out = subprocess.run([sys.executable, str(REPO / "benchmarks" / script), *args], cwd=REPO, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_extraction_benchmark_tiny():
    out = _run("extraction.py", "--pages", "10", "--repeat", "1")
    lines = {ln.split()[0]: ln.split() for ln in out.splitlines() if ln.strip()}
    assert {"ours", "trafilatura", "lxml", "speed:"} <= set(lines)
    f1_ours, f1_traf = float(lines["ours"][3]), float(lines["trafilatura"][3])
    assert 0 < f1_traf <= 1 and 0 < f1_ours <= 1  # figures, printed and sane


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
