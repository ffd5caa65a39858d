"""When a page is not an article. Only on positive evidence: the site's path rules, page-level JSON-LD types,
``og:type=profile``, an error title, or a listing shape (many teasers and no dominant text block). The markup we
expected being absent is never a reason: the generic layer reads the page instead.

Path rules come in two strengths. A listing path (``/tag/…``, ``/regions/…``, ``/author/…``, the home page,
``/page/N``) and the bare ``/about/`` page are the site's own ([RS]) and decide alone. A slug that merely starts
like a static page (``/about-bugs/``, ``/contact-tracing-apps``) is weaker than the page: it is an article when
the page carries article metadata or a long body. Both are URL rules, kept with the others in rs_scraper.urls.
"""

from __future__ import annotations

import re

from rs_scraper.parsing.errors import NotArticle
from rs_scraper.parsing.structured import ARTICLE_TYPES, Structured
from rs_scraper.parsing.text import size_in_words
from rs_scraper.urls import path_reason as hard_reason
from rs_scraper.urls import soft_path_reason as soft_reason

# An error page's title is the error and nothing else ("404 | Site", "Page not found - Site"); a headline that
# merely mentions 404 ("Why Section 404 matters") is an article.
_NOT_FOUND = re.compile(
    r"^\W*(?:error\W*)?(?:404(?:\W+(?:error|page not found|not found|page))*|(?:page|article|content)?\W*not found"
    r"|(?:oops\W+)?(?:that |this |the )?page (?:cannot|could not|can't|can\u2019t) be found)\W*$",
    re.I,
)
_ABOUT_TITLE = re.compile(r"^about\b", re.I)
_LD_REASONS = {
    "ProfilePage": "author_page",
    "AboutPage": "about_page",
    "CollectionPage": "listing",
    "SearchResultsPage": "listing",
    "ItemList": "listing",
    "ContactPage": "static_page",
}

# A long body: more words than any about, contact or donation page prints (the site's are 50-300 words).
LONG_BODY_WORDS = 500
# A listing: at least this many headlines linking elsewhere, and no text block of LISTING_MAX_DOMINANT words.
LISTING_MIN_TEASERS = 6
LISTING_MAX_DOMINANT = 150


def url_reason(url: str) -> str | None:
    """Why a URL is not an article, judging by its path alone (http(s) URLs only): hard rules first, then the
    slugs that only look like static pages (the page may overrule those: :func:`soft_reason`)."""
    return hard_reason(url) or soft_reason(url)


def _title_core(title: str) -> str:
    """The page's own part of a <title> ("404 | Responsible Statecraft" -> "404")."""
    return re.split(r"\s+[|\u2013\u2014-]\s+", title.strip(), maxsplit=1)[0]


def before_layout(url: str, root, st: Structured) -> None:
    """The verdicts the page's head decides: hard path rules, page-level JSON-LD types, an error title, a profile."""
    reason = hard_reason(url)
    if reason:
        raise NotArticle(reason, url)
    if not st.jsonld:  # page-level types only count when no article node is present
        for t in st.jsonld_types:
            if t in _LD_REASONS:
                raise NotArticle(_LD_REASONS[t], t)
    if not st.jsonld and _NOT_FOUND.match(_title_core(root.findtext(".//title") or "")):
        raise NotArticle("not_found", "error page")
    if (st.m("og:type") or "").lower() == "profile":
        raise NotArticle("author_page", "og:type=profile")


def has_article_metadata(st: Structured) -> bool:
    """The page says it is an article: an article JSON-LD node, og:type=article, a publication time, a post."""
    return (
        bool(st.jsonld and st.jsonld_types & ARTICLE_TYPES)
        or (st.m("og:type") or "").lower() == "article"
        or bool(st.m("article:published_time"))
        or bool(st.post)
    )


def after_extraction(url: str, st: Structured, article) -> None:
    """The verdicts that need the extracted page: a static-looking slug without article evidence (metadata, a
    byline with a date, or a long body), and an
    "About …" page with nothing of an article's metadata (a saved file has no URL to judge by)."""
    soft = soft_reason(url)
    if (
        soft
        and not has_article_metadata(st)
        and not (article.authors and article.published_at)
        and size_in_words(article.text) < LONG_BODY_WORDS
    ):
        raise NotArticle(soft, url)
    if (
        article.published_at is None
        and not article.authors
        and article.article_type is None
        and _ABOUT_TITLE.match(article.title or "")
    ):
        raise NotArticle("about_page", "title")


def is_listing(teasers: int, dominant_words: int) -> bool:
    """Many headlines linking elsewhere, and no text block that carries the page."""
    return teasers >= LISTING_MIN_TEASERS and dominant_words < LISTING_MAX_DOMINANT
