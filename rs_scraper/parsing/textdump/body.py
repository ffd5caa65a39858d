"""Step 4: the body. One reader walks the lines from the body start; at each line the body steps
(``BODY_STEPS``) are tried in order, and the first that takes the line decides: skip it, or end the body. A line
no step takes is body."""

from __future__ import annotations

from collections.abc import Callable

from rs_scraper.parsing import noise
from rs_scraper.parsing.authors import clean_authors
from rs_scraper.parsing.options import TEXT_DUMP as _O
from rs_scraper.parsing.textdump.kind import Kind
from rs_scraper.parsing.textdump.lines import Line
from rs_scraper.parsing.textdump.result import DumpResult

_NEXT, _END = "next", "end"


class _BodyReader:
    def __init__(self, ks: list[Kind], start: int, res: DumpResult, spaced: bool) -> None:
        self.ks, self.start, self.res, self.spaced = ks, start, res, spaced
        self.blocks: list[list[str]] = []
        self.authors: set[str] = set()  # names from the byline: their author box ends the body
        self.i = start
        self.last_kept = -1

    def read(self) -> list[str]:
        ks = self.ks
        while self.i < len(ks):
            verdict = None
            for step in BODY_STEPS:
                verdict = step(self)
                if verdict is not None:
                    break
            if verdict == _END:
                break
            if verdict is None:
                self.keep()
        return ["\n".join(b) for b in self.blocks]

    def keep(self) -> None:
        k = self.ks[self.i]
        if k.new_block or not self.blocks:
            self.blocks.append([k.text])
        else:
            self.blocks[-1].append(k.text)
        self.last_kept = self.i
        self.i += 1

    def skip(self) -> str:
        self.i += 1
        return _NEXT

    def pop_last_line(self) -> None:
        self.blocks[-1].pop()
        if not self.blocks[-1]:
            self.blocks.pop()


def _photo_by_credit(r: _BodyReader) -> str | None:
    """RebelMouse's "(Photo by …)" (div.photo-credit) above the body, maybe under the hero's alt taken as a first
    block: the lead photo's credit, and that alt is not body."""
    k, blocks = r.ks[r.i], r.blocks
    if not k.only_photo_by or not (
        not blocks or len(blocks) == 1 and len(blocks[0]) == 1 and not noise.looks_like_body(blocks[0][0])
    ):
        return None
    r.res.image_credit = r.res.image_credit or k.photo_by
    blocks.clear()
    return r.skip()


def _preamble(r: _BodyReader) -> str | None:
    """Byline, author box, date and hero alt between the header and the first paragraph (some captures). A name
    printed here (byline or author box) and again after the body starts the author box there."""
    k, i = r.ks[r.i], r.i
    if r.blocks or not (
        k.byline or k.dateline or k.hero_alt or k.author_name or i > r.start and k.is_bio_of(r.ks[i - 1])
    ):
        return None
    if k.byline or k.author_name:
        r.authors |= {a.lower() for a in clean_authors([k.text])}
    return r.skip()


def _hero_credit(r: _BodyReader) -> str | None:
    """The hero image's credit printed above the body: the lead photo's credit."""
    k = r.ks[r.i]
    if r.blocks or k.credit is None:
        return None
    r.res.image_credit = r.res.image_credit or k.credit
    return r.skip()


def _inbody_noise(r: _BodyReader) -> str | None:
    """Widget labels, newsletter boxes (and a box's own heading right above its blurb), image file names,
    shortcodes, "Related:" lines, in-body images and videos printed as text: skipped, the body goes on."""
    ks, i = r.ks, r.i
    k = ks[i]
    newsletter_heading = (
        i + 1 < len(ks)
        and ks[i + 1].soft_chrome
        and ks[i + 1].words >= _O.newsletter_blurb_min_words
        and k.words <= _O.newsletter_heading_max_words
        and not k.ends_sentence
        and k.credit is None
    )
    if k.soft_chrome or k.filename or k.shortcode or k.related or k.inbody_media or newsletter_heading:
        return r.skip()
    return None


def _tags_or_author_box(r: _BodyReader) -> str | None:
    """Tags, then the author box (or the byline's name again): the body is over."""
    k = r.ks[r.i]
    if k.tags or k.lower in r.authors or _starts_author_box(r.ks, r.i):
        return _END
    return None


def _embedded_post(r: _BodyReader) -> str | None:
    """ "— Name (@handle) March 3, 2024": an embedded post; the short block above it is the post's text."""
    if not r.ks[r.i].embed_attribution:
        return None
    if r.blocks and len(" ".join(r.blocks[-1]).split()) <= _O.embedded_post_max_words:
        r.blocks.pop()
    return r.skip()


def _teasers_inside(r: _BodyReader) -> str | None:
    """Teasers of other articles printed in the middle of the body ([alt,] [credit,] headline, section, blurb,
    "keep reading"), with body paragraphs after them: drop the teaser lines already taken (its alt above its
    credit; its headline, section and blurb above a toggle) and read on after them."""
    resume = _body_after_teasers(r.ks, r.i) if r.blocks else None
    if resume is None:
        return None
    _drop_teaser_head(r.blocks, r.ks, r.i)
    r.i = resume
    return _NEXT


def _credit_ends_body(r: _BodyReader) -> str | None:
    """A credit ends the body. Right after a body paragraph it is the lead photo's credit; after a short line it
    belongs to a teaser whose image alt was taken for body: give that line back. Unless that line ends an in-body
    image (alt, caption, credit) or is a pull quote: then the credit still is the lead photo's."""
    ks, i, blocks, res = r.ks, r.i, r.blocks, r.res
    k = ks[i]
    credit = k.credit
    if credit is None:
        return None
    last = blocks[-1][-1] if blocks else ""
    after_image = blocks and (
        noise.is_bare_credit(last)
        or len(blocks) >= 2
        and blocks[-1] == blocks[-2]
        or len(blocks) >= 3
        and blocks[-2] == blocks[-3]
        or len(last.split()) >= _O.quote_min_words
        and any(last in " ".join(b) for b in blocks[:-1])
    )
    if r.spaced and not after_image:
        # This dump prints an image's alt right above its credit, with no blank line between (the seed's
        # teasers). A credit after a blank line then has no alt above it: the block before it is body,
        # however short; the credit is the lead photo's unless its teaser's toggle follows.
        if blocks and r.last_kept == i - 1 and not k.new_block:
            r.pop_last_line()
        elif res.image_credit is None and not _teaser_credit_ahead(ks, i):
            res.image_credit = credit
    elif (
        blocks
        and not after_image
        and len(blocks[-1]) == 1
        and not noise.looks_like_body(blocks[-1][-1])
        and _teaser_credit_ahead(ks, i)
    ):
        r.pop_last_line()
    elif res.image_credit is None:
        res.image_credit = credit
    return _END


def _type_line_ends_body(r: _BodyReader) -> str | None:
    """The type line repeated below the body: teasers follow; a plain credit may sit right after it."""
    ks, i = r.ks, r.i
    if not ks[i].type_section:
        return None
    if i + 1 < len(ks) and r.res.image_credit is None:
        nxt = ks[i + 1]
        if nxt.credit is not None and not nxt.teaser_credit:
            r.res.image_credit = nxt.credit
    return _END


def _chrome_ends_body(r: _BodyReader) -> str | None:
    """Chrome ends the body; after the body's own end toggle ("keep reading", "Read more") the lead photo's credit
    may follow."""
    ks, i = r.ks, r.i
    k = ks[i]
    if not k.chrome:
        return None
    # An author box ends with its "See Full Bio" link: its name and bio above are not body.
    _drop_author_box(r.blocks)
    m = _next_real(ks, i + 1)
    if (
        r.res.image_credit is None
        and r.blocks
        and (k.toggle or k.lower == "read more")
        and m < len(ks)
        and ks[m].credit is not None
        and not _teaser_credit_ahead(ks, m)
    ):
        r.res.image_credit = ks[m].credit
    return _END


# The body steps, in the order they are tried on each line.
BODY_STEPS: tuple[Callable[[_BodyReader], str | None], ...] = (
    _photo_by_credit,
    _preamble,
    _hero_credit,
    _inbody_noise,
    _tags_or_author_box,
    _embedded_post,
    _teasers_inside,
    _credit_ends_body,
    _type_line_ends_body,
    _chrome_ends_body,
)


def _next_real(ks: list[Kind], k: int) -> int:
    while k < len(ks) and ks[k].soft_chrome:
        k += 1
    return k


def _teaser_credit_ahead(ks: list[Kind], i: int) -> bool:
    """The credit at i is a teaser's (its image had no alt line): the teaser's "keep reading" toggle comes before
    any other credit or "<Type> | <Section>" line. The lead photo's credit is followed by the type line again or
    by the first teaser's own credit."""
    for k in range(i + 1, min(len(ks), i + 1 + _O.teaser_span)):
        line = ks[k]
        if line.toggle:
            return True
        if line.credit is not None or line.type_section or line.tags or line.chrome or _starts_author_box(ks, k):
            return False
    return False


def _body_after_teasers(ks: list[Kind], i: int) -> int | None:
    """At a credit or a "keep reading" toggle inside the body: when it starts (or ends) a run of teasers and a body
    paragraph follows the run's last toggle, the index of that paragraph; else None (the body is over)."""
    n = len(ks)
    k = i
    found = False
    if ks[i].chrome and not ks[i].toggle:
        # A widget heading ("Around the web") right above the teasers.
        k = _next_real(ks, i + 1)
        if k + 1 < n and ks[k].credit is None and not ks[k].body:
            k += 1
        if k >= n or ks[k].credit is None:
            return None
    while k < n:
        line = ks[k]
        if line.toggle:
            end = k
        elif line.credit is not None:
            toggle = next((m for m in range(k + 1, min(n, k + 1 + _O.teaser_span)) if ks[m].toggle), None)
            if toggle is None or any(
                ks[m].credit is not None or ks[m].type_section or ks[m].chrome and not ks[m].toggle
                for m in range(k + 1, toggle)
            ):
                return None
            end = toggle
        else:
            break
        found = True
        k = _next_real(ks, end + 1)
        if k + 1 < n and ks[k + 1].credit is not None and not ks[k].body:
            k += 1  # the next teaser's image alt, then its credit
    if not found or k >= n:
        return None
    line = ks[k]
    # A body paragraph, or a list (lines glued to each other, none of them a credit).
    is_list = k + 1 < n and not ks[k + 1].new_block and ks[k + 1].credit is None
    if (
        not (line.body or is_list)
        or line.chrome
        or line.type_section
        or _starts_author_box(ks, k)
        or line.tags
        or k > 0
        and line.is_bio_of(ks[k - 1])
    ):
        return None
    return k


def _drop_teaser_head(blocks: list[list[str]], ks: list[Kind], i: int) -> None:
    """Remove from the body the lines of the teaser that starts before line i (a credit or a toggle)."""
    if ks[i].chrome and not ks[i].toggle:
        return  # a widget heading: the teasers start below it
    if ks[i].toggle:
        # headline, [section,] blurb: the blurb, the section (a name), the headline, then its image alt (the
        # headline again or a short caption).
        if blocks:
            blocks.pop()
        if (
            blocks
            and len(blocks[-1]) == 1
            and noise.is_name_like(blocks[-1][0])
            and len(blocks[-1][0].split()) <= _O.teaser_section_max_words
        ):
            blocks.pop()
        if blocks and len(blocks[-1]) == 1 and not noise.looks_like_body(blocks[-1][0]):
            head = blocks.pop()[0]
            if blocks and len(blocks[-1]) == 1 and blocks[-1][0].lower() == head.lower():
                blocks.pop()
        return
    # A credit: the teaser's image alt is the last line taken, when it is not a body paragraph.
    if blocks and not noise.looks_like_body(blocks[-1][-1]):
        blocks[-1].pop()
        if not blocks[-1]:
            blocks.pop()


def _drop_author_box(blocks: list[list[str]]) -> None:
    """The last two blocks are "Jane Doe" and "Jane Doe <verb> …" (one author box, or several in a row)."""
    while len(blocks) >= 2 and len(blocks[-2]) == 1 and len(blocks[-1]) == 1:
        name, bio = blocks[-2][0], blocks[-1][0]
        if not (
            Kind(Line(name)).author_name
            and len(name.split()) <= _O.author_box_name_max_words
            and bio.startswith(name + " ")
            and len(bio) > len(name) + 3
            and bio[len(name) + 1].islower()
        ):
            return
        del blocks[-2:]


def _starts_author_box(ks: list[Kind], i: int) -> bool:
    """ "Jane Doe" then "Jane Doe is a senior fellow at …": an author box."""
    k = ks[i]
    if i + 1 >= len(ks) or k.words > _O.author_box_name_max_words or k.ends_sentence:
        return False
    return ks[i + 1].text.startswith(k.text + " is ") or ks[i + 1].text.startswith(k.text + " was ")


def read_body(ks: list[Kind], start: int, res: DumpResult, spaced: bool) -> list[str]:
    """The body's blocks from line ``start`` on (lines of one block joined by newlines); may set the lead photo's
    credit on ``res``."""
    return _BodyReader(ks, start, res, spaced).read()
