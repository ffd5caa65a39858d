"""RebelMouse layout, served by RS since ~2023 (also for old WordPress URLs). Selectors: rs-site.md table."""

from __future__ import annotations

from datetime import date

from rs_scraper.parsing.layouts.base import Layout, X, xps
from rs_scraper.parsing.structured import Structured


def c(name: str) -> str:
    """XPath test for a whole class token (so 'widget__headline' does not match 'widget__headline-text')."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_MARKERS = X(f"boolean(//div[{c('body-description')}] | //h1[{c('widget__headline')}])")


class RebelMouseV1(Layout):
    name = "rebelmouse"
    version = "rebelmouse-v1"
    valid_from = date(2023, 1, 1)  # approximate move to RebelMouse (rs-site.md: "until about 2023")
    valid_until = None

    BODY = xps(f"//div[{c('body-description')}]", f"//*[{c('body-description')}]")
    # The next article appended by infinite scroll starts at its loader, its hero <article>, headline or body.
    NEXT_ARTICLE = X(
        f"following::*[{c('lazy-load-next-article')} or self::h1 or {c('body-description')}"
        f" or (self::article and {c('image-article')})][1]"
    )
    HEADLINE = xps(f"//h1[{c('widget__headline')}]//*[{c('widget__headline-text')}]",
                   f"//h1[{c('widget__headline')}]", f"//*[{c('widget__headline-text')}]", "//h1")
    DEK = xps(f"//*[{c('widget__subheadline')}]", f"//*[{c('widget__subheadline-text')}]",
              f"//*[{c('widget__dek')}]")
    AUTHORS = xps(f"//a[{c('social-author__name')}]", f"//*[{c('social-author__name')}]",
                  f"//*[{c('post-author-list')}]//a[not({c('social-author__avatar')})]")
    BYLINE = xps(f"//*[{c('post-author-list')}]", f"//*[{c('byline')}]", "//a[@rel='author']")
    DATE_ATTR = xps(f"//*[{c('social-date')}]//time/@datetime", "//time[@datetime]/@datetime")
    DATE_TEXT = xps(f"//*[{c('social-date__text')}]", f"//*[{c('social-date')}]")
    MODIFIED_ATTR = xps(f"//*[{c('social-date-modified')}]//time/@datetime", "//time[@itemprop='dateModified']/@datetime")
    SECTION_LINKS = xps(f"//a[{c('widget__section')}]", f"//*[{c('widget__section')}]")
    TAG_LINKS = xps(f"//*[{c('tags')} or {c('post-tags')} or {c('tags-list')}]//a",
                    "//a[contains(@href,'/tag/')]")
    HERO_IMG = xps(f"//article[{c('image-article')}]//img", f"//*[{c('widget__image')}]//img",
                   f"//*[{c('widget__head')}]//img", f"//*[{c('lead-image')}]//img")
    CREDIT = xps(f"//*[{c('photo-credit')}]", f"//*[{c('media-photo-credit')}]",
                 f"//*[{c('widget__image-credit')}]", f"//*[{c('image-credit')}]")

    @classmethod
    def matches(cls, root, st: Structured) -> bool:
        return bool(st.post) or bool(_MARKERS(root))
