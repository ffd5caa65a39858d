"""An unknown layout (another site, or a redesign with renamed classes): structured data, plain <h1>/<time>/
rel=tag, and the generic body (trafilatura on the whole page, read back with our structure where it agrees)."""

from __future__ import annotations

from rs_scraper.parsing.layouts.base import Layout, X
from rs_scraper.parsing.layouts.rebelmouse import RM_BODY_NOISE, RM_CHROME, RM_INLINE_MEDIA
from rs_scraper.parsing.select import Sel


class GenericV1(Layout):
    name = "generic"
    version = "generic-v1"

    # RebelMouse's teaser widgets, which an RS redesign would keep; only with evidence (chrome.Teaser: the
    # widget's headline links to another page), never the page's headline or dominant text.
    CHROME = RM_CHROME
    HEADLINE = (Sel(None, "h1"),)
    DEK_FRAGMENTS = ("dek", "standfirst", "subtitle", "subheadline", "subhead", "summary", "lede")
    BYLINE = (X("//a[@rel='author']"), X("//*[@itemprop='author']"))
    AUTHOR_PATHS = ("/author/", "/authors/")
    DATE_ATTR = (X("//time[@datetime]/@datetime"),)
    TAG_LINKS = (X("//a[@rel='tag']"), X("//a[contains(@href,'/tag/')]"))
    # Common CMS in-body media and share widgets (WordPress captions and blocks, Jetpack, AddToAny; RebelMouse's
    # shortcodes, which an RS redesign would keep): our reading of the densest container leaves them out;
    # trafilatura decides what is body anyway.
    BODY_NOISE = (
        Layout.BODY_NOISE
        + ("wp-caption", "wp-block-image", "wp-block-embed", "sharedaddy", "jp-relatedposts", "addtoany")
        + RM_BODY_NOISE
    )
    INLINE_MEDIA = RM_INLINE_MEDIA  # (a WordPress lead figure uses the in-body classes too)

    @classmethod
    def matches(cls, idx, st, url: str = "") -> bool:
        return True
