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

