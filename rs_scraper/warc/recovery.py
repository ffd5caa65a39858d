"""Close what an interrupted run left in ``warc/``, so that no file stays silently cut and no record unindexed.

Run at the start of every crawl (by the extension), by ``rs-scraper reparse``/``prune-warc`` and by
``rs-scraper verify --repair``; always safe to run, even beside a live crawl:

1. a ``.open`` file whose ``flock`` nobody holds belongs to a dead writer: it is cut back to its last complete
   record (the bytes of a record the kill interrupted are dropped and reported: that record's response never
   reached the spider, since a record is written before the response is passed on), renamed, and indexed.
   A ``.open`` file a live crawl holds is left alone;
2. a closed file without its index part (a kill between the rename and the index write) is indexed;
3. a half-done prune (``<stem>~pN.warc.gz`` beside the file it was being made from) is undone: the copy and
   its index part are removed, the source stays (rs_scraper.warc.prune).
"""

from __future__ import annotations

import fcntl
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.storage import fsync_dir
from rs_scraper import fortress
from rs_scraper.locking import is_locked  # the same flock probe: a live writer holds its file
from rs_scraper.warc import index as warc_index
from rs_scraper.warc.gzmembers import MemberScanner, RecordError, parse_record
from rs_scraper.warc.writer import OPEN_SUFFIX, WARC_SUFFIX

PRUNED = re.compile(r"^(?P<source>.+?)(?:~p(?P<gen>\d+))?\.warc\.gz$")


@dataclass
class Recovered:
    name: str  # the file's final name
    action: str  # "closed" | "indexed" | "removed" | "busy"
    records: int = 0
    dropped_bytes: int = 0
    problem: str | None = None

    def __str__(self) -> str:
        if self.action == "closed":
            cut = (
                f"; dropped {self.dropped_bytes} bytes of an interrupted record ({self.problem})"
                if self.dropped_bytes
                else ""
            )
            return f"closed {self.name} left open by an interrupted run: {self.records} records kept{cut}"
        if self.action == "indexed":
            return f"indexed {self.name} ({self.records} records; its index was never written)"
        if self.action == "removed":
            return f"removed {self.name}: {self.problem}"
        return f"left {self.name} alone: {self.problem}"


def scan_file(path: Path, warc_name: str) -> tuple[list[dict], int, str | None]:
    """Index rows of every whole record of ``path``, the offset where the whole part ends, and why the file
    is not whole past it (None when it is)."""
    rows: list[dict] = []
    run_id = None
    with open(path, "rb") as fh:
        scanner = MemberScanner(fh)
        good_end = 0
        problem = None
        for member in scanner:
            try:
                record = parse_record(member.data)
            except RecordError as exc:
                problem = f"record at offset {member.offset}: {exc}"
                break
            if record.rec_type == "warcinfo" and run_id is None:
                run_id = warcinfo_fields(record.payload).get("isPartOf")
            rows.append(warc_index.row_of(warc_name, member.offset, member.length, record, run_id))
            good_end = member.offset + member.length
        else:
            problem = scanner.problem
    return rows, good_end, problem


def warcinfo_fields(block: bytes) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in block.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields.setdefault(name.strip(), value.strip())
    return fields


def close_open_file(path: Path) -> Recovered:
    warc_dir = path.parent
    name = path.name[: -len(OPEN_SUFFIX)]
    fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return Recovered(name, "busy", problem="a live crawl is writing it")
        rows, good_end, problem = scan_file(path, name)
        size = os.fstat(fd).st_size
        if not rows:
            os.unlink(path)  # not even its warcinfo record is whole: nothing was archived in it
            fsync_dir(warc_dir)
            return Recovered(
                path.name,
                "removed",
                dropped_bytes=size,
                problem=f"left by an interrupted run with no whole record ({size} bytes)",
            )
        if good_end < size:
            os.ftruncate(fd, good_end)
        os.fsync(fd)
        os.rename(path, warc_dir / name)
        fsync_dir(warc_dir)
    finally:
        os.close(fd)
    warc_index.write_part(warc_dir, name, rows)
    return Recovered(
        name, "closed", records=len(rows), dropped_bytes=size - good_end, problem=problem if good_end < size else None
    )


def index_file(path: Path) -> Recovered:
    rows, good_end, problem = scan_file(path, path.name)
    if problem is not None:
        # a closed file is never cut by us: this is damage; index what is whole and let verify report the rest
        warc_index.write_part(path.parent, path.name, rows)
        return Recovered(path.name, "indexed", records=len(rows), problem=problem)
    warc_index.write_part(path.parent, path.name, rows)
    return Recovered(path.name, "indexed", records=len(rows))


def source_of(name: str) -> str | None:
    """The file a pruned copy ``S~pN.warc.gz`` was made from (``S~p(N-1)`` or ``S``); None for an original."""
    m = PRUNED.match(name)
    if not m or not m.group("gen"):
        return None
    gen = int(m.group("gen"))
    return f"{m.group('source')}{'~p' + str(gen - 1) if gen > 1 else ''}{WARC_SUFFIX}"


def recover(warc_dir: str | Path) -> list[Recovered]:
    """Repair ``warc_dir`` (see the module doc); returns what was done, one entry per file touched."""
    warc_dir = Path(warc_dir)
    if not warc_dir.is_dir():
        return []
    os.close(fortress.open_dir(warc_dir.parent, warc_dir.name, create=False))  # UnsafePath if warc/ is a link
    done: list[Recovered] = []
    for path in sorted(warc_dir.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}")):
        if path.is_file() and not path.is_symlink():
            if is_locked(path):
                continue  # a live crawl: not ours to touch
            done.append(close_open_file(path))
    for path in sorted(warc_dir.glob(f"*{WARC_SUFFIX}")):
        source = source_of(path.name)
        if source and (warc_dir / source).exists():
            for leftover in (path, warc_index.part_path(warc_dir, path.name)):
                leftover.unlink(missing_ok=True)
            fsync_dir(warc_dir)
            done.append(Recovered(path.name, "removed", problem=f"an unfinished prune of {source} (kept)"))
            continue
        if path.is_file() and not path.is_symlink() and not warc_index.part_path(warc_dir, path.name).exists():
            done.append(index_file(path))
    return done
