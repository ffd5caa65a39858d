"""A page is a non-article only on positive evidence: listings, tag, author and section pages, the home page,
about pages, videos, 404s and teaser fragments give no row (``NotArticle``, with the reason the fixture names).

Over the parser's fixture corpus (tests/fixture_corpus.py): every page whose JSON says ``not_article``.
"""

from __future__ import annotations

import pytest

from rs_scraper.parsing import NotArticle
from tests.fixture_corpus import CORPUS, NON_ARTICLES


@pytest.mark.parametrize("page", NON_ARTICLES)
def test_not_article(page):
    fx = CORPUS[page]
    with pytest.raises(NotArticle) as info:
        fx.parse()
    if fx.not_article_reason is not None:
        assert info.value.reason == fx.not_article_reason
