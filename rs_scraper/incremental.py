"""Incremental state from the data directory itself (never from Scrapy's JOBDIR): what earlier runs saw.

Per article, the spider decides from what the site said (RsSpider.skip_reason): the sitemap ``<lastmod>`` and
the HTTP validators stored with the row. This module reads what the run manifests add to that:

- **sitemap records** (``sitemap_records``): a clean run records every monthly sitemap it read in full, with
  the ``<lastmod>`` the sitemap index gave it (``sitemaps`` in its manifest). The next run skips a sitemap only
  when the latest clean run recorded it *at the same lastmod*: a sitemap that did not change cannot list
  anything that run did not already store. Any other sitemap is read.
- **not-articles** (``known_not_articles``): pages a run found not to be articles, skipped until they change;
- **failures** (``previous_failed_urls``): the article URLs the previous crawl failed on (rs_scraper.verdict).

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
from pathlib import Path

from rs_scraper.runinfo import typed
from rs_scraper.validation import RESTRICTING_ARGUMENTS

# Settings that change what discovery reads: a clean run made with other values says nothing about this one.
DISCOVERY_SETTINGS = (
    "RS_SITEMAP_FALLBACKS", "RS_FEED_PATH", "RS_FEED_FALLBACK_PATHS", "RS_FEED_MAX_PAGES",
    "RS_LISTING_FALLBACK_PATHS", "RS_LISTING_MAX_PAGES", "RS_DEDUPE_STORED", "ROBOTSTXT_OBEY",
)
INCOMPLETE_DISCOVERY = "rs/discovery/incomplete"  # set by whatever cuts discovery short (limit, bounds ...)


def discovery_fingerprint(settings) -> dict:
    """The discovery settings of a run, as recorded in its manifest (JSON values)."""
    from rs_scraper.extensions.manifest import _jsonable

    return {name: _jsonable(settings.get(name)) for name in DISCOVERY_SETTINGS}


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
        and not any(v for k, v in counts.items()
                    if k.startswith(("rs/failed/", "rs/discovery_failed/", "rs/outcome/failed/"))
                    or k in ("rs/sitemap/invalid", "rs/feed/invalid"))
    )


def read_manifests(data_dir: str | Path) -> list[dict]:
    """Every readable run manifest of a data dir, oldest first (a damaged one only means no state from it)."""
    found = []
    for path in (Path(data_dir) / "runs").glob("*.json"):
        if path.name.startswith("_"):
            continue
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict):
            found.append(typed(manifest))  # a field of the wrong type reads as absent (verify reports it)
    return sorted(found, key=lambda m: (str(m.get("started_at") or ""), str(m.get("run_id") or "")))


def latest_clean(data_dir: str | Path, site_url: str, discovery: dict | None = None) -> dict | None:
    clean = [m for m in read_manifests(data_dir) if is_clean(m, site_url, discovery)]
    return clean[-1] if clean else None


def sitemap_records(settings, stored_urls: int) -> tuple[dict[str, str], str]:
    """(sitemap -> lastmod the latest clean run read it at, why there are none): the sitemaps this run may skip."""
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
        return {}, (f"articles/ holds {stored_urls} URLs, fewer than the {before} after the last clean crawl "
                    f"{clean.get('run_id')}")
    return {str(k): str(v) for k, v in records.items() if isinstance(v, str) and v}, ""


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
    earlier = [m for m in read_manifests(data_dir)
               if m.get("kind") == "crawl" and m.get("status") != "running" and m.get("run_id") != run_id]
    failed = earlier[-1].get("failed_urls") if earlier else None
    return {str(k): str(v) for k, v in failed.items()} if isinstance(failed, dict) else {}
