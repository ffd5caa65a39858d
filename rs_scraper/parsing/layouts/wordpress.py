"""The WordPress theme RS used until ~2023 (entry-title / entry-content). Only archived captures still have it."""

from __future__ import annotations

from datetime import date

from rs_scraper.parsing.layouts.base import Layout, X, xps
from rs_scraper.parsing.layouts.rebelmouse import c

_MARKERS = X(f"boolean(//*[{c('entry-content')}] | //*[{c('entry-title')}])")


class WordPressV1(Layout):
    name = "wordpress"
    version = "wordpress-v1"
    valid_from = date(2019, 1, 1)
    valid_until = date(2023, 1, 1)  # approximate: replaced by RebelMouse (rs-site.md)

    CHROME = xps(f"//*[{c('sharedaddy')} or {c('jp-relatedposts')} or {c('post-navigation')}"
                 f" or {c('comments-area')} or {c('widget-area')}]")
    BODY = xps(f"//div[{c('entry-content')}]", f"//*[{c('entry-content')}]", f"//*[{c('post-content')}]")
    NEXT_ARTICLE = X(f"following::*[{c('entry-content')} or {c('entry-title')}][1]")
    HEADLINE = xps(f"//h1[{c('entry-title')}]", f"//*[{c('entry-title')}]", "//h1")
    DEK = xps(f"//*[{c('entry-subtitle')}]", f"//*[{c('subtitle')}]", f"//*[{c('entry-excerpt')}]",
              f"//*[{c('dek')}]")
    AUTHORS = xps(f"//*[{c('byline')}]//*[{c('author')}]//a", f"//*[{c('author')} and {c('vcard')}]//*[{c('fn')}]",
                  "//a[@rel='author']", f"//*[{c('entry-author-name')}]")
    BYLINE = xps(f"//*[{c('byline')}]", f"//*[{c('entry-author')}]")
    DATE_ATTR = xps(f"//time[{c('entry-date')}]/@datetime", f"//time[{c('published')}]/@datetime",
                    "//time[@datetime]/@datetime")
    DATE_TEXT = xps(f"//*[{c('entry-date')}]", f"//*[{c('posted-on')}]")
    MODIFIED_ATTR = xps(f"//time[{c('updated')}]/@datetime")
    SECTION_LINKS = xps(f"//*[{c('cat-links')}]//a", "//a[contains(@rel,'category')]")
    TAG_LINKS = xps(f"//*[{c('tags-links')}]//a", "//a[@rel='tag']", "//a[contains(@href,'/tag/')]")
    HERO_IMG = xps(f"//img[{c('wp-post-image')}]", f"//*[{c('post-thumbnail')}]//img")
    CREDIT = xps(f"//*[{c('post-thumbnail')}]//*[{c('wp-caption-text')}]", f"//*[{c('photo-credit')}]")

    @classmethod
    def matches(cls, root, st: Structured) -> bool:
        return bool(_MARKERS(root))
