"""kill -9 at the worst moments: in the middle of a Parquet write and in the middle of a crawl.

The dataset must stay readable by pandas whatever instant the process dies at (files are written as ``_tmp-*``
and renamed), and re-running the crawl must complete it with every article exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipelines.storage import data_files
from rs_scraper.verify import verify
from tests.kit.runs import REPO, SITE_URL, read_manifests, scrapy_crawl_cmd, wait_for

# A subprocess that writes big tables forever through write_table_atomic (~0.2 s a file, mostly inside the
# Parquet writer), numbering its files so the test can tell complete ones from the one being written.
_WRITER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from pipelines.storage import rows_to_table, write_table_atomic

root = Path(sys.argv[1])
stamp = datetime(2024, 5, 1, tzinfo=timezone.utc)
seq = 0
while True:
    rows = [{"url": f"https://x.org/{seq}/{i}", "title": f"T{i}", "text": f"{seq} {i} " * 40,
             "published_at": stamp, "authors": ["A B"], "tags": ["t"]} for i in range(40000)]
    write_table_atomic(rows_to_table(rows), root / "year=2024" / f"part-kill-{seq:05d}.parquet", root.parent)
    seq += 1
"""


def _tmp_files(root: Path) -> list[Path]:
    """Temporaries of the data dir holding the dataset ``root`` (DATA_DIR/.tmp/, out of every reader's glob)."""
    tmp = root.parent / ".tmp"
    return sorted(tmp.iterdir()) if tmp.exists() else []


def _scratch_files(pid: int, data_dir: Path) -> list[str]:
    """The files without a name (rs_scraper.spill) that process ``pid`` holds open in ``data_dir/.tmp/``."""
    fds = Path(f"/proc/{pid}/fd")
    targets = []
    for fd in fds.iterdir():
        try:
            targets.append(os.readlink(fd))
        except OSError:
            continue  # closed meanwhile
    tmp = str((data_dir / ".tmp").resolve())
    return [t for t in targets if t.startswith(tmp + "/") and t.endswith("(deleted)")]


def _rows(root: Path) -> int:
    return sum(pq.read_metadata(p).num_rows for p in data_files(root))


def test_kill9_in_the_middle_of_a_parquet_write_leaves_a_readable_dataset(tmp_path):
    root = tmp_path / "articles"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(root)], cwd=REPO)
    try:
        # Let two files complete, then kill as soon as the third is being written.
        wait_for(lambda: len(data_files(root)) >= 2, what="two complete files")
        wait_for(lambda: bool(_tmp_files(root)), what="a write in progress")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    partials = _tmp_files(root)
    assert partials, "the kill did not land in the middle of a write"  # it is ~0.2 s a file, polled every 5 ms
    complete = data_files(root)
    frame = pd.read_parquet(root)  # the whole dataset reads: the partial file is invisible to readers
    assert len(frame) == 40000 * len(complete)
    assert frame["url"].is_unique

    # What the _tmp- name saves us from: the same partial bytes under an ordinary name break the whole dataset.
    with pytest.raises(Exception):  # noqa: B017 - any reader error: the point is that it cannot be read
        pq.ParquetFile(partials[0])
    stray = root / "year=2024" / "part-stray.parquet"
    stray.write_bytes(partials[0].read_bytes())
    with pytest.raises(Exception):  # noqa: B017 - whatever pyarrow raises, the dataset does not read
        pd.read_parquet(root)
    stray.unlink()

    # verify names the leftover partial, and only that.
    problems = verify(tmp_path).problems
    assert {p.path for p in problems if "leftover partial file" in p.what} == set(partials)


def test_kill9_in_the_middle_of_a_crawl_then_rerun_completes_exactly_once(mirror_factory, tmp_path):
    srv = mirror_factory(articles=20, seed=9)
    site = srv.site
    expected = {row["url"] for row in site.expected_rows(SITE_URL)}
    srv.set_fault(lambda path: site.article_for(path) is not None, delay=0.3)  # slow pages: the kill lands mid-crawl
    data_dir = tmp_path / "data"
    articles = data_dir / "articles"
    slow = ["-s", "RS_PARQUET_FLUSH_ROWS=1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]  # one write per article
    slow += ["-s", "RS_SPILL_BYTES=64"]  # its per-URL state in scratch files (rs_scraper.spill) when it dies

    proc = subprocess.Popen(
        scrapy_crawl_cmd(srv.base_url, data_dir, *slow), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(lambda: _rows(articles) >= 4, what="four articles stored")
        scratch = _scratch_files(proc.pid, data_dir)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert scratch, "the crawl had spilled nothing to DATA_DIR/.tmp/"
    assert not [p for p in _tmp_files(articles) if p.name.startswith("scratch-")]  # the scratch files left no name

    first = pd.read_parquet(articles)  # readable right after the kill
    assert first["url"].is_unique
    assert 4 <= len(first) < len(expected), "the kill did not land mid-crawl"
    assert set(first["url"]) <= expected

    srv.clear_faults()
    rerun = subprocess.run(
        scrapy_crawl_cmd(srv.base_url, data_dir), cwd=REPO, capture_output=True, text=True, timeout=180
    )
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    final = pd.read_parquet(articles)
    assert sorted(final["url"]) == sorted(expected)  # every article, exactly once
    assert read_manifests(data_dir)[-1]["finish_reason"] == "finished"
    report = verify(data_dir)
    assert all("leftover partial file" in p.what for p in report.problems), [str(p) for p in report.problems]
