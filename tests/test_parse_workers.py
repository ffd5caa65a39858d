"""Parsing in worker processes (RS_PARSE_WORKERS, rs_scraper.parsing.workers) gives what parsing in place gives:
the same Parsed for an article, the same NotArticle reason for a page that is not one; a worker killed under a
page is replaced and the page parsed again; the workers' log records reach the crawl's log; their CPU and peak
RSS reach the run manifest. Real processes throughout (a real kill -9), and one real crawl each way."""

from __future__ import annotations

import logging
import os
import signal
import time
from urllib.parse import urlsplit

import pandas as pd
import pytest

from rs_scraper.mirror import MirrorServer, MirrorSite
from rs_scraper.parsing import NotArticle, parse_page
from rs_scraper.parsing.workers import ParseWorkers
from tests.kit.crawler import crawler
from tests.kit.runs import read_manifests, scrapy_crawl

BASE = "http://127.0.0.1:1"


@pytest.fixture(scope="module")
def site() -> MirrorSite:
    return MirrorSite(articles=12, seed=3)


def page(site: MirrorSite, path: str) -> bytes:
    status, _headers, body = site.render(path, BASE)
    assert status == 200, path
    return body


@pytest.fixture
def workers():
    pool = ParseWorkers(1)
    yield pool
    pool.close()


def test_an_article_parsed_in_a_worker_is_the_one_parsed_in_place(site, workers):
    for row in site.expected_rows(BASE)[:4]:
        body = page(site, urlsplit(row["url"]).path)
        here = parse_page(body, row["url"], encoding="utf-8")
        there = workers.submit(body, row["url"], "utf-8").result(timeout=60)
        assert there == here
        assert there.article.text and there.notes == here.notes


def test_a_non_article_keeps_its_reason_across_the_process_boundary(site, workers):
    path = site.non_article_paths()[0]
    body = page(site, path)
    with pytest.raises(NotArticle) as here:
        parse_page(body, BASE + path, encoding="utf-8")
    with pytest.raises(NotArticle) as there:
        workers.submit(body, BASE + path, "utf-8").result(timeout=60)
    assert (there.value.reason, there.value.detail) == (here.value.reason, here.value.detail)


def test_a_killed_worker_is_replaced_and_its_page_parsed_again(site, workers):
    row = site.expected_rows(BASE)[0]
    body = page(site, urlsplit(row["url"]).path)
    pid = workers._pool().submit(os.getpid).result(timeout=60)
    os.kill(pid, signal.SIGKILL)  # what the OOM killer or a crash in C code does to a worker
    got = workers.submit(body, row["url"], "utf-8").result(timeout=60)
    assert got == parse_page(body, row["url"], encoding="utf-8")
    assert workers.restarts == 1
    assert workers._pool().submit(os.getpid).result(timeout=60) != pid  # a new worker parses from now on


def test_a_workers_log_records_reach_the_crawl_processs_loggers(workers, caplog):
    name = "rs_scraper.parsing.parser"
    with caplog.at_level(logging.INFO, logger=name):
        workers._pool().submit(logging.getLogger(name).warning, "parser error on %s", "x").result(timeout=60)
        deadline = time.monotonic() + 10
        while not [r for r in caplog.records if r.name == name] and time.monotonic() < deadline:
            time.sleep(0.05)
    records = [r for r in caplog.records if r.name == name]
    assert [r.getMessage() for r in records] == ["parser error on x"]
    assert records[0].process != os.getpid()  # it was logged in the worker


def test_the_workers_cost_is_in_the_stats_when_they_stop(site):
    made = crawler()
    pool = ParseWorkers(2, made)
    pool.warm()
    row = site.expected_rows(BASE)[0]
    body = page(site, urlsplit(row["url"]).path)
    for _ in range(5):
        pool.submit(body, row["url"], "utf-8").result(timeout=60)
    pool.close()
    stats = made.stats.get_stats()
    assert stats["rs/parse_workers/workers"] == 2
    assert stats["rs/parse_workers/cpu_ms"] > 0
    assert stats["rs/parse_workers/peak_kib"] > 2 * 10_000  # two interpreters holding the parser: >10 MiB each
    with pytest.raises(RuntimeError):
        pool.submit(body, row["url"], "utf-8").result(timeout=5)  # closed: refused, not hung


def test_a_crawl_with_parse_workers_writes_the_rows_of_a_crawl_without(tmp_path):
    site = MirrorSite(articles=16, seed=9)
    frames, counts = {}, {}
    with MirrorServer(site, port=0) as server:
        for workers in (0, 2):
            data = tmp_path / f"w{workers}"
            result = scrapy_crawl(server.base_url, data, "-s", f"RS_PARSE_WORKERS={workers}")
            assert result.returncode == 0, result.stderr[-3000:]
            frames[workers] = pd.read_parquet(data / "articles").sort_values("url").reset_index(drop=True)
            counts[workers] = read_manifests(data)[-1]["counts"]
    varying = {"fetched_at", "run_id"}  # when and in which run: the only columns two crawls may differ in
    same = [c for c in frames[0].columns if c not in varying]
    assert len(frames[2]) == len(frames[0]) == len(site.expected_rows(BASE))
    pd.testing.assert_frame_equal(frames[2][same], frames[0][same])
    assert counts[2]["rs/parse_workers/workers"] == 2 and counts[2]["rs/parse_workers/cpu_ms"] > 0
    assert "rs/parse_workers/workers" not in counts[0]
    parser_notes = {k: v for k, v in counts[0].items() if k.startswith(("rs/parser/", "rs/extraction/"))}
    assert parser_notes and parser_notes == {k: v for k, v in counts[2].items() if k in parser_notes}


def _descendants(pid: int) -> set[int]:
    """The live processes under ``pid`` (from /proc: parent links), zombies left out."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat[0] != "Z":
                parents[int(entry)] = int(stat[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            if open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z":
                alive.add(pid)
        except OSError:
            pass
    return alive


def test_workers_end_with_a_crawl_killed_by_sigkill(tmp_path):
    """cron's timeout or the OOM killer ends a crawl with kill -9: its workers (and the forkserver) must not
    live on, each holding a parser's memory, night after night."""
    import subprocess

    from tests.kit.runs import REPO, scrapy_crawl_cmd

    site = MirrorSite(articles=300, seed=4)
    with MirrorServer(site, port=0) as server:
        cmd = scrapy_crawl_cmd(server.base_url, tmp_path / "data", "-s", "RS_PARSE_WORKERS=2")
        crawl = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kids: set[int] = set()
        try:
            deadline = time.monotonic() + 60
            while len(_descendants(crawl.pid)) < 3 and time.monotonic() < deadline:  # forkserver + 2 workers
                time.sleep(0.1)
            kids = _descendants(crawl.pid)
            assert len(kids) >= 3, "the workers never started"
            crawl.kill()
            crawl.wait(timeout=30)
            deadline = time.monotonic() + 30
            while _alive(kids) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not _alive(kids), f"left running after the crawl was killed: {sorted(_alive(kids))}"
        finally:
            crawl.kill()
            for pid in _alive(kids):  # never leave them to the rest of the suite
                os.kill(pid, signal.SIGKILL)
