"""The article row: one record per article, the contract shared by the parser, the pipelines and Parquet.

Field order and names are a public contract (tests, notebooks and users rely on them); the pyarrow schema in
``rs_scraper.schema`` mirrors this class field for field, and a test keeps the two in step.

Text conventions (the parser produces them, the mirror's ground truth follows them):
- ``text``: the body only, paragraphs in page order joined by one blank line ("\\n\\n"). A subheading is its own
  paragraph; a block quote that quotes a source is kept as its own paragraph(s); a list is one block with one
  item per line ("\\n" between items). Whitespace inside a paragraph is collapsed to single spaces (NBSP too);
  the text's own characters (curly quotes, dashes) are kept. In-body images, captions, credits, pull quotes,
  newsletter boxes, embeds and "RELATED:" lines are not body.
- ``image_url``: the lead image, absolute, with only its ``id`` query parameter kept
  (``https://host/media-library/name.jpg?id=123``); size and crop parameters are presentation, not identity.
- ``authors`` and ``tags``: display names in page order, no duplicates.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Article:
    url: str  # canonical URL: tracking parameters removed, no trailing slash
    title: str | None = None  # headline, without " | Responsible Statecraft"
    subtitle: str | None = None  # the dek
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None  # tz-aware, UTC
    modified_at: datetime | None = None  # tz-aware, UTC
    article_type: str | None = None  # Analysis, Reporting, Opinion, News ...
    section: str | None = None  # Latin America, QiOSK ...
    tags: list[str] = field(default_factory=list)
    text: str | None = None
    word_count: int | None = None
    image_url: str | None = None
    image_credit: str | None = None  # without its label ("Photos:", "Top photo credit:")
    language: str | None = None  # ISO 639-1, e.g. "en"
    content_hash: str | None = None  # sha256 hex of text (UTF-8)
    fetched_at: datetime | None = None  # set by the crawl, not the parser
    run_id: str | None = None  # set by the crawl
    parser_version: str | None = None  # e.g. "rebelmouse-v1"
    extraction_method: str | None = None  # the layer that produced text: structured|selectors|trafilatura|text_rules

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Article))

# Fields that describe the page itself (ground truth compares these); the rest describe how we got it.
PAGE_FIELDS: tuple[str, ...] = (
    "url", "title", "subtitle", "authors", "published_at", "modified_at", "article_type", "section", "tags",
    "text", "word_count", "image_url", "image_credit", "language", "content_hash",
)
