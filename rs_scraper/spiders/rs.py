"""The ``rs`` spider: drives the discovery sources and hands each article page to the parser.

Discovery is a declared list of sources (RS_DISCOVERY_SOURCES; rs_scraper.discovery, docs/site-facts.md
§3.1-§3.6): robots.txt's sitemaps, the sitemaps with their ``<lastmod>`` (which drives ``since`` and
incremental crawls), the RSS feed for articles newer than the sitemaps, and listing pages only when none of
those gave any article. The spider makes their requests (each discovery document once per run, within the
bounds RS_SITEMAP_MAX_DEPTH and RS_DISCOVERY_MAX_REQUESTS), hands their responses back, and decides every
article URL they find.

Every article URL is canonicalised once (rs_scraper.urls.locate) when found: tracking-parameter and slash
variants make one request, in the form the site listed, stored under the canonical URL. Every URL discovered
(``rs/discovered``) ends in exactly one outcome stat, ``rs/outcome/<bucket>[/<reason>]``: skipped, failed and
not_article here; dropped, unchanged_refetch, written_new and written_updated in the pipelines (the run manifest
reconciles them).

Arguments (``-a name=value``): ``since``, ``until`` (YYYY-MM-DD or ISO datetime), ``sections`` (comma list),
``limit`` (max article requests), ``urls`` (a file of article URLs, one a line, fetched directly).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.python.failure import Failure

from pipelines.index import Stored, load_index
from rs_scraper import statkeys as sk
from rs_scraper.compact import KeySet, LabelMap, WaitingUrls, crawl_keys
from rs_scraper.discovery import Link
from rs_scraper.discovery.base import Found, Output, Source, build_sources
from rs_scraper.incremental import (
    INCOMPLETE_DISCOVERY,
    Decision,
    confirmations,
    decide,
    known_not_articles,
    known_of,
    not_article_unchanged,
    parse_schedule,
    sitemap_records,
)
from rs_scraper.non_articles import BodySizes, Verdict, transient_cause
from rs_scraper.parsing import NotArticle, Parsed, parse_page
from rs_scraper.parsing.workers import ParseWorkers
from rs_scraper.runinfo import run_id_of
from rs_scraper.spill import crawl_scratch
from rs_scraper.timeutil import utcnow
from rs_scraper.urls import Located, article_onto_site, document_key, locate, looks_like_article, to_site
from rs_scraper.validation import parse_spider_args, read_urls_file
from rs_scraper.warc import FETCHED_AT_META

# Article requests handed to Scrapy's scheduler at once (at least 4 x CONCURRENT_REQUESTS): enough to keep every
# download slot busy, while the rest of a 100,000-article backfill waits as small tuples (RsSpider.release).
ARTICLE_WINDOW = 64


class RsSpider(scrapy.Spider):
    name = "rs"

    # Set by from_crawler (they need the settings): the crawl's origins, what earlier runs stored and decided.
    base_url: str
    site_url: str
    allowed_domains: list[str]
    run_id: str
    stored: Mapping[str, Stored]
    sitemap_records: dict[str, dict]
    known_not_articles: dict[str, Verdict]
    failed_urls: dict[str, str]
    confirmations: dict[str, dict]
    confirmed: dict[str, dict]
    revalidate_schedule: list[tuple[float, float]]
    article_window: int
    sources: list[Source]
    parse_workers: ParseWorkers | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Our arguments are checked; "_"-names belong to the host (scrapyd's _job) and pass through.
        spider_args = {k: kwargs.pop(k) for k in list(kwargs) if not k.startswith("_")}
        super().__init__(*args, **kwargs)
        parsed = parse_spider_args(spider_args)  # ValueError, one line; the crawl commands check it up front
        self.since: datetime | None = parsed.since
        self.until: datetime | None = parsed.until
        self.sections = list(parsed.sections) if parsed.sections else None
        self.limit: int | None = parsed.limit
        self.urls_file = parsed.urls_file
        # canonical article URLs discovered, exact (rs_scraper.compact: an 8-byte hash set lost the second of two
        # URLs whose hashes collided); their keys shared with sitemap_of, dedupe and the Parquet pipeline
        # (from_crawler: compact.crawl_keys), so a URL's bytes are kept once a crawl
        self.seen = KeySet()
        # Decided article URLs not yet handed to Scrapy (packed in one bytearray, ~50 bytes a URL: a first crawl
        # decides the whole site before most are fetched), and how many requests are out (release, settled).
        self.pending = WaitingUrls(self.seen.keys)
        self.in_flight = 0
        self.scheduled = 0
        self.pending_discovery = 0  # discovery requests in flight that discovery waits for
        # URLs discovered without a lastmod (the feed, the 48-hour news sitemap, listings): a later sitemap entry
        # with a lastmod decides them; whatever is left when discovery ends is decided then (finish_deferred).
        self.deferred: dict[str, tuple[Link, str, str]] = {}
        self.discovery_over = False
        # url -> the child sitemap that listed it (exact keys, the sitemap a small int: rs_scraper.compact), and
        # the sitemaps with an URL whose outcome must be seen again (unsettle): those are not recorded as read.
        self.sitemap_of: LabelMap[str] = LabelMap(self.seen.keys)
        self.sitemaps_unsettled: set[str] = set()
        # Termination (README "Hostile sites"): every sitemap, feed page and listing URL is requested at most once
        # per run, however often it is listed (an index listing itself or an ancestor), and discovery is bounded
        # in depth and in total requests (RS_SITEMAP_MAX_DEPTH, RS_DISCOVERY_MAX_REQUESTS).
        self.discovery_seen: set[str] = set()
        self.discovery_count = 0
        # Non-article verdicts of this run (url -> {at, reason, transient}) for the manifest, and the sizes of its
        # article pages, against which a much smaller page looks transient (rs_scraper.non_articles).
        self.not_articles: dict[str, dict] = {}
        self.body_sizes = BodySizes()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> RsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.base_url = settings.get("RS_BASE_URL").rstrip("/")
        # Stored URLs are on the site's own origin whatever base we fetch from (rs_scraper.urls.to_site).
        spider.site_url = (settings.get("RS_SITE_URL") or spider.base_url).rstrip("/")
        spider.allowed_domains = [urlsplit(spider.base_url).hostname or ""]
        spider.run_id = run_id_of(crawler)
        spider.seen = KeySet(crawl_keys(crawler))  # nothing was seen yet: the crawl's shared keys from now on
        spider.sitemap_of = LabelMap(spider.seen.keys)
        spider.pending = WaitingUrls(spider.seen.keys, crawl_scratch(crawler))  # the oldest spilled to DATA_DIR/.tmp
        spider.stored = {}
        if settings.getbool("RS_DEDUPE_STORED"):
            spider.stored = load_index(Path(settings.get("RS_DATA_DIR")) / "articles", crawl_scratch(crawler))
        # Child sitemaps the latest clean run read in full, with their lastmod then (rs_scraper.incremental):
        # one still at that lastmod is not downloaded. Empty = read every sitemap (why: the log says).
        spider.sitemap_records, why = sitemap_records(settings, len(spider.stored)) if spider.stored else ({}, "")
        if why and spider.stored:
            spider.logger.info("reading every sitemap: %s", why)
        # Pages the parser called "not an article" in earlier runs (url -> when), from their run manifests:
        # skipped like a stored article until their lastmod moves. This run's go to spider.not_articles.
        spider.known_not_articles = known_not_articles(settings) if settings.getbool("RS_DEDUPE_STORED") else {}
        spider.not_articles = {}
        spider.failed_urls = {}  # url -> reason, for the run manifest (rs_scraper.verdict: two runs in a row)
        # The latest confirmation of each stored version (earlier runs' manifests), and this run's (304s, same
        # text refetched): rs_scraper.incremental.known_of merges them with the row.
        spider.confirmations = confirmations(settings) if spider.stored else {}
        spider.confirmed = {}
        spider.revalidate_schedule = parse_schedule(settings.get("RS_REVALIDATE_SCHEDULE"))
        spider.article_window = max(ARTICLE_WINDOW, 4 * settings.getint("CONCURRENT_REQUESTS", 4))
        spider.sources = build_sources(crawler)
        try:  # RS_PARSE_WORKERS: article pages parsed in worker processes, off the reactor thread
            spider.parse_workers = ParseWorkers.from_crawler(crawler)
        except NotConfigured:
            spider.parse_workers = None
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    # ------------------------------------------------------------------ start
    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests_list():
            yield request

    def start_requests_list(self) -> list[scrapy.Request]:
        if self.urls_file:
            urls = read_urls_file(self.urls_file, self.base_url, self.site_url)
            return [r for u in urls for r in self.article_requests(Link(u), source="urls_file", force=True)]
        return [r for source in self.sources for r in self.drive(source.start(self))]

    def key(self, url: str) -> str:
        """A URL's identity: canonical, on RS_SITE_URL (what is stored, what ``seen`` holds)."""
        return to_site(url, self.base_url, self.site_url)

    def locate(self, url: str) -> Located:
        """A discovered URL canonicalised once: its identity and where it is requested (rs_scraper.urls)."""
        return locate(url, self.base_url, self.site_url)

    def url(self, path: str) -> str:
        return urljoin(self.base_url + "/", path.lstrip("/"))

    # ------------------------------------------------------- driving the sources
    def source(self, name: str) -> Source | None:
        return next((s for s in self.sources if s.name == name), None)

    def discovery_waiting(self) -> int:
        """Discovery documents the sources hold back (the progress line counts them as pending)."""
        return sum(s.waiting() for s in self.sources)

    def drive(self, output: Output) -> Iterator[scrapy.Request]:
        """A source's output as requests: its discovery requests as they are, each article URL it found decided
        (zero or one request, in the article window)."""
        for item in output:
            if isinstance(item, Found):
                yield from self.article_requests(
                    item.link, item.source, feed=item.feed, sitemap=item.sitemap, where=item.where
                )
            else:
                yield item

    def requested(self, url: str) -> bool:
        return document_key(url) in self.discovery_seen

    def request(
        self,
        source: Source,
        url: str,
        meta: dict | None = None,
        *,
        guess: bool = False,
        priority: int = 10,
        watched: bool = True,
    ) -> scrapy.Request | None:
        """The request for a discovery document of ``source``, or None: already requested this run (counted
        ``rs/discovery/repeated``), or past a bound (``rs/bounds/<name>``: the run is then not clean)."""
        stats = self.crawler.stats
        key = document_key(url)
        if key in self.discovery_seen:
            stats.inc_value(sk.DISCOVERY_REPEATED)
            self.logger.info("discovery URL listed again, not requested twice: %s", url)
            return None
        depth = (meta or {}).get("rs_depth", 0)
        if depth > self.settings.getint("RS_SITEMAP_MAX_DEPTH"):
            self.bound_hit("sitemap_depth", url)
            return None
        if self.discovery_count >= self.settings.getint("RS_DISCOVERY_MAX_REQUESTS"):
            self.bound_hit("discovery_requests", url)
            return None
        self.discovery_seen.add(key)
        self.discovery_count += 1
        meta = {**(meta or {}), "rs_discovery_source": source.name, "rs_guess": guess}
        if watched:
            self.pending_discovery += 1
            meta["rs_discovery"] = True
        return scrapy.Request(
            url,
            callback=self.parse_discovery,
            errback=self.discovery_failed,
            meta=meta,
            priority=priority,
            dont_filter=True,
        )

    def bound_hit(self, name: str, url: str) -> None:
        stats = self.crawler.stats
        if not stats.get_value(sk.bounds(name)):
            setting = {
                "sitemap_depth": "RS_SITEMAP_MAX_DEPTH",
                "discovery_requests": "RS_DISCOVERY_MAX_REQUESTS",
                "listing_pages": "RS_LISTING_MAX_PAGES",
            }.get(name, name)
            self.logger.warning(
                "discovery bound %s=%s reached: %s and what it lists are not read (the run is not clean)",
                setting,
                self.settings.get(setting),
                url,
            )
        stats.inc_value(sk.bounds(name))

    def parse_discovery(self, response: Response) -> Iterator[scrapy.Request]:
        """A discovery document's response, handed to the source that asked for it."""
        source = self.source(response.meta["rs_discovery_source"])
        watched = response.meta.get("rs_discovery", False)
        try:
            if source is not None:
                yield from self.drive(source.parse(response, self))
        finally:
            if watched:
                self.pending_discovery -= 1
        if watched:
            yield from self.maybe_fallback()

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap read by the sitemaps source (``scrapy parse --callback parse_sitemap URL``, and tests)."""
        source = self.source("sitemaps")
        if source is not None:
            yield from self.drive(source.parse(response, self))

    def discovery_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = getattr(failure, "request", None)
        meta = request.meta if request is not None else {}
        source = self.source(meta.get("rs_discovery_source", ""))
        if not meta.get("rs_discovery"):  # not watched (a listing page): its source counts it
            if source is not None:
                yield from self.drive(source.failed(failure, self))
            return
        reason = failure_reason(failure)
        if reason in ("http_404", "http_410") and meta.get("rs_guess"):
            # A document we only guessed at (a fallback sitemap path, a feed path) is absent, not failing: the
            # site has none there. One listed by robots.txt or a sitemap index that 404s is a failure.
            self.crawler.stats.inc_value(sk.discovery_absent(reason))
            self.logger.info("no discovery document at %s (%s)", request.url if request is not None else "?", reason)
        else:
            self.crawler.stats.inc_value(sk.discovery_failed(reason))
        if source is not None:
            yield from self.drive(source.failed(failure, self))
        self.pending_discovery -= 1
        yield from self.maybe_fallback()

    def maybe_fallback(self) -> Iterator[scrapy.Request]:
        """A discovery request ended: the sources may send what they held back; when none is left in flight or
        held back, discovery is over (the URLs waiting for a lastmod are decided) and a fallback may start."""
        for source in self.sources:
            yield from self.drive(source.settled(self))
        if self.pending_discovery == 0 and not any(s.waiting() for s in self.sources):
            self.discovery_over = True  # from now on (listing pages) nothing waits for a lastmod
            yield from self.finish_deferred()
        if self.pending_discovery > 0 or self.urls_file:
            return
        for source in self.sources:
            yield from self.drive(source.idle(self))

    def found_any(self) -> bool:
        return bool(self.seen)

    def limit_met(self) -> bool:
        return self.limit is not None and self.scheduled >= self.limit

    def stop_discovery(self, why: str) -> None:
        """Discovery ends here (``limit`` met; the sources drop what they hold back): the run is marked as having
        read less than it was offered, so it can never count as clean."""
        self.crawler.stats.set_value(INCOMPLETE_DISCOVERY, 1)

    def sitemaps_whole(self) -> bool:
        """Every sitemap offered was read or skipped as unchanged: none failed, none left unread at a bound or
        a limit. Then a stored URL no sitemap dated tonight is still at the lastmod we know."""
        stats = self.crawler.stats.get_stats()
        return not any(
            k.startswith((sk.DISCOVERY_FAILED_PREFIX, sk.BOUNDS_PREFIX))
            or k in (INCOMPLETE_DISCOVERY, sk.SITEMAP_INVALID, sk.SITEMAP_GZIP_FAILED)
            for k, v in stats.items()
            if v
        )

    def unsettle(self, url: str) -> None:
        """``url`` must be seen again next run: its sitemap is not recorded as read (a not-article page, a
        failure, a verdict that may be transient), so the next run downloads that sitemap again."""
        key = self.sitemap_of.get(url)
        if key:
            self.sitemaps_unsettled.add(key)

    def sitemap_record(self) -> dict[str, dict]:
        """What this run's manifest records (rs_scraper.incremental.sitemap_records): child sitemap ->
        {lastmod, read_at}."""
        source = self.source("sitemaps")
        records = getattr(source, "records", None)
        return records(self.sitemaps_unsettled) if records else {}

    # --------------------------------------------------------------- articles
    def article_requests(
        self,
        link: Link,
        source: str,
        feed: bool = False,
        force: bool = False,
        sitemap: str | None = None,
        where: Located | None = None,
    ) -> Iterable[scrapy.Request]:
        """Zero or one request for a discovered URL; every unique URL ends in exactly one stat or request.

        A link with a sitemap lastmod is decided at once. One without (feed items, whose date is a publication
        date; the news sitemap; listings) waits for the end of discovery, so that a monthly sitemap read later
        can still give its lastmod: the first link with a lastmod decides, whatever source came first.
        ``where``: the URL as the source located it already (canonicalised once: rs_scraper.urls.locate)."""
        stats = self.crawler.stats
        where = where or self.locate(link.url)
        if not where.on_site:
            stats.inc_value(sk.SKIPPED_OFFSITE)
            return
        url = where.key
        if not looks_like_article(url):
            if force:
                self.logger.warning("not an article URL, fetching anyway: %s", url)
            else:
                stats.inc_value(sk.SKIPPED_NOT_ARTICLE_URL)
                return
        if sitemap and url not in self.sitemap_of:
            self.sitemap_of[url] = sitemap
        has_lastmod = not feed and link.date is not None
        if url in self.seen:
            if url not in self.deferred or not has_lastmod:
                return  # the same article again under another form or from another source: not a new discovery
            del self.deferred[url]  # the first lastmod for an URL seen without one: decide now
        else:
            self.seen.add(url)
            stats.inc_value(sk.DISCOVERED)
            stats.inc_value(sk.discovered(source))
            if not has_lastmod and not force and not self.discovery_over:
                self.deferred[url] = (link, source, where.fetch)
                return
        yield from self.decide(url, link, source, feed, force, where.fetch)

    def decide(
        self, url: str, link: Link, source: str, feed: bool, force: bool, fetch: str
    ) -> Iterable[scrapy.Request]:
        """Skip (one ``rs/outcome/skipped/<reason>``) or request a discovered URL (rs_scraper.incremental.decide:
        a stored URL is refetched when the site says it changed, always conditionally)."""
        stats = self.crawler.stats
        reason = self.window_reason(link, feed)
        plan = Decision(True, "forced") if force else None
        if plan is None and reason is None:
            stored: Stored | None = self.stored.get(url)
            if stored is None:
                if self.remembered_not_article(url, link):
                    reason = "unchanged_not_article"
                plan = Decision(True, "new")
            else:
                known = known_of(stored, self.confirmations.get(url))
                plan = decide(
                    known,
                    self.lastmod_of(link, feed),
                    None if feed else link.date,
                    utcnow(),
                    self.revalidate_schedule,
                    link.modified,
                    self.discovery_over and self.sitemaps_whole(),
                )
                if not plan.fetch:
                    stats.inc_value(sk.revalidate(plan.reason))
                    reason = "unchanged"
        if reason:
            stats.inc_value(sk.skipped(reason))
            stats.inc_value(sk.outcome_skipped(reason))
            return
        if self.limit_met():
            stats.inc_value(sk.SKIPPED_LIMIT)
            stats.inc_value(sk.OUTCOME_SKIPPED_LIMIT)
            return
        assert plan is not None  # forced, or decided above (a skip returned)
        self.scheduled += 1
        if url in self.stored:
            stats.inc_value(sk.refetch(plan.reason))
        # requested in the form the site listed (its trailing slash kept, on the crawl base), stored under its
        # canonical URL (rs_scraper.urls.locate)
        self.pending.append((url, fetch, source, link.date, self.lastmod_of(link, feed), plan.headers or None))
        yield from self.release()

    def release(self) -> Iterable[scrapy.Request]:
        """Article requests for the decided URLs, while fewer than ARTICLE_WINDOW are in flight: Scrapy's
        scheduler holds a window, not the whole site (a Request is ~1 KB; a pending URL a small tuple). Newest
        decided first, as Scrapy's LIFO queue took them."""
        while self.pending and self.in_flight < self.article_window:
            url, fetch, source, date, lastmod, headers = self.pending.pop()
            self.in_flight += 1
            meta = {"rs_source": source, "rs_date": date, "rs_lastmod": lastmod, "rs_url": url, "rs_fetch": fetch}
            if headers:  # a conditional GET: 304 means unchanged, and reaches parse_article
                meta["handle_httpstatus_list"] = [304]
            # dont_filter: self.seen already makes one request per canonical URL. With Scrapy's dupefilter on, a
            # redirect back to an URL already requested (a redirect loop) was dropped silently, never reaching
            # article_failed; without it the loop ends at REDIRECT_MAX_TIMES and is counted rs/failed/redirect_loop.
            yield scrapy.Request(
                fetch,
                callback=self.parse_article,
                errback=self.article_failed,
                dont_filter=True,
                headers=headers,
                meta=meta,
            )

    def settled(self) -> Iterable[scrapy.Request]:
        """An article request ended (parsed, not modified, failed): room in the window for the next."""
        self.in_flight = max(0, self.in_flight - 1)
        yield from self.release()

    def on_idle(self) -> None:
        """Nothing is in flight (a request that ended without reaching either callback cannot hold the window
        forever): release the next window instead of closing with URLs still pending."""
        if self.pending:
            self.in_flight = 0
            for request in self.release():
                self.crawler.engine.crawl(request)
            raise DontCloseSpider

    @staticmethod
    def lastmod_of(link: Link, feed: bool) -> str | None:
        """The sitemap lastmod a link gives, verbatim (a feed's date is a publication date: none)."""
        if feed or link.date is None:
            return None
        return link.lastmod or link.date.isoformat()

    def finish_deferred(self) -> Iterable[scrapy.Request]:
        """Discovery is over: the URLs no sitemap gave a lastmod for are decided on what is known of them."""
        deferred, self.deferred = self.deferred, {}
        for url, (link, source, fetch) in deferred.items():
            yield from self.decide(url, link, source, True, False, fetch)

    def remembered_not_article(self, url: str, link: Link) -> bool:
        """A stable non-article verdict, still remembered (rs_scraper.non_articles: only until its re-check is
        due), for a page whose lastmod has not moved since."""
        verdict = self.known_not_articles.get(url)
        if verdict is None:
            return False
        return not_article_unchanged(
            verdict,
            link.date,
            utcnow(),
            self.settings.getfloat("RS_VERDICT_RECHECK_DAYS", 7),
            self.settings.getfloat("RS_VERDICT_RECHECK_MAX_DAYS", 90),
        )

    def window_reason(self, link: Link, feed: bool) -> str | None:
        if self.since and link.date and link.date < self.since:
            return "before_since"  # lastmod/pubDate older than the window: not modified since, so not published
        if feed and self.until and link.date and link.date > self.until:
            return "after_until"  # a feed date is the publication date; a sitemap lastmod may be a later edit
        return None

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        try:
            async for out in self.article_of(response):
                yield out
        finally:
            self.in_flight = max(0, self.in_flight - 1)
        for request in self.release():
            yield request

    async def parse_body(self, response: Response, url: str) -> Parsed:
        """The parser on the page: in a worker process (RS_PARSE_WORKERS), or here."""
        encoding = getattr(response, "encoding", None)
        if self.parse_workers is not None:
            return await self.parse_workers.parse(response.body, url, encoding)
        return parse_page(response.body, url, encoding=encoding)

    def request_key(self, request: scrapy.Request) -> str:
        """The identity of an article request's URL: decided once (meta rs_url) unless a redirect moved it."""
        if request.meta.get("rs_url") and request.url == request.meta.get("rs_fetch"):
            return request.meta["rs_url"]
        return self.key(request.url)

    async def article_of(self, response: Response) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        assert response.request is not None  # a downloaded response always has its request
        url = self.request_key(response.request)
        if response.status == 304:
            self.not_modified(url, response)
            return
        stats.inc_value(sk.FETCHED)
        # An empty 200 (a CDN or origin hiccup) is not a page at all: its own reason, so that it can be told
        # apart from a real non-HTML resource and re-fetched later.
        reason = "empty" if not response.body.strip() else None if isinstance(response, TextResponse) else "not_html"
        if reason:
            stats.inc_value(sk.dropped_not_article(reason))
            stats.inc_value(sk.outcome_not_article(reason))
            self.unsettle(url)
            self.logger.info("not an article (%s): %s", reason, response.url)
            return
        try:
            parsed = await self.parse_body(response, url)
        except NotArticle as exc:
            stats.inc_value(sk.dropped_not_article(exc.reason))
            stats.inc_value(sk.outcome_not_article(exc.reason))
            content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
            cause = transient_cause(response.body, content_type, exc.reason, self.body_sizes.usual())
            if cause:  # a soft 404, a maintenance or challenge page: never remembered, fetched again next run
                stats.inc_value(sk.not_article_transient(cause))
            self.not_articles[url] = {
                "at": utcnow().isoformat(),
                "reason": exc.reason,
                "transient": bool(cause),
                **({"cause": cause} if cause else {}),
            }
            previous = self.known_not_articles.get(url)
            if not cause and previous is not None and previous.reason == exc.reason:
                stats.inc_value(sk.NOT_ARTICLE_CONFIRMED)  # seen so before: its verdict is stable from now on
            else:
                self.unsettle(url)  # not remembered yet (rs_scraper.non_articles): its sitemap must be read again
            self.logger.info(
                "not an article (%s%s): %s", exc.reason, f", looks transient: {cause}" if cause else "", url
            )
            return
        except Exception as exc:  # ParseError (or worse): one page, counted, never remembered as not-an-article
            stats.inc_value(sk.FAILED_PARSE_ERROR)
            stats.inc_value(sk.OUTCOME_FAILED_PARSE_ERROR)
            self.failed_urls[url] = "parse_error"
            self.unsettle(url)
            self.logger.error("parser failed on %s: %r", url, exc)
            return
        self.body_sizes.add(len(response.body))
        article = parsed.article
        for note in parsed.notes:  # how the row was made: layout, body choice and why (rs/parser/...)
            stats.inc_value(sk.parser_note(note))
        article.url = url
        article_onto_site(article, self.base_url, self.site_url)  # image and link URLs: the site's, not the mirror's
        # the capture time of the response's WARC record (rs_scraper.warc.extension): rows join records on it
        article.fetched_at = response.meta.get(FETCHED_AT_META) or utcnow()
        article.run_id = self.run_id
        # what the site said about this version: the next run compares, and sends the validators back
        article.crawl_base = self.base_url
        article.sitemap_lastmod = response.meta.get("rs_lastmod")
        article.http_etag = header(response, "ETag")
        article.http_last_modified = header(response, "Last-Modified")
        stats.inc_value(sk.extraction(article.extraction_method))
        yield article

    def dataset_url(self, url: str) -> str:
        """The URL a fetched page has in the dataset (its rows' ``url``, and the WARC index's ``url``)."""
        return self.key(url)

    def not_modified(self, url: str, response: Response) -> None:
        """A 304 to a conditional GET: the stored version is the page's. No body, nothing written; confirmed in
        the manifest (with the lastmod and validators of tonight) so that the next run knows it."""
        stats = self.crawler.stats
        stats.inc_value(sk.REVALIDATED_NOT_MODIFIED)
        stats.inc_value(sk.OUTCOME_UNCHANGED_NOT_MODIFIED)
        sent = response.request.headers if response.request is not None else {}
        self.confirm(
            url,
            response.meta.get("rs_lastmod"),
            header(response, "ETag") or _text(sent.get("If-None-Match")),
            header(response, "Last-Modified") or _text(sent.get("If-Modified-Since")),
        )

    def confirm(self, url: str, lastmod: str | None, etag: str | None, last_modified: str | None) -> None:
        """The stored version of ``url`` is still the page's (a 304, or a refetch with the same text)."""
        self.confirmed[url] = {
            "at": utcnow().isoformat(),
            "sitemap_lastmod": lastmod,
            "etag": etag,
            "last_modified": last_modified,
        }

    def article_failed(self, failure: Failure) -> Iterable[scrapy.Request]:
        self.count_failure(failure)
        yield from self.settled()

    def count_failure(self, failure: Failure) -> None:
        reason = failure_reason(failure)
        request = getattr(failure, "request", None)
        if reason == "robots":  # the site asks us not to: a decision, not a failure (it would fail every night)
            self.crawler.stats.inc_value(sk.SKIPPED_ROBOTS)
            self.crawler.stats.inc_value(sk.OUTCOME_SKIPPED_ROBOTS)
            self.logger.info("not fetched, robots.txt disallows it: %s", request.url if request is not None else "?")
            return
        self.crawler.stats.inc_value(sk.failed(reason))
        self.crawler.stats.inc_value(sk.outcome_failed(reason))
        if request is not None:
            key = self.request_key(request)
            self.failed_urls[key] = reason
            self.unsettle(key)
        self.logger.warning(
            "article failed (%s): %s", reason, request.url if request is not None else failure.getErrorMessage()
        )


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


def _text(value: bytes | str | None) -> str | None:
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    return text.strip() or None


def header(response: Response, name: str) -> str | None:
    """A response header, verbatim (HTTP headers are Latin-1), or None."""
    return _text(response.headers.get(name))
