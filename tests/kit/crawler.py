"""A real Scrapy crawler for component tests, made the way Scrapy's own tests make one
(``scrapy.utils.test.get_crawler``): real settings, stats collector and signals, and no reactor started."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.test import get_crawler

from rs_scraper.runner import project_settings
from rs_scraper.spiders.rs import RsSpider

# Which reactor runs is get_crawler's to choose (the one installed in this process, or none): no crawl starts here.
_REACTOR = ("TWISTED_REACTOR", "TWISTED_REACTOR_ENABLED", "ASYNCIO_EVENT_LOOP")


def crawler(
    settings: dict[str, Any] | None = None, *, project: bool = False, stats: dict[str, Any] | None = None
) -> Crawler:
    """A crawler of the ``rs`` spider with Scrapy's defaults plus ``settings`` (``project=True``: the project's
    settings, rs_scraper/settings.py, under them), its stats collector holding ``stats``."""
    given = dict(settings or {})
    if project:
        merged = project_settings(given)
        given = {
            name: merged[name]
            for name in merged
            if merged.getpriority(name) > SETTINGS_PRIORITIES["default"] and name not in _REACTOR
        }
    made = get_crawler(RsSpider, given)
    for key, value in (stats or {}).items():
        made.stats.set_value(key, value)
    return made


def spider(made: Crawler, **spider_args: Any) -> RsSpider:
    """The crawler's ``rs`` spider, built ``from_crawler`` as Scrapy builds it (and set as ``crawler.spider``)."""
    built = RsSpider.from_crawler(made, **spider_args)
    made.spider = built
    return built
