"""Pages of other sites (other CMS markup): our parse_article is no worse than plain trafilatura.extract.

tests/fixtures/foreign/<name>.html with <name>.json (the one fixture format, rs_scraper/quality/fixtures.py): its
``text`` the hand-written body (paragraphs joined by a blank line, per items.py), compared by its ``_match`` rule:
body F1 over word tokens (rs_scraper.quality) of ours >= 0.95 and >= trafilatura's on the same page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rs_scraper.quality.fixtures import load_dir, similarity

PAGES = {fx.name: fx for fx in load_dir(Path(__file__).parent / "fixtures" / "foreign")}
NAMES = sorted(PAGES)


@pytest.mark.parametrize("name", NAMES)
def test_no_worse_than_trafilatura(name):
    fx = PAGES[name]
    assert fx.spec["_match"]["text"] == {"f1_at_least": 0.95, "trafilatura_margin": 0.0}
    got = fx.parse()
    ours, theirs = similarity(fx, "text", got.text)
    print(f"{name}: ours F1 {ours:.4f}; trafilatura F1 {theirs:.4f}")
    assert fx.mismatch("text", got) is None


def test_there_are_several_layouts():
    assert len(NAMES) >= 3
