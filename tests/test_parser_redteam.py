"""Red-team pages, one test per field per page. Two independent sets, each written from rs-site.md and items.py
only before its author read the parser: tests/redteam/gen_pages.py (first round) and tests/redteam2/gen_pages.py
(harder pages: split bodies, <br> paragraphs, listicles, AMP, epoch dates, logo og:images ...).

tests/fixtures/<set>/pages/<name>.html + <name>.json; the json is the expected row (PAGE_FIELDS, datetimes ISO
8601 with offset) or {"not_article": true}; "_request" is how the page was fetched (url, HTTP charset),
"_noise" the page's own captions/credits/teasers/next-article strings, "_pull_quotes" its pull quotes.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from rs_scraper.items import PAGE_FIELDS
from rs_scraper.parsing import NotArticle, parse_article

FIXTURES = Path(__file__).parent / "fixtures"
SETS = ("redteam", "redteam2")
# "<set>/<name>" -> the page's html path and its spec
PATHS = {f"{s}/{p.stem}": p.with_suffix(".html") for s in SETS for p in sorted((FIXTURES / s / "pages").glob("*.json"))}
SPECS = {key: json.loads(path.with_suffix(".json").read_text(encoding="utf-8")) for key, path in PATHS.items()}
ARTICLES = [n for n, s in SPECS.items() if not s.get("not_article")]
NON_ARTICLES = [n for n, s in SPECS.items() if s.get("not_article")]

# Noise every RebelMouse page of RS carries somewhere (rs-site.md, the seed dump): never body text.
GLOBAL_NOISE = [
    "Follow us on social", "google cta", "keep reading", "Show less", "Subscribe now to our weekly round-up",
    "Top photo credit", "Top image credit", "Photos:", "RELATED", "shortcode", "LATEST", "QIOSK", "Newsletter",
    "Add Photo Caption", "Add Photo Credit", "REBELMOUSE", "dataLayer", "twitter.com", "pic.twitter", "@",
    "Advertisement", "Copy link", "All rights reserved", "Around the web", "Sign up", "Tags:",
    "body-description", "{", "}",
]


def _run(name: str):
    req = SPECS[name]["_request"]
    return parse_article(PATHS[name].read_bytes(), req["url"], encoding=req.get("encoding"))


_cache: dict = {}


def parsed(name: str):
    if name not in _cache:
        _cache[name] = _run(name)
    return _cache[name]


# A field the spec omits is not checked (fundus-style), so a new column never touches the saved specs.
@pytest.mark.parametrize("name, field", [(n, f) for n in ARTICLES for f in PAGE_FIELDS if f in SPECS[n]])
def test_field(name, field):
    got = getattr(parsed(name), field)
    want = SPECS[name][field]
    if field in ("published_at", "modified_at"):
        if want is None:
            assert got is None
            return
        assert got is not None, f"{field}: expected {want}, got None"
        assert got.utcoffset() is not None and got.utcoffset().total_seconds() == 0, f"{field} not UTC: {got}"
        assert got == datetime.fromisoformat(want)
        return
    assert got == want


@pytest.mark.parametrize("name", ARTICLES)
def test_no_noise_in_text(name):
    text = parsed(name).text or ""
    spec = SPECS[name]
    leaks = [s for s in GLOBAL_NOISE + spec.get("_noise", []) if s in text and s not in (spec["text"] or "")]
    assert not leaks, leaks
    for q in spec.get("_pull_quotes", []):  # a pull quote repeats a body sentence: it must not add one
        assert text.count(q) == (spec["text"] or "").count(q), q


@pytest.mark.parametrize("name", NON_ARTICLES)
def test_non_article(name):
    with pytest.raises(NotArticle):
        _run(name)
