"""The headline and the dek: ``title`` (the page's headline, never the site name or a title suffix) and
``subtitle`` (the dek shown under it, or null).

Over the parser's fixture corpus (tests/fixture_corpus.py: the hand-saved pages and both red-team rounds), one test
per page and pinned field; a field a fixture's JSON omits is not checked.
"""

from __future__ import annotations

import pytest

from tests.fixture_corpus import cases, check


@pytest.mark.parametrize("page, field", cases("headline"))
def test_pinned(page, field):
    check(page, field)
