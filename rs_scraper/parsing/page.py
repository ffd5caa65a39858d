"""One page being parsed: the tree (parsed once), its structured data, its URL, and the evidence every layer asks
for, computed once on demand (where the paragraph text is, which element is the page's own headline).

``notes`` collects what the parser decided and why, as stat suffixes (``body/layout/dominant_text``); the spider
counts each as ``rs/extraction/<note>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from rs_scraper.parsing import noise
from rs_scraper.parsing.options import SITE_HOST, SITE_NAME
from rs_scraper.parsing.select import ClassIndex
from rs_scraper.parsing.structured import Structured, plain
from rs_scraper.parsing.text import collapse, size_in_words

# A paragraph of fewer words is a caption, a label or a teaser line, not running text.
PARAGRAPH_MIN_WORDS = 8


@dataclass
class Page:
    root: Any  # the lxml tree (lxml ships no type information)
    st: Structured
    url: str
    idx: ClassIndex
    site_url: str | None = None
    notes: list[str] = field(default_factory=list)
    _cache: dict = field(default_factory=dict)

    def note(self, what: str) -> None:
        self.notes.append(what)

    # --- where the text is ---------------------------------------------------------------------------------
    def paragraph_words(self) -> tuple[dict, int]:
        """Words of the page's paragraphs (<p> of PARAGRAPH_MIN_WORDS or more) by parent element, and their total.
        Recomputed after the tree changed (``forget``)."""
        if "pw" not in self._cache:
            self._cache["pw"] = paragraph_words(self.root)
        return self._cache["pw"]

    def dominant_block(self, share: float = 0.5):
        """(element, words): the element whose direct <p> children hold the most words, when that is at least
        ``share`` of all paragraph words of the page; else (None, 0)."""
        words, total = self.paragraph_words()
        if not words:
            return None, 0
        best = max(words, key=lambda el: words[el])
        return (best, words[best]) if words[best] >= share * total else (None, 0)

    def forget(self) -> None:
        """The tree changed (chrome removed, next article cut): drop cached evidence."""
        for k in ("pw",):
            self._cache.pop(k, None)

    def removed(self, el) -> None:
        """``el`` is about to leave the tree: its paragraphs no longer count (cheaper than counting again)."""
        if "pw" not in self._cache:
            return
        words, total = self._cache["pw"]
        for parent in [p for p in words if inside(p, el)]:
            total -= words.pop(parent)
        self._cache["pw"] = (words, total)

    # --- the page's own headline ---------------------------------------------------------------------------
    def headline_texts(self) -> set[str]:
        """What the page says its headline is, lower-cased: JSON-LD headline, og:title, <title> (site suffix off)."""
        if "heads" not in self._cache:
            st = self.st
            cands = (
                plain(st.jsonld.get("headline")) if st.jsonld else None,
                plain(st.post.get("headline")) if st.post else None,
                noise.strip_title_suffix(st.m("og:title", "twitter:title")),
                _title_core(self.root),
            )
            self._cache["heads"] = {collapse(c).lower() for c in cands if c}
        return self._cache["heads"]

    def headline_el(self):
        """The page's own <h1>: the first whose text is the stated headline, else the first <h1>."""
        if "h1" not in self._cache:
            heads = self.headline_texts()
            first = None
            found = None
            for h in self.root.iter("h1"):
                if first is None:
                    first = h
                t = collapse(h.text_content()).lower()
                if t and any(t == x or x.startswith(t) or t.startswith(x) for x in heads):
                    found = h
                    break
            self._cache["h1"] = found if found is not None else first
        return self._cache["h1"]


def is_site_page(root, st: Structured, url: str = "") -> bool:
    """The page says it is Responsible Statecraft's: its host, og:site_name, JSON-LD publisher or <title> suffix."""
    name = SITE_NAME.lower()
    host = urlsplit(url).hostname or "" if url.startswith(("http://", "https://")) else ""
    if host.removeprefix("www.") == SITE_HOST:
        return True
    if (st.m("og:site_name") or "").lower() == name:
        return True
    pub = st.jsonld.get("publisher") if st.jsonld else None
    if isinstance(pub, dict) and (plain(pub.get("name")) or "").lower() == name:
        return True
    t = root.findtext("head/title") or root.findtext(".//title") or ""
    return bool(t) and noise.strip_title_suffix(t) != collapse(t)


def _title_core(root) -> str | None:
    t = root.findtext("head/title") or root.findtext(".//title")
    return noise.strip_title_suffix(t) if t else None


def paragraph_words(root) -> tuple[dict, int]:
    words: dict = {}
    total = 0
    for p in root.iter("p"):
        n = size_in_words(p.text_content())
        if n >= PARAGRAPH_MIN_WORDS:
            parent = p.getparent()
            if parent is not None:
                words[parent] = words.get(parent, 0) + n
                total += n
    return words, total


def inside(el, container) -> bool:
    if container is None or el is None:
        return False
    if el is container:
        return True
    for anc in el.iterancestors():
        if anc is container:
            return True
    return False


def precedes(a, b, within) -> bool:
    """``a`` comes before ``b`` in document order (both inside ``within``)."""
    for x in within.iter():
        if x is a:
            return True
        if x is b:
            return False
    return False
