"""Red-team pages of other sites and CMSs (tests/generators/foreign2_pages.py -> tests/fixtures/foreign2):
our parse_article is no worse than plain trafilatura.extract on body text.

Each <name>.json (the one fixture format, rs_scraper/quality/fixtures.py) holds the page's true body as ``text``,
written from the generator's blocks (never from an extractor), and its ``_match`` rule: body F1 over word tokens
(rs_scraper.quality.score_text) of ours >= trafilatura's - 0.005. parse_article raises nothing but NotArticle
(a NotArticle scores as empty text). Aggregate: our mean F1 >= trafilatura's.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from rs_scraper.parsing import NotArticle
from rs_scraper.quality.fixtures import load_dir, similarity

PAGES = {fx.name: fx for fx in load_dir(Path(__file__).parent / "fixtures" / "foreign2")}
NAMES = sorted(PAGES)
TOLERANCE = 0.005


@cache
def ours_text(name: str) -> str:
    try:
        return PAGES[name].parse().text or ""
    except NotArticle:
        return ""


@cache
def scores(name: str) -> tuple[float, float]:
    return similarity(PAGES[name], "text", ours_text(name))


@pytest.mark.parametrize("name", NAMES)
def test_no_worse_than_trafilatura(name):
    fx = PAGES[name]
    assert fx.spec["_match"]["text"] == {"trafilatura_margin": TOLERANCE}
    ours, theirs = scores(name)
    print(f"{name}: ours F1 {ours:.4f}; trafilatura F1 {theirs:.4f}")
    assert fx.mismatch("text", {"text": ours_text(name)}) is None


def test_mean_no_worse_than_trafilatura():
    pairs = [scores(n) for n in NAMES]
    ours = sum(p[0] for p in pairs) / len(pairs)
    theirs = sum(p[1] for p in pairs) / len(pairs)
    print(f"mean F1 over {len(pairs)} pages: ours {ours:.4f}; trafilatura {theirs:.4f}")
    assert ours >= theirs


def test_there_are_many_layouts():
    assert len(NAMES) >= 25
