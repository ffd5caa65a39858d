"""Which page this is and how it was read: ``url`` (the canonical URL, as items.py defines it),
``language``, and where pinned ``parser_version`` / ``extraction_method``.

Over the parser's fixture corpus (tests/fixture_corpus.py: the hand-saved pages and both red-team rounds), one test
per page and pinned field; a field a fixture's JSON omits is not checked.
"""

from __future__ import annotations

import pytest

from tests.fixture_corpus import cases, check


@pytest.mark.parametrize("page, field", cases("identity"))
def test_pinned(page, field):
    check(page, field)
