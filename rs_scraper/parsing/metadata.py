"""The last generic sources of title, author and date: what trafilatura's metadata extraction finds (its
title and author rules, htmldate for the date), asked only when every earlier source of a field came up empty,
each piece at most once per page (the author rules copy the tree: ~10 ms on a real page; htmldate ~1 ms).

They read the tree as the layout left it: structured data already read, scripts and evidenced chrome (teasers,
other posts, whose bylines and dates are not this page's) gone. trafilatura and htmldate copy what they prune.
"""

from __future__ import annotations

import logging

from rs_scraper.parsing.dates import parse_dated

log = logging.getLogger(__name__)


def _cached(page, key: str, compute):
    if key not in page._cache:
        try:
            page._cache[key] = compute()
        except Exception as exc:  # a third-party layer must never take the parser down
            log.debug("trafilatura metadata (%s) failed: %r", key, exc)
            page._cache[key] = None
        page.note(f"metadata/trafilatura_{key.removeprefix('meta_')}")
    return page._cache[key]


def title(page) -> str | None:
    def compute():
        from trafilatura.metadata import extract_title

        return extract_title(page.root)

    return _cached(page, "meta_title", compute) or None


def author(page) -> str | None:
    def compute():
        try:
            from trafilatura.metadata import extract_author
        except ImportError:  # an internal of trafilatura: fall back on its public entry point
            import trafilatura

            return trafilatura.extract_metadata(page.root, default_url=page.url or None, extensive=False).author
        return extract_author(page.root)

    return _cached(page, "meta_author", compute) or None


def date(page):
    def compute():
        from htmldate import find_date

        # No extensive search (trafilatura.extract_metadata's default): it reads free text and takes a copyright
        # year for a publication day (measured: undated pages got "2022-01-01", an about page turned article).
        found = find_date(
            page.root,
            extensive_search=False,
            original_date=True,
            url=page.url if page.url.startswith(("http://", "https://")) else None,
        )
        # htmldate gives a day (YYYY-MM-DD): a Dated of day precision, as every other date-only source
        return parse_dated(found) if found else None

    return _cached(page, "meta_date", compute)
