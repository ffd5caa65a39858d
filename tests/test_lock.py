"""The crawl lock: exclusive, never waits, names the holder, and dies with its holder (SIGKILL included); a lock
whose holder is gone, or a live crawl past its wall-clock ceiling, is taken over with a warning."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from rs_scraper.locking import CrawlLock, Locked, is_locked, lock_path, read_holder
from tests.kit.runs import REPO

HOLD = (
    "import sys, time; from rs_scraper.locking import CrawlLock\n"
    "lock = CrawlLock(sys.argv[1]).acquire(); print('held', flush=True); time.sleep(60)\n"
)


def _hold_in_subprocess(path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_holder_is_refused_at_once_and_told_the_pid(tmp_path):
    path = lock_path(tmp_path)
    with CrawlLock(path):
        assert read_holder(path) == os.getpid() and is_locked(path)
        started = time.monotonic()
        with pytest.raises(Locked) as info:
            CrawlLock(path).acquire()
        assert time.monotonic() - started < 30  # refused, not queued: a blocking acquire would hang here
        assert info.value.pid == os.getpid()
        assert f"another crawl is running (pid {os.getpid()})" in str(info.value)
    assert not is_locked(path) and read_holder(path) is None  # released, pid cleared, file kept
    assert path.exists()
    with CrawlLock(path):  # and can be taken again
        pass


def test_lock_held_by_another_process_and_freed_when_it_is_killed(tmp_path):
    path = lock_path(tmp_path / "data")
    proc = _hold_in_subprocess(path)
    try:
        with pytest.raises(Locked) as info:
            CrawlLock(path).acquire()
        assert info.value.pid == proc.pid
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    # the kernel released the flock with the process: no stale lock even though the pid is still written
    assert read_holder(path) == proc.pid and not is_locked(path)
    with CrawlLock(path):
        assert read_holder(path) == os.getpid()


def test_garbage_in_the_lock_file_is_harmless(tmp_path):
    path = lock_path(tmp_path)
    path.write_text("not a pid")
    assert read_holder(path) is None and not is_locked(path)
    with CrawlLock(path):
        with pytest.raises(Locked, match="pid"):
            CrawlLock(path).acquire()


# ------------------------------------------------------------------------------------------ the takeover
_INHERIT = """
import os, sys, time
from rs_scraper.locking import CrawlLock
lock = CrawlLock(sys.argv[1]).acquire()
child = os.fork()
if child == 0:      # the child keeps the descriptor (and so the flock) after its parent is gone
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    time.sleep(60)
    os._exit(0)
print(child, flush=True)
os._exit(0)
"""


def test_lock_held_by_a_process_that_is_gone_is_taken_over_with_a_warning(tmp_path):
    path = lock_path(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", _INHERIT, str(path)], cwd=REPO, capture_output=True, text=True, timeout=30
    )
    child = int(out.stdout.strip())
    try:
        recorded = read_holder(path)
        assert recorded is not None and recorded != child
        lock = CrawlLock(path).acquire()
        try:
            assert lock.took_over and "gone" in lock.took_over
            assert read_holder(path) == os.getpid()
        finally:
            lock.release()
    finally:
        os.kill(child, signal.SIGKILL)


_HUNG = """
import sys, time
from rs_scraper.locking import CrawlLock
lock = CrawlLock(sys.argv[1], ceiling=1).acquire()
with open(sys.argv[1], "r+") as f:   # pretend it started two hours ago
    lines = f.read().splitlines()
    f.seek(0); f.truncate(); f.write(lines[0] + "\\nstarted=%d ceiling=1\\n" % (time.time() - 7200)); f.flush()
print("held", flush=True)
time.sleep(120)
"""


def test_lock_of_a_live_crawl_is_refused_until_it_overruns_its_ceiling_then_taken_over(tmp_path):
    path = lock_path(tmp_path)
    live = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom rs_scraper.locking import CrawlLock\n"
            "lock = CrawlLock(sys.argv[1], ceiling=3600).acquire(); print('held', flush=True)\n"
            "time.sleep(60)",
            str(path),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert live.stdout.readline().strip() == "held"
    try:
        with pytest.raises(Locked):  # exit 75 still means a live crawl is running
            CrawlLock(path).acquire()
    finally:
        live.kill()
        live.wait()
    hung = subprocess.Popen([sys.executable, "-c", _HUNG, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert hung.stdout.readline().strip() == "held"
    try:
        lock = CrawlLock(path).acquire()
        try:
            assert lock.took_over and "stopped hung crawl" in lock.took_over
            assert hung.wait(timeout=30) is not None  # it was stopped
        finally:
            lock.release()
    finally:
        hung.kill()
        hung.wait()


def test_the_lock_file_records_pid_start_and_ceiling_and_is_cleared_on_release(tmp_path):
    with CrawlLock(lock_path(tmp_path), ceiling=123):
        lines = lock_path(tmp_path).read_text().splitlines()
        assert lines[0] == str(os.getpid()) and lines[1].startswith("started=") and "ceiling=123" in lines[1]
    assert lock_path(tmp_path).read_text() == ""
