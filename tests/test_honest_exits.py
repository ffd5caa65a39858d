"""Exit codes that tell the truth (issue 10.4): ``scrapy crawl rs`` exits with the run's verdict like
``rs-scraper crawl``; bad arguments, unknown names, filters that match nothing and junk input are one line and a
non-zero exit before anything is fetched; ``scrapy parse`` and ``bench`` write no run manifest.

Real crawls in subprocesses against the mirror on loopback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.kit.runs import LOOPBACK, REPO, SITE_URL, read_manifests, rs_cli, scrapy_crawl, scrapy_parse


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-3000:]
    return lines[0]


def test_scrapy_crawl_exits_1_on_a_failed_monitor_and_names_it(mirror_factory, tmp_path):
    server = mirror_factory(articles=12, seed=11, layout="redesign")
    result = scrapy_crawl(server.base_url, tmp_path / "data")
    assert result.returncode == 1, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("scrapy crawl rs: run ") and "FAILED (exit 1): markup_drift: markup drift" in last
    manifest = read_manifests(tmp_path / "data")[-1]
    assert (manifest["exit_code"], manifest["status"], manifest["kind"]) == (1, "failed", "crawl")


def test_a_first_time_article_failure_exits_0_but_is_never_silent_and_a_repeat_exits_1(mirror_factory, tmp_path):
    server = mirror_factory(articles=8, seed=12, layout="rebelmouse")
    site = server.site
    gone = site.articles[3].path
    server.set_fault(gone, status=404)
    data = tmp_path / "data"
    args = ["crawl", "--quiet", "--base-url", server.base_url, "--data-dir", str(data), *LOOPBACK]
    first = rs_cli(*args)
    assert first.returncode == 0 and first.stdout == "", first.stderr[-3000:]
    line = one_line(first)
    assert (
        "partial (exit 0): 1 article URL(s) failed (http_404 1), fetched again on the next run: "
        f"{SITE_URL}{gone}" in line
    )
    assert read_manifests(data)[-1]["failed_urls"] == {SITE_URL + gone: "http_404"}
    second = rs_cli(*args)  # the same URL fails again: not a hiccup
    assert second.returncode == 1
    assert f"repeated_failures: 1 article URL(s) failed on this run and the one before: {SITE_URL}{gone}" in one_line(
        second
    )
    server.clear_faults()
    third = rs_cli(*args)  # the site recovered: the URL is fetched again and stored, a good run prints nothing
    assert (third.returncode, third.stdout, third.stderr) == (0, "", "")
    assert SITE_URL + gone in set(pd.read_parquet(data / "articles")["url"])


@pytest.mark.parametrize(
    "extra, message",
    [
        (["-a", "limt=3"], "unknown spider argument 'limt'; did you mean 'limit'?"),
        (["-a", "limit=three"], "limit must be a whole number, got 'three'"),
        (["-a", "since=2024-02-30"], "not a date: '2024-02-30'"),
        (["-s", "RS_FEED_MAX_PAGE=3"], "unknown setting RS_FEED_MAX_PAGE; did you mean 'RS_FEED_MAX_PAGES'?"),
        (["-a", "sections=Narnia"], "unknown section 'Narnia' (known: Asia-Pacific, Europe,"),
    ],
)
def test_bad_arguments_are_one_line_exit_2_before_any_request(mirror_factory, tmp_path, extra, message):
    server = mirror_factory(articles=3, seed=4, layout="rebelmouse")
    result = scrapy_crawl(server.base_url, tmp_path / "data", *extra)
    assert result.returncode == 2 and message in one_line(result), result.stderr[-2000:]
    assert one_line(result).startswith("scrapy crawl rs: error: ")
    assert len(server.requests) == 0 and not (tmp_path / "data" / "runs").exists()


def test_rs_scraper_crawl_refuses_the_same_way(mirror_factory, tmp_path):
    server = mirror_factory(articles=3, seed=4, layout="rebelmouse")
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# picked by hand\n{server.base_url}/x\n\nnot a url\n//elsewhere/path\n{SITE_URL}/y\n")
    cases = [
        (["--sections", "Narnia"], "unknown section 'Narnia'"),
        (["-s", "RS_NOT_A_SETTING=1"], "unknown setting RS_NOT_A_SETTING"),
        (["-s", f"RS_BASE_URL={server.base_url}", "--limit", "-1"], "--limit must be >= 0"),
    ]
    for extra, message in cases:
        result = rs_cli("crawl", "--base-url", server.base_url, "--data-dir", str(tmp_path / "d"), *extra)
        assert result.returncode == 2 and message in one_line(result), (extra, result.stderr)
    junk = scrapy_crawl(server.base_url, tmp_path / "d", "-a", f"urls={urls}")
    assert junk.returncode == 2
    assert one_line(junk) == (
        f"scrapy crawl rs: error: urls file {urls}: lines 4, 5 are not a URL of {SITE_URL} (first: 'not a url')"
    )
    assert len(server.requests) == 0


def test_scrapy_parse_and_bench_write_no_run_manifest(mirror_factory, tmp_path):
    server = mirror_factory(articles=3, seed=4, layout="rebelmouse")
    data = tmp_path / "data"
    page = server.base_url + server.site.articles[0].path
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "rs_scraper.settings"}
    parse = scrapy_parse(server.base_url, data, page, timeout=120)
    assert parse.returncode == 0 and "'title':" in parse.stdout, parse.stderr[-2000:]
    bench = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "bench",
            "-s",
            f"RS_DATA_DIR={data}",
            "-s",
            "CLOSESPIDER_TIMEOUT=1",
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert bench.returncode == 0, bench.stderr[-2000:]
    assert not (data / "runs").exists()
    assert not (data / "warc").exists()  # nor any WARC record (rs_scraper.warc.extension: crawls only)


def test_demo_on_two_ports_stores_the_same_rows_once(tmp_path):
    data = tmp_path / "data"
    first = rs_cli("demo", "--port", "0", "--articles", "12", "--data-dir", str(data))
    assert first.returncode == 0, first.stderr[-3000:]
    rows = pd.read_parquet(data / "articles").sort_values("url").reset_index(drop=True)
    second = rs_cli("demo", "--port", "0", "--articles", "12", "--data-dir", str(data))
    assert second.returncode == 0, second.stderr[-3000:]
    ports = {
        line.split("127.0.0.1:")[1].split()[0]
        for line in (first.stdout + second.stdout).splitlines()
        if line.startswith("mirror:")
    }
    assert len(ports) == 2  # two different ports (both free ones)
    again = pd.read_parquet(data / "articles").sort_values("url").reset_index(drop=True)
    assert again["url"].is_unique and len(again) == len(rows) == 12
    assert all(u.startswith(SITE_URL + "/") for u in again["url"])
    assert all(u.startswith(SITE_URL + "/") for u in again["image_url"].dropna())
    pd.testing.assert_frame_equal(again, rows)  # nothing refetched, nothing rewritten
    summary = read_manifests(data)[-1]["summary"]
    # no article page fetched: only the first run's non-article verdicts are confirmed (one is remembered once
    # two runs agree, rs_scraper.non_articles)
    assert summary["written_new"] == summary["written_updated"] == 0 and summary["fetched"] == summary["not_article"]


def test_a_refused_crawl_changes_nothing(mirror_factory, tmp_path):
    server = mirror_factory(articles=3, seed=4, layout="rebelmouse")
    data = tmp_path / "data"
    data.mkdir()
    before = sorted(Path(data).rglob("*"))
    result = scrapy_crawl(server.base_url, data, "-a", "until=2020-01-01", "-a", "since=2021-01-01")
    assert result.returncode == 2 and "is after until" in one_line(result)
    assert sorted(Path(data).rglob("*")) == before
