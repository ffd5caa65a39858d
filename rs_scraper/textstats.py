"""``word_count`` and ``content_hash``, derived from an article's text in one place (the parser, cleanup and
the mirror's ground truth all ask here; ``content_hash`` is what "the same text" means to dedupe, revisions and
the "unchanged" decisions of rs_scraper.incremental).

The parser derives them for its row and the cleanup pipeline derives them again from the cleaned text (its
guarantee for rows from anywhere). For a parsed page the cleaned text is the very same string, so the last result
is remembered for that string object (held here, so its identity cannot be reused): the hash and the word split
run once a page, not twice.
"""

from __future__ import annotations

import hashlib

_last: list = [None, (0, None)]  # [the text object, its (word_count, content_hash)]


def content_hash(text: str) -> str:
    """The identity of an article's text: SHA-256 hex of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_stats(text: str | None) -> tuple[int, str | None]:
    """(number of whitespace-separated words, SHA-256 hex of the UTF-8 text); (0, None) for no text."""
    if not text:
        return 0, None
    if text is _last[0]:
        return _last[1]
    stats = len(text.split()), content_hash(text)
    _last[0], _last[1] = text, stats
    return stats
