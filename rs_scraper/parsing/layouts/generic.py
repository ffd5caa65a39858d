"""An unknown layout (a redesign with renamed classes): structured data, plain <h1>/<time>/rel=tag, and
trafilatura for the body."""

from __future__ import annotations

from rs_scraper.parsing.layouts.base import Layout, X
from rs_scraper.parsing.select import Sel


class GenericV1(Layout):
    name = "generic"
    version = "generic-v1"

    HEADLINE = (Sel(None, "h1"),)
    DEK_FRAGMENTS = ("dek", "standfirst", "subtitle", "subheadline", "subhead", "summary", "lede")
    BYLINE = (X("//a[@rel='author']"), X("//*[@itemprop='author']"))
    DATE_ATTR = (X("//time[@datetime]/@datetime"),)
    TAG_LINKS = (X("//a[@rel='tag']"), X("//a[contains(@href,'/tag/')]"))

    @classmethod
    def matches(cls, idx, st) -> bool:
        return True
