"""Validation: a row must be a real article inside the requested window and sections.

Drops are counted as ``rs/dropped/<reason>``: ``no_url``, ``no_title``, ``no_text``, ``out_of_range``
(publication date outside ``since``/``until``, checked again here because sitemap lastmod is only a hint),
``section_filtered``.
"""

from __future__ import annotations

from datetime import datetime

from pipelines.base import Stage, adapt


def check(
    row, *, since: datetime | None = None, until: datetime | None = None, sections: frozenset[str] | None = None
) -> tuple[str, str] | None:
    """The (reason, detail) that disqualifies ``row``, or None when it is fine."""
    if not row.get("url"):
        return "no_url", ""
    if not row.get("title"):
        return "no_title", row["url"]
    if not row.get("text"):
        return "no_text", row["url"]
    published = row.get("published_at")
    if published is not None and ((since and published < since) or (until and published > until)):
        return "out_of_range", f"{row['url']} published {published:%Y-%m-%d}"
    if sections and (row.get("section") or "").casefold() not in sections:
        return "section_filtered", f"{row['url']} section {row.get('section')!r}"
    return None


class ValidatePipeline(Stage):
    def __init__(self, stats=None, crawler=None) -> None:
        super().__init__(stats)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler)

    def process_item(self, item, spider=None):
        spider = spider or getattr(self.crawler, "spider", None)
        sections = getattr(spider, "sections", None)
        problem = check(
            adapt(item),
            since=getattr(spider, "since", None),
            until=getattr(spider, "until", None),
            sections=frozenset(s.casefold() for s in sections) if sections else None,
        )
        if problem:
            raise self.drop(*problem)
        return item
