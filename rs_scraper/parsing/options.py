"""Every tunable of the parser in one place, so a change of policy is one edit (and one review)."""

from __future__ import annotations

from dataclasses import dataclass

from rs_scraper.sections import KNOWN_SECTIONS as _SECTIONS

# Fewer body words than this and the page is a stub (video pages, teasers, error pages): NotArticle("too_short").
MIN_WORDS = 50
# ... except in the layout's own body container, under a headline: a short take
# (QiOSK pieces can be a few sentences) is an article from this many words on, beside a video player too
# (a video post with a paragraph of its own); a player with a line under it is a stub.
MIN_SHORT_TAKE_WORDS = 20

# Site name appended to <title> / og:title, and the site's host.
SITE_NAME = "Responsible Statecraft"
SITE_HOST = "responsiblestatecraft.org"

# Article types seen on the site (site-facts §7.1, §7.4); anything else in "<Type> | <Section>" is still accepted
# generically.
KNOWN_TYPES = frozenset({"Analysis", "Reporting", "Opinion", "News", "Commentary", "Review", "Interview"})

# Sections of the site (site-facts §7.2, §7.4; the site menu lists them; a type line may carry any other name):
# rs_scraper.sections, the one list the parser and the crawl's `sections=` share.
KNOWN_SECTIONS = _SECTIONS

# trafilatura is the generic layer (no layout knows the markup); its options live here and nowhere else.
TRAFILATURA_OPTIONS = dict(
    output_format="xml",  # keep structure: <p>, <head>, <list>/<item>, <quote>, <table>; we build blocks from it
    include_comments=False,  # readers' comments are not the article (and not in any article's ground truth)
    include_tables=True,
    include_images=False,
    include_links=False,  # trafilatura loses text around links in this mode on some pages (measured on the
    # Zyte pages); links come from our own reading of the body
    include_formatting=False,
    favor_precision=True,  # the whole page is given, chrome included: precision mode leaves more of it out
    deduplicate=False,
    with_metadata=False,
    fast=True,
)
# Asked as well when precision mode keeps less than a body (it can drop a whole body that looks like chrome to it).
TRAFILATURA_RECALL = {**{k: v for k, v in TRAFILATURA_OPTIONS.items() if k != "favor_precision"}, "favor_recall": True}


# --- The text-dump cleaner: rs_scraper/parsing/textdump/ (`rs-scraper clean`, and layer (d) of the parser) ------
# Counts are words (str.split) or lines. Each value was set against the seed dump and the dump red teams; the tests
# in tests/test_cleaner*.py pin what they give, exactly or by per-flavour floors: change one, run those.


@dataclass(frozen=True)
class DumpOptions:
    """Thresholds of the text rules that read a page dump: one object, like trafilatura's extraction settings."""

    # The "<Type> | <Section>" anchor: any type line among the first ``anchor_window`` lines that are not chrome;
    # further down (a dump that opens with the site's menu) only a line with a known type, up to ``anchor_wide``.
    anchor_window: int = 8
    anchor_wide: int = 40
    # A body-like line this long: the body has begun (no header above it), or it is too long to be a dek.
    long_paragraph_words: int = 40

    # Header lines.
    headline_max_words: int = 25  # longer, and a line is a paragraph, not a headline
    hero_name_max_words: int = 8  # a capitalised name above a sentence-case headline is the hero's alt
    short_caption_max_words: int = 4  # "US Congress" above a longer line: the hero's caption, then the headline
    hero_alt_max_words: int = 4  # a short non-sentence before the first paragraph: the hero image's alt
    byline_lookahead: int = 6  # lines from the headline within which the byline / date must come
    byline_max_words: int = 15  # "By …" lines longer than this are sentences
    dateline_max_words: int = 6
    author_name_max_words: int = 8  # "Sarah Leah Whitson and Ryan Costello"
    author_box_name_max_words: int = 4  # the name heading an author box ("Jane Doe" then "Jane Doe is a …")

    # Teasers of other articles: credit, headline, section, one to three paragraphs, then the toggle.
    teaser_span: int = 8  # lines from a teaser's credit to its "keep reading" toggle
    teaser_section_max_words: int = 5

    # In-body noise.
    caption_max_words: int = 30  # an image caption printed as text (with or without its credit)
    video_title_max_words: int = 12  # "Watch: …"
    newsletter_heading_max_words: int = 12  # a newsletter box's own heading, right above its blurb ...
    newsletter_blurb_min_words: int = 6  # ... which is at least this long
    embedded_post_max_words: int = 60  # the text of an embedded post, above its "— Name (@handle) date" line
    quote_min_words: int = 5  # a line repeating part of another block from this length on: a pull quote
    image_credit_max_words: int = 10  # the credit line after an image's alt and caption
    image_alt_max_words: int = 5
    glued_tags_max_words: int = 4  # "UkraineNATO": tag links printed without separators, ending the body

    # Hard-wrapped dumps (lynx, html2text, `fold -s`): the widest spaced line is the wrap width when it lies in
    # [wrap_min, wrap_max] and at least ``wrap_lower_min`` lines are continued in lower case by the next one.
    wrap_min: int = 40
    wrap_max: int = 100
    wrap_lower_min: int = 2


TEXT_DUMP = DumpOptions()
