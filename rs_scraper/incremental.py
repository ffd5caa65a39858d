"""Incremental state from the data directory itself (never from Scrapy's JOBDIR): what earlier runs saw.

Per article (``decide``): from what the site said, never from our clock. Each row keeps the sitemap
``<lastmod>`` seen when its version was fetched and the response's ``ETag`` / ``Last-Modified``; a later run that
confirms the version (a 304, or a refetch with the same text) records that in its manifest (``revalidated``).
A URL is fetched again when the sitemap's lastmod *differs* from the one we know (a date-only value compares as
a date); one without a lastmod anywhere (the news sitemap, the feed) is revalidated on an age schedule
(RS_REVALIDATE_SCHEDULE); every refetch of a stored URL is a conditional GET, so an unchanged page costs a 304.

Every "unchanged" of the crawl is decided here: a sitemap not read again (``sitemap_unchanged``), a URL not
fetched again (``decide``), a remembered non-article not fetched again (``not_article_unchanged``), and a
refetched page that is the version we hold (``same_version``: dedupe, the Parquet pipeline's refreshed/updated,
revisions/ and the data-dir repair all ask it). A 304 is the site's own "unchanged" (the spider's
``not_modified``).

This module also reads what the run manifests add to that:

- **sitemap records** (``sitemap_records``): a clean run records every monthly sitemap it read in full, with
  the ``<lastmod>`` the sitemap index gave it (``sitemaps`` in its manifest). The next run skips a sitemap only
  when the latest clean run recorded it *at the same lastmod*: a sitemap that did not change cannot list
  anything that run did not already store. Any other sitemap is read.
- **not-articles** (``known_not_articles``): pages a run found not to be articles, skipped until they change;
- **failures** (``previous_failed_urls``): the article URLs the previous crawl failed on (rs_scraper.verdict);
- **confirmations** (``confirmations``): url -> the latest 304 or same-text refetch, with what the site said then.

A clean run is a real crawl that read every sitemap it was offered and lost nothing (``is_clean``): a
``crawl`` kind (not ``scrapy parse|shell|bench|check``), finished with verdict ``ok`` and a balanced
reconciliation, no failure of any kind, no restricting argument (since/until/sections/limit/urls), discovery
not cut short, the same site and the same discovery settings as this run. Its records are used only while
``articles/`` holds at least as many URLs as it did at the end of that run: a dataset that lost rows (a file
quarantined, a partition deleted by hand) reads every sitemap again. Without a clean run on record (a fresh
data dir, deleted runs/, failures every night) every sitemap is read: slower, never wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rs_scraper import statkeys as sk
from rs_scraper.runinfo import jsonable, typed
from rs_scraper.timeutil import parse_w3c
from rs_scraper.validation import RESTRICTING_ARGUMENTS
from rs_scraper.validation import parse_schedule as parse_schedule  # re-exported: the spider reads it here

# Settings that change what discovery reads: a clean run made with other values says nothing about this one.
DISCOVERY_SETTINGS = (
    "RS_SITEMAP_FALLBACKS",
    "RS_FEED_PATH",
    "RS_FEED_FALLBACK_PATHS",
    "RS_FEED_MAX_PAGES",
    "RS_LISTING_FALLBACK_PATHS",
    "RS_LISTING_MAX_PAGES",
    "RS_DEDUPE_STORED",
    "ROBOTSTXT_OBEY",
)
INCOMPLETE_DISCOVERY = sk.INCOMPLETE_DISCOVERY  # set by whatever cuts discovery short (limit, bounds ...)


def discovery_fingerprint(settings) -> dict:
    """The discovery settings of a run, as recorded in its manifest (JSON values)."""
    return {name: jsonable(settings.get(name)) for name in DISCOVERY_SETTINGS}


def site_of(manifest: dict) -> str:
    """The site a manifest's URLs are on: RS_SITE_URL (manifests from before it: RS_BASE_URL, what they stored)."""
    settings = manifest.get("settings") or {}
    return str(settings.get("RS_SITE_URL") or settings.get("RS_BASE_URL") or "").rstrip("/")


def is_clean(manifest: dict, site_url: str, discovery: dict | None = None) -> bool:
    counts = manifest.get("counts") or {}
    arguments = manifest.get("arguments") or {}
    return (
        manifest.get("kind") == "crawl"  # scrapy parse/shell/bench/check, and manifests from before kinds, never
        and manifest.get("finish_reason") == "finished"
        and manifest.get("exit_code") == 0
        and manifest.get("status") == "ok"
        and (manifest.get("reconciliation") or {}).get("balanced") is True
        and site_of(manifest) == site_url.rstrip("/")
        and (discovery is None or manifest.get("discovery") == discovery)
        and all(arguments.get(name) in (None, "", []) for name in RESTRICTING_ARGUMENTS)
        and not counts.get(INCOMPLETE_DISCOVERY)
        and not any(
            v
            for k, v in counts.items()
            if k.startswith((sk.FAILED_PREFIX, sk.DISCOVERY_FAILED_PREFIX, sk.OUTCOME_FAILED_PREFIX))
            or k in (sk.SITEMAP_INVALID, sk.FEED_INVALID)
        )
    )


_PARSED: dict[tuple[str, int, int], dict | None] = {}  # (path, mtime_ns, size) -> manifest: each read once a run


def read_manifests(data_dir: str | Path) -> list[dict]:
    """Every readable run manifest of a data dir, oldest first (a damaged one only means no state from it)."""
    found = []
    for path in (Path(data_dir) / "runs").glob("*.json"):
        if path.name.startswith("_"):
            continue
        try:
            info = path.stat()
            key = (str(path), info.st_mtime_ns, info.st_size)
            if key not in _PARSED:
                manifest = json.loads(path.read_text(encoding="utf-8"))
                # a field of the wrong type reads as absent (verify reports it)
                _PARSED[key] = typed(manifest) if isinstance(manifest, dict) else None
        except (OSError, ValueError):
            continue
        parsed = _PARSED[key]
        if parsed is not None:
            found.append(parsed)
    return sorted(found, key=lambda m: (str(m.get("started_at") or ""), str(m.get("run_id") or "")))


def latest_clean(data_dir: str | Path, site_url: str, discovery: dict | None = None) -> dict | None:
    clean = [m for m in read_manifests(data_dir) if is_clean(m, site_url, discovery)]
    return clean[-1] if clean else None


def sitemap_records(settings, stored_urls: int) -> tuple[dict[str, dict], str]:
    """(sitemap -> {lastmod, read_at} of the latest clean run, why there are none): what this run may skip."""
    if not settings.getbool("RS_SITEMAP_SKIP_UNCHANGED", True):
        return {}, "RS_SITEMAP_SKIP_UNCHANGED is off"
    site_url = settings.get("RS_SITE_URL") or settings.get("RS_BASE_URL")
    clean = latest_clean(settings.get("RS_DATA_DIR"), site_url, discovery_fingerprint(settings))
    if clean is None:
        return {}, "no clean crawl on record"
    records = clean.get("sitemaps")
    if not isinstance(records, dict):
        return {}, "the last clean crawl recorded no sitemap"
    before = clean.get("stored_urls")
    if not isinstance(before, int) or stored_urls < before:
        return {}, (
            f"articles/ holds {stored_urls} URLs, fewer than the {before} after the last clean crawl "
            f"{clean.get('run_id')}"
        )
    return {
        str(k): v
        for k, v in records.items()
        if isinstance(v, dict) and isinstance(v.get("lastmod"), str) and isinstance(v.get("read_at"), str)
    }, ""


def sitemap_unchanged(record: dict | None, lastmod: str | None) -> bool:
    """Whether a child sitemap need not be read: a clean run read it in full at this very lastmod. A date-only
    lastmod read on its own day may hide a change later that day: such a record holds only from the next day."""
    if not record or not lastmod or record.get("lastmod") != lastmod.strip():
        return False
    if not date_only(lastmod):
        return True
    read_at = parse_w3c(record.get("read_at"))
    return read_at is not None and read_at >= day_over(lastmod)


def known_not_articles(settings):
    """url -> its non-article Verdict over the run manifests of this site (rs_scraper.non_articles: only stable,
    non-transient verdicts of healthy nights are ever remembered). A URL that later turned into an article is
    stored in articles/ and decided from there."""
    from rs_scraper.non_articles import history

    site_url = (settings.get("RS_SITE_URL") or settings.get("RS_BASE_URL")).rstrip("/")
    return history(m for m in read_manifests(settings.get("RS_DATA_DIR")) if site_of(m) == site_url)


def previous_failed_urls(data_dir: str | Path, run_id: str | None) -> dict[str, str]:
    """url -> reason of the article URLs that failed on the latest finished crawl before ``run_id``
    (rs_scraper.verdict: a URL that fails on two runs in a row fails the run)."""
    earlier = [
        m
        for m in read_manifests(data_dir)
        if m.get("kind") == "crawl" and m.get("status") != "running" and m.get("run_id") != run_id
    ]
    failed = earlier[-1].get("failed_urls") if earlier else None
    return {str(k): str(v) for k, v in failed.items()} if isinstance(failed, dict) else {}


def confirmations(settings) -> dict[str, dict]:
    """url -> the latest confirmation of its stored version (``revalidated`` of the run manifests, same site):
    ``{"at", "sitemap_lastmod", "etag", "last_modified"}``."""
    site_url = (settings.get("RS_SITE_URL") or settings.get("RS_BASE_URL")).rstrip("/")
    latest: dict[str, dict] = {}
    for manifest in read_manifests(settings.get("RS_DATA_DIR")):
        entries = manifest.get("revalidated")
        if not isinstance(entries, dict) or site_of(manifest) != site_url:
            continue
        for url, entry in entries.items():
            if isinstance(entry, dict) and isinstance(entry.get("at"), str):
                if url not in latest or entry["at"] > latest[url]["at"]:
                    latest[url] = entry
    return latest


# ------------------------------------------------------------------------------------------- per article
@dataclass(frozen=True)
class Known:
    """What we know of a stored URL: its row (the version stored, with what the site said when it was
    fetched), brought up to date by the latest confirmation a later run recorded."""

    checked_at: datetime | None  # the last time the site told us about this version (fetch or confirmation)
    sitemap_lastmod: str | None  # the <lastmod> seen then, verbatim
    etag: str | None
    last_modified: str | None
    published_at: datetime | None
    modified_at: datetime | None


def known_of(stored, confirmation: dict | None = None) -> Known:
    """A stored row (pipelines.index.Stored) and its latest confirmation from a run manifest, if later."""
    known = Known(
        stored.fetched_at,
        stored.sitemap_lastmod,
        stored.http_etag,
        stored.http_last_modified,
        stored.published_at,
        stored.modified_at,
    )
    if not confirmation:
        return known
    at = parse_w3c(confirmation.get("at")) if isinstance(confirmation.get("at"), str) else None
    if at is None or (known.checked_at is not None and at <= known.checked_at):
        return known
    return Known(
        at,
        confirmation.get("sitemap_lastmod") or known.sitemap_lastmod,
        confirmation.get("etag") or known.etag,
        confirmation.get("last_modified") or known.last_modified,
        known.published_at,
        known.modified_at,
    )


# A lastmod compared with our own clock (a row stored before lastmods were kept): a timestamp covers its whole
# second or minute, and the site's clock is not ours, so an edit "at" the time we checked may be after it. Within
# this slack the page is asked again, conditionally (a 304 when it did not change); once its lastmod is stored the
# comparison is with that, not with a clock.
LASTMOD_SLACK = timedelta(minutes=10)


def date_only(lastmod: str) -> bool:
    return len(lastmod.strip()) == 10  # YYYY-MM-DD, the W3C "complete date"


def day_over(lastmod: str) -> datetime:
    """When the day a date-only lastmod names is over in every time zone (UTC-12 .. UTC+14): an edit later that
    day keeps the same lastmod, so only what was read after this instant is known to include it. A day that is
    no date is never over (what it dates is read again)."""
    day = parse_w3c(lastmod.strip()[:10])
    return day + timedelta(hours=24 + 14) if day is not None else datetime.max.replace(tzinfo=UTC)


def same_lastmod(a: str, b: str) -> bool:
    """Whether two sitemap lastmods say the same thing: a date-only value compares as a date (``2026-12-01``
    equals ``2026-12-01T10:00:00Z``), two full values as instants (``…T10:00:00Z`` equals ``…T05:00:00-05:00``)."""
    a, b = a.strip(), b.strip()
    if a == b:
        return True
    if date_only(a) or date_only(b):
        return a[:10] == b[:10]
    first, second = parse_w3c(a), parse_w3c(b)
    return first is not None and first == second


def same_version(stored_hash: str | bytes | None, new_hash: str | bytes | None) -> bool:
    """Whether a fetched page is the version already stored: the same text, by its content_hash
    (rs_scraper.textstats; or the digest of one that pipelines.index.Written keeps). Nothing else counts: a new
    lastmod, ETag or markup with the same text is a confirmation of the stored version (``revalidated``), not a
    new one."""
    return stored_hash == new_hash


def not_article_unchanged(
    verdict, lastmod_date: datetime | None, now: datetime, base_days: float, max_days: float
) -> bool:
    """Whether a remembered non-article verdict (rs_scraper.non_articles.Verdict) still holds for a discovered
    URL: its re-check is not due yet, and the date discovery gives it (lastmod, pubDate) has not moved past the
    last time we saw it a non-article."""
    until = verdict.remembered_until(base_days, max_days)
    return bool(until) and now < until and (lastmod_date is None or lastmod_date <= verdict.last_at)


@dataclass(frozen=True)
class Decision:
    fetch: bool
    reason: str  # new | lastmod_changed | same_day | no_stored_lastmod | feed_modified | due | unchanged | not_due
    headers: dict[str, str] = field(default_factory=dict)  # the conditional request headers of a refetch


def conditional_headers(known: Known) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators the site gave for the stored version."""
    headers = {}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


def revalidation_interval(known: Known, now: datetime, schedule: list[tuple[float, float]]) -> timedelta:
    """How long a version that no sitemap gives a lastmod for is trusted, by the article's age: young articles
    are corrected and updated far more often than old ones. Past the last age, its interval applies."""
    born = known.published_at or known.checked_at or now
    age_days = (now - born).total_seconds() / 86400
    for max_age, hours in schedule:
        if age_days <= max_age:
            return timedelta(hours=hours)
    return timedelta(hours=schedule[-1][1]) if schedule else timedelta(0)


def decide(
    known: Known | None,
    lastmod: str | None,
    lastmod_date: datetime | None,
    now: datetime,
    schedule: list[tuple[float, float]],
    modified: datetime | None = None,
    sitemaps_unchanged: bool = False,
) -> Decision:
    """Whether to fetch a discovered URL, from what the site says now and what we know of it.

    - not stored: fetch;
    - a sitemap lastmod and one known: fetch when they differ. A date-only lastmod is ambiguous until its day
      is over everywhere (an edit later that day keeps it): until we have checked after that, revalidate;
    - a sitemap lastmod, none known (a row from before lastmods were kept, or first found in the feed): fetch
      unless we last checked after it (after its day is over, for a date-only one);
    - found without a lastmod (the news sitemap, the feed, listings): a feed modification date after what we
      hold is a change. One whose sitemap gave a lastmod before is unchanged when every sitemap not read
      tonight was skipped as unchanged (``sitemaps_unchanged``: the one listing it still says the same). Only
      a URL no sitemap ever dated is revalidated, on the age schedule.
    Every refetch of a stored URL carries its validators: an unchanged page costs a 304 and no body."""
    if known is None:
        return Decision(True, "new")
    headers = conditional_headers(known)
    checked = known.checked_at
    if lastmod:
        if known.sitemap_lastmod:
            if not same_lastmod(lastmod, known.sitemap_lastmod):
                return Decision(True, "lastmod_changed", headers)
            if date_only(lastmod) and (checked is None or checked < day_over(lastmod)):
                return Decision(True, "same_day", headers)
            return Decision(False, "unchanged")
        if lastmod_date is None or checked is None:
            return Decision(True, "no_stored_lastmod", headers)
        earlier = checked >= day_over(lastmod) if date_only(lastmod) else lastmod_date + LASTMOD_SLACK <= checked
        return Decision(False, "unchanged") if earlier else Decision(True, "lastmod_changed", headers)
    if (
        modified is not None
        and (known.modified_at is None or modified > known.modified_at)
        and (checked is None or modified > checked)
    ):
        return Decision(True, "feed_modified", headers)
    if known.sitemap_lastmod and sitemaps_unchanged:
        return Decision(False, "unchanged")
    if checked is None or now - checked >= revalidation_interval(known, now, schedule):
        return Decision(True, "due", headers)
    return Decision(False, "not_due")
