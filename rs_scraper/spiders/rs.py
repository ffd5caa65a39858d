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

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip, gzip_magic_number
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from pipelines.index import Stored, load_index
from rs_scraper.discovery import Link, page_links, parse_feed, parse_sitemap, robots_sitemaps
from rs_scraper.parsing import NotArticle, parse_article
from rs_scraper.incremental import known_not_articles, sitemap_watermark
from rs_scraper.runinfo import run_id_of
from rs_scraper.timeutil import parse_date_arg, utcnow
from rs_scraper.urls import canonicalize, looks_like_article, rebase, same_site


class RsSpider(scrapy.Spider):
    name = "rs"

    def __init__(self, since: str | None = None, until: str | None = None, sections: str | None = None,
                 limit: str | int | None = None, urls: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.since: datetime | None = parse_date_arg(since) if since else None
        self.until: datetime | None = parse_date_arg(until, end_of_day=True) if until else None
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({since}) is after until ({until})")
        self.sections = [s.strip() for s in sections.split(",") if s.strip()] if sections else None
        self.limit = int(limit) if limit not in (None, "") else None
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must be >= 0, got {limit}")
        self.urls_file = Path(urls) if urls else None
        if self.urls_file and not self.urls_file.is_file():
            raise ValueError(f"urls file not found: {urls}")
        self.seen: set[str] = set()
        self.scheduled = 0
        self.pending_discovery = 0
        self.listing_pages = 0
        self.fallback_started = False
        # Stored articles first seen in the feed: a pubDate says nothing about edits, so a sitemap lastmod
        # decides when one comes; whatever is left when discovery ends is counted unchanged (finish_deferred).
        self.deferred: dict[str, Link] = {}
        # Canonical URLs the feed pages gave so far: a page that adds none ends the paging (a server that ignores
        # ?page=N answers page 1 again and again).
        self.feed_urls: set[str] = set()
        # Termination (README "Hostile sites"): every sitemap, feed page and listing URL is requested at most once
        # per run, however often it is listed (an index listing itself or an ancestor), and discovery is bounded
        # in depth and in total requests (RS_SITEMAP_MAX_DEPTH, RS_DISCOVERY_MAX_REQUESTS).
        self.discovery_seen: set[str] = set()
        self.discovery_count = 0

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.base_url = settings.get("RS_BASE_URL").rstrip("/")
        spider.allowed_domains = [urlsplit(spider.base_url).hostname]
        spider.run_id = run_id_of(crawler)
        spider.stored = {}
        if settings.getbool("RS_DEDUPE_STORED"):
            spider.stored = load_index(Path(settings.get("RS_DATA_DIR")) / "articles")
        # Monthly sitemaps whose lastmod is older than this were fully read by an earlier clean run
        # (rs_scraper.incremental); None = read every sitemap.
        spider.sitemap_watermark = sitemap_watermark(settings) if spider.stored else None
        # Pages the parser called "not an article" in earlier runs (url -> when), from their run manifests:
        # skipped like a stored article until their lastmod moves. This run's go to spider.not_articles.
        spider.known_not_articles = known_not_articles(settings) if settings.getbool("RS_DEDUPE_STORED") else {}
        spider.not_articles = {}
        # Sitemaps may be larger than a page (RS_SITEMAP_MAXSIZE); a gzipped one inflates up to that much.
        spider.max_size = settings.getint("RS_SITEMAP_MAXSIZE", settings.getint("DOWNLOAD_MAXSIZE"))
        return spider

    # ------------------------------------------------------------------ start
    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests_list():
            yield request

    def start_requests_list(self) -> list[scrapy.Request]:
        if self.urls_file:
            lines = self.urls_file.read_text(encoding="utf-8").splitlines()
            urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
            return [r for u in urls for r in self.article_requests(Link(u), source="urls_file", force=True)]
        return [r for r in (
            # robots.txt answers are read whatever their status: no Sitemap: lines -> RS_SITEMAP_FALLBACKS.
            self.discovery_request(self.url("/robots.txt"), self.parse_robots, meta={"handle_httpstatus_all": True}),
            self.feed_request(1),
        ) if r is not None]

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
        return self.discovery_request(self.feed_url(page, path), self.parse_feed,
                                      meta={"rs_feed_page": page, "rs_feed_path": path})

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
            yield from self.maybe_fallback()

        wrapper.__name__ = callback.__name__
        return wrapper

    # -------------------------------------------------------------- discovery
    def parse_robots(self, response: Response) -> Iterable[scrapy.Request]:
        sitemaps = robots_sitemaps(response.body, self.base_url) if response.status == 200 else []
        if not sitemaps:
            sitemaps = [self.url(p) for p in self.settings.getlist("RS_SITEMAP_FALLBACKS")]
        # The site names its public origin (https, maybe www.): same-site sitemaps are fetched from our base.
        for url in dict.fromkeys(rebase(u, self.base_url) for u in sitemaps):
            if same_site(url, self.base_url):
                yield from _some(self.discovery_request(url, self.parse_sitemap,
                                                        meta={"download_maxsize": self.max_size, "rs_depth": 1}))
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
        body = self.sitemap_body(response)
        kind, links = parse_sitemap(body, self.base_url) if body else ("invalid", [])
        if kind == "invalid" and body:
            # The sitemaps protocol accepts an RSS 2.0 or Atom feed as a sitemap (a robots.txt may list
            # /feeds/<section>.rss): its items are read like urlset entries.
            feed_links = parse_feed(body, self.base_url)
            if feed_links is not None:
                kind, links = "feed", feed_links
        self.crawler.stats.inc_value(f"rs/sitemap/{kind}")
        for link in links:
            if not link.date_valid:
                self.crawler.stats.inc_value("rs/sitemap/invalid_lastmod")
        if kind == "sitemapindex":
            for link in links:
                if not same_site(link.url, self.base_url):
                    self.crawler.stats.inc_value("rs/skipped/offsite_sitemap")
                elif self.since and link.date and link.date < self.since:
                    self.crawler.stats.inc_value("rs/skipped/sitemap_older_than_since")
                elif self.sitemap_watermark and link.date and link.date < self.sitemap_watermark:
                    self.crawler.stats.inc_value("rs/skipped/sitemap_unchanged")
                else:
                    depth = (getattr(response, "meta", None) or {}).get("rs_depth", 1) + 1
                    yield from _some(self.discovery_request(rebase(link.url, self.base_url), self.parse_sitemap,
                                                            meta={"download_maxsize": self.max_size,
                                                                  "rs_depth": depth}))
        elif kind in ("urlset", "feed"):
            for link in links:
                yield from self.article_requests(link, source="sitemap")

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        page = response.meta.get("rs_feed_page", 1)
        links = parse_feed(response.body, self.base_url)
        if links is None:
            self.crawler.stats.inc_value("rs/feed/invalid")
            yield from self.feed_fallback(response.request)
            return
        self.crawler.stats.inc_value("rs/feed/pages")
        self.crawler.stats.inc_value("rs/feed/items", len(links))
        before = len(self.feed_urls)
        self.feed_urls.update(canonicalize(link.url, self.base_url) for link in links)
        brings_new = len(self.feed_urls) > before
        if links and not brings_new:
            self.crawler.stats.inc_value("rs/feed/repeated_page")
        for link in links:
            if not link.date_valid:
                self.crawler.stats.inc_value("rs/feed/invalid_date")
            yield from self.article_requests(link, source="feed", feed=True)
        dates = [link.date for link in links if link.date]
        older_than_window = self.since and dates and min(dates) < self.since
        if brings_new and not older_than_window and page < self.settings.getint("RS_FEED_MAX_PAGES"):
            yield from _some(self.feed_request(page + 1, response.meta.get("rs_feed_path")))

    def discovery_failed(self, failure: Failure) -> Iterable[scrapy.Request]:
        self.crawler.stats.inc_value(f"rs/discovery_failed/{failure_reason(failure)}")
        if getattr(failure, "request", None) is not None:
            yield from self.feed_fallback(failure.request)
        self.pending_discovery -= 1
        yield from self.maybe_fallback()

    def maybe_fallback(self) -> Iterable[scrapy.Request]:
        """When all discovery is done and found nothing, crawl listing pages instead."""
        if self.pending_discovery == 0 and self.deferred:
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
            if not same_site(url, self.base_url):
                continue
            canonical = canonicalize(url, self.base_url)
            if looks_like_article(canonical):
                yield from self.article_requests(Link(url), source="listing")
            elif is_listing(canonical):
                yield from self.listing_request(canonical)

    def listing_failed(self, failure: Failure) -> None:
        self.crawler.stats.inc_value(f"rs/listing_failed/{failure_reason(failure)}")

    # --------------------------------------------------------------- articles
    def article_requests(self, link: Link, source: str, feed: bool = False,
                         force: bool = False) -> Iterable[scrapy.Request]:
        """Zero or one request for a discovered URL; every unique URL ends in exactly one stat or request."""
        stats = self.crawler.stats
        if not same_site(link.url, self.base_url):
            stats.inc_value("rs/skipped/offsite")
            return
        url = canonicalize(link.url, self.base_url)
        if not looks_like_article(url):
            if force:
                self.logger.warning("not an article URL, fetching anyway: %s", url)
            else:
                stats.inc_value("rs/skipped/not_article_url")
                return
        if url in self.seen:
            if feed or url not in self.deferred:
                return  # the same article again under another form or from another source: not a new discovery
            del self.deferred[url]  # a sitemap lastmod for a stored article the feed gave first: decide now
        else:
            self.seen.add(url)
            stats.inc_value("rs/discovered")
            stats.inc_value(f"rs/discovered/{source}")
            if feed and url in self.stored and not force:
                self.deferred[url] = link
                return
        yield from self.decide(url, link, source, feed, force)

    def decide(self, url: str, link: Link, source: str, feed: bool, force: bool) -> Iterable[scrapy.Request]:
        """Skip (one ``rs/outcome/skipped/<reason>``) or request a discovered URL."""
        stats = self.crawler.stats
        reason = self.skip_reason(url, link, feed)
        if reason and not force:
            stats.inc_value(f"rs/skipped/{reason}")
            stats.inc_value(f"rs/outcome/skipped/{reason}")
            return
        if self.limit is not None and self.scheduled >= self.limit:
            stats.inc_value("rs/skipped/limit")
            stats.inc_value("rs/outcome/skipped/limit")
            return
        self.scheduled += 1
        # dont_filter: self.seen already makes one request per canonical URL. With Scrapy's dupefilter on, a
        # redirect back to an URL already requested (a redirect loop) was dropped silently, never reaching
        # article_failed; without it the loop ends at REDIRECT_MAX_TIMES and is counted rs/failed/redirect_loop.
        yield scrapy.Request(url, callback=self.parse_article, errback=self.article_failed, dont_filter=True,
                             meta={"rs_source": source, "rs_date": link.date})

    def finish_deferred(self) -> Iterable[scrapy.Request]:
        """Discovery is over: the stored articles only the feed listed are decided on their feed date."""
        deferred, self.deferred = self.deferred, {}
        for url, link in deferred.items():
            yield from self.decide(url, link, "feed", True, False)

    def skip_reason(self, url: str, link: Link, feed: bool) -> str | None:
        if self.since and link.date and link.date < self.since:
            return "before_since"  # lastmod/pubDate older than the window: not modified since, so not published
        if feed and self.until and link.date and link.date > self.until:
            return "after_until"  # a feed date is the publication date; a sitemap lastmod may be a later edit
        stored: Stored | None = self.stored.get(url)
        if stored is not None and (link.date is None or (stored.fetched_at and link.date <= stored.fetched_at)):
            return "unchanged"
        seen = self.known_not_articles.get(url)
        if seen is not None and (link.date is None or link.date <= seen):
            return "unchanged_not_article"
        return None

    def parse_article(self, response: Response) -> Iterable[Any]:
        stats = self.crawler.stats
        stats.inc_value("rs/fetched")
        # An empty 200 (a CDN or origin hiccup) is not a page at all: its own reason, so that it can be told
        # apart from a real non-HTML resource and re-fetched later.
        reason = "empty" if not response.body.strip() else None if isinstance(response, TextResponse) else "not_html"
        if reason:
            stats.inc_value(f"rs/dropped/not_article/{reason}")
            stats.inc_value(f"rs/outcome/not_article/{reason}")
            self.logger.info("not an article (%s): %s", reason, response.url)
            return
        url = canonicalize(response.request.url, self.base_url)
        try:
            article = parse_article(response.body, url, encoding=response.encoding)
        except NotArticle as exc:
            stats.inc_value(f"rs/dropped/not_article/{exc.reason}")
            stats.inc_value(f"rs/outcome/not_article/{exc.reason}")
            self.not_articles[url] = utcnow()
            self.logger.info("not an article (%s): %s", exc.reason, url)
            return
        except Exception as exc:  # hostile HTML must cost one page, counted, never the crawl or a silent loss
            stats.inc_value("rs/failed/parse_error")
            stats.inc_value("rs/outcome/failed/parse_error")
            self.logger.error("parser failed on %s: %r", url, exc)
            return
        article.url = url
        article.fetched_at = utcnow()
        article.run_id = self.run_id
        stats.inc_value(f"rs/extraction/{article.extraction_method}")
        yield article

    def article_failed(self, failure: Failure) -> None:
        reason = failure_reason(failure)
        self.crawler.stats.inc_value(f"rs/failed/{reason}")
        self.crawler.stats.inc_value(f"rs/outcome/failed/{reason}")
        self.logger.warning("article failed (%s): %s", reason, failure.request.url if hasattr(failure, "request")
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


def _some(request: scrapy.Request | None) -> Iterable[scrapy.Request]:
    if request is not None:
        yield request


def is_listing(url: str) -> bool:
    path = urlsplit(url).path.lower() + "/"
    return path.startswith(("/tag/", "/regions/", "/author/", "/page/", "/sections/")) or path == "/"
