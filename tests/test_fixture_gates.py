"""Gates on saved fixture sets that nobody who wrote the parser wrote (rs_scraper.quality.fixtures).

rm_real: 56 pages of the real RebelMouse shape (rs-site.md, "Seen on real pages of another RebelMouse site"),
44 articles and 12 non-articles, built by a red team that had not read the parser (tests/fixtures/rm_real/
REDTEAM.md). Each set is parsed once; the figures must stay at their floors in
rs_scraper/quality/fixture_floors.json.
"""

from __future__ import annotations

import gzip
import json

import pytest

from rs_scraper.quality import fixtures

FLOORS = fixtures.load_floors()
SETS = [name for name in FLOORS if not name.startswith("_")]


@pytest.fixture(scope="module", params=SETS)
def report(request):
    pages = fixtures.load_set(request.param)
    assert pages, f"fixture set {request.param} is empty"
    return fixtures.score_set(request.param, pages)


def test_set_at_its_floors(report):
    print(report.summary())
    below = fixtures.check_floors(report, FLOORS[report.name])
    assert not below, "\n".join(below + report.failures[:20])


def test_rm_real_covers_both_shapes_and_every_non_article_kind():
    """The set is what it claims: posts-custom pages of both flavours, the first-guess shape, and each kind of
    non-article (so a floor of 1.0 means something)."""
    pages = fixtures.load_set("rm_real")
    feats = [set(p.spec.get("_features", [])) for p in pages if p.is_article]
    assert len(feats) == 44 and sum("shape:posts-custom" in f for f in feats) >= 30
    assert sum("shape:first-guess" in f for f in feats) >= 5
    assert sum(any(x.startswith("scroll_posts:") for x in f) for f in feats) >= 30
    kinds = {p.spec["_reason"] for p in pages if not p.is_article}
    assert {"tag_listing", "author_page", "homepage", "section_listing", "static_page", "teaser_fragment"} <= kinds


def test_an_omitted_field_is_not_checked_and_a_wrong_one_is(tmp_path):
    page = fixtures.load_set("rm_real")[0]
    d = tmp_path / "one" / "pages"
    d.mkdir(parents=True)
    (d / "p.html.gz").write_bytes(gzip.compress(page.html))
    spec = {k: v for k, v in page.spec.items() if k.startswith("_") or k in ("title", "url")}
    (d / "p.json").write_text(json.dumps(spec), encoding="utf-8")
    rep = fixtures.score_set("one", fixtures.load_set("one", tmp_path))
    assert dict(rep.checked) == {"title": 1, "url": 1} and rep.fields["title"] == 1
    spec["title"] = "Not the headline"
    (d / "p.json").write_text(json.dumps(spec), encoding="utf-8")
    rep = fixtures.score_set("one", fixtures.load_set("one", tmp_path))
    assert rep.fields["title"] == 0 and fixtures.check_floors(rep, {"field_default": 1.0})
