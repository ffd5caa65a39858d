"""Change detection on what the site said, and clean-run bookkeeping, end to end (issue 10.1, 10.2, 10.6).

``rs-scraper crawl`` and ``scrapy crawl rs`` in subprocesses against the offline mirror on loopback, whose
article pages answer ``ETag`` / ``Last-Modified`` and 304 to conditional requests: an edit is refetched on the
next run whether the sitemap says it with a timestamp, with only a date on the same day, or only the 48-hour
news sitemap lists the page; an unchanged night downloads no article body; and whatever sequence of partial
runs (limit, parse, bench, sections, kill -9) comes before, a full crawl ends with every article stored.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from rs_scraper.mirror.feeds import FEED_PAGE
from tests.kit.runs import LOOPBACK, REPO, SITE_URL, read_manifests, rs_cli

DISCOVERY = ("/robots.txt", "/sitemap", "/feeds/")


def crawl(server, data: Path, *extra: str) -> subprocess.CompletedProcess:
    return rs_cli(
        "crawl",
        "--base-url",
        server.base_url,
        "--data-dir",
        str(data),
        "--log-file",
        str(data / "logs" / "{run_id}.log"),
        *LOOPBACK,
        *extra,
    )


def article_requests(server, start: int) -> list:
    """Requests for the site's article pages since ``start``. Section and video pages are not counted: a
    non-article verdict is remembered only when two runs agree (rs_scraper/non_articles.py), so the second
    run fetches them again by design."""
    articles = {a.path.rstrip("/") for a in server.site.articles}  # requested in the form the sitemap lists
    return [
        r for r in list(server.requests)[start:] if not r.path.startswith(DISCOVERY) and r.path.rstrip("/") in articles
    ]


def stored(data: Path) -> pd.DataFrame:
    return pd.read_parquet(data / "articles")


def revisions_of(data: Path, url: str) -> list[str]:
    history = pd.read_parquet(data / "revisions").query("url == @url").sort_values("revision")
    return list(history["text"])


def test_a_timestamp_edit_is_refetched_once_conditionally_and_kept_with_its_history(mirror_factory, tmp_path):
    server = mirror_factory(articles=14, seed=31, layout="rebelmouse")
    data = tmp_path / "data"
    assert crawl(server, data).returncode == 0
    row = stored(data).iloc[0]
    assert row["crawl_base"] == server.base_url and row["http_etag"].startswith('"')
    assert row["sitemap_lastmod"].endswith("Z") and row["http_last_modified"].endswith("GMT")
    old = server.site.articles[5].expected(SITE_URL)
    etag = stored(data).set_index("url").loc[old["url"], "http_etag"]
    edited = server.site.update_article(5, when=datetime.now(UTC) - timedelta(minutes=1))
    start = len(server.requests)
    assert crawl(server, data).returncode == 0
    (request,) = article_requests(server, start)
    assert request.path == edited.path and request.status == 200
    assert request.headers.get("If-None-Match") == etag  # conditional, with the validator we stored
    new = edited.expected(SITE_URL)
    assert stored(data).set_index("url").loc[new["url"], "text"] == new["text"]
    assert revisions_of(data, new["url"]) == [old["text"], new["text"]]
    start = len(server.requests)
    assert crawl(server, data).returncode == 0  # once: the next run leaves it alone
    assert article_requests(server, start) == []


def test_a_date_only_lastmod_edited_later_the_same_day_is_refetched(mirror_factory, tmp_path):
    server = mirror_factory(articles=14, seed=32, layout="rebelmouse", lastmod_dates=True)
    site, data = server.site, tmp_path / "data"
    today = datetime.now(UTC).replace(hour=0, minute=0, second=1, microsecond=0)
    site.update_article(4, when=today)  # the version we fetch says "<today>" in the sitemap
    assert crawl(server, data).returncode == 0
    url = site.articles[4].expected(SITE_URL)["url"]
    first = stored(data).set_index("url").loc[url]
    assert first["sitemap_lastmod"] == today.strftime("%Y-%m-%d")
    edited = site.update_article(4, when=today + timedelta(seconds=1))  # later that day: the same lastmod
    start = len(server.requests)
    assert crawl(server, data).returncode == 0
    bodies = [r for r in article_requests(server, start) if r.status == 200]
    assert [r.path for r in bodies] == [edited.path]
    assert stored(data).set_index("url").loc[url, "text"] == edited.expected(SITE_URL)["text"]
    assert len(revisions_of(data, url)) == 2
    # the same day again: still ambiguous, so asked again, conditionally: a 304, no body
    start = len(server.requests)
    assert crawl(server, data).returncode == 0
    assert [(r.path, r.status) for r in article_requests(server, start)] == [(edited.path, 304)]
    manifest = read_manifests(data)[-1]
    assert manifest["summary"]["not_modified"] == 1 and url in manifest["revalidated"]


def test_an_edit_of_the_newest_article_is_seen_though_the_news_sitemap_lists_it_first(mirror_factory, tmp_path):
    server = mirror_factory(articles=14, seed=33, layout="rebelmouse")
    site, data = server.site, tmp_path / "data"
    assert crawl(server, data).returncode == 0
    newest = site.timeline[0].article
    index = site.articles.index(newest)
    edited = site.update_article(index, when=datetime.now(UTC) - timedelta(minutes=1))
    start = len(server.requests)
    assert crawl(server, data).returncode == 0
    paths = [r.path for r in list(server.requests)[start:]]
    assert paths.index("/sitemap_news.xml") >= 0 and [r.path for r in article_requests(server, start)] == [edited.path]
    url = edited.expected(SITE_URL)["url"]
    assert stored(data).set_index("url").loc[url, "text"] == edited.expected(SITE_URL)["text"]
    assert len(revisions_of(data, url)) == 2


def test_an_article_only_the_news_sitemap_lists_is_revalidated_and_every_request_is_conditional(
    mirror_factory, tmp_path
):
    server = mirror_factory(articles=14, seed=34, layout="rebelmouse")
    site, data = server.site, tmp_path / "data"
    news = [e.article for e in site.timeline if e.article is not None][:2]
    month = news[0].published_at.strftime("%Y-%m")
    hidden = {a.path for a in news}

    def drop_news_entries(response):  # the monthly sitemap does not list them: only the news sitemap does
        status, headers, body = response
        text = body.decode()
        for path in hidden:
            start = text.find(f"{server.base_url}{path}<")
            if start >= 0:
                text = text[: text.rfind("<url>", 0, start)] + text[text.find("</url>", start) + len("</url>") :]
        return status, headers, text.encode()

    server.set_fault(f"/sitemaps/{month}.xml", transform=drop_news_entries)
    schedule = ["-s", "RS_REVALIDATE_SCHEDULE=[[36500, 0]]"]  # the mirror's dates are old: revalidate every run
    assert crawl(server, data, *schedule).returncode == 0
    assert pd.isna(stored(data).set_index("url").loc[news[0].expected(SITE_URL)["url"], "sitemap_lastmod"])
    edited = site.update_article(site.articles.index(news[0]), when=datetime.now(UTC))
    start = len(server.requests)
    assert crawl(server, data, *schedule).returncode == 0
    requests = article_requests(server, start)
    assert all(r.headers.get("If-None-Match") for r in requests)  # stored pages: always conditional
    bodies = sorted(r.path for r in requests if r.status == 200)
    assert bodies == [edited.path] and {r.path for r in requests if r.status == 304} >= hidden - {edited.path}
    url = edited.expected(SITE_URL)["url"]
    assert stored(data).set_index("url").loc[url, "text"] == edited.expected(SITE_URL)["text"]


def test_an_unchanged_night_downloads_no_article_body(mirror_factory, tmp_path):
    server = mirror_factory(articles=60, seed=35, layout="rebelmouse")
    data = tmp_path / "data"
    assert crawl(server, data).returncode == 0
    start = len(server.requests)
    night = crawl(server, data, "--quiet")
    assert (night.returncode, night.stdout, night.stderr) == (0, "", "")
    assert article_requests(server, start) == []  # night 2 confirms the non-article verdicts, no article page
    start = len(server.requests)
    night = crawl(server, data, "--quiet")
    assert (night.returncode, night.stdout, night.stderr) == (0, "", "")
    paths = [r.path for r in list(server.requests)[start:]]
    # robots.txt, the sitemap index, the sitemaps it gives no lastmod (pages.xml), the 48-hour news sitemap and
    # the first feed page: nothing else, no article page
    assert sorted(paths) == [
        "/feeds/feed.rss",
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap_news.xml",
        "/sitemaps/pages.xml",
    ]
    manifest = read_manifests(data)[-1]
    assert manifest["summary"]["fetched"] == 0 and manifest["counts"]["rs/feed/pages"] == 1
    assert manifest["counts"]["rs/skipped/sitemap_unchanged"] == len(manifest["sitemaps"]) > 0
    assert manifest["status"] == "ok"  # and it is clean: the next night skips the same sitemaps
    assert FEED_PAGE < 60  # the feed had more pages to offer


# ------------------------------------------------------------------------------------ sequences of runs
def _scrapy(args: list[str], timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "rs_scraper.settings"},
    )


def _run(kind: str, server, data: Path) -> None:
    site = server.site
    if kind == "full":
        result = crawl(server, data)
        assert result.returncode == 0, result.stderr[-3000:]
    elif kind == "limit":
        assert crawl(server, data, "--limit", "3").returncode in (0, 1)
    elif kind == "sections":
        assert crawl(server, data, "--sections", "Europe").returncode in (0, 1)
    elif kind == "parse":
        page = server.base_url + site.articles[0].path
        assert (
            _scrapy(
                [
                    "parse",
                    "--spider",
                    "rs",
                    "-c",
                    "parse_article",
                    "-s",
                    f"RS_DATA_DIR={data}",
                    "-s",
                    f"RS_BASE_URL={server.base_url}",
                    page,
                ]
            ).returncode
            == 0
        )
    elif kind == "bench":
        assert (
            _scrapy(
                ["bench", "-s", f"RS_DATA_DIR={data}", "-s", "CLOSESPIDER_TIMEOUT=1", "-s", "LOG_LEVEL=WARNING"]
            ).returncode
            == 0
        )
    elif kind == "edit":  # the site moves on between runs: the next full crawl must see it
        for i in (1, len(site.articles) - 2):
            site.update_article(i, when=datetime.now(UTC) - timedelta(seconds=30))
    elif kind == "kill9":
        server.set_fault(lambda path: site.article_for(path) is not None, delay=0.4)
        cmd = [
            sys.executable,
            "-m",
            "rs_scraper",
            "crawl",
            "--base-url",
            server.base_url,
            "--data-dir",
            str(data),
            *LOOPBACK,
            "-s",
            "RS_PARQUET_FLUSH_ROWS=1",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        ]
        start = len(server.requests)
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(article_requests(server, start)) < 3:
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait()
            server.clear_faults()
    else:  # pragma: no cover
        raise ValueError(kind)


SEQUENCES = {
    "limit-parse-full": ["limit", "parse", "full"],  # the red team's loss: 1518 of 3000 stored, exit 0
    "full-edit-limit-parse-bench-sections-full": ["full", "edit", "limit", "parse", "bench", "sections", "full"],
    "full-edit-kill9-sections-limit-full": ["full", "edit", "kill9", "sections", "limit", "full"],
    "sections-kill9-edit-bench-full": ["sections", "kill9", "edit", "bench", "full"],
}


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_any_sequence_of_partial_runs_then_a_full_crawl_stores_every_article(mirror_factory, tmp_path, name):
    server = mirror_factory(articles=36, seed=36, layout="rebelmouse")
    data = tmp_path / "data"
    for kind in SEQUENCES[name]:
        _run(kind, server, data)
    expected = {row["url"]: row for row in server.site.expected_rows(SITE_URL)}
    frame = stored(data)
    assert frame["url"].is_unique and set(frame["url"]) == set(expected)
    wrong = [u for u, text in zip(frame["url"], frame["text"], strict=True) if text != expected[u]["text"]]
    assert wrong == []  # the latest version of every edited article
    kinds = {m.get("kind") for m in read_manifests(data)}
    assert kinds == {"crawl"}  # scrapy parse and bench left no manifest


def test_a_limit_stops_discovery_once_met_newest_sitemaps_first(mirror_factory, tmp_path):
    server = mirror_factory(articles=120, seed=37, layout="rebelmouse")
    result = crawl(server, tmp_path / "data", "--limit", "3")
    assert result.returncode == 0, result.stderr[-3000:]
    paths = [r.path for r in server.requests]
    months = [p for p in paths if p.startswith("/sitemaps/2")]
    newest = max(a.published_at for a in server.site.articles).strftime("%Y-%m")
    assert months == [f"/sitemaps/{newest}.xml"]  # one sitemap, the newest: the limit was met there
    assert len(article_requests(server, 0)) == 3 and len(paths) <= 10
    assert read_manifests(tmp_path / "data")[-1]["counts"]["rs/discovery/incomplete"] == 1  # never clean
