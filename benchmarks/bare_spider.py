"""The floor of a crawl: a bare Scrapy spider making our discovery and our article fetches, and nothing else.

No parsing, no item, no pipeline, no extension of ours: robots.txt (``Sitemap:`` lines), the sitemap index and
its sitemaps (Scrapy's own ``scrapy.utils.sitemap.Sitemap``), the RSS feed paged while a page brings a URL not
seen before (what ``rs`` does on a fresh data dir), and one GET per distinct article-shaped URL (scheme and host
of the base, no query, no trailing slash: the mirror's URL variants are one page, as ``rs`` canonicalises them;
``looks_like_article`` is the one function of ours it calls, so that both fetch the same pages). Scrapy's
robots.txt middleware fetches robots.txt once more than ``rs`` does.
Plain Scrapy settings (not the project's), with the politeness ``rs`` has on loopback in the benchmarks.

    .venv/bin/python benchmarks/bare_spider.py http://127.0.0.1:PORT --concurrency 16
"""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from rs_scraper.urls import looks_like_article  # a pure regex test: which URLs ``rs`` fetches at all

FEED_PATH = "/feeds/feed.rss"
FEED_MAX_PAGES = 50  # RS_FEED_MAX_PAGES


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, base_url: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).netloc
        self.seen: set[str] = set()
        self.feed_seen: set[str] = set()

    async def start(self):
        yield scrapy.Request(f"{self.base_url}/robots.txt", self.parse_robots, dont_filter=True)
        yield self.feed_page(1)

    def article_url(self, url: str) -> str | None:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host not in ("127.0.0.1", "localhost") and not host.endswith("responsiblestatecraft.org"):
            return None
        path = parts.path.rstrip("/") or "/"
        url = urlunsplit(("http", self.host, path, "", ""))
        return url if looks_like_article(url) else None

    def article(self, url: str):
        canonical = self.article_url(url)
        if canonical is None or canonical in self.seen:
            return None
        self.seen.add(canonical)
        return scrapy.Request(canonical, self.parse_article, dont_filter=True)

    def parse_robots(self, response: Response):
        for url in dict.fromkeys(sitemap_urls_from_robots(response.text, base_url=self.base_url)):
            yield scrapy.Request(url, self.parse_sitemap, dont_filter=True)

    def parse_sitemap(self, response: Response):
        body = gunzip(response.body) if gzip_magic_number(response) else response.body
        sitemap = Sitemap(body)
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(loc, self.parse_sitemap, dont_filter=True)
            elif (request := self.article(loc)) is not None:
                yield request

    def feed_page(self, page: int) -> scrapy.Request:
        url = f"{self.base_url}{FEED_PATH}" + (f"?page={page}" if page > 1 else "")
        return scrapy.Request(url, self.parse_feed, dont_filter=True, cb_kwargs={"page": page})

    def parse_feed(self, response: Response, page: int):
        links = [u.strip() for u in response.xpath("//item/link/text()").getall() if u.strip()]
        keys = {self.article_url(u) for u in links} - {None}
        fresh = keys - self.feed_seen
        self.feed_seen |= keys
        for url in links:
            if (request := self.article(url)) is not None:
                yield request
        if fresh and page < FEED_MAX_PAGES:
            yield self.feed_page(page + 1)

    def parse_article(self, response: Response):
        return None  # fetched: that is all the floor does


def settings(concurrency: int) -> dict:
    """Plain Scrapy with what ``rs`` shares with it on loopback: the same reactor, robots.txt obeyed, no delay,
    the same concurrency, no cookies, no telnet or remote-control listener."""
    return {
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "ROBOTSTXT_OBEY": True,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "EXTENSIONS": {"scrapy.extensions.remote_control.RemoteControl": None},
        "REMOTE_CONTROL_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "LOG_LEVEL": "WARNING",
        "USER_AGENT": "rs_scraper-benchmark-bare",
        "DOWNLOAD_MAXSIZE": 50 * 1024 * 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    process = CrawlerProcess(settings(args.concurrency), install_root_handler=True)
    process.crawl(BareSpider, base_url=args.base_url)
    process.start()


if __name__ == "__main__":
    main()
