"""Cleanup: normalise every field to one form before validation and storage.

The parser already produces clean values; this stage is the guarantee for anything else that feeds the
pipelines (re-processing, other spiders): one-line fields stripped and collapsed, empty strings as null,
lists without blanks or duplicates, datetimes in UTC, and word_count / content_hash always derived from text.
"""

from __future__ import annotations

import re
from datetime import datetime

from pipelines.base import Stage, adapt
from rs_scraper.items import TIMESTAMP, names
from rs_scraper.textstats import text_stats
from rs_scraper.timeutil import to_utc

# From each column's declaration (rs_scraper.items: ``clean=`` and the Arrow type), never listed here.
ONE_LINE_FIELDS = names(clean="line")
LIST_FIELDS = names(clean="list")
TIME_FIELDS = names(arrow=TIMESTAMP)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_line(value):
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def clean_text(value):
    """Paragraphs separated by exactly one blank line; lines inside a paragraph (list items) kept."""
    if value is None:
        return None
    paragraphs = []
    for block in _BLANK_LINES.split(str(value).replace("\r\n", "\n").replace("\r", "\n")):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            paragraphs.append(block)
    cleaned = "\n\n".join(paragraphs) or None
    return value if cleaned == value else cleaned  # the same object when clean: its text_stats are known


def clean_list(values) -> list[str]:
    seen: dict[str, None] = {}
    for value in values or []:
        value = clean_line(value)
        if value and value not in seen:
            seen[value] = None
    return list(seen)


def clean_authors(names, urls) -> tuple[list[str], list[str | None]]:
    """``authors`` cleaned as a list field, with ``author_urls`` kept parallel to it (one URL or None a name:
    a URL follows its name when a blank or repeated name is dropped)."""
    urls = list(urls) if urls is not None else []
    pairs: dict[str, str | None] = {}
    for i, name in enumerate(names or []):
        name = clean_line(name)
        if name and name not in pairs:
            pairs[name] = clean_line(urls[i]) if i < len(urls) else None
    return list(pairs), list(pairs.values())


def clean_item(item):
    row = adapt(item)
    if "authors" in row and "author_urls" in row:
        row["authors"], row["author_urls"] = clean_authors(row.get("authors"), row.get("author_urls"))
    for name in ONE_LINE_FIELDS:
        if name in row:
            row[name] = clean_line(row.get(name))
    for name in LIST_FIELDS:
        if name in row:
            row[name] = clean_list(row.get(name))
    for name in TIME_FIELDS:
        if name in row:
            value = row.get(name)
            row[name] = to_utc(value) if isinstance(value, datetime) else value
    row["text"] = clean_text(row.get("text"))
    row["word_count"], row["content_hash"] = text_stats(row["text"])
    return item


class CleanupPipeline(Stage):
    def process_item(self, item, spider=None):
        return clean_item(item)
