"""Real runs in a subprocess: ``scrapy crawl rs`` and ``rs-scraper ...`` from the repository root, and the run
manifests they leave (the reactor starts once per process, so a crawl never runs inside the test process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
# Stored URLs are on the site's own origin (RS_SITE_URL) whatever mirror port a crawl fetched from: compare a
# crawl's rows with site.expected_rows(SITE_URL).
SITE_URL = "https://responsiblestatecraft.org"
LOOPBACK = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS=16",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
]


def scrapy_crawl_cmd(base_url: str, data_dir: Path, *extra: str) -> list[str]:
    """The command line of ``scrapy crawl rs`` fetching from ``base_url`` into ``data_dir`` (run it from REPO)."""
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "rs",
        "-s",
        f"RS_BASE_URL={base_url}",
        "-s",
        f"RS_DATA_DIR={data_dir}",
        "-s",
        "LOG_LEVEL=INFO",
        *LOOPBACK,
        *extra,
    ]


def scrapy_crawl(
    base_url: str, data_dir: Path, *extra: str, timeout: float = 300, env: dict | None = None
) -> subprocess.CompletedProcess:
    """``scrapy crawl rs`` in a subprocess (the reactor starts once per process), from the repo root."""
    return subprocess.run(
        scrapy_crawl_cmd(base_url, data_dir, *extra),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def scrapy_parse(
    base_url: str,
    data_dir: Path,
    url: str,
    *extra: str,
    callback: str = "parse_article",
    timeout: float = 180,
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    """``scrapy parse --spider rs -c CALLBACK URL`` in a subprocess, from the repo root, with the project's settings."""
    argv = [sys.executable, "-m", "scrapy", "parse", "--spider", "rs", "-c", callback, *extra]
    argv += ["-s", f"RS_DATA_DIR={data_dir}", "-s", f"RS_BASE_URL={base_url}", url]
    return subprocess.run(
        argv,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "rs_scraper.settings", **(env or {})},
    )


def wait_for(predicate, timeout: float = 60, what: str = "") -> None:
    """Poll ``predicate`` until it holds; AssertionError naming ``what`` when ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def rs_cli(
    *args: str, timeout: float = 300, cwd: Path | None = None, input: str | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    """``rs-scraper ARGS`` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "rs_scraper", *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
        env={**os.environ, **(env or {})},
    )


def read_manifests(data_dir: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((data_dir / "runs").glob("*.json"))]
