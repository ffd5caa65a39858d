"""WARC records from Scrapy requests and responses: what is kept, and how it is spelt.

Pure functions (no file, no clock): the writer passes the capture time in, so the record's ``WARC-Date`` and the
article row's ``fetched_at`` are the same microsecond value.

What a response record keeps (also said in every file's warcinfo record, ``KEPT``):
- the status line (protocol as Scrapy reports it, the standard reason phrase: Scrapy does not keep the server's);
- every header value, in the order Scrapy holds them (header names as Scrapy normalises them, Title-Case);
- the body as received: de-chunked by the HTTP client, never decoded (``Content-Encoding`` bodies stay
  compressed). Because the payload is no longer chunked, ``Transfer-Encoding`` is stored as
  ``X-Archive-Orig-Transfer-Encoding`` (the name pywb and other replay tools understand);
- ``WARC-IP-Address`` (the peer Scrapy connected to), and ``RS-Dataset-URL``: the URL this capture has in the
  dataset (``url`` of the article rows and of the index), when it differs from ``WARC-Target-URI``.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders

WARC_VERSION = "WARC/1.1"
PROFILE_IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# short names of the two revisit profiles, as the index stores them
REVISIT_KINDS = {
    PROFILE_IDENTICAL: "identical-payload-digest",
    PROFILE_NOT_MODIFIED: "server-not-modified",
    "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest": "identical-payload-digest",
    "http://netpreserve.org/warc/1.0/revisit/server-not-modified": "server-not-modified",
}
DATASET_URL_FIELD = "RS-Dataset-URL"
ORIG_PREFIX = "X-Archive-Orig-"
# Framing headers that no longer describe the stored payload (de-chunked): renamed, never dropped.
FRAMING_HEADERS = frozenset({"transfer-encoding"})

KEPT = (
    "Every HTTP response the crawler downloaded (robots.txt, sitemaps, feeds, pages; 3xx, 4xx and 5xx "
    "included) as a response record, followed by the request as sent (its request record). Payload: the body "
    "as received, "
    "de-chunked but not decoded (Content-Encoding kept: decode it to get the HTML the parser saw); "
    "Transfer-Encoding is stored as X-Archive-Orig-Transfer-Encoding. Header names as Scrapy normalises them "
    "(Title-Case), a value that is not ASCII percent-encoded (RFC 8187, as warcio writes header blocks); "
    "the reason "
    "phrase is the standard one for the status. An unchanged refetch (same payload "
    "digest as the last capture of the URL) is a revisit record (identical-payload-digest) without payload; "
    "a 304 is a server-not-modified revisit. Not kept: requests that got no response (DNS, refused, timeout), "
    "bodies abandoned at DOWNLOAD_MAXSIZE, and responses served from a cache instead of the network."
)


def warc_date(moment: datetime) -> str:
    """``2026-11-27T19:05:01.123456Z``: WARC 1.1 dates carry microseconds, so the value round-trips exactly."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_warc_date(text: str | None) -> datetime:
    """A ``WARC-Date`` (with or without a fraction, any precision) as a tz-aware UTC datetime. ValueError when the
    record has none (the header is mandatory)."""
    if text is None:
        raise ValueError("a WARC record without WARC-Date")
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1]
    main, _, fraction = text.partition(".")
    moment = datetime.strptime(main, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    if fraction:
        moment = moment.replace(microsecond=int((fraction + "000000")[:6]))
    return moment


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def payload_digest(body: bytes) -> str:
    """The WARC payload digest of ``body``, as warcio writes it: ``sha1:<base32>``."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def header_pairs(headers) -> list[tuple[str, str]]:
    """Every (name, value) of a Scrapy ``Headers``, each value of a repeated header its own pair (a list of
    pairs is taken as it is)."""
    if isinstance(headers, list):
        return [(_text(n), _text(v)) for n, v in headers]
    pairs = []
    for name, values in headers.items():
        for value in values if isinstance(values, (list, tuple)) else [values]:
            pairs.append((_text(name), _text(value)))
    return pairs


def stored_response_headers(headers) -> list[tuple[str, str]]:
    """The response headers as stored: framing headers renamed (the payload is de-chunked)."""
    return [
        (ORIG_PREFIX + name if name.lower() in FRAMING_HEADERS else name, value)
        for name, value in header_pairs(headers)
    ]


def response_http_headers(status: int, protocol: str | None, headers) -> StatusAndHeaders:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    statusline = f"{status} {reason}".strip()
    return StatusAndHeaders(statusline, stored_response_headers(headers), protocol=protocol or "HTTP/1.1")


def request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def request_http_headers(method: str, url: str, headers) -> StatusAndHeaders:
    """The request as sent. Scrapy's HTTP client adds ``Host`` itself, so it is written here from the URL."""
    pairs = header_pairs(headers)
    if not any(name.lower() == "host" for name, _ in pairs):
        pairs.insert(0, ("Host", urlsplit(url).netloc))
    return StatusAndHeaders(f"{method} {request_target(url)} HTTP/1.1", pairs, is_http_request=True)


def revisit_kind(profile: str | None) -> str | None:
    return REVISIT_KINDS.get(profile or "", profile or None)
