"""The crawl-scale benchmark script runs end to end in a tiny mode (figures are printed, never asserted)."""

import subprocess
import sys

from tests.conftest import REPO


def test_crawl_scale_benchmark_runs_and_reports_complete_crawls():
    result = subprocess.run([sys.executable, "benchmarks/crawl_scale.py", "--articles", "40", "--baseline", "20"],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RSS ratio" in result.stdout
    assert "every article written exactly once" in result.stdout
