"""Incremental state from the data directory itself (never from Scrapy's JOBDIR).

Per article, the spider compares a sitemap lastmod with the stored ``fetched_at`` (RsSpider.skip_reason). Per
monthly sitemap, this module gives a *watermark*: the start of the latest **clean** run, minus a margin. A
sitemap whose index lastmod is older than the watermark cannot list anything that run did not already see, so
it is not even downloaded.

A clean run read every sitemap it was offered and lost nothing: it finished, its monitors passed, its
reconciliation balanced, it had no failure of any kind (article, sitemap or feed) and it was unrestricted (no
since/until/sections/limit/urls) against the same RS_BASE_URL. By induction, everything with a lastmod before
its start is stored (or was deliberately not an article). The margin covers a CDN serving a sitemap older than
its lastmod claims. Without a clean run on record (a fresh data dir, deleted runs/, failures every night) there
is no watermark and every sitemap is read: slower, never wrong.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from rs_scraper.timeutil import parse_w3c


def is_clean(manifest: dict, base_url: str) -> bool:
    counts = manifest.get("counts") or {}
    arguments = manifest.get("arguments") or {}
    return (
        manifest.get("finish_reason") == "finished"
        and manifest.get("exit_code") == 0
        and (manifest.get("reconciliation") or {}).get("balanced") is True
        and (manifest.get("settings") or {}).get("RS_BASE_URL", "").rstrip("/") == base_url.rstrip("/")
        and not any(arguments.get(name) for name in ("since", "until", "sections", "limit", "urls"))
        and not any(v for k, v in counts.items()
                    if k.startswith(("rs/failed/", "rs/discovery_failed/", "rs/outcome/failed/"))
                    or k in ("rs/sitemap/invalid", "rs/feed/invalid"))
    )


def last_clean_start(data_dir: str | Path, base_url: str) -> datetime | None:
    latest = None
    for path in (Path(data_dir) / "runs").glob("*.json"):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a damaged manifest only means no watermark from it
        if isinstance(manifest, dict) and is_clean(manifest, base_url):
            started = parse_w3c(manifest.get("started_at"))
            if started and (latest is None or started > latest):
                latest = started
    return latest


def sitemap_watermark(settings) -> datetime | None:
    """The lastmod below which a child sitemap is skipped, or None (read them all)."""
    if not settings.getbool("RS_SITEMAP_SKIP_UNCHANGED", True):
        return None
    started = last_clean_start(settings.get("RS_DATA_DIR"), settings.get("RS_BASE_URL"))
    if started is None:
        return None
    return started - timedelta(hours=settings.getfloat("RS_SITEMAP_SKIP_MARGIN_HOURS", 48))


def known_not_articles(settings) -> dict[str, datetime]:
    """url -> when a run last found it is not an article (``not_articles`` of the run manifests, same base
    URL). A URL that later turned into an article is stored in articles/ and decided from there."""
    base_url = settings.get("RS_BASE_URL").rstrip("/")
    known: dict[str, datetime] = {}
    for path in (Path(settings.get("RS_DATA_DIR")) / "runs").glob("*.json"):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(manifest, dict) or not isinstance(manifest.get("not_articles"), dict):
            continue
        if (manifest.get("settings") or {}).get("RS_BASE_URL", "").rstrip("/") != base_url:
            continue
        for url, when in manifest["not_articles"].items():
            seen = parse_w3c(when) if isinstance(when, str) else None
            if seen and (url not in known or seen > known[url]):
                known[url] = seen
    return known
