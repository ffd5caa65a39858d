"""Layer (d): the text rules over the page's own text, the last resort when neither the layout nor trafilatura
finds a body (a page whose text is only <br>-separated lines, or one trafilatura judges all chrome)."""

from __future__ import annotations

from rs_scraper.parsing import html, textdump
from rs_scraper.parsing.blocks import paragraphs


def text_rules(root) -> textdump.DumpResult:
    """The page's own text, read as a dump, through the shared text rules."""
    lines: list[textdump.Line] = []
    for block in paragraphs(root):
        for j, ln in enumerate(block.split("\n")):
            lines.append(textdump.Line(ln, j == 0))
    return textdump.parse_lines(lines)


def start_at_headline(root, h1) -> None:
    """Drop everything before the headline (menus, header widgets) so the dump starts like an article."""
    for el in h1.xpath("preceding::*"):
        if el.getparent() is not None:
            html.drop(el)
