"""The parser's fixture corpus: every saved RS-shaped page with the fields it pins, read through the one checker
(rs_scraper/quality/fixtures.py). The behaviour modules (tests/test_parser_<behaviour>.py) each test a group of
fields over the whole corpus; a field the JSON omits is not checked.

- ``pages/``: hand-saved pages, fields checked by eye (tests/fixtures/pages);
- ``redteam/``, ``redteam2/``: two red-team rounds written before their authors read the parser
  (tests/generators/redteam_pages.py, tests/generators/redteam2_pages.py).

Keys are ``<set>/<name>``. Pages of other sites (test_parser_other_sites.py), the unseen pages (through the CLI,
test_parser_unseen.py) and rm_real (a gate with floors, test_fixture_gates.py) have their own modules.
"""

from __future__ import annotations

from rs_scraper.quality.fixtures import FIXTURES, Fixture, load_dir

SETS = {
    "pages": FIXTURES / "pages",
    "redteam": FIXTURES / "redteam" / "pages",
    "redteam2": FIXTURES / "redteam2" / "pages",
}
CORPUS: dict[str, Fixture] = {f"{s}/{fx.name}": fx for s, folder in SETS.items() for fx in load_dir(folder)}
ARTICLES = [k for k, fx in CORPUS.items() if fx.is_article]
NON_ARTICLES = [k for k, fx in CORPUS.items() if not fx.is_article]

# Which behaviour module tests which field (each pinned field in exactly one; tests/test_fixture_checker.py holds
# the corpus to this list, so a fixture pinning a new field needs a home here).
GROUPS: dict[str, tuple[str, ...]] = {
    "headline": ("title", "subtitle"),
    "byline": ("authors", "author_urls"),
    "dates": ("published_at", "modified_at", "published_precision", "published_date"),
    "taxonomy": ("article_type", "section", "tags"),
    "lead_image": ("image_url", "image_credit"),
    "body": ("text", "word_count", "content_hash", "blocks", "text_markdown", "links", "images"),
    "identity": ("url", "language", "parser_version", "extraction_method"),
}

_parsed: dict = {}


def parsed(key: str):
    """The page parsed as it was fetched (once per process)."""
    if key not in _parsed:
        _parsed[key] = CORPUS[key].parse()
    return _parsed[key]


def cases(group: str) -> list[tuple[str, str]]:
    """(page, field) for every article of the corpus and every field of ``group`` its JSON pins."""
    return [(k, f) for k in ARTICLES for f in CORPUS[k].pinned if f in GROUPS[group]]


def check(key: str, field: str) -> None:
    wrong = CORPUS[key].mismatch(field, parsed(key))
    assert wrong is None, wrong
