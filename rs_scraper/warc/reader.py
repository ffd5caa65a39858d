"""Reading captures back: a record at (file, offset, length), a revisit resolved to its original's payload, and
the Scrapy response the spider saw, rebuilt without a network.

The rebuilt response goes through the same steps as a downloaded one: the response class is chosen by
``scrapy.responsetypes`` from the headers and body (as Scrapy's HTTP handler does), the body is decoded by the
codings of HttpCompressionMiddleware (gzip, deflate, br, zstd), and the page is then parsed by
``parse_page``, the spider's own checks around ``rs_scraper.parsing.parse_article``. So a reparse sees exactly
the bytes and the encoding the crawl's parser saw.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from rs_scraper.warc.gzmembers import MemberScanner, ParsedRecord, RecordError, parse_record
from rs_scraper.warc.records import ORIG_PREFIX, parse_warc_date

# Bodies are inflated up to this size at most (a record is whole, but its Content-Encoding could be a bomb).
MAX_DECODED_BYTES = 64 * 1024 * 1024


class CaptureError(Exception):
    """A capture that cannot be read back (missing file, cut or corrupt record, revisit without original)."""


@dataclass
class Capture:
    target_uri: str
    url: str | None  # the dataset URL (index ``url``)
    date: datetime  # WARC-Date
    status: int
    headers: list[tuple[str, str]]  # as recorded (framing headers under their X-Archive-Orig- names)
    payload: bytes  # the body as received (still content-encoded)
    record_id: str
    record_type: str  # response | revisit
    revisit: str | None = None  # the revisit profile's short name


def read_member(fh: BinaryIO, offset: int, length: int) -> bytes:
    """The decompressed record of the gzip member at ``offset``; CaptureError unless exactly one whole member."""
    fh.seek(offset)
    data = fh.read(length)
    if len(data) != length:
        raise CaptureError(f"file ends before offset {offset} + {length}")
    members = list(scanner := MemberScanner(io.BytesIO(data)))
    if scanner.problem or len(members) != 1 or members[0].length != length:
        raise CaptureError(
            f"no whole record at offset {offset} (length {length}): {scanner.problem or f'{len(members)} gzip members'}"
        )
    return members[0].data


def read_record(path: Path, offset: int, length: int, check_digests: bool = True) -> ParsedRecord:
    try:
        with open(path, "rb") as fh:
            data = read_member(fh, offset, length)
    except FileNotFoundError:
        raise CaptureError(f"missing WARC file {path.name}") from None
    except OSError as exc:
        raise CaptureError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    try:
        return parse_record(data, check_digests=check_digests)
    except RecordError as exc:
        raise CaptureError(f"{path.name} offset {offset}: {exc}") from None


def _status(record: ParsedRecord) -> int:
    try:
        return int(record.http_headers.get_statuscode()) if record.http_headers else 0
    except (TypeError, ValueError):
        return 0


def capture_of(record: ParsedRecord, original: ParsedRecord | None = None) -> Capture:
    """A response or revisit record as a capture; a revisit needs ``original`` (the record it refers to) for its
    payload, except a server-not-modified one, which has none."""
    from rs_scraper.warc.records import DATASET_URL_FIELD, revisit_kind

    kind = record.rec_type
    if kind not in ("response", "revisit"):
        raise CaptureError(f"a {kind} record is not a capture")
    profile = revisit_kind(record.header("WARC-Profile")) if kind == "revisit" else None
    payload = record.payload
    if kind == "revisit":
        if original is None:
            raise CaptureError(f"revisit {record.header('WARC-Record-ID')} without its original record")
        payload = original.payload
    target = record.header("WARC-Target-URI") or ""
    return Capture(
        target_uri=target,
        url=record.header(DATASET_URL_FIELD) or target,
        date=parse_warc_date(record.header("WARC-Date")),
        status=_status(record),
        headers=list(record.http_headers.headers) if record.http_headers else [],
        payload=payload,
        record_id=record.header("WARC-Record-ID") or "",
        record_type=kind,
        revisit=profile,
    )


def live_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The recorded headers without the framing ones (stored under X-Archive-Orig- names): they described the
    bytes on the wire, not the de-chunked payload, and nothing downstream of the HTTP client reads them."""
    return [(name, value) for name, value in headers if not name.startswith(ORIG_PREFIX)]


def decode_body(body: bytes, content_encoding: list[bytes], max_size: int = MAX_DECODED_BYTES) -> bytes:
    """The body with its Content-Encoding undone, as HttpCompressionMiddleware does (same functions)."""
    from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware as Mw

    to_decode, _ = Mw._split_encodings(content_encoding)
    for encoding in to_decode:
        body = Mw._decode(body, encoding, max_size)
    return body


def to_response(capture: Capture):
    """The Scrapy response the spider got for this capture (after HttpCompressionMiddleware)."""
    from scrapy.http import Headers
    from scrapy.responsetypes import responsetypes

    headers = Headers()
    for name, value in live_headers(capture.headers):
        headers.appendlist(name, value)
    codings = headers.getlist("Content-Encoding")
    body = capture.payload
    if codings:
        body = decode_body(body, codings)
        from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware as Mw

        _, kept = Mw._split_encodings(codings)
        if kept:
            headers["Content-Encoding"] = kept
        else:
            del headers["Content-Encoding"]
    cls = responsetypes.from_args(headers=headers, url=capture.target_uri, body=body)
    return cls(url=capture.target_uri, status=capture.status, headers=headers, body=body)


def parse_page(response, url: str):
    """The spider's parse step on a response fetched from ``response.url`` whose dataset URL is ``url``: an
    Article, or NotArticle (empty / not HTML / the parser's)."""
    from scrapy.http import TextResponse

    from rs_scraper.parsing import NotArticle, parse_article
    from rs_scraper.urls import article_onto_site

    if not response.body.strip():
        raise NotArticle("empty")
    if not isinstance(response, TextResponse):
        raise NotArticle("not_html")
    article = parse_article(response.body, url, encoding=response.encoding)
    article_onto_site(article, response.url, url)  # as the spider does: the site's origin
    return article


def warc_files(warc_dir: Path) -> list[Path]:
    """The closed WARC files of an archive directory (``.open`` and hidden/temporary names excluded)."""
    if not Path(warc_dir).is_dir():
        return []
    return sorted(
        p
        for p in Path(warc_dir).iterdir()
        if p.name.endswith(".warc.gz") and not p.name.startswith(("_", ".")) and p.is_file()
    )


@dataclass(frozen=True)
class Location:
    warc_file: str
    offset: int
    length: int


def load_capture(
    warc_dir: Path, where: Location, original: Location | None = None, check_digests: bool = True
) -> Capture:
    """The capture at ``where`` (with its revisit's original at ``original``), read from ``warc_dir``."""
    record = read_record(Path(warc_dir) / where.warc_file, where.offset, where.length, check_digests)
    source = None
    if original is not None:
        source = read_record(Path(warc_dir) / original.warc_file, original.offset, original.length, check_digests)
    elif record.rec_type == "revisit" and "not-modified" in (record.header("WARC-Profile") or ""):
        raise CaptureError("a server-not-modified revisit has no payload of its own and its original is unknown")
    return capture_of(record, source)


class Archive:
    """The index of an archive directory in memory: captures by (url, date) and records by id."""

    def __init__(self, warc_dir: str | Path) -> None:
        from rs_scraper.warc.index import CAPTURE_TYPES, read_index

        self.dir = Path(warc_dir)
        table = read_index(self.dir)
        self.rows: list[dict] = table.to_pylist()
        self.by_id: dict[str, dict] = {}
        self.captures: dict[tuple[str, datetime], dict] = {}
        for row in self.rows:
            self.by_id[row["record_id"]] = row
            if row["record_type"] in CAPTURE_TYPES and row["url"]:
                self.captures[(row["url"], row["warc_date"])] = row

    def __len__(self) -> int:
        return len(self.rows)

    @staticmethod
    def location(row: dict) -> Location:
        return Location(row["warc_file"], row["offset"], row["length"])

    def capture_row(self, url: str, fetched_at: datetime | None) -> dict | None:
        return self.captures.get((url, fetched_at)) if fetched_at is not None else None

    def original_row(self, row: dict | None) -> dict | None:
        """The full capture a revisit's payload is in (following revisits of revisits), None if not indexed."""
        seen = set()
        while row is not None and row["record_type"] == "revisit" and row["refers_to"] not in seen:
            seen.add(row["refers_to"])
            row = self.by_id.get(row["refers_to"]) if row["refers_to"] else None
        return row

    def locate(self, row: dict) -> tuple[Location, Location | None]:
        """Where a capture row's record is, and where its payload is when it is a revisit."""
        if row["record_type"] != "revisit":
            return self.location(row), None
        original = self.original_row(row)
        if original is None:
            raise CaptureError(
                f"revisit {row['record_id']} of {row['url']}: its original "
                f"{row['refers_to'] or '(none named)'} is not in the index"
            )
        return self.location(row), self.location(original)

    def load(self, row: dict) -> Capture:
        where, original = self.locate(row)
        return load_capture(self.dir, where, original)
