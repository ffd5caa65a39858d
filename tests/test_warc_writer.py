"""The WARC writer, recovery and reader on their own: real files, checked by warcio; no crawl, no network."""

from __future__ import annotations

import gzip
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from scrapy.http import Headers

from rs_scraper.warc import index as warc_index
from rs_scraper.warc.reader import Archive, CaptureError, read_record, to_response
from rs_scraper.warc.recovery import recover
from rs_scraper.warc.writer import ArchiveWriter, originals_from_index
from tests.kit.warc import warcio_check

T0 = datetime(2026, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)
PAGE = b"<html><head><title>A page</title></head><body><p>" + b"Words of the page. " * 200 + b"</p></body></html>"


def exchange(
    writer: ArchiveWriter,
    path: str = "/a",
    *,
    status: int = 200,
    body: bytes = PAGE,
    when: datetime = T0,
    headers: dict | None = None,
    base: str = "http://127.0.0.1:9",
    **extra,
) -> str:
    hdrs = Headers(headers or {"Content-Type": "text/html; charset=utf-8"})
    return writer.write_exchange(
        target_uri=base + path,
        dataset_url="https://site.example" + path,
        captured=when,
        status=status,
        protocol="HTTP/1.1",
        headers=hdrs,
        body=body,
        ip_address="127.0.0.1",
        method="GET",
        request_headers=Headers({"User-Agent": "rs_scraper/test", "Accept": "*/*"}),
        **extra,
    )


def new_writer(warc_dir: Path, run_id: str = "run1", **options) -> ArchiveWriter:
    originals = originals_from_index(warc_dir) if warc_dir.exists() else {}
    return ArchiveWriter(warc_dir, run_id, {"software": "test", "isPartOf": run_id}, originals=originals, **options)


def test_records_are_whole_checked_by_warcio_and_indexed(tmp_path):
    writer = new_writer(tmp_path)
    exchange(writer, "/a")
    exchange(writer, "/b", status=404, body=b"<h1>Not found</h1>", when=T0 + timedelta(seconds=1))
    names = writer.close()
    assert names == ["rs-run1-00000.warc.gz"]
    path = tmp_path / names[0]
    assert not list(tmp_path.glob("*.open"))
    out = warcio_check(path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("digest pass") == 5  # warcinfo + 2 x (response + request)
    table = pq.read_table(warc_index.part_path(tmp_path, names[0]))
    assert table.schema.equals(warc_index.INDEX_SCHEMA, check_metadata=False)
    rows = table.to_pylist()
    assert [r["record_type"] for r in rows] == ["warcinfo", "response", "request", "response", "request"]
    assert rows[1]["warc_date"] == T0 and rows[1]["url"] == "https://site.example/a"
    assert rows[1]["target_uri"] == "http://127.0.0.1:9/a" and rows[2]["url"] is None  # captures only
    assert rows[3]["status"] == 404 and rows[1]["mime"] == "text/html"
    assert sum(r["length"] for r in rows) == path.stat().st_size  # the rows cover the file exactly
    record = read_record(path, rows[1]["offset"], rows[1]["length"])
    assert record.payload == PAGE
    assert record.header("WARC-Date") == "2026-05-01T12:00:00.123456Z"  # microseconds, as fetched_at
    assert record.header("WARC-IP-Address") == "127.0.0.1"
    assert record.header("RS-Dataset-URL") == "https://site.example/a"
    request = read_record(path, rows[2]["offset"], rows[2]["length"])
    assert request.header("WARC-Concurrent-To") == rows[1]["record_id"]
    assert request.http_headers.get_header("Host") == "127.0.0.1:9"
    assert request.http_headers.get_header("User-Agent") == "rs_scraper/test"


def test_body_is_kept_as_received_and_chunked_framing_is_renamed(tmp_path):
    writer = new_writer(tmp_path)
    exchange(
        writer,
        "/gz",
        body=gzip.compress(PAGE),
        headers={
            "Content-Type": "text/html",
            "Content-Encoding": "gzip",
            "Transfer-Encoding": "chunked",
            "Set-Cookie": ["a=1", "b=2"],
        },
    )
    writer.close()
    archive = Archive(tmp_path)
    capture = archive.load(archive.capture_row("https://site.example/gz", T0))
    assert capture.payload[:2] == b"\x1f\x8b"  # still content-encoded
    names = [n for n, _ in capture.headers]
    assert "Transfer-Encoding" not in names and "X-Archive-Orig-Transfer-Encoding" in names
    assert [v for n, v in capture.headers if n == "Set-Cookie"] == ["a=1", "b=2"]  # every value
    response = to_response(capture)
    assert response.body == PAGE and b"Content-Encoding" not in response.headers
    assert warcio_check(*tmp_path.glob("*.warc.gz")).returncode == 0


def test_unchanged_refetch_is_a_revisit_and_a_304_a_server_not_modified_revisit(tmp_path):
    first = new_writer(tmp_path, "run1")
    exchange(first, "/a")
    first.close()
    second = new_writer(tmp_path, "run2")  # a later run: originals come from the index
    assert exchange(second, "/a", when=T0 + timedelta(days=1)) == "revisit"
    assert exchange(second, "/a", status=304, body=b"", when=T0 + timedelta(days=2)) == "revisit"
    assert exchange(second, "/a", body=PAGE + b"<!-- edited -->", when=T0 + timedelta(days=3)) == "response"
    second.close()
    archive = Archive(tmp_path)
    rows = {r["warc_date"]: r for r in archive.rows if r["record_type"] in ("response", "revisit")}
    original = rows[T0]
    same, not_modified, edited = (rows[T0 + timedelta(days=d)] for d in (1, 2, 3))
    assert same["revisit"] == "identical-payload-digest" and same["refers_to"] == original["record_id"]
    assert same["payload_digest"] == original["payload_digest"]
    assert not_modified["revisit"] == "server-not-modified" and not_modified["refers_to"] == original["record_id"]
    assert not_modified["status"] == 304 and edited["record_type"] == "response"
    assert archive.load(same).payload == PAGE  # resolved to the original's payload
    record = read_record(tmp_path / same["warc_file"], same["offset"], same["length"])
    assert record.header("WARC-Profile").endswith("/revisit/identical-payload-digest")
    assert record.header("WARC-Refers-To-Target-URI") == "http://127.0.0.1:9/a"
    assert record.header("WARC-Refers-To-Date") == "2026-05-01T12:00:00.123456Z"
    assert record.payload == b""  # headers only
    out = warcio_check(*sorted(tmp_path.glob("*.warc.gz")))
    assert out.returncode == 0, out.stdout


def test_files_rotate_at_max_bytes_and_each_starts_with_warcinfo(tmp_path):
    writer = new_writer(tmp_path, max_bytes=4000)
    for i in range(6):
        exchange(writer, f"/p{i}", body=os.urandom(1500), when=T0 + timedelta(seconds=i))
    names = writer.close()
    assert len(names) >= 3
    for name in names:
        rows = pq.read_table(warc_index.part_path(tmp_path, name)).to_pylist()
        assert rows[0]["record_type"] == "warcinfo"
        assert rows[-1]["record_type"] == "request"  # a pair never straddles two files
    assert warcio_check(*(tmp_path / n for n in names)).returncode == 0


def test_a_reused_run_id_never_overwrites_its_files(tmp_path):
    for _ in range(2):
        writer = new_writer(tmp_path, "same")
        exchange(writer, "/a", body=os.urandom(100))
        writer.close()
    assert sorted(p.name for p in tmp_path.glob("*.warc.gz")) == ["rs-same-00000.warc.gz", "rs-same-00001.warc.gz"]


def test_recovery_cuts_an_open_file_back_to_its_last_whole_record_and_indexes_it(tmp_path):
    writer = new_writer(tmp_path)
    for i in range(3):
        exchange(writer, f"/p{i}", when=T0 + timedelta(seconds=i))
    open_file = next(tmp_path.glob("*.open"))
    whole = open_file.stat().st_size
    cut = gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + os.urandom(4000))[:700]
    writer.out.write(cut)  # a record the kill interrupted: its gzip member is cut short

    writer.out.flush()
    assert recover(tmp_path) == []  # the writer still holds its flock: a live crawl is never touched
    writer.abandon()  # the process is gone: the lock goes with it
    done = recover(tmp_path)
    assert [d.action for d in done] == ["closed"] and done[0].dropped_bytes == 700
    assert "dropped 700 bytes" in str(done[0])
    closed = tmp_path / open_file.name[: -len(".open")]
    assert closed.stat().st_size == whole and not open_file.exists()
    assert warcio_check(closed).returncode == 0
    rows = warc_index.read_index(tmp_path).to_pylist()
    assert len(rows) == 7 and sum(r["length"] for r in rows) == whole
    assert recover(tmp_path) == []  # idempotent


def test_recovery_indexes_a_closed_file_whose_index_was_never_written(tmp_path):
    writer = new_writer(tmp_path)
    exchange(writer, "/a")
    name = writer.close()[0]
    expected = pq.read_table(warc_index.part_path(tmp_path, name)).to_pylist()
    warc_index.part_path(tmp_path, name).unlink()  # a kill between the rename and the index write
    done = recover(tmp_path)
    assert [d.action for d in done] == ["indexed"]
    assert pq.read_table(warc_index.part_path(tmp_path, name)).to_pylist() == expected  # same rows as written


def test_an_open_file_with_no_whole_record_is_removed(tmp_path):
    (tmp_path / "rs-x-00000.warc.gz.open").write_bytes(b"\x1f\x8b\x08\x00partial")
    done = recover(tmp_path)
    assert [d.action for d in done] == ["removed"] and not list(tmp_path.iterdir())


def test_a_damaged_record_is_refused_not_misread(tmp_path):
    writer = new_writer(tmp_path)
    exchange(writer, "/a")
    name = writer.close()[0]
    rows = warc_index.read_index(tmp_path).to_pylist()
    path = tmp_path / name
    data = bytearray(path.read_bytes())
    response = rows[1]
    data[response["offset"] + response["length"] // 2] ^= 0xFF  # one flipped byte inside the gzip member
    path.write_bytes(bytes(data))
    with pytest.raises(CaptureError):
        read_record(path, response["offset"], response["length"])


def test_the_writer_thread_writes_in_order_and_its_barrier_waits_and_reports_errors(tmp_path):
    from rs_scraper.warc.records import header_pairs
    from rs_scraper.warc.writer import ThreadedWriter

    threaded = ThreadedWriter(new_writer(tmp_path), queue_size=2)
    common = dict(
        status=200,
        protocol="HTTP/1.1",
        headers=header_pairs(Headers({"Content-Type": "text/html"})),
        ip_address=None,
        method="GET",
        request_headers=[("User-Agent", "t")],
    )
    for i in range(5):
        threaded.submit(
            target_uri=f"http://h/p{i}",
            dataset_url=f"http://h/p{i}",
            captured=T0 + timedelta(seconds=i),
            body=PAGE + bytes([i]),
            **common,
        )
    threaded.barrier()  # every record written and flushed to the kernel: readable from the .open file now
    open_file = next(tmp_path.glob("*.open"))
    from rs_scraper.warc.recovery import scan_file

    rows, end, problem = scan_file(open_file, open_file.name)
    assert problem is None and [r["target_uri"] for r in rows if r["record_type"] == "response"] == [
        f"http://h/p{i}" for i in range(5)
    ]
    threaded.submit(target_uri="http://h/bad", dataset_url="http://h/bad", captured=T0, body=None, **common)
    with pytest.raises(TypeError):
        threaded.barrier()  # the write error reaches the thread that stores rows
    with pytest.raises(TypeError):
        threaded.submit(target_uri="http://h/x", dataset_url="http://h/x", captured=T0, body=b"x", **common)
    threaded.abandon()
    assert [d.action for d in recover(tmp_path)] == ["closed"]  # what was written before the error is kept


def test_index_rows_streamed_in_row_groups_are_the_rows_kept_whole(tmp_path, monkeypatch):
    """A big file's index rows are streamed to its part INDEX_ROWS_CHUNK rows at a time (memory): the index part
    that appears at close is the same, row for row, whether the rows were streamed or held to the end; and
    until the close there is no part at all (recovery rebuilds a killed file's part from its records)."""
    from rs_scraper.warc import writer as writer_module

    parts = {}
    for chunk, where in ((1_000_000, "whole"), (3, "streamed")):
        monkeypatch.setattr(writer_module, "INDEX_ROWS_CHUNK", chunk)
        writer = new_writer(tmp_path / where)
        for i in range(7):
            exchange(writer, f"/p{i}", body=PAGE + str(i).encode(), when=T0 + timedelta(seconds=i))
        assert writer.part is not None and len(writer.part.rows) == (15 if where == "whole" else 15 % 3)
        assert not warc_index.part_files(tmp_path / where)
        names = writer.close()
        parts[where] = pq.read_table(warc_index.part_path(tmp_path / where, names[0])).to_pylist()
        assert sum(r["length"] for r in parts[where]) == (tmp_path / where / names[0]).stat().st_size
    assert len(parts["streamed"]) == 15  # warcinfo + 7 x (response + request)
    # record ids are random (so compressed lengths and offsets may differ by a byte), warcinfo is dated now
    varying = ("record_id", "offset", "length", "refers_to")

    def same(rows):
        return [
            {k: v for k, v in row.items() if k not in varying and not (k == "warc_date" and i == 0)}
            for i, row in enumerate(rows)
        ]

    assert same(parts["streamed"]) == same(parts["whole"])


def test_two_target_uris_whose_hashes_collide_keep_their_own_originals(tmp_path):
    """The last-capture map keeps exact keys (rs_scraper.compact): two pages with the same payload under URIs
    whose hashes collide are two responses, and each refetch by a later run is a revisit of its own original."""
    from rs_scraper.compact import KeyTable
    from rs_scraper.warc.writer import Originals

    first = new_writer(tmp_path)
    assert [exchange(first, p, when=T0 + timedelta(seconds=i)) for i, p in enumerate(("/a", "/b"))] == [
        "response",
        "response",
    ]
    first.close()
    loaded = originals_from_index(tmp_path)
    colliding = Originals()
    colliding.keys = KeyTable(hash=lambda key: 7)  # every target URI collides
    for target in loaded.keys:
        original = loaded.get(target)
        assert original is not None
        colliding[target] = original
    second = new_writer(tmp_path, "run2")
    second.originals = colliding
    assert exchange(second, "/b", when=T0 + timedelta(seconds=5)) == "revisit"
    assert exchange(second, "/a", when=T0 + timedelta(seconds=6)) == "revisit"
    second.close()
    rows = {r["warc_date"]: r for r in Archive(tmp_path).rows if r["record_type"] in ("response", "revisit")}
    a, b, b_again, a_again = (rows[T0 + timedelta(seconds=s)] for s in (0, 1, 5, 6))
    assert (b_again["refers_to"], a_again["refers_to"]) == (b["record_id"], a["record_id"])
    assert a["record_id"] != b["record_id"]


def test_a_run_remembers_only_the_originals_of_earlier_runs(tmp_path):
    """A run's first capture of a URL is not kept in memory (the next run reads it from the index): the map does
    not grow with a backfill. A target of an earlier run is refreshed by this run's new capture of it, so a
    third identical fetch refers to the newest original."""
    first = new_writer(tmp_path)
    exchange(first, "/a")
    assert len(first.originals) == 0
    first.close()
    second = new_writer(tmp_path, "run2")
    assert exchange(second, "/a", body=PAGE + b"<!-- edited -->", when=T0 + timedelta(days=1)) == "response"
    assert exchange(second, "/new", when=T0 + timedelta(days=1, seconds=1)) == "response"
    assert exchange(second, "/a", body=PAGE + b"<!-- edited -->", when=T0 + timedelta(days=2)) == "revisit"
    assert len(second.originals) == 1  # /a only
    second.close()
    rows = {r["warc_date"]: r for r in Archive(tmp_path).rows if r["record_type"] in ("response", "revisit")}
    assert rows[T0 + timedelta(days=2)]["refers_to"] == rows[T0 + timedelta(days=1)]["record_id"]


def test_originals_from_the_index_are_each_uris_latest_full_capture(tmp_path):
    first = new_writer(tmp_path, "run1")
    exchange(first, "/a")
    exchange(first, "/b", body=PAGE + b"b", when=T0 + timedelta(seconds=1))
    exchange(first, "/a", body=PAGE + b"edited", when=T0 + timedelta(seconds=2))
    exchange(first, "/a", status=304, body=b"", when=T0 + timedelta(seconds=3))  # a revisit: never an original
    first.close()
    rows = [r for r in Archive(tmp_path).rows if r["record_type"] == "response"]
    by_date = {r["warc_date"]: r for r in rows}
    originals = originals_from_index(tmp_path)
    assert len(originals) == 2
    for path, when in (("/a", T0 + timedelta(seconds=2)), ("/b", T0 + timedelta(seconds=1))):
        original = originals.get("http://127.0.0.1:9" + path)
        assert original is not None
        assert (original.digest, original.record_id) == (
            by_date[when]["payload_digest"],
            by_date[when]["record_id"],
        )
        assert original.date == when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert originals.get("http://127.0.0.1:9/c") is None


def test_originals_give_back_every_value_exactly_whatever_its_form():
    """Digests, record ids and dates are packed to bytes only when they unpack to the same string (another
    tool's archive may write other forms): what is set is what is read."""
    from rs_scraper.warc.writer import Original, Originals

    ours = Original(
        "sha1:" + "A" * 32, "<urn:uuid:12345678-1234-5678-1234-567812345678>", "2026-05-01T12:00:00.123456Z"
    )
    other = Original("sha256:abc", "<urn:x-other:1>", "2026-05-01T12:00:00Z")
    odd = Original("sha1:" + "a" * 32, "<urn:uuid:12345678123456781234567812345678>", "2026-05-01T12:00:00.1Z")
    originals = Originals({"http://h/ours": ours, "http://h/other": other, "http://h/odd": odd})
    assert [originals.get(f"http://h/{k}") for k in ("ours", "other", "odd")] == [ours, other, odd]
    assert originals.digests._as_is == {1: other.digest, 2: odd.digest}  # only our own forms are packed
    assert originals.get("http://h/none") is None and len(originals) == 3
