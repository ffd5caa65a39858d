"""One line and the right cause: bad arguments, bad settings and broken state each end in one line on
stderr naming the cause, with the documented exit code and no traceback, before anything is fetched."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.kit.runs import LOOPBACK, REPO, rs_cli


def one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr and len(lines) == 1, result.stderr[-3000:]
    return lines[0]


BAD = [
    (["crawl", "--data-dir", ""], "empty"),
    (["crawl", "--data-dir", "x" * 300], "255"),
    (["crawl", "--log-level", "junk"], "junk"),
    (["crawl", "-s", "DOWNLOAD_TIMEOUT=-1"], "DOWNLOAD_TIMEOUT"),
    (["crawl", "-s", "DOWNLOAD_MAXSIZE=-1"], "DOWNLOAD_MAXSIZE"),
    (["crawl", "-s", "CONCURRENT_REQUESTS=0"], "CONCURRENT_REQUESTS"),
    (["crawl", "-s", "RS_MONITOR_MAX_ERROR_RATE=lots"], "RS_MONITOR_MAX_ERROR_RATE"),
    (["crawl", "-s", "RS_MONITOR_MAX_ERROR_RATE=1.5"], "between 0 and 1"),
    (["crawl", "-s", 'RS_MONITOR_FIELD_COVERAGE={"authors": "most"}'], "RS_MONITOR_FIELD_COVERAGE"),
    (["crawl", "-s", 'RS_MONITOR_FIELD_COVERAGE={"autors": 0.9}'], "not a column"),
    (["crawl", "-s", "RS_MONITOR_FIELD_COVERAGE=[1,2"], "RS_MONITOR_FIELD_COVERAGE"),
    (["crawl", "-s", "RS_RUN_ID=../../x"], "plain name"),
    (["crawl", "-s", "LOG_LEVEL=loud"], "LOG_LEVEL"),
    (["crawl", "-s", "CLOSESPIDER_TIMEOUT=-5"], "CLOSESPIDER_TIMEOUT"),
    (["crawl", "-s", "RS_PARSE_WORKERS=-1"], "RS_PARSE_WORKERS"),
    (["crawl", "-s", "RS_PARSE_WORKERS=two"], "RS_PARSE_WORKERS"),
    (["crawl", "-s", "RS_DISCOVERY_SOURCES=rs_scraper.discovery.feed.FeedSorce"], "cannot load"),
    (["crawl", "-s", 'RS_DISCOVERY_SOURCES=["rs_scraper.discovery.feed.FeedSource"]'], "comma-separated"),
    (["demo", "--port", "65536"], "65535"),
    (["demo", "--port", "-1"], "65535"),
    (["demo", "--log-level", "junk"], "junk"),
    (["demo", "--data-dir", ""], "empty"),
    (["mirror", "--port", "70000"], "65535"),
]


@pytest.mark.parametrize("args,cause", BAD, ids=[" ".join(a)[:40] for a, _ in BAD])
def test_bad_input_is_one_line_exit_2_and_fetches_nothing(tmp_path, args, cause):
    if "--data-dir" not in args:
        args = [*args, "--data-dir", str(tmp_path / "data")] if args[0] in ("crawl", "demo") else args
    result = (
        rs_cli(*args, "--base-url", "http://127.0.0.1:9", timeout=60)
        if args[0] == "crawl"
        else rs_cli(*args, timeout=60)
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert cause in one_line(result)
    assert not (tmp_path / "data" / "runs").exists() or not list((tmp_path / "data" / "runs").iterdir())


def test_tilde_in_a_data_dir_is_the_home_directory(tmp_path, mirror_factory):
    server = mirror_factory(articles=4, seed=2, layout="rebelmouse")
    home = tmp_path / "home"
    home.mkdir()
    result = rs_cli(
        "crawl",
        "--quiet",
        "--data-dir",
        "~/rs-data",
        "--base-url",
        server.base_url,
        *LOOPBACK,
        "--log-file",
        str(tmp_path / "log"),
        cwd=tmp_path,
        env={"HOME": str(home)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (home / "rs-data" / "articles").is_dir() and not (tmp_path / "~").exists()


@pytest.mark.parametrize("damage", ["list counts", "string settings", "not_articles list", "null everything"])
def test_a_manifest_with_wrong_types_is_reported_and_never_crashes_crawl_or_runs(tmp_path, mirror_factory, damage):
    server = mirror_factory(articles=4, seed=2, layout="rebelmouse")
    data = tmp_path / "data"
    crawl = [
        "crawl",
        "--quiet",
        "--data-dir",
        str(data),
        "--base-url",
        server.base_url,
        *LOOPBACK,
        "--log-file",
        str(tmp_path / "log"),
    ]
    assert rs_cli(*crawl, timeout=120).returncode == 0
    runs = sorted((data / "runs").glob("*.json"))
    manifest = json.loads(runs[-1].read_text())
    if damage == "list counts":
        manifest["counts"] = [1, 2]
    elif damage == "string settings":
        manifest["settings"] = "RS_BASE_URL"
    elif damage == "not_articles list":
        manifest["not_articles"] = ["x"]
        manifest["summary"] = "oops"
    else:
        manifest = {k: None for k in manifest}
        manifest["run_id"] = runs[-1].stem
    runs[-1].write_text(json.dumps(manifest))
    listed = rs_cli("runs", "--data-dir", str(data), timeout=60)
    assert "Traceback" not in listed.stderr, listed.stderr[-2000:]
    again = rs_cli(*crawl, timeout=120)
    assert again.returncode in (0, 1) and "Traceback" not in again.stderr, again.stderr[-2000:]
    verify = rs_cli("verify", str(data), timeout=60)
    if damage in ("list counts", "null everything"):
        assert verify.returncode == 1 and "counts" in verify.stdout


def test_ctrl_c_early_is_one_line(tmp_path, mirror_factory):
    server = mirror_factory(articles=20, seed=2, layout="rebelmouse")
    site = server.site
    server.set_fault(lambda path: site.article_for(path) is not None, delay=0.5)
    for delay in (0.3, 1.0, 2.0):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rs_scraper",
                "crawl",
                "--quiet",
                "--data-dir",
                str(tmp_path / f"data-{delay}"),
                "--base-url",
                server.base_url,
                *LOOPBACK,
                "--log-file",
                str(tmp_path / f"log-{delay}"),
            ],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        try:
            _, stderr = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        assert "Traceback" not in stderr, (delay, stderr[-3000:])
        assert len(stderr.strip().splitlines()) <= 2, (delay, stderr)
        assert proc.returncode != 0


def test_a_file_size_limit_while_taking_the_lock_is_one_line(tmp_path, mirror_factory):
    """The nearest a test can get to a full disk without mounting one: RLIMIT_FSIZE=0 makes every write fail
    (EFBIG) from the lock's pid on."""
    server = mirror_factory(articles=4, seed=2, layout="rebelmouse")
    data = tmp_path / "data"
    data.mkdir()
    code = (
        "import resource, signal, sys, runpy; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0)); sys.argv = ['rs-scraper'] + sys.argv[1:]; "
        "runpy.run_module('rs_scraper', run_name='__main__')"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "crawl",
            "--quiet",
            "--data-dir",
            str(data),
            "--base-url",
            server.base_url,
            *LOOPBACK,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    assert result.returncode != 0
    line = one_line(result)
    assert "file size limit" in line or "lock" in line, line


def test_a_crawl_whose_spider_cannot_be_built_exits_non_zero_with_its_cause(tmp_path):
    """Past the up-front checks (two sources of one name are refused by the spider itself): the cause is
    logged, the last line says the run did not complete, and the exit is not 0 (no crash reading its stats)."""
    twice = "rs_scraper.discovery.feed.FeedSource,rs_scraper.discovery.feed.FeedSource"
    result = rs_cli(
        "crawl", "--base-url", "http://127.0.0.1:9", "--data-dir", str(tmp_path / "data"),
        "-s", f"RS_DISCOVERY_SOURCES={twice}", timeout=60,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-3000:]
    assert "names a source twice" in result.stderr
    assert "Crawler.stats is not set" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("rs-scraper crawl: run ") and "did not complete" in last
    assert "manifest" not in last  # none was written: none is named
