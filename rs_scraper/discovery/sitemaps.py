"""Sitemaps (docs/site-facts.md §3.5, §3.6): the index, its child sitemaps (newest first, a few at a time, so that
a met ``limit`` stops discovery) and the news sitemap. Their ``<lastmod>`` drives ``since`` and incremental crawls:
a child sitemap the latest clean run read in full at the lastmod the index gives it now is not downloaded
(rs_scraper.incremental).

The sitemaps to read come from the ``robots`` source (robots.txt ``Sitemap:`` lines, else RS_SITEMAP_FALLBACKS);
with that source switched off, from RS_SITEMAP_FALLBACKS at the start.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import lxml.etree
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from twisted.python.failure import Failure

from rs_scraper import statkeys as sk
from rs_scraper.discovery.base import Context, Found, Output, Source
from rs_scraper.discovery.documents import Link, TooLarge, iter_sitemap, parse_feed, sitemap_source
from rs_scraper.incremental import sitemap_unchanged
from rs_scraper.timeutil import utcnow
from rs_scraper.urls import with_origin


class SitemapSource(Source):
    name = "sitemaps"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # Sitemaps may be larger than a page (RS_SITEMAP_MAXSIZE); a gzipped one inflates up to that much.
        self.max_size = self.settings.getint("RS_SITEMAP_MAXSIZE", self.settings.getint("DOWNLOAD_MAXSIZE"))
        # Child sitemaps of an index still to request, newest first, and how many are in flight.
        self.queue: list[tuple[str, Link, int]] = []
        self.in_flight = 0
        # Sitemap records (rs_scraper.incremental): child sitemap -> {lastmod, read_at}, read in full this run,
        # and those skipped as unchanged (carried forward).
        self.read_now: dict[str, dict] = {}
        self.unchanged: dict[str, dict] = {}

    def start(self, ctx: Context) -> Output:
        if ctx.source("robots") is None:  # nobody reads robots.txt: the fallbacks are all we know
            yield from self.read(ctx, [ctx.url(p) for p in self.settings.getlist("RS_SITEMAP_FALLBACKS")], guessed=True)

    def read(self, ctx: Context, urls: Iterable[str], guessed: bool) -> Output:
        """Requests for top-level sitemaps (robots.txt's, or the guessed fallbacks). The site names its public
        origin (https, maybe www.): same-site sitemaps are fetched from our base; others are not fetched."""
        on_site = {u: ctx.locate(u).on_site for u in urls}
        for url, here in {(with_origin(u, ctx.base_url) if ok else u): ok for u, ok in on_site.items()}.items():
            if here:
                request = ctx.request(self, url, {"download_maxsize": self.max_size, "rs_depth": 1}, guess=guessed)
                if request is not None:
                    yield request
            else:
                self.stats.inc_value(sk.SKIPPED_OFFSITE_SITEMAP)

    def parse(self, response: Response, ctx: Context) -> Output:
        """Streamed (rs_scraper.discovery.documents.iter_sitemap): each entry is decided as it is read, so a
        sitemap of a million URLs never exists as a list; a gzipped one is inflated while parsed, at most
        RS_SITEMAP_MAXSIZE."""
        try:
            yield from self._parse(response, ctx)
        finally:
            if response.meta.get("rs_child_sitemap"):
                self.in_flight -= 1

    def _parse(self, response: Response, ctx: Context) -> Output:
        stats = self.stats
        body = response.body
        kind = "invalid"
        links: Iterator[Link] = iter(())
        if body:
            try:
                kind, links = iter_sitemap(sitemap_source(body, self.max_size), ctx.base_url)
            except (OSError, EOFError, ValueError):
                kind = "invalid"
        if kind == "invalid" and body:
            # The sitemaps protocol accepts an RSS 2.0 or Atom feed as a sitemap (a robots.txt may list
            # /feeds/<section>.rss): its items are read like urlset entries.
            raw = self.body(response)
            feed_links = parse_feed(raw, ctx.base_url) if raw else None
            if feed_links is not None:
                kind, links = "feed", iter(feed_links)
        stats.inc_value(sk.sitemap(kind))
        key = response.meta.get("rs_sitemap_key") if kind in ("urlset", "feed") else None
        try:
            if kind == "sitemapindex":
                yield from self.children(links, response, ctx)
            elif kind in ("urlset", "feed"):
                for link in links:
                    if not link.date_valid:
                        stats.inc_value(sk.SITEMAP_INVALID_LASTMOD)
                    yield Found(link, "sitemap", sitemap=key)
                if key and response.meta.get("rs_sitemap_lastmod"):  # read to its end: it may count as read
                    self.read_now[key] = {
                        "lastmod": response.meta["rs_sitemap_lastmod"],
                        "read_at": utcnow().isoformat(),
                    }
        except (TooLarge, OSError, EOFError):  # a gzip bomb past RS_SITEMAP_MAXSIZE, a truncated gzip stream
            stats.inc_value(sk.SITEMAP_GZIP_FAILED)
        except (lxml.etree.LxmlError, ValueError):
            stats.inc_value(sk.SITEMAP_INVALID)

    def body(self, response: Response) -> bytes | None:
        body = response.body
        # gzip_magic_number is a function of the response (it was once read as bytes here: a TypeError on
        # every sitemap, so sitemaps were silently lost). The body decides, not the name: a .xml.gz served with
        # Content-Encoding: gzip arrives already inflated by HttpCompressionMiddleware.
        if gzip_magic_number(response):
            try:
                return gunzip(body, max_size=self.max_size)
            except (OSError, ValueError):  # including a gzip bomb over DOWNLOAD_MAXSIZE
                self.stats.inc_value(sk.SITEMAP_GZIP_FAILED)
                return None
        return body

    def children(self, links: Iterable[Link], response: Response, ctx: Context) -> Output:
        stats = self.stats
        queued = []
        records = ctx.sitemap_records
        for link in links:
            if not link.date_valid:
                stats.inc_value(sk.SITEMAP_INVALID_LASTMOD)
            where = ctx.locate(link.url)
            key = where.key
            if not where.on_site:
                stats.inc_value(sk.SKIPPED_OFFSITE_SITEMAP)
            elif ctx.since and link.date and link.date < ctx.since:
                stats.inc_value(sk.SKIPPED_SITEMAP_OLDER_THAN_SINCE)
            elif sitemap_unchanged(records.get(key), link.lastmod):
                stats.inc_value(sk.SKIPPED_SITEMAP_UNCHANGED)
                self.unchanged[key] = records[key]  # still true: carried forward
            else:
                queued.append((key, link))
        # Newest first (a sitemap without lastmod last): a limit is met on the newest articles.
        queued.sort(key=lambda kl: (kl[1].date is not None, kl[1].date or 0), reverse=True)
        depth = (getattr(response, "meta", None) or {}).get("rs_depth", 1) + 1
        self.queue.extend((key, link, depth) for key, link in queued)
        yield from self.settled(ctx)

    def settled(self, ctx: Context) -> Output:
        """Request queued child sitemaps, a few at a time, until the queue is empty or the limit is met."""
        if ctx.limit_met():
            if self.queue:
                self.stats.inc_value(sk.SKIPPED_SITEMAP_LIMIT, len(self.queue))
                self.queue.clear()
            ctx.stop_discovery("limit")
            return
        # With a limit, one at a time: the newest sitemap alone usually meets it, and none is read past it.
        room = 1 if ctx.limit is not None else max(1, self.settings.getint("CONCURRENT_REQUESTS", 4))
        while self.queue and self.in_flight < room:
            key, link, depth = self.queue.pop(0)
            request = ctx.request(
                self,
                with_origin(link.url, ctx.base_url),
                {
                    "download_maxsize": self.max_size,
                    "rs_depth": depth,
                    "rs_child_sitemap": True,
                    "rs_sitemap_key": key,
                    "rs_sitemap_lastmod": link.lastmod,
                },
            )
            if request is not None:  # None: listed again (a loop) or past a bound
                self.in_flight += 1
                yield request

    def failed(self, failure: Failure, ctx: Context) -> Output:
        request = getattr(failure, "request", None)
        if request is not None and request.meta.get("rs_child_sitemap"):
            self.in_flight -= 1
        return ()

    def waiting(self) -> int:
        return len(self.queue)

    def records(self, unsettled: set[str]) -> dict[str, dict]:
        """What this run's manifest records (rs_scraper.incremental.sitemap_records): child sitemap ->
        {lastmod, read_at}; a sitemap that listed an URL whose outcome must be seen again is left out."""
        read = {k: v for k, v in self.read_now.items() if k not in unsettled}
        return {**self.unchanged, **read}
