"""The generic gate on real pages nobody here wrote (tests/data/zyte: Zyte's 181-page benchmark, MIT).

In one run, our parser and plain ``trafilatura.extract`` are scored with the benchmark's metric
(rs_scraper.quality.zyte: 4-token shingles; corpus P = mean page P over non-empty predictions, R = mean page R
over all pages). Fails when ours is below trafilatura's F1, when a page gets no row (a NotArticle or a
ParseError: every page is a real article), when more than 2 % of the pages are worse than trafilatura's by more
than 0.05 F1, or when ours falls below the pinned floors (rs_scraper/quality/zyte_floors.json). Each page is
parsed once per extractor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rs_scraper.quality import zyte

FLOORS = json.loads((Path(zyte.__file__).with_name("zyte_floors.json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reports():
    pages = zyte.load_pages()
    assert len(pages) == 181
    return zyte.score(pages, zyte.ours, "ours"), zyte.score(pages, zyte.plain_trafilatura, "trafilatura")


def test_no_page_without_a_row(reports):
    ours, _ = reports
    empty = [(p.id[:12], p.detail) for p in ours.empty]
    assert len(empty) <= FLOORS["max_no_row"], f"real articles given no row: {empty}"


def test_not_below_plain_trafilatura(reports):
    ours, theirs = reports
    print(ours.summary())
    print(theirs.summary())
    assert ours.f1 >= theirs.f1


def test_few_pages_worse_than_trafilatura(reports):
    ours, theirs = reports
    worse = zyte.worse_pages(ours, theirs, FLOORS["worse_margin"])
    detail = ", ".join(f"{pid[:12]} {f:.3f}<{t:.3f}" for pid, f, t in worse)
    assert len(worse) <= FLOORS["max_worse_share"] * len(ours.pages), f"{len(worse)} pages worse: {detail}"


def test_pinned_floors(reports):
    ours, _ = reports
    for key in ("f1", "precision", "recall"):
        assert getattr(ours, key) >= FLOORS[key], f"{key} {getattr(ours, key):.4f} < floor {FLOORS[key]}"


def test_metric_matches_the_benchmark_definition():
    """Shingles of 4 \\w+ tokens, case kept; 1-3 tokens are one shingle; empty text has none."""
    assert zyte.shingles("") == {}
    assert zyte.shingles("One two") == {("One", "two"): 1}
    assert sum(zyte.shingles("a b c d e").values()) == 2
    s = zyte.score_page("x", "a b c d e", "a b c d")
    assert (s.precision, s.recall) == (0.5, 1.0)
    empty = zyte.score_page("x", "", "a b c d")
    assert empty.precision is None and empty.recall == 0.0 and empty.empty
    rep = zyte.ZyteReport("r", [s, empty])
    assert rep.precision == 0.5 and rep.recall == 0.5  # the empty page leaves the precision mean, not recall's
