"""Removing page chrome by evidence, never by guess alone.

An element is removed as chrome only when its layout names it (``Layout.CHROME``) AND the page confirms it:
- it never holds the page's own headline (:meth:`Page.headline_el`);
- it never holds the page's dominant text block, unless the platform itself says the element is another post
  (RebelMouse's ``data-source`` other than ``current_post``): the page's own text is worth more than a class name;
- a ``Teaser`` spec also needs a headline that links to another URL (a teaser is a block whose headline links
  elsewhere).
Scripts, styles and templates are never text (structured data is read before they go).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from rs_scraper.parsing import html
from rs_scraper.parsing.page import Page, inside, precedes

_HEADLINE_LINKS = etree.XPath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or contains(@class, 'headline') or contains(@class, 'title')]"
    "//a[@href] | .//a[@href][contains(@class, 'headline') or contains(@class, 'title')]"
)
_NEVER_TEXT = ("script", "style", "noscript", "template")


@dataclass(frozen=True)
class Teaser:
    """Elements matched by ``spec`` (a Sel or XPath) that are teasers: their headline links to another URL."""

    spec: object


@dataclass(frozen=True)
class OtherPost:
    """Elements matched by ``spec`` that the platform marks as another post than the page's own (strong evidence:
    removed even when they hold the page's densest text)."""

    spec: object


def drop_never_text(root) -> None:
    for el in list(root.iter(*_NEVER_TEXT)):
        if el.getparent() is not None:
            html.drop(el)


def _path(url: str) -> str:
    try:
        p = urlsplit(url)
    except ValueError:
        return url
    return (p.path or "/").rstrip("/")


def links_elsewhere(el, page_url: str) -> bool:
    """A headline inside ``el`` links to another page than this one."""
    own = _path(page_url)
    for a in _HEADLINE_LINKS(el):
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:")) and _path(href) != own:
            return True
    return False


def remove(page: Page, specs) -> int:
    """Remove the chrome ``specs`` name, where the page confirms it. Returns how many elements went."""
    headline = page.headline_el()
    dominant = None
    doomed = []
    for spec in specs:
        strong = isinstance(spec, OtherPost)
        inner = spec.spec if isinstance(spec, (Teaser, OtherPost)) else spec
        for el in page.idx.select(inner):
            if not isinstance(el, etree._Element) or el.getparent() is None:
                continue
            if inside(headline, el):
                continue
            if not strong:
                if dominant is None:
                    found = page.dominant_block()[0]
                    dominant = found if found is not None else False
                if dominant is not False and inside(dominant, el):
                    continue
            if isinstance(spec, Teaser) and not links_elsewhere(el, page.url):
                continue
            doomed.append(el)
    n = 0
    for el in doomed:
        if el.getparent() is not None:
            # The listing-shape verdict counts teasers on the whole page, those removed here included.
            page._cache["removed_teasers"] = page._cache.get("removed_teasers", 0) + count_teasers(el, page.url)
            page.removed(el)
            html.drop(el)
            n += 1
    return n


def in_teaser(el, page_url: str, headline=None, levels: int = 2) -> bool:
    """``el`` is a teaser's text: a close wrapper (``levels`` up) whose headline, set before the text, links to
    another page (and that does not hold the page's own headline)."""
    anc = el
    for _ in range(levels):
        anc = anc.getparent()
        if anc is None or anc.tag in ("body", "html", "main"):
            return False
        if headline is not None and inside(headline, anc):
            return False
        for h in _TEASER_HEADINGS(anc):
            if inside(el, h) or not precedes(h, el, anc):
                continue
            if links_elsewhere(h, page_url):
                return True
    return False


_TEASER_HEADINGS = etree.XPath("descendant-or-self::*[self::h2 or self::h3 or self::h4][.//a]")


def count_teasers(el, page_url: str) -> int:
    """Headlines under ``el`` that link to another page."""
    return sum(1 for h in _TEASER_HEADINGS(el) if links_elsewhere(h, page_url))
