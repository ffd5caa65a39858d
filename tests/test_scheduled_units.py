"""Incremental decisions of the spider without a reactor: what is fetched again, what is skipped, and the
sitemap watermark taken from past run manifests (the end-to-end runs are in tests/test_scheduled.py)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from scrapy.statscollectors import MemoryStatsCollector

from pipelines.storage import PartitionedWriter
from rs_scraper.discovery import Link
from rs_scraper.incremental import is_clean, known_not_articles, last_clean_start
from rs_scraper.runner import project_settings
from rs_scraper.spiders.rs import RsSpider

BASE = "http://127.0.0.1:9"
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
        writer.add({"url": BASE + path, "title": "T", "text": "x", "content_hash": "h", "fetched_at": FETCHED,
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
    assert urls(spider.article_requests(Link(BASE + "/brand-new", None), "sitemap")) == [BASE + "/brand-new"]
    stats = spider.crawler.stats.get_stats()
    assert stats["rs/discovered"] == 3 and stats["rs/outcome/skipped/unchanged"] == 1


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


def test_pages_found_not_to_be_articles_are_not_fetched_again(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "r1.json").write_text(json.dumps({"run_id": "r1", "counts": {}, "settings": {"RS_BASE_URL": BASE},
                                              "not_articles": {BASE + "/qiosk": FETCHED.isoformat()}}))
    store(tmp_path, "/a")
    spider = spider_for(tmp_path)
    assert spider.known_not_articles == {BASE + "/qiosk": FETCHED}
    assert urls(spider.article_requests(Link(BASE + "/qiosk", FETCHED - timedelta(days=1)), "sitemap")) == []
    assert spider.crawler.stats.get_value("rs/outcome/skipped/unchanged_not_article") == 1
    assert known_not_articles(project_settings({"RS_DATA_DIR": str(tmp_path), "RS_BASE_URL": "http://other"})) == {}


def clean_manifest(**changes) -> dict:
    manifest = {"run_id": "r", "finish_reason": "finished", "exit_code": 0, "reconciliation": {"balanced": True},
                "settings": {"RS_BASE_URL": BASE}, "arguments": {"since": None, "limit": None},
                "started_at": "2026-06-01T00:00:00+00:00", "counts": {"rs/outcome/failed/http_404": 0}}
    manifest.update(changes)
    return manifest


def test_only_a_complete_unrestricted_successful_run_sets_the_watermark(tmp_path):
    assert is_clean(clean_manifest(), BASE)
    assert not is_clean(clean_manifest(exit_code=1), BASE)
    assert not is_clean(clean_manifest(finish_reason="shutdown"), BASE)
    assert not is_clean(clean_manifest(arguments={"limit": 5}), BASE)
    assert not is_clean(clean_manifest(arguments={"since": "2026-01-01"}), BASE)
    assert not is_clean(clean_manifest(counts={"rs/discovery_failed/http_500": 1}), BASE)
    assert not is_clean(clean_manifest(counts={"rs/outcome/failed/timeout": 2}), BASE)
    assert not is_clean(clean_manifest(), "http://127.0.0.1:10")
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "a.json").write_text(json.dumps(clean_manifest()))
    (runs / "b.json").write_text(json.dumps(clean_manifest(started_at="2026-07-01T00:00:00+00:00", exit_code=1)))
    (runs / "c.json").write_text("{")  # damaged: ignored, never an error
    assert last_clean_start(tmp_path, BASE) == datetime(2026, 6, 1, tzinfo=UTC)


def test_monthly_sitemaps_older_than_the_watermark_are_not_downloaded(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "a.json").write_text(json.dumps(clean_manifest()))
    store(tmp_path, "/a")
    spider = spider_for(tmp_path, RS_SITEMAP_SKIP_MARGIN_HOURS=24)
    assert spider.sitemap_watermark == datetime(2026, 5, 31, tzinfo=UTC)
    index = ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f'<sitemap><loc>{BASE}/sitemaps/2026-04.xml</loc><lastmod>2026-04-30</lastmod></sitemap>'
             f'<sitemap><loc>{BASE}/sitemaps/2026-05.xml</loc><lastmod>2026-05-31T12:00:00Z</lastmod></sitemap>'
             f'<sitemap><loc>{BASE}/sitemaps/undated.xml</loc></sitemap></sitemapindex>').encode()
    response = SimpleNamespace(body=index, url=BASE + "/sitemap.xml")
    assert urls(spider.parse_sitemap(response)) == [BASE + "/sitemaps/2026-05.xml", BASE + "/sitemaps/undated.xml"]
    assert spider.crawler.stats.get_value("rs/skipped/sitemap_unchanged") == 1
    assert spider_for(tmp_path, RS_SITEMAP_SKIP_UNCHANGED=False).sitemap_watermark is None
