"""Pages of other sites and CMSs: our parse_article is never below plain trafilatura.extract on body text.

Two sets in the one fixture format (rs_scraper/quality/fixtures.py), each <name>.json holding the page's true body
as ``text`` and the rule it is held to as ``_match`` (body F1 over word tokens, rs_scraper.quality.score_text):
- ``foreign/``: hand-made pages with hand-written bodies: F1 >= 0.95 and >= trafilatura's;
- ``foreign2/``: red-team pages of many CMSs (tests/generators/foreign2_pages.py), bodies written from the
  generator's blocks, never from an extractor: F1 >= trafilatura's - 0.005.
parse_article raises nothing but NotArticle (a NotArticle scores as empty text). Per set: our mean F1 >=
trafilatura's.
"""

from __future__ import annotations

from functools import cache

import pytest

from rs_scraper.parsing import NotArticle
from rs_scraper.quality.fixtures import FIXTURES, load_dir, similarity

RULES = {"foreign": {"f1_at_least": 0.95, "trafilatura_margin": 0.0}, "foreign2": {"trafilatura_margin": 0.005}}
MIN_PAGES = {"foreign": 3, "foreign2": 25}  # several layouts in each set
PAGES = {f"{s}/{fx.name}": fx for s in RULES for fx in load_dir(FIXTURES / s)}


@cache
def ours_text(page: str) -> str:
    try:
        return PAGES[page].parse().text or ""
    except NotArticle:
        return ""


@cache
def scores(page: str) -> tuple[float, float]:
    return similarity(PAGES[page], "text", ours_text(page))


@pytest.mark.parametrize("page", sorted(PAGES))
def test_no_worse_than_trafilatura(page):
    fx = PAGES[page]
    assert fx.spec["_match"]["text"] == RULES[page.split("/")[0]]
    ours, theirs = scores(page)
    print(f"{page}: ours F1 {ours:.4f}; trafilatura F1 {theirs:.4f}")
    wrong = fx.mismatch("text", {"text": ours_text(page)})
    assert wrong is None, wrong


@pytest.mark.parametrize("name", sorted(RULES))
def test_mean_no_worse_than_trafilatura(name):
    pairs = [scores(p) for p in PAGES if p.startswith(f"{name}/")]
    assert len(pairs) >= MIN_PAGES[name]
    ours = sum(p[0] for p in pairs) / len(pairs)
    theirs = sum(p[1] for p in pairs) / len(pairs)
    print(f"{name}: mean F1 over {len(pairs)} pages: ours {ours:.4f}; trafilatura {theirs:.4f}")
    assert ours >= theirs
