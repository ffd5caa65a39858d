"""The ``rs`` spider: discovers every article of the site and hands each page to the parser.

Discovery, in order of trust ([RS]/[RM] facts in rs-site.md):
1. robots.txt ``Sitemap:`` lines (else RS_SITEMAP_FALLBACKS), then the sitemap index and its sitemaps, whose
   ``<lastmod>`` drives ``since`` and incremental crawls;
2. the RSS feed ``RS_FEED_PATH?page=N`` (30 items a page), for articles newer than the sitemaps;
3. listing pages (RS_LISTING_FALLBACK_PATHS), only when neither of the above gave any article.

Every article URL is canonicalised (rs_scraper.urls) before it is requested, so tracking-parameter and slash
variants make one request. Every URL discovered (``rs/discovered``) ends in exactly one outcome stat,
``rs/outcome/<bucket>[/<reason>]``: skipped, failed and not_article here; dropped, unchanged_refetch,
written_new and written_updated in the pipelines (the run manifest reconciles them).

Arguments (``-a name=value``): ``since``, ``until`` (YYYY-MM-DD or ISO datetime), ``sections`` (comma list),
``limit`` (max article requests), ``urls`` (a file of article URLs, one a line, fetched directly).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip, gzip_magic_number
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from pipelines.index import Stored, load_index
from rs_scraper.discovery import (CompactSet, Link, TooLarge, iter_sitemap, page_links, parse_feed,
                                  robots_sitemaps, sitemap_source)
from rs_scraper.parsing import NotArticle, parse_page
from rs_scraper.incremental import (INCOMPLETE_DISCOVERY, Decision, confirmations, decide, known_not_articles,
                                    known_of, parse_schedule, sitemap_records, sitemap_unchanged)
from rs_scraper.runinfo import run_id_of
from rs_scraper.timeutil import utcnow
from rs_scraper.validation import parse_spider_args, read_urls_file
from rs_scraper.urls import article_onto_site, as_listed, looks_like_article, same_site, to_site, with_origin
from rs_scraper.warc import FETCHED_AT_META
from rs_scraper.non_articles import BodySizes, transient_cause


# Article requests handed to Scrapy's scheduler at once (at least 4 x CONCURRENT_REQUESTS): enough to keep every
# download slot busy, while the rest of a 100,000-article backfill waits as small tuples (RsSpider.release).
ARTICLE_WINDOW = 64


class RsSpider(scrapy.Spider):
    name = "rs"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Our arguments are checked; "_"-names belong to the host (scrapyd's _job) and pass through.
        spider_args = {k: kwargs.pop(k) for k in list(kwargs) if not k.startswith("_")}
        super().__init__(*args, **kwargs)
        parsed = parse_spider_args(spider_args)  # ValueError, one line; the crawl commands check it up front
        self.since: datetime | None = parsed.since
        self.until: datetime | None = parsed.until
        self.sections = list(parsed.sections) if parsed.sections else None
        self.limit = parsed.limit
        self.urls_file = parsed.urls_file
        self.seen = CompactSet()  # canonical article URLs discovered: 8 bytes each (a sitemap may list millions)
        # Decided article URLs not yet handed to Scrapy, and how many requests are out (release, settled).
        self.pending: list[tuple] = []
        self.in_flight = 0
        self.scheduled = 0
        self.pending_discovery = 0
        self.listing_pages = 0
        self.fallback_started = False
        # URLs discovered without a lastmod (the feed, the 48-hour news sitemap, listings): a later sitemap entry
        # with a lastmod decides them; whatever is left when discovery ends is decided then (finish_deferred).
        self.deferred: dict[str, tuple[Link, str]] = {}
        # Child sitemaps of a sitemap index still to request, newest first, and how many are in flight: they
        # are requested a few at a time so that a met limit stops discovery (next_sitemaps).
        self.sitemap_queue: list[tuple[str, Link, int]] = []
        self.discovery_over = False
        self.sitemaps_in_flight = 0
        # Sitemap records (rs_scraper.incremental): read in full this run, skipped as unchanged, and those with
        # an URL whose outcome must be seen again (unsettle); url -> the child sitemap that listed it.
        self.sitemaps_read: dict[str, dict] = {}
        self.sitemaps_unchanged: dict[str, dict] = {}
        self.sitemaps_unsettled: set[str] = set()
        self.sitemap_of: dict[str, str] = {}
        # Canonical URLs the feed pages gave so far: a page that adds none ends the paging (a server that ignores
        # ?page=N answers page 1 again and again).
        self.feed_urls: set[str] = set()
        # Termination (README "Hostile sites"): every sitemap, feed page and listing URL is requested at most once
        # per run, however often it is listed (an index listing itself or an ancestor), and discovery is bounded
        # in depth and in total requests (RS_SITEMAP_MAX_DEPTH, RS_DISCOVERY_MAX_REQUESTS).
        self.discovery_seen: set[str] = set()
        self.discovery_count = 0
        # Non-article verdicts of this run (url -> {at, reason, transient}) for the manifest, and the sizes of its
        # article pages, against which a much smaller page looks transient (rs_scraper.non_articles).
        self.not_articles: dict[str, dict] = {}
        self.body_sizes = BodySizes()

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.base_url = settings.get("RS_BASE_URL").rstrip("/")
        # Stored URLs are on the site's own origin whatever base we fetch from (rs_scraper.urls.to_site).
        spider.site_url = (settings.get("RS_SITE_URL") or spider.base_url).rstrip("/")
        spider.allowed_domains = [urlsplit(spider.base_url).hostname]
        spider.run_id = run_id_of(crawler)
        spider.stored = {}
        if settings.getbool("RS_DEDUPE_STORED"):
            spider.stored = load_index(Path(settings.get("RS_DATA_DIR")) / "articles")
        # Child sitemaps the latest clean run read in full, with their lastmod then (rs_scraper.incremental):
        # one still at that lastmod is not downloaded. Empty = read every sitemap (why: the log says).
        spider.sitemap_records, why = sitemap_records(settings, len(spider.stored)) if spider.stored else ({}, "")
        if why and spider.stored:
            spider.logger.info("reading every sitemap: %s", why)
        # Pages the parser called "not an article" in earlier runs (url -> when), from their run manifests:
        # skipped like a stored article until their lastmod moves. This run's go to spider.not_articles.
        spider.known_not_articles = known_not_articles(settings) if settings.getbool("RS_DEDUPE_STORED") else {}
        spider.not_articles = {}
        spider.failed_urls = {}  # url -> reason, for the run manifest (rs_scraper.verdict: two runs in a row)
        # The latest confirmation of each stored version (earlier runs' manifests), and this run's (304s, same
        # text refetched): rs_scraper.incremental.known_of merges them with the row.
        spider.confirmations = confirmations(settings) if spider.stored else {}
        spider.confirmed = {}
        spider.revalidate_schedule = parse_schedule(settings.get("RS_REVALIDATE_SCHEDULE"))
        # Sitemaps may be larger than a page (RS_SITEMAP_MAXSIZE); a gzipped one inflates up to that much.
        spider.max_size = settings.getint("RS_SITEMAP_MAXSIZE", settings.getint("DOWNLOAD_MAXSIZE"))
        spider.article_window = max(ARTICLE_WINDOW, 4 * settings.getint("CONCURRENT_REQUESTS", 4))
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    # ------------------------------------------------------------------ start
    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests_list():
            yield request

    def start_requests_list(self) -> list[scrapy.Request]:
        if self.urls_file:
            urls = read_urls_file(self.urls_file, self.base_url, self.site_url)
            return [r for u in urls for r in self.article_requests(Link(u), source="urls_file", force=True)]
        return [r for r in (
            # robots.txt answers are read whatever their status: no Sitemap: lines -> RS_SITEMAP_FALLBACKS.
            self.discovery_request(self.url("/robots.txt"), self.parse_robots, meta={"handle_httpstatus_all": True}),
            self.feed_request(1),
        ) if r is not None]

    def key(self, url: str) -> str:
        """A discovered URL's identity: canonical, on RS_SITE_URL (what is stored, what ``seen`` holds)."""
        return to_site(url, self.base_url, self.site_url)

    def fetch_url(self, url: str) -> str:
        """Where a same-site URL is fetched: the crawl base (RS_BASE_URL), the only origin ever requested."""
        return with_origin(url, self.base_url)

    def on_site(self, url: str) -> bool:
        return same_site(url, self.base_url) or same_site(url, self.site_url)

    def url(self, path: str) -> str:
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def feed_url(self, page: int, path: str | None = None) -> str:
        path = path or self.settings.get("RS_FEED_PATH")
        base = self.url(path)
        # RebelMouse pages its feeds with ?page=N [RM]; a WordPress /feed/ with ?paged=N.
        param = "paged" if path.rstrip("/").endswith("/feed") else "page"
        return base if page == 1 else f"{base}?{param}={page}"

    def feed_request(self, page: int, path: str | None = None) -> scrapy.Request | None:
        path = path or self.settings.get("RS_FEED_PATH")
        # A first feed page is a guess of where the feed is (RS_FEED_PATH, then RS_FEED_FALLBACK_PATHS).
        return self.discovery_request(self.feed_url(page, path), self.parse_feed,
                                      meta={"rs_feed_page": page, "rs_feed_path": path, "rs_guess": page == 1})

    def feed_fallback(self, request: scrapy.Request) -> Iterable[scrapy.Request]:
        """When the first page of a feed fails or is not a feed, try the next of RS_FEED_FALLBACK_PATHS."""
        if request.meta.get("rs_feed_page") != 1:
            return
        paths = [self.settings.get("RS_FEED_PATH"), *self.settings.getlist("RS_FEED_FALLBACK_PATHS")]
        current = request.meta.get("rs_feed_path")
        if current in paths and paths.index(current) + 1 < len(paths):
            self.crawler.stats.inc_value("rs/feed/fallback")
            yield from _some(self.feed_request(1, paths[paths.index(current) + 1]))

    def discovery_request(self, url: str, callback, meta: dict | None = None) -> scrapy.Request | None:
        """The request for a discovery document, or None: already requested this run (counted
        ``rs/discovery/repeated``), or past a bound (``rs/bounds/<name>``: the run is then not clean)."""
        stats = self.crawler.stats
        key = canonicalize_url(url)
        if key in self.discovery_seen:
            stats.inc_value("rs/discovery/repeated")
            self.logger.info("discovery URL listed again, not requested twice: %s", url)
            return None
        depth = (meta or {}).get("rs_depth", 0)
        if depth > self.settings.getint("RS_SITEMAP_MAX_DEPTH"):
            return self.bound_hit("sitemap_depth", url)
        if self.discovery_count >= self.settings.getint("RS_DISCOVERY_MAX_REQUESTS"):
            return self.bound_hit("discovery_requests", url)
        self.discovery_seen.add(key)
        self.discovery_count += 1
        self.pending_discovery += 1
        meta = {**(meta or {}), "rs_discovery": True}
        return scrapy.Request(url, callback=self.counted(callback), errback=self.discovery_failed, meta=meta,
                              priority=10, dont_filter=True)

    def bound_hit(self, name: str, url: str) -> None:
        stats = self.crawler.stats
        if not stats.get_value(f"rs/bounds/{name}"):
            setting = {"sitemap_depth": "RS_SITEMAP_MAX_DEPTH", "discovery_requests": "RS_DISCOVERY_MAX_REQUESTS",
                       "listing_pages": "RS_LISTING_MAX_PAGES"}[name]
            self.logger.warning("discovery bound %s=%s reached: %s and what it lists are not read (the run is not "
                                "clean)", setting, self.settings.get(setting), url)
        stats.inc_value(f"rs/bounds/{name}")
        return None

    def counted(self, callback):
        """Wrap a discovery callback so that the end of discovery is noticed (see maybe_fallback)."""

        def wrapper(response: Response):
            try:
                yield from callback(response)
            finally:
                self.pending_discovery -= 1
                if response.meta.get("rs_child_sitemap"):
                    self.sitemaps_in_flight -= 1
            yield from self.next_sitemaps()
            yield from self.maybe_fallback()

        wrapper.__name__ = callback.__name__
        return wrapper

    # -------------------------------------------------------------- discovery
    def parse_robots(self, response: Response) -> Iterable[scrapy.Request]:
        sitemaps = robots_sitemaps(response.body, self.base_url) if response.status == 200 else []
        if not sitemaps:
            sitemaps = [self.url(p) for p in self.settings.getlist("RS_SITEMAP_FALLBACKS")]
            guessed = set(sitemaps)
        else:
            guessed = set()
        # The site names its public origin (https, maybe www.): same-site sitemaps are fetched from our base.
        for url in dict.fromkeys(self.fetch_url(u) if self.on_site(u) else u for u in sitemaps):
            if self.on_site(url):
                yield from _some(self.discovery_request(url, self.parse_sitemap,
                                                        meta={"download_maxsize": self.max_size, "rs_depth": 1,
                                                              "rs_guess": url in guessed}))
            else:
                self.crawler.stats.inc_value("rs/skipped/offsite_sitemap")

    def sitemap_body(self, response: Response) -> bytes | None:
        body = response.body
        # gzip_magic_number is a function of the response (it was once read as bytes here: a TypeError on
        # every sitemap, so sitemaps were silently lost). The body decides, not the name: a .xml.gz served with
        # Content-Encoding: gzip arrives already inflated by HttpCompressionMiddleware.
        if gzip_magic_number(response):
            try:
                return gunzip(body, max_size=self.max_size)
            except (OSError, ValueError):  # including a gzip bomb over DOWNLOAD_MAXSIZE
                self.crawler.stats.inc_value("rs/failed/sitemap_gzip")
                return None
        return body

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        """Streamed (rs_scraper.discovery.iter_sitemap): each entry is decided as it is read, so a sitemap of a
        million URLs never exists as a list; a gzipped one is inflated while parsed, at most RS_SITEMAP_MAXSIZE."""
        stats = self.crawler.stats
        body = response.body
        kind, links = "invalid", iter(())
        if body:
            try:
                kind, links = iter_sitemap(sitemap_source(body, self.max_size), self.base_url)
            except (OSError, EOFError, ValueError):
                kind = "invalid"
        if kind == "invalid" and body:
            # The sitemaps protocol accepts an RSS 2.0 or Atom feed as a sitemap (a robots.txt may list
            # /feeds/<section>.rss): its items are read like urlset entries.
            raw = self.sitemap_body(response)
            feed_links = parse_feed(raw, self.base_url) if raw else None
            if feed_links is not None:
                kind, links = "feed", iter(feed_links)
        stats.inc_value(f"rs/sitemap/{kind}")
        key = response.meta.get("rs_sitemap_key") if kind in ("urlset", "feed") else None
        try:
            if kind == "sitemapindex":
                yield from self.child_sitemaps(links, response)
            elif kind in ("urlset", "feed"):
                for link in links:
                    if not link.date_valid:
                        stats.inc_value("rs/sitemap/invalid_lastmod")
                    yield from self.article_requests(link, source="sitemap", sitemap=key)
                if key and response.meta.get("rs_sitemap_lastmod"):  # read to its end: it may count as read
                    self.sitemaps_read[key] = {"lastmod": response.meta["rs_sitemap_lastmod"],
                                               "read_at": utcnow().isoformat()}
        except (TooLarge, OSError, EOFError):  # a gzip bomb past RS_SITEMAP_MAXSIZE, a truncated gzip stream
            stats.inc_value("rs/failed/sitemap_gzip")
        except (lxml.etree.LxmlError, ValueError):
            stats.inc_value("rs/sitemap/invalid")

    def child_sitemaps(self, links: Iterable[Link], response: Response) -> Iterable[scrapy.Request]:
        stats = self.crawler.stats
        queued = []
        for link in links:
            if not link.date_valid:
                stats.inc_value("rs/sitemap/invalid_lastmod")
            key = self.key(link.url)
            if not self.on_site(link.url):
                stats.inc_value("rs/skipped/offsite_sitemap")
            elif self.since and link.date and link.date < self.since:
                stats.inc_value("rs/skipped/sitemap_older_than_since")
            elif sitemap_unchanged(self.sitemap_records.get(key), link.lastmod):
                stats.inc_value("rs/skipped/sitemap_unchanged")
                self.sitemaps_unchanged[key] = self.sitemap_records[key]  # still true: carried forward
            else:
                queued.append((key, link))
        # Newest first (a sitemap without lastmod last): a limit is met on the newest articles.
        queued.sort(key=lambda kl: (kl[1].date is not None, kl[1].date or 0), reverse=True)
        depth = (getattr(response, "meta", None) or {}).get("rs_depth", 1) + 1
        self.sitemap_queue.extend((key, link, depth) for key, link in queued)
        yield from self.next_sitemaps()

    def next_sitemaps(self) -> Iterable[scrapy.Request]:
        """Request queued child sitemaps, a few at a time, until the queue is empty or the limit is met."""
        if self.limit_met():
            self.stop_discovery("limit")
            return
        # With a limit, one at a time: the newest sitemap alone usually meets it, and none is read past it.
        room = 1 if self.limit is not None else max(1, self.settings.getint("CONCURRENT_REQUESTS", 4))
        while self.sitemap_queue and self.sitemaps_in_flight < room:
            key, link, depth = self.sitemap_queue.pop(0)
            request = self.discovery_request(self.fetch_url(link.url), self.parse_sitemap,
                                             meta={"download_maxsize": self.max_size, "rs_depth": depth,
                                                   "rs_child_sitemap": True, "rs_sitemap_key": key,
                                                   "rs_sitemap_lastmod": link.lastmod})
            if request is not None:  # None: listed again (a loop) or past a bound
                self.sitemaps_in_flight += 1
                yield request

    def limit_met(self) -> bool:
        return self.limit is not None and self.scheduled >= self.limit

    def stop_discovery(self, why: str) -> None:
        """Discovery ends here (``limit`` met): what is still queued is never requested, and the run is marked
        as having read less than it was offered, so it can never count as clean."""
        if self.sitemap_queue:
            self.crawler.stats.inc_value(f"rs/skipped/sitemap_{why}", len(self.sitemap_queue))
            self.sitemap_queue.clear()
        self.crawler.stats.set_value(INCOMPLETE_DISCOVERY, 1)

    def sitemaps_whole(self) -> bool:
        """Every sitemap offered was read or skipped as unchanged: none failed, none left unread at a bound or
        a limit. Then a stored URL no sitemap dated tonight is still at the lastmod we know."""
        stats = self.crawler.stats.get_stats()
        return not any(k.startswith(("rs/discovery_failed/", "rs/bounds/")) or k in (INCOMPLETE_DISCOVERY,
                       "rs/sitemap/invalid", "rs/failed/sitemap_gzip") for k, v in stats.items() if v)

    def unsettle(self, url: str) -> None:
        """``url`` must be seen again next run: its sitemap is not recorded as read (a not-article page, a
        failure, a verdict that may be transient), so the next run downloads that sitemap again."""
        key = self.sitemap_of.get(url)
        if key:
            self.sitemaps_unsettled.add(key)

    def sitemap_record(self) -> dict[str, dict]:
        """What this run's manifest records (rs_scraper.incremental.sitemap_records): child sitemap ->
        {lastmod, read_at}."""
        read = {k: v for k, v in self.sitemaps_read.items() if k not in self.sitemaps_unsettled}
        return {**self.sitemaps_unchanged, **read}

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        page = response.meta.get("rs_feed_page", 1)
        links = parse_feed(response.body, self.base_url)
        if links is None:
            self.crawler.stats.inc_value("rs/feed/invalid")
            yield from self.feed_fallback(response.request)
            return
        self.crawler.stats.inc_value("rs/feed/pages")
        self.crawler.stats.inc_value("rs/feed/items", len(links))
        keys = {self.key(link.url) for link in links}
        # Paging stops at the first page with nothing new: every URL stored, known not to be an article, or
        # already given by an earlier page (a server that ignores ?page=N answers page 1 again and again).
        fresh = {k for k in keys - self.feed_urls if k not in self.stored and k not in self.known_not_articles}
        brings_new = bool(fresh)
        if links and keys <= self.feed_urls:
            self.crawler.stats.inc_value("rs/feed/repeated_page")
        self.feed_urls.update(keys)
        for link in links:
            if not link.date_valid:
                self.crawler.stats.inc_value("rs/feed/invalid_date")
            yield from self.article_requests(link, source="feed", feed=True)
        dates = [link.date for link in links if link.date]
        older_than_window = self.since and dates and min(dates) < self.since
        if self.limit_met():
            self.stop_discovery("limit")
        elif brings_new and not older_than_window and page < self.settings.getint("RS_FEED_MAX_PAGES"):
            yield from _some(self.feed_request(page + 1, response.meta.get("rs_feed_path")))

    def discovery_failed(self, failure: Failure) -> Iterable[scrapy.Request]:
        reason = failure_reason(failure)
        request = getattr(failure, "request", None)
        if reason in ("http_404", "http_410") and request is not None and request.meta.get("rs_guess"):
            # A document we only guessed at (a fallback sitemap path, a feed path) is absent, not failing: the
            # site has none there. One listed by robots.txt or a sitemap index that 404s is a failure.
            self.crawler.stats.inc_value(f"rs/discovery/absent/{reason}")
            self.logger.info("no discovery document at %s (%s)", request.url, reason)
        else:
            self.crawler.stats.inc_value(f"rs/discovery_failed/{reason}")
        if request is not None:
            yield from self.feed_fallback(request)
            if request.meta.get("rs_child_sitemap"):
                self.sitemaps_in_flight -= 1
        self.pending_discovery -= 1
        yield from self.next_sitemaps()
        yield from self.maybe_fallback()

    def maybe_fallback(self) -> Iterable[scrapy.Request]:
        """When all discovery is done and found nothing, crawl listing pages instead."""
        if self.pending_discovery == 0 and not self.sitemap_queue:
            self.discovery_over = True  # from now on (listing pages) nothing waits for a lastmod
            yield from self.finish_deferred()
        if self.pending_discovery > 0 or self.seen or self.fallback_started or self.urls_file:
            return
        self.fallback_started = True
        self.logger.warning("sitemaps and feed gave no article: falling back to listing pages")
        self.crawler.stats.set_value("rs/discovery/listing_fallback", 1)
        for path in self.settings.getlist("RS_LISTING_FALLBACK_PATHS"):
            yield from self.listing_request(self.url(path))

    def listing_request(self, url: str) -> Iterable[scrapy.Request]:
        key = canonicalize_url(url)
        if key in self.discovery_seen:
            return  # each listing page once per run, whatever links back to it
        if self.listing_pages >= self.settings.getint("RS_LISTING_MAX_PAGES"):
            self.bound_hit("listing_pages", url)
            return
        if self.discovery_count >= self.settings.getint("RS_DISCOVERY_MAX_REQUESTS"):
            self.bound_hit("discovery_requests", url)
            return
        self.discovery_seen.add(key)
        self.discovery_count += 1
        self.listing_pages += 1
        yield scrapy.Request(url, callback=self.parse_listing, errback=self.listing_failed, priority=5,
                             dont_filter=True)

    def parse_listing(self, response: Response) -> Iterable[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        for url in page_links(response.body, response.url, response.encoding):
            if not self.on_site(url):
                continue
            canonical = self.key(url)
            if looks_like_article(canonical):
                yield from self.article_requests(Link(url), source="listing")
            elif is_listing(canonical):
                yield from self.listing_request(self.fetch_url(canonical))

    def listing_failed(self, failure: Failure) -> None:
        self.crawler.stats.inc_value(f"rs/listing_failed/{failure_reason(failure)}")

    # --------------------------------------------------------------- articles
    def article_requests(self, link: Link, source: str, feed: bool = False, force: bool = False,
                         sitemap: str | None = None) -> Iterable[scrapy.Request]:
        """Zero or one request for a discovered URL; every unique URL ends in exactly one stat or request.

        A link with a sitemap lastmod is decided at once. One without (feed items, whose date is a publication
        date; the news sitemap; listings) waits for the end of discovery, so that a monthly sitemap read later
        can still give its lastmod: the first link with a lastmod decides, whatever source came first."""
        stats = self.crawler.stats
        if not self.on_site(link.url):
            stats.inc_value("rs/skipped/offsite")
            return
        url = self.key(link.url)
        if not looks_like_article(url):
            if force:
                self.logger.warning("not an article URL, fetching anyway: %s", url)
            else:
                stats.inc_value("rs/skipped/not_article_url")
                return
        if sitemap and url not in self.sitemap_of:
            self.sitemap_of[url] = sitemap
        has_lastmod = not feed and link.date is not None
        if url in self.seen:
            if url not in self.deferred or not has_lastmod:
                return  # the same article again under another form or from another source: not a new discovery
            del self.deferred[url]  # the first lastmod for an URL seen without one: decide now
        else:
            self.seen.add(url)
            stats.inc_value("rs/discovered")
            stats.inc_value(f"rs/discovered/{source}")
            if not has_lastmod and not force and not self.discovery_over:
                self.deferred[url] = (link, source)
                return
        yield from self.decide(url, link, source, feed, force)

    def decide(self, url: str, link: Link, source: str, feed: bool, force: bool) -> Iterable[scrapy.Request]:
        """Skip (one ``rs/outcome/skipped/<reason>``) or request a discovered URL (rs_scraper.incremental.decide:
        a stored URL is refetched when the site says it changed, always conditionally)."""
        stats = self.crawler.stats
        reason = self.window_reason(link, feed)
        plan = Decision(True, "forced") if force else None
        if plan is None and reason is None:
            stored: Stored | None = self.stored.get(url)
            if stored is None:
                if self.remembered_not_article(url, link):
                    reason = "unchanged_not_article"
                plan = Decision(True, "new")
            else:
                known = known_of(stored, self.confirmations.get(url))
                plan = decide(known, self.lastmod_of(link, feed), None if feed else link.date, utcnow(),
                              self.revalidate_schedule, link.modified, self.discovery_over and self.sitemaps_whole())
                if not plan.fetch:
                    stats.inc_value(f"rs/revalidate/{plan.reason}")
                    reason = "unchanged"
        if reason:
            stats.inc_value(f"rs/skipped/{reason}")
            stats.inc_value(f"rs/outcome/skipped/{reason}")
            return
        if self.limit_met():
            stats.inc_value("rs/skipped/limit")
            stats.inc_value("rs/outcome/skipped/limit")
            return
        self.scheduled += 1
        if url in self.stored:
            stats.inc_value(f"rs/refetch/{plan.reason}")
        # requested in the form the site listed (its trailing slash kept), stored under its canonical URL
        fetch = self.fetch_url(as_listed(link.url, self.base_url))
        self.pending.append((url, fetch, source, link.date, self.lastmod_of(link, feed), plan.headers or None))
        yield from self.release()

    def release(self) -> Iterable[scrapy.Request]:
        """Article requests for the decided URLs, while fewer than ARTICLE_WINDOW are in flight: Scrapy's
        scheduler holds a window, not the whole site (a Request is ~1 KB; a pending URL a small tuple). Newest
        decided first, as Scrapy's LIFO queue took them."""
        while self.pending and self.in_flight < self.article_window:
            url, fetch, source, date, lastmod, headers = self.pending.pop()
            self.in_flight += 1
            meta = {"rs_source": source, "rs_date": date, "rs_lastmod": lastmod, "rs_url": url, "rs_fetch": fetch}
            if headers:  # a conditional GET: 304 means unchanged, and reaches parse_article
                meta["handle_httpstatus_list"] = [304]
            # dont_filter: self.seen already makes one request per canonical URL. With Scrapy's dupefilter on, a
            # redirect back to an URL already requested (a redirect loop) was dropped silently, never reaching
            # article_failed; without it the loop ends at REDIRECT_MAX_TIMES and is counted rs/failed/redirect_loop.
            yield scrapy.Request(fetch, callback=self.parse_article, errback=self.article_failed, dont_filter=True,
                                 headers=headers, meta=meta)

    def settled(self) -> Iterable[scrapy.Request]:
        """An article request ended (parsed, not modified, failed): room in the window for the next."""
        self.in_flight = max(0, self.in_flight - 1)
        yield from self.release()

    def on_idle(self) -> None:
        """Nothing is in flight (a request that ended without reaching either callback cannot hold the window
        forever): release the next window instead of closing with URLs still pending."""
        if self.pending:
            self.in_flight = 0
            for request in self.release():
                self.crawler.engine.crawl(request)
            raise DontCloseSpider

    @staticmethod
    def lastmod_of(link: Link, feed: bool) -> str | None:
        """The sitemap lastmod a link gives, verbatim (a feed's date is a publication date: none)."""
        if feed or link.date is None:
            return None
        return link.lastmod or link.date.isoformat()

    def finish_deferred(self) -> Iterable[scrapy.Request]:
        """Discovery is over: the URLs no sitemap gave a lastmod for are decided on what is known of them."""
        deferred, self.deferred = self.deferred, {}
        for url, (link, source) in deferred.items():
            yield from self.decide(url, link, source, True, False)

    def remembered_not_article(self, url: str, link: Link) -> bool:
        """A stable non-article verdict, still remembered (rs_scraper.non_articles: only until its re-check is
        due), for a page whose lastmod has not moved since."""
        verdict = self.known_not_articles.get(url)
        if verdict is None:
            return False
        until = verdict.remembered_until(self.settings.getfloat("RS_VERDICT_RECHECK_DAYS", 7),
                                         self.settings.getfloat("RS_VERDICT_RECHECK_MAX_DAYS", 90))
        return bool(until) and utcnow() < until and (link.date is None or link.date <= verdict.last_at)

    def window_reason(self, link: Link, feed: bool) -> str | None:
        if self.since and link.date and link.date < self.since:
            return "before_since"  # lastmod/pubDate older than the window: not modified since, so not published
        if feed and self.until and link.date and link.date > self.until:
            return "after_until"  # a feed date is the publication date; a sitemap lastmod may be a later edit
        return None

    def parse_article(self, response: Response) -> Iterable[Any]:
        try:
            yield from self.article_of(response)
        finally:
            self.in_flight = max(0, self.in_flight - 1)
        yield from self.release()

    def request_key(self, request: scrapy.Request) -> str:
        """The identity of an article request's URL: decided once (meta rs_url) unless a redirect moved it."""
        if request.meta.get("rs_url") and request.url == request.meta.get("rs_fetch"):
            return request.meta["rs_url"]
        return self.key(request.url)

    def article_of(self, response: Response) -> Iterable[Any]:
        stats = self.crawler.stats
        url = self.request_key(response.request)
        if response.status == 304:
            self.not_modified(url, response)
            return
        stats.inc_value("rs/fetched")
        # An empty 200 (a CDN or origin hiccup) is not a page at all: its own reason, so that it can be told
        # apart from a real non-HTML resource and re-fetched later.
        reason = "empty" if not response.body.strip() else None if isinstance(response, TextResponse) else "not_html"
        if reason:
            stats.inc_value(f"rs/dropped/not_article/{reason}")
            stats.inc_value(f"rs/outcome/not_article/{reason}")
            self.unsettle(url)
            self.logger.info("not an article (%s): %s", reason, response.url)
            return
        try:
            parsed = parse_page(response.body, url, encoding=response.encoding)
        except NotArticle as exc:
            stats.inc_value(f"rs/dropped/not_article/{exc.reason}")
            stats.inc_value(f"rs/outcome/not_article/{exc.reason}")
            content_type = response.headers.get("Content-Type", b"").decode("latin-1")
            cause = transient_cause(response.body, content_type, exc.reason, self.body_sizes.usual())
            if cause:  # a soft 404, a maintenance or challenge page: never remembered, fetched again next run
                stats.inc_value(f"rs/not_article/transient/{cause}")
            self.not_articles[url] = {"at": utcnow().isoformat(), "reason": exc.reason, "transient": bool(cause),
                                      **({"cause": cause} if cause else {})}
            previous = self.known_not_articles.get(url)
            if cause or previous is None or previous.reason != exc.reason:
                self.unsettle(url)  # not remembered yet (rs_scraper.non_articles): its sitemap must be read again
            self.logger.info("not an article (%s%s): %s", exc.reason, f", looks transient: {cause}" if cause
                             else "", url)
            return
        except Exception as exc:  # ParseError (or worse): one page, counted, never remembered as not-an-article
            stats.inc_value("rs/failed/parse_error")
            stats.inc_value("rs/outcome/failed/parse_error")
            self.failed_urls[url] = "parse_error"
            self.unsettle(url)
            self.logger.error("parser failed on %s: %r", url, exc)
            return
        self.body_sizes.add(len(response.body))
        article = parsed.article
        for note in parsed.notes:  # how the row was made: layout, body choice and why (rs/parser/...)
            stats.inc_value(f"rs/parser/{note}")
        article.url = url
        article_onto_site(article, self.base_url, self.site_url)  # image and link URLs: the site's, not the mirror's
        # the capture time of the response's WARC record (rs_scraper.warc.extension): rows join records on it
        article.fetched_at = response.meta.get(FETCHED_AT_META) or utcnow()
        article.run_id = self.run_id
        # what the site said about this version: the next run compares, and sends the validators back
        article.crawl_base = self.base_url
        article.sitemap_lastmod = response.meta.get("rs_lastmod")
        article.http_etag = header(response, "ETag")
        article.http_last_modified = header(response, "Last-Modified")
        stats.inc_value(f"rs/extraction/{article.extraction_method}")
        yield article

    def dataset_url(self, url: str) -> str:
        """The URL a fetched page has in the dataset (its rows' ``url``, and the WARC index's ``url``)."""
        return self.key(url)

    def not_modified(self, url: str, response: Response) -> None:
        """A 304 to a conditional GET: the stored version is the page's. No body, nothing written; confirmed in
        the manifest (with the lastmod and validators of tonight) so that the next run knows it."""
        stats = self.crawler.stats
        stats.inc_value("rs/revalidated/not_modified")
        stats.inc_value("rs/outcome/unchanged_refetch/not_modified")
        sent = response.request.headers
        self.confirm(url, response.meta.get("rs_lastmod"),
                     header(response, "ETag") or _text(sent.get("If-None-Match")),
                     header(response, "Last-Modified") or _text(sent.get("If-Modified-Since")))

    def confirm(self, url: str, lastmod: str | None, etag: str | None, last_modified: str | None) -> None:
        """The stored version of ``url`` is still the page's (a 304, or a refetch with the same text)."""
        self.confirmed[url] = {"at": utcnow().isoformat(), "sitemap_lastmod": lastmod, "etag": etag,
                               "last_modified": last_modified}

    def article_failed(self, failure: Failure) -> Iterable[scrapy.Request]:
        self.count_failure(failure)
        yield from self.settled()

    def count_failure(self, failure: Failure) -> None:
        reason = failure_reason(failure)
        request = getattr(failure, "request", None)
        if reason == "robots":  # the site asks us not to: a decision, not a failure (it would fail every night)
            self.crawler.stats.inc_value("rs/skipped/robots")
            self.crawler.stats.inc_value("rs/outcome/skipped/robots")
            self.logger.info("not fetched, robots.txt disallows it: %s", request.url if request is not None else "?")
            return
        self.crawler.stats.inc_value(f"rs/failed/{reason}")
        self.crawler.stats.inc_value(f"rs/outcome/failed/{reason}")
        if request is not None:
            key = self.request_key(request)
            self.failed_urls[key] = reason
            self.unsettle(key)
        self.logger.warning("article failed (%s): %s", reason, request.url if request is not None
                            else failure.getErrorMessage())


def failure_reason(failure: Failure) -> str:
    """A short slug for a failed request: ``http_404``, ``timeout``, ``robots``, ``offsite``, ``dns`` ..."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(TxTimeoutError):
        return "timeout"
    from scrapy.exceptions import IgnoreRequest

    from rs_scraper.middlewares import exception_reason

    known = exception_reason(failure.value)  # timeout, data_loss, connection_lost, too_large ...
    if known:
        return known
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        if "max redirections" in message:
            return "redirect_loop"
        if "robots" in message or "forbidden by robots" in message:
            return "robots"
        if "off-site" in message or "offsite" in message:
            return "offsite"
        return "ignored"
    return failure.type.__name__.lower() if failure.type else "error"


def _text(value: bytes | str | None) -> str | None:
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    return text.strip() or None


def header(response: Response, name: str) -> str | None:
    """A response header, verbatim (HTTP headers are Latin-1), or None."""
    return _text(response.headers.get(name))


def _some(request: scrapy.Request | None) -> Iterable[scrapy.Request]:
    if request is not None:
        yield request


def is_listing(url: str) -> bool:
    path = urlsplit(url).path.lower() + "/"
    return path.startswith(("/tag/", "/regions/", "/author/", "/page/", "/sections/")) or path == "/"
