"""The WordPress theme RS used until ~2023 (entry-title / entry-content). Only archived captures still have it.

Only for RS's own pages: ``entry-content`` is the class of thousands of WordPress themes, each with its own share
bars, related-post lists and sign-up boxes inside it; on another site's theme the generic layer reads better.
"""

from __future__ import annotations

from datetime import date

from rs_scraper.parsing.layouts.base import Layout, X
from rs_scraper.parsing.layouts.rebelmouse import RM_BODY_NOISE, RM_CHROME, RM_INLINE_MEDIA, c
from rs_scraper.parsing.page import is_site_page
from rs_scraper.parsing.select import ClassIndex, Sel
from rs_scraper.parsing.structured import Structured


class WordPressV1(Layout):
    name = "wordpress"
    version = "wordpress-v1"
    valid_from = date(2019, 1, 1)
    valid_until = date(2023, 1, 1)  # approximate: replaced by RebelMouse (site-facts §1.2)

    # WordPress's sharing, related posts, navigation, comments and widget areas; RebelMouse's teaser widgets
    # (old WordPress URLs are served inside the RebelMouse site).
    CHROME = (
        Sel("sharedaddy"),
        Sel("jp-relatedposts"),
        Sel("post-navigation"),
        Sel("comments-area"),
        Sel("widget-area"),
    ) + RM_CHROME
    BODY = (Sel("entry-content", "div"), Sel("entry-content"), Sel("post-content"))
    NEXT_ARTICLE = X(f"following::*[@class][{c('entry-content')} or {c('entry-title')}][1]")
    HEADLINE = (Sel("entry-title", "h1"), Sel("entry-title"), Sel(None, "h1"))
    DEK = (Sel("entry-subtitle"), Sel("subtitle"), Sel("entry-excerpt"), Sel("dek"))
    AUTHORS = (
        Sel("byline", None, ".//*[contains(@class,'author')]//a"),
        Sel("vcard", None, ".//*[contains(@class,'fn')]"),
        X("//a[@rel='author']"),
        Sel("entry-author-name"),
    )
    BYLINE = (Sel("byline"), Sel("entry-author"))
    DATE_ATTR = (
        Sel("entry-date", "time", "@datetime"),
        Sel("published", "time", "@datetime"),
        X("//time[@datetime]/@datetime"),
    )
    DATE_TEXT = (Sel("entry-date"), Sel("posted-on"))
    MODIFIED_ATTR = (Sel("updated", "time", "@datetime"),)
    SECTION_LINKS = (Sel("cat-links", None, ".//a"), X("//a[contains(@rel,'category')]"))
    TAG_LINKS = (Sel("tags-links", None, ".//a"), X("//a[@rel='tag']"), X("//a[contains(@href,'/tag/')]"))
    HERO_IMG = (Sel("wp-post-image", "img"), Sel("post-thumbnail", None, ".//img"))
    # The hero caption ends "(Photo by Celestino Arce/NurPhoto)": the credit is the name inside.
    CREDIT = (
        Sel("photo-credit"),
        Sel("post-thumbnail", None, ".//*[contains(@class,'wp-caption-text')]"),
        Sel("featured-image", None, ".//*[contains(@class,'wp-caption-text')]"),
    )

    # WordPress captions and blocks, Jetpack sharing and related posts, AddToAny; and RebelMouse's shortcodes (old
    # WordPress URLs serve bodies moved into RebelMouse).
    BODY_NOISE = (
        Layout.BODY_NOISE
        + ("wp-caption", "wp-block-image", "wp-block-embed", "sharedaddy", "jp-relatedposts", "addtoany")
        + RM_BODY_NOISE
    )
    INLINE_MEDIA = RM_INLINE_MEDIA  # (a WordPress lead figure uses the in-body classes too)

    @classmethod
    def matches(cls, idx: ClassIndex, st: Structured, url: str = "") -> bool:
        return (bool(idx.with_token("entry-content")) or bool(idx.with_token("entry-title"))) and is_site_page(
            idx.root, st, url
        )
