"""A whole site nobody here mirrored is crawled completely: ``scrapy crawl rs`` against sites built apart from ours.

The sites (tests/sites/variants.py) follow /work/shared/rs-site.md but make their own choices: where the sitemaps
live, gzip flavours, robots groups and wildcards, RSS vs Atom, feed-only and listing-only sites, https/www
sitemap URLs for the same host, 404 and flaky pages, off-site entries. Each crawl must collect every article
exactly once and nothing else, never request a robots-disallowed or off-site URL, and count the 404.

All crawls run at once (one subprocess each) in a module fixture; the module takes ~15-25 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from tests.kit.runs import REPO, SITE_URL
from tests.sites.variants import CONFIGS, SiteServer, TrapProxy, canon_path

pytestmark = pytest.mark.timeout(300)


def _cmd(base: str, data_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "rs",
        "-s",
        f"RS_BASE_URL={base}",
        "-s",
        f"RS_DATA_DIR={data_dir}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s",
        "SPIDERMON_ENABLED=False",
        "-s",
        "LOG_LEVEL=DEBUG",
    ]


class Run:
    def __init__(self, server: SiteServer, data_dir: Path, proc: subprocess.CompletedProcess | None = None):
        self.server, self.data_dir, self.proc = server, data_dir, proc

    @property
    def cfg(self):
        return self.server.config

    def rows(self) -> pd.DataFrame:
        path = self.data_dir / "articles"
        return pd.read_parquet(path) if path.exists() else pd.DataFrame({"url": []})

    def manifest(self) -> dict:
        files = sorted((self.data_dir / "runs").glob("*.json"))
        assert files, f"no run manifest\n{self.tail()}"
        return json.loads(files[-1].read_text())

    def tail(self) -> str:
        return (self.proc.stderr or "")[-4000:] if self.proc else ""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    proxy = TrapProxy()
    servers = [SiteServer(c()).start() for c in CONFIGS]
    env = {
        **os.environ,
        "http_proxy": proxy.url,
        "https_proxy": proxy.url,
        "HTTP_PROXY": proxy.url,
        "HTTPS_PROXY": proxy.url,
        "no_proxy": "127.0.0.1,localhost",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    procs = {}
    for srv in servers:
        d = tmp_path_factory.mktemp(f"rt-{srv.config.name}")
        p = subprocess.Popen(
            _cmd(srv.base, d), cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        procs[srv.config.name] = (srv, d, p)
    out = {}
    for name, (srv, d, p) in procs.items():
        try:
            stdout, stderr = p.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            p.kill()
            stdout, stderr = p.communicate()
        out[name] = Run(srv, d, subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    out["_proxy"] = proxy
    yield out
    for srv in servers:
        srv.stop()
    proxy.stop()


NAMES = [c.name for c in CONFIGS]


@pytest.mark.parametrize("name", NAMES)
def test_every_article_exactly_once(runs, name):
    run = runs[name]
    assert run.proc.returncode == 0, run.tail()
    urls = list(run.rows()["url"])
    dup = {u: n for u, n in Counter(urls).items() if n > 1}
    assert not dup, f"duplicate rows: {dup}"
    expected = run.cfg.expected_urls()
    missing, extra = expected - set(urls), set(urls) - expected
    assert not missing and not extra, f"missing {sorted(missing)}\nextra {sorted(extra)}"


@pytest.mark.parametrize("name", NAMES)
def test_robots_obeyed(runs, name):
    run = runs[name]
    bad = run.server.disallowed_requests()
    assert not bad, f"robots-disallowed requests: {bad}"


@pytest.mark.parametrize("name", NAMES)
def test_each_article_fetched_once(runs, name):
    run = runs[name]
    fetches = run.server.article_fetches()
    wrong = {}
    for path in run.cfg.expected:
        statuses = fetches.get(path, [])
        ok = statuses.count(200)
        errors = statuses.count(500)
        redirects = statuses.count(301)
        if ok != 1 or errors > (2 if path in run.cfg.flaky else 0) or redirects > 1:
            wrong[path] = statuses
    for path in run.cfg.not_found:
        if len(fetches.get(path, [])) > 1:
            wrong[path] = fetches[path]
    assert not wrong, f"article fetches (statuses per path): {wrong}"


@pytest.mark.parametrize("name", NAMES)
def test_no_listing_rows(runs, name):
    run = runs[name]
    paths = {
        canon_path(u.split("//", 1)[1].split("/", 1)[1] if "/" in u.split("//", 1)[1] else "/")
        for u in run.rows()["url"]
    }
    paths = {"/" + p.lstrip("/") for p in paths}
    assert not paths & run.cfg.non_articles, paths & run.cfg.non_articles


@pytest.mark.parametrize("name", [c.name for c in CONFIGS if c.name in ("rebelmouse", "feedonly")])
def test_404_counted_and_flaky_kept(runs, name):
    run = runs[name]
    summary = run.manifest()["summary"]
    failed = summary.get("failed_by_reason") or summary.get("failures") or {}
    text = json.dumps(summary)
    assert "404" in text and any("404" in k and v == 1 for k, v in failed.items()), summary
    for path in run.cfg.flaky:
        assert SITE_URL + path in set(run.rows()["url"])


def test_offsite_never_tried(runs):
    proxy = runs["_proxy"]
    assert proxy.log == [], f"off-site requests reached the trap proxy: {proxy.log}"
    for name in NAMES:
        err = runs[name].proc.stderr
        tried = [
            ln
            for ln in err.splitlines()
            if "elsewhere.invalid" in ln
            and any(w in ln for w in ("Error downloading", "Retrying", "Crawled (", "Gave up"))
        ]
        assert "DNSLookupError" not in err and not tried, (name, tried)


@pytest.mark.parametrize("name", NAMES)
def test_feed_pages_bounded(runs, name):
    """A feed page that brings no new article ends the paging (a server ignoring ?page=N is not read 50 times)."""
    run = runs[name]
    feed = [e.target for e in run.server.log if e.target.startswith("/feeds/feed.rss")]
    assert len(feed) <= 4, feed
