"""Nothing listening: a crawl opens no listening socket (Scrapy 2.19's RemoteControl HTTP server and
the telnet console are off in the project's settings). Checked from the outside while the crawl runs: the
crawl's socket inodes (/proc/<pid>/fd) against the kernel's LISTEN entries (/proc/<pid>/net/tcp, tcp6)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from tests.kit.runs import REPO, scrapy_crawl_cmd

LISTEN = "0A"  # TCP state code of a listening socket in /proc/net/tcp


def listening_inodes(pid: int) -> set[str]:
    inodes = set()
    for name in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{name}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == LISTEN:
                inodes.add(fields[9])
    return inodes


def socket_inodes(pid: int) -> set[str]:
    found = set()
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return found
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[len("socket:[") : -1])
    return found


def listeners_during_crawl(server, data_dir: Path, *extra: str) -> tuple[set[str], int]:
    """Poll the crawl's sockets every 50 ms while it runs; (listening inodes it ever held, polls done)."""
    cmd = scrapy_crawl_cmd(server.base_url, data_dir, "-s", "LOG_LEVEL=WARNING", *extra)
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen, polls = set(), 0
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            seen |= socket_inodes(proc.pid) & listening_inodes(proc.pid)
            polls += 1
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
    return seen, polls


def test_a_crawl_opens_no_listening_socket(mirror_factory, tmp_path):
    server = mirror_factory(articles=10, seed=2, layout="rebelmouse")
    site = server.site
    server.set_fault(lambda path: site.article_for(path) is not None, delay=0.3)  # a crawl of a few seconds
    seen, polls = listeners_during_crawl(server, tmp_path / "data")
    assert polls > 10, "the crawl ended before it could be observed"
    assert seen == set()


def test_the_check_sees_a_listener_when_remote_control_is_switched_on(mirror_factory, tmp_path):
    """The same probe on a crawl with Scrapy's default (RemoteControl on) finds its server: the check can fail."""
    server = mirror_factory(articles=10, seed=2, layout="rebelmouse")
    site = server.site
    server.set_fault(lambda path: site.article_for(path) is not None, delay=0.3)
    home = tmp_path / "home"  # the job file RemoteControl writes goes here, not to the real profile
    home.mkdir()
    env_backup = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        seen, _ = listeners_during_crawl(
            server,
            tmp_path / "data",
            "-s",
            "REMOTE_CONTROL_ENABLED=True",
            "-s",
            f"REMOTE_CONTROL_JOBS_DIR={home}",
            "-s",
            'EXTENSIONS={"scrapy.extensions.remote_control.RemoteControl": 0}',
        )
    finally:
        if env_backup is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = env_backup
    assert seen, "RemoteControl was on but no listening socket was seen"
