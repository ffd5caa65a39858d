"""An unknown layout (a redesign with renamed classes): structured data, plain <h1>/<time>/rel=tag, and
trafilatura for the body."""

from __future__ import annotations

from rs_scraper.parsing.layouts.base import Layout, xps


class GenericV1(Layout):
    name = "generic"
    version = "generic-v1"

    HEADLINE = xps("//h1")
    BYLINE = xps("//a[@rel='author']", "//*[@itemprop='author']")
    DATE_ATTR = xps("//time[@datetime]/@datetime")
    TAG_LINKS = xps("//a[@rel='tag']", "//a[contains(@href,'/tag/')]")

    @classmethod
    def matches(cls, root, st) -> bool:
        return True
