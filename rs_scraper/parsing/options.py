"""Every tunable of the parser in one place, so a change of policy is one edit (and one review)."""

from __future__ import annotations

# Fewer body words than this and the page is a stub (video pages, teasers, error pages): NotArticle("too_short").
MIN_WORDS = 50
# ... except in the layout's own body container, under a headline, with no video player in it: a short take
# (QiOSK pieces can be a few sentences) is an article from this many words on. Video pages stay stubs.
MIN_SHORT_TAKE_WORDS = 20

# Site name appended to <title> / og:title.
SITE_NAME = "Responsible Statecraft"

# Article types seen on the site [RS]; anything else in "<Type> | <Section>" is still accepted generically.
KNOWN_TYPES = frozenset({"Analysis", "Reporting", "Opinion", "News", "Commentary", "Review", "Interview"})

# Sections seen on the site [RS] (the site menu lists them; a type line may carry any other name).
KNOWN_SECTIONS = ("Military Industrial Complex", "QiOSK", "Washington Politics", "Middle East", "Asia-Pacific",
                  "Europe", "North America", "Latin America", "Video Section", "Africa", "Global Crises")

# trafilatura is only the fallback layer (c); its options live here and nowhere else.
TRAFILATURA_OPTIONS = dict(
    output_format="xml",     # keep structure: <p>, <head>, <list>/<item>, <quote>; we format it ourselves
    include_comments=False,
    include_tables=True,
    include_images=False,
    include_links=False,
    include_formatting=False,
    favor_recall=True,       # the page is already pruned of chrome: what is left is mostly body, and precision
                             # mode drops lists and subheadings
    deduplicate=False,
    with_metadata=False,
)
