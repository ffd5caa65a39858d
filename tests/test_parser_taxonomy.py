"""The article's kind and place: ``article_type`` (Analysis, Reporting, ...), ``section`` and ``tags``.

Over the parser's fixture corpus (tests/fixture_corpus.py: the hand-saved pages and both red-team rounds), one test
per page and pinned field; a field a fixture's JSON omits is not checked.
"""

from __future__ import annotations

import pytest

from tests.fixture_corpus import cases, check


@pytest.mark.parametrize("page, field", cases("taxonomy"))
def test_pinned(page, field):
    check(page, field)
