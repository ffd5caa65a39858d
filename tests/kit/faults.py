"""Helpers of the failure-mode suites (test_server_faults, test_robots_failures, test_kill9, test_security):
hostile XML payloads, a crawl subprocess that reports its own peak RSS (VmHWM, not ru_maxrss), and a loopback port
that records any connection. (Gzip bombs, charset lies and huge bodies are mirror fault modes:
rs_scraper.mirror.server.Fault.)
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
from pathlib import Path

from benchmarks.common import HWM_WRAPPER
from tests.kit.runs import REPO, scrapy_crawl_cmd

GIB = 1 << 30


def crawl(
    base_url: str, data_dir: Path, *extra: str, timeout: float = 180, env: dict | None = None
) -> tuple[subprocess.CompletedProcess, int]:
    """``scrapy crawl rs`` against ``base_url`` in a subprocess; returns (result, peak RSS in bytes)."""
    rss_file = data_dir.parent / f"{data_dir.name}.maxrss"
    python, *crawl_args = scrapy_crawl_cmd(base_url, data_dir, *extra)  # python -m scrapy crawl rs ...
    # run under the wrapper that records the crawl's own peak (VmHWM): its ru_maxrss would start from this test
    # worker's RSS
    cmd = [python, "-c", HWM_WRAPPER, str(rss_file), *crawl_args]
    result = subprocess.run(
        cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )
    peak = int(rss_file.read_text()) * 1024 if rss_file.exists() else -1
    return result, peak


def manifest_counts(data_dir: Path) -> dict[str, int]:
    runs = sorted((data_dir / "runs").glob("*.json"))
    assert runs, f"no run manifest in {data_dir}"
    return json.loads(runs[-1].read_text())["counts"]


def billion_laughs(root: str = "urlset", loc: str = "http://127.0.0.1/&lol9;") -> bytes:
    """The classic entity bomb: &lol9; expands to 10^9 "lol" (3 GB) if entities are ever expanded."""
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n  ' + "\n  ".join(entities) + "\n]>\n"
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{loc}</loc></url>'
        f"</{root}>\n"
    ).encode()


def external_entities(file_url: str, http_url: str, root: str = "urlset", base: str = "http://127.0.0.1") -> bytes:
    """XXE: a general entity from a local file, one from a URL, and an external parameter entity (a DTD)."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n'
        f'  <!ENTITY file SYSTEM "{file_url}">\n  <!ENTITY net SYSTEM "{http_url}">\n'
        f'  <!ENTITY % dtd SYSTEM "{http_url}-dtd"> %dtd;\n]>\n'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/xxe-&file;</loc></url><url><loc>{base}/xxe-&net;</loc></url></{root}>\n"
    ).encode()


class ConnectionProbe:
    """A loopback port that accepts and records connections: proof that nothing ever connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def __enter__(self) -> ConnectionProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def once_per_session(tmp_path_factory, name: str, produce):
    """``produce()`` once per test session, even under pytest-xdist, where a module-scoped fixture would run
    once per worker (a 20 s crawl twice). The first worker to get here produces and pickles the result in the
    session's shared temporary directory; the others wait on the lock and read it."""
    import fcntl
    import pickle

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return produce()
    shared = tmp_path_factory.getbasetemp().parent  # pytest-N/, common to the workers of this session
    result = shared / f"{name}.pickle"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if result.exists():
            return pickle.loads(result.read_bytes())
        value = produce()
        result.write_bytes(pickle.dumps(value))
        return value
