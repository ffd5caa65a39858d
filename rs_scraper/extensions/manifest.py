"""Run manifest: ``RS_DATA_DIR/runs/<run_id>.json``, one per crawl.

Written twice, each time through a temporary file and a rename (a reader never sees half a manifest):
- when the spider opens, with ``status: "running"``: a run killed with SIGKILL leaves this behind, so
  ``rs-scraper runs`` can show it as interrupted instead of forgetting it;
- when the spider closes (after the Spidermon monitors, see EXTENSIONS): start and end, versions, the settings
  that matter, the arguments, a summary of counts, the reconciliation of every discovered URL
  (rs_scraper.extensions.accounting), the monitor results, ``status`` and the ``exit_code`` that
  ``rs-scraper crawl`` returns, and every ``rs/`` counter.
Switch off with RS_MANIFEST_ENABLED = False.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured

import rs_scraper
from rs_scraper import fortress
from rs_scraper import statkeys as sk
from rs_scraper.extensions.accounting import bucket_total, by_reason, reconcile
from rs_scraper.extensions.monitors import RESULTS_KEY, Thresholds, evaluate
from rs_scraper.incremental import discovery_fingerprint, previous_failed_urls
from rs_scraper.runinfo import MANIFEST_ERROR_KEY, jsonable, run_id_of
from rs_scraper.timeutil import utcnow
from rs_scraper.verdict import VERDICT_KEY, Verdict, judge

RECORDED_SETTINGS = (
    "RS_BASE_URL",
    "RS_DATA_DIR",
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "RETRY_TIMES",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "RS_DEDUPE_STORED",
    "RS_PARQUET_FLUSH_ROWS",
    "RS_FEED_MAX_PAGES",
    "RS_SITEMAP_SKIP_UNCHANGED",
    "RS_COMPACT_MIN_FILES",
    "RS_MONITOR_FIELD_COVERAGE",
    "RS_MONITOR_MAX_FALLBACK_RATE",
    "RS_MONITOR_FALLBACK_METHODS",
    "RS_MONITOR_MAX_ERROR_RATE",
    "RS_MONITOR_TOLERATED_ROWS",
    "RS_FAILURES_TOLERATED",
    "RS_SITE_URL",
    "SPIDERMON_ENABLED",
)
ARGUMENTS = ("since", "until", "sections", "limit", "urls_file")


def write_json_atomic(path: Path, data: dict, base: Path | None = None) -> None:
    """``path`` replaced whole (rs_scraper.fortress: through ``<base>/.tmp/``, never through a link below
    ``base``, the data dir; default: the file's directory)."""
    base = Path(base) if base is not None else path.parent
    text = json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    fortress.write_atomic(base, fortress.relative_to_base(path, base), lambda h: h.write(text.encode("utf-8")))


def versions() -> dict:
    found: dict[str, Any] = {
        "rs_scraper": rs_scraper.__version__,
        "scrapy": scrapy.__version__,
        "python": platform.python_version(),
    }
    for name in ("pyarrow", "spidermon", "trafilatura"):
        try:
            found[name] = __import__(name).__version__
        except Exception:  # an optional dependency missing must not cost the manifest
            found[name] = None
    try:  # the layout parsers' versions (rows carry the one used in parser_version)
        from rs_scraper.parsing import layouts

        found["parser"] = {n: getattr(layouts, n).version for n in layouts.__all__ if n != "Layout"}
    except Exception:
        found["parser"] = None
    return found


def summarize(stats: dict) -> dict:
    """The counts a human asks about, from the rs/ stats."""
    return {
        "discovered": int(stats.get(sk.DISCOVERED, 0)),
        "skipped_unchanged": int(stats.get(sk.OUTCOME_SKIPPED_UNCHANGED, 0)),
        "skipped": bucket_total(stats, "skipped"),
        "skipped_by_reason": by_reason(stats, "skipped"),
        "fetched": int(stats.get(sk.FETCHED, 0)),
        "written_new": bucket_total(stats, "written_new"),
        "written_updated": bucket_total(stats, "written_updated"),
        "unchanged_refetch": bucket_total(stats, "unchanged_refetch"),
        "not_modified": int(stats.get(sk.REVALIDATED_NOT_MODIFIED, 0)),
        "not_article": bucket_total(stats, "not_article"),
        "not_article_by_reason": by_reason(stats, "not_article"),
        "dropped": bucket_total(stats, "dropped"),
        "dropped_by_reason": by_reason(stats, "dropped"),
        "failed": bucket_total(stats, "failed"),
        "failed_by_reason": by_reason(stats, "failed"),
        "revisions_written": int(stats.get(sk.REVISIONS_WRITTEN, 0)),
        "repaired_duplicate_rows": int(stats.get(sk.REPAIRED_DUPLICATE_ROWS, 0)),
    }


def spider_sitemaps(spider) -> dict[str, str]:
    record = getattr(spider, "sitemap_record", None)
    return record() if callable(record) else {}


class RunManifest:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.started_at = utcnow()

    @classmethod
    def from_crawler(cls, crawler):
        # Only crawls keep a record: `scrapy parse`, `shell`, `bench` and `check` are no runs of the dataset, and a
        # manifest of theirs once passed for a clean crawl (RS_RUN_KIND is set by the crawl commands).
        if not crawler.settings.getbool("RS_MANIFEST_ENABLED", True) or crawler.settings.get("RS_RUN_KIND") != "crawl":
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def data_dir(self) -> Path:
        return Path(self.crawler.settings.get("RS_DATA_DIR"))

    @property
    def path(self) -> Path:
        return Path(self.crawler.settings.get("RS_DATA_DIR")) / "runs" / f"{run_id_of(self.crawler)}.json"

    def head(self) -> dict:
        settings = self.crawler.settings
        spider = self.crawler.spider
        arguments = {k: getattr(spider, k, None) for k in ARGUMENTS}
        arguments["urls"] = arguments.pop("urls_file")
        return {
            "run_id": run_id_of(self.crawler),
            "kind": settings.get("RS_RUN_KIND"),
            "prepared": list(settings.getlist("RS_PREPARED")),  # rs_scraper.datadir: quarantined, rewritten
            "spider": getattr(spider, "name", None),
            "pid": os.getpid(),
            "started_at": self.started_at.isoformat(),
            "versions": versions(),
            "arguments": jsonable(arguments),
            "settings": {name: jsonable(settings.get(name)) for name in RECORDED_SETTINGS},
        }

    def build(self, reason: str) -> dict:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        finished_at = utcnow()
        monitors = stats.get(RESULTS_KEY)
        source = "spidermon"
        if monitors is None:  # Spidermon switched off (or its action failed): the same checks, judged here
            source = "direct"
            monitors = [c.as_dict() for c in evaluate(stats, Thresholds.from_settings(self.crawler.settings))]
            self.crawler.stats.set_value(RESULTS_KEY, monitors)
        verdict = self.judge(stats, monitors, reason)
        self.crawler.stats.set_value(VERDICT_KEY, verdict.as_dict())
        return {
            **self.head(),
            "finished_at": finished_at.isoformat(),
            "duration_s": round((finished_at - self.started_at).total_seconds(), 3),
            "finish_reason": reason,
            "status": verdict.status,
            "exit_code": verdict.exit_code,
            "verdict": verdict.line,
            "problems": verdict.problems,
            "summary": summarize(stats),
            "reconciliation": reconcile(stats),
            "monitors": monitors,
            "monitors_source": source,
            # pages the parser refused (url -> at, reason, transient): a stable verdict is not fetched again for a
            # while (rs_scraper.non_articles); none of a bad night's verdicts is remembered
            "not_articles": jsonable(getattr(self.crawler.spider, "not_articles", {})),
            # article URLs that failed, with their reason: a URL failing again next run fails that run
            "failed_urls": dict(sorted(getattr(self.crawler.spider, "failed_urls", {}).items())),
            # stored versions confirmed tonight (304, same text): what the site said, for the next run's decisions
            "revalidated": dict(sorted(getattr(self.crawler.spider, "confirmed", {}).items())),
            # what the next run may skip (rs_scraper.incremental): the sitemaps read in full, at their lastmod,
            # the discovery settings they were read with, and how many URLs articles/ held at the end
            "discovery": discovery_fingerprint(self.crawler.settings),
            "sitemaps": dict(sorted(spider_sitemaps(self.crawler.spider).items())),
            "stored_urls": stats.get(sk.STORED_URLS),
            "verdicts_remembered": next((m.get("passed") for m in monitors if m.get("name") == "article_yield"), True)
            is not False,
            "counts": {k: v for k, v in sorted(stats.items()) if k.startswith(sk.PREFIX)},
            "stats": jsonable(
                {k: v for k, v in stats.items() if not k.startswith(sk.PREFIX) and k not in (RESULTS_KEY, VERDICT_KEY)}
            ),
        }

    def judge(self, stats: dict, monitors: list[dict], reason: str) -> Verdict:
        settings = self.crawler.settings
        spider = self.crawler.spider
        return judge(
            {**stats, "finish_reason": reason},
            monitors,
            failed_urls=getattr(spider, "failed_urls", {}),
            previous_failed=previous_failed_urls(settings.get("RS_DATA_DIR"), run_id_of(self.crawler)),
            tolerated=settings.getint("RS_FAILURES_TOLERATED", 3),
            base_url=settings.get("RS_BASE_URL"),
            sections=tuple(getattr(spider, "sections", None) or ()) or None,
        )

    def spider_opened(self, spider) -> None:
        self.write({**self.head(), "status": "running", "counts": {}}, spider)

    def spider_closed(self, spider, reason: str) -> None:
        manifest = self.build(reason)
        if self.write(manifest, spider):
            spider.logger.info("run manifest written to %s", self.path)

    def write(self, manifest: dict, spider) -> bool:
        """A manifest that cannot be written (read-only runs/, disk full) fails the run in plain words: without
        it the run is invisible to ``runs`` and to the next run's incremental state."""
        try:
            write_json_atomic(self.path, manifest, self.data_dir)
            return True
        except OSError as exc:
            message = f"cannot write the run manifest {self.path}: {fortress.cause(exc)}"
            self.crawler.stats.set_value(MANIFEST_ERROR_KEY, message)
            spider.logger.error(message)
            return False
