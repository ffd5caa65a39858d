"""robots.txt faults (RFC 9309 2.3.1): 5xx or unreachable -> disallow all, said in the log and counted; 4xx ->
allow all; a transient 5xx is retried like any request. Each is a whole-crawl decision, so each has its crawl."""

from __future__ import annotations

import re
from datetime import UTC

import pandas as pd

from tests.kit.faults import crawl
from tests.kit.runs import read_manifests

ARTICLES, SEED = 12, 21


def _robots_crawl(mirror_factory, tmp_path, **fault):
    srv = mirror_factory(articles=ARTICLES, seed=SEED)
    srv.set_fault("/robots.txt", **fault)
    result, _ = crawl(srv.base_url, tmp_path / "data")
    manifest = read_manifests(tmp_path / "data")[-1]
    articles = tmp_path / "data" / "articles"
    rows = len(pd.read_parquet(articles)) if articles.exists() else 0
    return dict(
        log=result.stderr,
        counts=manifest["counts"],
        paths=[r.path for r in srv.requests],
        rows=rows,
        expected=len(srv.site.expected_rows(srv.base_url)),
        manifest=manifest,
    )


def _disallowed_everything(run) -> None:
    assert run["manifest"]["finish_reason"] == "finished"
    assert set(run["paths"]) == {"/robots.txt"}, "something besides robots.txt was requested"
    assert run["rows"] == 0
    assert run["counts"]["rs/robots/disallow_all"] == 1


def test_robots_503_disallows_the_whole_site(mirror_factory, tmp_path):
    run = _robots_crawl(mirror_factory, tmp_path, status=503)
    _disallowed_everything(run)
    assert run["paths"].count("/robots.txt") == 4  # retried like any 503 (RETRY_TIMES=3), then given up
    assert re.search(r"WARNING: robots\.txt \S+/robots\.txt answered HTTP 503: disallowing the whole site", run["log"])
    assert run["counts"]["rs/robots/status/503"] == 1


def test_robots_unreachable_disallows_the_whole_site(mirror_factory, tmp_path):
    run = _robots_crawl(mirror_factory, tmp_path, drop=True)
    _disallowed_everything(run)
    assert re.search(r"WARNING: robots\.txt \S+ could not be fetched \(connection_lost", run["log"])
    assert run["counts"]["rs/robots/status/connection_lost"] == 1


def test_robots_404_allows_everything(mirror_factory, tmp_path):
    run = _robots_crawl(mirror_factory, tmp_path, status=404)
    assert run["counts"]["rs/robots/allow_all"] == 1
    assert "rs/robots/disallow_all" not in run["counts"]
    assert run["rows"] == run["expected"]


def test_robots_503_once_is_retried_and_its_rules_obeyed(mirror_factory, tmp_path):
    run = _robots_crawl(mirror_factory, tmp_path, status=503, times=1)
    assert "rs/robots/disallow_all" not in run["counts"]
    assert run["counts"]["rs/robots/status/200"] == 1
    assert run["rows"] == run["expected"]
    assert not [p for p in run["paths"] if p.startswith("/res/")]  # the mirror's Disallow: /res/ still holds


def test_robots_policy_follows_rfc_9309():
    from rs_scraper.robots import robots_policy

    assert robots_policy(200) == "rules"
    assert [robots_policy(s) for s in (400, 401, 403, 404, 410)] == ["allow_all"] * 5
    assert [robots_policy(s) for s in (429, 500, 502, 503, 504, 599)] == ["disallow_all"] * 6
    assert robots_policy(302) == "disallow_all"  # a redirect left unfollowed: rules we never saw


def test_retry_after_header_forms():
    from datetime import datetime

    from rs_scraper.middlewares import retry_after_seconds

    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0  # in the past: now
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(b"-5") is None
