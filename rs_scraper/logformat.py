"""How Scrapy's item events are logged (settings.LOG_FORMATTER): one line each, with the URL and the reason,
never the item. Scrapy's own formatter prints the whole item (35 KB of text for 8 section-filter drops)."""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.logformatter import LogFormatter

# drops that are the filter doing its job, not a problem worth a warning
EXPECTED_DROPS = {"section_filtered", "out_of_range", "unchanged", "duplicate_in_run"}


def _url(item) -> str:
    try:
        return str(ItemAdapter(item).get("url") or "?")
    except (TypeError, ValueError):
        return "?"


class OneLineLogFormatter(LogFormatter):
    def scraped(self, item, response, spider):
        return {"level": logging.DEBUG, "msg": "scraped %(url)s", "args": {"url": _url(item)}}

    def dropped(self, item, exception, response, spider):
        reason = getattr(exception, "reason", None) or type(exception).__name__
        level = logging.INFO if reason in EXPECTED_DROPS else logging.WARNING
        return {"level": level, "msg": "dropped %(url)s: %(reason)s", "args": {"url": _url(item), "reason": reason}}

    def item_error(self, item, exception, response, spider):
        return {
            "level": logging.ERROR,
            "msg": "pipeline error on %(url)s: %(error)r",
            "args": {"url": _url(item), "error": exception},
        }
