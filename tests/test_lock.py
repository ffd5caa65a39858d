"""The crawl lock: exclusive, never waits, names the holder, and dies with its holder (SIGKILL included)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from rs_scraper.locking import CrawlLock, Locked, is_locked, lock_path, read_holder

HOLD = ("import sys, time; from rs_scraper.locking import CrawlLock\n"
        "lock = CrawlLock(sys.argv[1]).acquire(); print('held', flush=True); time.sleep(60)\n")


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
