"""The body: ``text`` (the article's paragraphs, nothing else) and what derives from it (``word_count``,
``content_hash``, and where pinned the structured body); no site chrome and none of the page's own captions,
credits, teasers or next-article strings in it; a pull quote adds no sentence.

Over the parser's fixture corpus (tests/fixture_corpus.py: the hand-saved pages and both red-team rounds), one test
per page and pinned field; a field a fixture's JSON omits is not checked.
"""

from __future__ import annotations

import pytest

from tests.fixture_corpus import ARTICLES, CORPUS, cases, check, parsed

# Noise every RebelMouse page of RS carries somewhere (docs/site-facts.md §6, the seed dump): never body text.
GLOBAL_NOISE = [
    "Follow us on social",
    "google cta",
    "keep reading",
    "Show less",
    "Subscribe now to our weekly round-up",
    "Top photo credit",
    "Top image credit",
    "Photos:",
    "RELATED",
    "shortcode",
    "LATEST",
    "QIOSK",
    "Newsletter",
    "Add Photo Caption",
    "Add Photo Credit",
    "REBELMOUSE",
    "dataLayer",
    "twitter.com",
    "pic.twitter",
    "@",
    "Advertisement",
    "Copy link",
    "All rights reserved",
    "Around the web",
    "Sign up",
    "Tags:",
    "body-description",
    "{",
    "}",
]
WITH_TEXT = [k for k in ARTICLES if "text" in CORPUS[k].pinned]


@pytest.mark.parametrize("page, field", cases("body"))
def test_pinned(page, field):
    check(page, field)


@pytest.mark.parametrize("page", WITH_TEXT)
def test_no_noise_in_text(page):
    text = parsed(page).text or ""
    spec = CORPUS[page].spec
    leaks = [s for s in GLOBAL_NOISE + spec.get("_noise", []) if s in text and s not in (spec["text"] or "")]
    assert not leaks, leaks
    for q in spec.get("_pull_quotes", []):  # a pull quote repeats a body sentence: it must not add one
        assert text.count(q) == (spec["text"] or "").count(q), q
