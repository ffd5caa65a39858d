"""Every discovered URL accounted for exactly once: the outcome stats and their reconciliation.

The spider counts ``rs/discovered`` once per unique article URL, and each URL ends in one outcome stat
``rs/outcome/<bucket>[/<reason>]``:

    skipped            not fetched: unchanged since stored, outside since/until, over --limit (spider)
    failed             fetched without a usable answer: http_404, timeout, robots, parse_error ... (spider)
    not_article        fetched, but the page is not an article (spider)
    dropped            parsed, then refused by a pipeline: no_title, out_of_range, duplicate_in_run ... (here)
    unchanged_refetch  parsed, same content_hash as stored: nothing written (here, or ParquetPipeline)
    written_new        a new URL written to articles/ (ParquetPipeline)
    written_updated    a new version of a stored URL: articles/ row replaced, revision added (ParquetPipeline)

The outcomes decided outside any callback are hooked here: pipeline drops (``item_dropped``), pipeline crashes
(``item_error``) and article requests the scheduler refused as duplicates (``request_dropped``, e.g. two
redirects to one page). What is still missing when the spider closes shows as ``unaccounted`` (a run killed
mid-way: requests in flight).
"""

from __future__ import annotations

from collections.abc import Mapping

from scrapy import signals

from rs_scraper import statkeys as sk

BUCKETS = ("skipped", "written_new", "written_updated", "unchanged_refetch", "not_article", "dropped", "failed")


def bucket_total(stats: Mapping, bucket: str) -> int:
    key = sk.outcome(bucket)
    return sum(int(v) for k, v in stats.items() if k == key or k.startswith(key + "/"))


def by_reason(stats: Mapping, bucket: str) -> dict[str, int]:
    prefix = sk.outcome_prefix(bucket)
    return {k[len(prefix) :]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}


def reconcile(stats: Mapping) -> dict:
    """discovered == skipped + written_new + written_updated + unchanged_refetch + not_article + dropped + failed"""
    discovered = int(stats.get(sk.DISCOVERED, 0))
    terms = {bucket: bucket_total(stats, bucket) for bucket in BUCKETS}
    accounted = sum(terms.values())
    equation = (
        f"discovered ({discovered}) == " + " + ".join(f"{name} ({n})" for name, n in terms.items()) + f" = {accounted}"
    )
    return {
        "equation": equation,
        "discovered": discovered,
        **terms,
        "accounted": accounted,
        "unaccounted": discovered - accounted,
        "balanced": discovered == accounted,
    }


class RunAccounting:
    """Counts the outcomes that happen outside the spider's callbacks (see module doc)."""

    def __init__(self, stats, crawler=None) -> None:
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.stats, crawler)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        return ext

    def item_dropped(self, item, response, exception, spider=None) -> None:
        reason = getattr(exception, "reason", None) or "other"
        if reason == "unchanged":  # DedupePipeline: refetched, same content_hash
            self.stats.inc_value(sk.OUTCOME_UNCHANGED_REFETCH)
            self.confirm(item)
        else:
            self.stats.inc_value(sk.outcome_dropped(reason))

    def confirm(self, item) -> None:
        """A refetch with the same text confirms the stored version: the spider records what the site said
        (rs_scraper.incremental.confirmations), so that a lastmod that moved without an edit is not refetched
        again every night."""
        spider = self.crawler.spider if self.crawler is not None else None
        if spider is None or not hasattr(spider, "confirm"):
            return
        from itemadapter import ItemAdapter

        row = ItemAdapter(item)
        spider.confirm(row.get("url"), row.get("sitemap_lastmod"), row.get("http_etag"), row.get("http_last_modified"))

    def item_error(self, item, response, spider=None, failure=None) -> None:
        self.stats.inc_value(sk.FAILED_PIPELINE_ERROR)
        self.stats.inc_value(sk.OUTCOME_FAILED_PIPELINE_ERROR)
        url = _url_of(item)
        spider = self.crawler.spider if self.crawler is not None else None
        failed = getattr(spider, "failed_urls", None)
        if url and isinstance(failed, dict):
            failed[url] = "pipeline_error"

    def request_dropped(self, request, spider=None) -> None:
        if "rs_source" in request.meta:  # an article request (discovery and listing requests are not URLs we count)
            self.stats.inc_value(sk.DROPPED_DUPLICATE_REQUEST)
            self.stats.inc_value(sk.OUTCOME_DROPPED_DUPLICATE_REQUEST)


def _url_of(item) -> str | None:
    try:
        from itemadapter import ItemAdapter

        return ItemAdapter(item).get("url")
    except (TypeError, ValueError):
        return None
