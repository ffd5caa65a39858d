"""``rs-scraper extract --warc FILE [--url URL]``: parse the captures of one WARC file (ours or any tool's).

Every HTML response or revisit record of FILE that is an article gives one row, as the dataset would store it: the
parser's row after ``pipelines.cleanup``, ``url`` the capture's dataset URL (``RS-Dataset-URL``, else its
canonical target URI) and ``fetched_at`` its ``WARC-Date``. With ``--url``, only the latest capture of that URL
(matched on the dataset URL or the target URI, both canonicalised). A revisit's payload is looked up in FILE,
then in the index of the archive FILE sits in (``warc/index/``), if any.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from scrapy.http import HtmlResponse

from rs_scraper.cli import CommandError, UsageError
from rs_scraper.urls import canonicalize
from rs_scraper.warc.gzmembers import MemberScanner, ParsedRecord, RecordError, parse_record
from rs_scraper.warc.reader import Archive, CaptureError, _status, capture_of, parse_page, to_response


def file_records(path: Path) -> list[ParsedRecord]:
    """The whole records of ``path``; a damaged or cut file is an error (named), not a short list."""
    records = []
    with open(path, "rb") as fh:
        scanner = MemberScanner(fh)
        for member in scanner:
            try:
                records.append(parse_record(member.data))
            except RecordError as exc:
                raise CommandError(f"{path}: record at offset {member.offset}: {exc}") from None
    if scanner.problem:
        raise CommandError(f"{path}: {scanner.problem}")
    return records


def extract_warc(path_arg: str, url: str | None, emit: Callable[[dict], None]) -> int:
    from pipelines.cleanup import clean_item
    from rs_scraper.parsing import NotArticle

    path = Path(path_arg)
    if not path.is_file():
        raise UsageError(f"no such file: {path_arg}")
    try:
        records = file_records(path)
    except OSError as exc:
        raise UsageError(f"cannot read {path_arg}: {exc.strerror or exc}") from None
    by_id = {r.header("WARC-Record-ID"): r for r in records}
    archive = Archive(path.parent) if (path.parent / "index").is_dir() else None
    captures = [r for r in records if r.rec_type in ("response", "revisit")]
    if url:
        wanted = canonicalize(url)
        captures = [
            r
            for r in captures
            if wanted
            in (canonicalize(r.header("RS-Dataset-URL") or ""), canonicalize(r.header("WARC-Target-URI") or ""))
        ]
        if not captures:
            raise CommandError(f"no capture of {url} in {path}")
        pages = [r for r in captures if 200 <= _status(r) < 300]  # the latest page, not a later 304 or 404
        captures = (pages or captures)[-1:]
    rows = 0
    for record in captures:
        try:
            capture = capture_of(record, original_of(record, by_id, archive))
        except CaptureError as exc:
            print(f"rs-scraper extract: {capture_label(record)}: {exc}", file=sys.stderr)
            continue
        if not 200 <= capture.status < 300:
            if url:
                print(f"rs-scraper extract: {capture_label(record)}: HTTP {capture.status}", file=sys.stderr)
            continue
        dataset_url = record.header("RS-Dataset-URL") or canonicalize(capture.target_uri)
        response = to_response(capture)
        if not url and not isinstance(response, HtmlResponse):
            continue  # robots.txt, sitemaps, feeds, images: the crawl never parses them as pages either
        try:
            article = parse_page(response, dataset_url)
        except NotArticle as exc:
            if url:
                print(f"rs-scraper extract: {capture_label(record)}: not an article ({exc.reason})", file=sys.stderr)
            continue
        row = article.to_dict()
        row.update(url=dataset_url, fetched_at=capture.date)
        emit(clean_item(row))
        rows += 1
    sys.stdout.flush()
    return 0 if rows else 1


def capture_label(record: ParsedRecord) -> str:
    return f"{record.header('WARC-Target-URI')} at {record.header('WARC-Date')}"


def original_of(record: ParsedRecord, by_id: dict, archive: Archive | None) -> ParsedRecord | None:
    if record.rec_type != "revisit":
        return None
    ref = record.header("WARC-Refers-To")
    if ref in by_id:
        return by_id[ref]
    if archive is not None and ref in archive.by_id:
        from rs_scraper.warc.reader import read_record

        row = archive.original_row(archive.by_id[ref])
        if row is not None:
            return read_record(archive.dir / row["warc_file"], row["offset"], row["length"])
    return None
