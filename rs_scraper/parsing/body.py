"""Pruning and text assembly: lxml element -> body paragraphs per the TEXT CONVENTIONS of ``items.py``.

Assembly walks the tree once: block elements end a paragraph, inline elements join without added spaces,
a list is one block with one item per line, headings and quote paragraphs are paragraphs of their own;
a single <br> is a space and a run of two or more is a paragraph break.
"""

from __future__ import annotations

import re

from lxml import etree

from rs_scraper.parsing.text import collapse


def _cls(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def xp(expr: str) -> etree.XPath:
    return etree.XPath(expr)


# In-body noise (rs-site.md): image shortcodes with caption and credit, pull quotes (they repeat the body),
# newsletter boxes, embeds, and anything that is not text. Class fragments use [class*=...] semantics.
BODY_NOISE_CLASSES = (
    "shortcode-media", "media-caption", "media-photo-credit", "image-media", "photo-credit", "pull-quote",
    "pullquote", "newsletter", "Newsletter", "twitter-tweet", "instagram-media", "tiktok-embed", "rm-embed",
    "embed-", "-embed", "youtube", "wp-caption", "wp-block-image", "wp-block-embed", "sharedaddy",
    "jp-relatedposts", "addtoany", "related-posts", "rebelmouse-related", "ad-slot", "widget__section",
)
BODY_NOISE_TAGS = frozenset({"figure", "figcaption", "img", "picture", "iframe", "script", "style", "noscript",
                             "video", "audio", "object", "embed", "svg", "button", "form", "template", "input",
                             "select", "textarea", "aside"})


# Whole class tokens of the tag list printed after the body (inside it when the body's </div> is missing).
BODY_NOISE_TOKENS = frozenset({"tags", "tags-list", "post-tags", "post-tags-primary", "tags__list", "tag-list"})


def prune_body(el, keep=frozenset()) -> None:
    """Remove in-body noise elements (their tails, which belong to the surrounding text, are kept). ``keep``:
    elements never removed (page-wide, the article's own wrappers: "story-body--with-embeds" is not an embed)."""
    doomed = []
    for node in el.iter():
        if node is el or not isinstance(node.tag, str) or node in keep:
            continue
        cls = node.get("class")
        if (node.tag in BODY_NOISE_TAGS or cls and (any(f in cls for f in BODY_NOISE_CLASSES)
                                                    or not BODY_NOISE_TOKENS.isdisjoint(cls.split()))
                or node.tag.startswith("amp-") and node.tag != "amp-fit-text"):  # AMP media and their placeholders
            doomed.append(node)
    for node in doomed:
        if node.getparent() is not None:
            node.drop_tree()


# Tags that never carry body text.
_SKIP = frozenset({"script", "style", "noscript", "iframe", "img", "picture", "figure", "figcaption", "video",
                   "audio", "object", "embed", "svg", "button", "form", "template", "input", "select", "textarea",
                   "head", "title", "meta", "link", "canvas", "map", "source", "track"})
_BLOCK = frozenset({"p", "div", "section", "article", "main", "header", "footer", "blockquote", "h1", "h2", "h3",
                    "h4", "h5", "h6", "pre", "address", "center", "dl", "dt", "dd", "hr", "table", "tbody",
                    "thead", "tfoot", "tr", "caption", "details", "summary", "fieldset", "body", "html", "nav",
                    "li"})
_LISTS = frozenset({"ul", "ol"})
_BR = "\x00"
_BR_RUN = re.compile(r"\x00(?:\s*\x00)+")


def prune(el, xpath: etree.XPath, keep=frozenset()) -> None:
    for node in xpath(el):
        if node is not el and node not in keep and node.getparent() is not None:
            node.drop_tree()  # keeps the tail text, which belongs to the surrounding flow


class _Assembler:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        self.buf.clear()
        for part in _BR_RUN.split(raw):
            s = collapse(part.replace(_BR, " "))
            if s:
                self.out.append(s)

    def walk(self, el) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions, entities
            return
        tag = tag.lower()
        if tag in _SKIP:
            return
        if tag == "br":
            self.buf.append(_BR)
            return
        if tag in _LISTS:
            self.flush()
            lines = _list_lines(el)
            if lines:
                self.out.append("\n".join(lines))
            return
        if tag == "table":
            self.flush()
            rows = []
            for tr in el.iter("tr"):
                cells = [collapse(_inline_text(td)) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
                cells = [c for c in cells if c]
                if cells:
                    rows.append(" | ".join(cells))
            if rows:
                self.out.append("\n".join(rows))
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self.flush()


def _inline_text(el) -> str:
    parts: list[str] = []
    if el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and child.tag.lower() not in _SKIP:
            parts.append(" " if child.tag.lower() in _BLOCK or child.tag == "br" else "")
            parts.append(_inline_text(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _list_lines(lst) -> list[str]:
    """One line per item; nested lists continue the same block (their items are lines too)."""
    lines: list[str] = []
    for li in lst:
        if not isinstance(li.tag, str):
            continue
        if li.tag.lower() in _LISTS:
            lines.extend(_list_lines(li))
            continue
        buf: list[str] = [li.text or ""]
        for child in li:
            ctag = child.tag.lower() if isinstance(child.tag, str) else ""
            if ctag in _LISTS:
                s = collapse("".join(buf))
                if s:
                    lines.append(s)
                buf = []
                lines.extend(_list_lines(child))
            elif ctag and ctag not in _SKIP:
                buf.append(" " if ctag in _BLOCK or ctag == "br" else "")
                buf.append(_inline_text(child))
            if child.tail:
                buf.append(child.tail)
        s = collapse("".join(buf))
        if s:
            lines.append(s)
    return lines


def paragraphs(el) -> list[str]:
    """The paragraphs (list blocks included) of an element, in document order."""
    asm = _Assembler()
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _LISTS:
        return ["\n".join(_list_lines(el))]
    if el.text:
        asm.buf.append(el.text)
    for child in el:
        asm.walk(child)
        if child.tail:
            asm.buf.append(child.tail)
    asm.flush()
    return asm.out
