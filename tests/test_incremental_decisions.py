"""Incremental decisions of the spider without a reactor: what is fetched again (and how: conditionally), what
is skipped, and the sitemap records taken from past run manifests (end to end: tests/test_cron_runs.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from scrapy import Request
from scrapy.http import XmlResponse

from pipelines.storage import PartitionedWriter
from rs_scraper.discovery import Link
from rs_scraper.incremental import (
    Known,
    decide,
    discovery_fingerprint,
    is_clean,
    known_not_articles,
    known_of,
    latest_clean,
    parse_schedule,
    same_lastmod,
)
from rs_scraper.runner import project_settings
from rs_scraper.timeutil import parse_w3c
from tests.kit.crawler import crawler, spider

BASE = "http://127.0.0.1:9"  # where the crawl fetches from (a mirror)
SITE = "https://responsiblestatecraft.org"  # what it stores
FETCHED = datetime(2026, 6, 1, tzinfo=UTC)


def spider_for(data_dir, **settings):
    return spider(
        crawler({"RS_DATA_DIR": str(data_dir), "RS_BASE_URL": BASE, "RS_RUN_ID": "t", **settings}, project=True)
    )


def store(data_dir, *paths, lastmod: str | None = None, run: str = "old", **row):
    writer = PartitionedWriter(data_dir / "articles", run)
    for path in paths:
        writer.add(
            {
                "url": SITE + path,
                "title": "T",
                "text": "x",
                "content_hash": "h",
                "fetched_at": FETCHED,
                "published_at": datetime(2026, 1, 1, tzinfo=UTC),
                "sitemap_lastmod": lastmod,
                **row,
            }
        )
    writer.close()


def urls(requests) -> list[str]:
    return [r.url for r in requests]


def sitemap_link(path: str, lastmod: str) -> Link:
    return Link(BASE + path, parse_w3c(lastmod), True, lastmod)


def test_stored_articles_are_fetched_again_only_when_their_lastmod_differs(tmp_path):
    store(
        tmp_path,
        "/old-one",
        "/edited-one",
        "/earlier-lastmod",
        lastmod="2026-05-31T12:00:00Z",
        http_etag='"v1"',
        http_last_modified="Sun, 31 May 2026 12:00:00 GMT",
    )
    spider = spider_for(tmp_path)
    assert urls(spider.article_requests(sitemap_link("/old-one", "2026-05-31T12:00:00Z"), "sitemap")) == []
    # any other lastmod is a change, later or not (a CMS that rewrote its history): a conditional GET
    (edited,) = spider.article_requests(sitemap_link("/edited-one", "2026-06-02T08:00:00Z"), "sitemap")
    (earlier,) = spider.article_requests(sitemap_link("/earlier-lastmod", "2026-05-30T00:00:00Z"), "sitemap")
    assert edited.url == BASE + "/edited-one" and earlier.url == BASE + "/earlier-lastmod"
    assert edited.headers["If-None-Match"] == b'"v1"'
    assert edited.headers["If-Modified-Since"] == b"Sun, 31 May 2026 12:00:00 GMT"
    assert edited.meta["handle_httpstatus_list"] == [304] and edited.meta["rs_lastmod"] == "2026-06-02T08:00:00Z"
    (new,) = spider.article_requests(sitemap_link("/brand-new", "2026-06-01"), "sitemap")
    assert "If-None-Match" not in new.headers and new.meta["rs_lastmod"] == "2026-06-01"
    # without a lastmod (news sitemap, feed): decided when discovery ends, in case a sitemap gives one
    assert urls(spider.article_requests(Link(BASE + "/no-lastmod", None), "sitemap")) == []
    spider.pending_discovery = 0
    assert urls(spider.maybe_fallback()) == [BASE + "/no-lastmod"]
    stats = spider.crawler.stats.get_stats()
    assert stats["rs/discovered"] == 5 and stats["rs/outcome/skipped/unchanged"] == 1
    assert stats["rs/refetch/lastmod_changed"] == 2


def test_a_feed_or_news_entry_waits_for_the_sitemap_lastmod(tmp_path):
    """The news sitemap and the feed (no lastmod, a publication date) often answer before the monthly sitemaps:
    they must not decide "unchanged" before the monthly sitemap's lastmod for the same URL is read."""
    store(tmp_path, "/edited", "/untouched", lastmod="2026-05-31T12:00:00Z")
    spider = spider_for(tmp_path)
    published = FETCHED - timedelta(days=30)
    assert urls(spider.article_requests(Link(BASE + "/edited", published), "feed", feed=True)) == []
    assert urls(spider.article_requests(Link(BASE + "/untouched", None), "sitemap")) == []  # news sitemap
    assert urls(spider.article_requests(sitemap_link("/edited", "2026-06-02T00:00:00Z"), "sitemap")) == [
        BASE + "/edited"
    ]
    # discovery over, every sitemap read or unchanged: what only the feed or news listed keeps its lastmod
    spider.pending_discovery = 0
    assert urls(spider.maybe_fallback()) == []
    stats = spider.crawler.stats.get_stats()
    assert stats["rs/discovered"] == 2 and stats["rs/outcome/skipped/unchanged"] == 1  # each URL once


def test_a_url_no_sitemap_ever_dated_is_revalidated_on_the_age_schedule(tmp_path):
    now = datetime.now(UTC)
    store(tmp_path, "/young", "/old", "/checked", http_etag='"e"')
    young = {"published_at": now - timedelta(hours=20), "fetched_at": now - timedelta(hours=2)}
    store(tmp_path, "/young-1", **young, http_etag='"y"', run="later")
    spider = spider_for(tmp_path)
    for path in ("/young-1", "/old"):
        assert urls(spider.article_requests(Link(BASE + path, None), "feed", feed=True)) == []
    spider.pending_discovery = 0
    requests = list(spider.maybe_fallback())
    # 20 h old, checked 2 h ago: due (every hour up to 2 days); 11 months old, checked 6 months ago: due (monthly)
    assert sorted(urls(requests)) == [BASE + "/old", BASE + "/young-1"]
    assert all(r.headers.get("If-None-Match") for r in requests)  # every revalidation is conditional
    spider = spider_for(tmp_path, RS_REVALIDATE_SCHEDULE="[[2, 24], [36500, 8760]]")
    assert urls(spider.article_requests(Link(BASE + "/old", None), "feed", feed=True)) == []
    spider.pending_discovery = 0
    assert urls(spider.maybe_fallback()) == []  # a yearly check, 6 months after the last one: not due
    assert spider.crawler.stats.get_value("rs/revalidate/not_due") == 1


def test_pages_found_not_to_be_articles_twice_are_not_fetched_again(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    from rs_scraper.timeutil import utcnow

    seen = utcnow() - timedelta(days=1)  # a remembered verdict is re-checked after RS_VERDICT_RECHECK_DAYS
    entry = {"at": seen.isoformat(), "reason": "listing", "transient": False}
    settings = {"RS_BASE_URL": BASE, "RS_SITE_URL": SITE}
    (runs / "r1.json").write_text(
        json.dumps({"run_id": "r1", "counts": {}, "settings": settings, "not_articles": {SITE + "/qiosk": entry}})
    )
    store(tmp_path, "/a")
    once = spider_for(tmp_path)  # one verdict is not a stable one: fetched again to confirm it
    assert urls(once.article_requests(Link(BASE + "/qiosk", seen - timedelta(days=1)), "sitemap")) == [BASE + "/qiosk"]
    (runs / "r2.json").write_text(
        json.dumps({"run_id": "r2", "counts": {}, "settings": settings, "not_articles": {SITE + "/qiosk": entry}})
    )
    spider = spider_for(tmp_path)
    assert spider.known_not_articles[SITE + "/qiosk"].streak == 2
    assert urls(spider.article_requests(Link(BASE + "/qiosk", seen - timedelta(days=1)), "sitemap")) == []
    assert spider.crawler.stats.get_value("rs/outcome/skipped/unchanged_not_article") == 1
    assert known_not_articles(project_settings({"RS_DATA_DIR": str(tmp_path), "RS_SITE_URL": "http://other"})) == {}


def clean_manifest(**changes) -> dict:
    manifest = {
        "run_id": "r",
        "kind": "crawl",
        "finish_reason": "finished",
        "exit_code": 0,
        "status": "ok",
        "reconciliation": {"balanced": True},
        "settings": {"RS_BASE_URL": BASE, "RS_SITE_URL": SITE},
        "arguments": {"since": None, "limit": None},
        "started_at": "2026-06-01T00:00:00+00:00",
        "counts": {"rs/outcome/failed/http_404": 0},
        "stored_urls": 1,
        "sitemaps": {
            SITE + "/sitemaps/2026-04.xml": {"lastmod": "2026-04-30", "read_at": "2026-06-01T00:10:00+00:00"},
            SITE + "/sitemaps/2026-05.xml": {"lastmod": "2026-05-30T12:00:00Z", "read_at": "2026-06-01T00:10:00+00:00"},
        },
    }
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


INDEX = (
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    f"<sitemap><loc>{BASE}/sitemaps/2026-04.xml</loc><lastmod>2026-04-30</lastmod></sitemap>"
    f"<sitemap><loc>{BASE}/sitemaps/2026-05.xml</loc><lastmod>2026-05-31T12:00:00Z</lastmod></sitemap>"
    f"<sitemap><loc>{BASE}/sitemaps/undated.xml</loc></sitemap></sitemapindex>"
).encode()


def index_response() -> XmlResponse:
    url = BASE + "/sitemap.xml"
    return XmlResponse(url, body=INDEX, request=Request(url))


def test_only_sitemaps_a_clean_run_read_at_the_same_lastmod_are_skipped(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    store(tmp_path, "/a")
    spider = spider_for(tmp_path)
    (runs / "a.json").write_text(json.dumps(clean_manifest(discovery=discovery_fingerprint(spider.settings))))
    spider = spider_for(tmp_path)
    # 2026-04 is unchanged since the clean run; 2026-05 moved (read, newest first); undated is always read
    assert urls(spider.parse_sitemap(index_response())) == [
        BASE + "/sitemaps/2026-05.xml",
        BASE + "/sitemaps/undated.xml",
    ]
    assert spider.crawler.stats.get_value("rs/skipped/sitemap_unchanged") == 1
    assert spider.sitemap_record() == {
        SITE + "/sitemaps/2026-04.xml": {  # carried forward
            "lastmod": "2026-04-30",
            "read_at": "2026-06-01T00:10:00+00:00",
        }
    }
    assert spider_for(tmp_path, RS_SITEMAP_SKIP_UNCHANGED=False).sitemap_records == {}
    # the same clean run, made with other discovery settings, says nothing about this one
    assert spider_for(tmp_path, RS_FEED_MAX_PAGES=3).sitemap_records == {}


def test_a_dataset_that_lost_rows_since_the_clean_run_reads_every_sitemap(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    store(tmp_path, "/a")
    spider = spider_for(tmp_path)
    (runs / "a.json").write_text(
        json.dumps(clean_manifest(discovery=discovery_fingerprint(spider.settings), stored_urls=2))
    )
    spider = spider_for(tmp_path)
    assert spider.sitemap_records == {}
    assert len(urls(spider.parse_sitemap(index_response()))) == 3


# ----------------------------------------------------------------------------------- decide, without a spider
def known(checked: datetime, lastmod: str | None, **kw) -> Known:
    return Known(
        checked_at=checked,
        sitemap_lastmod=lastmod,
        etag=kw.get("etag", '"e"'),
        last_modified=kw.get("last_modified"),
        published_at=kw.get("published"),
        modified_at=None,
    )


SCHEDULE = parse_schedule([[2, 1], [7, 12], [30, 72], [365, 720], [36500, 4320]])
NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)


def test_lastmods_compare_as_what_they_say():
    assert same_lastmod("2026-12-01", "2026-12-01T10:00:00Z")  # a date-only value compares as a date
    assert same_lastmod("2026-12-01T10:00:00Z", "2026-12-01T05:00:00-05:00")  # the same instant
    assert not same_lastmod("2026-12-01T10:00:00Z", "2026-12-01T10:00:01Z")
    assert not same_lastmod("2026-12-01", "2026-11-30")


def test_a_date_only_lastmod_is_trusted_only_once_its_day_is_over():
    morning = datetime(2026, 12, 1, 9, tzinfo=UTC)
    # fetched on the morning of the lastmod's day: an edit that afternoon keeps "2026-12-01": revalidate
    same_day = decide(known(morning, "2026-12-01"), "2026-12-01", parse_w3c("2026-12-01"), NOW, SCHEDULE)
    assert same_day.fetch and same_day.reason == "same_day" and same_day.headers == {"If-None-Match": '"e"'}
    # checked again after the day was over everywhere: the same lastmod now means unchanged
    later = datetime(2026, 12, 2, 15, tzinfo=UTC)
    assert not decide(known(later, "2026-12-01"), "2026-12-01", parse_w3c("2026-12-01"), NOW, SCHEDULE).fetch
    # an edit on a later day moves a date-only lastmod: a change
    moved = decide(known(later, "2026-12-01"), "2026-12-02", parse_w3c("2026-12-02"), NOW, SCHEDULE)
    assert moved.fetch and moved.reason == "lastmod_changed"


def test_a_row_without_a_stored_lastmod_falls_back_on_when_it_was_checked():
    checked = datetime(2026, 12, 1, 9, tzinfo=UTC)
    old = decide(known(checked, None), "2026-11-30T23:00:00Z", parse_w3c("2026-11-30T23:00:00Z"), NOW, SCHEDULE)
    assert not old.fetch
    after = decide(known(checked, None), "2026-12-01T10:00:00Z", parse_w3c("2026-12-01T10:00:00Z"), NOW, SCHEDULE)
    assert after.fetch and after.headers
    same_day = decide(known(checked, None), "2026-12-01", parse_w3c("2026-12-01"), NOW, SCHEDULE)
    assert same_day.fetch  # a date-only lastmod of the day it was fetched may hide a later edit
    # a timestamp in the very second we checked (it covers the whole second, and the site's clock is not ours):
    # asked again, conditionally; well before it: unchanged
    at_check = decide(known(checked, None), "2026-12-01T09:00:00Z", parse_w3c("2026-12-01T09:00:00Z"), NOW, SCHEDULE)
    assert at_check.fetch and at_check.headers
    well_before = parse_w3c("2026-12-01T08:30:00Z")
    assert not decide(known(checked, None), "2026-12-01T08:30:00Z", well_before, NOW, SCHEDULE).fetch


def test_no_lastmod_anywhere_follows_the_age_schedule_and_a_feed_modification():
    published = NOW - timedelta(days=1)
    fresh = known(NOW - timedelta(minutes=30), None, published=published)
    assert not decide(fresh, None, None, NOW, SCHEDULE).fetch  # checked 30 min ago, every hour
    due = decide(known(NOW - timedelta(hours=2), None, published=published), None, None, NOW, SCHEDULE)
    assert due.fetch and due.reason == "due"
    ancient = known(NOW - timedelta(days=100), None, published=NOW - timedelta(days=3000))
    assert not decide(ancient, None, None, NOW, SCHEDULE).fetch  # twice a year for an 8-year-old article
    edited = decide(ancient, None, None, NOW, SCHEDULE, modified=NOW - timedelta(days=1))
    assert edited.fetch and edited.reason == "feed_modified"
    dated = known(NOW - timedelta(days=100), "2026-08-01", published=NOW - timedelta(days=200))
    assert not decide(dated, None, None, NOW, SCHEDULE, sitemaps_unchanged=True).fetch
    assert decide(dated, None, None, NOW, SCHEDULE, sitemaps_unchanged=False).fetch  # 100 days > monthly


def test_a_confirmation_brings_the_stored_row_up_to_date():
    from pipelines.index import Stored

    row = Stored("h", FETCHED, None, sitemap_lastmod="2026-05-01", http_etag='"a"')
    later = {"at": "2026-07-01T00:00:00+00:00", "sitemap_lastmod": "2026-06-30", "etag": '"a"', "last_modified": None}
    merged = known_of(row, later)
    assert merged.sitemap_lastmod == "2026-06-30" and merged.checked_at == datetime(2026, 7, 1, tzinfo=UTC)
    older = {**later, "at": "2026-05-01T00:00:00+00:00"}
    assert known_of(row, older).sitemap_lastmod == "2026-05-01"  # a confirmation before the row's fetch: ignored
