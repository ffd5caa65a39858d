"""Small text helpers shared by every layer (whitespace policy lives here)."""

from __future__ import annotations

import re

# \s on str patterns already covers NBSP, thin spaces, line/paragraph separators; zero-width chars are not
# whitespace for Python, so they are removed explicitly (they only come from CMS editors).
_WS = re.compile(r"\s+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def collapse(text: str | None) -> str:
    """Collapse runs of whitespace (NBSP too) to one space and strip. Characters are otherwise kept as-is."""
    if not text:
        return ""
    return _WS.sub(" ", _ZERO_WIDTH.sub("", text)).strip()



# Han, kana and Hangul: scripts written without spaces between words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def size_in_words(text: str | None) -> int:
    """How long a text is, in words, for length thresholds: whitespace-separated words, plus one word per two
    characters of a script written without spaces (a Japanese article of 2,000 characters is not 40 words)."""
    if not text:
        return 0
    return len(text.split()) + len(_CJK.findall(text)) // 2
