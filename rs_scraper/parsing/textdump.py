"""Layer (d) and ``rs-scraper clean``: recover an article from page text with the text rules of ``noise``.

Input is a sequence of lines, each flagged whether it starts a new block (a blank line before it in a dump;
a new block element in HTML). The page reads, top to bottom: chrome, hero alt/caption, headline (maybe twice),
dek, "<Type> | <Section>", body, lead photo credit, teasers and widgets. The "<Type> | <Section>" line is the
anchor: what is above it is the header, what follows is the body until the first end marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rs_scraper.parsing import noise
from rs_scraper.parsing.authors import clean_authors
from rs_scraper.parsing.dates import parse_date
from rs_scraper.parsing.options import KNOWN_TYPES
from rs_scraper.parsing.text import collapse

# Where to look for the "<Type> | <Section>" anchor: among the first lines that are not chrome; further down (a dump
# that starts with the site's menu) only a line with a known type counts.
_ANCHOR_WINDOW = 8
_ANCHOR_WIDE = 40
# Chrome that may sit anywhere (injected widget labels): skipped, never ends the body.
_EMBED_ATTRIBUTION = re.compile(r"^[—–-]\s*[^()\n]{0,80}\(@\w{1,30}\)")
# A teaser without an image alt: credit, headline, section, one to three paragraphs, then its toggle.
_TEASER_SPAN = 8
_SOFT_CHROME = frozenset({"google cta", "share", "advertisement", "share this article"})


@dataclass
class Line:
    text: str
    new_block: bool = True


@dataclass
class DumpResult:
    title: str | None = None
    subtitle: str | None = None
    article_type: str | None = None
    section: str | None = None
    image_credit: str | None = None
    blocks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)

    def as_dict(self) -> dict:
        return {"title": self.title, "subtitle": self.subtitle, "article_type": self.article_type,
                "section": self.section, "image_credit": self.image_credit, "text": self.text}


# A hard-wrapped dump (lynx, html2text, `fold -s`): no line with a space is longer than the wrap width, and some
# lines fill it while the next line goes on in lower case (a sentence broken by the wrapper, not by the page).
_WRAP_MIN, _WRAP_MAX, _WRAP_LOWER = 40, 100, 2


def _wrap_width(raw: list[str]) -> int | None:
    """The column a hard-wrapped dump was wrapped at, or None when it does not look hard-wrapped."""
    spaced = [len(r) for r in raw if " " in r]
    if not spaced:
        return None
    width = max(spaced)
    if not _WRAP_MIN <= width <= _WRAP_MAX:
        return None
    lower = sum(1 for a, b in zip(raw, raw[1:]) if b.strip()[:1].islower() and _fills(a, b, width))
    return width if lower >= _WRAP_LOWER else None


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
        if prev.strip() and r.strip() and _fills(prev, r, width) and (
                not noise.ends_sentence(prev) or r.lstrip()[:1].islower()):
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


def _is_soft(line: str) -> bool:
    return line.lower() in _SOFT_CHROME


def _header(lines: list[str]) -> tuple[str | None, str | None, str | None, str | None]:
    """(title, dek, labelled credit, "(Photo by …)" caption credit) from the lines above the anchor."""
    credit = caption_credit = None
    cands: list[str] = []
    for j, ln in enumerate(lines):
        if noise.is_chrome(ln) or noise.is_filename(ln) or noise.is_shortcode(ln) or noise.is_menu(ln):
            continue
        c = noise.credit_of(ln)
        if c is not None:
            if not _teaser_ahead(lines, j):
                credit = credit or c
            continue
        if noise.is_photo_caption(ln):
            caption_credit = caption_credit or noise.photo_by(ln)
            continue  # WordPress-era caption above the headline
        ln = noise.strip_title_suffix(ln) or ln
        # Headline printed twice, or the hero alt is the headline again: keep one (the later) copy.
        cands = [c for c in cands if c.lower() != ln.lower()]
        cands.append(ln)
    title, dek = _title_dek(cands)
    return title, dek, credit, caption_credit


def _teaser_ahead(lines: list[str], j: int) -> bool:
    """The credit at j belongs to a teaser (a sidebar above the article): its "keep reading" toggle follows
    before any other credit."""
    for t in lines[j + 1:j + 1 + _TEASER_SPAN]:
        if noise.is_toggle(t):
            return True
        if noise.credit_of(t) is not None or noise.type_section(t):
            return False
    return False


def _title_dek(cands: list[str]) -> tuple[str | None, str | None]:
    if not cands:
        return None, None
    if len(cands) == 1:
        return cands[0], None
    if len(cands) == 2:
        first, second = cands
        if (noise.is_name_like(first) and not noise.ends_sentence(first) and not noise.is_name_like(second)
                and len(first.split()) <= 8):
            # A capitalised name or caption ("Israeli Prime Minister Benjamin Netanyahu", "Pentagon") above a
            # sentence-case line: the hero alt, then the headline (RS headlines and deks are sentence case).
            return second, None
        if noise.ends_sentence(second) and not second.endswith("?"):
            return first, second  # headline, dek
        if len(first.split()) <= 4 and len(second.split()) > len(first.split()):
            return second, None  # short hero caption ("US Congress"), headline
        return first, second
    # Menu items, hero alt/caption lines, then the headline and maybe a dek: judge the last two as a pair.
    return _title_dek(cands[-2:])


def parse_lines(lines: list[Line], spaced: bool = False) -> DumpResult:
    """``spaced``: the lines come from a dump that prints an image's alt right above its credit (``alts_glued``),
    so a line glued to a credit is that image's alt and a credit after a blank line has none."""
    res = DumpResult()
    texts = [ln.text for ln in lines]
    caption_credit = None

    # 1. Anchor: the first "<Type> | <Section>" among the first non-chrome lines.
    anchor = None
    seen = 0
    for i, t in enumerate(texts):
        if noise.is_chrome(t):
            continue
        ts = noise.type_section(t)
        if ts and (seen <= _ANCHOR_WINDOW or ts[0] in KNOWN_TYPES):
            anchor = i
            break
        seen += 1
        if seen > _ANCHOR_WIDE or noise.looks_like_body(t) and len(t.split()) >= 40:
            break

    if anchor is not None:
        res.article_type, res.section = noise.type_section(texts[anchor])
        res.title, res.subtitle, res.image_credit, caption_credit = _header(texts[:anchor])
        start = anchor + 1
        kicker = _kicker(texts, start)
        if kicker is not None:
            # "<Type> | <Section>" printed above the headline (a kicker): headline, maybe a dek, then the byline.
            res.title, res.subtitle, start = kicker
        elif res.title is None and (dek := _dek_then_byline(texts, start, "")) is not None and dek[0] is not None \
                and noise.ends_sentence(dek[0]) and not dek[0].endswith("?"):
            # No headline printed (it is only in <title>): a sentence, then the author box or date, is the dek.
            res.subtitle, start = dek
        elif res.title is None:
            # Kicker above the headline: the headline is the first line below the anchor.
            start, caption_credit = _skip_to_title(texts, start, res)
    else:
        found = _byline_header(texts)
        if found is not None:
            # No type line: the headline [and dek] are the lines right above the first byline / date / author box
            # (menus, cookie banners and teasers come before them).
            res.title, res.subtitle, res.image_credit, caption_credit, start = found
        else:
            start, caption_credit = _skip_to_title(texts, 0, res)
    if res.title is not None and res.subtitle is None and start < len(texts):
        # Headline, [dek,] [author box,] byline or date: the dek is the line before the byline.
        tail = _dek_then_byline(texts, start, res.title)
        if tail is not None and tail[0] is not None and not noise.type_section(tail[0]):
            res.subtitle, start = tail

    _body(lines, start, res, spaced)
    # A WordPress-era caption "(Photo by X)" names the lead photo's credit when no labelled credit is printed.
    res.image_credit = res.image_credit or caption_credit
    return res


def _kicker(texts: list[str], i: int) -> tuple[str, str | None, int] | None:
    """(headline, dek, body start) when the lines below the type line read headline, [dek,] byline or date."""
    n = len(texts)
    while i < n and (_is_soft(texts[i]) or noise.is_soft_chrome(texts[i])):
        i += 1
    if i >= n:
        return None
    head = texts[i]
    if (_is_byline(head) or _is_dateline(head) or noise.type_section(head) or noise.is_chrome(head)
            or len(head.split()) > 25 or noise.ends_sentence(head) and not head.endswith("?")):
        return None
    tail = _dek_then_byline(texts, i + 1, head)
    if tail is None:
        return None
    title = noise.strip_title_suffix(head) or head
    return title, tail[0], tail[1]


def _dek_then_byline(texts: list[str], i: int, head: str) -> tuple[str | None, int] | None:
    """(dek, index of the byline/date) when the lines from i read [dek,] [author box,] byline or date."""
    n = len(texts)
    for k in range(i, min(n, i + 6)):
        if (_is_byline(texts[k]) or _is_dateline(texts[k])
                or k >= i and k + 1 < n and _is_author_name(texts[k])
                and (_is_bio_of(texts[k + 1], texts[k]) or noise.looks_like_body(texts[k + 1]))):
            between = [t for t in texts[i:k] if not (_is_soft(t) or noise.is_soft_chrome(t))
                       and t.lower() != head.lower()]
            # An author box printed before the date: the name (no "By"), then maybe "<Name> is a …" (its bio).
            while between and (_is_author_name(between[-1])
                                or len(between) >= 2 and _is_bio_of(between[-1], between[-2])):
                if len(between) >= 2 and _is_bio_of(between[-1], between[-2]):
                    between.pop()
                between.pop()
            if len(between) > 1 or between and noise.looks_like_body(between[0]) and len(between[0].split()) > 40:
                return None
            return (between[0] if between else None), k
    return None


def _byline_header(texts: list[str]):
    """(title, dek, credit, caption credit, body start) from the lines above the first byline or date line within
    the page's top, when the headline sits right above it (after an optional dek and author box)."""
    for k, t in enumerate(texts[:_ANCHOR_WIDE]):
        if noise.looks_like_body(t) and len(t.split()) >= 40:
            return None
        if not (_is_byline(t) or _is_dateline(t)):
            continue
        j = k
        while j > 0 and (_is_author_name(texts[j - 1]) or j > 1 and _is_bio_of(texts[j - 1], texts[j - 2])):
            j -= 2 if j > 1 and _is_bio_of(texts[j - 1], texts[j - 2]) else 1
        if j == 0:
            return None
        title, dek, credit, caption_credit = _header(texts[:j])
        if title is None or noise.looks_like_body(title) and len(title.split()) > 25:
            return None
        return title, dek, credit, caption_credit, k
    return None


# "(Reuters/Evelyn Hockstein)", "(DoD photo)", "(Photo by X)": a photo credit in parentheses ending a caption.
_PAREN_CREDIT = re.compile(r"\((?:[^()]*\b(?:photos?|images?|getty|reuters|ap|afp|shutterstock|courtesy|via)\b[^()]*"
                           r"|[^()\s]*[A-Z]\w*/[A-Z][^()]*)\)\.?$", re.I)
_WATCH = re.compile(r"^(?:watch|video|listen)\s*:", re.I)


def _is_inbody_media(line: str) -> bool:
    """An in-body image or video printed as text: a caption ending with its credit in parentheses, a
    "Watch: …" video title, a one-word lower-case alt ("map", "slide")."""
    words = len(line.split())
    return (words <= 30 and bool(_PAREN_CREDIT.search(line))
            or words <= 12 and bool(_WATCH.match(line)) and not noise.ends_sentence(line)
            or words == 1 and line.isalpha() and line.islower())


def _is_author_name(line: str) -> bool:
    """"Ryan Costello", "Ann SmithBo Lee" (two linked names glued), "Sarah Leah Whitson and Ryan Costello"."""
    return (len(line.split()) <= 8 and noise.is_name_like(line) and not noise.ends_sentence(line)
            and not noise.type_section(line) and not noise.is_chrome(line))


def _is_bio_of(line: str, name: str) -> bool:
    return line.startswith((name + " is ", name + " was ", name + " has "))


def _skip_to_title(texts: list[str], i: int, res: DumpResult) -> tuple[int, str | None]:
    """No header above: take the first real line as the headline; skip its repeats.
    Returns the body start and a caption's "(Photo by …)" credit."""
    n = len(texts)
    caption_credit = None
    while i < n:
        t = texts[i]
        c = noise.credit_of(t)
        if noise.is_photo_caption(t):
            caption_credit = caption_credit or noise.photo_by(t)
        if c is not None:
            res.image_credit = res.image_credit or c
        elif not (noise.is_chrome(t) or noise.is_filename(t) or noise.is_shortcode(t) or noise.is_photo_caption(t)):
            break
        i += 1
    if i >= n:
        return n, caption_credit
    title = noise.strip_title_suffix(texts[i]) or texts[i]
    res.title = title
    i += 1
    while i < n and ((noise.strip_title_suffix(texts[i]) or "").lower() == title.lower() or _is_soft(texts[i])):
        i += 1
    return i, caption_credit


def _is_byline(line: str) -> bool:
    return line.lower().startswith("by ") and len(line.split()) <= 15 and not noise.ends_sentence(line)


def _is_hero_alt(line: str) -> bool:
    """Before the first paragraph: a short line that is not a sentence ("US Congress") is the hero image's alt."""
    return len(line.split()) <= 4 and not noise.ends_sentence(line) and not line.endswith(":")


_NUMERIC_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})$|^\d{4}-\d{2}-\d{2}$")


def _is_dateline(line: str) -> bool:
    """"June 16, 2024", "29 November 2025", "02.18.2022" (RebelMouse's social-date), "2024-06-16"."""
    return len(line.split()) <= 6 and (bool(_NUMERIC_DATE.match(line)) or parse_date(line) is not None)


def _teaser_credit_ahead(lines: list[Line], i: int) -> bool:
    """The credit at i is a teaser's (its image had no alt line): the teaser's "keep reading" toggle comes before
    any other credit or "<Type> | <Section>" line. The lead photo's credit is followed by the type line again or
    by the first teaser's own credit."""
    for k in range(i + 1, min(len(lines), i + 1 + _TEASER_SPAN)):
        t = lines[k].text
        if noise.is_toggle(t):
            return True
        if (noise.credit_of(t) is not None or noise.type_section(t) or noise.is_tags_line(t)
                or noise.is_chrome(t) or _starts_author_box(lines, k)):
            return False
    return False


def alts_glued(lines: list[Line]) -> bool:
    """Whether this dump prints an image's alt right above its credit, with no blank line between (the seed's
    teasers): some credit line is glued to a line that is neither chrome nor another credit, or has the
    "<Type> | <Section>" line glued below it (the seed's "Photos: …" then "Analysis | Latin America")."""
    for k in range(1, len(lines)):
        if noise.credit_of(lines[k].text) is None:
            continue
        if k + 1 < len(lines) and not lines[k + 1].new_block and noise.type_section(lines[k + 1].text):
            return True
        if lines[k].new_block:
            continue
        above = lines[k - 1].text
        if not (noise.is_chrome(above) or noise.credit_of(above) is not None or noise.type_section(above)):
            return True
    return False


def _body(lines: list[Line], start: int, res: DumpResult, spaced: bool = False) -> None:
    blocks: list[list[str]] = []
    authors: set[str] = set()
    i, n = start, len(lines)
    last_kept = -1
    while i < n:
        ln = lines[i]
        t = ln.text
        if not blocks and (_is_byline(t) or _is_dateline(t) or _is_hero_alt(t) or _is_author_name(t)
                           or i > start and _is_bio_of(t, lines[i - 1].text)):
            # Byline, author box and date between the type line and the body (printed by some captures).
            authors |= {a.lower() for a in clean_authors([t])} if _is_byline(t) else set()
            i += 1
            continue
        if not blocks and noise.credit_of(t) is not None:
            # The hero image's credit printed above the body: the lead photo's credit.
            res.image_credit = res.image_credit or noise.credit_of(t)
            i += 1
            continue
        if (_is_soft(t) or noise.is_soft_chrome(t) or noise.is_filename(t) or noise.is_shortcode(t)
                or noise.is_related(t) or _is_inbody_media(t)
                or i + 1 < n and noise.is_soft_chrome(lines[i + 1].text) and len(lines[i + 1].text.split()) >= 6
                and len(t.split()) <= 12 and not noise.ends_sentence(t) and noise.credit_of(t) is None):
            # ... and a newsletter box's own heading ("Stay up to date …" right above the blurb).
            i += 1
            continue
        if noise.is_tags_line(t) or t.lower() in authors or _starts_author_box(lines, i):
            break  # tags, then the author box: the body is over
        if _EMBED_ATTRIBUTION.match(t):
            # "— Name (@handle) March 3, 2024": an embedded post; the block above it is the post's text.
            if blocks and len(" ".join(blocks[-1]).split()) <= 60:
                blocks.pop()
            i += 1
            continue
        resume = _body_after_teasers(lines, i) if blocks else None
        if resume is not None:
            # Teasers of other articles printed in the middle of the body ([alt,] [credit,] headline, section,
            # blurb, "keep reading"), with body paragraphs after them: drop the teaser lines already taken (its
            # alt above its credit; its headline, section and blurb above a toggle) and read on.
            _drop_teaser_head(blocks, lines, i)
            i = resume
            continue
        credit = noise.credit_of(t)
        if credit is not None:
            # A credit ends the body. Right after a body paragraph it is the lead photo's credit; after a short
            # line it belongs to a teaser whose image alt we already took for body: give that line back.
            # ... unless that line ends an in-body image (alt, caption, credit) or is a pull quote: then the credit
            # still is the lead photo's.
            last = blocks[-1][-1] if blocks else ""
            after_image = blocks and (noise.is_bare_credit(last) or len(blocks) >= 2 and blocks[-1] == blocks[-2]
                                      or len(blocks) >= 3 and blocks[-2] == blocks[-3]
                                      or len(last.split()) >= 5 and any(last in " ".join(b) for b in blocks[:-1]))
            if spaced and not after_image:
                # This dump prints an image's alt right above its credit, with no blank line between (the seed's
                # teasers). A credit after a blank line then has no alt above it: the block before it is body,
                # however short; the credit is the lead photo's unless its teaser's toggle follows.
                if blocks and last_kept == i - 1 and not ln.new_block:
                    blocks[-1].pop()
                    if not blocks[-1]:
                        blocks.pop()
                elif res.image_credit is None and not _teaser_credit_ahead(lines, i):
                    res.image_credit = credit
            elif (blocks and not after_image and len(blocks[-1]) == 1 and not noise.looks_like_body(blocks[-1][-1])
                  and _teaser_credit_ahead(lines, i)):
                blocks[-1].pop()
                if not blocks[-1]:
                    blocks.pop()
            elif res.image_credit is None:
                res.image_credit = credit
            break
        if noise.type_section(t):
            # The type line repeated below the body: teasers follow; a plain credit may sit right after it.
            if i + 1 < n and res.image_credit is None:
                nxt = lines[i + 1].text
                if noise.credit_of(nxt) is not None and not noise.is_teaser_credit(nxt):
                    res.image_credit = noise.credit_of(nxt)
            break
        if noise.is_chrome(t):
            # The body's own end toggle ("keep reading", "Read more"): the lead photo's credit may follow it.
            k = _next_real(lines, i + 1)
            if (res.image_credit is None and blocks and (noise.is_toggle(t) or t.lower() == "read more") and k < n
                    and noise.credit_of(lines[k].text) is not None and not _teaser_credit_ahead(lines, k)):
                res.image_credit = noise.credit_of(lines[k].text)
            break
        if ln.new_block or not blocks:
            blocks.append([t])
        else:
            blocks[-1].append(t)
        last_kept = i
        i += 1
    res.blocks = _drop_repeats(noise.filter_paragraphs(["\n".join(b) for b in blocks]))


def _next_real(lines: list[Line], k: int) -> int:
    while k < len(lines) and (_is_soft(lines[k].text) or noise.is_soft_chrome(lines[k].text)):
        k += 1
    return k


def _body_after_teasers(lines: list[Line], i: int) -> int | None:
    """At a credit or a "keep reading" toggle inside the body: when it starts (or ends) a run of teasers and a body
    paragraph follows the run's last toggle, the index of that paragraph; else None (the body is over)."""
    n = len(lines)
    k = i
    found = False
    if noise.is_chrome(lines[i].text) and not noise.is_toggle(lines[i].text):
        # A widget heading ("Around the web") right above the teasers.
        k = _next_real(lines, i + 1)
        if k + 1 < n and noise.credit_of(lines[k].text) is None and not noise.looks_like_body(lines[k].text):
            k += 1
        if k >= n or noise.credit_of(lines[k].text) is None:
            return None
    while k < n:
        t = lines[k].text
        if noise.is_toggle(t):
            end = k
        elif noise.credit_of(t) is not None:
            end = next((m for m in range(k + 1, min(n, k + 1 + _TEASER_SPAN)) if noise.is_toggle(lines[m].text)),
                       None)
            if end is None or any(noise.credit_of(lines[m].text) is not None or noise.type_section(lines[m].text)
                                  or noise.is_chrome(lines[m].text) and not noise.is_toggle(lines[m].text)
                                  for m in range(k + 1, end)):
                return None
        else:
            break
        found = True
        k = _next_real(lines, end + 1)
        if k + 1 < n and noise.credit_of(lines[k + 1].text) is not None and not noise.looks_like_body(lines[k].text):
            k += 1  # the next teaser's image alt, then its credit
    if not found or k >= n:
        return None
    t = lines[k].text
    # A body paragraph, or a list (lines glued to each other, none of them a credit).
    is_list = k + 1 < n and not lines[k + 1].new_block and noise.credit_of(lines[k + 1].text) is None
    if (not (noise.looks_like_body(t) or is_list) or noise.is_chrome(t) or noise.type_section(t) or _starts_author_box(lines, k)
            or noise.is_tags_line(t) or k > 0 and _is_bio_of(t, lines[k - 1].text)):
        return None
    return k


def _drop_teaser_head(blocks: list[list[str]], lines: list[Line], i: int) -> None:
    """Remove from the body the lines of the teaser that starts before line i (a credit or a toggle)."""
    if noise.is_chrome(lines[i].text) and not noise.is_toggle(lines[i].text):
        return  # a widget heading: the teasers start below it
    if noise.is_toggle(lines[i].text):
        # headline, [section,] blurb: the blurb, the section (a name), the headline, then its image alt (the
        # headline again or a short caption).
        if blocks:
            blocks.pop()
        if blocks and len(blocks[-1]) == 1 and noise.is_name_like(blocks[-1][0]) and len(blocks[-1][0].split()) <= 5:
            blocks.pop()
        if blocks and len(blocks[-1]) == 1 and not noise.looks_like_body(blocks[-1][0]):
            head = blocks.pop()[0]
            if blocks and len(blocks[-1]) == 1 and blocks[-1][0].lower() == head.lower():
                blocks.pop()
        return
    # A credit: the teaser's image alt is the last line taken, when it is not a body paragraph.
    if blocks and not noise.looks_like_body(blocks[-1][-1]):
        blocks[-1].pop()
        if not blocks[-1]:
            blocks.pop()


def _starts_author_box(lines: list[Line], i: int) -> bool:
    """"Jane Doe" then "Jane Doe is a senior fellow at …": an author box."""
    t = lines[i].text
    if i + 1 >= len(lines) or len(t.split()) > 4 or noise.ends_sentence(t):
        return False
    return lines[i + 1].text.startswith(t + " is ") or lines[i + 1].text.startswith(t + " was ")


def _drop_repeats(blocks: list[str]) -> list[str]:
    """A block printed twice in a row (an image's alt and its caption) is not body; nor is a one-line block that
    repeats a sentence of another block (a pull quote)."""
    blocks = _drop_image_captions(blocks)
    out: list[str] = []
    for j, b in enumerate(blocks):
        if (j > 0 and blocks[j - 1] == b) or (j + 1 < len(blocks) and blocks[j + 1] == b):
            continue
        if "\n" not in b and noise.looks_like_body(b) and b in out:
            continue  # a paragraph printed again further down: a pull quote of it
        if j >= 2 and blocks[j - 1] == blocks[j - 2] and len(b.split()) <= 10 and not noise.ends_sentence(b):
            continue  # alt, caption, then the image's credit
        if noise.is_bare_credit(b):
            continue  # "REUTERS/Evelyn Hockstein": an in-body image's credit
        if "\n" not in b and len(b.split()) >= 5 and any(b in o and b != o and b not in o.split("\n") for o in blocks):
            continue  # (a line equal to a whole line of another block is a list item printed twice, not a quote)
        out.append(b)
    return out


# Tag links printed without separators: "UkraineNATO", "Arms salesCongress".
_GLUED_TAGS = re.compile(r"^[A-Z][\w'’&-]*(?: [\w'’&-]+)*[a-z][A-Z][\w'’& -]*$")


def _is_caption(block: str) -> bool:
    return "\n" not in block and len(block.split()) <= 30 and not block.endswith((":", ";", ","))


def _is_alt(block: str) -> bool:
    return "\n" not in block and len(block.split()) <= 5 and not noise.ends_sentence(block)


def _drop_image_captions(blocks: list[str]) -> list[str]:
    """An image printed as text inside the body: [alt,] caption, then its bare credit ("AP Photo", "State Department
    photo by X"). The caption goes with the credit when the image's alt sits above it, or when it opens the body
    (the hero's caption); glued tag links ending the body go too."""
    drop: set[int] = set()
    for j, b in enumerate(blocks):
        if not noise.is_bare_credit(b) or j == 0 or not _is_caption(blocks[j - 1]):
            continue
        if j == 1:
            drop.add(0)
        elif _is_alt(blocks[j - 2]):
            drop |= {j - 2, j - 1}
    out = [b for j, b in enumerate(blocks) if j not in drop]
    while out and "\n" not in out[-1] and len(out[-1].split()) <= 4 and not noise.ends_sentence(out[-1]) \
            and _GLUED_TAGS.match(out[-1]):
        out.pop()
    return out


def clean_text_dump(text: str) -> dict:
    """title, subtitle, article_type, section, image_credit and text of a plain-text page dump."""
    if not isinstance(text, str):
        raise TypeError("clean_text_dump expects str")
    lines = lines_from_text(unwrap(text))
    return parse_lines(lines, spaced=alts_glued(lines)).as_dict()
