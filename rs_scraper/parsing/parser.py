"""Entry point: ``parse_article(html, url) -> Article``. Parse once, read structured data, rule out
non-articles, hand the tree to the layout class the registry picks."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from rs_scraper.items import Article
from rs_scraper.parsing import registry, structured
from rs_scraper.parsing.errors import NotArticle
from rs_scraper.parsing.html import parse
from rs_scraper.parsing.layouts.base import prune_common_chrome
from rs_scraper.parsing.select import ClassIndex
from rs_scraper.urls import canonicalize as canonical_url

log = logging.getLogger(__name__)

# Listing and static pages by path [RS]: /tag/<slug>/, /regions/<region>/, /author/<username>/, /about/.
_PATH_RULES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^/?$"), "listing"),  # home page
    (re.compile(r"^/(?:tags?|topics?|regions?|sections?|categor(?:y|ies)|search|feeds?|res|type|archives?)(?:/|$)",
                re.I), "listing"),
    (re.compile(r"^/(?:[^/]+/)*page/\d+/?$", re.I), "listing"),
    (re.compile(r"^/(?:authors?|contributors?|people|staff)(?:/|$)", re.I), "author_page"),
    # "/about-us", "/privacy-policy", "/newsletter-signup": the word and at most two more; a longer slug
    # ("/newsletter-boom-narrows-the-debate") or one ending in a post id is an article's.
    (re.compile(r"^/about(?:[-_][a-z]+){0,2}(?:/|$)", re.I), "about_page"),
    (re.compile(r"^/(?:contact|donate|privacy(?:-policy)?|terms(?:-of-use)?|submissions?|masthead|newsletters?"
                r"|subscribe|login|signup|sitemap)(?:[-_][a-z]+){0,2}(?:/[^/]*)?/?$", re.I), "static_page"),
)
# An error page's title is the error and nothing else ("404 | Site", "Page not found - Site"); a headline that
# merely mentions 404 ("Why Section 404 matters") is an article.
_NOT_FOUND = re.compile(
    r"^\W*(?:error\W*)?(?:404(?:\W+(?:error|page not found|not found|page))*|(?:page|article|content)?\W*not found"
    r"|(?:oops\W+)?(?:that |this |the )?page (?:cannot|could not|can't|can\u2019t) be found)\W*$", re.I)
_ABOUT_TITLE = re.compile(r"^about\b", re.I)
_LD_REASONS = {"ProfilePage": "author_page", "AboutPage": "about_page", "CollectionPage": "listing",
               "SearchResultsPage": "listing", "ItemList": "listing", "ContactPage": "static_page"}


def _title_core(title: str) -> str:
    """The page's own part of a <title> ("404 | Responsible Statecraft" -> "404")."""
    return re.split(r"\s+[|\u2013\u2014-]\s+", title.strip(), maxsplit=1)[0]


def url_reason(url: str) -> str | None:
    """Why a URL is not an article, judging by its path alone (http(s) URLs only)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    path = parts.path or "/"
    for rx, reason in _PATH_RULES:
        if rx.match(path):
            if reason == "listing" and _DATED_SLUG.search(path) and not _PAGED.search(path):
                continue  # /sections/health/2024/01/10/1223344/some-story: other sites' article paths
            return reason
    return None


# A date in the path followed by a hyphenated slug: an article, whatever section prefix comes before it.
_DATED_SLUG = re.compile(r"/(?:19|20)\d\d/\d\d?/(?:\d\d?/)?(?:\d+/)?[^/]*[a-z][^/]*-[^/]+/?$", re.I)
_PAGED = re.compile(r"/page/\d+/?$", re.I)


def _page_url(url: str, st: structured.Structured) -> str:
    """The passed URL (canonicalised). Only when it is not a web URL (a local file) do we fall back on the page's
    own canonical link / og:url — a canonical pointing at another host is otherwise never trusted."""
    if url and url.startswith(("http://", "https://")):
        return canonical_url(url)
    for cand in (st.canonical, st.m("og:url")):
        if cand and cand.startswith(("http://", "https://")):
            return canonical_url(cand)
    return url


def parse_article(html: bytes | str, url: str, *, encoding: str | None = None) -> Article:
    try:
        return _parse(html, url or "", encoding)
    except NotArticle:
        raise
    except RecursionError:
        raise NotArticle("malformed", "nesting too deep") from None
    except Exception as exc:  # garbage in must never crash a crawl: report it as a non-article
        log.warning("parser error on %s: %r", url, exc, exc_info=True)
        raise NotArticle("parse_error", f"{type(exc).__name__}: {exc}"[:120]) from None


def _parse(html: bytes | str, url: str, encoding: str | None) -> Article:
    root = parse(html, encoding)
    st = structured.read(root)
    page_url = _page_url(url, st)

    reason = url_reason(page_url)
    if reason:
        raise NotArticle(reason, page_url)
    if not st.jsonld:  # page-level types only count when no article node is present
        for t in st.jsonld_types:
            if t in _LD_REASONS:
                raise NotArticle(_LD_REASONS[t], t)
    if not st.jsonld and _NOT_FOUND.match(_title_core(root.findtext(".//title") or "")):
        raise NotArticle("not_found", "error page")
    og_type = (st.m("og:type") or "").lower()
    if og_type == "profile":
        raise NotArticle("author_page", "og:type=profile")

    idx = ClassIndex(root)
    prune_common_chrome(root, idx)  # teasers reuse article markup: they must not vote for a layout
    layout = registry.pick(idx, st)
    try:
        article = layout.parse(root, st, page_url, idx)
    except NotArticle as exc:
        # A site-level page (og:type=website, no article JSON-LD) without a body is a listing.
        if exc.reason in ("no_body", "too_short") and og_type == "website" and not st.jsonld:
            raise NotArticle("listing", f"og:type=website; {exc.reason}") from None
        raise
    # A page with nothing of an article's metadata whose title is "About …" is the about page, whatever its URL
    # (a saved file has none to judge by).
    if (article.published_at is None and not article.authors and article.article_type is None
            and _ABOUT_TITLE.match(article.title or "")):
        raise NotArticle("about_page", "title")
    return article
