"""A ``.warc.gz`` as what it is on disk: a run of gzip members, one WARC record each.

warcio's ArchiveIterator is made for reading whole, good files; it reads a cut gzip member as a short record
without complaint. Recovery, verify and index rebuilds need the exact byte range of every *complete* member and
the first offset where the file stops being whole, so the members are split here with zlib, and each member's
record is then parsed (and its digests checked) by warcio.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from warcio.recordloader import ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders

READ_CHUNK = 1 << 20
# A record holds at most one body (DOWNLOAD_MAXSIZE, RS_SITEMAP_MAXSIZE: 50 MiB); anything far larger is not ours.
MAX_MEMBER_BYTES = 1 << 30


@dataclass(frozen=True)
class Member:
    offset: int  # of the member's first byte in the file
    length: int  # compressed bytes, as the index stores it
    data: bytes  # the decompressed WARC record


class MemberScanner:
    """``for member in MemberScanner(fh): ...``; afterwards ``good_end`` is the offset just past the last complete
    member and ``problem`` says why the scan stopped early (None: the file ended cleanly after a member)."""

    def __init__(self, fh: BinaryIO, start: int = 0) -> None:
        self.fh = fh
        self.start = start
        self.good_end = start
        self.problem: str | None = None

    def __iter__(self) -> Iterator[Member]:
        self.fh.seek(self.start)
        pos = self.start
        buf = b""
        taken = 0  # compressed bytes of the current member already consumed
        decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
        out: list[bytes] = []
        size = 0
        while True:
            if not buf:
                buf = self.fh.read(READ_CHUNK)
                if not buf:
                    break
            try:
                piece = decomp.decompress(buf)
            except zlib.error as exc:
                self.problem = f"corrupt gzip data in the member at offset {pos} ({exc})"
                return
            out.append(piece)
            size += len(piece)
            if size > MAX_MEMBER_BYTES:
                self.problem = f"member at offset {pos} inflates past {MAX_MEMBER_BYTES} bytes"
                return
            if decomp.eof:
                rest = decomp.unused_data
                length = taken + len(buf) - len(rest)
                yield Member(pos, length, b"".join(out))
                pos += length
                self.good_end = pos
                buf, taken, out, size = rest, 0, [], 0
                decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
            else:
                taken += len(buf)
                buf = b""
        if taken or out:
            self.problem = f"incomplete gzip member at offset {pos} ({taken} bytes, cut short)"


@dataclass
class ParsedRecord:
    rec_headers: StatusAndHeaders
    http_headers: StatusAndHeaders | None
    payload: bytes  # the block after the HTTP headers (the whole block for warcinfo)

    @property
    def rec_type(self) -> str:
        return self.rec_headers.get_header("WARC-Type") or ""

    def header(self, name: str) -> str | None:
        return self.rec_headers.get_header(name)


class RecordError(ValueError):
    """A member that is a complete gzip stream but not a whole, intact WARC record."""


def parse_record(data: bytes, check_digests: bool = True) -> ParsedRecord:
    """The WARC record in one decompressed member; RecordError when it is cut, mis-framed or fails a digest."""
    stream = io.BytesIO(data)
    try:
        record = ArcWarcRecordLoader().parse_record_stream(stream, check_digests=check_digests)
        payload = record.raw_stream.read()
    except Exception as exc:  # warcio raises a zoo of types (ArchiveLoadFailed, ValueError, StatusAndHeaders...)
        raise RecordError(f"not a WARC record ({type(exc).__name__}: {exc})") from None
    if record.format != "warc":
        raise RecordError(f"not a WARC record (format {record.format})")
    # The block is read up to Content-Length; a cut or mis-framed record does not end on exactly CRLF CRLF.
    if stream.read() != b"\r\n\r\n":
        raise RecordError("record cut short or mis-framed (its block does not end at Content-Length + CRLF CRLF)")
    if record.digest_checker and record.digest_checker.passed is False:
        raise RecordError("digest mismatch: " + "; ".join(map(str, record.digest_checker.problems)))
    return ParsedRecord(record.rec_headers, record.http_headers, payload)
