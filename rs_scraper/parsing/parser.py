"""Entry point: ``parse_page(html, url) -> Parsed`` (the row and the notes on how it was made) and
``parse_article(html, url) -> Article``. Parse once, read structured data, rule out non-articles on evidence,
hand the page to the layout class the registry picks.

A ``NotArticle`` is a verdict about the page. Any other exception is the parser's failure, raised as
``ParseError``: the spider counts it as ``rs/failed/parse_error`` and never remembers the page as not-an-article.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from rs_scraper.items import Article
from rs_scraper.parsing import chrome, registry, structured, verdict
from rs_scraper.parsing.errors import NotArticle, ParseError
from rs_scraper.parsing.html import parse
from rs_scraper.parsing.page import Page
from rs_scraper.parsing.select import ClassIndex
from rs_scraper.urls import canonicalize as canonical_url

log = logging.getLogger(__name__)

url_reason = verdict.url_reason  # (re-exported: the path rules by URL alone)


@dataclass
class Parsed:
    article: Article
    layout: str = ""
    notes: list[str] = field(default_factory=list)  # stat suffixes: the spider counts rs/extraction/<note>


def _page_url(url: str, st: structured.Structured) -> str:
    """The passed URL (canonicalised). Only when it is not a web URL (a local file) do we fall back on the page's
    own canonical link / og:url — a canonical pointing at another host is otherwise never trusted."""
    if url and url.startswith(("http://", "https://")):
        return canonical_url(url)
    for cand in (st.canonical, st.m("og:url")):
        if cand and cand.startswith(("http://", "https://")):
            return canonical_url(cand)
    return url


def parse_page(html: bytes | str, url: str, *, encoding: str | None = None) -> Parsed:
    try:
        return _parse(html, url or "", encoding)
    except NotArticle:
        raise
    except Exception as exc:  # a bug or input we cannot handle: a failure, counted, never a verdict on the page
        log.warning("parser error on %s: %r", url, exc, exc_info=True)
        raise ParseError(f"{type(exc).__name__}: {exc}"[:200]) from exc


def parse_article(html: bytes | str, url: str, *, encoding: str | None = None) -> Article:
    return parse_page(html, url, encoding=encoding).article


def _mentions_bootstrap(html) -> bool:
    """Whether the page's source names RebelMouse's bootstrap data at all (a byte search, far cheaper than reading
    every inline script's text); UTF-16 pages are not searched, only read."""
    if isinstance(html, str):
        return structured.BOOTSTRAP_MARK.decode() in html
    data = bytes(html)
    return data.startswith((b"\xff\xfe", b"\xfe\xff")) or structured.BOOTSTRAP_MARK in data


def _parse(html: bytes | str, url: str, encoding: str | None) -> Parsed:
    root = parse(html, encoding)
    marked = _mentions_bootstrap(html)
    st = structured.read(root, bootstrap=marked)
    page_url = _page_url(url, st)
    verdict.before_layout(page_url, root, st)
    chrome.drop_never_text(root)  # structured data is read: scripts and styles are never text
    idx = ClassIndex(root)
    page = Page(root, st, page_url, idx)
    layout = registry.pick(idx, st, page_url)
    article = layout.extract(page)
    verdict.after_extraction(page_url, st, article)
    page.note(f"layout/{layout.version}")
    return Parsed(article, layout.version, page.notes)
