"""Run the ``rs`` spider in this process and return its stats: shared by ``rs-scraper demo`` and ``crawl``.

A Twisted reactor starts once per process, so each command runs at most one crawl; tests that need several
crawls run the command in a subprocess.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from rs_scraper import statkeys as sk
from rs_scraper.runinfo import final_stats

# Settings for crawling our own loopback mirror: politeness delays protect a real site, not a local fixture.
LOOPBACK_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


def project_settings(overrides: dict[str, Any] | None = None):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "rs_scraper.settings")
    settings = get_project_settings()
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_spider(overrides: dict[str, Any] | None = None, **spider_args: Any) -> dict[str, Any]:
    """Crawl with project settings plus ``overrides``; returns the final stats (with ``rs/run_id``)."""
    process = CrawlerProcess(project_settings({"RS_RUN_KIND": "crawl", **(overrides or {})}))
    crawler = process.create_crawler("rs")
    failures: list = []
    done = process.crawl(crawler, **{k: v for k, v in spider_args.items() if v is not None})
    done.addErrback(failures.append)  # consumed here: never Twisted's "Unhandled error in Deferred" on stderr
    process.start()
    if failures and failures[0].check(KeyboardInterrupt):
        raise KeyboardInterrupt  # Ctrl-C while the crawler was being set up: the command's one line
    if failures:
        logging.getLogger(__name__).error("the crawl could not start: %s", failures[0].getTraceback())
    stats = final_stats(crawler)
    stats[sk.RUN_ID] = getattr(crawler, "rs_run_id", None)
    return stats
