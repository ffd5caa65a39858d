"""RS_ARROW_MEMORY_POOL: the crawl's Arrow allocator (settings.py, rs_scraper.session.use_memory_pool).

The pool is process-wide, so each case runs in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.kit.runs import REPO, scrapy_crawl

PROBE = (
    "from rs_scraper.session import use_memory_pool; use_memory_pool(sys.argv[1]); "
    "import pyarrow as pa; print(pa.default_memory_pool().backend_name)"
)


def user_env(env_pool: str | None) -> dict[str, str]:
    """The environment of a process the user starts, with ``env_pool`` as their ARROW_DEFAULT_MEMORY_POOL."""
    env = {k: v for k, v in os.environ.items() if k not in ("ARROW_DEFAULT_MEMORY_POOL", "RS_ARROW_POOL_DEFAULTED")}
    if env_pool:
        env["ARROW_DEFAULT_MEMORY_POOL"] = env_pool
    return env


def backend(name: str, env_pool: str | None = None, env: dict[str, str] | None = None) -> str:
    env = env if env is not None else user_env(env_pool)
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; {PROBE}", name],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return out.stdout.strip()


@pytest.mark.parametrize("name", ["system", "jemalloc"])
def test_the_named_pool_serves_the_crawls_arrow_allocations(name):
    assert backend(name) == name


def test_the_environments_choice_wins_and_empty_keeps_pyarrows_default():
    assert backend("system", env_pool="jemalloc") == "jemalloc"
    assert backend("") == "mimalloc"


# Parquet writes and reads of nested columns (the C++ reader and writer allocate from Arrow's C++ default pool, not
# from the pool pa.set_memory_pool names); prints how much mimalloc ever held.
PARQUET_ROUND_TRIP = (
    "import io, pyarrow as pa, pyarrow.parquet as pq; "
    "t = pa.table({'b': [[{'k': 'x' * 200, 'n': i}] * 20 for i in range(2000)], 's': ['y' * 500] * 2000}); "
    "buf = io.BytesIO(); pq.write_table(t, buf, compression='zstd', row_group_size=250); "
    "[b for b in pq.ParquetFile(io.BytesIO(buf.getvalue())).iter_batches(batch_size=250)]; "
    "print(pa.mimalloc_memory_pool().max_memory())"
)


def mimalloc_bytes(first: str, env_pool: str | None = None) -> int:
    env = user_env(env_pool)
    code = f"{first}; {PARQUET_ROUND_TRIP}"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return int(out.stdout.strip())


def test_arrows_own_parquet_allocations_leave_mimalloc_once_rs_scraper_is_imported():
    # the old way, for contrast: pyarrow loaded first, then the pool set from Python; Parquet still used mimalloc
    assert mimalloc_bytes("import pyarrow as pa; pa.set_memory_pool(pa.system_memory_pool())") > 0
    assert mimalloc_bytes("import rs_scraper.session") == 0
    assert mimalloc_bytes("import rs_scraper.session", env_pool="mimalloc") > 0  # the environment's choice wins


def test_a_child_of_a_process_that_imported_rs_scraper_still_honours_its_own_setting():
    import json

    # what a crawl started by a script or a notebook that imported rs_scraper inherits
    out = subprocess.run(
        [sys.executable, "-c", "import json, os, rs_scraper; print(json.dumps(dict(os.environ)))"],
        cwd=REPO,
        env=user_env(None),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    inherited = json.loads(out.stdout)
    assert inherited["ARROW_DEFAULT_MEMORY_POOL"] == "system"
    assert backend("jemalloc", env=inherited) == "jemalloc"
    assert backend("system", env=user_env("jemalloc")) == "jemalloc"  # while the user's own value wins


def test_an_unknown_pool_is_one_line_exit_2_before_any_request(mirror_factory, tmp_path):
    server = mirror_factory(articles=2, seed=4, layout="rebelmouse")
    result = scrapy_crawl(server.base_url, tmp_path / "data", "-s", "RS_ARROW_MEMORY_POOL=tcmalloc")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, result.stderr[-2000:]
    assert lines == [
        "scrapy crawl rs: error: RS_ARROW_MEMORY_POOL must be one of 'system', 'mimalloc', "
        "'jemalloc', '', not 'tcmalloc'"
    ]
    assert len(server.requests) == 0
