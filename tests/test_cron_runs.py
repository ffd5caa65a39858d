"""Scheduled crawls end to end: ``rs-scraper crawl`` in subprocesses against the offline mirror on loopback.

What a nightly cron job relies on: the first run writes every article; a run over an unchanged site fetches
no article page; an edited article is fetched again, alone, replaces its row in articles/ and adds a version
to revisions/; a second crawl while one runs exits 75; a redesigned site exits 1 naming markup drift.
The healthy mirror is all-RebelMouse (layout="rebelmouse"): the default mixed mirror deliberately carries
some fallback-only and author-less pages, which the monitors rightly flag at 30 articles.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from rs_scraper.locking import CrawlLock, lock_path, read_holder
from tests.kit.runs import REPO, SITE_URL, read_manifests, rs_cli

LOOPBACK = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
DISCOVERY = ("/robots.txt", "/sitemap", "/feeds/")


def crawl(server, data_dir: Path, *extra: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return rs_cli(
        "crawl",
        "--base-url",
        server.base_url,
        "--data-dir",
        str(data_dir),
        "--log-file",
        str(data_dir / "logs" / "{run_id}.log"),
        *LOOPBACK,
        *extra,
        timeout=timeout,
    )


def paths_since(server, start: int) -> list[str]:
    return [record.path for record in list(server.requests)[start:]]


def page_requests(paths: list[str]) -> list[str]:
    """Page requests, as canonical paths (the crawler asks for the form the sitemap lists, trailing slash kept)."""
    return [p.rstrip("/") or "/" for p in paths if not p.startswith(DISCOVERY)]


def test_incremental_runs_fetch_only_what_changed_and_keep_revisions(mirror_factory, tmp_path):
    server = mirror_factory(articles=30, seed=11, layout="rebelmouse")
    site, data = server.site, tmp_path / "data"
    expected = {row["url"]: row for row in site.expected_rows(SITE_URL)}

    # 1. first run: every article written once, exit 0, a balanced manifest
    first = crawl(server, data)
    assert first.returncode == 0, first.stderr[-3000:]
    frame = pd.read_parquet(data / "articles")
    assert sorted(frame["url"]) == sorted(expected)
    manifest = read_manifests(data)[-1]
    assert manifest["status"] == "ok" and manifest["exit_code"] == 0 and manifest["monitors_source"] == "spidermon"
    assert manifest["reconciliation"]["balanced"] and manifest["summary"]["written_new"] == len(expected)
    assert len(pd.read_parquet(data / "revisions")) == len(expected)  # every first version is history too

    # 1b. the next run confirms the first run's non-article verdicts (one is remembered only when two runs agree,
    # rs_scraper.non_articles): it fetches those pages again, and only those
    refused = {urlsplit(u).path for u in manifest["not_articles"]}
    start = len(server.requests)
    confirm = crawl(server, data)
    assert confirm.returncode == 0, confirm.stderr[-3000:]
    assert set(page_requests(paths_since(server, start))) == refused

    # 2. right after: no article page fetched, nothing written
    start = len(server.requests)
    second = crawl(server, data)
    assert second.returncode == 0, second.stderr[-3000:]
    assert page_requests(paths_since(server, start)) == []
    manifest = read_manifests(data)[-1]
    summary = manifest["summary"]
    assert summary["fetched"] == 0 and summary["written_new"] == summary["written_updated"] == 0
    # every monthly sitemap is at the lastmod the first (clean) run read it at: none is downloaded again; what
    # the feed and the news sitemap list is skipped as unchanged
    months = [p for p in paths_since(server, start) if p.startswith("/sitemaps/2")]
    assert months == [] and manifest["counts"]["rs/skipped/sitemap_unchanged"] == len(manifest["sitemaps"]) > 0
    assert (
        summary["skipped_unchanged"]
        == summary["discovered"] - summary["skipped_by_reason"].get("unchanged_not_article", 0)
        > 0
    )
    assert len(pd.read_parquet(data / "articles")) == len(expected)

    # 3. one article edited on the site: exactly that page is fetched, replaced, and both versions are kept
    edited = site.update_article(7, when=datetime.now(UTC))
    url = edited.expected(SITE_URL)["url"]
    start = len(server.requests)
    third = crawl(server, data)
    assert third.returncode == 0, third.stderr[-3000:]
    assert page_requests(paths_since(server, start)) == [urlsplit(url).path]
    frame = pd.read_parquet(data / "articles")
    assert len(frame) == len(expected) and frame["url"].is_unique
    new_text = edited.expected(SITE_URL)["text"]
    assert frame.loc[frame["url"] == url, "text"].item() == new_text != expected[url]["text"]
    history = pd.read_parquet(data / "revisions").query("url == @url").sort_values("revision")
    assert list(history["revision"]) == [1, 2]
    assert list(history["text"]) == [expected[url]["text"], new_text]
    assert history["previous_hash"].iloc[1] == history["content_hash"].iloc[0]
    summary = read_manifests(data)[-1]["summary"]
    assert (summary["fetched"], summary["written_updated"], summary["written_new"]) == (1, 1, 0)

    # 4. the run table: a header and the four runs, all ok
    listing = rs_cli("runs", "--data-dir", str(data))
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.strip().splitlines()  # header + four runs (1, 1b, 2, 3)
    assert len(lines) == 5 and all("ok (0)" in line for line in lines[1:])


def test_second_crawl_while_one_holds_the_lock_exits_75(mirror_factory, tmp_path):
    server = mirror_factory(articles=3, seed=2, layout="rebelmouse")
    data = tmp_path / "data"
    with CrawlLock(lock_path(data)):  # what a running crawl holds
        started = time.monotonic()
        result = crawl(server, data)
    assert result.returncode == 75
    assert result.stderr.strip() == (
        f"rs-scraper crawl: error: another crawl is running (pid {os.getpid()}); lock file {lock_path(data)}"
    )
    assert time.monotonic() - started < 30 and len(server.requests) == 0  # refused before any request


def test_two_real_crawls_at_once_one_exits_75(mirror_factory, tmp_path):
    server = mirror_factory(articles=3, seed=3, layout="rebelmouse")
    server.set_fault("/feeds/feed.rss", delay=4.0, times=1)  # keeps the first crawl busy for a while
    data = tmp_path / "data"
    cmd = [
        sys.executable,
        "-m",
        "rs_scraper",
        "crawl",
        "--base-url",
        server.base_url,
        "--data-dir",
        str(data),
        "--log-file",
        str(data / "first.log"),
        *LOOPBACK,
    ]
    first = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while read_holder(lock_path(data)) != first.pid and time.monotonic() < deadline:
            time.sleep(0.05)
        assert read_holder(lock_path(data)) == first.pid, "the first crawl never took the lock"
        second = crawl(server, data)
        assert second.returncode == 75, second.stderr
        assert f"another crawl is running (pid {first.pid})" in second.stderr
    finally:
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err[-3000:]
    assert len(read_manifests(data)) == 1  # the refused run left no manifest


def test_redesigned_site_fails_naming_markup_drift(mirror_factory, tmp_path):
    server = mirror_factory(articles=30, seed=11, layout="redesign")
    data = tmp_path / "data"
    result = crawl(server, data)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "markup drift" in result.stderr and "markup_drift" in result.stderr
    assert "Traceback" not in result.stderr
    manifest = read_manifests(data)[-1]
    assert manifest["status"] == "failed" and manifest["exit_code"] == 1
    drift = next(m for m in manifest["monitors"] if m["name"] == "markup_drift")
    assert not drift["passed"] and "generic fallback extraction" in drift["message"]
    listing = rs_cli("runs", "--data-dir", str(data))
    assert "failed (1): markup_drift" in listing.stdout


def test_usage_errors_are_one_line_exit_2_before_any_request(mirror_factory, tmp_path):
    server = mirror_factory(articles=3, seed=4, layout="rebelmouse")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    cases = [
        (["--since", "2024-02-30"], "not a date"),
        (["--since", "2024-05-02", "--until", "2024-05-01"], "is after"),
        (["-s", "no_equals_sign"], "bad setting"),
        (["-s", "DOWNLOAD_DELAY=soon"], "bad value for DOWNLOAD_DELAY"),
        (["--data-dir", str(blocker / "data")], "not writable"),
    ]
    for extra, message in cases:
        args = ["crawl", "--base-url", server.base_url, "--data-dir", str(tmp_path / "d"), *extra]
        result = rs_cli(*args, timeout=60)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and len(lines) == 1 and message in lines[0], (extra, result.stderr)
    assert len(server.requests) == 0
