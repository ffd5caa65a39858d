"""One "latest row per URL" rule (pipelines.latest): inside a crash window (a URL stored twice) the stored
index, read_latest, ``rs-scraper export``, the Parquet pipeline's stored row and repair_duplicates all pick
the same row: the newest fetched_at, a dated row over an undated one, a tie to the later file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipelines.compaction import repair_duplicates
from pipelines.index import _read_index, read_latest
from pipelines.latest import rank, winners
from pipelines.storage import data_files, open_dataset, rows_to_table, write_table_atomic
from rs_scraper.cli import main
from rs_scraper.schema import ARTICLE_SCHEMA

T1 = datetime(2026, 11, 1, 10, tzinfo=UTC)
T2 = datetime(2026, 11, 2, 10, tzinfo=UTC)
PUBLISHED = datetime(2024, 5, 1, 14, tzinfo=UTC)


def row(url: str, text: str, fetched_at: datetime | None, published_at: datetime = PUBLISHED) -> dict:
    values = {name: None for name in ARTICLE_SCHEMA.names}
    values.update(url=url, title=text, text=text, content_hash=text, fetched_at=fetched_at, published_at=published_at)
    return values


# file names as a crawl gives them: part-<run id>-<seq>, a run id beginning with its UTC start
RUN1, RUN2, RUN3 = (f"part-2026110{day}T100000Z-a1b2c{day}-00000.parquet" for day in (1, 2, 3))


def store(data_dir: Path, name: str, rows: list[dict], year: int = 2024) -> Path:
    path = data_dir / "articles" / f"year={year}" / name
    write_table_atomic(rows_to_table(rows), path, data_dir)
    return path


def every_answer(data_dir: Path, tmp_path: Path) -> dict[str, dict[str, str]]:
    """url -> text of its row, as each reader tells it (repair_duplicates last: it rewrites the files)."""
    articles = data_dir / "articles"
    out = tmp_path / "export.jsonl"
    assert main(["export", str(out), "--data-dir", str(data_dir)]) == 0
    answers = {
        "index": {url: stored.content_hash for url, stored in _read_index(articles).items()},
        "read_latest": dict(
            zip(*(read_latest(articles, ["url", "text"]).column(n).to_pylist() for n in ("url", "text")), strict=True)
        ),
        "export": {r["url"]: r["text"] for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())},
    }
    for reader, seen in answers.items():
        assert len(seen) == len(set(seen)), reader
    repair_duplicates(articles, base=data_dir)
    kept = [r for path in data_files(articles) for r in pq.read_table(path).to_pylist()]
    answers["repair"] = {r["url"]: r["text"] for r in kept}
    assert len(kept) == len(answers["repair"])  # one row per URL left
    return answers


def agree(answers: dict[str, dict[str, str]]) -> dict[str, str]:
    first = answers["index"]
    for reader, seen in answers.items():
        assert seen == first, f"{reader} disagrees with the index: {seen} != {first}"
    return first


def test_the_newest_fetch_wins_wherever_it_is_stored(tmp_path):
    data = tmp_path / "data"
    store(data, RUN1, [row("https://x/a", "new", T2), row("https://x/b", "b only", T1)])
    store(data, RUN2, [row("https://x/a", "old", T1)])  # a later file, an older fetch
    assert agree(every_answer(data, tmp_path)) == {"https://x/a": "new", "https://x/b": "b only"}


def test_a_row_without_fetched_at_loses_to_any_dated_row(tmp_path):
    data = tmp_path / "data"
    store(data, RUN1, [row("https://x/a", "dated", T1)])
    store(data, RUN2, [row("https://x/a", "undated", None), row("https://x/c", "c1", None)])
    store(data, RUN3, [row("https://x/c", "c2", None)])  # both undated: the later file
    assert agree(every_answer(data, tmp_path)) == {"https://x/a": "dated", "https://x/c": "c2"}


def test_a_tie_goes_to_the_later_file_and_within_a_file_to_the_first_row(tmp_path):
    data = tmp_path / "data"
    store(data, RUN1, [row("https://x/a", "earlier file", T1)])
    store(
        data,
        "part-compact-20261102.parquet",  # a compaction that merged r1 and died before removing it
        [row("https://x/a", "compacted", T1), row("https://x/a", "compacted twice", T1)],
    )
    assert agree(every_answer(data, tmp_path)) == {"https://x/a": "compacted"}


def test_the_latest_row_decides_even_when_it_moved_out_of_an_export_window(tmp_path):
    """The winner is chosen on the whole dataset before --since: an older copy inside the window is not
    shown in place of a newer version that moved to another year (a corrected publication date)."""
    data = tmp_path / "data"
    store(data, RUN1, [row("https://x/a", "old, 2024", T1)])
    store(data, RUN2, [row("https://x/a", "new, 2023", T2, datetime(2023, 5, 1, tzinfo=UTC))], year=2023)
    out = tmp_path / "window.jsonl"
    assert main(["export", str(out), "--data-dir", str(data), "--since", "2024-01-01"]) == 0
    assert out.read_text(encoding="utf-8") == ""
    assert agree(every_answer(data, tmp_path)) == {"https://x/a": "new, 2023"}


def test_a_quarantined_file_is_out_of_every_reader_and_a_corrupt_one_stops_export(tmp_path, capsys):
    from rs_scraper.datadir import quarantine_unreadable

    data = tmp_path / "data"
    store(data, RUN1, [row("https://x/a", "kept", T1)])
    broken = store(data, RUN2, [row("https://x/a", "in a broken file", T2)])
    broken.write_bytes(broken.read_bytes()[:-40])  # the footer torn off
    assert main(["export", str(tmp_path / "out.jsonl"), "--data-dir", str(data)]) == 1
    assert "corrupt Parquet file" in capsys.readouterr().err and not (tmp_path / "out.jsonl").exists()
    assert [moved[0].name for moved in quarantine_unreadable(data)] == [RUN2]
    assert agree(every_answer(data, tmp_path)) == {"https://x/a": "kept"}


def test_no_duplicate_costs_no_ranking_and_an_empty_dataset_has_no_winner(tmp_path):
    data = tmp_path / "data"
    assert winners(open_dataset(data / "articles")) == {}
    store(data, RUN1, [row("https://x/a", "a", T1), row("https://x/b", "b", None)])
    assert winners(open_dataset(data / "articles")) == {}
    assert agree(every_answer(data, tmp_path)) == {"https://x/a": "a", "https://x/b": "b"}


@pytest.mark.parametrize(
    "first, second",
    [
        ((T2, "a.parquet", 0), (T1, "z.parquet", 0)),  # newer fetch
        ((T1, "a.parquet", 0), (None, "z.parquet", 0)),  # dated over undated
        ((T1, "z.parquet", 0), (T1, "a.parquet", 0)),  # tie: later file
        ((T1, "a.parquet", 0), (T1, "a.parquet", 1)),  # tie in one file: first row
    ],
)
def test_rank_orders_the_copies_of_a_url(first, second):
    assert rank(*first) > rank(*second)


def test_the_parquet_pipeline_replaces_the_row_the_readers_show(tmp_path):
    """The pipeline's stored_row (the version backfilled into revisions/) is the same winner."""
    from pipelines.compaction import url_files
    from pipelines.parquet import ParquetPipeline

    data = tmp_path / "data"
    store(data, RUN1, [row("https://x/a", "new", T2)])
    store(data, RUN2, [row("https://x/a", "old", T1), row("https://x/a", "old again", T1)])
    pipeline = ParquetPipeline.__new__(ParquetPipeline)
    pipeline.where = url_files(data / "articles")
    assert (
        pipeline.stored_row("https://x/a")["text"]
        == "new"
        == _read_index(data / "articles")["https://x/a"].content_hash
    )
