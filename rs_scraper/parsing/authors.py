"""Author names: "By A and B", "A, B and C", "A, B, & C" -> ["A", "B", "C"]; no URLs, no duplicates."""

from __future__ import annotations

import re

from rs_scraper.parsing.text import collapse

_BY = re.compile(r"^(?:written\s+)?by[:\s]+", re.I)
_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*&\s*|\s+and\s+|\s*&\s*|\s*;\s*|\s*,\s*|\s*[·•|]\s*)\s*", re.I)
_STRIP = " .,:·•|–—-"
# Trailing role or affiliation after a comma is not a name ("Jane Doe, Ph.D." is rare on RS; roles are not).
_NOT_NAME = re.compile(
    r"^(?:https?://|www\.|@)|/|^(?:and|by|the|staff|editors?|responsible statecraft"
    r"|quincy institute.*)$",
    re.I,
)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md"}


def _strip_name(part: str) -> str:
    """Trim separators, but keep the period of a final suffix or initial ("Chas W. Freeman Jr.", "John Q.")."""
    p = part.strip()
    if p.lower() in _SUFFIXES:
        return p
    last = p.rsplit(None, 1)[-1] if p else ""
    if last.lower() in _SUFFIXES and last.endswith(".") or len(last) == 2 and last[0].isupper() and last[1] == ".":
        return p.lstrip(_STRIP)
    return p.strip(_STRIP)


def split_authors(value: str) -> list[str]:
    s = _BY.sub("", collapse(value))
    if not s:
        return []
    parts = [_strip_name(p) for p in _SPLIT.split(s)]
    out: list[str] = []
    for p in parts:
        if not p:
            continue
        if p.lower() in _SUFFIXES and out:  # "Martin Luther King, Jr." stays one name
            out[-1] = f"{out[-1]}, {p}"
            continue
        out.append(p)
    return out


def clean_authors(values) -> list[str]:
    """Flatten, split and de-duplicate (case-insensitively, first spelling kept), page order."""
    out: list[str] = []
    seen: set[str] = set()
    for v in values or []:
        if not isinstance(v, str):
            continue
        for name in split_authors(v):
            if (
                _NOT_NAME.search(name)
                or len(name) > 80
                or not any(ch.isalpha() for ch in name)
                or any(ch.isdigit() for ch in name)
            ):  # "January 12, 2025" after a "·" is a date
                continue
            key = name.lower()
            if key not in seen:
                seen.add(key)
                out.append(name)
    return out
