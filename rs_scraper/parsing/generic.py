"""The generic body: what a page gives when no layout knows its markup. Never less than plain trafilatura.

1. trafilatura on the page's own tree (parsed once; trafilatura works on its own copy), in precision mode without
   comments (comments are readers' text, not the article's); when that keeps less than a body's worth of words
   while the page holds a dominant text block, recall mode is asked too and the longer answer kept.
2. When our own reading of the page's densest text container says the same (nearly all of trafilatura's words,
   little more), ours is kept: it has the structure trafilatura flattens (subheadings, lists, links, images) and
   our text conventions. Otherwise trafilatura's blocks are the body.
3. A headline, dek, byline or type line that trafilatura kept above the body is not body.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from rs_scraper.parsing import noise
from rs_scraper.parsing.blocks import Block, Body, Image, Link, _escape, assemble
from rs_scraper.parsing.options import MIN_WORDS, TRAFILATURA_OPTIONS, TRAFILATURA_RECALL
from rs_scraper.parsing.page import Page
from rs_scraper.parsing.text import collapse

log = logging.getLogger(__name__)

LinkUrl = Callable[[str], "str | None"]


# --- trafilatura's XML body -> blocks ----------------------------------------------------------------------------

_BLOCKISH = frozenset({"p", "item", "cell", "head", "list", "quote", "row", "table"})
_HEAD_LEVEL = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}


class _FromXml:
    def __init__(self, link_url: LinkUrl) -> None:
        self.link_url = link_url
        self.blocks: list[Block] = []
        self.images: list[Image] = []
        self.groups = 0

    def inline(self, el, skip_lists: bool = False) -> tuple[str, str, list[Link]]:
        """(text, markdown, links) of an element's inline content (refs are links, lb a space)."""
        text: list[str] = [el.text or ""]
        md: list[str] = [_escape(el.text or "")]
        links: list[Link] = []
        for child in el:
            tag = child.tag
            if tag == "list" and skip_lists:
                pass
            elif tag == "ref":
                t, m, _ = self.inline(child)
                label = collapse(t)
                url = self.link_url(child.get("target")) if child.get("target") else None
                text.append(t)
                if url and label:
                    links.append(Link(url, label))
                    before, after = " " if t[:1].isspace() else "", " " if t[-1:].isspace() else ""
                    md.append(f"{before}[{collapse(m)}]({url}){after}")
                else:
                    md.append(m)
            elif tag == "lb":
                text.append(" ")
                md.append(" ")
            elif tag == "graphic":
                self.image(child)
            else:
                t, m, ls = self.inline(child)
                pad = " " if tag in _BLOCKISH else ""
                text.append(pad + t + pad)
                md.append(pad + m + pad)
                links += ls
            text.append(child.tail or "")
            md.append(_escape(child.tail or ""))
        return "".join(text), "".join(md), links

    def image(self, g) -> None:
        src = g.get("src")
        if src:
            self.images.append(Image(src, collapse(g.get("alt")) or None, collapse(g.get("title")) or None, None))

    def add(self, kind: str, el, level=None, group=0, ordered=False) -> None:
        t, m, links = self.inline(el)
        text = collapse(t)
        if text:
            self.blocks.append(Block(kind, text, level, collapse(m), tuple(links), group, ordered))

    def loose(self, text: str | None, quote: bool = False) -> None:
        t = collapse(text)
        if t:
            self.blocks.append(Block("quote" if quote else "paragraph", t, None, _escape(t)))

    def walk(self, el, quote: bool = False) -> None:
        tag = el.tag
        if tag == "p" or tag == "code":
            self.add("quote" if quote else "paragraph", el)
        elif tag == "head":
            self.add("heading", el, _HEAD_LEVEL.get(el.get("rend") or "", 2))
        elif tag == "list":
            self.groups += 1
            self.items(el, 1, self.groups)
        elif tag == "quote":
            if any(c.tag in ("p", "list", "head", "quote", "table") for c in el):
                self.loose(el.text, quote=True)
                for c in el:
                    self.walk(c, quote=True)
                    self.loose(c.tail, quote=True)
            else:
                self.add("quote", el)
        elif tag == "table":
            rows = []
            links: list[Link] = []
            for row in el.iter("row"):
                cells = []
                for cell in row:
                    t, _, ls = self.inline(cell)
                    links += ls
                    if collapse(t):
                        cells.append(collapse(t))
                if cells:
                    rows.append("\t".join(cells))
            if rows:
                self.blocks.append(Block("table", "\n".join(rows), None, "", tuple(links)))
        elif tag == "graphic":
            self.image(el)
        elif tag in ("comments", "note"):
            return
        else:
            self.loose(el.text, quote)
            for c in el:
                self.walk(c, quote)
                self.loose(c.tail, quote)

    def items(self, lst, depth: int, group: int) -> None:
        ordered = (lst.get("rend") or "").startswith("ol")
        for item in lst:
            if item.tag != "item":
                continue
            t, m, links = self.inline(item, skip_lists=True)
            if collapse(t):
                self.blocks.append(Block("list_item", collapse(t), depth, collapse(m), tuple(links), group, ordered))
            for c in item:
                if c.tag == "list":
                    self.items(c, depth + 1, group)


def from_trafilatura(body_el, link_url: LinkUrl) -> Body:
    conv = _FromXml(link_url)
    conv.loose(body_el.text)
    for el in body_el:
        conv.walk(el)
        conv.loose(el.tail)  # trafilatura leaves text between blocks as tails (a paragraph under a <head>)
    return Body(conv.blocks, conv.images, "trafilatura")


def run_trafilatura(root, link_url: LinkUrl, url: str | None = None, recall: bool = False) -> Body:
    """trafilatura's body of the page, as blocks; empty when it finds none or fails."""
    try:
        import trafilatura

        opts: dict[str, Any] = dict(TRAFILATURA_RECALL if recall else TRAFILATURA_OPTIONS)
        doc = trafilatura.bare_extraction(root, url=url, **opts)
    except Exception as exc:  # a third-party layer must never take the parser down
        log.debug("trafilatura failed: %r", exc)
        return Body(method="trafilatura")
    body = getattr(doc, "body", None) if doc is not None else None
    if body is None:
        return Body(method="trafilatura")
    return from_trafilatura(body, link_url)


# --- our reading of the same text ------------------------------------------------------------------------------


def densest_container(page: Page):
    """Where the generic body most likely comes from: the page's densest text container."""
    words, _ = page.paragraph_words()
    return max(words, key=lambda el: words[el]) if words else None


def agree(ours: list[Block], theirs: list[Block], skipped: Sequence[str] = ()) -> bool:
    """Our reading says the same as trafilatura: nearly all of its words are in ours (or in the noise elements our
    reading left out by their markup: captions, credits, embeds), and what we add is little (subheadings, list
    items trafilatura flattened or dropped)."""
    tw = " ".join(b.text for b in theirs).split()
    ow = " ".join(b.text for b in ours).split()
    if not tw or not ow:
        return False
    ours_set = set(ow) | set(" ".join(skipped).split())
    covered = sum(1 for w in tw if w in ours_set) / len(tw)
    return covered >= 0.97 and len(ow) <= len(tw) * 1.12 + 20


_TOKEN = re.compile(r"\w+")


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def _link_share(b: Block) -> float:
    words = len(b.text.split())
    return sum(len(ln.text.split()) for ln in b.links) / words if words else 0.0


def keep_confirmed(ours: list[Block], theirs: list[Block]) -> list[Block]:
    """Our blocks that trafilatura also kept, plus the structure it drops between them: list items and quotes that
    are not mostly link text (a link list or a row of teaser links is navigation), subheadings that introduce
    kept text, and a list right after the last kept block. A paragraph only we read is left out: trafilatura
    judged it chrome (a caption, an ad label, a "Continue reading" line); so is anything else before its first or
    after its last block (share bars, "Related")."""
    their_text = " " + " ".join(_norm(b.text) for b in theirs) + " "
    confirmed = [bool(_norm(b.text)) and f" {_norm(b.text)} " in their_text for b in ours]
    idx = [i for i, c in enumerate(confirmed) if c]
    if not idx:
        return []
    keep = list(confirmed)
    for i in range(idx[0] + 1, idx[-1]):
        b = ours[i]
        if not keep[i] and b.kind in ("list_item", "quote") and _link_share(b) < 0.5:
            keep[i] = True
    # A list that closes the text right after its last kept paragraph ("Congress should: - …") is the text's.
    for i in range(idx[-1] + 1, len(ours)):
        b = ours[i]
        if b.kind != "list_item" or _link_share(b) >= 0.5 or b.group != ours[idx[-1] + 1].group:
            break
        keep[i] = True
    for i in range(idx[-1] - 1, idx[0], -1):  # backwards: a subheading over a kept list counts
        b = ours[i]
        over_kept = keep[i + 1] and ours[i + 1].kind != "heading"
        if not keep[i] and b.kind == "heading" and _link_share(b) < 0.5 and over_kept:
            keep[i] = True
    return [b for b, k in zip(ours, keep, strict=True) if k]


# --- header lines and noise ------------------------------------------------------------------------------------


def is_byline(text: str) -> bool:
    """ "By Jane Doe", "By JANE DOE, Staff Writer" — not "By Tuesday morning, the water had reached the roof."."""
    return (
        text.lower().startswith("by ")
        and len(text.split()) <= 12
        and (not noise.ends_sentence(text) or noise.is_name_like(text))
    )


def strip_header(blocks: list[Block], heads: set[str]) -> list[Block]:
    """Drop a leading headline, dek, type line or byline (``heads``: lower-cased texts of headline and dek)."""
    i = 0
    while i < len(blocks) and (
        blocks[i].text.lower().rstrip(".… ") in heads or noise.type_section(blocks[i].text) or is_byline(blocks[i].text)
    ):
        i += 1
    return blocks[i:]


def filter_noise(blocks: list[Block]) -> list[Block]:
    """Drop text-level noise blocks (chrome lines, shortcodes, "RELATED:" lines, credits, file names) and strip
    shortcodes inside blocks (noise.py's rules, shared with the text-dump cleaner)."""
    out: list[Block] = []
    for b in blocks:
        if noise.is_noise_paragraph(b.text):
            continue
        if "[" in b.text:
            t = noise.strip_shortcodes(b.text)
            if not t:
                continue
            if t != b.text:  # the Markdown is re-derived from the cleaned text
                b = Block(b.kind, t, b.level, "", b.links, b.group, b.ordered)
        out.append(b)
    return out


# --- the generic body ------------------------------------------------------------------------------------------


def generic_body(page: Page, heads: set[str], noise_rules, link_url: LinkUrl, image_of=None) -> Body:
    root = page.root
    theirs = run_trafilatura(root, link_url, page.url)
    _, dominant = page.dominant_block()
    dense = densest_container(page)
    if theirs.words < MIN_WORDS or theirs.words < 0.5 * dominant:
        # Precision mode can drop a whole body, or most of one, that looks like chrome to it (a short piece, a
        # body the page's dominant text block holds twice over): recall mode reads more.
        more = run_trafilatura(root, link_url, page.url, recall=True)
        if more.words > theirs.words:
            theirs = more
            page.note("generic/recall")
    blocks = strip_header(filter_noise(theirs.blocks), heads)
    if not blocks:
        return Body(method="trafilatura")
    if dense is not None:
        ours = assemble(dense, noise_rules, image_of, link_url)
        mine = keep_confirmed(strip_header(filter_noise(ours.blocks), heads), blocks)
        if agree(mine, blocks, ours.skipped):
            page.note("generic/own_reading")
            return Body(mine, ours.images, "trafilatura")
    return Body(relink(root, blocks, noise_rules, link_url), theirs.images, "trafilatura")


# Elements a link's text sits in, as a block: the nearest of these above an <a> is read again for its links.
_LINK_BLOCK = frozenset(
    {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "dd",
        "dt",
        "td",
        "th",
        "figcaption",
        "div",
        "section",
        "article",
    }
)


def relink(root, blocks: list[Block], noise_rules, link_url: LinkUrl) -> list[Block]:
    """trafilatura's blocks with the links of the page element each came from (its text mode drops them): a block
    whose text is exactly that of one block of our reading of an element holding links gets that block's links
    and Markdown. Text is never changed, so a block nothing matches keeps its text, without links."""
    if not any(b.links for b in blocks) and blocks:
        ours: dict[str, Block] = {}
        seen: set = set()
        for a in root.iter("a"):
            if not a.get("href"):
                continue
            el = next((x for x in a.iterancestors() if isinstance(x.tag, str) and x.tag in _LINK_BLOCK), None)
            if el is None or el in seen:
                continue
            seen.add(el)
            for b in assemble(el, noise_rules, None, link_url).blocks:
                if b.links:
                    ours.setdefault(b.text, b)
        if ours:
            out = []
            for b in blocks:
                hit = ours.get(b.text)
                out.append(Block(b.kind, b.text, b.level, hit.md, hit.links, b.group, b.ordered) if hit else b)
            return out
    return blocks
