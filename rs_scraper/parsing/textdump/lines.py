"""Step 1: the dump as lines (``Line``), hard-wrapped dumps rejoined first."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from rs_scraper.parsing import noise
from rs_scraper.parsing.options import TEXT_DUMP as _O
from rs_scraper.parsing.text import collapse


@dataclass
class Line:
    """One line of page text; ``new_block``: it starts a new block (a blank line before it, a new block element)."""

    text: str
    new_block: bool = True


def _wrap_width(raw: list[str]) -> int | None:
    """The column a hard-wrapped dump was wrapped at, or None when it does not look hard-wrapped: no line with a
    space is longer than the wrap width, and some lines fill it while the next line goes on in lower case (a
    sentence broken by the wrapper, not by the page)."""
    spaced = [len(r) for r in raw if " " in r]
    if not spaced:
        return None
    width = max(spaced)
    if not _O.wrap_min <= width <= _O.wrap_max:
        return None
    lower = sum(1 for a, b in pairwise(raw) if b.strip()[:1].islower() and _fills(a, b, width))
    return width if lower >= _O.wrap_lower_min else None


def _fills(line: str, nxt: str, width: int) -> bool:
    """The next line's first word did not fit on this line: the wrapper broke here."""
    words = nxt.split()
    return bool(words) and len(line.rstrip()) + 1 + len(words[0]) > width


def unwrap(text: str) -> str:
    """Rejoin the lines of a hard-wrapped dump: a line that fills the wrap width is continued by the next line
    when that line goes on mid-sentence (this line ends without a full stop, or the next starts in lower case).
    A dump that does not look hard-wrapped is returned unchanged."""
    raw = [r.rstrip() for r in text.splitlines()]
    width = _wrap_width(raw)
    if width is None:
        return text
    out: list[str] = []
    prev = ""  # the last physical line (the width check looks at it, not at the joined line)
    for r in raw:
        if (
            prev.strip()
            and r.strip()
            and _fills(prev, r, width)
            and (not noise.ends_sentence(prev) or r.lstrip()[:1].islower())
        ):
            out[-1] = out[-1] + " " + r.strip()
        else:
            out.append(r)
        prev = r
    return "\n".join(out)


def lines_from_text(text: str) -> list[Line]:
    out: list[Line] = []
    new_block = True
    for raw in text.splitlines():
        line = collapse(raw)
        if not line:
            new_block = True
            continue
        out.append(Line(line, new_block))
        new_block = False
    if out and not any(ln.new_block for ln in out[1:]):
        # A dump without blank lines: every line is its own paragraph (no way to see lists).
        for ln in out:
            ln.new_block = True
    return out
