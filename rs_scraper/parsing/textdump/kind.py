"""Step 2: one classification per line. ``Kind`` holds what a line is (chrome, credit, type line, byline,
…), each fact worked out once; every later step reads these facts instead of asking the text rules again."""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from rs_scraper.parsing import noise
from rs_scraper.parsing.dates import parse_date
from rs_scraper.parsing.options import TEXT_DUMP as _O
from rs_scraper.parsing.textdump.lines import Line

# Injected widget labels (site-facts §6.2; a headline's repeat may be separated from it by one of these).
_WIDGET_LABELS = frozenset({"google cta", "share", "advertisement", "share this article"})
# "— Name (@handle) March 3, 2024": the attribution line of an embedded post (chrome that may sit anywhere).
_EMBED_ATTRIBUTION = re.compile(r"^[—–-]\s*[^()\n]{0,80}\(@\w{1,30}\)")
# "(Reuters/Evelyn Hockstein)", "(DoD photo)", "(Photo by X)": a photo credit in parentheses ending a caption.
_PAREN_CREDIT = re.compile(
    r"\((?:[^()]*\b(?:photos?|images?|getty|reuters|ap|afp|shutterstock|courtesy|via)\b[^()]*"
    r"|[^()\s]*[A-Z]\w*/[A-Z][^()]*)\)\.?$",
    re.I,
)
_WATCH = re.compile(r"^(?:watch|video|listen)\s*:", re.I)
# "June 16, 2024", "29 November 2025", "02.18.2022" (RebelMouse's social-date), "2024-06-16".
_NUMERIC_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})$|^\d{4}-\d{2}-\d{2}$")


if TYPE_CHECKING:
    _fact = cached_property
else:

    class _fact:
        """``functools.cached_property`` without the lock that Python 3.11 takes on every first read (a quarter of
        the cleaner's time); a ``Kind`` is never shared between threads."""

        def __init__(self, fn):
            self.fn, self.name, self.__doc__ = fn, fn.__name__, fn.__doc__

        def __get__(self, obj, owner=None):
            if obj is None:
                return self
            value = obj.__dict__[self.name] = self.fn(obj)
            return value


class Kind:
    """What one line of a dump is, from its text alone. Each fact is worked out once, when a step first asks."""

    def __init__(self, line: Line) -> None:
        self.text = line.text
        self.new_block = line.new_block
        self.lower = line.text.lower()  # read by most facts: cheaper taken at once than through a _fact
        self.words = len(line.text.split())

    # Chrome.
    @_fact
    def chrome(self) -> bool:
        """Whole-line site chrome, the teasers' and the body's toggles included."""
        return noise.is_chrome(self.text)

    @_fact
    def soft_chrome(self) -> bool:
        """Chrome that may sit inside a body (widget labels, in-body newsletter boxes): skipped, never an end."""
        return noise.is_soft_chrome(self.text)  # the widget labels are soft chrome too

    @_fact
    def widget_label(self) -> bool:
        return self.lower in _WIDGET_LABELS

    @_fact
    def toggle(self) -> bool:
        return noise.is_toggle(self.text)

    @_fact
    def filename(self) -> bool:
        return noise.is_filename(self.text)

    @_fact
    def shortcode(self) -> bool:
        return noise.is_shortcode(self.text)

    @_fact
    def menu(self) -> bool:
        return noise.is_menu(self.text)

    @_fact
    def related(self) -> bool:
        return noise.is_related(self.text)

    @_fact
    def tags(self) -> bool:
        return noise.is_tags_line(self.text)

    @_fact
    def embed_attribution(self) -> bool:
        return bool(_EMBED_ATTRIBUTION.match(self.text))

    @_fact
    def inbody_media(self) -> bool:
        """An in-body image or video printed as text: a caption ending with its credit in parentheses, a
        "Watch: …" video title, a one-word lower-case alt ("map", "slide")."""
        t, words = self.text, self.words
        return (
            words <= _O.caption_max_words
            and bool(_PAREN_CREDIT.search(t))
            or words <= _O.video_title_max_words
            and bool(_WATCH.match(t))
            and not self.ends_sentence
            or words == 1
            and t.isalpha()
            and t.islower()
        )

    # Credits and captions.
    @_fact
    def credit(self) -> str | None:
        """The credit without its label when the line is a labelled photo credit."""
        return noise.credit_of(self.text)

    @_fact
    def teaser_credit(self) -> bool:
        return noise.is_teaser_credit(self.text)

    @_fact
    def photo_caption(self) -> bool:
        return noise.is_photo_caption(self.text)

    @_fact
    def photo_by(self) -> str | None:
        return noise.photo_by(self.text)

    @_fact
    def only_photo_by(self) -> bool:
        """A line that is only "(Photo by …)" (RebelMouse's div.photo-credit)."""
        return self.text.startswith("(") and self.text.endswith(")") and self.photo_by is not None

    # Header lines.
    @_fact
    def type_section(self) -> tuple[str, str] | None:
        return noise.type_section(self.text)

    @_fact
    def stripped(self) -> str | None:
        """The line without a " | Responsible Statecraft" suffix (None when nothing is left)."""
        return noise.strip_title_suffix(self.text)

    @_fact
    def byline(self) -> bool:
        return self.lower.startswith("by ") and self.words <= _O.byline_max_words and not self.ends_sentence

    @_fact
    def dateline(self) -> bool:
        return self.words <= _O.dateline_max_words and (
            bool(_NUMERIC_DATE.match(self.text)) or parse_date(self.text) is not None
        )

    @_fact
    def author_name(self) -> bool:
        """ "Ryan Costello", "Ann SmithBo Lee" (two linked names glued), "Sarah Leah Whitson and Ryan Costello"."""
        return (
            self.words <= _O.author_name_max_words
            and self.name_like
            and not self.ends_sentence
            and not self.type_section
            and not self.chrome
        )

    @_fact
    def hero_alt(self) -> bool:
        """Before the first paragraph: a short line that is not a sentence ("US Congress") is the hero's alt."""
        return self.words <= _O.hero_alt_max_words and not self.ends_sentence and not self.text.endswith(":")

    # Prose.
    @_fact
    def ends_sentence(self) -> bool:
        return noise.ends_sentence(self.text)

    @_fact
    def body(self) -> bool:
        """Reads as a body paragraph rather than an image alt or a teaser headline."""
        return noise.looks_like_body(self.text)

    @_fact
    def long_body(self) -> bool:
        return self.body and self.words >= _O.long_paragraph_words

    @_fact
    def name_like(self) -> bool:
        return noise.is_name_like(self.text)

    def is_bio_of(self, name: Kind) -> bool:
        """ "<Name> is a senior fellow …" right below that name: an author box."""
        return self.text.startswith((name.text + " is ", name.text + " was ", name.text + " has "))


def classify(lines: list[Line]) -> list[Kind]:
    return [Kind(ln) for ln in lines]


def alts_glued(lines: list[Line]) -> bool:
    """Whether this dump prints an image's alt right above its credit, with no blank line between (the seed's
    teasers): some credit line is glued to a line that is neither chrome nor another credit, or has the
    "<Type> | <Section>" line glued below it (the seed's "Photos: …" then "Analysis | Latin America")."""
    return glued_alts(classify(lines))


def glued_alts(ks: list[Kind]) -> bool:
    """``alts_glued`` on lines already classified."""
    for k in range(1, len(ks)):
        if ks[k].credit is None:
            continue
        if k + 1 < len(ks) and not ks[k + 1].new_block and ks[k + 1].type_section:
            return True
        if ks[k].new_block:
            continue
        above = ks[k - 1]
        if not (above.chrome or above.credit is not None or above.type_section):
            return True
    return False
