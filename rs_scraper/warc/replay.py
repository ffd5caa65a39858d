"""Serve a WARC archive as a site, on loopback: ``rs-scraper mirror --from-warc DIR``.

Every URL is answered with its latest capture, as archived: robots.txt, sitemaps, feeds and pages, with the
recorded status and headers and the payload as received (a gzip body still gzip, its Content-Encoding kept).
A revisit is served with its own status and headers and its original's payload; a server-not-modified revisit
(a 304 the crawl got) with the capture it confirmed. ``Content-Length`` is set to the payload served, and the
framing headers the archive renamed (``X-Archive-Orig-*``) and hop-by-hop ones are left out. A conditional
request whose ``If-None-Match`` matches the recorded ETag (or whose ``If-Modified-Since`` is not older than the
recorded Last-Modified) gets a 304, as from the site. A URL not in the archive is a 404.

Lookup is by path and query, whatever host the archive was made from: the archive of a crawl of
``http://127.0.0.1:8765`` or of the live site serves the same paths on any port. Archives made by other tools
(wget, Browsertrix, warcprox) are read too: our index is used when it covers every file, else each file is
scanned once at start.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from rs_scraper.mirror.server import BackgroundServer
from rs_scraper.warc import index as warc_index
from rs_scraper.warc.gzmembers import MemberScanner, RecordError, parse_record
from rs_scraper.warc.reader import (
    Archive,
    CaptureError,
    Location,
    live_headers,
    load_capture,
    warc_files,
)
from rs_scraper.warc.records import request_target

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "content-length"})


@dataclass(frozen=True)
class Entry:
    date: datetime
    where: Location
    original: Location | None  # a revisit's payload


class ReplayIndex:
    """path?query -> the latest capture, from our index (when it covers every file) or a scan of the files."""

    def __init__(self, warc_dir: str | Path) -> None:
        self.dir = Path(warc_dir)
        files = warc_files(self.dir)
        if not files:
            raise FileNotFoundError(f"no .warc.gz file in {self.dir}")
        self.files = len(files)
        indexed = {p.name[: -len(".parquet")] for p in warc_index.part_files(self.dir)}
        rows = Archive(self.dir).rows if {f.name for f in files} <= indexed else self._scan(files)
        self.entries: dict[str, Entry] = {}
        by_id = {r["record_id"]: r for r in rows}
        for row in sorted(rows, key=lambda r: r["warc_date"]):
            if row["record_type"] not in warc_index.CAPTURE_TYPES or not row["target_uri"]:
                continue
            original = None
            if row["record_type"] == "revisit":
                source = by_id.get(row["refers_to"] or "")
                while source is not None and source["record_type"] == "revisit":
                    source = by_id.get(source["refers_to"] or "")
                if source is None:
                    continue  # a revisit whose original is not in this archive cannot be served
                if row["revisit"] == "server-not-modified":
                    row, original = source, None  # the page the 304 confirmed, as it was served
                else:
                    original = Archive.location(source)
            self.entries[request_target(row["target_uri"])] = Entry(row["warc_date"], Archive.location(row), original)

    @staticmethod
    def _scan(files: list[Path]) -> list[dict]:
        rows = []
        for path in files:
            with open(path, "rb") as fh:
                for member in MemberScanner(fh):
                    try:
                        record = parse_record(member.data, check_digests=False)
                    except RecordError:
                        break  # the whole part of a damaged file is served, the rest is not
                    if record.rec_type in warc_index.CAPTURE_TYPES:
                        rows.append(warc_index.row_of(path.name, member.offset, member.length, record, None))
        return rows

    def __len__(self) -> int:
        return len(self.entries)

    def answer(self, target: str, request_headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        entry = self.entries.get(target)
        if entry is None:
            return 404, [("Content-Type", "text/plain; charset=utf-8")], f"not in the archive: {target}\n".encode()
        capture = load_capture(self.dir, entry.where, entry.original, check_digests=False)
        headers = [(n, v) for n, v in live_headers(capture.headers) if n.lower() not in HOP_BY_HOP]
        if not_modified(headers, request_headers):
            return 304, headers, b""
        return capture.status, headers, capture.payload


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for n, v in headers if n.lower() == name), None)


def not_modified(headers: list[tuple[str, str]], request: dict[str, str]) -> bool:
    etag, inm = _header(headers, "etag"), request.get("if-none-match")
    if inm is not None:
        return etag is not None and etag in [t.strip() for t in inm.split(",")]
    last, ims = _header(headers, "last-modified"), request.get("if-modified-since")
    if last and ims:
        try:
            return parsedate_to_datetime(last) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30
    replay: ReplayServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet; requests are recorded
        pass

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        request_headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            status, headers, body = self.replay.index.answer(self.path, request_headers)
        except (CaptureError, OSError) as exc:  # a damaged record: say so, like a server would
            status, headers, body = 502, [("Content-Type", "text/plain")], f"archive error: {exc}\n".encode()
        self.replay.record(self.path, status)
        self.send_response_only(status)  # the recorded Date and Server, not ours
        for name, value in headers:
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)


class ReplayServer(BackgroundServer):
    """``with ReplayServer(warc_dir) as srv: ... srv.base_url ...``: serves in a background thread."""

    thread_name = "warc-replay"

    def __init__(self, warc_dir: str | Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.index = ReplayIndex(warc_dir)
        self.requests: list[tuple[str, int]] = []  # (path and query, status), for tests
        self._lock = threading.Lock()
        super().__init__(type("ReplayHandler", (_Handler,), {"replay": self}), host, port)

    def record(self, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((path, status))
