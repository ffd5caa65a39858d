"""Layers (c) and (d): trafilatura on the pruned page, then the text rules over the page's own text.

Only reached when the layout's selectors find no body container, so the fast path never imports or calls
trafilatura. trafilatura's XML output keeps structure; we format it per our conventions here.
"""

from __future__ import annotations

import logging

from lxml import etree

from rs_scraper.parsing import body as bodymod
from rs_scraper.parsing import textdump
from rs_scraper.parsing.options import TRAFILATURA_OPTIONS
from rs_scraper.parsing.text import collapse

log = logging.getLogger(__name__)

# Page chrome that is never the article, removed before trafilatura / text rules see the page.
FALLBACK_CHROME = bodymod.xp(
    "//header[not(.//h1)] | //nav | //footer | //aside | //form | //figure | //figcaption | //script | //style"
    " | //noscript | //iframe | //svg | //button"
    " | //*[contains(@class,'social') or contains(@class,'share') or contains(@class,'photo-credit')"
    " or contains(@class,'media-caption') or contains(@class,'image-credit') or contains(@class,'wp-caption')"
    " or contains(@class,'menu') or contains(@class,'sidebar') or contains(@class,'comments') or contains(@class,'comment-')"
    " or contains(@class,'related') or contains(@class,'breadcrumb') or contains(@class,'cookie')]"
)


def prune_page(root) -> None:
    # Class fragments also name the article's own wrappers on other sites ("right-sidebar" on <body>,
    # "content-with-sidebar", "has-social-share", "story-body--with-embeds"): those are kept.
    keep = article_wrappers(root)
    bodymod.prune(root, FALLBACK_CHROME, keep)
    # Without a known body container, in-body noise (pull quotes, image shortcodes, embeds) is page-wide noise.
    bodymod.prune_body(root.find("body") if root.find("body") is not None else root, keep)
    prune_link_blocks(root, keep)


def article_wrappers(root, share: float = 0.5) -> frozenset:
    """The densest text block and every element around it, when that block holds at least ``share`` of the
    page's paragraph words: whatever its class says, it is (or wraps) the article, never chrome."""
    best, _ = dominant_block(root, share)
    return frozenset([best, *best.iterancestors()]) if best is not None else frozenset()


def _paragraph_words(root) -> tuple[dict, int]:
    """Words of the page's paragraphs (of 8 words or more) by parent element, and their total."""
    words: dict = {}
    total = 0
    for p in root.iter("p"):
        n = len(p.text_content().split())
        if n >= 8:
            parent = p.getparent()
            if parent is not None:
                words[parent] = words.get(parent, 0) + n
                total += n
    return words, total


def dominant_block(root, share: float = 0.5) -> tuple:
    """(element, words): the element whose direct <p> children hold the most words, if that is at least ``share``
    of the words of all the page's paragraphs; else (None, 0)."""
    words, total = _paragraph_words(root)
    if not words:
        return None, 0
    best = max(words, key=words.get)
    if words[best] < share * total:
        return None, 0
    return best, words[best]


_LINK_BLOCKS = ("div", "ul", "ol", "section", "aside", "dl")


def prune_link_blocks(root, keep=frozenset(), max_words: int = 60, link_share: float = 0.75) -> None:
    """Short blocks that are mostly link text: "Read also: <a>…</a>", teaser cards and link lists set inside the
    body (trafilatura's default precision drops them; our recall mode would keep them)."""
    doomed = []
    for el in root.iter(*_LINK_BLOCKS):
        if el in keep:
            continue
        n = len(el.text_content().split())
        if not n or n > max_words:
            continue
        linked = sum(len(a.text_content().split()) for a in el.iter("a"))
        if linked >= link_share * n:
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def trafilatura_paragraphs(root, title: str | None) -> list[str]:
    try:
        import trafilatura

        xml = trafilatura.extract(root, **TRAFILATURA_OPTIONS)
    except Exception as exc:  # a third-party fallback must never take the parser down
        log.debug("trafilatura failed: %s", exc)
        return []
    if not xml:
        return []
    try:
        doc = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError:
        return []
    main = doc.find("main")
    if main is None:
        return []
    out: list[str] = []
    for el in main:
        _emit(el, out)
    if out and title and collapse(out[0]).lower() == collapse(title).lower():
        out.pop(0)  # trafilatura keeps the <h1>: the headline is not body
    return out


def densest_container(root):
    """The element whose direct <p> children hold the most words: where an unknown layout keeps its body."""
    words, _ = _paragraph_words(root)
    return max(words, key=words.get) if words else None


def agree(ours: list[str], theirs: list[str]) -> bool:
    """Our structured reading of the densest container says the same as trafilatura: nearly all of its words are
    in ours, and what we add is little (subheadings, list items trafilatura flattened or dropped)."""
    tw = " ".join(theirs).split()
    ow = " ".join(ours).split()
    if not tw or not ow:
        return False
    ours_set = set(ow)
    covered = sum(1 for w in tw if w in ours_set) / len(tw)
    return covered >= 0.97 and len(ow) <= len(tw) * 1.12 + 20


def _head_key(block: str) -> str:
    return " ".join(block.split()[:8]).lower()


def _tail_key(block: str) -> str:
    return " ".join(block.split()[-8:]).lower()


def trim_to(ours: list[str], theirs: list[str]) -> list[str]:
    """Our reading of the densest container, cut to where trafilatura's body starts and ends: a byline, a
    "5 min read" line or a share bar in the same container is outside trafilatura's span. Inside the span ours is
    kept as is (it has the structure trafilatura flattens). Unchanged when the ends cannot be matched."""
    if not ours or not theirs:
        return ours
    first, last = _head_key(theirs[0]), _tail_key(theirs[-1])
    if len(first.split()) < 3 or len(last.split()) < 3:
        return ours
    start = next((i for i, b in enumerate(ours) if _head_key(b) == first), None)
    end = next((i for i in range(len(ours) - 1, -1, -1) if _tail_key(ours[i]) == last), None)
    if start is None or end is None or end < start:
        return ours
    return ours[start:end + 1]


def _text(el) -> str:
    parts = [el.text or ""]
    for child in el:
        parts.append(" ")
        parts.append(_text(child))
        parts.append(child.tail or "")
    return collapse("".join(parts))


def _emit(el, out: list[str]) -> None:
    tag = el.tag
    if tag == "list":
        items = [_text(it) for it in el.iter("item")]
        items = [i for i in items if i]
        if items:
            out.append("\n".join(items))
    elif tag == "quote":
        if any(child.tag in ("p", "list", "head", "quote") for child in el):
            for child in el:
                _emit(child, out)
        else:
            s = _text(el)
            if s:
                out.append(s)
    elif tag == "table":
        rows = [" | ".join(c for c in (_text(cell) for cell in row) if c) for row in el.iter("row")]
        rows = [r for r in rows if r]
        if rows:
            out.append("\n".join(rows))
    elif tag in ("p", "head", "code"):
        s = _text(el)
        if s:
            out.append(s)
    elif tag in ("graphic", "comments", "ref"):
        return
    else:
        for child in el:
            _emit(child, out)


def text_rules(root) -> textdump.DumpResult:
    """Layer (d): the page's own text, read as a dump, through the shared text rules."""
    lines: list[textdump.Line] = []
    for block in bodymod.paragraphs(root):
        for j, ln in enumerate(block.split("\n")):
            lines.append(textdump.Line(ln, j == 0))
    return textdump.parse_lines(lines)


def start_at_headline(root, h1) -> None:
    """Drop everything before the headline (menus, header widgets) so the dump starts like an article."""
    for el in h1.xpath("preceding::*"):
        if el.getparent() is not None:
            el.drop_tree()


