"""Termination: sitemap indexes that list themselves (A->A), an ancestor (A->B->A) or an endless
generated tree make a crawl that finishes on its own, within its bounds, reading each sitemap once; and the next
cron run, on the repaired site, works (exit 0). Also: the wall-clock ceiling ends a run that overruns it.
(The lock takeover: tests/test_lock.py.)"""

from __future__ import annotations

import collections
import time

import pandas as pd
import pytest

from tests.kit.overlay import XML, overlay, real_index_locs, requests_to, sitemap_index
from tests.kit.runs import LOOPBACK, read_manifests, rs_cli

TIMEOUT = 120  # a crawl that does not end by then is the bug


def crawl(server, data_dir, *extra):
    started = time.monotonic()
    log = data_dir.parent / f"{data_dir.name}-{{run_id}}.log"  # stderr keeps only what a user must read
    result = rs_cli(
        "crawl",
        "--quiet",
        "--data-dir",
        str(data_dir),
        "--base-url",
        server.base_url,
        "--log-file",
        str(log),
        *LOOPBACK,
        *extra,
        timeout=TIMEOUT,
    )
    return result, time.monotonic() - started


def once_each(server, prefix: str) -> None:
    counts = collections.Counter(requests_to(server, prefix))
    assert counts and max(counts.values()) == 1, counts.most_common(3)


@pytest.mark.parametrize("shape", ["self", "ancestor"])
def test_sitemap_loop_terminates_reads_each_sitemap_once_and_stores_everything(mirror_factory, tmp_path, shape):
    server = mirror_factory(articles=12, seed=3)
    base = server.base_url
    real = real_index_locs(server.site, base)
    site = overlay(server)
    if shape == "self":  # A -> A
        site.routes.append(
            lambda p, b: (200, XML, sitemap_index(real + [f"{b}/sitemap.xml"])) if p == "/sitemap.xml" else None
        )
    else:  # A -> B -> A
        site.routes.append(
            lambda p, b: (200, XML, sitemap_index(real + [f"{b}/loop/b.xml"])) if p == "/sitemap.xml" else None
        )
        site.routes.append(lambda p, b: (200, XML, sitemap_index([f"{b}/sitemap.xml"])) if p == "/loop/b.xml" else None)
    data = tmp_path / "data"
    result, seconds = crawl(server, data)
    assert result.returncode == 0, result.stderr[-2000:]
    once_each(server, "/sitemap")
    counts = read_manifests(data)[-1]["counts"]
    assert counts["rs/discovery/repeated"] >= 1
    assert len(pd.read_parquet(data / "articles")) == len(server.site.expected_rows(base))
    print(f"loop {shape}: {len(server.requests.snapshot())} requests, {seconds:.1f} s")


def test_endless_sitemap_tree_stops_at_its_bounds_says_so_and_the_next_run_works(mirror_factory, tmp_path):
    server = mirror_factory(articles=12, seed=3)
    base = server.base_url
    real = real_index_locs(server.site, base)
    site = overlay(server)

    def endless(path: str, b: str):
        if path == "/sitemap.xml":
            return 200, XML, sitemap_index(real + [f"{b}/gen/0.xml"])
        if path.startswith("/gen/"):  # every node lists 8 children nobody has seen: an endless tree
            node = path[len("/gen/") : -len(".xml")]
            return 200, XML, sitemap_index([f"{b}/gen/{node}-{i}.xml" for i in range(8)])
        return None

    site.routes.append(endless)
    data = tmp_path / "data"
    result, seconds = crawl(server, data, "-s", "RS_DISCOVERY_MAX_REQUESTS=60")
    assert result.returncode == 1, result.stderr[-2000:]
    assert "discovery_bounds" in result.stderr and "discovery_requests" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3 and "Traceback" not in result.stderr
    generated = requests_to(server, "/gen/")
    assert len(generated) <= 60 and len(set(generated)) == len(generated)
    assert len(pd.read_parquet(data / "articles")) == len(server.site.expected_rows(base))  # nothing lost
    manifest = read_manifests(data)[-1]
    assert manifest["counts"]["rs/bounds/discovery_requests"] >= 1 and manifest["exit_code"] == 1
    print(f"endless tree, total bound: {len(server.requests.snapshot())} requests, {seconds:.1f} s")

    # the depth bound alone (default total): depth 4 = /sitemap.xml, /gen/0, /gen/0-i, /gen/0-i-j
    server.requests.clear()
    deep = tmp_path / "deep"
    result, seconds = crawl(server, deep)
    assert result.returncode == 1 and "sitemap_depth" in result.stderr, result.stderr[-2000:]
    assert len(requests_to(server, "/gen/")) == 1 + 8 + 64
    print(f"endless tree, depth bound: {len(server.requests.snapshot())} requests, {seconds:.1f} s")

    site.routes.clear()  # the site is repaired: the next cron run is clean
    result, _ = crawl(server, data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert read_manifests(data)[-1]["exit_code"] == 0


def test_wall_clock_ceiling_stops_the_run_stores_what_it_has_and_exits_3(mirror_factory, tmp_path):
    server = mirror_factory(articles=30, seed=2, layout="rebelmouse")
    site = server.site
    server.set_fault(lambda path: site.article_for(path) is not None, delay=0.4)
    data = tmp_path / "data"
    result, seconds = crawl(
        server,
        data,
        "-s",
        "CLOSESPIDER_TIMEOUT=3",
        "-s",
        "RS_PARQUET_FLUSH_ROWS=1",
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=2",
    )
    assert result.returncode == 3, result.stderr[-2000:]
    assert "wall-clock ceiling" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert seconds < 60
    stored = pd.read_parquet(data / "articles")
    assert 0 < len(stored) < 30 and stored["url"].is_unique
    manifest = read_manifests(data)[-1]
    assert manifest["finish_reason"] == "closespider_timeout" and manifest["exit_code"] == 3
    server.clear_faults()
    result, _ = crawl(server, data)  # the next run goes on from there
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(pd.read_parquet(data / "articles")) == 30
