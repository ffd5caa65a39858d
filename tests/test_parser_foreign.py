"""Pages of other sites (other CMS markup): our parse_article is no worse than plain trafilatura.extract.

tests/fixtures/foreign/<name>.html with its hand-written body <name>.txt (paragraphs joined by a blank line, per
items.py). Body F1 over word tokens (rs_scraper.quality) of ours must be >= trafilatura's on the same page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura

from rs_scraper.parsing import parse_article
from rs_scraper.quality import score_text

PAGES = Path(__file__).parent / "fixtures" / "foreign"
NAMES = sorted(p.stem for p in PAGES.glob("*.html"))


@pytest.mark.parametrize("name", NAMES)
def test_no_worse_than_trafilatura(name):
    html = (PAGES / f"{name}.html").read_bytes()
    truth = (PAGES / f"{name}.txt").read_text(encoding="utf-8").strip()
    ours = score_text(parse_article(html, f"https://news.example.com/2024/{name}").text, truth)
    theirs = score_text(trafilatura.extract(html), truth)
    print(f"{name}: ours F1 {ours.f1:.4f} exact {ours.exact}; trafilatura F1 {theirs.f1:.4f}")
    assert ours.f1 >= theirs.f1
    assert ours.f1 >= 0.95


def test_there_are_several_layouts():
    assert len(NAMES) >= 3
