"""Red-team pages of other sites and CMSs (tests/redteam_foreign/gen_pages.py -> tests/fixtures/foreign2):
our parse_article is no worse than plain trafilatura.extract on body text.

Body F1 over word tokens (rs_scraper.quality.score_text) against the page's true body <name>.txt, written from the
generator's blocks (never from an extractor). Per page: ours >= trafilatura's - 0.005, and parse_article raises
nothing but NotArticle (a NotArticle scores as empty text). Aggregate: our mean F1 >= trafilatura's.
"""

from __future__ import annotations

import re as _re
from functools import lru_cache
from pathlib import Path

import pytest
import trafilatura

from rs_scraper.parsing import NotArticle, parse_article
from rs_scraper.quality import score_text

PAGES = Path(__file__).parent / "fixtures" / "foreign2"
NAMES = sorted(p.stem for p in PAGES.glob("*.html"))
TOLERANCE = 0.005

def page_url(html: bytes, name: str) -> str:
    """The page's own URL: its canonical link when it has one (a site's real paths), else a dated news path."""
    m = _re.search(rb'<link rel="canonical" href="([^"]+)"', html)
    return m.group(1).decode() if m else f"https://news.example.com/2024/05/{name}"


@lru_cache(maxsize=None)
def scores(name: str) -> tuple[float, float]:
    html = (PAGES / f"{name}.html").read_bytes()
    truth = (PAGES / f"{name}.txt").read_text(encoding="utf-8").strip()
    try:
        got = parse_article(html, page_url(html, name)).text
    except NotArticle:
        got = ""
    ours = score_text(got, truth).f1
    theirs = score_text(trafilatura.extract(html), truth).f1
    return ours, theirs


@pytest.mark.parametrize("name", NAMES)
def test_no_worse_than_trafilatura(name):
    ours, theirs = scores(name)
    print(f"{name}: ours F1 {ours:.4f}; trafilatura F1 {theirs:.4f}")
    assert ours >= theirs - TOLERANCE


def test_mean_no_worse_than_trafilatura():
    pairs = [scores(n) for n in NAMES]
    ours = sum(p[0] for p in pairs) / len(pairs)
    theirs = sum(p[1] for p in pairs) / len(pairs)
    print(f"mean F1 over {len(pairs)} pages: ours {ours:.4f}; trafilatura {theirs:.4f}")
    assert ours >= theirs


def test_there_are_many_layouts():
    assert len(NAMES) >= 25
