"""The archive of real crawls of the offline mirror: warcio checks it, every row has its record, the payload is
what the spider parsed, reparse re-derives the dataset offline, the archive replays as a site, prune keeps
what is needed, and a crawl killed with -9 leaves nothing cut or unindexed."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from pipelines.storage import data_files
from rs_scraper.items import FIELD_NAMES
from rs_scraper.verify import verify
from rs_scraper.warc import index as warc_index
from rs_scraper.warc.reader import Archive, read_record, to_response, warc_files
from tests.kit.runs import REPO, SITE_URL, read_manifests, rs_cli, scrapy_crawl, scrapy_crawl_cmd, wait_for
from tests.kit.warc import warcio_check

ARTICLES = 24


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """One mirror crawl with the archive on (the default); a few pages served gzip-encoded."""
    from rs_scraper.mirror import MirrorServer, MirrorSite

    site = MirrorSite(articles=ARTICLES, seed=3)
    srv = MirrorServer(site, port=0).start()
    gzipped = [a.path for a in site.articles[::5]]
    for path in gzipped:
        srv.set_fault(path, gzip=True)
    data = tmp_path_factory.mktemp("archived")
    out = scrapy_crawl(srv.base_url, data)
    assert out.returncode == 0, out.stderr[-3000:]
    yield {"site": site, "srv": srv, "data": data, "gzipped": set(gzipped)}
    srv.stop()


def articles(data: Path) -> pd.DataFrame:
    return pd.read_parquet(data / "articles")


def copy_of(data: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data, target, ignore=shutil.ignore_patterns("crawl.lock"))
    return target


# ------------------------------------------------------------------------------------------- the archive
def test_warcio_check_passes_on_every_file_of_a_mirror_crawl(archived):
    files = warc_files(archived["data"] / "warc")
    assert files and not list((archived["data"] / "warc").glob("*.open"))
    out = warcio_check(*files)
    assert out.returncode == 0, out.stdout[-3000:]
    assert "digest pass" in out.stdout and "fail" not in out.stdout.lower()


def test_every_article_row_has_its_record_and_its_decoded_payload_is_the_parsed_body(archived):
    site, srv, data = archived["site"], archived["srv"], archived["data"]
    rows = articles(data)
    assert len(rows) == ARTICLES
    archive = Archive(data / "warc")
    seen_gzip = 0
    for row in rows.to_dict("records"):
        capture_row = archive.capture_row(row["url"], row["fetched_at"].to_pydatetime())
        assert capture_row is not None, f"no record for {row['url']} at {row['fetched_at']}"
        assert capture_row["status"] == 200 and capture_row["record_type"] == "response"
        capture = archive.load(capture_row)
        path = urlsplit(row["url"]).path
        expected = site.render(path, srv.base_url)[2]  # the mirror's bytes: what the spider got and parsed
        assert to_response(capture).body == expected
        if path in archived["gzipped"]:
            seen_gzip += 1
            assert capture.payload[:2] == b"\x1f\x8b" and gzip.decompress(capture.payload) == expected
            assert ("Content-Encoding", "gzip") in capture.headers  # kept as received, not decoded
        else:
            assert capture.payload == expected
    assert seen_gzip == len(archived["gzipped"])


def test_the_index_has_the_declared_schema_and_every_kind_of_exchange(archived):
    warc_dir = archived["data"] / "warc"
    for part in warc_index.part_files(warc_dir):
        assert pd.read_parquet(part).columns.tolist() == warc_index.INDEX_SCHEMA.names
        import pyarrow.parquet as pq

        assert pq.read_schema(part).equals(warc_index.INDEX_SCHEMA, check_metadata=False)
    rows = warc_index.read_index(warc_dir).to_pylist()
    paths = {urlsplit(r["target_uri"]).path for r in rows if r["record_type"] == "response"}
    assert {"/robots.txt", "/sitemap.xml", "/feeds/feed.rss"} <= paths  # discovery is archived too
    assert sum(r["record_type"] == "request" for r in rows) == sum(r["record_type"] == "response" for r in rows)
    info = next(r for r in rows if r["record_type"] == "warcinfo")
    record = read_record(warc_dir / info["warc_file"], info["offset"], info["length"])
    text = record.payload.decode()
    for field in (
        "software: rs_scraper/",
        "isPartOf: ",
        "robots: obeyed",
        "operator: ",
        "de-chunked",
        "not decoded",
        "http-header-user-agent: rs_scraper/",
    ):
        assert field in text
    manifest = read_manifests(archived["data"])[-1]
    assert manifest["counts"]["rs/warc/enabled"] == 1
    assert manifest["counts"]["rs/warc/records/response"] == sum(r["record_type"] == "response" for r in rows)
    # data/README.md's recipe: one capture per row, by url + fetched_at
    frame = articles(archived["data"])
    joined = frame.merge(
        pd.read_parquet(warc_dir / "index"), left_on=["url", "fetched_at"], right_on=["url", "warc_date"]
    )
    assert len(joined) == len(frame) and set(joined["record_type"]) == {"response"}


def test_verify_checks_the_archive_and_reports_damage(archived, tmp_path):
    out = rs_cli("verify", str(archived["data"]))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "warc: 1 files" in out.stdout
    data = copy_of(archived["data"], tmp_path)
    rows = warc_index.read_index(data / "warc").to_pylist()
    target = next(r for r in rows if r["record_type"] == "response" and r["length"] > 2000)
    path = data / "warc" / target["warc_file"]
    damaged = bytearray(path.read_bytes())
    damaged[target["offset"] + target["length"] // 2] ^= 0x55
    path.write_bytes(bytes(damaged))
    report = verify(data)
    assert any(f"offset {target['offset']}" in p.what for p in report.problems), report.problems
    part = warc_index.part_path(data / "warc", target["warc_file"])
    part.unlink()
    problems = [p.what for p in verify(data).problems]
    assert any("without its index part" in p for p in problems)
    assert any("has no WARC record" in p for p in problems)  # the rows lost their records with the index


def test_a_run_with_the_archive_off_writes_none_and_verify_does_not_ask_for_records(tmp_path, mirror_factory):
    srv = mirror_factory(articles=6, seed=2)
    out = scrapy_crawl(srv.base_url, tmp_path, "-s", "RS_WARC_ENABLED=False")
    assert out.returncode == 0, out.stderr[-2000:]
    assert not (tmp_path / "warc").exists() and len(articles(tmp_path)) == 6
    assert verify(tmp_path).ok


def test_files_rotate_at_rs_warc_max_bytes(tmp_path, mirror_factory):
    srv = mirror_factory(articles=8, seed=2)
    out = scrapy_crawl(srv.base_url, tmp_path, "-s", "RS_WARC_MAX_BYTES=20000")
    assert out.returncode == 0, out.stderr[-2000:]
    files = warc_files(tmp_path / "warc")
    assert len(files) >= 3
    assert warcio_check(*files).returncode == 0
    assert verify(tmp_path).ok


# --------------------------------------------------------------------------------------------- extract
def test_extract_warc_gives_the_stored_row_of_a_capture(archived):
    data = archived["data"]
    row = articles(data).sort_values("url").iloc[5]
    warc_file = warc_files(data / "warc")[0]
    out = rs_cli("extract", "--warc", str(warc_file), "--url", row["url"])
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1
    got = json.loads(lines[0])
    assert got["url"] == row["url"] and got["text"] == row["text"] and got["authors"] == list(row["authors"])
    assert pd.Timestamp(got["fetched_at"]) == row["fetched_at"]
    every = rs_cli("extract", "--warc", str(warc_file))
    assert every.returncode == 0 and len(every.stdout.splitlines()) == ARTICLES
    missing = rs_cli("extract", "--warc", str(warc_file), "--url", "http://127.0.0.1:9/not-archived")
    assert missing.returncode == 1 and "no capture" in missing.stderr and "Traceback" not in missing.stderr
    both = rs_cli("extract", "page.html", "--warc", str(warc_file))
    assert both.returncode == 2


# ---------------------------------------------------------------------------------------------- reparse
# A parser rule changed by a monkeypatch inside the reparse process, where no socket can exist: creating one,
# resolving a name or connecting raises, in the parent and in the pool's (forked) workers alike. Every attempt
# is logged with the function that made it, so the test also sees who tried.
_BANNED_REPARSE = r"""
import re, socket, _socket, sys, traceback
log_path, author, argv = sys.argv[1], sys.argv[2], sys.argv[3:]

def banned(*args, **kwargs):
    caller = traceback.extract_stack()[-3]
    with open(log_path, "a") as log:
        log.write(f"{caller.filename}:{caller.name} {args!r}\n")
    raise OSError("sockets are banned in this process")

class BannedSocket(socket.socket):  # a class, so that modules subclassing socket (ssl) still import
    def __init__(self, *args, **kwargs):
        banned(*args, **kwargs)

socket.socket = _socket.socket = BannedSocket
socket.create_connection = socket.socketpair = socket.getaddrinfo = banned
import rs_scraper.parsing.authors as authors
if author:
    authors._NOT_NAME = re.compile(authors._NOT_NAME.pattern + "|^" + re.escape(author) + "$", re.I)
from rs_scraper.cli import main
sys.exit(main(argv))
"""


def banned_reparse(tmp_path: Path, author: str, *argv: str) -> subprocess.CompletedProcess:
    log = tmp_path / "sockets.log"
    return subprocess.run(
        [sys.executable, "-c", _BANNED_REPARSE, str(log), author, "reparse", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_no_network(log: Path) -> None:
    """No socket could be made in the reparse (every attempt raised), and the only attempts were urllib3's
    import-time IPv6 probe (``_has_ipv6``: a socket bound to ::1, imported with trafilatura), which fails
    harmlessly: no name was resolved and no connection tried by anything."""
    attempts = log.read_text().splitlines() if log.exists() else []
    assert all("urllib3" in line and ":_has_ipv6 " in line for line in attempts), attempts


def test_reparse_after_a_rule_change_updates_exactly_the_affected_rows_without_network(archived, tmp_path):
    data = copy_of(archived["data"], tmp_path)
    before = articles(data).set_index("url").sort_index()
    revisions_before = pd.read_parquet(data / "revisions").set_index("url").sort_index()
    counts = pd.Series([a for names in before["authors"] for a in names]).value_counts()
    author = next(name for name, n in counts.items() if 1 < n < len(before))  # some rows, not all
    affected = {url for url, names in before["authors"].items() if author in list(names)}

    out = banned_reparse(tmp_path, author, "--data-dir", str(data), "--workers", "2")
    assert out.returncode == 0, out.stdout + out.stderr
    assert_no_network(tmp_path / "sockets.log")
    assert f"{len(affected)} changed" in out.stdout and f"authors: {len(affected)} rows" in out.stdout

    after = articles(data).set_index("url").sort_index()
    assert list(after.index) == list(before.index)
    for url in before.index:
        old, new = before.loc[url], after.loc[url]
        if url in affected:
            kept = [i for i, a in enumerate(old["authors"]) if a != author]
            assert list(new["authors"]) == [old["authors"][i] for i in kept]
            assert list(new["author_urls"]) == [old["author_urls"][i] for i in kept]  # parallel to authors
        for name in FIELD_NAMES[1:]:
            if name in ("authors", "author_urls") and url in affected:
                continue
            assert str(old[name]) == str(new[name]), (url, name)  # every other field, of every row, as stored
    revisions_after = pd.read_parquet(data / "revisions").set_index("url").sort_index()
    assert len(revisions_after) == len(revisions_before)  # the same versions, re-extracted; none added
    assert {u for u in revisions_after.index if author not in list(revisions_after.loc[u, "authors"])} >= affected
    report = verify(data)
    assert report.ok, report.problems

    again = banned_reparse(tmp_path, author, "--data-dir", str(data), "--workers", "2")
    assert again.returncode == 0 and " 0 changed" in again.stdout  # idempotent
    assert_no_network(tmp_path / "sockets.log")


def test_reparse_filters_and_parser_version(archived, tmp_path):
    data = copy_of(archived["data"], tmp_path)
    rows = articles(data).sort_values("url")
    one = rows.iloc[0]["url"]
    out = rs_cli("reparse", "--data-dir", str(data), "--url", one, "--dry-run")
    assert out.returncode == 0 and "2 rows selected (1 captures)" in out.stdout  # articles/ + revisions/
    year = int(rows["published_at"].dt.year.min())
    out = rs_cli("reparse", "--data-dir", str(data), "--since", f"{year + 1}-01-01", "--dry-run")
    selected = int((rows["published_at"] >= pd.Timestamp(f"{year + 1}-01-01", tz="UTC")).sum())
    assert out.returncode == 0 and f"{2 * selected} rows selected" in out.stdout
    versions = sorted(set(rows["parser_version"]))
    family, _ = versions[0].rsplit("-v", 1)
    out = rs_cli("reparse", "--data-dir", str(data), "--parser-version-below", f"{family}-v99", "--dry-run")
    n = int((rows["parser_version"].str.startswith(family + "-")).sum())
    assert out.returncode == 0 and f"{2 * n} rows selected" in out.stdout
    out = rs_cli("reparse", "--data-dir", str(data), "--parser-version-below", "v1", "--dry-run")
    assert out.returncode == 0 and "0 rows selected" in out.stdout  # every row is v1: none is below
    bad = rs_cli("reparse", "--data-dir", str(data), "--parser-version-below", "latest")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_reparse_a_version_bump_stamps_the_new_parser_version(archived, tmp_path):
    data = copy_of(archived["data"], tmp_path)
    bump = (
        "import sys; from rs_scraper.parsing.layouts import RebelMouseV1; RebelMouseV1.version = "
        "'rebelmouse-v1.1'; from rs_scraper.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    before = articles(data)
    n = int((before["parser_version"] == "rebelmouse-v1").sum())
    assert n
    out = subprocess.run(
        [sys.executable, "-c", bump, "reparse", "--data-dir", str(data)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert f"parser_version rebelmouse-v1 -> rebelmouse-v1.1: {n}" in out.stdout
    after = articles(data).set_index("url")
    assert int((after["parser_version"] == "rebelmouse-v1.1").sum()) == n
    kept = before.set_index("url")["fetched_at"]
    assert after["fetched_at"].sort_index().equals(kept.sort_index())  # rows keep their fetched_at
    assert verify(data).ok
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            bump,
            "reparse",
            "--data-dir",
            str(data),
            "--parser-version-below",
            "rebelmouse-v1.1",
            "--dry-run",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "0 rows selected" in out.stdout


def test_reparse_refuses_while_a_crawl_holds_the_lock_and_reports_rows_without_records(archived, tmp_path):
    from rs_scraper.locking import CrawlLock, lock_path

    data = copy_of(archived["data"], tmp_path)
    with CrawlLock(lock_path(data)):
        out = rs_cli("reparse", "--data-dir", str(data))
    assert out.returncode == 75 and "another crawl is running" in out.stderr
    for part in warc_index.part_files(data / "warc"):
        part.unlink()
    for path in warc_files(data / "warc"):
        path.unlink()  # the archive is gone: nothing can be re-derived, and the command says so
    before = articles(data)
    out = rs_cli("reparse", "--data-dir", str(data))
    assert out.returncode == 1 and "kept as stored: no_record" in out.stderr
    pd.testing.assert_frame_equal(articles(data), before)


# ----------------------------------------------------------------------------------------------- replay
def test_replay_serves_the_archive_as_recorded(archived):
    from rs_scraper.warc.replay import ReplayServer

    site, srv = archived["site"], archived["srv"]
    with ReplayServer(archived["data"] / "warc") as replay:
        with urllib.request.urlopen(replay.base_url + "/robots.txt") as resp:
            assert resp.read() == site.render("/robots.txt", srv.base_url)[2]
        wanted = sorted(archived["gzipped"])[0]  # as the crawl asked for it: the form its sitemap lists
        path = next(
            urlsplit(r["target_uri"]).path
            for r in warc_index.read_index(archived["data"] / "warc").to_pylist()
            if r["target_uri"] and urlsplit(r["target_uri"]).path.rstrip("/") == wanted.rstrip("/")
        )
        request = urllib.request.Request(replay.base_url + path)
        with urllib.request.urlopen(request) as resp:
            body = resp.read()
            etag = resp.headers["ETag"]
            assert resp.headers["Content-Encoding"] == "gzip" and body[:2] == b"\x1f\x8b"
            assert resp.headers["Server"] == "RebelMouse"  # the recorded headers, not the replay server's
        conditional = urllib.request.Request(replay.base_url + path, headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(conditional)
        err.value.close()  # an HTTPError holds the response's socket
        assert err.value.code == 304
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(replay.base_url + "/never-archived")
        err.value.close()
        assert err.value.code == 404


def test_round_trip_crawl_of_the_replayed_archive_gives_the_same_dataset(archived, tmp_path):
    from rs_scraper.warc.replay import ReplayServer

    with ReplayServer(archived["data"] / "warc") as replay:
        out = scrapy_crawl(replay.base_url, tmp_path)
        assert out.returncode == 0, out.stderr[-3000:]
        misses = [p for p, status in replay.requests if status == 404]
    assert not misses  # the second crawl asked only for what the first one archived
    first, second = articles(archived["data"]), articles(tmp_path)
    # Columns that differ, and why: fetched_at (a new capture time) and run_id (a new run). url is the site's
    # canonical URL (RS_SITE_URL) whichever base was crawled, and so are the URLs resolved against it; a
    # crawl_base column (the origin fetched from) would differ too, by design.
    differ = {"fetched_at", "run_id", "crawl_base"}
    a, b = first.set_index("url").sort_index(), second.set_index("url").sort_index()
    assert list(a.index) == list(b.index) and len(a) == ARTICLES
    for name in FIELD_NAMES[1:]:
        if name not in differ:
            assert a[name].astype(str).tolist() == b[name].astype(str).tolist(), name
    assert (a["fetched_at"] < b["fetched_at"]).all() and set(a["run_id"]).isdisjoint(set(b["run_id"]))
    # and the second archive holds the same payloads, byte for byte
    arch_a, arch_b = Archive(archived["data"] / "warc"), Archive(tmp_path / "warc")
    for url in a.index:
        pa_ = arch_a.load(arch_a.capture_row(url, a.loc[url, "fetched_at"].to_pydatetime())).payload
        pb_ = arch_b.load(arch_b.capture_row(url, b.loc[url, "fetched_at"].to_pydatetime())).payload
        assert pa_ == pb_, url


def test_mirror_from_warc_command_serves_and_refuses_generator_options(archived):
    proc = subprocess.Popen(
        [sys.executable, "-m", "rs_scraper", "mirror", "--from-warc", str(archived["data"] / "warc"), "--port", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = proc.stdout.readline().strip()
        with urllib.request.urlopen(base + "/sitemap.xml") as resp:
            assert b"<sitemapindex" in resp.read()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    assert proc.returncode == 0
    out = rs_cli("mirror", "--from-warc", str(archived["data"] / "warc"), "--articles", "5")
    assert out.returncode == 2 and "--articles" in out.stderr
    out = rs_cli("mirror", "--from-warc", "/nonexistent/warc")
    assert out.returncode == 2 and "Traceback" not in out.stderr


# ----------------------------------------------------------------------------------- revisits and prune
def test_an_unchanged_refetch_is_archived_as_revisits_that_reparse_resolves(archived, tmp_path):
    data = copy_of(archived["data"], tmp_path)
    # every article refetched (unchanged), and discovery (robots, sitemaps, feed) read again
    out = scrapy_crawl(archived["srv"].base_url, data, "-s", "RS_DEDUPE_STORED=False")
    assert out.returncode == 0, out.stderr[-2000:]
    rows = warc_index.read_index(data / "warc").to_pylist()
    revisits = [r for r in rows if r["record_type"] == "revisit"]
    second_run = {r["run_id"] for r in revisits}
    assert len(second_run) == 1
    second = [r for r in rows if r["run_id"] in second_run and r["record_type"] in ("response", "revisit")]
    # Nothing changed, so every capture of the second run is a revisit, except the pages the mirror gzips:
    # gzip stamps its header with the time, so their bytes as received differ and they are kept again.
    full = {urlsplit(r["target_uri"]).path.rstrip("/") for r in second if r["record_type"] == "response"}
    assert full == {p.rstrip("/") for p in archived["gzipped"]}
    assert all(r["revisit"] == "identical-payload-digest" and r["refers_to"] for r in revisits)
    assert len(revisits) > ARTICLES
    assert warcio_check(*warc_files(data / "warc")).returncode == 0
    assert sum(f.stat().st_size for f in warc_files(data / "warc")) < 1.5 * sum(
        f.stat().st_size for f in warc_files(archived["data"] / "warc")
    )  # headers only, not a second copy
    report = verify(data)
    assert report.ok, report.problems  # the refreshed rows point at revisits, which resolve
    out = rs_cli("reparse", "--data-dir", str(data))
    assert out.returncode == 0 and " 0 changed" in out.stdout, out.stdout + out.stderr


def test_prune_keeps_the_last_capture_of_every_url_and_every_record_the_dataset_cites(tmp_path, mirror_factory):
    srv = mirror_factory(articles=10, seed=6)
    assert scrapy_crawl(srv.base_url, tmp_path).returncode == 0
    oldest = min(srv.site.articles, key=lambda a: a.published_at)  # in a monthly sitemap, not the news one
    srv.site.update_article(oldest.index, when=datetime.now(UTC))
    assert scrapy_crawl(srv.base_url, tmp_path).returncode == 0  # the edit: a new version, new sitemaps
    assert scrapy_crawl(srv.base_url, tmp_path).returncode == 0  # an unchanged night: revisits
    warc_dir = tmp_path / "warc"
    before = warc_index.read_index(warc_dir).to_pylist()
    cited = set()
    for name in ("articles", "revisions"):
        frame = pd.read_parquet(tmp_path / name, columns=["url", "fetched_at"])
        cited |= {(u, t.to_pydatetime()) for u, t in zip(frame["url"], frame["fetched_at"], strict=True)}
    assert len(pd.read_parquet(tmp_path / "revisions")) == 11  # 10 first versions + the edit

    dry = rs_cli("prune-warc", "--keep-days", "0", "--data-dir", str(tmp_path), "--dry-run")
    assert dry.returncode == 0 and "would remove" in dry.stdout
    assert warc_index.read_index(warc_dir).num_rows == len(before)  # a dry run removes nothing
    out = rs_cli("prune-warc", "--keep-days", "0", "--data-dir", str(tmp_path))
    assert out.returncode == 0, out.stderr
    after = warc_index.read_index(warc_dir).to_pylist()
    assert 0 < len(after) < len(before), out.stdout

    def captures(rows):
        return {r["url"] for r in rows if r["record_type"] in ("response", "revisit")}

    assert captures(after) == captures(before)  # the last record of every URL stays
    kept = {(r["url"], r["warc_date"]) for r in after if r["record_type"] in ("response", "revisit")}
    assert cited <= kept  # every row of articles/ and revisions/ keeps its record
    assert warcio_check(*warc_files(warc_dir)).returncode == 0
    report = verify(tmp_path)
    assert report.ok, report.problems
    out = rs_cli("reparse", "--data-dir", str(tmp_path))
    assert out.returncode == 0 and " 0 changed" in out.stdout, out.stdout + out.stderr
    again = rs_cli("prune-warc", "--keep-days", "0", "--data-dir", str(tmp_path))
    assert again.returncode == 0 and "removed 0 records" in again.stdout  # nothing left to remove
    assert rs_cli("prune-warc", "--keep-days", "-1", "--data-dir", str(tmp_path)).returncode == 2


# ------------------------------------------------------------------------------------------------ kill -9
def test_kill9_mid_file_then_rerun_leaves_every_file_whole_and_indexed(tmp_path, mirror_factory):
    srv = mirror_factory(articles=40, seed=4, variants=False)  # clean pages: every monitor passes
    srv.set_fault("/*", delay=0.1)  # 40 pages, 2 at a time: a crawl of 2 s or more, killed in the middle
    cmd = scrapy_crawl_cmd(
        srv.base_url, tmp_path, "-s", "RS_PARQUET_FLUSH_ROWS=2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"
    )
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # a whole file, not a _tmp- one being written
        wait_for(lambda: bool(data_files(tmp_path / "articles")), timeout=120, what="the crawl to write a row")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    left = list((tmp_path / "warc").glob("*.open"))
    rows = articles(tmp_path)
    assert len(left) == 1 and 0 < len(rows) < 40, (left, len(rows))  # killed mid-crawl, mid-file
    # rows were written before the kill: each must have its record
    problems = [p.what for p in verify(tmp_path).problems]
    assert any("left open by an interrupted run" in p for p in problems)

    repaired = rs_cli("verify", "--repair", str(tmp_path))
    assert "repaired: closed" in repaired.stderr, repaired.stderr
    assert repaired.returncode == 0, repaired.stdout  # every row had its record in the file the kill left
    assert warcio_check(*warc_files(tmp_path / "warc")).returncode == 0

    srv.clear_faults()
    out = scrapy_crawl(srv.base_url, tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert len(articles(tmp_path)) == 40
    assert not list((tmp_path / "warc").glob("*.open"))
    assert warcio_check(*warc_files(tmp_path / "warc")).returncode == 0
    report = verify(tmp_path)
    assert report.ok, report.problems


def test_the_next_crawl_closes_a_file_a_killed_run_left_open(tmp_path, mirror_factory):
    srv = mirror_factory(articles=6, seed=5)
    out = scrapy_crawl(srv.base_url, tmp_path)
    assert out.returncode == 0
    closed = warc_files(tmp_path / "warc")[0]
    left_open = closed.with_name(closed.name.replace("-00000", "-00007") + ".open")
    left_open.write_bytes(closed.read_bytes() + b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x01\x02")  # cut member
    closed.unlink()
    warc_index.part_path(tmp_path / "warc", closed.name).unlink()
    out = scrapy_crawl(srv.base_url, tmp_path)
    assert out.returncode == 0
    assert "WARC recovery: closed" in out.stderr and "dropped 12 bytes" in out.stderr
    manifest = read_manifests(tmp_path)[-1]
    assert manifest["counts"]["rs/warc/recovered/closed"] == 1
    assert warcio_check(*warc_files(tmp_path / "warc")).returncode == 0
    assert verify(tmp_path).ok


def test_a_304_revalidation_is_archived_as_a_server_not_modified_revisit_of_the_capture_it_confirms(
    tmp_path, mirror_factory
):
    # an article whose sitemap says only today's date is asked again on the next run (it may have changed later
    # that day), conditionally; the mirror answers 304, and the archive keeps a revisit pointing at the capture
    server = mirror_factory(articles=24, seed=13, layout="rebelmouse", lastmod_dates=True)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=1, microsecond=0)
    edited = server.site.update_article(3, when=today)
    data = tmp_path / "data"
    assert scrapy_crawl(server.base_url, data).returncode == 0
    start = len(server.requests)
    assert scrapy_crawl(server.base_url, data).returncode == 0
    not_modified = [r.path for r in list(server.requests)[start:] if r.status == 304]
    assert not_modified == [edited.path]
    index = pd.DataFrame(warc_index.read_index(data / "warc").to_pylist())
    revisits = index[index["revisit"] == "server-not-modified"]
    assert [urlsplit(u).path for u in revisits["target_uri"]] == not_modified
    records = index.set_index("record_id")
    original = records.loc[revisits.iloc[0]["refers_to"]]
    assert original["record_type"] == "response" and original["status"] == 200
    assert original["url"] == revisits.iloc[0]["url"] == edited.expected(SITE_URL)["url"]
    assert rs_cli("verify", str(data)).returncode == 0
    assert warcio_check(*warc_files(data / "warc")).returncode == 0
