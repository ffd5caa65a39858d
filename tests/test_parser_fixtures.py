"""Fundus-style fixture tests: tests/fixtures/pages/<name>.html + <name>.expected.json, one test per field.

expected.json: {"input": {"url": ..., "encoding": ...}, "expected": {<field>: value} | {"not_article": reason}}.
Datetimes are ISO 8601 strings in UTC. A url of null means "as the CLI would call it": a file:// URL.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from rs_scraper.items import PAGE_FIELDS
from rs_scraper.parsing import NotArticle, parse_article

PAGES = Path(__file__).parent / "fixtures" / "pages"
SPECS = {p.name.removesuffix(".expected.json"): json.loads(p.read_text(encoding="utf-8"))
         for p in sorted(PAGES.glob("*.expected.json"))}
ARTICLES = [n for n, s in SPECS.items() if "not_article" not in s["expected"]]
NON_ARTICLES = [n for n, s in SPECS.items() if "not_article" in s["expected"]]
FIELDS = PAGE_FIELDS + ("parser_version", "extraction_method")


def _run(name: str):
    spec = SPECS[name]["input"]
    path = PAGES / f"{name}.html"
    return parse_article(path.read_bytes(), spec.get("url") or path.resolve().as_uri(), encoding=spec.get("encoding"))


_cache: dict = {}


def parsed(name: str):
    if name not in _cache:
        _cache[name] = _run(name)
    return _cache[name]


def _jsonable(v):
    return v.isoformat() if isinstance(v, (datetime, date)) else v


# Only the fields a fixture pins are tested (no skipped placeholders for the others).
PINNED = [(n, f) for n in ARTICLES for f in FIELDS if f in SPECS[n]["expected"]]


@pytest.mark.parametrize("name, field", PINNED)
def test_field(name, field):
    assert _jsonable(getattr(parsed(name), field)) == SPECS[name]["expected"][field]


@pytest.mark.parametrize("name", ARTICLES)
def test_datetimes_are_utc(name):
    a = parsed(name)
    for dt in (a.published_at, a.modified_at):
        assert dt is None or dt.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("name", NON_ARTICLES)
def test_not_article(name):
    with pytest.raises(NotArticle) as info:
        _run(name)
    assert info.value.reason == SPECS[name]["expected"]["not_article"]
