"""Getting a data directory ready for a crawl, under its lock (rs_scraper.session calls ``prepare``).

Each step repairs what an earlier run, an older version or a broken disk left, so that the crawl starts from a
consistent dataset, and says what it did in one line (``Note``: the caller prints warnings always and the rest
unless ``--quiet``; the run manifest records them under ``prepared``):

1. partial files (``_tmp-*``) of a writer that died are removed: we hold the lock, so no writer is running;
2. a Parquet file that cannot be read whole (a bad footer, or corrupt data behind a valid one) is moved to
   ``DATA_DIR/quarantine/<UTC time>/`` with its path kept, never deleted, with a warning. The crawl goes on
   without it: since ``articles/`` then holds fewer URLs than after the last clean run, it reads every sitemap
   and fetches again the articles that file held (rs_scraper.incremental). ``verify`` lists the quarantine;
3. files that are readable but not of our schema are refused (``DataDirError``: one line, exit 2);
4. URLs stored on a crawl base instead of the site (rows written before ``RS_SITE_URL``: a mirror on
   ``http://127.0.0.1:8765``) are rewritten to the site's origin, file by file, atomically. Rows of two ports
   then meet as duplicates, which the storage pipeline's repair reduces to the newest; the revision chains of
   one article under two origins are merged in fetch order; the WARC index's ``url`` follows (the WARC files
   themselves are never rewritten: their Target-URI is what was fetched). URLs on any other origin are refused:
   that dataset is of another site, or of this one under another RS_SITE_URL.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from rs_scraper.incremental import same_version
from rs_scraper.quarantine import DATASETS, quarantine_unreadable

WARC_INDEX = "warc/index"  # its url column is the rows' url: rows join WARC records on url + fetched_at


class DataDirError(Exception):
    """The data dir cannot be used as it is: one line, exit 2."""


@dataclass(frozen=True)
class Note:
    level: str  # "warning" (printed even with --quiet: something was damaged) or "info"
    text: str

    def __str__(self) -> str:
        return f"{self.level}: {self.text}" if self.level == "warning" else self.text


def prepare(data_dir: Path, settings) -> list[Note]:
    from pipelines.storage import sweep_partial_files

    notes = []
    swept = sweep_partial_files(data_dir)
    if swept:
        notes.append(Note("info", f"removed {len(swept)} partial file(s) left by an interrupted run"))
    moved = quarantine_unreadable(data_dir)
    for original, target, why in moved:
        notes.append(
            Note("warning", f"{original} cannot be read ({why}): moved to {target}; its articles are fetched again")
        )
    check_readable(data_dir)
    site = (settings.get("RS_SITE_URL") or settings.get("RS_BASE_URL")).rstrip("/")
    rewritten = repair_identity(data_dir, site, settings.get("RS_BASE_URL"))
    if rewritten:
        notes.append(
            Note(
                "info",
                f"rewrote {rewritten} stored URL(s) onto the site's origin {site} (rows stored "
                f"under a crawl base before RS_SITE_URL)",
            )
        )
    return notes


def check_readable(data_dir: Path) -> None:
    """Files of another schema would raise inside Scrapy (a traceback, mid-start): refuse first. Footers only.
    Files of an older schema version are fine (the crawl adds the new columns); a type change waits for
    ``rs-scraper migrate``."""
    from rs_scraper.verify import preflight

    problems = [str(p) for p in preflight(data_dir)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DataDirError(f"data dir {data_dir} cannot be used: {problems[0]}{more}; see rs-scraper verify")


# -------------------------------------------------------------------------------------------------- identity
def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _is_crawl_base(origin: str, base_url: str | None) -> bool:
    """A loopback mirror (127.0.0.0/8, ::1, localhost), or the base this crawl fetches from."""
    host = urlsplit(origin).hostname or ""
    if base_url and origin == _origin(base_url.rstrip("/")):
        return True
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _foreign_origins(parquet, site: str) -> set[str]:
    """The origins other than ``site`` of the URLs in a Parquet file, read a row group at a time: a WARC index
    is one file of every capture (200,000 rows after a 100,000-article crawl), whose url column read whole was
    the peak of an unchanged night's start (issue 14)."""
    import pyarrow.compute as pc

    origins: set[str] = set()
    for group in range(parquet.num_row_groups):
        urls = pc.drop_null(parquet.read_row_group(group, columns=["url"]).column("url"))
        if pc.all(pc.starts_with(urls, site + "/")).as_py() is not False:
            continue  # the usual case, decided without a Python loop
        origins |= {_origin(u) for u in pc.unique(urls).to_pylist() if u} - {site}
    return origins


def repair_identity(data_dir: Path, site_url: str, base_url: str | None) -> int:
    """Rewrite the URLs stored on a crawl base onto ``site_url``; returns how many rows were rewritten.
    DataDirError when a URL is on an origin that is neither the site nor a crawl base."""
    import pyarrow.parquet as pq

    from pipelines.storage import data_files

    site = _origin(site_url)
    foreign: dict[Path, set[str]] = {}  # file -> the origins of its URLs that are not the site's
    for dataset in (*DATASETS, WARC_INDEX):
        for path in data_files(data_dir / dataset):
            origins = _foreign_origins(pq.ParquetFile(path), site)
            if origins:
                foreign[path] = origins
    if not foreign:
        return 0
    strangers = sorted({o for origins in foreign.values() for o in origins if not _is_crawl_base(o, base_url)})
    if strangers:
        raise DataDirError(
            f"data dir {data_dir} holds articles of {strangers[0]}, not of the site {site_url}: "
            f"crawl that site with -s RS_SITE_URL={strangers[0]}, or use another data dir"
        )
    rewritten = merge_revision_chains(
        data_dir, [p for p in foreign if p.is_relative_to(data_dir / "revisions")], site_url
    )
    for path in (p for p in foreign if not p.is_relative_to(data_dir / "revisions")):
        rewritten += rewrite_origins(path, data_dir, site_url)
    return rewritten


def on_site(url: str | None, site_url: str) -> str | None:
    """``url`` moved onto the site's origin (the canonical identity rs_scraper.urls.to_site gives a crawl)."""
    from rs_scraper.urls import canonicalize, with_origin

    return with_origin(canonicalize(url, url), site_url) if url else url


def rewrite_origins(path: Path, data_dir: Path, site_url: str) -> int:
    """Rewrite one file (an articles/ file, a WARC index part) with its ``url`` values, and the lead
    ``image_url`` values on the same origin, moved onto the site; its own schema kept; atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipelines.storage import write_table_atomic
    from rs_scraper import fortress

    with fortress.open_regular(path) as handle:
        table = pq.ParquetFile(handle).read()
    urls = table.column("url").to_pylist()
    moved = [on_site(u, site_url) for u in urls]
    columns = {"url": moved}
    if "image_url" in table.column_names:
        columns["image_url"] = [
            on_site(i, site_url) if i and u and _origin(i) == _origin(u) else i
            for u, i in zip(urls, table.column("image_url").to_pylist(), strict=True)
        ]
    for name, values in columns.items():
        index = table.schema.get_field_index(name)
        table = table.set_column(index, table.schema.field(name), pa.array(values, table.schema.field(name).type))
    write_table_atomic(table, path, data_dir)
    return sum(a != b for a, b in zip(urls, moved, strict=True))


def merge_revision_chains(data_dir: Path, files: list[Path], site_url: str) -> int:
    """Put the revisions of ``files`` on the site's origin. An article with versions under two origins (two
    mirror ports, or a mirror and the site) gets one chain: every version in fetch order, a version equal to
    the one before dropped, numbered 1, 2, ... with its previous_hash. Written as new files first, then
    removed from the old ones: a crash in between leaves a version twice (the next run merges again), never
    none. Returns how many rows were rewritten."""
    import pyarrow.parquet as pq

    from pipelines.compaction import read_file, remove_urls
    from pipelines.revisions import REVISION_SCHEMA
    from pipelines.storage import data_files, partition_of, rows_to_table, write_table_atomic

    if not files:
        return 0
    targets = {
        on_site(u, site_url)
        for path in files
        for u in pq.ParquetFile(path).read(columns=["url"]).column("url").to_pylist()
        if u
    }
    holders: dict[Path, set[str]] = {}
    versions: dict[str, list[dict]] = {}
    for path in data_files(data_dir / "revisions"):  # every version of those articles, under any origin
        for row in read_file(path, REVISION_SCHEMA).to_pylist():
            target = on_site(row["url"], site_url)
            if target is not None and target in targets:
                versions.setdefault(target, []).append({**row, "url": target, "_from": row["url"]})
                holders.setdefault(path, set()).add(row["url"])
    merged: list[dict] = []
    for rows in versions.values():
        rows.sort(key=lambda r: (r.get("fetched_at") is not None, r.get("fetched_at") or 0, r.get("revision") or 0))
        chain: list[dict] = []
        for row in rows:
            if chain and same_version(chain[-1].get("content_hash"), row.get("content_hash")):
                continue  # the same version fetched from two ports
            image, origin = row.get("image_url"), _origin(row.pop("_from"))
            row["image_url"] = on_site(image, site_url) if image and _origin(image) == origin else image
            row["revision"] = len(chain) + 1
            row["previous_hash"] = chain[-1].get("content_hash") if chain else None
            chain.append(row)
        merged.extend(chain)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    by_partition: dict[str, list[dict]] = {}
    for row in merged:
        by_partition.setdefault(partition_of(row), []).append(row)
    written = set()
    for partition, rows in sorted(by_partition.items()):
        file = data_dir / "revisions" / partition / f"rev-identity-{stamp}.parquet"
        write_table_atomic(rows_to_table(rows, REVISION_SCHEMA), file, data_dir)
        written.add(file)
    for path, urls in holders.items():
        if path not in written:
            remove_urls([path], urls, REVISION_SCHEMA, base=data_dir)
    return len(merged)
