"""Downloader middlewares of rs_scraper."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

from rs_scraper import statkeys as sk
from rs_scraper.timeutil import parse_rfc2822, utcnow

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return (scheme, parts.hostname or "", parts.port or _DEFAULT_PORTS.get(scheme, 0))


class HostGuardMiddleware:
    """Only the configured origin (scheme, host and port) is ever requested: discovery links, redirects and
    robots.txt alike.

    Scrapy's OffsiteMiddleware compares domains and lets subdomains and other ports through; a research crawler
    pointed at one site (or at the loopback mirror) must never wander, so this compares the exact origin.
    Set RS_HOST_GUARD = False to switch it off.
    """

    def __init__(self, base_url: str, stats) -> None:
        self.origin = _origin(base_url)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        if not crawler.settings.getbool("RS_HOST_GUARD", True):
            raise NotConfigured
        return cls(crawler.settings.get("RS_BASE_URL"), crawler.stats)

    def process_request(self, request: Request, spider: Spider | None = None):
        if _origin(request.url) != self.origin:
            self.stats.inc_value(sk.SKIPPED_OFFSITE)
            raise IgnoreRequest(f"off-site request blocked: {request.url}")
        return None


# ----------------------------------------------------------------------------------------------------------
# Failure reasons: one short slug per way a request can fail, shared by retry stats (rs/retry/<reason>) and the
# spider's rs/failed/<reason>. Matched by class name, because Scrapy 2.13 raises Twisted's exceptions where
# 2.14+ wraps them in its own (DownloadTimeoutError, ResponseDataLossError, ...).
_EXCEPTION_REASONS = {
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "ResponseDataLossError": "data_loss",  # body shorter than its Content-Length
    "DownloadFailedError": "connection_lost",  # connection dropped before or during the response
    "ResponseFailed": "connection_lost",
    "ResponseNeverReceived": "connection_lost",
    "ConnectionLost": "connection_lost",
    "ConnectionDone": "connection_lost",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "ConnectError": "connection_refused",
    "CannotResolveHostError": "dns",
    "DNSLookupError": "dns",
}


def exception_reason(exc: BaseException | None) -> str | None:
    """The slug of a download exception (``timeout``, ``data_loss``, ``too_large`` ...), None when unknown."""
    if exc is None:
        return None
    message = str(exc)
    # DOWNLOAD_MAXSIZE: the handler cancels a body that is (or announces itself) too big; HttpCompression
    # ignores one that inflates past it (a gzip bomb).
    if "max size" in message or "DOWNLOAD_MAXSIZE" in message:
        return "too_large"
    # A body that grows past DOWNLOAD_MAXSIZE while streaming (no Content-Length) is cancelled without a
    # message: in Scrapy's HTTP/1.1 handler that is the only silent cancellation (timeouts raise their own).
    if type(exc).__name__ in ("DownloadCancelledError", "CancelledError") and not message.strip():
        return "too_large"
    return _EXCEPTION_REASONS.get(type(exc).__name__)


# ----------------------------------------------------------------------------------------------------------
def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date (RFC 9110 10.2.3).

    None when absent or unreadable; never negative (a date in the past means "now").
    """
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    when = parse_rfc2822(text)  # tz-aware UTC (an HTTP date without a zone is GMT)
    if when is None:
        return None
    return max(0.0, (when - (now or utcnow())).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, plus: 429 and 503 wait for ``Retry-After`` (capped at RS_RETRY_AFTER_MAX
    seconds) before the retry is handed back, and every retry is counted as ``rs/retry/<reason>`` so that it
    reaches the run manifest.

    The wait is an asynchronous sleep on the reactor: other downloads go on meanwhile; only this request's
    concurrency slot is held, which is what a server asking us to back off wants anyway.
    """

    WAIT_STATUSES = frozenset({429, 503})

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("RS_RETRY_AFTER_MAX", 60.0)

    async def process_response(  # type: ignore[override]  # Scrapy 2.13+ awaits a coroutine here
        self, request: Request, response: Response, spider: Spider | None = None
    ):
        result = super().process_response(request, response)
        if not isinstance(result, Request):
            return result
        stats = self.crawler.stats
        stats.inc_value(sk.retry_http(response.status))
        if response.status in self.WAIT_STATUSES:
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None:
                if wait > self.retry_after_max:
                    stats.inc_value(sk.RETRY_AFTER_CAPPED)
                    wait = self.retry_after_max
                stats.inc_value(sk.RETRY_AFTER_HONOURED)
                if wait > 0:
                    await maybe_deferred_to_future(_sleep(wait))
        return result

    def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None):
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            reason = exception_reason(exception) or type(exception).__name__.lower()
            self.crawler.stats.inc_value(sk.retry(reason))
        return result


def _sleep(seconds: float) -> Deferred:
    from twisted.internet import reactor

    return deferLater(reactor, seconds, lambda: None)
