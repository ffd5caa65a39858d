"""RebelMouse layouts, served by RS since ~2023 (also for old WordPress URLs: docs/site-facts.md §1.3).

- ``RebelMouseV1``: the shape first guessed for RS (site-facts §4.1–§4.13): ``h1.widget__headline`` in an
  ``article.image-article`` header, ``div.body-description`` body, teasers in ``div.posts-custom``.
- ``RebelMouseWidgetsV1(RebelMouseV1)``: the shape seen on real pages of another RebelMouse site (2022 and 2024
  captures), a second layout of the same platform (§5; both shapes may be served at once, so it is not a newer
  version of the first): the page's own article is drawn by ``div.posts-custom`` widgets with
  ``data-source="current_post"``; the same class wraps teaser lists and infinite-scroll posts
  (``data-source="current_page"``, full bodies of other articles), so only ``data-source`` tells them apart.

Every RebelMouse class name lives here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from rs_scraper.parsing.chrome import OtherPost, Teaser
from rs_scraper.parsing.layouts.base import Layout, X
from rs_scraper.parsing.options import KNOWN_SECTIONS
from rs_scraper.parsing.page import Page
from rs_scraper.parsing.select import ClassIndex, Contains, IdPrefix, Sel
from rs_scraper.parsing.structured import Structured


def c(name: str) -> str:
    """XPath test for a whole class token (so 'widget__headline' does not match 'widget__headline-text')."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# In-body noise of RebelMouse bodies (site-facts §4.7, §4.8, §5.7): image shortcodes with caption and credit, embeds,
# the related-post widget, the section link, ad units, Connatix video and Piano paywall containers, share bars. RS's
# bodies were moved into RebelMouse, so its other layouts (old WordPress URLs, a redesign) serve the same shortcodes.
RM_BODY_NOISE = (
    "shortcode-media",
    "media-caption",
    "media-photo-credit",
    "image-media",
    "rm-embed",
    "rebelmouse-related",
    "widget__section",
    "connatix",
    "piano",
    "share-bar",
    "social-share",
)
RM_INLINE_MEDIA = ("shortcode-media", "body-description")
# Teasers and teaser streams (their headlines link to other posts), newsletter boxes (site-facts §4.10, §4.11, §5.2).
# chrome.remove never takes one that holds the page's headline or its dominant text.
RM_CHROME = (
    Teaser(Sel("posts-custom")),
    Teaser(Sel("around-the-web")),
    Teaser(IdPrefix("sStream_")),
    Contains(("newsletter", "Newsletter", "subscribe")),
)


class RebelMouseV1(Layout):
    name = "rebelmouse"
    version = "rebelmouse-v1"
    valid_from = date(2023, 1, 1)  # approximate move to RebelMouse (site-facts §1.2)
    valid_until = None

    CHROME: ClassVar[tuple] = RM_CHROME
    BODY: ClassVar[tuple] = (Sel("body-description", "div"), Sel("body-description"))
    # The next article appended by infinite scroll starts at its loader, its hero <article> or its headline. A
    # further body-description without a headline of its own is the same article continued (after an ad, or
    # the slides of a listicle), so it is no boundary.
    NEXT_ARTICLE = X(
        "following::*[self::h1 or self::article or @class][self::h1 or "
        f"{c('lazy-load-next-article')} or (self::article and {c('image-article')})][1]"
    )
    OTHER_ARTICLE = X(
        "following::*[self::h1 or self::article or contains(@class, 'widget__headline')"
        " or contains(@class, 'social-author') or contains(@class, 'social-date')]"
    )
    BODY_CONTINUES = True
    SLIDE = "rebellt-item"  # a listicle slide: its headline is a subheading of the body
    HEADLINE: ClassVar[tuple] = (
        Sel("widget__headline", "h1", ".//*[contains(@class,'widget__headline-text')]"),
        Sel("widget__headline", "h1"),
        Sel("widget__headline-text"),
        Sel(None, "h1"),
    )
    DEK = (Sel("widget__subheadline"), Sel("widget__subheadline-text"), Sel("widget__dek"))
    AUTHORS: ClassVar[tuple] = (
        Sel("social-author__name", "a"),
        Sel("social-author__name"),
        Sel("post-author-list", None, ".//a[not(contains(@class,'social-author__avatar'))]"),
    )
    BYLINE = (Sel("post-author-list"), Sel("byline"), X("//a[@rel='author']"))
    # author pages: /u/<username> (real pages), /author/ (RS): site-facts §2.4, §2.7, §5.4
    AUTHOR_PATHS = ("/author/", "/u/")
    DATE_ATTR = (Sel("social-date", None, ".//time/@datetime"), X("//time[@datetime]/@datetime"))
    DATE_TEXT: ClassVar[tuple] = (Sel("social-date__text"), Sel("social-date"))
    MODIFIED_ATTR = (
        Sel("social-date-modified", None, ".//time/@datetime"),
        X("//time[@itemprop='dateModified']/@datetime"),
    )
    SECTION_LINKS = (Sel("widget__section", "a"), Sel("widget__section"))
    TAG_LINKS = (
        Sel("tags", None, ".//a"),
        Sel("post-tags", None, ".//a"),
        Sel("tags-list", None, ".//a"),
        X("//a[contains(@href,'/tag/')]"),
    )
    HERO_IMG = (
        Sel("image-article", "article", ".//img"),
        Sel("widget__image", None, "descendant-or-self::img"),
        Sel("widget__head", None, ".//img"),
        Sel("lead-image", None, "descendant-or-self::img"),
        # a video hero's poster frame; AMP's <amp-img>
        Sel("image-article", "article", ".//video[@poster] | .//amp-img"),
        Sel("widget__head", None, ".//video[@poster] | .//amp-img"),
    )
    CREDIT: ClassVar[tuple] = (
        Sel("photo-credit"),
        Sel("post-photo-credit"),
        Sel("widget__image-credit"),
        Sel("image-credit"),
        Sel("image-article", "article", ".//*[contains(@class,'media-photo-credit')]"),
    )
    BODY_NOISE = Layout.BODY_NOISE + RM_BODY_NOISE
    INLINE_MEDIA = RM_INLINE_MEDIA

    @classmethod
    def matches(cls, idx: ClassIndex, st: Structured, url: str = "") -> bool:
        return (
            bool(st.post) or bool(idx.with_token("body-description")) or bool(idx.with_token("widget__headline", "h1"))
        )


def current(cls: str, tag: str | None = None, extra: str = "") -> Sel:
    """Elements of class ``cls`` inside the page's own posts-custom widgets (``data-source="current_post"``),
    found through the class index (a whole-document XPath costs ~0.5 ms on a page of real weight)."""
    return Sel(cls, tag, f"self::*{extra}[ancestor::*[@data-source='current_post']]")


class RebelMouseWidgetsV1(RebelMouseV1):
    """The page's own post drawn by ``posts-custom`` widgets with ``data-source="current_post"`` (one for the
    header, one for the body); every other ``posts-custom`` widget with a data-source is another post (teaser
    list, poll promo, infinite-scroll post with a full body): site-facts §5.1–§5.3, §5.6."""

    name = "rebelmouse-widgets"
    version = "rebelmouse-widgets-v1"
    valid_from = date(2022, 1, 1)  # the earliest real capture of this shape (another RebelMouse site)

    CHROME = (
        OtherPost(Sel("posts-custom", None, "self::*[@data-source][not(@data-source='current_post')]")),
        Teaser(Sel("posts-custom", None, "self::*[not(@data-source)]")),
    ) + RebelMouseV1.CHROME[1:]
    BODY = (current("body-description", "div"),) + RebelMouseV1.BODY
    # RebelMouse posts carry an SEO headline and a social headline besides the one the post shows; og:title and
    # JSON-LD print the SEO one. The current post's h1 is the headline.
    OWN_HEADLINE = (current("widget__headline-text", None, "[ancestor::h1]"), current("widget__headline", "h1"))
    HEADLINE = OWN_HEADLINE + RebelMouseV1.HEADLINE
    AUTHORS = (current("social-author__name", "a"),) + RebelMouseV1.AUTHORS
    DATE_TEXT = (current("social-date__text"),) + RebelMouseV1.DATE_TEXT
    CREDIT = (current("photo-credit", "div"),) + RebelMouseV1.CREDIT

    @classmethod
    def matches(cls, idx: ClassIndex, st: Structured, url: str = "") -> bool:
        return any(el.get("data-source") == "current_post" for el in idx.with_token("posts-custom"))

    def extract(self, page: Page):
        # The page's own post-context (author, tags, date) is the one inside a current-post widget (site-facts §5.8).
        own = [
            ctx
            for parent, ctx in page.st.post_contexts
            if parent is not None
            and any(a.get("data-source") == "current_post" for a in parent.iterancestors())
            or parent is not None
            and parent.get("data-source") == "current_post"
        ]
        if own:
            page.st.post_context = own[0]
        return super().extract(page)

    def platform_sections(self, page: Page) -> list[str]:
        # The category appears only as post-partial[data-category] and a section-<slug> class on <body> (§5.5).
        return _platform_sections(page)


_SECTION_CLASS = re.compile(r"^section-([a-z0-9][a-z0-9-]*)$")
_KNOWN = {re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-"): s for s in KNOWN_SECTIONS}


def _section_name(value: str) -> str | None:
    """A display name from a category value: as given when it reads as a name, a known section for its slug,
    else the slug's words capitalised ("middle-east" -> "Middle East")."""
    v = (value or "").strip()
    if not v or v.isdigit():
        return None
    if " " in v or any(ch.isupper() for ch in v):
        return v
    slug = v.lower()
    return _KNOWN.get(slug) or " ".join(w.capitalize() for w in re.split(r"[-_]+", slug) if w) or None


def _platform_sections(page: Page) -> list[str]:
    out = []
    for el in page.root.iter("div"):
        if "post-partial" in (el.get("class") or "").split() and el.get("data-category"):
            cur = any(a.get("data-source") == "current_post" for a in el.iterancestors())
            if cur:
                name = _section_name(el.get("data-category"))
                if name:
                    out.append(name)
                    break
    body = page.root.find("body")
    for tok in (body.get("class") or "").split() if body is not None else ():
        m = _SECTION_CLASS.match(tok)
        if m:
            name = _section_name(m.group(1))
            if name:
                out.append(name)
    return out
