"""Which layout class parses a page. Markup decides, not the date: RS serves old WordPress URLs with the new
layout, so the publication date says nothing about the markup. Order = preference (a versioned layout before the
one it refines)."""

from __future__ import annotations

from rs_scraper.parsing.layouts import GenericV1, Layout, RebelMouseV1, RebelMouseWidgetsV1, WordPressV1
from rs_scraper.parsing.select import ClassIndex
from rs_scraper.parsing.structured import Structured

LAYOUTS: tuple[type[Layout], ...] = (RebelMouseWidgetsV1, RebelMouseV1, WordPressV1, GenericV1)


def pick(idx: ClassIndex, st: Structured, url: str = "") -> Layout:
    for cls in LAYOUTS:
        if cls.matches(idx, st, url):
            return cls()
    return GenericV1()
