"""The one interface of a discovery source, and what a source may ask of the crawl that drives it.

A source is built from the crawler (``from_crawler``; raise ``NotConfigured`` to switch it off, as Scrapy's
components do) and the spider calls it at these moments, each returning an iterable of ``scrapy.Request``
(discovery documents, made with :meth:`Context.request`) and :class:`Found` (article URLs, which the spider
decides and fetches; a source never requests an article itself):

- ``start(ctx)``: when the crawl starts;
- ``parse(response, ctx)``: a response to one of its requests;
- ``failed(failure, ctx)``: one of its requests failed (already counted ``rs/discovery_failed/<reason>``, or
  ``rs/discovery/absent/<reason>`` for a document it only guessed at);
- ``settled(ctx)``: any discovery request ended: room for requests it holds back (``waiting()`` counts them);
- ``idle(ctx)``: every discovery request of every source ended (a fallback starts here).

Only ``parse`` must be written; the others do nothing by default. Adding a source is its module plus its entry
in ``RS_DISCOVERY_SOURCES`` (and its own ``RS_`` settings, documented beside that entry in settings.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from rs_scraper.discovery.documents import Link
from rs_scraper.urls import Located

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector
    from twisted.python.failure import Failure

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Found:
    """An article URL a source found. The spider decides it once (fetch or skip) and counts it."""

    link: Link
    source: str  # rs/discovered/<source>: "sitemap", "feed", "listing", ...
    feed: bool = False  # link.date is a publication date (a feed item's), not a sitemap lastmod
    sitemap: str | None = None  # the child sitemap that listed it (rs_scraper.incremental's sitemap records)
    where: Located | None = None  # its canonical key and fetch form, when the source located it already


Output = Iterable["Request | Found"]


class Context(Protocol):
    """What a source may read and ask of the crawl (the ``rs`` spider implements it)."""

    @property
    def crawler(self) -> Crawler: ...
    @property
    def settings(self) -> BaseSettings: ...
    @property
    def logger(self) -> logging.LoggerAdapter: ...
    @property
    def base_url(self) -> str: ...
    @property
    def since(self) -> datetime | None: ...
    @property
    def limit(self) -> int | None: ...
    @property
    def stored(self) -> Mapping[str, Any]:  # canonical URL -> the stored version (pipelines.index)
        ...
    @property
    def known_not_articles(self) -> Mapping[str, Any]:  # canonical URL -> an earlier run's non-article verdict
        ...
    @property
    def sitemap_records(self) -> Mapping[str, dict]:  # child sitemap -> {lastmod, read_at} of the last clean run
        ...

    def url(self, path: str) -> str:
        """``path`` on the crawl base (RS_BASE_URL)."""

    def locate(self, url: str) -> Located:
        """``url`` canonicalised once: its identity and where it is requested (rs_scraper.urls.locate)."""

    def request(
        self,
        source: Source,
        url: str,
        meta: dict | None = None,
        *,
        guess: bool = False,
        priority: int = 10,
        watched: bool = True,
    ) -> Request | None:
        """The request for a discovery document, answered to ``source.parse`` (``source.failed``); None when it
        was requested already this run or a bound is reached. ``guess``: a 404 means "none there", not a
        failure. ``watched=False``: discovery does not wait for it, and its failure is the source's to count."""

    def requested(self, url: str) -> bool:
        """Whether the discovery document ``url`` was requested already this run."""

    def bound_hit(self, name: str, url: str) -> None:
        """A discovery bound was reached at ``url`` (``rs/bounds/<name>``: the run is then not clean)."""

    def limit_met(self) -> bool:
        """The ``limit`` argument's article requests are all scheduled."""

    def stop_discovery(self, why: str) -> None:
        """Discovery is cut short (``limit``): the run read less than it was offered, never clean."""

    def found_any(self) -> bool:
        """Some source found an article URL this run."""

    def source(self, name: str) -> Source | None:
        """The enabled source of that name (None: not in RS_DISCOVERY_SOURCES, or switched off)."""


class Source:
    """One way of finding article URLs (see the module docstring for when each method is called)."""

    name: ClassVar[str]  # how RS_DISCOVERY_SOURCES' entries and other sources refer to it

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings: BaseSettings = crawler.settings

    @property
    def stats(self) -> StatsCollector:
        """The crawl's stats (set when the crawl starts, after the spider and its sources are built)."""
        stats = self.crawler.stats
        assert stats is not None
        return stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Source:
        return cls(crawler)

    def start(self, ctx: Context) -> Output:
        return ()

    def parse(self, response: Response, ctx: Context) -> Output:
        raise NotImplementedError

    def failed(self, failure: Failure, ctx: Context) -> Output:
        return ()

    def settled(self, ctx: Context) -> Output:
        return ()

    def idle(self, ctx: Context) -> Output:
        return ()

    def waiting(self) -> int:
        """Requests this source holds back (discovery is not over while any are)."""
        return 0


def build_sources(crawler: Crawler) -> list[Source]:
    """The sources of RS_DISCOVERY_SOURCES (import paths), in that order, each built from the crawler; one that
    raises NotConfigured is left out (logged), as Scrapy leaves out a component."""
    from scrapy.exceptions import NotConfigured
    from scrapy.utils.misc import build_from_crawler, load_object

    sources: list[Source] = []
    for path in crawler.settings.getlist("RS_DISCOVERY_SOURCES"):
        try:
            sources.append(build_from_crawler(load_object(path), crawler))
        except NotConfigured as exc:
            log.info("discovery source %s is off%s", path, f": {exc}" if str(exc) else "")
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ValueError(f"RS_DISCOVERY_SOURCES names a source twice: {names}")
    return sources
