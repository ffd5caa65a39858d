"""Fundus-style fixture tests: tests/fixtures/pages/<name>.html + <name>.json, one test per pinned field.

The format, its loader and its checker: rs_scraper/quality/fixtures.py (a field the JSON omits is not checked;
``not_article`` names the expected reason; ``_request`` is how the page was fetched, a url of null meaning "as the
CLI would call it", a file:// URL).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rs_scraper.parsing import NotArticle
from rs_scraper.quality.fixtures import load_dir

PAGES = Path(__file__).parent / "fixtures" / "pages"
FIXTURES = {fx.name: fx for fx in load_dir(PAGES)}
ARTICLES = [n for n, fx in FIXTURES.items() if fx.is_article]
NON_ARTICLES = [n for n, fx in FIXTURES.items() if not fx.is_article]
_cache: dict = {}


def parsed(name: str):
    if name not in _cache:
        _cache[name] = FIXTURES[name].parse()
    return _cache[name]


@pytest.mark.parametrize("name, field", [(n, f) for n in ARTICLES for f in FIXTURES[n].pinned])
def test_field(name, field):
    assert FIXTURES[name].mismatch(field, parsed(name)) is None


@pytest.mark.parametrize("name", ARTICLES)
def test_datetimes_are_utc(name):
    a = parsed(name)
    for dt in (a.published_at, a.modified_at):
        assert dt is None or dt.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("name", NON_ARTICLES)
def test_not_article(name):
    with pytest.raises(NotArticle) as info:
        FIXTURES[name].parse()
    assert info.value.reason == FIXTURES[name].not_article_reason
