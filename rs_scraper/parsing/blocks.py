"""The body as typed blocks, with its links and in-body images collected on the way.

One walk over a body element gives, in page order:
- blocks: ``paragraph``, ``heading`` (level 2-4), ``quote`` (a paragraph of a block quote: a quoted source; pull
  quotes are noise), ``list_item`` (level = nesting depth from 1; the items of one list share a ``group``) and
  ``table`` (cells tab-separated, rows on lines);
- links: every ``<a href>`` of the kept text, absolute, with its text (kept per block, so a block dropped as
  noise takes its links with it);
- images: every in-body image met among the noise (a RebelMouse image shortcode, a ``<figure>``), with its alt,
  caption and credit: they are data, never text.

``text`` (items.py conventions) and ``text_markdown`` are both derived from the blocks (:func:`text_of`,
:func:`markdown_of`). Assembly rules: block elements end a paragraph, inline elements join without added
spaces, a single ``<br>`` is a space and two or more end the paragraph; inside a list item or a table cell every
block boundary is a space.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rs_scraper.parsing.text import collapse, size_in_words

KINDS = ("paragraph", "heading", "quote", "list_item", "table")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass(slots=True)
class Block:
    kind: str
    text: str
    level: int | None = None  # heading: 2-4; list_item: nesting depth (1 = top level)
    md: str = ""  # the text as inline Markdown when it holds links ([text](url)); "" = escaped text
    links: tuple[Link, ...] = ()
    group: int = 0  # list items of one list share a group (text joins them with one newline)
    ordered: bool = False  # list item of an <ol>

    def row(self) -> dict:
        return {"kind": self.kind, "text": self.text, "level": self.level}


@dataclass
class Body:
    """What a body source found: blocks, in-body images, and how (``method``: selectors, structured, generic...)."""

    blocks: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    method: str = ""
    skipped: list[str] = field(default_factory=list)  # texts of the noise elements left out (captions, embeds)

    @property
    def words(self) -> int:
        return sum(size_in_words(b.text) for b in self.blocks)

    @property
    def text(self) -> str:
        return text_of(self.blocks)

    @property
    def links(self) -> list[Link]:
        return [ln for b in self.blocks for ln in b.links]


# --- derived texts ---------------------------------------------------------------------------------------------


def _joins_previous(prev: Block | None, b: Block) -> bool:
    return prev is not None and b.kind == "list_item" and prev.kind == "list_item" and prev.group == b.group


def text_of(blocks: Iterable[Block]) -> str:
    """items.py's ``text``: paragraphs joined by a blank line, consecutive list items one block of lines (two
    lists in a row too: ``text`` must follow from the ``blocks`` column alone, whose rows carry no list
    identity), table cells " | "."""
    parts: list[str] = []
    prev = None
    for b in blocks:
        t = b.text.replace("\t", " | ") if b.kind == "table" else b.text
        if prev is not None and prev.kind == b.kind == "list_item":
            parts[-1] += "\n" + t
        else:
            parts.append(t)
        prev = b
    return "\n\n".join(parts)


def markdown_of(blocks: Iterable[Block]) -> str:
    """The body as Markdown: ``## heading``, ``- item`` / ``1. item`` (indented by depth), ``> quote``, tables as
    pipe tables, links inline. Blocks are separated by a blank line, the items of one list by a newline."""
    parts: list[str] = []
    prev = None
    number: dict[tuple[int, int], int] = {}
    for b in blocks:
        md = b.md or _escape_start(_escape(b.text))
        if b.kind == "heading":
            s = "#" * max(2, min(4, b.level or 2)) + " " + md
        elif b.kind == "quote":
            s = "> " + md
        elif b.kind == "list_item":
            depth = max(1, b.level or 1)
            key = (b.group, depth)
            number[key] = number.get(key, 0) + 1
            marker = f"{number[key]}." if b.ordered else "-"
            s = "  " * (depth - 1) + f"{marker} {md}"
        elif b.kind == "table":
            rows = [r.split("\t") for r in b.text.split("\n")]
            width = max(len(r) for r in rows)
            lines = [
                "| " + " | ".join(_escape(c).replace("|", "\\|") for c in r + [""] * (width - len(r))) + " |"
                for r in rows
            ]
            lines.insert(1, "|" + " --- |" * width)
            s = "\n".join(lines)
        else:
            s = md
        if _joins_previous(prev, b):
            parts[-1] += "\n" + s
        else:
            parts.append(s)
        prev = b
    return "\n\n".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s)")


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _escape_start(md: str) -> str:
    """A paragraph that begins like Markdown syntax ("# 1", "- x", "1. x") is escaped so it stays a paragraph."""
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), md, count=1)


# --- assembly --------------------------------------------------------------------------------------------------

# Tags that never carry body text.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "iframe",
        "img",
        "picture",
        "figure",
        "figcaption",
        "video",
        "audio",
        "object",
        "embed",
        "svg",
        "button",
        "form",
        "template",
        "input",
        "select",
        "textarea",
        "head",
        "title",
        "meta",
        "link",
        "canvas",
        "map",
        "source",
        "track",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "address",
        "center",
        "dl",
        "dt",
        "dd",
        "hr",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "caption",
        "details",
        "summary",
        "fieldset",
        "body",
        "html",
        "nav",
        "li",
    }
)
_LISTS = frozenset({"ul", "ol"})
_HEADINGS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
_BR = "\x00"
_BOLD = frozenset({"strong", "b"})

Noise = Callable[[object], bool]
ImageOf = Callable[[object], "Image | None"]


class Assembler:
    """One walk: ``feed(el)`` the children of a body element, then read ``blocks`` and ``images``.

    ``noise(el)``: an element that is not body (an image shortcode, an embed, an ad): skipped, its tail kept.
    ``image_of(el)``: the in-body image such a noise element shows, if any (recorded, never text).
    ``link_url(href)``: the absolute URL of a link, or None for links that are not citations (javascript:).
    """

    def __init__(
        self,
        noise: Noise | None = None,
        image_of: ImageOf | None = None,
        link_url: Callable[[str], str | None] | None = None,
    ) -> None:
        self.noise = noise or (lambda el: False)
        self.image_of = image_of
        self.link_url = link_url or (lambda href: href or None)
        self.blocks: list[Block] = []
        self.images: list[Image] = []
        self.skipped: list[str] = []
        self._buf: list[str] = []
        self._spans: list[tuple[int, int, str]] = []  # links of the current block: (first piece, end piece, url)
        self._links: list[Link] = []
        self._ctx: list[tuple] = []  # ("heading", level) | ("quote",) | ("item", depth, group, ordered)
        self._inline = 0  # > 0 inside a list item or a table cell: block boundaries are spaces
        self._groups = 0
        self._link_depth = 0

    # text in ------------------------------------------------------------------------------------------------
    def _put(self, s: str) -> None:
        if s:
            self._buf.append(s)

    def _markdown(self) -> str:
        """The current block as inline Markdown (only built when it holds a link: otherwise the escaped text)."""
        out: list[str] = []
        pieces = self._buf
        i = 0
        for start, end, url in self._spans:
            out += [_escape(p) for p in pieces[i:start]]
            inner = "".join(pieces[start:end]).replace(_BR, " ")
            lead = " " if inner[:1].isspace() else ""
            trail = " " if inner[-1:].isspace() else ""
            out.append(f"{lead}[{collapse(_escape(inner))}]({_md_url(url)}){trail}")
            i = end
        out += [_escape(p) for p in pieces[i:]]
        return _escape_start(collapse("".join(out).replace(_BR, " ")))

    def flush(self) -> None:
        if not self._buf:
            self._links.clear()
            self._spans.clear()
            return
        text = collapse("".join(self._buf).replace(_BR, " "))
        md = self._markdown() if self._spans else ""
        links = tuple(self._links)
        self._buf.clear()
        self._spans.clear()
        self._links.clear()
        if not text:
            return
        kind, level, group, ordered = "paragraph", None, 0, False
        for c in reversed(self._ctx):
            if c[0] == "item":
                kind, level, group, ordered = "list_item", c[1], c[2], c[3]
                break
            if c[0] == "heading":
                kind, level = "heading", c[1]
                break
            if c[0] == "quote":
                kind = "quote"
                break
        self.blocks.append(Block(kind, text, level, md, links, group, ordered))

    # the walk -----------------------------------------------------------------------------------------------
    def feed(self, el) -> None:
        """The content of ``el`` (not ``el`` itself: a body container is never noise of itself)."""
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _LISTS:
            self._list(el, 1, tag == "ol")
        elif tag == "table":
            self._table(el)
        else:
            self._children(el)
        self.flush()

    def _children(self, el) -> None:
        self._put(el.text or "")
        for child in el:
            self.walk(child)
            self._put(child.tail or "")

    def walk(self, el) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions, entities
            return
        tag = tag.lower()
        if self.noise(el):
            if self.image_of is not None:
                img = self.image_of(el)
                if img is not None:
                    self.images.append(img)
            if tag not in ("script", "style"):
                self.skipped.append(el.text_content())
            return
        if tag in SKIP_TAGS:
            return
        if tag == "br":
            self._br()
            return
        if tag in _LISTS:
            self.flush()
            depth = next((c[1] for c in reversed(self._ctx) if c[0] == "item"), 0) + 1
            self._list(el, depth, tag == "ol")
            return
        if tag == "table":
            self.flush()
            self._table(el)
            return
        if tag == "a" and el.get("href") and not self._link_depth:
            self._link(el)
            return
        block = tag in BLOCK_TAGS
        if block:
            if self._inline:
                self._put(" ")
            else:
                self.flush()
        pushed = False
        if block and not self._inline:
            if tag in _HEADINGS:
                self._ctx.append(("heading", _HEADINGS[tag]))
                pushed = True
            elif tag == "blockquote":
                self._ctx.append(("quote",))
                pushed = True
            elif tag == "p" and _bold_subhead(el):
                self._ctx.append(("heading", 3))
                pushed = True
        self._children(el)
        if block:
            if self._inline:
                self._put(" ")
            else:
                self.flush()
        if pushed:
            self._ctx.pop()

    def _br(self) -> None:
        """One <br> is a space; a second one (only whitespace between) ends the paragraph."""
        if self._inline or self._link_depth:
            self._put(" ")
            return
        for piece in reversed(self._buf):
            if piece == _BR:
                self._buf.pop()
                self.flush()
                return
            if piece.strip():
                break
        self._buf.append(_BR)

    def _link(self, a) -> None:
        """A link: its text joins the paragraph, its Markdown is [text](url), the link is recorded."""
        href = self.link_url(a.get("href").strip())
        if href is None or any(
            isinstance(c.tag, str) and c.tag.lower() in BLOCK_TAGS | _LISTS for c in a.iter() if c is not a
        ):
            # a card or a javascript: link: its text only
            self._children(a)
            return
        start = len(self._buf)
        self._link_depth += 1
        try:
            self._children(a)
        finally:
            self._link_depth -= 1
        label = collapse("".join(self._buf[start:]).replace(_BR, " "))
        if not label:
            return
        self._spans.append((start, len(self._buf), href))
        self._links.append(Link(href, label))

    def _list(self, lst, depth: int, ordered: bool) -> None:
        if depth == 1:
            self._groups += 1
        group = self._groups
        for li in lst:
            if not isinstance(li.tag, str):
                continue
            tag = li.tag.lower()
            if tag in _LISTS:
                self._list(li, depth + 1, tag == "ol")
                continue
            if self.noise(li):
                continue
            self._ctx.append(("item", depth, group, ordered))
            self._inline += 1
            try:
                self._children(li)
                self.flush()
            finally:
                self._inline -= 1
                self._ctx.pop()

    def _table(self, table) -> None:
        rows = []
        links: list[Link] = []
        for tr in table.iter("tr"):
            cells = []
            for td in tr:
                if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                    continue
                sub = Assembler(self.noise, None, self.link_url)
                sub._inline = 1
                sub._children(td)
                text = collapse("".join(sub._buf).replace(_BR, " "))
                links += sub._links
                if text:
                    cells.append(text)
            if cells:
                rows.append("\t".join(cells))
        if rows:
            text = "\n".join(rows)
            self.blocks.append(Block("table", text, None, "", tuple(links)))


def _bold_subhead(p) -> bool:
    """<p><strong>A short subhead</strong></p>: a paragraph that is one bold run and nothing else."""
    if (p.text or "").strip():
        return False
    kids = [c for c in p if isinstance(c.tag, str) and c.tag.lower() != "br"]
    if len(kids) != 1 or kids[0].tag.lower() not in _BOLD or (kids[0].tail or "").strip():
        return False
    words = kids[0].text_content().split()
    return 0 < len(words) <= 14 and not words[-1].endswith((".", ",", ";"))


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def assemble(
    el, noise: Noise | None = None, image_of: ImageOf | None = None, link_url: Callable[[str], str | None] | None = None
) -> Body:
    asm = Assembler(noise, image_of, link_url)
    asm.feed(el)
    return Body(asm.blocks, asm.images, skipped=asm.skipped)


def paragraphs(el) -> list[str]:
    """The text blocks of an element (a list one block of lines), as :func:`text_of` joins them."""
    body = assemble(el)
    out = text_of(body.blocks)
    return out.split("\n\n") if out else []
