"""RS_MALLOC_MMAP_THRESHOLD: freed big blocks leave a crawl's RSS (rs_scraper.memory, settings.py says why).

The threshold is process-wide, so each case runs in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

from tests.kit.runs import REPO, scrapy_crawl

# After one 8 MiB block is freed (glibc then serves blocks below 8 MiB from the heap), 60 blocks of 1 MiB, each
# followed by a small block that stays, are freed; prints how many MiB of RSS they left behind.
LEFT_BEHIND = """
import sys
from rs_scraper import memory
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
if sys.argv[1] != "0":
    assert memory.set_mmap_threshold(int(sys.argv[1]))
block = bytearray(8 << 20)
del block
big, keep = [], []
before = rss()
for _ in range(60):
    big.append(bytearray(1 << 20))
    keep.append(bytearray(2000))
del big[:]
print(round(rss() - before))
"""


def left_behind(threshold: int) -> int:
    out = subprocess.run(
        [sys.executable, "-c", LEFT_BEHIND, str(threshold)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return int(out.stdout)


def test_with_the_threshold_freed_blocks_go_back_to_the_os():
    assert left_behind(0) >= 40  # glibc's own rule: the freed MiB stay resident between the small blocks
    assert left_behind(256 * 1024) <= 10


def test_an_impossible_threshold_is_refused_in_one_line(tmp_path):
    result = scrapy_crawl("http://127.0.0.1:9", tmp_path / "data", "-s", "RS_MALLOC_MMAP_THRESHOLD=64MB")
    assert result.returncode == 2
    assert "RS_MALLOC_MMAP_THRESHOLD" in result.stderr and "Traceback" not in result.stderr
