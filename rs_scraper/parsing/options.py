"""Every tunable of the parser in one place, so a change of policy is one edit (and one review)."""

from __future__ import annotations

# Fewer body words than this and the page is a stub (video pages, teasers, error pages): NotArticle("too_short").
MIN_WORDS = 50
# ... except in the layout's own body container, under a headline, with no video player in it: a short take
# (QiOSK pieces can be a few sentences) is an article from this many words on. Video pages stay stubs.
MIN_SHORT_TAKE_WORDS = 20

# Site name appended to <title> / og:title, and the site's host.
SITE_NAME = "Responsible Statecraft"
SITE_HOST = "responsiblestatecraft.org"

# Article types seen on the site [RS]; anything else in "<Type> | <Section>" is still accepted generically.
KNOWN_TYPES = frozenset({"Analysis", "Reporting", "Opinion", "News", "Commentary", "Review", "Interview"})

# Sections seen on the site [RS] (the site menu lists them; a type line may carry any other name).
KNOWN_SECTIONS = ("Military Industrial Complex", "QiOSK", "Washington Politics", "Middle East", "Asia-Pacific",
                  "Europe", "North America", "Latin America", "Video Section", "Africa", "Global Crises")

# trafilatura is the generic layer (no layout knows the markup); its options live here and nowhere else.
TRAFILATURA_OPTIONS = dict(
    output_format="xml",     # keep structure: <p>, <head>, <list>/<item>, <quote>, <table>; we build blocks from it
    include_comments=False,  # readers' comments are not the article (and not in any article's ground truth)
    include_tables=True,
    include_images=False,
    include_links=False,     # trafilatura loses text around links in this mode on some pages (measured on the
                             # Zyte pages); links come from our own reading of the body
    include_formatting=False,
    favor_precision=True,    # the whole page is given, chrome included: precision mode leaves more of it out
    deduplicate=False,
    with_metadata=False,
    fast=True,
)
# Asked as well when precision mode keeps less than a body (it can drop a whole body that looks like chrome to it).
TRAFILATURA_RECALL = {**{k: v for k, v in TRAFILATURA_OPTIONS.items() if k != "favor_precision"}, "favor_recall": True}
