"""robots.txt as RFC 9309 says, in place of Scrapy's RobotsTxtMiddleware (ROBOTSTXT_OBEY stays the switch).

Scrapy treats a robots.txt it cannot read as "allow all": a 503 (after retries), a timeout or a dropped
connection and the crawl goes on through a site that may be telling us to stay away. RFC 9309 section 2.3.1:

- 2xx: the file's rules;
- 4xx ("unavailable"): the crawler MAY access anything -> allow all;
- 5xx or a network error ("unreachable"): the crawler MUST assume complete disallow.

We also read as unreachable (disallow all): 429, which asks us to slow down rather than saying there is no file
(Google does the same); a redirect chain that ends off-site or in a loop, and anything else we cannot read,
because staying away is the only safe reading of rules we never saw. A disallow-all decision is said in the
log (a WARNING naming robots.txt and the status) and counted as ``rs/robots/disallow_all``; every robots.txt
fetch is counted as ``rs/robots/status/<status or reason>``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object
from twisted.internet.defer import Deferred

from rs_scraper import statkeys as sk
from rs_scraper.middlewares import exception_reason

logger = logging.getLogger(__name__)

ALLOW_ALL = b""
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


def robots_policy(status: int) -> str:
    """``rules``, ``allow_all`` or ``disallow_all`` for a robots.txt HTTP status (RFC 9309 2.3.1)."""
    if 200 <= status < 300:
        return "rules"
    if 400 <= status < 500 and status != 429:
        return "allow_all"
    return "disallow_all"  # 5xx, 429, an unfollowed 3xx, anything unexpected


class RobotsPolicyMiddleware:
    """Downloader middleware: fetch each origin's robots.txt once, then allow or ignore every request by it."""

    DOWNLOAD_PRIORITY = 1000

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.user_agent: str = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        self.parser_class = load_object(crawler.settings.get("ROBOTSTXT_PARSER"))
        # netloc -> parser; while its robots.txt is being fetched, the requests arriving meanwhile wait, each on
        # a Deferred of its own (one Deferred awaited twice hands None to the second awaiter).
        self.parsers: dict[str, Any] = {}
        self.waiting: dict[str, list[Deferred]] = {}
        # netloc -> the robots.txt response we got: the spider reads robots.txt too (for Sitemap: lines), and
        # gets this one instead of a second download (and a second round of retries when it is failing).
        self.responses: dict[str, Response] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsPolicyMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        if request.meta.get("dont_obey_robotstxt") or request.url.startswith(("data:", "file:")):
            return None
        parser = await self.parser_for(request)
        parts = urlparse_cached(request)
        cached = self.responses.get(parts.netloc)
        if cached is not None and parts.path == "/robots.txt" and not parts.query:
            return cached.replace(request=request)  # as if downloaded for this request (its callback)
        if not parser.allowed(request.url, self.user_agent):
            self.stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest(f"Forbidden by robots.txt: {request.url}")
        return None

    async def parser_for(self, request: Request):
        netloc = urlparse_cached(request).netloc
        if netloc in self.parsers:
            return self.parsers[netloc]
        if netloc in self.waiting:  # robots.txt is being fetched: wait for it with a Deferred of our own
            waiter: Deferred = Deferred()
            self.waiting[netloc].append(waiter)
            return await maybe_deferred_to_future(waiter)
        self.waiting[netloc] = []
        url = f"{urlparse_cached(request).scheme}://{netloc}/robots.txt"
        try:
            parser = await self.fetch(url)
        except Exception as exc:  # never leave waiting requests hanging
            parser = self.disallow_all(url, f"could not be read ({exc!r})")
        self.parsers[netloc] = parser
        for waiter in self.waiting.pop(netloc):
            waiter.callback(parser)
        return parser

    async def fetch(self, url: str):
        """The parser for the robots.txt at ``url``, whatever happens to the download."""
        robots_request = Request(
            url, priority=self.DOWNLOAD_PRIORITY, callback=NO_CALLBACK, meta={"dont_obey_robotstxt": True}
        )
        try:
            response = await self.download(robots_request)
        except Exception as exc:  # unreachable: timeout, refused, dropped, blocked redirect, too large ...
            reason = exception_reason(exc) or (
                "ignored" if isinstance(exc, IgnoreRequest) else type(exc).__name__.lower()
            )
            self.stats.inc_value(sk.robots_status(reason))
            return self.disallow_all(url, f"could not be fetched ({reason}: {exc})")
        self.stats.inc_value(sk.robots_status(response.status))
        self.responses[urlparse_cached(robots_request).netloc] = response
        policy = robots_policy(response.status)
        if policy == "rules":
            return self.parser_class.from_crawler(self.crawler, response.body)
        if policy == "allow_all":
            logger.info("robots.txt %s answered %s: allowing all (RFC 9309)", url, response.status)
            self.stats.inc_value(sk.ROBOTS_ALLOW_ALL)
            return self.parser_class.from_crawler(self.crawler, ALLOW_ALL)
        return self.disallow_all(url, f"answered HTTP {response.status}")

    def disallow_all(self, url: str, why: str):
        logger.warning("robots.txt %s %s: disallowing the whole site (RFC 9309)", url, why)
        self.stats.inc_value(sk.ROBOTS_DISALLOW_ALL)
        return self.parser_class.from_crawler(self.crawler, DISALLOW_ALL)

    async def download(self, request: Request) -> Response:
        engine = self.crawler.engine
        if hasattr(engine, "download_async"):  # Scrapy >= 2.14
            return await engine.download_async(request)
        return await maybe_deferred_to_future(engine.download(request))
