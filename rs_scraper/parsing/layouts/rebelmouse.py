"""RebelMouse layout, served by RS since ~2023 (also for old WordPress URLs). Selectors: rs-site.md table."""

from __future__ import annotations

from datetime import date

from rs_scraper.parsing.layouts.base import Layout, X
from rs_scraper.parsing.select import ClassIndex, Sel
from rs_scraper.parsing.structured import Structured


def c(name: str) -> str:
    """XPath test for a whole class token (so 'widget__headline' does not match 'widget__headline-text')."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


class RebelMouseV1(Layout):
    name = "rebelmouse"
    version = "rebelmouse-v1"
    valid_from = date(2023, 1, 1)  # approximate move to RebelMouse (rs-site.md: "until about 2023")
    valid_until = None

    BODY = (Sel("body-description", "div"), Sel("body-description"))
    # The next article appended by infinite scroll starts at its loader, its hero <article> or its headline. A
    # further body-description without a headline of its own is the same article continued (after an ad, or
    # the slides of a listicle), so it is no boundary.
    NEXT_ARTICLE = X(
        "following::*[self::h1 or self::article or @class][self::h1 or "
        f"{c('lazy-load-next-article')} or (self::article and {c('image-article')})][1]"
    )
    BODY_CONTINUES = True
    SLIDE = "rebellt-item"  # a listicle slide: its headline is a subheading of the body
    HEADLINE = (Sel("widget__headline", "h1", ".//*[contains(@class,'widget__headline-text')]"),
                Sel("widget__headline", "h1"), Sel("widget__headline-text"), Sel(None, "h1"))
    DEK = (Sel("widget__subheadline"), Sel("widget__subheadline-text"), Sel("widget__dek"))
    AUTHORS = (Sel("social-author__name", "a"), Sel("social-author__name"),
               Sel("post-author-list", None, ".//a[not(contains(@class,'social-author__avatar'))]"))
    BYLINE = (Sel("post-author-list"), Sel("byline"), X("//a[@rel='author']"))
    DATE_ATTR = (Sel("social-date", None, ".//time/@datetime"), X("//time[@datetime]/@datetime"))
    DATE_TEXT = (Sel("social-date__text"), Sel("social-date"))
    MODIFIED_ATTR = (Sel("social-date-modified", None, ".//time/@datetime"),
                     X("//time[@itemprop='dateModified']/@datetime"))
    SECTION_LINKS = (Sel("widget__section", "a"), Sel("widget__section"))
    TAG_LINKS = (Sel("tags", None, ".//a"), Sel("post-tags", None, ".//a"), Sel("tags-list", None, ".//a"),
                 X("//a[contains(@href,'/tag/')]"))
    HERO_IMG = (Sel("image-article", "article", ".//img"), Sel("widget__image", None, "descendant-or-self::img"),
                Sel("widget__head", None, ".//img"), Sel("lead-image", None, "descendant-or-self::img"),
                # a video hero's poster frame; AMP's <amp-img>
                Sel("image-article", "article", ".//video[@poster] | .//amp-img"),
                Sel("widget__head", None, ".//video[@poster] | .//amp-img"))
    CREDIT = (Sel("photo-credit"), Sel("post-photo-credit"), Sel("widget__image-credit"), Sel("image-credit"),
              Sel("image-article", "article", ".//*[contains(@class,'media-photo-credit')]"))

    @classmethod
    def matches(cls, idx: ClassIndex, st: Structured) -> bool:
        return bool(st.post) or bool(idx.with_token("body-description")) or bool(idx.with_token("widget__headline", "h1"))
