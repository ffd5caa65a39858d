"""Red-team pages, one test per field per page. Two independent sets, each written from rs-site.md and items.py
only before its author read the parser: a first round, and a second of harder pages (split bodies, <br>
paragraphs, listicles, AMP, epoch dates, logo og:images ...).

tests/fixtures/<set>/pages/<name>.html + <name>.json, in the one fixture format (rs_scraper/quality/fixtures.py): the
json pins the fields its generator sets (a field it omits is not checked) or {"not_article": true}; "_request" is
how the page was fetched (url, HTTP charset), "_noise" the page's own captions/credits/teasers/next-article strings,
"_pull_quotes" its pull quotes. The generators: tests/generators/redteam_pages.py, tests/generators/redteam2_pages.py.
"""

from __future__ import annotations

import pytest

from rs_scraper.parsing import NotArticle
from rs_scraper.quality.fixtures import FIXTURES, load_set

SETS = ("redteam", "redteam2")
# "<set>/<name>" -> the fixture
PAGES = {f"{s}/{fx.name}": fx for s in SETS for fx in load_set(s, FIXTURES)}
SPECS = {key: fx.spec for key, fx in PAGES.items()}
ARTICLES = [n for n, fx in PAGES.items() if fx.is_article]
NON_ARTICLES = [n for n, fx in PAGES.items() if not fx.is_article]

# Noise every RebelMouse page of RS carries somewhere (rs-site.md, the seed dump): never body text.
GLOBAL_NOISE = [
    "Follow us on social", "google cta", "keep reading", "Show less", "Subscribe now to our weekly round-up",
    "Top photo credit", "Top image credit", "Photos:", "RELATED", "shortcode", "LATEST", "QIOSK", "Newsletter",
    "Add Photo Caption", "Add Photo Credit", "REBELMOUSE", "dataLayer", "twitter.com", "pic.twitter", "@",
    "Advertisement", "Copy link", "All rights reserved", "Around the web", "Sign up", "Tags:",
    "body-description", "{", "}",
]


def _run(name: str):
    return PAGES[name].parse()


_cache: dict = {}


def parsed(name: str):
    if name not in _cache:
        _cache[name] = _run(name)
    return _cache[name]


# A field the spec omits is not checked (fundus-style), so a new column never touches the saved specs.
# Datetimes compare as instants and must be UTC (the checker's rule).
@pytest.mark.parametrize("name, field", [(n, f) for n in ARTICLES for f in PAGES[n].pinned])
def test_field(name, field):
    assert PAGES[name].mismatch(field, parsed(name)) is None


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
