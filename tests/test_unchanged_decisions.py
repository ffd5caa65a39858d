"""Every "unchanged" is decided in rs_scraper.incremental: a refetched page is the stored version exactly when
its content_hash is the same (``same_version``), whoever asks (dedupe, the Parquet pipeline, revisions/, the
data-dir repair); a remembered non-article holds until its re-check is due or its date moves."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipelines.index import Stored, Written
from rs_scraper.incremental import not_article_unchanged, same_version
from rs_scraper.non_articles import Verdict

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 11, 1, tzinfo=UTC)


def stored(content_hash: str | None) -> Stored:
    return Stored(content_hash, T0, None)


def test_same_version_is_the_same_text_and_nothing_else():
    assert same_version("abc", "abc") and not same_version("abc", "abd")
    assert not same_version(None, "abc") and not same_version("abc", None)


def test_dedupe_pipeline_and_revisions_agree_on_a_refetch(tmp_path):
    import pytest
    from scrapy.exceptions import DropItem

    from pipelines.dedupe import DedupePipeline
    from pipelines.revisions import RevisionLog

    dedupe = DedupePipeline(check_stored=False)
    dedupe.stored = {"https://x/a": stored("h1")}
    with pytest.raises(DropItem):
        dedupe.process_item({"url": "https://x/a", "content_hash": "h1"})
    assert dedupe.process_item({"url": "https://x/b", "content_hash": "h1"})["url"] == "https://x/b"

    written = Written({"https://x/a": stored("h1")})
    assert written.same_content("https://x/a", "h1") is True
    assert written.same_content("https://x/a", "h2") is False and written.same_content("https://x/n", "h1") is None
    written.note("https://x/a", "h2")  # this run wrote a new version: compared from now on with that one
    assert written.same_content("https://x/a", "h2") is True and written.same_content("https://x/a", "h1") is False

    log = RevisionLog(tmp_path / "revisions", "r", base=tmp_path)
    first = {"url": "https://x/a", "content_hash": "h1", "fetched_at": T0}
    assert log.add(first) is True
    assert log.add({**first, "fetched_at": T0 + timedelta(days=1)}) is False  # the same text: no new revision
    assert log.add({**first, "content_hash": "h2"}) is True
    assert [r["revision"] for r in log.pending] == [1, 2]


def test_a_remembered_non_article_holds_until_due_or_its_date_moves():
    verdict = Verdict("listing", T0, streak=2)  # stable: remembered 7 days (RS_VERDICT_RECHECK_DAYS)
    now = T0 + timedelta(days=3)
    assert not_article_unchanged(verdict, None, now, 7, 90)
    assert not_article_unchanged(verdict, T0 - timedelta(days=1), now, 7, 90)
    assert not not_article_unchanged(verdict, T0 + timedelta(hours=1), now, 7, 90)  # its lastmod moved
    assert not not_article_unchanged(verdict, None, T0 + timedelta(days=8), 7, 90)  # re-check due
    assert not not_article_unchanged(Verdict("listing", T0, streak=1), None, now, 7, 90)  # seen once: not stable


def test_no_module_compares_content_hashes_itself():
    """An ``==`` / ``!=`` over a content hash anywhere but rs_scraper/incremental.py is a second "unchanged"."""
    found = []
    for folder in ("rs_scraper", "pipelines"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.relative_to(ROOT).as_posix() == "rs_scraper/incremental.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
                    text = ast.unparse(node)
                    if "content_hash" in text or "_digest" in text:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text}")
    assert found == []
