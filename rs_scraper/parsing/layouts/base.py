"""The extraction every layout shares; a layout subclass supplies its selectors and its class names.

A page goes: evidenced chrome removed (``CHROME``, see chrome.py) -> the layout's body container (``BODY``),
the next article cut off (``NEXT_ARTICLE``) -> the fields the page prints (layouts/dom.py) -> the body, chosen by
evidence between the layout's and the generic one (choice.py) -> each field from its sources in order (fields.py).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import lxml.html
from lxml import etree

from rs_scraper.items import Article
from rs_scraper.parsing import chrome, fields, generic, noise
from rs_scraper.parsing.blocks import Block, Body, assemble
from rs_scraper.parsing.body import NoiseRules, image_of
from rs_scraper.parsing.layouts.dom import DomReader, txt
from rs_scraper.parsing.options import MIN_WORDS
from rs_scraper.parsing.page import Page, inside, is_site_page
from rs_scraper.parsing.select import ClassIndex
from rs_scraper.parsing.structured import Structured, plain
from rs_scraper.parsing.urls import link_url

X = etree.XPath

# Whole class tokens of the tag list printed after the body (inside it when the body's </div> is missing).
TAG_LIST_TOKENS = frozenset({"tags", "tags-list", "post-tags", "post-tags-primary", "tags__list", "tag-list"})
# Embedded posts of social networks (BODY_NOISE fragments): quotes of a source on other sites' pages.
EMBEDDED_POSTS = frozenset({"twitter-tweet", "instagram-media", "tiktok-embed"})
_PLAYER = X(
    "descendant::*[self::iframe or self::video or self::amp-iframe or self::amp-video or self::amp-youtube"
    " or contains(@class, 'youtube') or contains(@class, 'video')][1]"
)


class Layout:
    name: ClassVar[str] = "base"
    version: ClassVar[str] = "base-v0"
    valid_from: ClassVar[date | None] = None
    valid_until: ClassVar[date | None] = None  # the date this markup stopped being served, if known

    CHROME: ClassVar[tuple] = ()  # chrome specs (Sel / XPath / chrome.Teaser / chrome.OtherPost)
    BODY: ClassVar[tuple] = ()
    NEXT_ARTICLE: ClassVar[etree.XPath | None] = None  # from the body: the first element of the next article
    # From the body: marks of another article (its headline, byline); a later body container past one is not ours.
    OTHER_ARTICLE: ClassVar[etree.XPath] = X("following::*[self::h1 or self::article]")
    HEADLINE: ClassVar[tuple] = ()
    # Headline selectors whose match is surely the headline the page's own post shows (not a teaser's, not a
    # generic <h1>): when such a headline differs from og:title / JSON-LD's, those hold an SEO headline.
    OWN_HEADLINE: ClassVar[tuple] = ()
    DEK: ClassVar[tuple] = ()
    DEK_FRAGMENTS: ClassVar[tuple] = ()  # class-name fragments of a dek in layouts we do not know
    AUTHORS: ClassVar[tuple] = ()  # each match is one name (or "A and B")
    BYLINE: ClassVar[tuple] = ()  # a free-text byline, split into names
    AUTHOR_PATHS: ClassVar[tuple] = ("/author/",)  # author pages' paths (last-resort byline: links to them)
    DATE_ATTR: ClassVar[tuple] = ()  # attribute values (datetime=...)
    DATE_TEXT: ClassVar[tuple] = ()  # visible dates
    MODIFIED_ATTR: ClassVar[tuple] = ()
    SECTION_LINKS: ClassVar[tuple] = ()
    TAG_LINKS: ClassVar[tuple] = ()
    HERO_IMG: ClassVar[tuple] = ()
    CREDIT: ClassVar[tuple] = ()
    BODY_CONTINUES: ClassVar[bool] = False  # further BODY containers after the first continue the body
    SLIDE: ClassVar[str | None] = None  # class token of a listicle slide (its headline is a subheading)
    # In-body noise class fragments ([class*=...]) every web page shares: embeds, pull quotes, newsletter and
    # related-post boxes, ad slots. A layout adds its own.
    BODY_NOISE: ClassVar[tuple] = (
        "photo-credit",
        "pull-quote",
        "pullquote",
        "newsletter",
        "Newsletter",
        "twitter-tweet",
        "instagram-media",
        "tiktok-embed",
        "embed-",
        "-embed",
        "youtube",
        "related-posts",
        "ad-slot",
        "adsbygoogle",
        "ad-unit",
    )
    BODY_NOISE_TOKENS: ClassVar[frozenset] = TAG_LIST_TOKENS
    INLINE_MEDIA: ClassVar[tuple] = ()  # class fragments of in-body media wrappers (their credits are not the lead's)

    @classmethod
    def matches(cls, idx: ClassIndex, st: Structured, url: str = "") -> bool:
        return False

    # --- entry -----------------------------------------------------------------------------------------------
    def extract(self, page: Page) -> Article:
        self.prune_chrome(page)
        body_el = self.body_container(page)
        if body_el is not None and self.NEXT_ARTICLE is not None:
            self.cut_after(page, body_el)
        h1 = self.headline(page, body_el)
        dom = DomReader(self, page, body_el, h1).read()
        if body_el is not None and self.BODY_CONTINUES:
            dom["_more_body_els"] = self.more_body(page, body_el)
        from rs_scraper.parsing import choice

        body, dump = choice.choose(page, self, body_el, h1, dom)
        ctx = fields.Ctx(page, dom, body, dump, has_dek_selectors=bool(self.DEK))
        return fields.article(ctx, self.version)

    # --- chrome and the body container -----------------------------------------------------------------------
    def prune_chrome(self, page: Page) -> None:
        if self.CHROME:
            chrome.remove(page, self.CHROME)

    def body_container(self, page: Page):
        """The first BODY match, unless it is a short teaser set before the page's headline (a featured-posts
        strip reusing the article markup) and a later match follows the headline: then that one."""
        idx = page.idx
        for spec in self.BODY:
            els = [el for el in idx.select(spec) if isinstance(el, etree._Element)]
            if not els:
                continue
            first = els[0]
            if len(els) < 2 or len(txt(first).split()) >= MIN_WORDS:
                return first
            h1 = next(idx.root.iter("h1"), None)
            if h1 is None or inside(h1, first):
                return first
            order = idx.order()
            if order.get(first, 0) > order.get(h1, 0):
                return first
            return next((el for el in els[1:] if order.get(el, 0) > order[h1]), first)
        return None

    def headline(self, page: Page, body_el):
        reader = DomReader(self, page, body_el, None)
        return reader.first(self.HEADLINE)

    def cut_after(self, page: Page, body_el) -> None:
        """Infinite scroll appended the next article: drop it and everything after it."""
        finder = self.NEXT_ARTICLE
        if finder is None:
            return
        try:
            nxt = finder(body_el)
        except etree.XPathError:
            return
        if not nxt:
            return
        boundary = nxt[0]
        keep = set(body_el.iterancestors())
        while boundary.getparent() is not None and boundary.getparent() not in keep:
            boundary = boundary.getparent()
        if boundary.getparent() is None:  # no common ancestor below the root (a mangled page): nothing to cut
            return
        node = boundary
        while node is not None and node.getparent() is not None:
            for sib in list(node.itersiblings()):
                node.getparent().remove(sib)
            node = node.getparent()
        boundary.getparent().remove(boundary)
        page.forget()

    def more_body(self, page: Page, body_el) -> list:
        """The body continued in later containers of the same parent (split by an ad, or listicle slides), each
        with the headline of its slide: [(heading element or None, container), ...]."""
        parent = body_el.getparent()
        if parent is None:
            return []
        reader = DomReader(self, page, None, None)
        cands, seen = [], False
        for el in reader.all(self.BODY[:1]):  # document order
            seen = seen or el is body_el
            if seen and el is not body_el and inside(el, parent) and not inside(el, body_el):
                cands.append(el)
        if not cands:
            return []
        # A later container under a headline or byline of its own (outside a slide) is another article.
        order = {el: i for i, el in enumerate(parent.iter())}
        marks = [
            m
            for m in self.OTHER_ARTICLE(body_el)
            if m in order and not (self.SLIDE and any(self.SLIDE in (a.get("class") or "") for a in m.iterancestors()))
        ]
        stop = min((order[m] for m in marks), default=len(order))
        out, last = [], body_el
        for el in cands:
            if order[el] > stop or inside(el, last):
                continue
            head = None
            if self.SLIDE:
                slide = next(
                    (
                        a
                        for a in el.iterancestors()
                        if a is not parent and self.SLIDE in (a.get("class") or "") and inside(a, parent)
                    ),
                    None,
                )
                if slide is not None:
                    head = next((h for h in slide.iter("h1", "h2", "h3", "h4", "h5", "h6") if not inside(h, el)), None)
            out.append((head, el))
            last = el
        return out

    # --- media and noise -------------------------------------------------------------------------------------
    def is_media(self, el) -> bool:
        cls = el.get("class") or ""
        return any(f in cls for f in self.INLINE_MEDIA)

    def in_inline_media(self, el) -> bool:
        """Inside an in-body image (its caption/credit is not the lead photo's)."""
        return bool(self.INLINE_MEDIA) and any(self.is_media(a) for a in el.iterancestors())

    def noise_rules(self, keep=frozenset()) -> NoiseRules:
        return NoiseRules(self.BODY_NOISE, self.BODY_NOISE_TOKENS, frozenset(keep))

    def platform_sections(self, page: Page) -> list[str]:
        """Sections the platform states outside any section link (a layout that knows such markup says)."""
        return []

    def has_player(self, page: Page, container) -> bool:
        post_body = page.st.post.get("body") if page.st.post else None
        if isinstance(post_body, str) and ("<iframe" in post_body or "<video" in post_body):
            return True
        return container is not None and bool(_PLAYER(container))

    # --- the bodies ------------------------------------------------------------------------------------------
    def read_body(self, page: Page, el, dom: dict, method: str = "selectors") -> Body:
        base = page.url
        body = assemble(el, self.noise_rules(), lambda e: image_of(e, base), lambda h: link_url(h, base))
        # A credit line printed at the end of the body is the lead photo's credit (captured, not body).
        for b in body.blocks[-3:]:
            c = noise.credit_of(b.text)
            if c and "body_credit" not in dom:
                dom["body_credit"] = c
        return Body(generic.filter_noise(body.blocks), body.images, method)

    def layout_bodies(self, page: Page, container, dom: dict) -> list[Body]:
        """The bodies this layout finds: the platform's own post body (structured), the container (selectors)."""
        out = []
        post_body = page.st.post.get("body") if page.st.post else None
        if isinstance(post_body, str) and post_body.strip():
            try:
                frag = lxml.html.fragment_fromstring(post_body, create_parent="div")
            except (etree.ParserError, ValueError, TypeError):
                frag = None
            if frag is not None:
                body = self.read_body(page, frag, dom, "structured")
                if body.blocks:
                    out.append(body)
        if container is not None:
            body = self.read_body(page, container, dom)
            for head, part in dom.get("_more_body_els", ()):
                more = self.read_body(page, part, dom)
                title = txt(head) if head is not None else ""
                if title and more.blocks:
                    body.blocks.append(Block("heading", title, 2, ""))
                body.blocks += more.blocks
                body.images += more.images
            out.append(body)
        return out

    def heads(self, page: Page, dom: dict) -> set[str]:
        """Lower-cased headline and dek texts: a fallback layer's leading block equal to one is not body. (Not the
        description: it is as often the body's own first paragraph as a dek.)"""
        return {x.lower().rstrip(".… ") for x in (dom.get("title"), dom.get("subtitle")) if x} | {
            h.rstrip(".… ") for h in page.headline_texts()
        }

    def generic_noise_rules(self, page: Page) -> NoiseRules:
        """In-body noise for the generic reading. On another site's page an embedded post (a tweet, an Instagram
        post) quoted in the text is kept as a quote when trafilatura keeps it too: RS's convention that embeds
        are not body is RS's (items.py), and elsewhere the article quotes its source that way."""
        rules = self.noise_rules()
        if is_site_page(page.root, page.st, page.url):
            return rules
        return NoiseRules(tuple(f for f in rules.fragments if f not in EMBEDDED_POSTS), rules.tokens, rules.keep)

    def generic_body(self, page: Page, dom: dict) -> Body:
        if "generic" not in page._cache:
            base = page.url
            page._cache["generic"] = generic.generic_body(
                page,
                self.heads(page, dom),
                self.generic_noise_rules(page),
                lambda h: link_url(h, base),
                lambda e: image_of(e, base),
            )
        return page._cache["generic"]

    def text_rules_body(self, page: Page, h1) -> Body | None:
        """Layer (d): the page's own text, read as a dump, through the shared text rules."""
        from rs_scraper.parsing import fallback

        root = page.root
        if h1 is not None and h1.getparent() is not None:
            fallback.start_at_headline(root, h1)
        dump = fallback.text_rules(root)
        body = Body(_blocks_of_strings(dump.blocks), [], "text_rules")
        body.dump = dump  # type: ignore[attr-defined]
        return body

    def jsonld_body(self, page: Page) -> Body | None:
        raw = page.st.jsonld.get("articleBody") if page.st.jsonld else None
        if not isinstance(raw, str):
            return None
        paras = [plain(p) for p in raw.replace("\r", "").split("\n\n")]
        return Body([Block("paragraph", p) for p in paras if p], [], "structured")

    # --- listings --------------------------------------------------------------------------------------------
    def count_teasers(self, page: Page) -> int:
        """Teaser headlines of the whole page: those still in the tree, and those chrome removal took."""
        return chrome.count_teasers(page.root, page.url) + page._cache.get("removed_teasers", 0)

    def listing_shape(self, page: Page, teasers: int) -> bool:
        from rs_scraper.parsing import verdict

        _, dominant = page.dominant_block()
        return verdict.is_listing(teasers, dominant)


def _blocks_of_strings(texts: list[str]) -> list[Block]:
    """Text-rule blocks (a list is one string of lines) as typed blocks."""
    out: list[Block] = []
    group = 0
    for t in texts:
        lines = t.split("\n")
        if len(lines) > 1:
            group += 1
            out += [Block("list_item", ln, 1, "", (), group) for ln in lines if ln]
        else:
            out.append(Block("paragraph", t))
    return out
