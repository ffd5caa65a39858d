"""``ArchiveWriter``: the WARC files of one crawl run, written as ``.open`` and renamed when closed.

- One file per run to begin with (``rs-<run_id>-00000.warc.gz``); a new one when the current file reaches
  RS_WARC_MAX_BYTES (checked after each exchange, so a request/response pair never straddles two files).
  Every file starts with its own warcinfo record.
- Every record is its own gzip member and is handed to the kernel (``flush``) before ``write_exchange``
  returns, i.e. before Scrapy passes the response on to the spider: a row parsed from a response can only exist
  once the response's record does, even if the crawl is killed with SIGKILL the next instant.
- While written, a file is named ``.open`` and holds an exclusive ``flock``: recovery (rs_scraper.warc.recovery)
  leaves a locked file alone and closes any other one.
- Closing: fsync, rename to the final name, fsync the directory, then the file's index part (streamed to
  ``DATA_DIR/.tmp/`` while the file was written, warc_index.PartWriter) is renamed in.
  A kill between the rename and the index leaves an unindexed file, which recovery indexes.
"""

from __future__ import annotations

import base64
import fcntl
import io
import os
import re
import struct
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import BaseWARCWriter
from zlib_ng import zlib_ng

from rs_scraper import fortress, memory
from rs_scraper.compact import Codec, KeyTable, PackedColumn
from rs_scraper.spill import Scratch
from rs_scraper.warc import index as warc_index
from rs_scraper.warc.records import (
    DATASET_URL_FIELD,
    PROFILE_IDENTICAL,
    PROFILE_NOT_MODIFIED,
    WARC_VERSION,
    new_record_id,
    parse_warc_date,
    payload_digest,
    request_http_headers,
    response_http_headers,
    warc_date,
)

OPEN_SUFFIX = ".open"
WARC_SUFFIX = ".warc.gz"
INDEX_ROWS_CHUNK = 2048  # index rows kept as dicts before they are written to the part (a row group)


@dataclass(frozen=True)
class Original:
    """The last full capture of a target URI: what a revisit refers to."""

    digest: str
    record_id: str
    date: str  # WARC-Date, as written


# The forms that round-trip by construction (Codec.canonical): 32 base32 letters are exactly 160 bits; str(UUID)
# is lowercase 8-4-4-4-12 hex; warc_date writes a four-digit year (from 1000) and six fraction digits.
_CANONICAL_SHA1 = re.compile("sha1:[A-Z2-7]{32}")
_HEX = "[0-9a-f]"
_CANONICAL_URN = re.compile(f"<urn:uuid:{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}>")
_CANONICAL_DATE = re.compile(r"[1-9]\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
# RFC 4648 base32 letters as the digits int(_, 32) reads: a canonical digest decodes in C (base64's is Python)
_BASE32_AS_DIGITS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789abcdefghijklmnopqrstuv")


def _pack_sha1(value: str) -> bytes | None:
    """``sha1:<base32>`` (records.payload_digest) as its 20 bytes."""
    if _CANONICAL_SHA1.fullmatch(value):
        return int(value[5:].translate(_BASE32_AS_DIGITS), 32).to_bytes(20, "big")
    if not value.startswith("sha1:") or len(value) != 37:
        return None
    try:
        return base64.b32decode(value[5:])
    except ValueError:
        return None


def _pack_urn(value: str) -> bytes | None:
    """``<urn:uuid:...>`` (records.new_record_id) as the UUID's 16 bytes."""
    if _CANONICAL_URN.fullmatch(value):
        return bytes.fromhex(value[10:-1].replace("-", ""))
    if not (value.startswith("<urn:uuid:") and value.endswith(">")):
        return None
    try:
        return uuid.UUID(value[10:-1]).bytes
    except ValueError:
        return None


def _pack_date(value: str) -> bytes | None:
    """A WARC-Date as written (records.warc_date) as microseconds since the epoch."""
    try:
        if _CANONICAL_DATE.fullmatch(value):  # records.warc_date's own form: the C parser, not strptime's
            moment = datetime.fromisoformat(value[:-1]).replace(tzinfo=UTC)
        else:
            moment = parse_warc_date(value)
    except ValueError:
        return None
    return struct.pack("<q", (moment - _EPOCH) // timedelta(microseconds=1))


def _unpack_date(packed: bytes) -> str:
    return warc_date(_EPOCH + timedelta(microseconds=struct.unpack("<q", packed)[0]))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PAYLOAD_DIGEST = Codec(20, _pack_sha1, lambda raw: "sha1:" + base64.b32encode(raw).decode("ascii"), _CANONICAL_SHA1)
RECORD_ID = Codec(16, _pack_urn, lambda raw: f"<urn:uuid:{uuid.UUID(bytes=raw)}>", _CANONICAL_URN)
WARC_DATE = Codec(8, _pack_date, _unpack_date, _CANONICAL_DATE)


class Originals:
    """target URI -> its last full capture, compact (rs_scraper.compact: exact keys; digest, record id and date
    packed to 20, 16 and 8 bytes, any other form kept as it is): on a 100,000-article archive it is loaded whole
    before the first request, ~120 bytes an entry instead of ~300 as a dict of Original. A run's captures only
    update the entries of targets already in it (``refresh``): see ArchiveWriter.write. With a ``scratch``
    (rs_scraper.spill) all but RS_SPILL_BYTES of each of its arrays live in a scratch file: ~25 bytes an entry
    of memory. Only the writer's thread uses it once the writer is built."""

    def __init__(self, entries: Mapping[str, Original] | None = None, scratch: Scratch | None = None) -> None:
        self.keys = KeyTable(scratch=scratch)
        self.digests = PackedColumn(PAYLOAD_DIGEST, scratch)
        self.record_ids = PackedColumn(RECORD_ID, scratch)
        self.dates = PackedColumn(WARC_DATE, scratch)
        for target, original in (entries or {}).items():
            self[target] = original

    def __len__(self) -> int:
        return len(self.keys)

    def __setitem__(self, target: str, original: Original) -> None:
        self._set(self.keys.add(target), original)

    def offer(self, target: str, original: Original) -> None:
        """``target``'s last capture is ``original`` unless the one kept is later (of two at the same instant, the
        one kept stays): one key lookup and one date read, not a whole ``get``. WARC dates in warc_date's fixed
        form sort as time does."""
        ident = self.keys.add(target)
        known = self.dates.get(ident)  # None: new here (a kept capture always has a date)
        if known is None or original.date > known:
            self._set(ident, original)

    def refresh(self, target: str, original: Original) -> bool:
        """``target``'s last capture is now ``original``, if ``target`` is here; False (nothing kept) if not."""
        ident = self.keys.find(target)
        if ident >= 0:
            self._set(ident, original)
        return ident >= 0

    def _set(self, ident: int, original: Original) -> None:
        self.digests.set(ident, original.digest)
        self.record_ids.set(ident, original.record_id)
        self.dates.set(ident, original.date)

    def get(self, target: str) -> Original | None:
        ident = self.keys.find(target)
        if ident < 0:
            return None
        return Original(self.digests.get(ident) or "", self.record_ids.get(ident) or "", self.dates.get(ident) or "")


def file_name(run_id: str, seq: int) -> str:
    return f"rs-{run_id}-{seq:05d}{WARC_SUFFIX}"


class _GzipMember:
    """A file-like sink that compresses what warcio writes into one gzip member; ``flush`` ends the member."""

    def __init__(self, out: BinaryIO, level: int) -> None:
        self.out = out
        # zlib-ng: the same deflate format and levels as zlib (any gzip reader, warcio's included, reads it), at
        # about half zlib's CPU for the same bytes (level 6 on Zyte's 181 real pages: 2.4 ms a page against 4.3,
        # 1.007x the bytes; on the mirror's heavy pages 5.6 ms against 12.5); like zlib it releases the GIL while
        # it compresses, so the reactor thread runs meanwhile (issue 14).
        self.compressor = zlib_ng.compressobj(level, zlib_ng.DEFLATED, zlib_ng.MAX_WBITS | 16)

    def write(self, data: bytes) -> None:
        self.out.write(self.compressor.compress(data))

    def flush(self) -> None:
        self.out.write(self.compressor.flush())
        self.out.flush()


class _RecordWriter(BaseWARCWriter):
    """warcio's record writer with our gzip level (warcio compresses at 9: slower, no smaller on HTML)."""

    def __init__(self, level: int) -> None:
        super().__init__(gzip=False, warc_version=WARC_VERSION)
        self.level = level

    def write_to(self, out: BinaryIO, record) -> None:
        self._write_warc_record(_GzipMember(out, self.level), record)


class ArchiveWriter:
    """Writes exchanges into ``warc_dir``; ``close()`` must be called (the extension does on spider_closed)."""

    def __init__(
        self,
        warc_dir: str | Path,
        run_id: str,
        info: Mapping[str, Any],
        *,
        max_bytes: int = 10**9,
        level: int = 6,
        revisits: bool = True,
        originals: Originals | Mapping[str, Original] | None = None,
    ) -> None:
        self.dir = Path(warc_dir)
        self.run_id = run_id
        self.info = dict(info)
        self.max_bytes = max(1, int(max_bytes))
        self.revisits = revisits
        self.records = _RecordWriter(level)
        # target URI -> its last full capture (from the index of earlier runs, then this run's writes)
        self.originals = originals if isinstance(originals, Originals) else Originals(originals)
        self.seq = 0
        self.out: BinaryIO | None = None
        self.name: str | None = None
        # The current file's index part, streamed to DATA_DIR/.tmp/ (warc_index.PartWriter): held to the file's
        # end, its rows were ~2 KB an article as dicts, ~500 bytes as Arrow.
        self.part: warc_index.PartWriter | None = None
        self.closed_files: list[str] = []
        self.counts: dict[str, int] = {}
        self.bytes_written = 0

    # ------------------------------------------------------------------------------------------------ files
    def _dir_fds(self) -> tuple[int, int]:
        """(warc/, .tmp/) of the data dir, walked without following a link (rs_scraper.fortress)."""
        base = self.dir.parent
        warc_fd = fortress.open_dir(base, self.dir.name)
        try:
            return warc_fd, fortress.open_dir(base, fortress.TMP_DIR)
        except BaseException:
            os.close(warc_fd)
            raise

    def _open_next(self) -> None:
        warc_fd, tmp_fd = self._dir_fds()
        try:
            names = set(os.listdir(warc_fd))
            while file_name(self.run_id, self.seq) in names or file_name(self.run_id, self.seq) + OPEN_SUFFIX in names:
                self.seq += 1  # a re-used run id (RS_RUN_ID) continues the numbering, never overwrites
            self.name = file_name(self.run_id, self.seq)
            # Created in DATA_DIR/.tmp/ and locked before it gets its .open name in warc/, so recovery never finds
            # an unlocked file of a live writer (a kill in between leaves a temporary, swept like any other).
            tmp = f"{uuid.uuid4().hex[:12]}-{self.name}{OPEN_SUFFIX}"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644, dir_fd=tmp_fd)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.rename(tmp, self.name + OPEN_SUFFIX, src_dir_fd=tmp_fd, dst_dir_fd=warc_fd)
        finally:
            os.close(warc_fd)
            os.close(tmp_fd)
        self.out = os.fdopen(fd, "wb", buffering=1 << 16)
        self.part = warc_index.PartWriter(self.dir, self.name, INDEX_ROWS_CHUNK)
        self._write(None, "warcinfo", self.records.create_warcinfo_record(self.name, self.info), None)

    def _close_current(self) -> None:
        if self.out is None or self.name is None:
            return
        out, name, part = self.out, self.name, self.part
        self.out, self.name, self.part = None, None, None
        out.flush()
        os.fsync(out.fileno())
        warc_fd = fortress.open_dir(self.dir.parent, self.dir.name)
        try:
            os.rename(name + OPEN_SUFFIX, name, src_dir_fd=warc_fd, dst_dir_fd=warc_fd)
            os.fsync(warc_fd)
        finally:
            os.close(warc_fd)
        out.close()  # releases the flock, after the rename: recovery never sees a closed .open file of ours
        if part is not None:
            part.commit()
        self.closed_files.append(name)

    def close(self) -> list[str]:
        """Close the current file; returns the names of every file this writer closed."""
        self._close_current()
        return self.closed_files

    def abandon(self) -> None:
        """After a failed write: stop without renaming, so the next run's recovery checks and closes the file."""
        if self.out is not None:
            try:
                self.out.close()
            except OSError:
                pass
        if self.part is not None:
            self.part.discard()  # recovery indexes the file from its records
        self.out, self.part = None, None

    # ---------------------------------------------------------------------------------------------- records
    def _write(
        self,
        url: str | None,
        kind: str,
        record,
        status: int | None,
        *,
        target: str | None = None,
        mime: str | None = None,
        revisit: str | None = None,
        refers_to: str | None = None,
    ) -> dict:
        assert self.out is not None and self.name is not None and self.part is not None
        offset = self.out.tell()
        self.records.write_to(self.out, record)
        end = self.out.tell()
        self.bytes_written += end - offset
        self.counts[kind] = self.counts.get(kind, 0) + 1
        headers = record.rec_headers
        row = {
            "warc_file": self.name,
            "offset": offset,
            "length": end - offset,
            "url": url,
            "warc_date": parse_warc_date(headers.get_header("WARC-Date")),
            "status": status,
            "payload_digest": headers.get_header("WARC-Payload-Digest"),
            "record_id": headers.get_header("WARC-Record-ID"),
            "record_type": kind,
            "target_uri": target,
            "mime": mime,
            "revisit": revisit,
            "refers_to": refers_to,
            "run_id": self.run_id,
        }
        self.part.add(row)
        return row

    def write_exchange(
        self,
        *,
        target_uri: str,
        dataset_url: str,
        captured: datetime,
        status: int,
        protocol: str | None,
        headers,
        body: bytes,
        ip_address: str | None,
        method: str,
        request_headers,
        truncated: bool = False,
    ) -> str:
        """Write the response (or revisit) record and its request record; returns the record type written."""
        if self.out is None:
            self._open_next()
        date = warc_date(captured)
        fields = {"WARC-Date": date, "WARC-Record-ID": new_record_id()}
        if ip_address:
            fields["WARC-IP-Address"] = ip_address
        if dataset_url != target_uri:
            fields[DATASET_URL_FIELD] = dataset_url
        http = response_http_headers(status, protocol, headers)
        mime = warc_index.mime_of(http.get_header("Content-Type"))
        digest = payload_digest(body)
        original = self.originals.get(target_uri)
        revisit = None
        if status == 304:
            revisit = "server-not-modified"
            record = self._revisit(target_uri, fields, http, PROFILE_NOT_MODIFIED, original, digest=None)
        elif self.revisits and body and original is not None and original.digest == digest:
            revisit = "identical-payload-digest"
            record = self._revisit(target_uri, fields, http, PROFILE_IDENTICAL, original, digest=digest)
        else:
            if truncated:
                fields["WARC-Truncated"] = "disconnect"
            fields["WARC-Payload-Digest"] = digest
            record = self.records.create_warc_record(
                target_uri,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                warc_headers_dict=fields,
                http_headers=http,
            )
        kind = "revisit" if revisit else "response"
        self._write(
            dataset_url,
            kind,
            record,
            status,
            target=target_uri,
            mime=mime,
            revisit=revisit,
            refers_to=original.record_id if revisit and original else None,
        )
        if kind == "response":
            # Only a target an earlier run captured is remembered: a run requests each URL once (the spider's
            # seen set), so this run's first captures are what the *next* run's revisits refer to, and it reads
            # them from the index. Remembering them here too cost ~120 bytes an article for the whole run
            # (12 MiB at 100,000, issue 14), for the rare target fetched twice in one run (a retry after an error,
            # a redirect back), whose second capture is then kept whole: a complete record, never a wrong one.
            self.originals.refresh(target_uri, Original(digest, fields["WARC-Record-ID"], date))
        self._write_request(target_uri, dataset_url, date, fields["WARC-Record-ID"], method, request_headers)
        if self.out is not None and self.out.tell() >= self.max_bytes:
            self._close_current()
        return kind

    def _revisit(
        self,
        target_uri: str,
        fields: dict,
        http: StatusAndHeaders,
        profile: str,
        original: Original | None,
        digest: str | None,
    ):
        fields = dict(fields, **{"WARC-Profile": profile})
        if original is not None:
            fields.update(
                {
                    "WARC-Refers-To": original.record_id,
                    "WARC-Refers-To-Target-URI": target_uri,
                    "WARC-Refers-To-Date": original.date,
                }
            )
        if digest:
            fields["WARC-Payload-Digest"] = digest
        # headers only: a revisit's block is the HTTP header block, its payload is the original's
        return self.records.create_warc_record(
            target_uri, "revisit", payload=None, warc_headers_dict=fields, http_headers=http
        )

    def _write_request(
        self, target_uri: str, dataset_url: str, date: str, concurrent: str, method: str, request_headers
    ) -> None:
        fields = {"WARC-Date": date, "WARC-Record-ID": new_record_id(), "WARC-Concurrent-To": concurrent}
        if dataset_url != target_uri:
            fields[DATASET_URL_FIELD] = dataset_url
        http = request_http_headers(method, target_uri, request_headers)
        record = self.records.create_warc_record(
            target_uri, "request", payload=io.BytesIO(b""), length=0, warc_headers_dict=fields, http_headers=http
        )
        self._write(None, "request", record, None, target=target_uri)  # url: captures only (clean joins)


def originals_from_index(warc_dir: Path, scratch: Scratch | None = None) -> Originals:
    """target URI -> its latest full (response) capture in the closed files, for revisit decisions (of two
    captures at the same instant, the first in index order). Read a batch of the index at a time, each reduced in
    Arrow to its latest capture of each URI, so that only those ever become Python values and the index is never
    whole in memory: a re-crawl of a 100,000-article archive reads every night's captures here (held whole, with
    the copies its ranking made, it cost ~1 KB a URI at the start of every night; issue 14)."""
    originals = Originals(scratch=scratch)
    columns = ["target_uri", "payload_digest", "record_id", "warc_date"]
    for batch in warc_index.index_batches(warc_dir, [*columns, "record_type"]):
        for target, digest, record_id, when in _latest_captures(batch, columns):
            originals.offer(target, Original(digest, record_id, warc_date(when)))  # the earlier batch's wins a tie
    memory.trim()  # the batches' small blocks are free now: hand their pages back before the crawl starts
    return originals


def _latest_captures(batch, columns: list[str]) -> Iterator[tuple]:
    """(target, digest, record id, date) of each URI's latest response capture in ``batch`` (ties: the first)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = pa.Table.from_batches([batch])
    wanted = pc.equal(table.column("record_type"), "response")
    for name in ("target_uri", "payload_digest"):  # a capture without either cannot be referred to
        wanted = pc.and_(wanted, pc.fill_null(pc.not_equal(table.column(name), ""), False))
    table = table.filter(wanted).select(columns)
    table = table.append_column("order", pa.array(range(table.num_rows), pa.int64()))
    ranked = table.sort_by([("warc_date", "descending"), ("order", "ascending")])
    targets = ranked.column("target_uri")
    # each URI's first row in rank order, with compute functions, not Table.group_by: that is Acero, whose
    # module imports pyarrow.dataset, hence pandas (issue 14)
    latest = ranked.take(pc.index_in(pc.unique(targets), value_set=targets)).select(columns)
    for part in latest.to_batches(max_chunksize=8192):
        yield from zip(*(part.column(n).to_pylist() for n in columns), strict=True)


class ThreadedWriter:
    """An ArchiveWriter fed from a queue by its own thread, so that compression and hashing (which release the
    GIL) run beside Scrapy's reactor instead of in it.

    ``submit`` takes a snapshot of an exchange (immutable values only: Scrapy's middlewares go on changing the
    response's headers once the signal has returned). ``barrier`` waits until every submitted record is written
    and flushed: ParquetPipeline calls it (rs_scraper.signals.rows_will_be_stored) before it stores rows, so a
    row never exists before its record, even across a SIGKILL. The queue is bounded: a writer that falls behind
    slows the crawl down instead of holding its bodies in memory. A write error is kept and raised by the next
    ``submit``, ``barrier`` or ``close``; records submitted after it are not written.
    """

    def __init__(self, writer: ArchiveWriter, queue_size: int = 64) -> None:
        import queue
        import threading

        self.writer = writer
        self.queue: queue.Queue = queue.Queue(maxsize=max(1, queue_size))
        self.error: BaseException | None = None
        self.busy_seconds = 0.0
        self.thread = threading.Thread(target=self._run, name="warc-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import time

        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                if self.error is None:
                    started = time.thread_time()  # this thread's CPU: what archiving costs, not its waits
                    self.writer.write_exchange(**item)
                    self.busy_seconds += time.thread_time() - started
            except BaseException as exc:  # kept for the reactor thread, which decides what it means
                self.error = exc
            finally:
                self.queue.task_done()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def submit(self, **exchange) -> None:
        self._raise()
        self.queue.put(exchange)

    def barrier(self) -> None:
        self.queue.join()
        self._raise()

    def close(self) -> list[str]:
        self.queue.put(None)
        self.thread.join()
        self._raise()
        return self.writer.close()

    def abandon(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join(timeout=30)
        self.writer.abandon()
