"""The byline: ``authors`` (the names the byline shows, in its order) and ``author_urls`` (their profile pages).

Over the parser's fixture corpus (tests/fixture_corpus.py: the hand-saved pages and both red-team rounds), one test
per page and pinned field; a field a fixture's JSON omits is not checked.
"""

from __future__ import annotations

import pytest

from tests.fixture_corpus import cases, check


@pytest.mark.parametrize("page, field", cases("byline"))
def test_pinned(page, field):
    check(page, field)
