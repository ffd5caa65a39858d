"""Listing pages (docs/site-facts.md §2.4, §2.5): crawled from RS_LISTING_FALLBACK_PATHS only when every source
before gave no article, following the listing links they hold (rs_scraper.urls.is_listing), each page once, at
most RS_LISTING_MAX_PAGES. A listing page is not a document discovery waits for: its failure is
``rs/listing_failed/<reason>``, not a discovery failure."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from rs_scraper.discovery.base import Context, Found, Output, Source
from rs_scraper.discovery.documents import Link, page_links
from rs_scraper.urls import is_listing, looks_like_article, with_origin


class ListingSource(Source):
    name = "listings"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.started = False
        self.pages = 0

    def idle(self, ctx: Context) -> Output:
        if ctx.found_any() or self.started:
            return
        self.started = True
        ctx.logger.warning("sitemaps and feed gave no article: falling back to listing pages")
        self.stats.set_value("rs/discovery/listing_fallback", 1)
        for path in self.settings.getlist("RS_LISTING_FALLBACK_PATHS"):
            yield from self.listing(ctx, ctx.url(path))

    def listing(self, ctx: Context, url: str) -> Output:
        if ctx.requested(url):
            return  # each listing page once per run, whatever links back to it
        if self.pages >= self.settings.getint("RS_LISTING_MAX_PAGES"):
            ctx.bound_hit("listing_pages", url)
            return
        request = ctx.request(self, url, priority=5, watched=False)
        if request is not None:
            self.pages += 1
            yield request

    def parse(self, response: Response, ctx: Context) -> Output:
        if not isinstance(response, TextResponse):
            return
        for url in page_links(response.body, response.url, response.encoding):
            where = ctx.locate(url)
            if not where.on_site:
                continue
            if looks_like_article(where.key):
                yield Found(Link(url), "listing", where=where)
            elif is_listing(where.key):
                yield from self.listing(ctx, with_origin(where.key, ctx.base_url))

    def failed(self, failure: Failure, ctx: Context) -> Output:
        from rs_scraper.spiders.rs import failure_reason

        self.stats.inc_value(f"rs/listing_failed/{failure_reason(failure)}")
        return ()
