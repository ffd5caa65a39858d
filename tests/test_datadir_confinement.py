"""The data dir is a fortress: planted symlinks (lock, write probe, partition, runs/), a RS_RUN_ID
with ``..``, and ``export`` over a device, a FIFO or a symlink. In every case nothing outside the data dir
changes (checksums of a sentinel file), and the command says why in one line."""

from __future__ import annotations

import os
import stat
from datetime import UTC
from pathlib import Path

import pandas as pd
import pytest

from rs_scraper import fortress
from rs_scraper.verify import verify
from tests.kit.overlay import sha256
from tests.kit.runs import LOOPBACK, rs_cli

SENTINEL = b"outside the data dir: must never change\n" * 50


@pytest.fixture
def outside(tmp_path) -> Path:
    """A directory outside the data dir with a sentinel file whose checksum is checked after each attack."""
    place = tmp_path / "outside"
    place.mkdir()
    (place / "sentinel.txt").write_bytes(SENTINEL)
    return place


def snapshot(place: Path) -> dict[str, str]:
    return {str(p.relative_to(place)): sha256(p) for p in sorted(place.rglob("*")) if p.is_file()}


def crawl(server, data, *extra):
    return rs_cli(
        "crawl",
        "--quiet",
        "--data-dir",
        str(data),
        "--base-url",
        server.base_url,
        "--log-file",
        str(data.parent / "crawl.log"),
        *LOOPBACK,
        *extra,
        timeout=180,
    )


def one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-3000:]
    return lines[0]


@pytest.mark.parametrize("planted", ["crawl.lock", "runs", "articles/year=2026", "articles", ".tmp"])
def test_planted_symlinks_are_refused_and_nothing_outside_changes(mirror_factory, tmp_path, outside, planted):
    server = mirror_factory(articles=6, seed=2, layout="rebelmouse")
    data = tmp_path / "data"
    data.mkdir()
    link = data / planted
    link.parent.mkdir(parents=True, exist_ok=True)
    target = outside / "sentinel.txt" if planted == "crawl.lock" else outside
    link.symlink_to(target)
    before = snapshot(outside)
    result = crawl(server, data)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "symlink" in one_line(result) and str(link) in result.stderr
    assert snapshot(outside) == before
    assert not (outside / "sentinel.txt").is_symlink() and (outside / "sentinel.txt").read_bytes() == SENTINEL
    problems = [str(p) for p in verify(data).problems]
    assert any(str(link) in p and "symlink" in p for p in problems), problems


def test_a_planted_write_probe_symlink_is_never_followed(mirror_factory, tmp_path, outside):
    server = mirror_factory(articles=6, seed=2, layout="rebelmouse")
    data = tmp_path / "data"
    data.mkdir()
    before = snapshot(outside)
    # the probe names of every pid a crawl could get, pointing at the sentinel (the red team's attack)
    for pid in range(os.getpid(), os.getpid() + 400):
        (data / f".write-probe-{pid}").symlink_to(outside / "sentinel.txt")
    assert fortress.check_name("x", "n")  # the module is importable (the probe is in crawl_cmd)
    from rs_scraper.session import check_data_dir

    check_data_dir(data)  # O_EXCL | O_NOFOLLOW under a unique name: the links are left alone
    assert snapshot(outside) == before
    for link in data.glob(".write-probe-*"):
        link.unlink()
    result = crawl(server, data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert snapshot(outside) == before


def test_a_partition_symlinked_elsewhere_is_never_written_through(tmp_path, outside):
    from pipelines.storage import AppendingStore
    from rs_scraper.schema import ARTICLE_SCHEMA

    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    (data / "articles" / "year=2024").symlink_to(outside)
    before = snapshot(outside)
    store = AppendingStore(data / "articles", data, ARTICLE_SCHEMA, "part", "r1")
    adds: dict = {}
    from datetime import datetime

    store.place(
        [
            {
                "url": "https://x.org/a",
                "title": "T",
                "text": "x",
                "word_count": 1,
                "authors": [],
                "tags": [],
                "published_at": datetime(2024, 1, 1, tzinfo=UTC),
            }
        ],
        adds,
    )
    with pytest.raises(fortress.UnsafePath, match="symlink"):
        store.apply(adds)
    assert snapshot(outside) == before


@pytest.mark.parametrize("run_id", ["../../x", "/tmp/abs", "a/b", "..", ".hidden", "-rf", "a\\b", ""])
def test_run_ids_that_are_not_plain_names_are_refused(mirror_factory, tmp_path, outside, run_id):
    server = mirror_factory(articles=4, seed=2, layout="rebelmouse")
    data = tmp_path / "data"
    before = snapshot(outside)
    result = crawl(server, data, "-s", f"RS_RUN_ID={run_id}")
    if run_id == "":  # empty: no fixed id, a new one is made
        assert result.returncode == 0, result.stderr[-2000:]
        return
    assert result.returncode == 2
    assert "RS_RUN_ID" in one_line(result) and "plain name" in result.stderr
    assert snapshot(outside) == before
    assert not list(tmp_path.rglob("*.parquet")) and not list(tmp_path.rglob("x.json"))


def test_scrapy_crawl_with_a_traversing_run_id_writes_nothing_outside(mirror_factory, tmp_path, outside):
    from tests.kit.runs import scrapy_crawl

    server = mirror_factory(articles=4, seed=2, layout="rebelmouse")
    data = tmp_path / "data"
    before = snapshot(outside)
    result = scrapy_crawl(server.base_url, data, "-s", "RS_RUN_ID=../outside/x")
    assert result.returncode != 0
    assert snapshot(outside) == before
    assert not (outside / "x.json").exists() and not list(outside.rglob("*.parquet"))


# --------------------------------------------------------------------------------------------- export
@pytest.fixture
def dataset(tmp_path) -> Path:
    from datetime import datetime

    from pipelines.storage import PartitionedWriter

    data = tmp_path / "data"
    writer = PartitionedWriter(data / "articles", "r", flush_rows=10)
    writer.add(
        {
            "url": "https://x.org/a",
            "title": "T",
            "text": "x",
            "word_count": 1,
            "authors": [],
            "tags": [],
            "published_at": datetime(2024, 1, 1, tzinfo=UTC),
        }
    )
    writer.close()
    return data


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device", "directory"])
def test_export_refuses_anything_but_a_regular_file_and_leaves_it_unchanged(tmp_path, dataset, outside, kind):
    before = snapshot(outside)
    if kind == "symlink":
        out = tmp_path / "out.csv"
        out.symlink_to(outside / "sentinel.txt")
    elif kind == "fifo":
        out = tmp_path / "out.csv"
        os.mkfifo(out)
    elif kind == "device":
        out = Path("/dev/null")
    else:
        out = tmp_path / "out.csv"
        out.mkdir()
    mode = os.lstat(out).st_mode
    result = rs_cli("export", "--data-dir", str(dataset), "--format", "csv", str(out), timeout=60)
    assert result.returncode != 0
    line = one_line(result)
    assert "refusing" in line or "directory" in line
    assert os.lstat(out).st_mode == mode  # still the same kind of thing
    assert snapshot(outside) == before
    if kind == "symlink":
        assert os.readlink(out) == str(outside / "sentinel.txt")


def test_export_to_dev_stdout_is_refused_with_the_hint_and_dash_works(dataset, tmp_path):
    result = rs_cli("export", "--data-dir", str(dataset), "--format", "csv", "/dev/stdout", timeout=60)
    assert result.returncode != 0 and "use - for stdout" in one_line(result)
    ok = rs_cli("export", "--data-dir", str(dataset), "--format", "csv", "-", timeout=60)
    assert ok.returncode == 0 and ok.stdout.count("\n") == 2


def test_a_fifo_named_like_a_parquet_file_is_reported_and_never_opened(dataset, tmp_path):
    fifo = dataset / "articles" / "year=2024" / "x.parquet"
    os.mkfifo(fifo)
    problems = [str(p) for p in verify(dataset).problems]
    assert any(str(fifo) in p and "FIFO" in p for p in problems), problems
    out = tmp_path / "out.csv"
    result = rs_cli("export", "--data-dir", str(dataset), str(out), timeout=60)  # never hangs on the FIFO
    assert result.returncode == 0 and len(pd.read_csv(out)) == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_verify_reports_a_foreign_directory_in_the_dataset(dataset):
    (dataset / "articles" / "backup").mkdir()
    (dataset / "articles" / "year=2024" / "nested").mkdir()
    problems = [str(p) for p in verify(dataset).problems]
    assert any("backup" in p and "foreign directory" in p for p in problems)
    assert any("nested" in p and "foreign directory" in p for p in problems)
