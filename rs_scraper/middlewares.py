"""Downloader middlewares of rs_scraper."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return (parts.hostname or "", parts.port or _DEFAULT_PORTS.get(parts.scheme, 0))


class HostGuardMiddleware:
    """Only the configured host (and port) is ever requested: discovery links, redirects and robots.txt alike.

    Scrapy's OffsiteMiddleware compares domains and lets subdomains and other ports through; a research crawler
    pointed at one site (or at the loopback mirror) must never wander, so this compares the exact origin.
    Set RS_HOST_GUARD = False to switch it off.
    """

    def __init__(self, base_url: str, stats) -> None:
        self.origin = _origin(base_url)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "HostGuardMiddleware":
        if not crawler.settings.getbool("RS_HOST_GUARD", True):
            raise NotConfigured
        return cls(crawler.settings.get("RS_BASE_URL"), crawler.stats)

    def process_request(self, request: Request, spider: Spider | None = None):
        if _origin(request.url) != self.origin:
            self.stats.inc_value("rs/skipped/offsite")
            raise IgnoreRequest(f"off-site request blocked: {request.url}")
        return None
