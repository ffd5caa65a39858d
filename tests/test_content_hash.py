"""One content hash (rs_scraper.textstats.content_hash): the parser's row, cleanup's guarantee and the mirror's
ground truth agree because they all ask the same function; no other module hashes article text."""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

from rs_scraper.textstats import content_hash, text_stats

ROOT = Path(__file__).resolve().parents[1]


def test_content_hash_is_sha256_of_the_utf8_text_and_text_stats_uses_it():
    text = "Caf\u00e9 diplomacy \u2014 a short text."
    assert content_hash(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert text_stats(text) == (6, content_hash(text))
    assert text_stats("") == (0, None) and text_stats(None) == (0, None)
    assert content_hash(text + " ") != content_hash(text)


def test_parser_cleanup_and_mirror_give_one_hash_for_one_text():
    from pipelines.cleanup import clean_item
    from rs_scraper.mirror import MirrorSite
    from rs_scraper.parsing import parse_article

    site = MirrorSite(articles=3, seed=5)
    base = "http://h:1"
    for article, expected in zip(site.articles, site.expected_rows(base), strict=True):
        _, _, body = site.render(article.link_path, base)
        parsed = parse_article(body, base + article.path)
        assert expected["content_hash"] == content_hash(expected["text"])
        assert parsed.content_hash == content_hash(parsed.text)
        original = parsed.text
        parsed.text = original + "\n\n"  # cleanup derives the hash again, from the text it cleaned
        cleaned = clean_item(parsed)
        assert cleaned.text == original and cleaned.content_hash == content_hash(original)


def test_no_module_but_textstats_hashes_text_with_sha256():
    callers = []
    for folder in ("rs_scraper", "pipelines"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr == "sha256":
                    callers.append(str(path.relative_to(ROOT)))
    assert callers == ["rs_scraper/textstats.py"]
