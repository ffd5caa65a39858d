"""Which body a page gets: the layout's (structured data, or its selectors' container) or the generic one.

The layout's body is taken without a second opinion only with evidence that it is the page's text: the platform's
own record of the post (bootstrap ``body``), or a container that holds the page's dominant text block (or most
of its paragraph words). Otherwise the generic body is computed too, and when the two disagree widely the page
decides (:func:`decide`): which one opens like the page's own summary (JSON-LD ``articleBody``/``description``,
og:description), which one is mostly links, and by default the generic one, so that a wrong guess about the
markup costs at most the difference to plain trafilatura. Each decision is a note (stat) naming the choice.
"""

from __future__ import annotations

import re

from rs_scraper.parsing import chrome, noise
from rs_scraper.parsing.blocks import Body
from rs_scraper.parsing.errors import NotArticle
from rs_scraper.parsing.generic import densest_container
from rs_scraper.parsing.options import MIN_SHORT_TAKE_WORDS, MIN_WORDS
from rs_scraper.parsing.page import Page, inside, precedes
from rs_scraper.parsing.structured import plain

_TOKEN = re.compile(r"\w+")
# Share of a container's paragraph words, page-wide, that makes it the page's text without the dominant block.
TRUST_SHARE = 0.5
AGREE_OVERLAP = 0.8
LEAD_TOKENS = 8


def choose(page: Page, layout, container, h1, dom: dict) -> tuple[Body, object]:
    """(body, text-rules dump or None)."""
    cands = layout.layout_bodies(page, container, dom)
    big = next((c for c in cands if c.words >= MIN_WORDS), None)
    if big is not None:
        if big.method == "structured":
            page.note("body/layout/structured")
            return big, None
        if trusted(page, layout, container, dom):
            page.note("body/layout/dominant_text")
            return big, None
        generic = layout.generic_body(page, dom)
        return decide(page, big, generic, container), None
    if not cands:
        teasers = layout.count_teasers(page)
        if layout.listing_shape(page, teasers):
            raise NotArticle("listing", f"{teasers} teasers, no dominant text block")
        dense = densest_container(page)
        if teasers and dense is not None and chrome.in_teaser(dense, page.url, page.headline_el()):
            raise NotArticle("listing", "the page's densest text is a teaser's (its headline links elsewhere)")
    short = max(cands, key=lambda c: c.words) if cands else None
    player = bool(cands) and layout.has_player(page, container)
    if player and short is not None and short.words < MIN_SHORT_TAKE_WORDS:
        # The layout's own body container holds a video player and a line: a video page, a stub (positive
        # evidence; the rest of such a page is chrome, which a generic reading would return). A video post
        # with a paragraph or two of its own under its headline is a short take like any other.
        raise NotArticle("too_short", f"{short.words} words beside a player")
    generic = layout.generic_body(page, dom)
    takes = short is not None and short.words >= MIN_SHORT_TAKE_WORDS and (h1 is not None or bool(page.st.jsonld))
    if generic.words >= MIN_WORDS:
        if takes and short is not None and player:
            page.note("body/layout/short_take")  # beside a player, the rest of the page is chrome
            return short, None
        if takes and short is not None:
            return decide(page, short, generic, container), None
        page.note("body/generic/no_layout_body" if not cands else "body/generic/layout_short")
        return generic, None
    if takes and short is not None:
        # The layout's own body container, under a headline, without a player: a short take (QiOSK pieces can
        # be a few sentences) is an article; a video page is a stub.
        page.note("body/layout/short_take")
        return short, None
    if (
        not cands
        and generic.words >= MIN_SHORT_TAKE_WORDS
        and (h1 is not None or bool(page.st.jsonld))
        and any(b.kind == "paragraph" and noise.looks_like_body(b.text) for b in generic.blocks)
        and not layout.has_player(page, densest_container(page))
    ):
        page.note("body/generic/short_take")  # a news brief of a few sentences under its headline
        return generic, None
    dump = layout.text_rules_body(page, h1)
    if dump is not None and dump.words >= MIN_WORDS:
        page.note("body/text_rules")
        return dump, dump.dump
    ld_body = layout.jsonld_body(page)
    if ld_body is not None and ld_body.words >= MIN_WORDS:
        page.note("body/jsonld_article_body")
        return ld_body, None
    best = max([c.words for c in cands] + [generic.words, dump.words if dump is not None else 0])
    if best:
        raise NotArticle("too_short", f"{best} words")
    raise NotArticle("no_body")


def trusted(page: Page, layout, container, dom: dict) -> bool:
    """The container holds the page's dominant text block, or most of its paragraph words."""
    if container is None:
        return False
    parts = [container] + [el for _, el in dom.get("_more_body_els", ())]
    dominant, _ = page.dominant_block()
    if dominant is not None and any(inside(dominant, el) for el in parts):
        return True
    words, total = page.paragraph_words()
    if not total:
        return True  # no paragraphs anywhere (a <br>-separated page): nothing contradicts the layout
    held = sum(n for el, n in words.items() if any(inside(el, p) for p in parts))
    return held >= TRUST_SHARE * total


def _norm_tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _shingles(text: str) -> set:
    t = _norm_tokens(text)
    return {tuple(t[i : i + 4]) for i in range(max(1, len(t) - 3))} if t else set()


def overlap(a: Body, b: Body) -> float:
    """The share of the shorter body's 4-word shingles the longer one also has."""
    sa, sb = _shingles(a.text), _shingles(b.text)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def _lead(page: Page) -> list[str]:
    """The opening words of what the page says its text is (JSON-LD articleBody, else its description)."""
    st = page.st
    for cand in (
        plain(st.jsonld.get("articleBody")) if st.jsonld else None,
        plain(st.jsonld.get("description")) if st.jsonld else None,
        st.m("og:description", "description"),
    ):
        toks = _norm_tokens(cand or "")
        if len(toks) >= LEAD_TOKENS:
            return toks[:LEAD_TOKENS]
    return []


def _opens_with(body: Body, lead: list[str]) -> bool:
    head = " ".join(_norm_tokens(" ".join(b.text for b in body.blocks[:4])))
    return " ".join(lead) in head


def _link_share(body: Body) -> float:
    return sum(len(ln.text.split()) for ln in body.links) / body.words if body.words else 0.0


def decide(page: Page, layout_body: Body, generic: Body, container=None) -> Body:
    if generic.words < MIN_WORDS:
        page.note("body/layout/generic_empty")
        return layout_body
    big, small = sorted((layout_body, generic), key=lambda b: b.words, reverse=True)
    if overlap(layout_body, generic) >= AGREE_OVERLAP and big.words <= 1.5 * small.words:
        page.note("body/layout/agrees")
        return layout_body
    lead = _lead(page)
    if lead:
        in_layout, in_generic = _opens_with(layout_body, lead), _opens_with(generic, lead)
        if in_layout != in_generic:
            page.note("body/layout/description" if in_layout else "body/generic/description")
            return layout_body if in_layout else generic
    h1 = page.headline_el()
    if container is not None and h1 is not None and not inside(h1, container) and precedes(container, h1, page.root):
        page.note("body/generic/headline")  # a body set above the page's own headline is a teaser or a promo
        return generic
    if _link_share(layout_body) > 0.5 > _link_share(generic):
        page.note("body/generic/links")
        return generic
    page.note("body/generic/disagree")
    return generic
