"""The RSS feed (docs/site-facts.md §3.1), paged (§3.2: RebelMouse's ``?page=N``, 30 items a page; a WordPress
``/feed/`` pages with ``?paged=N``, §3.4): the articles newer than the sitemaps. A first page that fails or is not
a feed moves on to the next of RS_FEED_FALLBACK_PATHS. Paging stops at the first page with nothing new, at a
page older than ``since``, at RS_FEED_MAX_PAGES, or when the limit is met."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from rs_scraper import statkeys as sk
from rs_scraper.discovery.base import Context, Found, Output, Source
from rs_scraper.discovery.documents import parse_feed


class FeedSource(Source):
    name = "feed"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.paths = [self.settings.get("RS_FEED_PATH"), *self.settings.getlist("RS_FEED_FALLBACK_PATHS")]
        # Canonical URLs the feed pages gave so far: a page that adds none ends the paging (a server that ignores
        # ?page=N answers page 1 again and again).
        self.urls: set[str] = set()
        # URLs the feed gave that are neither stored nor known non-articles: each will be fetched unless the
        # limit is met first, so once there are ``limit`` of them no further page can be needed.
        self.fresh = 0

    def start(self, ctx: Context) -> Output:
        return self.page(ctx, 1, self.paths[0])

    def page(self, ctx: Context, number: int, path: str) -> list[Request]:
        base = ctx.url(path)
        param = "paged" if path.rstrip("/").endswith("/feed") else "page"
        url = base if number == 1 else f"{base}?{param}={number}"
        # A first feed page is a guess of where the feed is (RS_FEED_PATH, then RS_FEED_FALLBACK_PATHS).
        request = ctx.request(self, url, {"rs_feed_page": number, "rs_feed_path": path}, guess=number == 1)
        return [request] if request is not None else []

    def fallback(self, request: Request, ctx: Context) -> Output:
        """When the first page of a feed fails or is not a feed, try the next of RS_FEED_FALLBACK_PATHS."""
        if request.meta.get("rs_feed_page") != 1:
            return []
        current = request.meta.get("rs_feed_path")
        if current in self.paths and self.paths.index(current) + 1 < len(self.paths):
            self.stats.inc_value(sk.FEED_FALLBACK)
            return self.page(ctx, 1, self.paths[self.paths.index(current) + 1])
        return []

    def parse(self, response: Response, ctx: Context) -> Output:
        page = response.meta.get("rs_feed_page", 1)
        links = parse_feed(response.body, ctx.base_url)
        if links is None:
            self.stats.inc_value(sk.FEED_INVALID)
            if response.request is not None:
                yield from self.fallback(response.request, ctx)
            return
        self.stats.inc_value(sk.FEED_PAGES)
        self.stats.inc_value(sk.FEED_ITEMS, len(links))
        found = [Found(link, "feed", feed=True, where=ctx.locate(link.url)) for link in links]
        keys = {f.where.key for f in found if f.where is not None}
        # Paging stops at the first page with nothing new: every URL stored, known not to be an article, or
        # already given by an earlier page (a server that ignores ?page=N answers page 1 again and again).
        fresh = {k for k in keys - self.urls if k not in ctx.stored and k not in ctx.known_not_articles}
        if links and keys <= self.urls:
            self.stats.inc_value(sk.FEED_REPEATED_PAGE)
        self.urls.update(keys)
        for item in found:
            if not item.link.date_valid:
                self.stats.inc_value(sk.FEED_INVALID_DATE)
            yield item
        dates = [link.date for link in links if link.date]
        older_than_window = ctx.since and dates and min(dates) < ctx.since
        self.fresh += len(fresh)
        if ctx.limit_met() or (ctx.limit is not None and self.fresh >= ctx.limit):
            # the second case: the feed's new URLs may still wait for a sitemap lastmod, uncounted by limit_met
            ctx.stop_discovery("limit")
        elif fresh and not older_than_window and page < self.settings.getint("RS_FEED_MAX_PAGES"):
            yield from self.page(ctx, page + 1, response.meta.get("rs_feed_path") or self.paths[0])

    def failed(self, failure: Failure, ctx: Context) -> Output:
        request = getattr(failure, "request", None)
        return self.fallback(request, ctx) if request is not None else []
