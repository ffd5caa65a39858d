"""A data dir that cannot be read whole, or that stores URLs under a crawl base, never blocks cron and is
never silently doubled (issue 10.3, 10.5): real crawls of the mirror in subprocesses, real Parquet files. After an
interrupted run, the next ``rs-scraper crawl`` clears its partial files, so ``verify`` is clean."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.storage import data_files
from rs_scraper.verify import verify
from tests.kit.runs import LOOPBACK, SITE_URL, read_manifests, rs_cli


def crawl(server, data: Path, *extra: str):
    return rs_cli("crawl", "--base-url", server.base_url, "--data-dir", str(data), *LOOPBACK, *extra)


def corrupt_behind_a_valid_footer(path: Path) -> None:
    """Flip bytes in the middle of the first column chunk's data pages: the footer (and so a footer-only check)
    stays valid, reading the rows fails."""
    meta = pq.ParquetFile(path).metadata
    chunk = meta.row_group(0).column(meta.schema.to_arrow_schema().get_field_index("text"))
    start = chunk.data_page_offset + 16
    raw = bytearray(path.read_bytes())
    for i in range(start, min(start + 4096, chunk.data_page_offset + chunk.total_compressed_size - 8)):
        raw[i] ^= 0x5A
    path.write_bytes(bytes(raw))


def test_a_planted_corrupt_parquet_file_is_quarantined_and_the_next_crawl_completes(mirror_factory, tmp_path):
    server = mirror_factory(articles=30, seed=41, layout="rebelmouse")
    data = tmp_path / "data"
    assert crawl(server, data).returncode == 0
    files = data_files(data / "articles")
    victim = max(files, key=lambda p: pq.ParquetFile(p).metadata.num_rows)
    lost = set(pq.read_table(victim, columns=["url"]).column("url").to_pylist())
    corrupt_behind_a_valid_footer(victim)
    pq.read_metadata(victim)  # the footer still reads: only reading the data finds it
    result = crawl(server, data, "--quiet")
    assert result.returncode == 0, result.stderr[-3000:]
    (line,) = result.stderr.strip().splitlines()  # one warning, even with --quiet: data was damaged
    assert line.startswith("warning: ") and str(victim.relative_to(data)) in line and "moved to quarantine/" in line
    moved = list((data / "quarantine").rglob(victim.name))
    assert len(moved) == 1 and moved[0].read_bytes()[:4] == b"PAR1"  # kept, byte for byte, never deleted
    frame = pd.read_parquet(data / "articles")
    expected = {row["url"] for row in server.site.expected_rows(SITE_URL)}
    assert frame["url"].is_unique and set(frame["url"]) == expected  # the lost articles were fetched again
    manifest = read_manifests(data)[-1]
    assert manifest["summary"]["written_new"] == len(lost) and any("quarantine" in n for n in manifest["prepared"])
    report = verify(data)
    assert report.ok, report.problems
    assert "1 file in quarantine/" in report.summary()


def test_a_data_dir_stored_under_mirror_ports_is_rewritten_onto_the_site_once(mirror_factory, tmp_path):
    server = mirror_factory(articles=12, seed=42, layout="rebelmouse")
    data = tmp_path / "data"
    # what the code before RS_SITE_URL wrote: every URL on the mirror's base, here on two ports
    assert crawl(server, data, "-s", f"RS_SITE_URL={server.base_url}").returncode == 0
    other = mirror_factory(articles=12, seed=42, layout="rebelmouse")
    edited = other.site.update_article(3)  # port B serves a second version of one article
    second = tmp_path / "second"
    assert crawl(other, second, "-s", f"RS_SITE_URL={other.base_url}").returncode == 0
    for dataset in ("articles", "revisions", "warc"):  # both in one data dir: the doubling of old
        for path in (second / dataset).rglob("*.*"):
            target = data / path.relative_to(second)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    assert len(pd.read_parquet(data / "articles")) == 24
    result = crawl(other, data)
    assert result.returncode == 0, result.stderr[-3000:]
    frame = pd.read_parquet(data / "articles")
    assert frame["url"].is_unique and len(frame) == 12 and all(u.startswith(SITE_URL + "/") for u in frame["url"])
    new = edited.expected(SITE_URL)
    url = new["url"]
    history = pd.read_parquet(data / "revisions").query("url == @url").sort_values("revision")
    assert list(history["revision"]) == [1, 2] and history["text"].iloc[-1] == new["text"]
    assert frame.set_index("url").loc[url, "text"] == new["text"]
    assert history["previous_hash"].iloc[1] == history["content_hash"].iloc[0]
    revisions = pd.read_parquet(data / "revisions")
    assert not revisions.duplicated(["url", "revision"]).any() and len(revisions) == 13
    assert verify(data).ok


def test_a_data_dir_of_another_site_is_refused_in_one_line(mirror_factory, tmp_path):
    server = mirror_factory(articles=3, seed=43, layout="rebelmouse")
    data = tmp_path / "data"
    assert crawl(server, data, "-s", "RS_SITE_URL=https://example.org").returncode == 0
    before = sorted((p, p.stat().st_mtime_ns) for p in (data / "articles").rglob("*.parquet"))
    start = len(server.requests)
    result = crawl(server, data)
    assert result.returncode == 2 and len(server.requests) == start
    assert result.stderr.strip() == (
        f"rs-scraper crawl: error: data dir {data} holds articles of "
        f"https://example.org, not of the site {SITE_URL}: crawl that site with "
        f"-s RS_SITE_URL=https://example.org, or use another data dir"
    )
    assert sorted((p, p.stat().st_mtime_ns) for p in (data / "articles").rglob("*.parquet")) == before


def test_crawl_sweeps_partial_files_then_verify_passes(tmp_path, mirror_factory):
    server = mirror_factory(articles=8, seed=2, layout="rebelmouse")
    data_dir = tmp_path / "data"
    leftover = data_dir / "articles" / "year=2025" / "_tmp-deadbeef-part-x-00000.parquet"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"PAR1 half a file from a killed run")
    assert rs_cli("verify", str(data_dir)).returncode != 0  # the leftover is reported
    crawl = rs_cli("crawl", "--data-dir", str(data_dir), "--base-url", server.base_url, *LOOPBACK)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert "removed 1 partial file" in crawl.stderr
    assert not leftover.exists()
    verify = rs_cli("verify", str(data_dir))
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_foreign_url_in_a_later_row_group_is_found(tmp_path):
    """The origins check reads a file a row group at a time (a WARC index holds every capture): a URL of
    another origin in any group counts, a null is no origin."""
    from rs_scraper.datadir import _foreign_origins

    site = "https://responsiblestatecraft.org"
    urls = [f"{site}/a{i}/" for i in range(5)] + [None, "http://127.0.0.1:8123/x/", f"{site}/b/"]
    path = tmp_path / "part.parquet"
    pq.write_table(pa.table({"url": pa.array(urls, pa.string())}), path, row_group_size=2)
    assert pq.ParquetFile(path).num_row_groups == 4
    assert _foreign_origins(pq.ParquetFile(path), site) == {"http://127.0.0.1:8123"}
    pq.write_table(pa.table({"url": pa.array(urls[:6], pa.string())}), path, row_group_size=2)
    assert _foreign_origins(pq.ParquetFile(path), site) == set()
