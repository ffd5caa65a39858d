"""The dates: ``published_at`` and ``modified_at`` (instants in UTC), ``published_precision`` and ``published_date``
(the day the site shows).

Over the parser's fixture corpus (tests/fixture_corpus.py: the hand-saved pages and both red-team rounds), one test
per page and pinned field; a field a fixture's JSON omits is not checked.
"""

from __future__ import annotations

import pytest

from tests.fixture_corpus import ARTICLES, cases, check, parsed


@pytest.mark.parametrize("page, field", cases("dates"))
def test_pinned(page, field):
    check(page, field)


@pytest.mark.parametrize("page", ARTICLES)
def test_datetimes_are_utc(page):
    a = parsed(page)
    for dt in (a.published_at, a.modified_at):
        assert dt is None or dt.utcoffset().total_seconds() == 0
