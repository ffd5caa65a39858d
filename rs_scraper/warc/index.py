"""The archive's index: one Parquet row per WARC record, under ``DATA_DIR/warc/index/``.

One part per closed WARC file (``index/<warc file name>.parquet``), always whole: the writer streams it to
``DATA_DIR/.tmp/`` while the file is written and renames it in when the file is closed (``PartWriter``);
recovery writes it through pipelines.storage.write_table_atomic. The columns are Common
Crawl's index columns under the names fixed for this project, plus what a reader needs to resolve a record
without opening the file:

- ``warc_file``, ``offset``, ``length``: where the record is (file name inside ``warc/``; compressed bytes);
- ``url``: the URL a capture (response or revisit record) has in the dataset, i.e. the article rows' ``url``:
  the spider's canonical URL, which need not be the URL fetched (a crawl of a mirror, or a crawl base that is
  not the site's public URL). Null for request and warcinfo records, so that a join on url + fetched_at meets
  exactly one record (the request record shares its response's date; find it by ``target_uri`` + date);
- ``target_uri``: the URL as fetched (``WARC-Target-URI``);
- ``warc_date``: ``WARC-Date``, microseconds; for a response or revisit it equals the article row's
  ``fetched_at``, so rows join on ``url`` + ``fetched_at`` == ``warc_date``;
- ``status`` (HTTP), ``mime`` (Content-Type without parameters), ``payload_digest``, ``record_id``;
- ``record_type`` (warcinfo, request, response, revisit), ``revisit`` (identical-payload-digest |
  server-not-modified), ``refers_to`` (a revisit's original: its ``record_id``), ``run_id``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyarrow as pa

from pipelines.storage import StoredFiles, data_files, write_table_atomic
from rs_scraper.warc.gzmembers import ParsedRecord
from rs_scraper.warc.records import DATASET_URL_FIELD, parse_warc_date, revisit_kind

INDEX_DIRNAME = "index"
INDEX_SCHEMA: pa.Schema = pa.schema(
    [
        pa.field("warc_file", pa.string(), nullable=False),
        pa.field("offset", pa.int64(), nullable=False),
        pa.field("length", pa.int64(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("warc_date", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("status", pa.int16()),
        pa.field("payload_digest", pa.string()),
        pa.field("record_id", pa.string(), nullable=False),
        pa.field("record_type", pa.string(), nullable=False),
        pa.field("target_uri", pa.string()),
        pa.field("mime", pa.string()),
        pa.field("revisit", pa.string()),
        pa.field("refers_to", pa.string()),
        pa.field("run_id", pa.string()),
    ]
)
CAPTURE_TYPES = ("response", "revisit")


def index_dir(warc_dir: Path) -> Path:
    return Path(warc_dir) / INDEX_DIRNAME


def part_path(warc_dir: Path, warc_name: str) -> Path:
    return index_dir(warc_dir) / f"{warc_name}.parquet"


def rows_table(rows: Iterable[Mapping]) -> pa.Table:
    names = INDEX_SCHEMA.names
    return pa.Table.from_pylist([{n: row.get(n) for n in names} for row in rows], schema=INDEX_SCHEMA)


def write_part(warc_dir: Path, warc_name: str, rows: Iterable[Mapping] | pa.Table) -> Path:
    """Write a file's index part whole (through ``DATA_DIR/.tmp/``, no link below the data dir followed)."""
    table = rows if isinstance(rows, pa.Table) else rows_table(rows)
    return write_table_atomic(table, part_path(warc_dir, warc_name), base=Path(warc_dir).parent)


class PartWriter:
    """The index part of a WARC file being written, streamed: rows go to a Parquet file in ``DATA_DIR/.tmp/``
    ``chunk`` rows (a row group) at a time, and the part appears under ``index/`` only at ``commit`` (when the
    WARC file is closed), whole: a file's index rows are never all in memory (a 1 GB file holds ~300,000
    records). Nothing changes for recovery: until the commit there is no part, and a kill leaves only the
    temporary (swept at the next start) and a WARC file without a part, which recovery indexes from the file."""

    def __init__(self, warc_dir: Path, warc_name: str, chunk: int) -> None:
        import pyarrow.parquet as pq

        from rs_scraper import fortress

        base = Path(warc_dir).parent
        self.chunk = max(1, chunk)
        self.rows: list[Mapping] = []
        self.file = fortress.AtomicFile(base, fortress.relative_to_base(part_path(warc_dir, warc_name), base))
        try:
            self.writer = pq.ParquetWriter(self.file.handle, INDEX_SCHEMA, compression="zstd")
        except BaseException:
            self.file.discard()
            raise

    def add(self, row: Mapping) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.chunk:
            self._write_rows()

    def _write_rows(self) -> None:
        if self.rows:
            self.writer.write_table(rows_table(self.rows))
            self.rows = []

    def commit(self) -> Path:
        self._write_rows()
        self.writer.close()
        return self.file.commit()

    def discard(self) -> None:
        try:
            self.writer.close()
        except (OSError, pa.ArrowException, ValueError):
            pass  # the temporary goes anyway
        self.file.discard()


def part_files(warc_dir: Path) -> list[Path]:
    return data_files(index_dir(warc_dir))


def read_index(warc_dir: Path, columns: list[str] | None = None) -> pa.Table:
    """Every index row (an empty table of INDEX_SCHEMA when there is none), read with the declared schema (not
    through pyarrow.dataset, which imports pandas: a crawl reads the index at start, pipelines.storage)."""
    files = part_files(warc_dir)
    wanted = columns or INDEX_SCHEMA.names
    if not files:
        return INDEX_SCHEMA.empty_table().select(wanted)
    return StoredFiles(index_dir(warc_dir), INDEX_SCHEMA, files, hive=False).to_table(wanted)


def index_batches(warc_dir: Path, columns: list[str], batch_size: int = 4096) -> Iterator[pa.RecordBatch]:
    """The index rows of ``columns`` a batch at a time, in index order (what ``read_index`` holds whole). Small
    batches: what a batch's reduction allocates (below the mmap threshold, from the heap) stays small, and so do
    the holes it leaves (a 20,000-capture index peaked 9 MiB higher with batches of 65,536)."""
    files = part_files(warc_dir)
    if files:
        for _, batch in StoredFiles(index_dir(warc_dir), INDEX_SCHEMA, files, hive=False).batches(columns, batch_size):
            yield batch


def mime_of(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def row_of(warc_name: str, offset: int, length: int, record: ParsedRecord, run_id: str | None) -> dict:
    """The index row of a record read back from a file (recovery, rebuilds): the same values the writer gave."""
    http = record.http_headers
    status = None
    if http is not None and record.rec_type in CAPTURE_TYPES:
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
    target = record.header("WARC-Target-URI")
    return {
        "warc_file": warc_name,
        "offset": offset,
        "length": length,
        "url": (record.header(DATASET_URL_FIELD) or target) if record.rec_type in CAPTURE_TYPES else None,
        "warc_date": parse_warc_date(record.header("WARC-Date")),
        "status": status,
        "payload_digest": record.header("WARC-Payload-Digest"),
        "record_id": record.header("WARC-Record-ID"),
        "record_type": record.rec_type,
        "target_uri": target,
        "mime": mime_of(http.get_header("Content-Type")) if http is not None and status is not None else None,
        "revisit": revisit_kind(record.header("WARC-Profile")) if record.rec_type == "revisit" else None,
        "refers_to": record.header("WARC-Refers-To"),
        "run_id": run_id,
    }
