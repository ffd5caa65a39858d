"""Each field of the row as an extractor: its sources, tried in an order written as data.

Order everywhere: structured data the page states about itself (JSON-LD, RebelMouse's bootstrap post, og:/meta
tags), then the layout's selectors (``dom``: layouts/dom.py), then generic sources (the text rules' reading, the
<title>, trafilatura's metadata extraction and htmldate, the URL's date). The first source with a value wins; a
field's finishing rule (e.g. a truncated og:title loses to the full <h1>) is next to its sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rs_scraper.items import Article
from rs_scraper.parsing import metadata, noise, structured
from rs_scraper.parsing.authors import clean_authors
from rs_scraper.parsing.blocks import Body, markdown_of
from rs_scraper.parsing.dates import parse_dated, url_date
from rs_scraper.parsing.options import KNOWN_TYPES
from rs_scraper.parsing.page import Page
from rs_scraper.parsing.structured import plain
from rs_scraper.parsing.text import collapse
from rs_scraper.parsing.urls import image_url, link_record
from rs_scraper.textstats import text_stats


@dataclass
class Ctx:
    """Everything a source may read."""

    page: Page
    dom: dict
    body: Body
    dump: Any = None  # textdump.DumpResult when the text rules read the body
    has_dek_selectors: bool = False
    ld: dict = field(init=False)
    post: dict = field(init=False)

    def __post_init__(self) -> None:
        self.ld = self.page.st.jsonld or {}
        self.post = self.page.st.post or {}

    @property
    def st(self):
        return self.page.st

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def text(self) -> str:
        return self.body.text


Source = Callable[[Ctx], Any]


def first(ctx: Ctx, sources: tuple[tuple[str, Source], ...]):
    for _name, src in sources:
        v = src(ctx)
        if v:
            return v
    return None


# --- title ----------------------------------------------------------------------------------------------------
TITLE: tuple[tuple[str, Source], ...] = (
    ("jsonld", lambda c: plain(c.ld.get("headline"))),
    ("bootstrap", lambda c: plain(c.post.get("headline"))),
    ("og", lambda c: noise.strip_title_suffix(c.st.m("og:title", "twitter:title"))),
    ("selectors", lambda c: c.dom.get("title")),
    ("text_rules", lambda c: c.dump.title if c.dump else None),
    ("meta", lambda c: noise.strip_title_suffix(c.st.m("title"))),
    ("title_tag", lambda c: c.dom.get("title_tag")),
    ("trafilatura", lambda c: metadata.title(c.page)),
)


def title(ctx: Ctx) -> str | None:
    t = first(ctx, TITLE)
    t = noise.strip_title_suffix(t) if t else None
    shown = ctx.dom.get("title")
    if t and shown and t != shown and _truncated(t, shown):
        t = shown  # a cut og:title ("… Biden’s") loses to the full headline printed on the page
    own = ctx.dom.get("own_title")
    if own:
        t = own  # the layout knows its own post's header: a structured headline that differs is an SEO headline
    return t


# --- subtitle: the dek. A description that is only the body's opening is an excerpt, not a dek. -------------
SUBTITLE: tuple[tuple[str, Source], ...] = (
    ("bootstrap", lambda c: plain(c.post.get("subheadline"))),
    ("selectors", lambda c: c.dom.get("subtitle")),
    ("text_rules", lambda c: c.dump.subtitle if c.dump else None),
)
DESCRIPTION: tuple[tuple[str, Source], ...] = (
    ("jsonld", lambda c: plain(c.ld.get("description"))),
    ("meta", lambda c: c.st.m("og:description", "description", "twitter:description")),
)


def subtitle(ctx: Ctx, head: str | None) -> str | None:
    s = first(ctx, SUBTITLE)
    # A layout with dek selectors that found a headline but no dek says the page has none.
    if not s and (not ctx.has_dek_selectors or not ctx.dom.get("title")):
        desc = first(ctx, DESCRIPTION)
        if desc and not _is_excerpt(desc, ctx.text) and desc != head:
            s = desc
    return s or None


# --- authors ----------------------------------------------------------------------------------------------------
AUTHORS: tuple[tuple[str, Source], ...] = (
    ("jsonld", lambda c: clean_authors(structured.names(c.ld.get("author")))),
    ("bootstrap", lambda c: clean_authors(structured.names(c.post.get("authors") or c.post.get("author")))),
    ("post_context", lambda c: clean_authors(structured.names(c.st.post_context.get("author")))),
    ("jsonld_webpage", lambda c: clean_authors(structured.names(c.st.page_ld.get("author")))),
    ("selectors", lambda c: c.dom.get("authors")),
    ("meta", lambda c: clean_authors(c.st.ms("author") + c.st.ms("article:author") + c.st.ms("parsely-author"))),
    ("trafilatura", lambda c: clean_authors([metadata.author(c.page) or ""])),
)


def authors_of(ctx: Ctx) -> list[str]:
    found = first(ctx, AUTHORS) or []
    shown = ctx.dom.get("byline_authors") or []
    # JSON-LD and RebelMouse's post-context often name only the first author: when every name they give is in
    # the byline the page shows and the byline has more, the byline is the whole list.
    if found and len(shown) > len(found) and {n.casefold() for n in found} <= {n.casefold() for n in shown}:
        return shown
    return found


# --- dates ------------------------------------------------------------------------------------------------------
PUBLISHED: tuple[tuple[str, Source], ...] = (
    ("jsonld", lambda c: parse_dated(c.ld.get("datePublished"))),
    ("meta", lambda c: parse_dated(c.st.m("article:published_time"))),
    ("jsonld_webpage", lambda c: parse_dated(c.st.page_ld.get("datePublished"))),
    ("bootstrap", lambda c: parse_dated(c.post.get("created_ts"))),
    ("meta_other", lambda c: parse_dated(c.st.m("date", "pubdate", "publish-date", "parsely-pub-date", "dc.date"))),
    ("post_context", lambda c: parse_dated(c.st.post_context.get("date"))),
    ("selectors", lambda c: c.dom.get("published_at")),
    ("jsonld_created", lambda c: parse_dated(c.ld.get("dateCreated"))),
    ("url", lambda c: url_date(c.url)),
    ("htmldate", lambda c: metadata.date(c.page)),
)
MODIFIED: tuple[tuple[str, Source], ...] = (
    ("jsonld", lambda c: parse_dated(c.ld.get("dateModified"))),
    ("meta", lambda c: parse_dated(c.st.m("article:modified_time", "og:updated_time"))),
    ("jsonld_webpage", lambda c: parse_dated(c.st.page_ld.get("dateModified"))),
    ("bootstrap", lambda c: parse_dated(c.post.get("updated_ts"))),
    ("selectors", lambda c: c.dom.get("modified_at")),
)


def author_urls(ctx: Ctx, authors: list[str]) -> list[str | None]:
    """The author page of each name, parallel to ``authors``: absolute and canonical, None where none is linked
    (the page's own byline links first, then JSON-LD's Person urls)."""
    from urllib.parse import urljoin

    from rs_scraper.urls import canonicalize

    links = {**structured.author_links(ctx.ld.get("author")), **ctx.dom.get("author_links", {})}
    out: list[str | None] = []
    for name in authors:
        href = links.get(name.casefold())
        out.append(canonicalize(urljoin(ctx.url, href), ctx.url) if href else None)
    return out


# --- type and section: every source's values, sorted into types and sections -----------------------------------
SECTIONS: tuple[tuple[str, Source], ...] = (
    ("jsonld", lambda c: structured.keywords(c.ld.get("articleSection"))),
    ("meta", lambda c: c.st.ms("article:section")),
    ("bootstrap", lambda c: structured.names(c.post.get("section")) + structured.names(c.post.get("sections"))),
)
SECTIONS_LATE: tuple[tuple[str, Source], ...] = (
    ("selectors", lambda c: c.dom.get("sections", [])),
    ("platform", lambda c: c.dom.get("platform_sections", [])),
)


def type_and_section(ctx: Ctx) -> tuple[str | None, str | None]:
    types: list = []
    sections: list = []
    for _name, src in SECTIONS:
        for s in src(ctx) or ():
            _sort_section(s, types, sections)
    ts = ctx.dom.get("type_section")
    if ts:
        types.append(ts[0])
        sections.append(ts[1])
    types.append(ctx.dom.get("type_kicker"))  # a known type alone above the headline
    for _name, src in SECTIONS_LATE:
        for s in src(ctx) or ():
            _sort_section(s, types, sections)
    if ctx.dump is not None and ctx.dump.article_type:
        types.append(ctx.dump.article_type)
        sections.append(ctx.dump.section)
    return next((t for t in types if t), None), next((s for s in sections if s), None)


# --- tags -------------------------------------------------------------------------------------------------------
TAGS: tuple[tuple[str, Source], ...] = (
    ("bootstrap", lambda c: _dedupe(structured.names(c.post.get("public_tags") or c.post.get("tags")))),
    ("selectors", lambda c: _dedupe(c.dom.get("tags", []))),
    ("meta", lambda c: _dedupe(c.st.ms("article:tag"))),
    ("jsonld", lambda c: _dedupe(structured.keywords(c.ld.get("keywords")))),
    ("post_context", lambda c: _dedupe(structured.names(c.st.post_context.get("tags")))),
)

# --- the lead image and its credit -------------------------------------------------------------------------------
# The site's logo or default share image stands in for og:image on pages without their own: not a lead image.
_SITE_IMAGE = re.compile(r"(?:^|[-_.])(?:logo|favicon|placeholder|default|fallback)(?:[-_.]|$)", re.I)
IMAGE: tuple[tuple[str, Source], ...] = (
    ("og", lambda c: image_url(c.st.m("og:image", "og:image:url", "og:image:secure_url", "twitter:image"), c.url)),
    ("jsonld", lambda c: image_url(structured.image_of(c.ld.get("image"))[0], c.url)),
    ("bootstrap", lambda c: image_url(_post_image(c.post), c.url)),
)
CREDIT: tuple[tuple[str, Source], ...] = (
    ("bootstrap", lambda c: plain(c.post.get("photo_credit"))),
    ("jsonld", lambda c: structured.image_of(c.ld.get("image"))[1]),
    ("selectors", lambda c: c.dom.get("image_credit")),
    ("body_end", lambda c: c.dom.get("body_credit")),
    ("text_rules", lambda c: c.dump.image_credit if c.dump else None),
)


def image(ctx: Ctx) -> str | None:
    pub = ctx.ld.get("publisher")
    logo = image_url(structured.image_of(pub.get("logo"))[0], ctx.url) if isinstance(pub, dict) else None
    for _name, src in IMAGE:
        u = src(ctx)
        if u and u != logo and not _SITE_IMAGE.search(u.rsplit("/", 1)[-1].split("?")[0]):
            return u
    return ctx.dom.get("image_url")


def credit(ctx: Ctx) -> str | None:
    c = first(ctx, CREDIT)
    return (noise.credit_of(c) or noise.unlabel_credit(c)) if c else None


# --- language ---------------------------------------------------------------------------------------------------
LANGUAGE: tuple[tuple[str, Source], ...] = (
    ("html_lang", lambda c: c.st.lang),
    ("meta", lambda c: c.st.m("content-language", "og:locale")),
    ("jsonld", lambda c: plain(c.ld.get("inLanguage"))),
)


def language(ctx: Ctx) -> str | None:
    lang = first(ctx, LANGUAGE)
    lang = (lang.replace("_", "-").split("-")[0].strip().lower() or None) if lang else None
    return lang or _guess_language(ctx.text)


# --- the row ----------------------------------------------------------------------------------------------------


def article(ctx: Ctx, version: str) -> Article:
    text = ctx.text
    head = title(ctx)
    article_type, section = type_and_section(ctx)
    authors = authors_of(ctx)
    # dates with their precision (minute, or day when the source names only a calendar day)
    published, modified = first(ctx, PUBLISHED), first(ctx, MODIFIED)
    word_count, content_hash = text_stats(text)
    return Article(
        url=ctx.url,
        title=head,
        subtitle=subtitle(ctx, head),
        authors=authors,
        published_at=published.at if published else None,
        modified_at=modified.at if modified else None,
        article_type=article_type,
        section=section,
        tags=first(ctx, TAGS) or [],
        text=text,
        word_count=word_count,
        image_url=image(ctx),
        image_credit=credit(ctx) or None,
        language=language(ctx),
        content_hash=content_hash,
        parser_version=version,
        extraction_method=ctx.body.method,
        published_precision=published.precision if published else None,
        published_date=published.day if published else None,
        author_urls=author_urls(ctx, authors),
        **structure(ctx),
    )


def structure(ctx: Ctx) -> dict:
    """``blocks``, ``text_markdown``, ``links`` and ``images`` of the chosen body: the same body ``text`` is
    joined from (so ``text`` is always the blocks' texts joined by rs_scraper.parsing.blocks.text_of)."""
    body = ctx.body
    return {
        "blocks": [b.row() for b in body.blocks],
        "text_markdown": markdown_of(body.blocks),
        "links": [link_record(ln.url, ln.text, ctx.url) for ln in body.links],
        "images": [{"url": i.url, "alt": i.alt, "caption": i.caption, "credit": i.credit} for i in body.images],
    }


# --- helpers ----------------------------------------------------------------------------------------------------
# The most frequent English function words: they make up a third or more of running English prose and almost
# none of other languages' (RS publishes in English; a page that does not say so is judged by its text).
_EN_FUNCTION = frozenset(
    "the of and to a in is that for it on as with was be by are this not have has but from "
    "at or an its their they which will would than more been were".split()
)


def _guess_language(text: str) -> str | None:
    words = [w.strip(".,;:!?“”‘’\"'()").lower() for w in text.split()[:500]]
    if len(words) < 20:
        return None
    return "en" if sum(w in _EN_FUNCTION for w in words) / len(words) >= 0.18 else None


def _truncated(short: str, full: str) -> bool:
    s = short.rstrip(".… ").lower()
    return len(s) < len(full) and full.lower().startswith(s)


def _is_excerpt(desc: str, text: str) -> bool:
    d = desc.rstrip(".… ").lower()
    return bool(d) and d[:80] in text[: len(d) + 200].lower()


def _sort_section(value: str, types: list, sections: list) -> None:
    value = collapse(value)
    if not value:
        return
    ts = noise.type_section(value)
    if ts:
        types.append(ts[0])
        sections.append(ts[1])
    elif value in KNOWN_TYPES:
        types.append(value)
    else:
        sections.append(value)


def _dedupe(values: list[str]) -> list[str]:
    out, seen = [], set()
    for v in values:
        v = collapse(v).lstrip("#").strip()
        if v and v.lower() not in seen:
            seen.add(v.lower())
            out.append(v)
    return out


def _post_image(post: dict):
    for key in ("image", "photo", "lead_image", "leadImage", "original_image", "image_url"):
        v = post.get(key)
        if v:
            url, _ = structured.image_of(v)
            if url:
                return url
    return None
