"""Shared test helpers: a real mirror server on loopback and real ``scrapy crawl`` runs in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Stored URLs are on the site's own origin (RS_SITE_URL) whatever mirror port a crawl fetched from: compare a
# crawl's rows with site.expected_rows(SITE_URL).
SITE_URL = "https://responsiblestatecraft.org"
LOOPBACK = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def scrapy_crawl(base_url: str, data_dir: Path, *extra: str, timeout: float = 300,
                 env: dict | None = None) -> subprocess.CompletedProcess:
    """``scrapy crawl rs`` in a subprocess (the reactor starts once per process), from the repo root."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "rs", "-s", f"RS_BASE_URL={base_url}",
           "-s", f"RS_DATA_DIR={data_dir}", "-s", "LOG_LEVEL=INFO", *LOOPBACK, *extra]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def rs_cli(*args: str, timeout: float = 300, cwd: Path | None = None, input: str | None = None,
           env: dict | None = None) -> subprocess.CompletedProcess:
    """``rs-scraper ARGS`` in a subprocess."""
    return subprocess.run([sys.executable, "-m", "rs_scraper", *args], cwd=cwd or REPO, capture_output=True,
                          text=True, timeout=timeout, input=input, env={**os.environ, **(env or {})})


def read_manifests(data_dir: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((data_dir / "runs").glob("*.json"))]


@pytest.fixture
def mirror_factory():
    """Start mirror servers for a test and stop them afterwards: ``srv = mirror_factory(articles=..., ...)``."""
    from rs_scraper.mirror import MirrorServer, MirrorSite

    servers = []

    def start(**site_options):
        server = MirrorServer(MirrorSite(**site_options), host="127.0.0.1", port=0)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
