"""The stored index is read once per state of articles/ (the spider, dedupe and the Parquet pipeline share it),
and what a run writes goes to its own layer, never into the shared mapping."""

from __future__ import annotations

from pipelines.index import Written, load_index
from tests.kit.rows import run_pipeline, stored_row


def test_one_read_while_articles_is_unchanged_and_a_new_read_after_a_write(tmp_path):
    data = tmp_path / "data"
    run_pipeline(data, [stored_row(i) for i in range(3)], "r1")
    first = load_index(data / "articles")
    assert load_index(data / "articles") is first  # shared, not read again
    assert set(first) == {f"https://x.org/a{i}" for i in range(3)}
    run_pipeline(data, [stored_row(3), stored_row(0, text="Edited")], "r2")
    second = load_index(data / "articles")
    assert second is not first and set(second) == {f"https://x.org/a{i}" for i in range(4)}
    assert second["https://x.org/a0"].content_hash == stored_row(0, text="Edited")["content_hash"]
    assert set(first) == {f"https://x.org/a{i}" for i in range(3)}  # the writes never reached the shared one


def test_written_layer_tells_new_refreshed_and_updated_and_counts_urls(tmp_path):
    data = tmp_path / "data"
    run_pipeline(data, [stored_row(0), stored_row(1)], "r1")
    base = load_index(data / "articles")
    layer = Written(base)
    assert len(layer) == 2 and "https://x.org/a0" in layer and "https://x.org/a9" not in layer
    assert layer.same_content("https://x.org/a0", stored_row(0)["content_hash"]) is True
    assert layer.same_content("https://x.org/a0", stored_row(0, text="Other")["content_hash"]) is False
    assert layer.same_content("https://x.org/a9", "x") is None
    layer.note("https://x.org/a0", stored_row(0, text="Other")["content_hash"])  # an update: still two URLs
    layer.note("https://x.org/a9", stored_row(9)["content_hash"])  # a new one
    assert len(layer) == 3 and "https://x.org/a9" in layer
    assert layer.same_content("https://x.org/a0", stored_row(0, text="Other")["content_hash"]) is True
    assert layer.same_content("https://x.org/a9", stored_row(9)["content_hash"]) is True
    assert len(base) == 2 and "https://x.org/a9" not in base


def test_a_url_written_twice_in_one_run_is_new_then_refreshed_or_updated(tmp_path):
    rows = [stored_row(0), stored_row(0), stored_row(0, text="Changed")]
    stats = run_pipeline(tmp_path / "data", rows, "r1", flush_rows=1)
    assert stats["rs/written/new"] == 1 and stats["rs/written/refreshed"] == 1 and stats["rs/written/updated"] == 1
    assert stats["rs/stored/urls"] == 1


def test_the_index_gives_every_stored_field_of_each_url_and_nothing_else(tmp_path):
    import gc

    from pipelines.index import INDEX_COLUMNS, Stored
    from pipelines.storage import stored_files

    data = tmp_path / "data"
    run_pipeline(data, [stored_row(i) for i in range(5)], "r1")
    index = load_index(data / "articles")
    rows = stored_files(data / "articles").to_table(INDEX_COLUMNS).to_pylist()
    assert len(index) == len(rows) == 5 and sorted(index) == sorted(r["url"] for r in rows)
    for row in rows:
        assert index[row["url"]] == Stored.of(row) and index.get(row["url"]) == Stored.of(row)
    assert index.get("https://x.org/none") is None and "https://x.org/none" not in index and 42 not in index
    # compact: no Python object per stored row for the garbage collector to scan
    assert not any(isinstance(o, Stored) for o in gc.get_referents(*vars(index).values()))


def test_an_index_spilled_to_a_scratch_file_gives_every_stored_version_exactly(tmp_path):
    from datetime import timedelta

    from pipelines.index import _read_index
    from pipelines.storage import PartitionedWriter
    from rs_scraper.spill import Scratch
    from tests.kit.rows import T0

    data = tmp_path / "data"
    rows = [
        stored_row(i, text=f"Body {i}", http_etag=f'"e{i}"' if i % 3 else None, sitemap_lastmod=f"2024-0{1 + i % 9}-01")
        for i in range(600)
    ]
    run_pipeline(data, rows, "r1", flush_rows=600)
    # a crash window: a newer copy of a5 written, the old one not yet removed (the newer one must win)
    writer = PartitionedWriter(data / "articles", "killed")
    writer.add(stored_row(5, text="Newer", fetched=T0 + timedelta(days=1)))
    writer.close()
    whole = _read_index(data / "articles")
    spilled = _read_index(data / "articles", Scratch(data, keep=2048))
    assert spilled._records is not None and whole._records is None  # the one spilled, the other in Arrow
    assert len(spilled) == len(whole) == 600
    assert all(spilled[url] == whole[url] for url in whole)
    # a spilled timestamp (kept as its microseconds) reads back as Arrow gives it, tzinfo included
    assert all(repr(spilled[url]) == repr(whole[url]) for url in whole)
    assert spilled["https://x.org/a5"].fetched_at == T0 + timedelta(days=1)
    assert spilled.repeats == 0 and whole.repeats == 0  # each read the store again, keeping a5's winner
    assert spilled["https://x.org/a5"].content_hash == stored_row(5, text="Newer")["content_hash"]
    assert spilled["https://x.org/a7"].http_etag == '"e7"' and spilled["https://x.org/a6"].http_etag is None
