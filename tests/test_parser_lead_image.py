"""The lead image: ``image_url`` (the article's hero, not a site logo) and ``image_credit`` (without its label).

Over the parser's fixture corpus (tests/fixture_corpus.py: the hand-saved pages and both red-team rounds), one test
per page and pinned field; a field a fixture's JSON omits is not checked.
"""

from __future__ import annotations

import pytest

from tests.fixture_corpus import cases, check


@pytest.mark.parametrize("page, field", cases("lead_image"))
def test_pinned(page, field):
    check(page, field)
