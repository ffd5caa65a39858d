"""Each column is declared once (rs_scraper/items.py); everything that lists columns derives from that declaration,
so a new column touches no other list: the schema, cleanup's field lists, the gate's scored fields, the mirror's
ground-truth row, the export and feed column order."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines import cleanup
from rs_scraper.exporters import ParquetItemExporter
from rs_scraper.items import COLUMNS, PAGE_FIELDS, SCORED_PAGE_FIELDS, Article, column, declared, names
from rs_scraper.mirror import MirrorSite
from rs_scraper.quality.scoring import SCORED_FIELDS, TEXT_DERIVED, score_row
from rs_scraper.schema import ARTICLE_SCHEMA, SCHEMA_VERSION


def test_the_schema_is_the_declaration_in_order():
    assert [(f.name, f.type, f.nullable) for f in ARTICLE_SCHEMA] == [(c.name, c.arrow, c.nullable) for c in COLUMNS]
    assert SCHEMA_VERSION == max(c.since for c in COLUMNS)


def test_cleanup_normalises_what_the_declaration_says():
    assert cleanup.ONE_LINE_FIELDS == tuple(c.name for c in COLUMNS if c.clean == "line")
    assert cleanup.LIST_FIELDS == tuple(c.name for c in COLUMNS if c.clean == "list")
    assert cleanup.TIME_FIELDS == tuple(c.name for c in COLUMNS if pa.types.is_timestamp(c.arrow))


def test_the_gate_and_the_mirror_score_the_scored_page_columns():
    assert set(SCORED_PAGE_FIELDS) <= set(PAGE_FIELDS)
    assert SCORED_FIELDS == tuple(n for n in SCORED_PAGE_FIELDS if n not in TEXT_DERIVED)
    site = MirrorSite(articles=3, seed=5)
    assert tuple(site.articles[0].expected("http://m")) == SCORED_PAGE_FIELDS


def test_a_page_column_the_mirror_does_not_render_stays_out_of_the_gate():
    @dataclass
    class Wider(Article):
        og_kind: str | None = column(
            pa.string(),
            layer="page",
            since=SCHEMA_VERSION + 1,
            scored=False,
            meaning="m",
            example="article",
            null_when="n",
        )
        og_gated: str | None = column(
            pa.string(), layer="page", since=SCHEMA_VERSION + 1, meaning="m", example="article", null_when="n"
        )

    extra = {c.name: c for c in declared(Wider)[len(COLUMNS) :]}
    assert extra["og_kind"].layer == "page" and not extra["og_kind"].scored  # a page column, not gated
    assert extra["og_gated"].scored  # a page column is gated unless its declaration says otherwise
    got = score_row({"url": "u", "text": "t", "og_kind": "website"}, {"url": "u", "text": "t", "og_kind": "article"})
    assert "og_kind" not in got.fields and got.fields["url"]


def test_only_page_columns_can_be_scored():
    with pytest.raises(ValueError, match="only page columns are scored"):
        column(pa.string(), layer="crawl", scored=True, meaning="m", example="x", null_when="n")
    assert names(layer="crawl") and not set(names(layer="crawl")) & set(SCORED_PAGE_FIELDS)


def test_a_feed_file_holds_the_declared_columns_in_order():
    handle = io.BytesIO()
    exporter = ParquetItemExporter(handle)
    exporter.start_exporting()
    exporter.export_item(Article(url="https://x.org/a"))
    exporter.finish_exporting()
    assert pq.read_schema(io.BytesIO(handle.getvalue())).names == [c.name for c in COLUMNS]
