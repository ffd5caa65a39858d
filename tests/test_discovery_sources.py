"""Discovery is a declared list of sources (RS_DISCOVERY_SOURCES, rs_scraper.discovery): built in the order the
setting gives, one switched off by leaving it out or by NotConfigured, each with one interface. A discovered URL
is canonicalised once (rs_scraper.urls.locate), and the path rules live in rs_scraper.urls alone."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import TextResponse, XmlResponse

import rs_scraper.urls as urls_module
from rs_scraper.discovery import Link
from rs_scraper.discovery.base import Found, Source
from rs_scraper.parsing import verdict
from rs_scraper.spiders.rs import RsSpider
from rs_scraper.urls import is_listing, locate, looks_like_article, path_reason
from tests.kit.crawler import crawler
from tests.kit.crawler import spider as rs_spider

BASE = "http://127.0.0.1:9"
SITE = "https://responsiblestatecraft.org"
DEFAULT = ["robots", "sitemaps", "feed", "listings"]


def spider_for(tmp_path, **settings) -> RsSpider:
    given = {"RS_DATA_DIR": str(tmp_path), "RS_BASE_URL": BASE, "RS_RUN_ID": "t", **settings}
    return rs_spider(crawler(given, project=True))


def paths(name: str) -> str:
    return {
        "robots": "rs_scraper.discovery.robots.RobotsSource",
        "sitemaps": "rs_scraper.discovery.sitemaps.SitemapSource",
        "feed": "rs_scraper.discovery.feed.FeedSource",
        "listings": "rs_scraper.discovery.listings.ListingSource",
    }.get(name, name)


class SwitchedOff(Source):
    name = "off"

    @classmethod
    def from_crawler(cls, crawler):
        raise NotConfigured("no endpoint configured")


class FixedList(Source):
    """A source in a few lines: one known article URL, found at the start."""

    name = "fixed"

    def start(self, ctx):
        yield Found(Link(BASE + "/Some-Story/?utm_source=x"), self.name)

    def parse(self, response, ctx):
        return ()


def test_the_sources_run_in_the_order_the_setting_declares(tmp_path):
    assert [s.name for s in spider_for(tmp_path).sources] == DEFAULT
    reordered = spider_for(tmp_path, RS_DISCOVERY_SOURCES=[paths(n) for n in reversed(DEFAULT)])
    assert [s.name for s in reordered.sources] == list(reversed(DEFAULT))


def test_a_source_left_out_or_not_configured_is_never_asked(tmp_path):
    default = [r.url for r in spider_for(tmp_path).start_requests_list()]
    assert default == [BASE + "/robots.txt", BASE + "/feeds/feed.rss"]
    without_feed = spider_for(
        tmp_path, RS_DISCOVERY_SOURCES=[paths("robots"), paths("sitemaps"), "tests.test_discovery_sources.SwitchedOff"]
    )
    assert [s.name for s in without_feed.sources] == ["robots", "sitemaps"]
    assert [r.url for r in without_feed.start_requests_list()] == [BASE + "/robots.txt"]


def test_without_the_robots_source_the_sitemaps_source_starts_from_its_fallbacks(tmp_path):
    spider = spider_for(tmp_path, RS_DISCOVERY_SOURCES=[paths("sitemaps")])
    (request,) = spider.start_requests_list()
    assert request.url == BASE + "/sitemap.xml"
    assert request.meta["rs_guess"] is True  # a 404 there means "no sitemap", not a failure


def test_a_new_source_is_its_class_and_its_entry(tmp_path):
    spider = spider_for(tmp_path, RS_DISCOVERY_SOURCES=["tests.test_discovery_sources.FixedList"])
    spider.discovery_over = True  # nothing waits for a lastmod: decided at once
    (request,) = spider.start_requests_list()
    assert request.url == BASE + "/Some-Story/"  # requested as listed (slash kept), tracking parameter gone
    assert request.meta["rs_url"] == SITE + "/Some-Story"  # stored under the canonical URL
    assert spider.crawler.stats.get_value("rs/discovered/fixed") == 1


def test_two_sources_of_one_name_are_refused(tmp_path):
    with pytest.raises(ValueError, match="twice"):
        spider_for(tmp_path, RS_DISCOVERY_SOURCES=[paths("feed"), paths("feed")])


def counting_canonicalize(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = urls_module.canonicalize

    def counted(url, base_url=None):
        calls.append(url)
        return real(url, base_url)

    monkeypatch.setattr(urls_module, "canonicalize", counted)
    return calls


def test_a_sitemap_url_is_canonicalised_once_on_its_way_to_a_request(tmp_path, monkeypatch):
    spider = spider_for(tmp_path, RS_DEDUPE_STORED=False)
    calls = counting_canonicalize(monkeypatch)
    body = (
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        + "".join(
            f"<url><loc>{BASE}/story-{i}/?mc_cid=1</loc><lastmod>2026-06-0{i}</lastmod></url>" for i in range(1, 4)
        )
        + "</urlset>"
    ).encode()
    url = BASE + "/sitemaps/a.xml"
    requests = list(spider.parse_sitemap(XmlResponse(url, body=body, request=Request(url))))
    assert sorted(r.url for r in requests) == [f"{BASE}/story-{i}/" for i in range(1, 4)]
    assert sorted(r.meta["rs_url"] for r in requests) == [f"{SITE}/story-{i}" for i in range(1, 4)]
    assert len(calls) == 3


def test_urls_whose_hashes_collide_are_each_discovered_requested_and_kept_with_their_sitemap(tmp_path, monkeypatch):
    """The spider's set of URLs seen and its sitemap of each URL keep exact keys (rs_scraper.compact): with every
    URL hashing alike, none is taken for another (an 8-byte hash set lost the second of two)."""
    from rs_scraper import compact

    monkeypatch.setattr(compact, "default_hash", lambda key: 5)
    spider = spider_for(tmp_path, RS_DEDUPE_STORED=False)
    requests = []
    for name, stories in (("a", range(1, 6)), ("b", range(4, 9))):  # 4 and 5 listed by both
        body = (
            "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            + "".join(f"<url><loc>{BASE}/story-{i}/</loc><lastmod>2026-06-0{i}</lastmod></url>" for i in stories)
            + "</urlset>"
        ).encode()
        url = f"{BASE}/sitemaps/{name}.xml"
        request = Request(url, meta={"rs_sitemap_key": f"sitemap-{name}"})
        requests += list(spider.parse_sitemap(XmlResponse(url, body=body, request=request)))
    assert sorted(r.meta["rs_url"] for r in requests) == [f"{SITE}/story-{i}" for i in range(1, 9)]
    assert spider.crawler.stats.get_value("rs/discovered") == 8
    listed = {i: spider.sitemap_of.get(f"{SITE}/story-{i}") for i in range(1, 9)}
    assert listed == {i: "sitemap-a" if i <= 5 else "sitemap-b" for i in range(1, 9)}  # the first that listed it


def test_a_feed_url_is_canonicalised_once_though_the_feed_reads_its_key(tmp_path, monkeypatch):
    spider = spider_for(tmp_path, RS_DEDUPE_STORED=False)
    spider.discovery_over = True
    (feed_request,) = [r for r in spider.start_requests_list() if "feed" in r.url]
    calls = counting_canonicalize(monkeypatch)
    body = (
        "<rss><channel>"
        + "".join(f"<item><link>{BASE}/item-{i}?utm_medium=rss</link></item>" for i in range(2))
        + "</channel></rss>"
    ).encode()
    response = XmlResponse(feed_request.url, body=body, request=feed_request)
    requests = list(spider.parse_discovery(response))
    articles = [r for r in requests if "rs_url" in r.meta]
    assert sorted(r.meta["rs_url"] for r in articles) == [f"{SITE}/item-0", f"{SITE}/item-1"]
    assert len(calls) == 2  # the feed's paging test and the decision share one canonical form


def test_a_discovered_url_carries_its_identity_and_its_listed_form():
    where = locate(BASE + "/Europe/?b=2&utm_source=x&a=1", BASE, SITE)
    assert where == urls_module.Located(SITE + "/Europe?a=1&b=2", BASE + "/Europe/?a=1&b=2", True)
    assert locate("https://www.responsiblestatecraft.org/x", BASE, SITE).key == SITE + "/x"
    elsewhere = locate("https://example.org/x/", BASE, SITE)
    assert not elsewhere.on_site


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/tag/iran/",
        "/tags/iran",
        "/regions/europe/",
        "/sections/asia/",
        "/author/jdoe/",
        "/authors/jdoe",
        "/page/2/",
        "/tag/iran/page/3/",
        "/europe/page/2",
        "/feeds/feed.rss",
        "/search/?q=x",
        "/res/load_more",
        "/about/",
        "/about",
        "/people",
        "/category/news/",
        "/archives/",
        "/contributors/x",
        "/israel-influence-chatgpt/",
        "/pentagon-budget-2668800294",
        "/2022/08/12/why-we-cant-rely-on-nato/",
        "/sections/health/2024/01/10/1223344/some-story",
        "/about-us",
        "/price-gouging",
    ],
)
def test_the_path_rules_are_one_rule_for_the_parser_the_listing_crawl_and_the_article_filter(path):
    url = SITE + path
    assert verdict.hard_reason(url) == path_reason(url)  # the parser calls the same rule
    if path_reason(url) is not None:
        assert not looks_like_article(url)  # a page the parser would refuse by its path is never fetched
    if is_listing(url):
        assert path_reason(url) in ("listing", "author_page")


def test_a_listing_page_follows_listings_and_finds_articles_in_one_form(tmp_path):
    spider = spider_for(tmp_path, RS_DEDUPE_STORED=False, RS_DISCOVERY_SOURCES=[paths("listings")])
    (request,) = spider.maybe_fallback()  # nothing else found anything: the listing fallback starts
    assert request.url == BASE + "/"
    html = (
        b"<html><body><a href='/tag/iran/'>Iran</a><a href='/a-story/?utm_source=x'>A story</a>"
        b"<a href='/feeds/feed.rss'>RSS</a><a href='https://example.org/x'>elsewhere</a></body></html>"
    )
    response = TextResponse(BASE + "/", body=html, request=request, encoding="utf-8")
    out = list(spider.parse_discovery(response))
    assert [r.url for r in out if "rs_url" not in r.meta] == [BASE + "/tag/iran"]  # a listing, followed
    assert [r.meta["rs_url"] for r in out if "rs_url" in r.meta] == [SITE + "/a-story"]
