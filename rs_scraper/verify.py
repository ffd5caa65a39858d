"""Integrity checks of a data directory, usable as a library (``verify(path) -> Report``) and by
``rs-scraper verify``.

What a reader of the dataset relies on, checked file by file so that every problem names its file:
- ``articles/``: every Parquet file opens and every row group reads; its schema is exactly ARTICLE_SCHEMA as of
  the schema version the file carries (names, order, types, nullability: an older version lacks the columns
  added since, which readers fill with null; rs_scraper.schema); all files are of one version (pandas, DuckDB
  and Polars read a directory with the columns of its first file) and none needs a type change that only
  ``rs-scraper migrate`` applies; it sits in a ``year=YYYY`` partition that matches its rows; no URL is null or
  appears twice across the dataset;
- ``revisions/`` (when present): the same, against pipelines.revisions.REVISION_SCHEMA (else every file against
  the first one); a URL may repeat there (that is what revisions are), a (url, revision) pair may not;
- ``runs/*.json``: every run manifest parses, is an object, names its own run id and has a ``counts`` map;
- ``warc/``: every index row points at a whole record, every article row of an archived run has its record
  (rs_scraper.warc.check);
- anywhere: no leftover partial file (``.tmp/*`` or ``_tmp-*``, left by a write killed before its rename, while
  no crawl holds the lock) and no foreign file that would make ``pandas.read_parquet(dir)`` fail;
- the fortress (rs_scraper.fortress): no symlink, FIFO, device or socket anywhere below the data dir (a crawl
  never follows nor writes them, but pandas would), no directory in a dataset other than ``year=YYYY``, and
  ``CURRENT`` names an existing snapshot (pipelines.snapshots).
Reading is one row group at a time, so memory stays bounded by the largest row group, not by the dataset.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.storage import TMP_PREFIX
from rs_scraper import fortress
from rs_scraper.schema import (
    ARTICLE_SCHEMA,
    SCHEMA_VERSION,
    SchemaVersionError,
    file_version,
    needs_migration,
    schema_at,
)

MAX_DUPLICATES_LISTED = 20  # per dataset; the rest are summarised in one line


@dataclass(frozen=True)
class Problem:
    path: Path
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


@dataclass
class Report:
    root: Path
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    rows: int = 0
    partitions: set[str] = field(default_factory=set)  # "articles/year=2024", "revisions/year=2024" ...
    manifests: int = 0
    per_dataset: dict[str, list[int]] = field(default_factory=dict)  # "articles" -> [files, rows]
    versions: dict[str, set[int]] = field(default_factory=dict)  # "articles" -> schema versions of its files

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, path: Path, what: str) -> None:
        self.problems.append(Problem(path, what))

    def summary(self) -> str:
        parts = []
        for name, (files, rows) in self.per_dataset.items():
            if name == "warc":  # the archive: WARC files and their indexed records
                parts.append(f"warc: {files} files, {rows} records")
                continue
            partitions = sum(p.startswith(f"{name}/") for p in self.partitions)
            older = sorted(v for v in self.versions.get(name, ()) if v < SCHEMA_VERSION)
            note = (
                f" (schema v{older[0]}: the next crawl or rs-scraper migrate brings it to v{SCHEMA_VERSION})"
                if older
                else ""
            )
            parts.append(f"{name}: {files} files, {rows} rows, {partitions} partitions{note}")
        from rs_scraper.quarantine import quarantined

        held = quarantined(self.root)
        moved = (
            f"; {len(held)} file{'s' if len(held) > 1 else ''} in quarantine/ (unreadable, moved aside by a "
            f"crawl, which fetched their articles again; see quarantine/*.why.json)"
            if held
            else ""
        )
        return f"OK {self.root}: {'; '.join(parts) or 'no data'}; {self.manifests} run manifests{moved}"


def revision_schema() -> pa.Schema | None:
    """The revisions schema if a colleague's pipelines define one (looked up, not assumed)."""
    for module_name, attr in (
        ("rs_scraper.schema", "REVISION_SCHEMA"),
        ("pipelines.revisions", "REVISION_SCHEMA"),
        ("pipelines.storage", "REVISION_SCHEMA"),
        ("pipelines.parquet", "REVISION_SCHEMA"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        schema = getattr(module, attr, None)
        if isinstance(schema, pa.Schema):
            return schema
    return None


def verify(data_dir: str | Path) -> Report:
    """Check ``data_dir``; raises FileNotFoundError / NotADirectoryError when it is not a directory."""
    root = Path(data_dir)
    if not root.exists():
        raise FileNotFoundError(f"no such data directory: {root}")
    if not root.is_dir():
        raise NotADirectoryError(f"not a directory: {root}")
    report = Report(root)
    check_fortress(root, report)
    articles = root / "articles"
    if articles.is_symlink():
        pass  # reported by check_fortress; never read through
    elif not articles.is_dir():
        report.add(articles, "missing: no articles/ directory (nothing was ever written here)")
    else:
        check_dataset(articles, ARTICLE_SCHEMA, report, key=("url",))
    revisions = root / "revisions"
    if revisions.is_dir() and not revisions.is_symlink():
        check_dataset(revisions, revision_schema(), report, key=("url", "revision"))
    if not (root / "runs").is_symlink():
        check_manifests(root / "runs", report)
    from rs_scraper.warc.check import check_archive  # warc/: records, index, and every article row's record

    check_archive(root, report)
    return report


def check_fortress(root: Path, report: Report) -> None:
    """Links and special files anywhere below the data dir, leftovers of .tmp/, and the CURRENT pointer."""
    for path, what in fortress.odd_entries(root):
        report.add(path, f"{what}: a crawl never follows it, but readers would; remove it")
    from rs_scraper.locking import is_locked, lock_path

    tmp = root / fortress.TMP_DIR
    if tmp.is_dir() and not tmp.is_symlink() and not is_locked(lock_path(root)):
        for path in sorted(tmp.iterdir()):
            report.add(
                path, "leftover partial file (a write was interrupted before its rename; the next crawl removes it)"
            )
    try:
        from pipelines.snapshots import current

        snapshot = current(root)
    except (ValueError, OSError) as exc:
        report.add(root / "CURRENT", _one_line(exc))
        return
    if snapshot != root and not (snapshot / "articles").is_dir():
        report.add(root / "CURRENT", f"names snapshot {snapshot.name}, which does not exist")


def preflight(data_dir: str | Path) -> list[Problem]:
    """What would break a crawl or a reader before it starts, cheaply (file footers only, no row read):
    links and special files anywhere below the data dir (the crawl refuses them rather than write through or
    beside them), unreadable Parquet files, files of a newer schema version or needing ``rs-scraper migrate``,
    and schema mismatches, in articles/ and revisions/. An older version that only lacks newer columns is fine
    (the crawl adds them). For commands to call before the reactor starts and turn the first problem into a
    one-line error."""
    report = Report(Path(data_dir))
    if Path(data_dir).is_dir():
        for path, what in fortress.odd_entries(data_dir):
            report.add(path, f"{what}: refusing to crawl into a data dir with planted links or special files")
    if report.problems:
        return report.problems
    for name, schema in (("articles", ARTICLE_SCHEMA), ("revisions", revision_schema())):
        root = Path(data_dir) / name
        if not root.is_dir() or schema is None:
            continue
        for path in _walk(root):
            rel = path.relative_to(root).parts
            if path.suffix != ".parquet" or any(p.startswith("_") for p in rel):
                continue
            try:
                got = pq.read_schema(path)
            except (OSError, pa.ArrowException) as exc:
                report.add(path, f"unreadable Parquet file ({_one_line(exc)})")
                continue
            check_schema(path, got, schema, report)
    return report.problems


def check_schema(path: Path, got: pa.Schema, current: pa.Schema, report: Report) -> int | None:
    """Report what keeps ``got`` (a file's schema) from being ``current`` as of the file's own version; that
    version, or None when it cannot be read."""
    try:
        version = file_version(got)
    except SchemaVersionError as exc:
        report.add(path, f"schema: {exc}")
        return None
    for message in schema_differences(got, schema_at(current, version)):
        report.add(path, message)
    for change in needs_migration(version):
        report.add(
            path,
            f"schema v{version}: column {change.column} changes type from {change.old} in "
            f"v{change.version}; run rs-scraper migrate",
        )
    return version


# ------------------------------------------------------------------------------------------------ datasets
def _walk(root: Path) -> Iterator[Path]:
    """Every regular file under ``root``, sorted; hidden files (``.*``) are skipped, ``_tmp-`` ones are not.
    Links and special files are never opened (check_fortress reports them)."""
    for path in fortress.regular_files(root):
        if not any(p.startswith(".") for p in path.relative_to(root).parts):
            yield path


def check_directories(root: Path, report: Report) -> None:
    """A dataset holds ``year=YYYY`` directories of files, nothing deeper: anything else is foreign."""
    for entry in sorted(root.iterdir()):
        if entry.name.startswith((".", "_")) or entry.is_symlink() or not entry.is_dir():
            continue
        if not entry.name.startswith("year="):
            report.add(entry, "foreign directory in the dataset (expected year=YYYY partitions only)")
            continue
        for sub in sorted(entry.iterdir()):
            if sub.is_dir() and not sub.is_symlink() and not sub.name.startswith((".", "_")):
                report.add(sub, "foreign directory inside a partition (pandas would read it as a partition)")


def check_dataset(root: Path, schema: pa.Schema | None, report: Report, key: tuple[str, ...]) -> None:
    """Check every file under ``root``; ``key`` (e.g. url) must be unique across the whole dataset."""
    first_seen: dict[tuple, Path] = {}
    duplicates = 0
    check_directories(root, report)
    for path in _walk(root):
        rel_parts = path.relative_to(root).parts
        if path.name.startswith(TMP_PREFIX):
            report.add(path, "leftover partial file (a write was interrupted before its rename; delete it)")
            continue
        if any(p.startswith("_") for p in rel_parts):
            continue  # pyarrow and pandas skip _-names by design (e.g. _SUCCESS, _common_metadata)
        if path.suffix != ".parquet":
            report.add(path, "not a Parquet file: pandas.read_parquet() of the directory would fail on it")
            continue
        partition = rel_parts[0] if len(rel_parts) > 1 else None
        keys = check_file(path, schema, partition, report, key, report.versions.setdefault(root.name, set()))
        if schema is None:
            schema = _file_schema(path)  # no declared schema: every file must match the first readable one
        if keys is None:
            continue
        report.files += 1
        report.rows += len(keys)
        counts = report.per_dataset.setdefault(root.name, [0, 0])
        counts[0] += 1
        counts[1] += len(keys)
        if partition:
            report.partitions.add(f"{root.name}/{partition}")
        if any(k[0] is None for k in keys):
            report.add(path, f"{sum(k[0] is None for k in keys)} row(s) without a url")
        for k in keys:
            if k[0] is None:
                continue
            if k in first_seen:
                duplicates += 1
                if duplicates <= MAX_DUPLICATES_LISTED:
                    other = first_seen[k]
                    where = "twice in this file" if other == path else f"also in {other}"
                    shown = " ".join(f"{n} {v}" for n, v in zip(key, k, strict=True))
                    report.add(path, f"duplicate {shown} ({where})")
            else:
                first_seen[k] = path
    if duplicates > MAX_DUPLICATES_LISTED:
        report.add(root, f"{duplicates - MAX_DUPLICATES_LISTED} more duplicates of {'+'.join(key)} not listed")
    versions = sorted(report.versions.get(root.name, ()))
    if len(versions) > 1:
        report.add(
            root,
            f"files of schema versions {', '.join(map(str, versions))} mixed (an interrupted "
            f"upgrade): pandas, DuckDB and Polars read a directory with the columns of its first file "
            f"only; run rs-scraper migrate",
        )


def _file_schema(path: Path) -> pa.Schema | None:
    try:
        return pq.read_schema(path)
    except (OSError, pa.ArrowException):
        return None


def check_file(
    path: Path,
    schema: pa.Schema | None,
    partition: str | None,
    report: Report,
    key: tuple[str, ...] = ("url",),
    versions: set[int] | None = None,
) -> list[tuple] | None:
    """The file's ``key`` values, one tuple a row, after its problems are reported; None when unreadable.
    ``versions`` collects the schema version of the file."""
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        report.add(path, f"unreadable Parquet file ({_one_line(exc)})")
        return None
    got = parquet.schema_arrow
    if schema is not None:
        version = check_schema(path, got, schema, report)
        if version is not None and versions is not None:
            versions.add(version)
    years: set[int | None] = set()
    keys: list[tuple] = []
    try:
        for index in range(parquet.num_row_groups):  # one row group in memory at a time
            group = parquet.read_row_group(index)
            columns = [group.column(n).to_pylist() if n in group.column_names else [None] * group.num_rows for n in key]
            keys.extend(zip(*columns, strict=True))
            if "published_at" in group.column_names:
                years.update(t.year if t is not None else None for t in group.column("published_at").to_pylist())
    except (OSError, pa.ArrowException) as exc:
        report.add(path, f"corrupt data in row group {index} ({_one_line(exc)})")
        return None
    if partition is not None:
        check_partition(path, partition, years, report)
    return keys


def check_partition(path: Path, partition: str, years: set[int | None], report: Report) -> None:
    name, _, value = partition.partition("=")
    if name != "year" or not value.lstrip("-").isdigit():
        report.add(path, f"bad partition directory {partition!r} (expected year=YYYY)")
        return
    expected = int(value)
    wrong = sorted({y if y is not None else 0 for y in years} - {expected})
    if wrong:
        report.add(path, f"rows published in {', '.join(map(str, wrong))} stored under {partition}")


def schema_differences(got: pa.Schema, want: pa.Schema) -> list[str]:
    """What keeps ``got`` from being exactly ``want``, one message per difference (metadata ignored)."""
    if got.equals(want, check_metadata=False):
        return []
    out = []
    got_fields = {f.name: f for f in got}
    want_fields = {f.name: f for f in want}
    missing = [n for n in want.names if n not in got_fields]
    extra = [n for n in got.names if n not in want_fields]
    if missing:
        out.append(f"schema: missing columns {', '.join(missing)}")
    if extra:
        out.append(f"schema: unexpected columns {', '.join(extra)}")
    for name in want.names:
        if name in got_fields:
            g, w = got_fields[name], want_fields[name]
            if not g.type.equals(w.type):
                out.append(f"schema: column {name} is {g.type}, expected {w.type}")
            elif g.nullable != w.nullable:
                out.append(f"schema: column {name} nullable={g.nullable}, expected nullable={w.nullable}")
    if not out and got.names != want.names:
        out.append(f"schema: columns out of order ({', '.join(got.names)})")
    return out or ["schema differs from the expected one"]


# ----------------------------------------------------------------------------------------------- manifests
def check_manifests(runs: Path, report: Report) -> None:
    if not runs.is_dir():
        return
    for path in sorted(p for p in runs.iterdir() if p.is_file()):  # manifests are runs/<run_id>.json
        if path.name.startswith(TMP_PREFIX):
            report.add(path, "leftover partial file (a manifest write was interrupted; delete it)")
            continue
        if path.suffix != ".json" or path.name.startswith("_"):
            continue  # locks and other bookkeeping of the crawl commands
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            report.add(path, f"unreadable run manifest ({_one_line(exc)})")
            continue
        if not isinstance(data, dict):
            report.add(path, "run manifest is not a JSON object")
            continue
        if data.get("run_id") != path.stem:
            report.add(path, f"run manifest names run {data.get('run_id')!r}, its file name says {path.stem!r}")
        counts = data.get("counts")
        if not isinstance(counts, dict) or not all(isinstance(v, (int, float)) for v in counts.values()):
            report.add(path, "run manifest has no counts map of numbers")
        from rs_scraper.runinfo import type_problems

        for message in type_problems(data):
            if not message.startswith(("field counts ",)):
                report.add(path, f"run manifest: {message} (readers ignore it)")
        report.manifests += 1


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
