"""Run manifest: ``RS_DATA_DIR/runs/<run_id>.json``, written when the spider closes.

It records when the run started and ended, the versions and settings that matter, and every ``rs/`` counter,
so that a run can be audited after the fact without its log. Written through a temporary file and a rename:
a reader never sees half a manifest. Switch off with RS_MANIFEST_ENABLED = False.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured

import rs_scraper
from rs_scraper.runinfo import run_id_of
from rs_scraper.timeutil import utcnow

RECORDED_SETTINGS = (
    "RS_BASE_URL", "RS_DATA_DIR", "USER_AGENT", "ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS_PER_DOMAIN", "RETRY_TIMES", "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE",
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def write_json_atomic(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"_tmp-{path.name}")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=False, ensure_ascii=False)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class RunManifest:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.started_at = utcnow()

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("RS_MANIFEST_ENABLED", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def build(self, reason: str) -> dict:
        settings = self.crawler.settings
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        spider = self.crawler.spider
        return {
            "run_id": run_id_of(self.crawler),
            "started_at": self.started_at.isoformat(),
            "finished_at": utcnow().isoformat(),
            "finish_reason": reason,
            "versions": {"rs_scraper": rs_scraper.__version__, "scrapy": scrapy.__version__,
                         "parser": getattr(spider, "parser_version", None)},
            "arguments": _jsonable({k: getattr(spider, k, None) for k in ("since", "until", "sections", "limit")}),
            "settings": {name: _jsonable(settings.get(name)) for name in RECORDED_SETTINGS},
            "counts": {k: v for k, v in sorted(stats.items()) if k.startswith("rs/")},
            "stats": _jsonable({k: v for k, v in stats.items() if not k.startswith("rs/")}),
        }

    def spider_closed(self, spider, reason: str) -> None:
        manifest = self.build(reason)
        path = Path(self.crawler.settings.get("RS_DATA_DIR")) / "runs" / f"{manifest['run_id']}.json"
        write_json_atomic(path, manifest)
        spider.logger.info("run manifest written to %s", path)
