"""The site's sections, in one place: the names the parser recognises in a "<Type> | <Section>" line and in a
RebelMouse section slug (rs_scraper.parsing.options re-exports them), and the names ``sections=`` accepts
(settings.RS_KNOWN_SECTIONS). A module of its own, free of imports, so that the settings need not load the parser.
"""

from __future__ import annotations

# Sections seen on the site (docs/site-facts.md §7.2, [RS]): a `sections=` name must be one of these or a
# section already stored, so that a typo is refused instead of crawling the whole site for nothing.
SEEN_SECTIONS: tuple[str, ...] = (
    "Military Industrial Complex",
    "QiOSK",
    "Washington Politics",
    "Middle East",
    "Asia-Pacific",
    "Europe",
    "North America",
    "Latin America",
    "Video Section",
)
# ... and the plausible names the parser also recognises though no capture shows them (§7.4, [?]).
KNOWN_SECTIONS: tuple[str, ...] = SEEN_SECTIONS + ("Africa", "Global Crises")
