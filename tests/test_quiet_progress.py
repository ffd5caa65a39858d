"""Quiet when well, loud when not (issue 10.7): ``--quiet`` prints nothing on a good night, log file or not;
a bad one is one line; progress goes to the log every RS_PROGRESS_INTERVAL seconds, and to a live bar on a
terminal; a drop is one line with its URL and reason, never the item."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

from rs_scraper.extensions.progress import duration, progress_line
from tests.kit.runs import LOOPBACK, REPO, rs_cli


def test_progress_lines_say_done_of_discovered_rate_and_eta():
    assert progress_line(1200, 3000, 28.3, None) == "progress: 1200/3000 URLs done (40.0%), 28.3/s, ETA 1m04s"
    assert progress_line(10, 40, 2.0, 5) == (
        "progress: 10/40 URLs done (25.0%), 2.0/s, discovery still running (5 sitemaps and feed pages to read)"
    )
    assert progress_line(0, 0, 0.0, None) == "progress: 0/0 URLs done, 0.0/s, ETA 0s"
    assert duration(3725) == "1h02m" and duration(59.6) == "1m00s" and duration(4) == "4s"


def test_quiet_prints_nothing_on_a_good_run_with_or_without_a_log_file(mirror_factory, tmp_path):
    server = mirror_factory(articles=6, seed=51, layout="rebelmouse")
    args = ["crawl", "--quiet", "--base-url", server.base_url, *LOOPBACK]
    bare = rs_cli(*args, "--data-dir", str(tmp_path / "a"))
    assert (bare.returncode, bare.stdout, bare.stderr) == (0, "", "")
    logged = rs_cli(*args, "--data-dir", str(tmp_path / "b"), "--log-file", str(tmp_path / "b.log"))
    assert (logged.returncode, logged.stdout, logged.stderr) == (0, "", "")
    assert "Spider closed (finished)" in (tmp_path / "b.log").read_text()


def test_a_bad_quiet_run_is_one_line_naming_the_cause(tmp_path):
    # nothing listens on the discard port: the site cannot be reached at all
    result = rs_cli(
        "crawl",
        "--quiet",
        "--base-url",
        "http://127.0.0.1:9",
        "--data-dir",
        str(tmp_path / "d"),
        *LOOPBACK,
        "-s",
        "RETRY_TIMES=0",
    )
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("rs-scraper crawl: run ") and "FAILED (exit 1): cannot connect to 127.0.0.1:9" in line


def test_progress_goes_to_the_log_and_drops_are_one_line(mirror_factory, tmp_path):
    server = mirror_factory(articles=16, seed=52, layout="rebelmouse")
    server.set_fault(lambda path: server.site.article_for(path) is not None, delay=0.15)
    log = tmp_path / "crawl.log"
    result = rs_cli(
        "crawl",
        "--base-url",
        server.base_url,
        "--data-dir",
        str(tmp_path / "d"),
        "--log-file",
        str(log),
        *LOOPBACK,
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s",
        "RS_PROGRESS_INTERVAL=0.5",
        "--sections",
        "Europe",
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    text = log.read_text()
    lines = [line for line in text.splitlines() if "progress: " in line]
    assert len(lines) >= 2 and all(" URLs done" in line and "/s" in line for line in lines)
    assert any("ETA" in line for line in lines)
    drops = [line for line in text.splitlines() if "dropped " in line and "section_filtered" in line]
    assert drops and all(line.rstrip().endswith(": section_filtered") for line in drops)
    assert "'text':" not in text and '"text":' not in text  # never the item


def test_a_terminal_gets_a_live_progress_bar(mirror_factory, tmp_path):
    server = mirror_factory(articles=10, seed=53, layout="rebelmouse")
    server.set_fault(lambda path: server.site.article_for(path) is not None, delay=0.2)
    master, slave = pty.openpty()
    cmd = [
        sys.executable,
        "-m",
        "rs_scraper",
        "crawl",
        "--base-url",
        server.base_url,
        "--data-dir",
        str(tmp_path / "d"),
        "--log-file",
        str(tmp_path / "crawl.log"),
        *LOOPBACK,
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=1",
    ]
    proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(master)
    assert proc.returncode == 0
    assert b"crawl:" in seen and b"%|" in seen and b"URL" in seen, seen[-500:]
