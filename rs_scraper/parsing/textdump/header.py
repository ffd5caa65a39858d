"""Step 3: the anchor ("<Type> | <Section>") and the header around it: headline, dek, type, section, the lead
photo's credit when it is printed above the body. Each function returns where the body starts."""

from __future__ import annotations

from rs_scraper.parsing import noise
from rs_scraper.parsing.options import KNOWN_TYPES
from rs_scraper.parsing.options import TEXT_DUMP as _O
from rs_scraper.parsing.textdump.kind import Kind
from rs_scraper.parsing.textdump.result import DumpResult


def find_anchor(ks: list[Kind]) -> int | None:
    """The first "<Type> | <Section>" among the first lines that are not chrome; further down (a dump that starts
    with the site's menu) only a line with a known type counts; never past the first long body paragraph."""
    seen = 0
    for i, k in enumerate(ks):
        if k.chrome:
            continue
        ts = k.type_section
        if ts and (seen <= _O.anchor_window or ts[0] in KNOWN_TYPES):
            return i
        seen += 1
        if seen > _O.anchor_wide or k.long_body:
            return None
    return None


# Step: the header, when there is an anchor.


def header_around_anchor(ks: list[Kind], anchor: int, res: DumpResult) -> tuple[int, str | None]:
    """Type and section from the anchor, headline/dek/credit from the lines above it (or, for a kicker, below it).
    Returns the body start and a caption's "(Photo by …)" credit."""
    res.article_type, res.section = ks[anchor].type_section or (None, None)  # never None: find_anchor found it
    res.title, res.subtitle, res.image_credit, caption_credit = _header(ks[:anchor])
    start = anchor + 1
    kicker = _kicker(ks, start)
    if kicker is not None:
        # "<Type> | <Section>" printed above the headline (a kicker): headline, maybe a dek, then the byline.
        res.title, res.subtitle, start = kicker
    elif (
        res.title is None
        and (dek := dek_then_byline(ks, start, "")) is not None
        and dek[0] is not None
        and noise.ends_sentence(dek[0])
        and not dek[0].endswith("?")
    ):
        # No headline printed (it is only in <title>): a sentence, then the author box or date, is the dek.
        res.subtitle, start = dek
    elif res.title is None:
        # Kicker above the headline: the headline is the first line below the anchor.
        start, caption_credit = _skip_to_title(ks, start, res)
    return start, caption_credit


def _header(ks: list[Kind]) -> tuple[str | None, str | None, str | None, str | None]:
    """(title, dek, labelled credit, "(Photo by …)" caption credit) from the lines above the anchor."""
    credit = caption_credit = None
    cands: list[str] = []
    for j, k in enumerate(ks):
        if k.chrome or k.filename or k.shortcode or k.menu:
            continue
        if k.credit is not None:
            if not _teaser_ahead(ks, j):
                credit = credit or k.credit
            continue
        if k.photo_caption:
            caption_credit = caption_credit or k.photo_by
            continue  # WordPress-era caption above the headline
        ln = k.stripped or k.text
        # Headline printed twice, or the hero alt is the headline again: keep one (the later) copy.
        cands = [c for c in cands if c.lower() != ln.lower()]
        cands.append(ln)
    title, dek = _title_dek(cands)
    return title, dek, credit, caption_credit


def _teaser_ahead(ks: list[Kind], j: int) -> bool:
    """The credit at j belongs to a teaser (a sidebar above the article): its "keep reading" toggle follows
    before any other credit."""
    for k in ks[j + 1 : j + 1 + _O.teaser_span]:
        if k.toggle:
            return True
        if k.credit is not None or k.type_section:
            return False
    return False


def _title_dek(cands: list[str]) -> tuple[str | None, str | None]:
    if not cands:
        return None, None
    if len(cands) == 1:
        return cands[0], None
    if len(cands) == 2:
        first, second = cands
        if (
            noise.is_name_like(first)
            and not noise.ends_sentence(first)
            and not noise.is_name_like(second)
            and len(first.split()) <= _O.hero_name_max_words
        ):
            # A capitalised name or caption ("Israeli Prime Minister Benjamin Netanyahu", "Pentagon") above a
            # sentence-case line: the hero alt, then the headline (RS headlines and deks are sentence case).
            return second, None
        if noise.ends_sentence(second) and not second.endswith("?"):
            return first, second  # headline, dek
        if len(first.split()) <= _O.short_caption_max_words and len(second.split()) > len(first.split()):
            return second, None  # short hero caption ("US Congress"), headline
        return first, second
    # Menu items, hero alt/caption lines, then the headline and maybe a dek: judge the last two as a pair.
    return _title_dek(cands[-2:])


def _kicker(ks: list[Kind], i: int) -> tuple[str, str | None, int] | None:
    """(headline, dek, body start) when the lines below the type line read headline, [dek,] byline or date."""
    n = len(ks)
    while i < n and ks[i].soft_chrome:
        i += 1
    if i >= n:
        return None
    head = ks[i]
    if (
        head.byline
        or head.dateline
        or head.type_section
        or head.chrome
        or head.words > _O.headline_max_words
        or head.ends_sentence
        and not head.text.endswith("?")
    ):
        return None
    tail = dek_then_byline(ks, i + 1, head.text)
    if tail is None:
        return None
    return head.stripped or head.text, tail[0], tail[1]


def dek_then_byline(ks: list[Kind], i: int, head: str) -> tuple[str | None, int] | None:
    """(dek, index of the byline/date) when the lines from i read [dek,] [author box,] byline or date."""
    n = len(ks)
    for k in range(i, min(n, i + _O.byline_lookahead)):
        if (
            ks[k].byline
            or ks[k].dateline
            or k + 1 < n
            and ks[k].author_name
            and (ks[k + 1].is_bio_of(ks[k]) or ks[k + 1].body)
        ):
            between = [m for m in ks[i:k] if not m.soft_chrome and m.lower != head.lower()]
            # An author box printed before the date: the name (no "By"), then maybe "<Name> is a …" (its bio).
            while between and (between[-1].author_name or len(between) >= 2 and between[-1].is_bio_of(between[-2])):
                if len(between) >= 2 and between[-1].is_bio_of(between[-2]):
                    between.pop()
                between.pop()
            if len(between) > 1 or between and between[0].body and between[0].words > _O.long_paragraph_words:
                return None
            return (between[0].text if between else None), k
    return None


# Step: the header, when there is no anchor.


def header_without_anchor(ks: list[Kind], res: DumpResult) -> tuple[int, str | None]:
    found = _byline_header(ks)
    if found is not None:
        # No type line: the headline [and dek] are the lines right above the first byline / date / author box
        # (menus, cookie banners and teasers come before them).
        res.title, res.subtitle, res.image_credit, caption_credit, start = found
        return start, caption_credit
    return _skip_to_title(ks, 0, res)


def _byline_header(ks: list[Kind]) -> tuple[str | None, str | None, str | None, str | None, int] | None:
    """(title, dek, credit, caption credit, body start) from the lines above the first byline or date line within
    the page's top, when the headline sits right above it (after an optional dek and author box)."""
    for k, line in enumerate(ks[: _O.anchor_wide]):
        if line.long_body:
            return None
        if not (line.byline or line.dateline):
            continue
        j = k
        while j > 0 and (ks[j - 1].author_name or j > 1 and ks[j - 1].is_bio_of(ks[j - 2])):
            j -= 2 if j > 1 and ks[j - 1].is_bio_of(ks[j - 2]) else 1
        if j == 0:
            return None
        title, dek, credit, caption_credit = _header(ks[:j])
        if title is None or noise.looks_like_body(title) and len(title.split()) > _O.headline_max_words:
            return None
        return title, dek, credit, caption_credit, k
    return None


def _skip_to_title(ks: list[Kind], i: int, res: DumpResult) -> tuple[int, str | None]:
    """No header above: take the first real line as the headline; skip its repeats.
    Returns the body start and a caption's "(Photo by …)" credit."""
    n = len(ks)
    caption_credit = None
    while i < n:
        k = ks[i]
        if k.photo_caption:
            caption_credit = caption_credit or k.photo_by
        if k.credit is not None:
            res.image_credit = res.image_credit or k.credit
        elif not (k.chrome or k.filename or k.shortcode or k.photo_caption):
            break
        i += 1
    if i >= n:
        return n, caption_credit
    title = ks[i].stripped or ks[i].text
    res.title = title
    i += 1
    while i < n and ((ks[i].stripped or "").lower() == title.lower() or ks[i].widget_label):
        i += 1
    return i, caption_credit
