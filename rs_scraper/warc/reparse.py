"""Re-derive the dataset from the archive with the current parser: ``rs-scraper reparse``.

For every stored row selected (articles/ and revisions/ alike), its capture is found in the index (url +
``fetched_at`` == ``warc_date``; a revisit resolved to its original's payload), rebuilt as the Scrapy response
the spider got (rs_scraper.warc.reader) and parsed again, in a process pool across all cores. No network: the
pool's workers only read WARC files.

The new extraction then takes the crawl's road, not a second one: ``pipelines.cleanup`` normalises it,
``pipelines.validate`` checks it, and the rows that differ are stored by ``pipelines.parquet.ParquetPipeline``
(articles/: new files first, superseded rows removed after) and ``pipelines.revisions.rewrite_versions``
(revisions/, in place: a better extraction of the same capture is the same version, not a new one). A row keeps
its ``url``, ``fetched_at`` and ``run_id`` (the crawl that fetched it) and gets the new ``parser_version``.
A row that cannot be re-derived (no record, unreadable record, now "not an article", parser error, a value the
validation refuses) is kept exactly as stored, counted, and makes the exit code 1.

Idempotent: a second reparse with the same parser finds every row equal and writes nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines.parquet import ParquetPipeline
from rs_scraper.items import FIELD_NAMES, names
from rs_scraper.warc import WARC_DIRNAME
from rs_scraper.warc.reader import Archive, CaptureError, Location, load_capture, parse_page, to_response

# What the crawl set (the url, and every column of the "crawl" layer: fetched_at, run_id, crawl_base, the sitemap
# lastmod and the HTTP validators of that fetch): a reparse never changes them.
KEPT_FIELDS = ("url", *names(layer="crawl"))
CHUNK = 16  # captures per task sent to a worker
_VERSION = re.compile(r"^(?:(?P<family>.*?)-)?v?(?P<number>\d+(?:\.\d+)*)$")


# ------------------------------------------------------------------------------------------------ filters
def version_key(text: str) -> tuple[str | None, tuple[int, ...]] | None:
    """``rebelmouse-v1.1`` -> ("rebelmouse", (1, 1)); ``v2`` / ``2`` -> (None, (2,)); None when unparseable."""
    m = _VERSION.match(text.strip())
    if not m:
        return None
    return m.group("family") or None, tuple(int(p) for p in m.group("number").split("."))


def below(parser_version: str | None, bound: tuple[str | None, tuple[int, ...]]) -> bool:
    """True when a row's parser_version is older than ``bound``. A bound with a family (``rebelmouse-v1.2``)
    selects only that family's older versions; a bare version (``v1.2``) any family's. A row without a version
    (or with an unparseable one) is older than anything."""
    family, number = bound
    key = version_key(parser_version) if parser_version else None
    if key is None:
        return True
    if family is not None and key[0] != family:
        return False
    return key[1] < number


@dataclass
class Selection:
    since: datetime | None = None
    until: datetime | None = None
    urls: frozenset[str] | None = None
    version_below: tuple[str | None, tuple[int, ...]] | None = None

    def wants(self, row: dict) -> bool:
        published = row.get("published_at")
        if (self.since or self.until) and published is None:
            return False  # as `rs-scraper export`: a row without a date is outside any window
        since, until = self.since, self.until
        if since and published is not None and published < since:
            return False
        if until and published is not None and published > until:
            return False
        if self.urls is not None and row["url"] not in self.urls:
            return False
        if self.version_below is not None and not below(row.get("parser_version"), self.version_below):
            return False
        return True


# ------------------------------------------------------------------------------------------------ workers
@dataclass(frozen=True)
class Job:
    url: str
    fetched_at: datetime
    where: Location
    original: Location | None
    run_id: str | None = None  # the stored row's, kept
    kept: dict | None = None  # the stored row's other crawl-layer values (KEPT_FIELDS), kept


@dataclass
class Outcome:
    url: str
    fetched_at: datetime
    row: dict | None = None
    failure: str | None = None  # not_article/<reason> | parse_error | unreadable_record | dropped/<reason>


def reparse_one(warc_dir: Path, job: Job) -> Outcome:
    """One capture parsed again and made a stored row (cleanup, validation), in a worker."""
    from rs_scraper.parsing import NotArticle

    outcome = Outcome(job.url, job.fetched_at)
    try:
        # no digest check: each gzip member's CRC already proves the bytes are the ones written (verify checks
        # the digests)
        capture = load_capture(warc_dir, job.where, job.original, check_digests=False)
        response = to_response(capture)
        article = parse_page(response, job.url)
    except CaptureError as exc:
        outcome.failure = f"unreadable_record: {exc}"
    except NotArticle as exc:
        outcome.failure = f"not_article/{exc.reason}"
    except Exception as exc:  # a parser exception is a failure, counted, never a silent loss
        outcome.failure = f"parse_error: {type(exc).__name__}: {exc}"
    else:
        row, problem = finish_row(
            article.to_dict(), {**(job.kept or {}), "url": job.url, "fetched_at": job.fetched_at, "run_id": job.run_id}
        )
        if problem:
            outcome.failure = f"dropped/{problem[0]}: {problem[1]}"
        else:
            outcome.row = row
    return outcome


def _work(warc_dir: str, jobs: list[Job]) -> list[Outcome]:
    return [reparse_one(Path(warc_dir), job) for job in jobs]


def run_jobs(warc_dir: Path, jobs: list[Job], workers: int) -> Iterable[Outcome]:
    """Outcomes of ``jobs``; ``workers`` > 1 runs them in a pool of forked processes (fork: the parser's
    imports are paid once, and the pool talks over pipes: no socket, not even a local one)."""
    if workers <= 1 or len(jobs) <= CHUNK:
        for job in jobs:
            yield reparse_one(warc_dir, job)
        return
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for outcomes in pool.map(_work, [str(warc_dir)] * len(chunks), chunks):
            yield from outcomes


# ------------------------------------------------------------------------------------------------- report
@dataclass
class Report:
    selected: int = 0  # stored rows selected (articles/ + revisions/)
    captures: int = 0  # distinct captures they name
    reparsed: int = 0
    changed_rows: Counter = field(default_factory=Counter)  # dataset -> rows rewritten
    fields: Counter = field(default_factory=Counter)  # field -> captures whose value changed
    failures: Counter = field(default_factory=Counter)  # reason -> captures
    examples: dict[str, str] = field(default_factory=dict)  # reason -> one URL (and detail)
    written: dict[str, int] = field(default_factory=dict)
    versions: Counter = field(default_factory=Counter)  # (old, new) parser_version pairs of changed captures
    changed: int = 0  # captures whose new extraction differs from the stored row

    def fail(self, reason: str, url: str, detail: str = "") -> None:
        self.failures[reason] += 1
        self.examples.setdefault(reason, f"{url}{': ' + detail if detail else ''}")


def diff(old: dict, new: dict) -> list[str]:
    return [name for name in FIELD_NAMES if name not in KEPT_FIELDS and old.get(name) != new.get(name)]


# ----------------------------------------------------------------------------------------------- the run
def stored_rows(data_dir: Path) -> tuple[list[dict], list[dict]]:
    from pipelines.index import read_latest
    from pipelines.revisions import read_revisions

    return read_latest(data_dir / "articles").to_pylist(), read_revisions(data_dir / "revisions").to_pylist()


def finish_row(new: dict, old: dict) -> tuple[dict | None, tuple[str, str] | None]:
    """The new extraction as a stored row (crawl's fields kept, cleanup applied), or the validation's refusal."""
    from pipelines.cleanup import clean_item
    from pipelines.validate import check

    row = {name: new.get(name) for name in FIELD_NAMES}
    for name in KEPT_FIELDS:
        row[name] = old.get(name)
    row = clean_item(row)
    problem = check(row)
    return (None, problem) if problem else (row, None)


def reparse(
    data_dir: str | Path,
    selection: Selection,
    *,
    workers: int | None = None,
    dry_run: bool = False,
    run_id: str | None = None,
) -> Report:
    """Reparse the selected rows of ``data_dir``; writes unless ``dry_run``. The caller holds the crawl lock."""
    from rs_scraper.runinfo import new_run_id

    data_dir = Path(data_dir)
    warc_dir = data_dir / WARC_DIRNAME
    archive = Archive(warc_dir)
    articles, revisions = stored_rows(data_dir)
    report = Report()
    wanted: dict[tuple, list[tuple[str, dict]]] = {}
    for dataset, rows in (("articles", articles), ("revisions", revisions)):
        for row in rows:
            if selection.wants(row):
                report.selected += 1
                wanted.setdefault((row["url"], row["fetched_at"]), []).append((dataset, row))
    report.captures = len(wanted)
    jobs = []
    for (url, fetched), _ in wanted.items():
        capture = archive.capture_row(url, fetched)
        if capture is None:
            report.fail("no_record", url, "no WARC record for its fetched_at (its run did not keep the archive)")
            continue
        try:
            where, original = archive.locate(capture)
        except CaptureError as exc:
            report.fail("unreadable_record", url, str(exc))
            continue
        stored = wanted[(url, fetched)][0][1]
        jobs.append(
            Job(url, fetched, where, original, stored.get("run_id"), {name: stored.get(name) for name in KEPT_FIELDS})
        )
    new_articles: list[dict] = []
    new_versions: dict[tuple, dict] = {}
    for outcome in run_jobs(warc_dir, jobs, workers or os.cpu_count() or 1):
        if outcome.row is None:
            reason, _, detail = (outcome.failure or "error").partition(": ")
            report.fail(reason, outcome.url, detail)
            continue
        report.reparsed += 1
        found = wanted[(outcome.url, outcome.fetched_at)]
        row = outcome.row
        changed = diff(found[0][1], row)
        if not changed:
            continue
        report.changed += 1
        report.fields.update(changed)
        if "parser_version" in changed:
            report.versions[(found[0][1].get("parser_version"), row.get("parser_version"))] += 1
        for dataset, old in found:
            report.changed_rows[dataset] += 1
            if dataset == "articles":
                new_articles.append(row)
            else:
                new_versions[(old["url"], old["fetched_at"])] = row
    if not dry_run and (new_articles or new_versions):
        store(data_dir, new_articles, new_versions, run_id or new_run_id(), report)
    return report


def store(data_dir: Path, articles: list[dict], versions: dict[tuple, dict], run_id: str, report: Report) -> None:
    """revisions/ first (the crawl's write-ahead order), then articles/ through the crawl's own storage stage."""
    from pipelines.revisions import rewrite_versions

    report.written["revisions"] = (
        rewrite_versions(data_dir / "revisions", versions, run_id, base=data_dir) if versions else 0
    )
    store = ReparseStore(data_dir, run_id)
    store.open_spider()
    for row in articles:
        store.process_item(row)
    store.close_spider()
    report.written["articles"] = len(articles)


class ReparseStore(ParquetPipeline):
    """The crawl's storage stage without its revision step: reparse rewrites revisions/ in place beforehand."""

    def __init__(self, data_dir: Path, run_id: str) -> None:
        super().__init__(None, None, data_dir, flush_rows=500, compact_min_files=0, run_id=run_id)

    def log_revisions(self, batch: list[dict], kinds: list[str]) -> None:
        return None
