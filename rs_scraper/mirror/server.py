"""A real HTTP server for a MirrorSite, with a request log and per-path fault injection.

Faults are data (``Fault``) plus one matcher, applied in two places: transport actions before rendering (delay,
drop) and a response transform after (status, redirect, body override, charset lies, gzip and gzip bombs,
truncation, an endless streamed body). New failure modes add a field and a branch in ``Fault.apply``/``_send``,
or pass a ``transform`` callable for one-off cases.
"""

from __future__ import annotations

import gzip
import re
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rs_scraper.mirror.site import MirrorSite

Response = tuple[int, dict[str, str], bytes]
REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@lru_cache(maxsize=4)
def gzip_zeros(size: int, chunk: int = 1 << 20) -> bytes:
    """A valid gzip stream of ``size`` zero bytes, ~1000x smaller: a 1 GiB bomb is ~1 MB and takes ~0.3 s.
    After a full flush deflate's state is reset, so one compressed chunk repeated is the stream of the repeated
    chunk; only the CRC needs the whole input."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(chunk)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    count, rest = divmod(size, chunk)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    tail = compressor.compress(bytes(rest)) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(bytes(rest), crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + block * count + tail + struct.pack("<II", crc, size & 0xFFFFFFFF)


_META_CHARSET = re.compile(rb"<meta[^>]+charset[^>]*>", re.I)


def path_matches(pattern: str | Callable[[str], bool], path_and_query: str) -> bool:
    """``"/a*"`` prefix of path+query; ``"/a?x=1"`` exact path+query; ``"/a"`` exact path (with or without its
    trailing slash: one page, as the site serves it), any query."""
    if callable(pattern):
        return pattern(path_and_query)
    if pattern.endswith("*"):
        return path_and_query.startswith(pattern[:-1])
    if "?" in pattern:
        return path_and_query == pattern
    path = path_and_query.split("?", 1)[0]
    return path == pattern or (len(path) > 1 and len(pattern) > 1 and path.rstrip("/") == pattern.rstrip("/"))


@dataclass
class Fault:
    pattern: str | Callable[[str], bool]
    status: int | None = None
    times: int | None = None  # applies to this many matching requests, then the path answers normally
    retry_after: float | str | None = None  # seconds, or a string sent as is (an HTTP date)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering
    truncate: bool = False  # Content-Length larger than the body actually sent
    body: bytes | None = None
    content_type: str | None = None
    redirect: str | None = None
    # Charset lies: "" declares none (Content-Type without charset, <meta charset> removed); a name declares
    # that charset in Content-Type (and removes <meta charset>) whatever the bytes really are.
    charset: str | None = None
    gzip: bool = False  # send the body gzip-compressed, with Content-Encoding: gzip
    # A gzip bomb: the body becomes a gzip stream inflating to this many zero bytes. With gzip=True it is sent
    # as Content-Encoding (an HTTP-level bomb); without, as the bytes of a .gz file (a gzipped sitemap bomb).
    bomb: int = 0
    # A huge body of this many bytes, generated while sent, with no Content-Length (the connection's close
    # ends it): the client can only stop it by counting.
    stream: int = 0
    transform: Callable[[Response], Response] | None = None
    hits: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def take(self, path_and_query: str) -> bool:
        """True if this fault applies to this request (and count it)."""
        if not path_matches(self.pattern, path_and_query):
            return False
        with self._lock:
            if self.times is not None and self.hits >= self.times:
                return False
            self.hits += 1
            return True

    def short_circuit(self) -> Response | None:
        """A response that replaces rendering entirely, or None to render the page."""
        if self.redirect is not None:
            code = self.status if self.status in (301, 302, 303, 307, 308) else 302
            return code, {"Location": self.redirect, "Content-Type": "text/html; charset=utf-8"}, b"<p>Moved</p>"
        if self.body is not None:
            return self.status or 200, {"Content-Type": self.content_type or "text/html; charset=utf-8"}, self.body
        if self.status is not None:
            body = f"<html><body><h1>{self.status} {REASONS.get(self.status, 'Error')}</h1></body></html>".encode()
            return self.status, {"Content-Type": self.content_type or "text/html; charset=utf-8"}, body
        return None

    def apply(self, resp: Response) -> Response:
        status, headers, body = resp
        headers = dict(headers)
        if self.retry_after is not None:
            ra = self.retry_after
            headers["Retry-After"] = ra if isinstance(ra, str) else f"{ra:g}"
        if self.content_type and self.body is None:
            headers["Content-Type"] = self.content_type
        if self.charset is not None:
            body = _META_CHARSET.sub(b"", body)
            mime = headers.get("Content-Type", "text/html").split(";")[0].strip()
            headers["Content-Type"] = f"{mime}; charset={self.charset}" if self.charset else mime
        if self.bomb:
            body = gzip_zeros(self.bomb)
            if not self.gzip and not self.content_type:
                headers["Content-Type"] = "application/x-gzip"
        elif self.gzip:
            body = gzip.compress(body)
        if self.gzip:
            headers["Content-Encoding"] = "gzip"
        resp = (status, headers, body)
        return self.transform(resp) if self.transform else resp


@dataclass
class RequestRecord:
    path: str  # path and query, as requested
    method: str
    headers: dict[str, str]
    time: float
    status: int | None = None  # None when the connection was dropped

    def __getitem__(self, key: str) -> Any:  # dict-style access for callers that prefer it
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


class RequestLog:
    """Thread-safe, append-only list of RequestRecord; iteration works on a snapshot."""

    def __init__(self) -> None:
        self._items: list[RequestRecord] = []
        self._lock = threading.Lock()

    def append(self, r: RequestRecord) -> None:
        with self._lock:
            self._items.append(r)

    def snapshot(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def paths(self) -> list[str]:
        return [r.path for r in self.snapshot()]

    def __iter__(self) -> Iterator[RequestRecord]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __getitem__(self, i):  # noqa: ANN001
        return self.snapshot()[i]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive like a real CDN; every answer carries Content-Length
    timeout = 30  # an idle keep-alive connection frees its thread after this
    server_version = "RebelMouse"
    sys_version = ""
    mirror: MirrorServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet; the request log records all
        pass

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        m = self.mirror
        rec = RequestRecord(self.path, self.command, dict(self.headers.items()), time.time())
        m.requests.append(rec)
        fault = m._match(self.path)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.drop:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        resp = fault.short_circuit() if fault else None
        if resp is None:
            try:
                resp = m.site.render(self.path, m.base_url, dict(self.headers.items()))
            except Exception as exc:  # a bug in the mirror must show up as a 500, not a hung client
                resp = 500, {"Content-Type": "text/plain"}, f"mirror error: {exc!r}".encode()
        if fault:
            resp = fault.apply(resp)
        rec.status = resp[0]
        if fault and fault.stream:
            self._stream(resp, head, fault.stream)
            return
        self._send(resp, head, truncate=bool(fault and fault.truncate))

    def _stream(self, resp: Response, head: bool, size: int) -> None:
        """``size`` bytes of padding after the page's head, no Content-Length, then close; never in memory."""
        status, headers, body = resp
        self.close_connection = True
        self.send_response(status, REASONS.get(status))
        for k, v in headers.items():
            if k.lower() != "content-length":
                self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        if head:
            return
        chunk = b" " * 65536
        try:
            self.wfile.write(body[:1024])
            for sent in range(0, size, len(chunk)):
                self.wfile.write(chunk[: size - sent])
        except OSError:  # the client gave up (as it should): stop generating
            pass

    def _send(self, resp: Response, head: bool, truncate: bool) -> None:
        status, headers, body = resp
        self.send_response(status, REASONS.get(status))
        for k, v in headers.items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body) + (1000 if truncate else 0)))
        if truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body[: len(body) // 2] if truncate else body)


class BackgroundServer:
    """A ThreadingHTTPServer on ``host:port`` (0: any free port), served from a background thread
    (``with Server(...) as srv: ... srv.base_url``: tests, benchmarks) or from the calling thread
    (``serve_forever_blocking``: the CLI). The mirror and the WARC replay (rs_scraper.warc.replay) are both."""

    thread_name = "http-server"

    def __init__(self, handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1", port: int = 0) -> None:
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self.host, self.port = self._httpd.server_address[:2]
        self.base_url = f"http://{host}:{self.port}"
        self._thread: threading.Thread | None = None

    def start(self):
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, name=self.thread_name, daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_forever_blocking(self) -> None:
        """Serve in the calling thread until KeyboardInterrupt (the CLI)."""
        try:
            self._httpd.serve_forever()
        finally:
            self._httpd.server_close()


class MirrorServer(BackgroundServer):
    """``with MirrorServer(site) as srv: ... srv.base_url ...``: serves in a background thread."""

    thread_name = "mirror-server"

    def __init__(self, site: MirrorSite, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site = site
        self.requests = RequestLog()
        self._faults: list[Fault] = []
        self._builtin: list[Fault] = []
        self._lock = threading.Lock()
        super().__init__(type("MirrorHandler", (_Handler,), {"mirror": self}), host, port)
        if site.trap_500 is not None:
            # The 500-twice-then-200 trap lives in the server (render() is pure): every URL form of that article.
            target = site.trap_500

            def is_trap(path_and_query: str) -> bool:
                return site.article_for(path_and_query) is target

            self._builtin.append(Fault(is_trap, status=500, times=2))

    # ------------------------------------------------------------------ faults
    def set_fault(self, path: str, **spec: Any) -> Fault:
        f = Fault(path, **spec)
        with self._lock:
            self._faults.insert(0, f)  # the newest fault for a path wins
        return f

    def clear_faults(self) -> None:
        """Remove faults set with set_fault (the site's built-in traps stay)."""
        with self._lock:
            self._faults.clear()

    def _match(self, path_and_query: str) -> Fault | None:
        with self._lock:
            candidates = list(self._faults) + list(self._builtin)
        for f in candidates:
            if f.take(path_and_query):
                return f
        return None
