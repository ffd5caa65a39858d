"""Readers never see a half state: readers race a crawl that rewrites the files holding 60 edited
articles of 120, a few rows at a time. Every read, by the documented recipe (the pinned snapshot, pipelines.snapshots)
and by the analysts' habits (``pd.read_parquet("data/articles")``, the DuckDB glob of data/README.md), gets every
URL exactly once, and no glob ever reads a temporary file. Polars on the live tree may fail a read (never return
a wrong one): its recipe is the snapshot glob."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import duckdb
import pandas as pd
import polars as pl

from pipelines.snapshots import current
from tests.kit.runs import LOOPBACK, REPO, rs_cli


def test_readers_racing_a_crawl_see_every_url_exactly_once(mirror_factory, tmp_path):
    server = mirror_factory(articles=120, seed=2, layout="rebelmouse")
    site = server.site
    data = tmp_path / "data"
    first = rs_cli(
        "crawl",
        "--quiet",
        "--data-dir",
        str(data),
        "--base-url",
        server.base_url,
        "--log-file",
        str(tmp_path / "first.log"),
        *LOOPBACK,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr[-2000:]
    expected = set(pd.read_parquet(data / "articles", columns=["url"])["url"])
    assert len(expected) == 120

    edited = datetime.now(UTC) + timedelta(minutes=1)  # later than the first fetch
    for i in range(0, 120, 2):
        site.update_article(i, when=edited)
    server.set_fault(lambda path: site.article_for(path) is not None, delay=0.25)  # a crawl of several seconds
    articles = data / "articles"
    readers = {
        "snapshot recipe": lambda: pd.read_parquet(current(data) / "articles", columns=["url"])["url"].tolist(),
        "pandas data/articles": lambda: pd.read_parquet(articles, columns=["url"])["url"].tolist(),
        "duckdb glob": lambda: [
            r[0]
            for r in duckdb.sql(
                f"SELECT url FROM read_parquet('{articles}/**/*.parquet', hive_partitioning = true)"
            ).fetchall()
        ],
        "polars snapshot glob": lambda: (
            pl.scan_parquet(f"{current(data)}/articles/**/*.parquet", hive_partitioning=True)
            .select("url")
            .collect()["url"]
            .to_list()
        ),
        # Polars reads a file's footer when it plans and its data later: on the live tree a file replaced in
        # between makes the read fail (never silently wrong); the snapshot glob above is the recipe for Polars.
        "polars live glob": lambda: (
            pl.scan_parquet(f"{articles}/**/*.parquet", hive_partitioning=True).select("url").collect()["url"].to_list()
        ),
    }
    may_fail = {"polars live glob"}
    results = {name: Counter() for name in readers}
    stop = threading.Event()

    def race(name, read):
        while not stop.is_set():
            try:
                urls = read()
            except BaseException as exc:  # noqa: BLE001 - a failed read (a Polars panic too) is counted
                results[name]["errors"] += 1
                results[name][f"error: {type(exc).__name__}"] += 1
                continue
            results[name]["reads"] += 1
            results[name]["misses"] += len(expected - set(urls))
            results[name]["duplicates"] += len(urls) - len(set(urls))

    cmd = [
        sys.executable,
        "-m",
        "rs_scraper",
        "crawl",
        "--quiet",
        "--data-dir",
        str(data),
        "--base-url",
        server.base_url,
        "--log-file",
        str(tmp_path / "second.log"),
        *LOOPBACK,
        "-s",
        "RS_PARQUET_FLUSH_ROWS=3",
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=2",
    ]
    crawl = subprocess.Popen(cmd, cwd=REPO, stderr=subprocess.PIPE, text=True)
    threads = [threading.Thread(target=race, args=item, daemon=True) for item in readers.items()]
    for thread in threads:
        thread.start()
    try:
        _, stderr = crawl.communicate(timeout=300)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert crawl.returncode == 0, stderr[-2000:]
    final = pd.read_parquet(articles)
    assert sorted(final["url"]) == sorted(expected)
    assert final["text"].str.contains("Update: ").sum() >= 50  # the crawl really rewrote the edited rows
    print({name: dict(counts) for name, counts in results.items()})
    for name, counts in results.items():
        assert counts["reads"] >= 50, (name, dict(counts))
        assert counts["misses"] == 0 and counts["duplicates"] == 0, (name, dict(counts))
        assert counts["errors"] == 0 or name in may_fail, (name, dict(counts))
    assert sum(c["reads"] for c in results.values()) >= 400
    # no temporary is ever where a glob can reach it
    seen = duckdb.sql(f"SELECT DISTINCT filename FROM read_parquet('{articles}/**/*.parquet', filename = true)")
    assert not [f for (f,) in seen.fetchall() if "_tmp-" in f or "/.tmp/" in f]
