"""The pipeline stages used without a crawl: cleanup, validation, dedupe, Parquet storage."""

import hashlib
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from pipelines.base import DropWithReason
from pipelines.cleanup import clean_item
from pipelines.dedupe import DedupePipeline
from pipelines.storage import PartitionedWriter
from pipelines.validate import check
from rs_scraper.items import Article
from tests.kit.crawler import crawler


def article(**kw):
    base = dict(
        url="https://x.org/a", title="T", text="One two.\n\nThree", published_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    return Article(**{**base, **kw})


def test_cleanup_normalises_fields_and_derives_hash():
    item = clean_item(
        article(
            title="  A\u00a0 title \n",
            subtitle="",
            authors=["Ann", " Ann ", "", "Bo"],
            tags=["x", "x"],
            text="  First  para \u00a0here \n\n\n\n- item one\n- item two  \n\n",
            modified_at=datetime(2024, 1, 2, 5),
        )
    )
    assert item.title == "A title" and item.subtitle is None
    assert item.authors == ["Ann", "Bo"] and item.tags == ["x"]
    assert item.text == "First para here\n\n- item one\n- item two"
    assert item.word_count == 9  # len(text.split()): list dashes count, as documented
    assert item.content_hash == hashlib.sha256(item.text.encode()).hexdigest()
    assert item.modified_at.tzinfo == UTC


def test_cleanup_keeps_typographic_characters():
    item = clean_item(article(text="“Quoted” — dash’s"))
    assert item.text == "“Quoted” — dash’s"


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"url": ""}, "no_url"),
        ({"title": None}, "no_title"),
        ({"text": None}, "no_text"),
    ],
)
def test_validation_reasons(changes, reason):
    assert check(article(**changes).to_dict())[0] == reason


def test_validation_window_and_sections():
    row = article(section="Middle East").to_dict()
    since = datetime(2024, 6, 1, tzinfo=UTC)
    assert check(row, since=since)[0] == "out_of_range"
    assert check(row, until=datetime(2023, 1, 1, tzinfo=UTC))[0] == "out_of_range"
    assert check(row, sections=frozenset({"asia-pacific"}))[0] == "section_filtered"
    assert check(row, sections=frozenset({"middle east"})) is None


def test_dedupe_within_run_and_against_stored(tmp_path):
    writer = PartitionedWriter(tmp_path / "articles", "old", flush_rows=10)
    stored = clean_item(article(url="https://x.org/stored", fetched_at=datetime.now(UTC) - timedelta(days=1)))
    writer.add(stored.to_dict())
    writer.close()
    made = crawler({"RS_DATA_DIR": str(tmp_path), "RS_DEDUPE_STORED": True})
    st = made.stats
    stage = DedupePipeline.from_crawler(made)
    stage.open_spider()
    assert stage.process_item(clean_item(article(url="https://x.org/new"))).url.endswith("/new")
    with pytest.raises(DropWithReason, match="duplicate_in_run"):
        stage.process_item(clean_item(article(url="https://x.org/new")))
    with pytest.raises(DropWithReason, match="unchanged"):
        stage.process_item(clean_item(article(url="https://x.org/stored")))
    assert st.get_value("rs/dropped/duplicate_in_run") == 1
    assert st.get_value("rs/dropped/unchanged") == 1
    next_run = DedupePipeline.from_crawler(made)
    next_run.open_spider()
    changed = clean_item(article(url="https://x.org/stored", text="Edited text"))
    assert next_run.process_item(changed) is changed
    assert st.get_value("rs/revision") == 1


def test_dedupe_never_takes_a_url_for_another_whose_hash_collides(tmp_path, monkeypatch):
    """Dedupe keeps the run's URLs exact (rs_scraper.compact): with every URL hashing alike, each distinct URL
    passes and only a true repeat is dropped."""
    from rs_scraper import compact

    monkeypatch.setattr(compact, "default_hash", lambda key: 3)
    made = crawler({"RS_DATA_DIR": str(tmp_path), "RS_DEDUPE_STORED": False})
    stage = DedupePipeline.from_crawler(made)
    stage.open_spider()
    for i in range(30):
        assert stage.process_item(clean_item(article(url=f"https://x.org/a{i}"))).url == f"https://x.org/a{i}"
    with pytest.raises(DropWithReason, match="duplicate_in_run"):
        stage.process_item(clean_item(article(url="https://x.org/a7")))
    assert made.stats.get_value("rs/dropped/duplicate_in_run") == 1


def test_stages_chain_into_a_readable_dataset(tmp_path):
    writer = PartitionedWriter(tmp_path, "r1", flush_rows=2)
    for i in range(5):
        writer.add(clean_item(article(url=f"https://x.org/{i}", authors=["A", "B"])).to_dict())
    writer.close()
    frame = pd.read_parquet(tmp_path)
    assert sorted(frame["url"]) == [f"https://x.org/{i}" for i in range(5)]
    assert list(frame["authors"].iloc[0]) == ["A", "B"]
    assert str(frame["word_count"].dtype) == "int32"


def test_word_count_and_hash_are_those_of_the_cleaned_text_computed_once_for_a_clean_text():
    import hashlib

    from pipelines.cleanup import clean_item, clean_text
    from rs_scraper.textstats import text_stats

    clean = "First paragraph here.\n\nSecond one."
    assert clean_text(clean) is clean  # unchanged text: the same object, whose stats the parser already has
    assert text_stats(clean) == (5, hashlib.sha256(clean.encode()).hexdigest())
    messy = {
        "url": "u",
        "text": "First   paragraph here.\n\n\n\nSecond one.  ",
        "content_hash": "stale",
        "word_count": 99,
    }
    row = clean_item(messy)
    assert row["text"] == clean and row["word_count"] == 5
    assert row["content_hash"] == hashlib.sha256(clean.encode()).hexdigest()  # never the stale value it came with
    other = "x" + clean[1:]
    assert text_stats(other)[1] == hashlib.sha256(other.encode()).hexdigest()  # equal length, other text
