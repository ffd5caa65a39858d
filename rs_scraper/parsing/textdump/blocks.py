"""Step 5: tidy the body's blocks: noise paragraphs, images printed as text, blocks printed twice, pull quotes."""

from __future__ import annotations

import re

from rs_scraper.parsing import noise
from rs_scraper.parsing.options import TEXT_DUMP as _O


def tidy_blocks(blocks: list[str]) -> list[str]:
    """Noise paragraphs out (the shared text rules), then images printed as text, then repeated blocks."""
    return _drop_repeats(_drop_image_captions(noise.filter_paragraphs(blocks)))


def _drop_repeats(blocks: list[str]) -> list[str]:
    """A block printed twice in a row (an image's alt and its caption) is not body; nor is a one-line block that
    repeats a sentence of another block (a pull quote)."""
    out: list[str] = []
    for j, b in enumerate(blocks):
        if (j > 0 and blocks[j - 1] == b) or (j + 1 < len(blocks) and blocks[j + 1] == b):
            continue
        if "\n" not in b and noise.looks_like_body(b) and b in out:
            continue  # a paragraph printed again further down: a pull quote of it
        if (
            j >= 2
            and blocks[j - 1] == blocks[j - 2]
            and len(b.split()) <= _O.image_credit_max_words
            and not noise.ends_sentence(b)
        ):
            continue  # alt, caption, then the image's credit
        if noise.is_bare_credit(b):
            continue  # "REUTERS/Evelyn Hockstein": an in-body image's credit
        if (
            "\n" not in b
            and len(b.split()) >= _O.quote_min_words
            and any(b in o and b != o and b not in o.split("\n") for o in blocks)
        ):
            continue  # (a line equal to a whole line of another block is a list item printed twice, not a quote)
        out.append(b)
    return out


# Tag links printed without separators: "UkraineNATO", "Arms salesCongress".
_GLUED_TAGS = re.compile(r"^[A-Z][\w'’&-]*(?: [\w'’&-]+)*[a-z][A-Z][\w'’& -]*$")


def _is_caption(block: str) -> bool:
    return "\n" not in block and len(block.split()) <= _O.caption_max_words and not block.endswith((":", ";", ","))


def _is_alt(block: str) -> bool:
    return "\n" not in block and len(block.split()) <= _O.image_alt_max_words and not noise.ends_sentence(block)


def _drop_image_captions(blocks: list[str]) -> list[str]:
    """An image printed as text inside the body: [alt,] caption, then its bare credit ("AP Photo", "State Department
    photo by X"). The caption goes with the credit when the image's alt sits above it, or when it opens the body
    (the hero's caption); glued tag links ending the body go too."""
    drop: set[int] = set()
    for j, b in enumerate(blocks):
        if not noise.is_bare_credit(b) or j == 0 or not _is_caption(blocks[j - 1]):
            continue
        if j == 1:
            drop.add(0)
        elif _is_alt(blocks[j - 2]):
            drop |= {j - 2, j - 1}
    out = [b for j, b in enumerate(blocks) if j not in drop]
    while (
        out
        and "\n" not in out[-1]
        and len(out[-1].split()) <= _O.glued_tags_max_words
        and not noise.ends_sentence(out[-1])
        and _GLUED_TAGS.match(out[-1])
    ):
        out.pop()
    return out
