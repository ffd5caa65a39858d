"""robots.txt ``Sitemap:`` lines (docs/site-facts.md §3.5): where the sitemaps are. None listed (or no
robots.txt) -> RS_SITEMAP_FALLBACKS (§3.6). The sitemaps are read by the ``sitemaps`` source."""

from __future__ import annotations

from scrapy.http import Response

from rs_scraper.discovery.base import Context, Output, Source
from rs_scraper.discovery.documents import robots_sitemaps
from rs_scraper.discovery.sitemaps import SitemapSource


class RobotsSource(Source):
    name = "robots"

    def start(self, ctx: Context) -> Output:
        # read whatever its status: no Sitemap: lines (a 404, a 5xx) -> RS_SITEMAP_FALLBACKS
        request = ctx.request(self, ctx.url("/robots.txt"), {"handle_httpstatus_all": True})
        return [request] if request is not None else []

    def parse(self, response: Response, ctx: Context) -> Output:
        sitemaps = robots_sitemaps(response.body, ctx.base_url) if response.status == 200 else []
        reader = ctx.source(SitemapSource.name)
        if not isinstance(reader, SitemapSource):  # the sitemaps source is switched off: nothing reads them
            return
        if sitemaps:
            yield from reader.read(ctx, sitemaps, guessed=False)
        else:
            yield from reader.read(
                ctx, [ctx.url(p) for p in self.settings.getlist("RS_SITEMAP_FALLBACKS")], guessed=True
            )
