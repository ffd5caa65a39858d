"""The one fixture checker (rs_scraper/quality/fixtures.py): exactly the fields a JSON pins are compared, a field it
omits is never checked, and each comparison rule can fail."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from rs_scraper.items import Article
from rs_scraper.quality.fixtures import load_dir

PAGE = Path(__file__).parent / "fixtures" / "pages" / "rm-full-chrome.html"


def _fixture(tmp_path: Path, spec: dict, suffix: str = ".html", data: bytes | None = None):
    data = PAGE.read_bytes() if data is None else data
    (tmp_path / f"p{suffix}").write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    (tmp_path / "p.json").write_text(json.dumps(spec), encoding="utf-8")
    [fx] = load_dir(tmp_path)
    return fx


def test_only_pinned_fields_are_checked_and_a_new_column_is_not(tmp_path):
    fx = _fixture(tmp_path, {"title": "T", "_request": {"url": "https://example.org/x"}, "_noise": ["n"]})
    assert fx.pinned == ("title",) and fx.url == "https://example.org/x"
    row = {"title": "T", "og_type": "article", "text": "anything"}  # fields the JSON omits, one of them new
    assert fx.mismatch("title", row) is None
    assert "expected 'T'" in (fx.mismatch("title", {"title": "U"}) or "")


def test_a_wrong_value_of_each_kind_fails(tmp_path):
    when = "2024-03-01T12:30:00+00:00"
    fx = _fixture(tmp_path, {"published_at": when, "published_date": "2024-03-01", "authors": ["A"], "subtitle": None})
    good = {
        "published_at": datetime(2024, 3, 1, 12, 30, tzinfo=UTC),
        "published_date": date(2024, 3, 1),
        "authors": ["A"],
        "subtitle": None,
    }
    assert all(fx.mismatch(f, good) is None for f in fx.pinned)
    assert fx.mismatch("published_at", {"published_at": "2024-03-01T12:30:00Z"}) is None  # JSON output: an instant
    same_instant_not_utc = datetime(2024, 3, 1, 7, 30, tzinfo=timezone(timedelta(hours=-5)))
    for f, bad in (
        ("published_at", same_instant_not_utc),
        ("published_at", None),
        ("published_at", datetime(2024, 3, 1, 12, 31, tzinfo=UTC)),
        ("published_date", date(2024, 3, 2)),
        ("authors", ["A", "B"]),
        ("subtitle", ""),
    ):
        assert fx.mismatch(f, {**good, f: bad}) is not None, (f, bad)


def test_minute_precision_ignores_seconds_only_when_pinned(tmp_path):
    at = datetime(2024, 3, 1, 12, 30, 42, tzinfo=UTC)
    fx = _fixture(tmp_path, {"published_at": "2024-03-01T12:30:00+00:00", "published_precision": "minute"})
    assert fx.mismatch("published_at", {"published_at": at}) is None
    fx = _fixture(tmp_path, {"published_at": "2024-03-01T12:30:00+00:00"})
    assert fx.mismatch("published_at", {"published_at": at}) is not None


def test_a_similarity_rule_replaces_equality(tmp_path):
    article = Article(url="https://example.org/x", text="one two three four")
    spec = {"text": "one two three four five", "_match": {"text": {"f1_at_least": 0.8}}}
    assert _fixture(tmp_path, spec).mismatch("text", article) is None  # F1 0.89: not equal, similar enough
    spec["_match"]["text"]["f1_at_least"] = 0.95
    assert "F1" in (_fixture(tmp_path, spec).mismatch("text", article) or "")


def test_inputs_gzipped_or_text_and_one_input_per_json(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _fixture(tmp_path / "a", {"title": "T"}, ".html.gz").html == PAGE.read_bytes()
    assert _fixture(tmp_path / "b", {"text": "x"}, ".txt", b"Headline\n\nBody.").text == "Headline\n\nBody."
    (tmp_path / "b" / "p.html").write_bytes(b"<p>x</p>")
    with pytest.raises(FileNotFoundError, match="exactly one input"):
        load_dir(tmp_path / "b")


def test_every_field_the_parser_corpus_pins_has_one_behaviour_module():
    from tests.fixture_corpus import ARTICLES, CORPUS, GROUPS

    owners = [f for fields in GROUPS.values() for f in fields]
    assert len(owners) == len(set(owners))
    pinned = {f for k in ARTICLES for f in CORPUS[k].pinned}
    assert pinned <= set(owners), pinned - set(owners)
    for group in GROUPS:
        assert (Path(__file__).parent / f"test_parser_{group}.py").exists(), group
