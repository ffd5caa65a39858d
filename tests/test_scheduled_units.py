"""Incremental decisions of the spider without a reactor: what is fetched again, what is skipped, and the
sitemap watermark taken from past run manifests (the end-to-end runs are in tests/test_scheduled.py)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from scrapy.statscollectors import MemoryStatsCollector

from pipelines.storage import PartitionedWriter
from rs_scraper.discovery import Link
from rs_scraper.incremental import discovery_fingerprint, is_clean, known_not_articles, latest_clean
from rs_scraper.runner import project_settings
from rs_scraper.spiders.rs import RsSpider

BASE = "http://127.0.0.1:9"  # where the crawl fetches from (a mirror)
SITE = "https://responsiblestatecraft.org"  # what it stores
UTC = timezone.utc
FETCHED = datetime(2026, 6, 1, tzinfo=UTC)


def spider_for(data_dir, **settings):
    s = project_settings({"RS_DATA_DIR": str(data_dir), "RS_BASE_URL": BASE, "RS_RUN_ID": "t", **settings})
    crawler = SimpleNamespace(settings=s, stats=MemoryStatsCollector(SimpleNamespace(settings=s)),
                              signals=SimpleNamespace(connect=lambda *a, **k: None))
    return RsSpider.from_crawler(crawler)


def store(data_dir, *paths):
    writer = PartitionedWriter(data_dir / "articles", "old")
    for path in paths:
        writer.add({"url": SITE + path, "title": "T", "text": "x", "content_hash": "h", "fetched_at": FETCHED,
                    "published_at": datetime(2026, 1, 1, tzinfo=UTC)})
    writer.close()


def urls(requests) -> list[str]:
    return [r.url for r in requests]


def test_stored_articles_are_fetched_again_only_when_their_lastmod_moves(tmp_path):
    store(tmp_path, "/old-one", "/edited-one")
    spider = spider_for(tmp_path)
    assert urls(spider.article_requests(Link(BASE + "/old-one", FETCHED - timedelta(days=1)), "sitemap")) == []
    assert urls(spider.article_requests(Link(BASE + "/edited-one", FETCHED + timedelta(hours=1)), "sitemap")) \
        == [BASE + "/edited-one"]
    assert urls(spider.article_requests(Link(BASE + "/brand-new", FETCHED), "sitemap")) == [BASE + "/brand-new"]
    # without a lastmod (news sitemap, feed): decided when discovery ends, in case a sitemap gives one
    assert urls(spider.article_requests(Link(BASE + "/no-lastmod", None), "sitemap")) == []
    spider.pending_discovery = 0
    assert urls(spider.maybe_fallback()) == [BASE + "/no-lastmod"]
    stats = spider.crawler.stats.get_stats()
    assert stats["rs/discovered"] == 4 and stats["rs/outcome/skipped/unchanged"] == 1


def test_a_feed_date_does_not_hide_an_edit_the_sitemap_reports(tmp_path):
    """The feed (a publication date) often answers before the sitemaps: it must not decide "unchanged"."""
    store(tmp_path, "/edited", "/untouched")
    spider = spider_for(tmp_path)
    published = FETCHED - timedelta(days=30)
    assert urls(spider.article_requests(Link(BASE + "/edited", published), "feed", feed=True)) == []
    assert urls(spider.article_requests(Link(BASE + "/untouched", published), "feed", feed=True)) == []
    edited = Link(BASE + "/edited", FETCHED + timedelta(days=1))
    assert urls(spider.article_requests(edited, "sitemap")) == [BASE + "/edited"]
    spider.pending_discovery = 0  # discovery over: what only the feed listed is decided on its feed date
    assert urls(spider.maybe_fallback()) == []
    stats = spider.crawler.stats.get_stats()
    assert stats["rs/discovered"] == 2 and stats["rs/outcome/skipped/unchanged"] == 1  # each URL once


def test_pages_found_not_to_be_articles_twice_are_not_fetched_again(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    from rs_scraper.timeutil import utcnow

    seen = utcnow() - timedelta(days=1)  # a remembered verdict is re-checked after RS_VERDICT_RECHECK_DAYS
    entry = {"at": seen.isoformat(), "reason": "listing", "transient": False}
    settings = {"RS_BASE_URL": BASE, "RS_SITE_URL": SITE}
    (runs / "r1.json").write_text(json.dumps({"run_id": "r1", "counts": {}, "settings": settings,
                                              "not_articles": {SITE + "/qiosk": entry}}))
    store(tmp_path, "/a")
    once = spider_for(tmp_path)  # one verdict is not a stable one: fetched again to confirm it
    assert urls(once.article_requests(Link(BASE + "/qiosk", seen - timedelta(days=1)), "sitemap")) == [
        BASE + "/qiosk"]
    (runs / "r2.json").write_text(json.dumps({"run_id": "r2", "counts": {}, "settings": settings,
                                              "not_articles": {SITE + "/qiosk": entry}}))
    spider = spider_for(tmp_path)
    assert spider.known_not_articles[SITE + "/qiosk"].streak == 2
    assert urls(spider.article_requests(Link(BASE + "/qiosk", seen - timedelta(days=1)), "sitemap")) == []
    assert spider.crawler.stats.get_value("rs/outcome/skipped/unchanged_not_article") == 1
    assert known_not_articles(project_settings({"RS_DATA_DIR": str(tmp_path), "RS_SITE_URL": "http://other"})) == {}


def clean_manifest(**changes) -> dict:
    manifest = {"run_id": "r", "kind": "crawl", "finish_reason": "finished", "exit_code": 0, "status": "ok",
                "reconciliation": {"balanced": True}, "settings": {"RS_BASE_URL": BASE, "RS_SITE_URL": SITE},
                "arguments": {"since": None, "limit": None}, "started_at": "2026-06-01T00:00:00+00:00",
                "counts": {"rs/outcome/failed/http_404": 0}, "stored_urls": 1,
                "sitemaps": {SITE + "/sitemaps/2026-04.xml": "2026-04-30",
                             SITE + "/sitemaps/2026-05.xml": "2026-05-30T12:00:00Z"}}
    manifest.update(changes)
    return manifest


def test_only_a_complete_unrestricted_successful_crawl_is_clean(tmp_path):
    assert is_clean(clean_manifest(), SITE)
    assert not is_clean(clean_manifest(kind=None), SITE)  # scrapy parse/bench, or a manifest from before kinds
    assert not is_clean(clean_manifest(exit_code=1), SITE)
    assert not is_clean(clean_manifest(status="partial"), SITE)
    assert not is_clean(clean_manifest(finish_reason="shutdown"), SITE)
    assert not is_clean(clean_manifest(arguments={"limit": 5}), SITE)
    assert not is_clean(clean_manifest(arguments={"limit": 0}), SITE)
    assert not is_clean(clean_manifest(arguments={"since": "2026-01-01"}), SITE)
    assert not is_clean(clean_manifest(counts={"rs/discovery_failed/http_500": 1}), SITE)
    assert not is_clean(clean_manifest(counts={"rs/outcome/failed/timeout": 2}), SITE)
    assert not is_clean(clean_manifest(counts={"rs/discovery/incomplete": 1}), SITE)
    assert not is_clean(clean_manifest(), "https://example.org")
    assert is_clean(clean_manifest(discovery={"RS_FEED_MAX_PAGES": 50}), SITE, {"RS_FEED_MAX_PAGES": 50})
    assert not is_clean(clean_manifest(discovery={"RS_FEED_MAX_PAGES": 5}), SITE, {"RS_FEED_MAX_PAGES": 50})
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "a.json").write_text(json.dumps(clean_manifest()))
    (runs / "b.json").write_text(json.dumps(clean_manifest(started_at="2026-07-01T00:00:00+00:00", exit_code=1)))
    (runs / "c.json").write_text("{")  # damaged: ignored, never an error
    assert latest_clean(tmp_path, SITE)["started_at"] == "2026-06-01T00:00:00+00:00"


INDEX = ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         f'<sitemap><loc>{BASE}/sitemaps/2026-04.xml</loc><lastmod>2026-04-30</lastmod></sitemap>'
         f'<sitemap><loc>{BASE}/sitemaps/2026-05.xml</loc><lastmod>2026-05-31T12:00:00Z</lastmod></sitemap>'
         f'<sitemap><loc>{BASE}/sitemaps/undated.xml</loc></sitemap></sitemapindex>').encode()


def index_response():
    return SimpleNamespace(body=INDEX, url=BASE + "/sitemap.xml", meta={})


def test_only_sitemaps_a_clean_run_read_at_the_same_lastmod_are_skipped(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    store(tmp_path, "/a")
    spider = spider_for(tmp_path)
    (runs / "a.json").write_text(json.dumps(clean_manifest(discovery=discovery_fingerprint(spider.settings))))
    spider = spider_for(tmp_path)
    # 2026-04 is unchanged since the clean run; 2026-05 moved (read, newest first); undated is always read
    assert urls(spider.parse_sitemap(index_response())) == [BASE + "/sitemaps/2026-05.xml",
                                                            BASE + "/sitemaps/undated.xml"]
    assert spider.crawler.stats.get_value("rs/skipped/sitemap_unchanged") == 1
    assert spider.sitemap_record() == {SITE + "/sitemaps/2026-04.xml": "2026-04-30"}  # carried forward
    assert spider_for(tmp_path, RS_SITEMAP_SKIP_UNCHANGED=False).sitemap_records == {}
    # the same clean run, made with other discovery settings, says nothing about this one
    assert spider_for(tmp_path, RS_FEED_MAX_PAGES=3).sitemap_records == {}


def test_a_dataset_that_lost_rows_since_the_clean_run_reads_every_sitemap(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    store(tmp_path, "/a")
    spider = spider_for(tmp_path)
    (runs / "a.json").write_text(json.dumps(clean_manifest(discovery=discovery_fingerprint(spider.settings),
                                                           stored_urls=2)))
    spider = spider_for(tmp_path)
    assert spider.sitemap_records == {}
    assert len(urls(spider.parse_sitemap(index_response()))) == 3
