"""Layer (d) and ``rs-scraper clean``: recover an article from page text with the text rules of ``noise``.

Input is a sequence of lines, each flagged whether it starts a new block (a blank line before it in a dump;
a new block element in HTML). The page reads, top to bottom: chrome, hero alt/caption, headline (maybe twice),
dek, "<Type> | <Section>", body, lead photo credit, teasers and widgets. The "<Type> | <Section>" line is the
anchor: what is above it is the header, what follows is the body until the first end marker.

How it reads a dump, one module per step:
1. ``lines``: ``unwrap`` rejoins a hard-wrapped dump; ``lines_from_text`` cuts it into ``Line``s.
2. ``kind``: each line is classified once (``Kind``: chrome, credit, type line, byline, …); every later step reads
   those facts instead of asking the text rules again.
3. ``header``: find the anchor, read the header (headline, dek, type, section, credit).
4. ``body``: the body, one body step per line (``BODY_STEPS``, tried in order).
5. ``blocks``: tidy the kept blocks (noise paragraphs, images printed as text, repeats, pull quotes).
Every threshold is in ``rs_scraper.parsing.options.DumpOptions`` (``TEXT_DUMP``).
"""

from __future__ import annotations

from rs_scraper.parsing import noise
from rs_scraper.parsing.textdump.blocks import tidy_blocks
from rs_scraper.parsing.textdump.body import BODY_STEPS, read_body
from rs_scraper.parsing.textdump.header import dek_then_byline, find_anchor, header_around_anchor, header_without_anchor
from rs_scraper.parsing.textdump.kind import Kind, alts_glued, classify, glued_alts
from rs_scraper.parsing.textdump.lines import Line, lines_from_text, unwrap
from rs_scraper.parsing.textdump.result import DumpResult

__all__ = [
    "BODY_STEPS",
    "DumpResult",
    "Kind",
    "Line",
    "alts_glued",
    "classify",
    "clean_text_dump",
    "lines_from_text",
    "parse_lines",
    "unwrap",
]


def parse_lines(lines: list[Line], spaced: bool = False) -> DumpResult:
    """``spaced``: the lines come from a dump that prints an image's alt right above its credit (``alts_glued``),
    so a line glued to a credit is that image's alt and a credit after a blank line has none."""
    return _parse(classify(lines), spaced)


def _parse(ks: list[Kind], spaced: bool) -> DumpResult:
    res = DumpResult()
    anchor = find_anchor(ks)
    if anchor is not None:
        start, caption_credit = header_around_anchor(ks, anchor, res)
    else:
        start, caption_credit = header_without_anchor(ks, res)
    if res.title is not None and res.subtitle is None and start < len(ks):
        # Headline, [dek,] [author box,] byline or date: the dek is the line before the byline.
        tail = dek_then_byline(ks, start, res.title)
        if tail is not None and tail[0] is not None and not noise.type_section(tail[0]):
            res.subtitle, start = tail
    res.blocks = tidy_blocks(read_body(ks, start, res, spaced))
    # A WordPress-era caption "(Photo by X)" names the lead photo's credit when no labelled credit is printed.
    res.image_credit = res.image_credit or caption_credit
    return res


def clean_text_dump(text: str) -> dict:
    """title, subtitle, article_type, section, image_credit and text of a plain-text page dump."""
    if not isinstance(text, str):
        raise TypeError("clean_text_dump expects str")
    ks = classify(lines_from_text(unwrap(text)))  # once, for both questions
    return _parse(ks, glued_alts(ks)).as_dict()
