"""Every output format of the registry (rs_scraper.formats) round-trips, through ``rs-scraper export`` (articles and
the links table) and through the Scrapy feed exporter, with the refusals it declares; a format added to the registry
is tested here for free."""

from __future__ import annotations

import argparse
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy.settings import Settings

from pipelines.storage import PartitionedWriter
from rs_scraper import formats, settings
from rs_scraper.cli import UsageError, export_cmd
from rs_scraper.exporters import EXPORTERS, FeedAppendError
from rs_scraper.items import COLUMNS, Article
from rs_scraper.schema import ARTICLE_SCHEMA
from rs_scraper.session import SessionError, check_feeds
from rs_scraper.tables import links_schema

FORMATS = list(formats.REGISTRY.values())
IDS = [f.name for f in FORMATS]


def _row(i: int) -> dict:
    """Every declared column with a value (its declared example), and awkward ones where a dialect could slip."""
    text = f'Paragraph {i}, with “quotes”; a comma and "double quotes".\n\n- item one\n- item two'
    return {
        **{c.name: c.example for c in COLUMNS},
        "url": f"https://example.org/article-{i}",
        "text": text,
        "authors": ["Smith, Jr., Ann", "Bo; Lee"],
        "author_urls": [None, "https://example.org/u/bo"],
        "subtitle": None if i % 2 else "Dek | with a pipe",
        "published_at": datetime(2024, 6, 15, 8, 5, 9, 123456, tzinfo=UTC) + timedelta(days=i),
        "links": [{"url": "https://x.org/a", "text": None, "domain": "x.org", "internal": False}],
    }


ROWS = [_row(i) for i in range(4)]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("formats")
    writer = PartitionedWriter(root / "articles", "run-1", flush_rows=2)
    for row in ROWS:
        writer.add(row)
    writer.close()
    return root


def _by_url(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: r["url"])


def _export(out: Path, data_dir: Path, fmt: str | None = None) -> int:
    args = argparse.Namespace(out=str(out), data_dir=str(data_dir), since=None, until=None, format=fmt)
    return export_cmd.run(args)


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_export_round_trips_every_column(fmt, data_dir, tmp_path):
    out = tmp_path / f"out{fmt.extensions[0]}"
    assert _export(out, data_dir) == 0  # the format from the name alone
    got = _by_url(fmt.read_rows(out, ARTICLE_SCHEMA))
    assert [list(r) for r in got] == [ARTICLE_SCHEMA.names] * len(ROWS)  # exactly the schema, in order
    assert got == _by_url(ROWS)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.gzip], ids=[f.name for f in FORMATS if f.gzip])
def test_export_gzips_a_text_format_on_the_way(fmt, data_dir, tmp_path):
    out = tmp_path / f"out{fmt.extensions[0]}.gz"
    assert _export(out, data_dir) == 0 and out.read_bytes()[:2] == b"\x1f\x8b"
    assert _by_url(fmt.read_rows(out, ARTICLE_SCHEMA)) == _by_url(ROWS)


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_stdout_and_gz_are_refused_where_the_format_says(fmt):
    if fmt.binary:
        with pytest.raises(UsageError, match=f"{fmt.name} cannot go to stdout"):
            export_cmd.output_format(fmt.name, "-")
    else:
        assert export_cmd.output_format(fmt.name, "-") == (fmt.name, False)
    if not fmt.gzip:  # its name plus .gz means no format at all
        with pytest.raises(UsageError, match="unknown format 'gz'"):
            export_cmd.output_format(None, f"out{fmt.extensions[0]}.gz")
    for ending in fmt.extensions:
        assert formats.format_of(f"x/OUT{ending.upper()}", None) == (fmt.name, False)


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_the_links_table_round_trips(fmt, data_dir, tmp_path):
    out = tmp_path / f"links{fmt.extensions[0]}"
    args = argparse.Namespace(out=str(out), data_dir=str(data_dir), since=None, until=None, format=None, table="links")
    assert export_cmd.run(args) == 0
    got = sorted(fmt.read_rows(out, links_schema()), key=lambda r: r["url"])
    link = ROWS[0]["links"][0]
    assert got == [
        {
            "url": r["url"],
            "published_date": r["published_date"],
            "position": 0,
            **{f"link_{k}": v for k, v in link.items()},
        }
        for r in _by_url(ROWS)
    ]


def _articles(n: int) -> list[Article]:
    return [Article(**_row(i)) for i in range(n)]


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_the_feed_exporter_writes_the_schema_in_bounded_batches(fmt, tmp_path):
    handle = io.BytesIO()
    exporter = EXPORTERS[fmt.name](handle, batch_rows=2, fields_to_export=None, encoding="utf-8", indent=None)
    exporter.start_exporting()
    for article in _articles(5):
        exporter.export_item(article)
    assert len(exporter.buffer) == 1  # two batches already went to the file, one row waits
    exporter.finish_exporting()
    assert not handle.closed  # the feed storage closes (or uploads) the file, not us
    out = tmp_path / f"feed{fmt.extensions[0]}"
    out.write_bytes(handle.getvalue())
    got = fmt.read_rows(out, ARTICLE_SCHEMA)
    assert [r["url"] for r in got] == [a.url for a in _articles(5)] and list(got[0]) == ARTICLE_SCHEMA.names
    assert got == [{n: a.to_dict()[n] for n in ARTICLE_SCHEMA.names} for a in _articles(5)]


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_the_feed_exporter_appends_only_where_the_format_allows(fmt, tmp_path):
    out = tmp_path / f"feed{fmt.extensions[0]}"
    with open(out, "wb") as handle:
        first = EXPORTERS[fmt.name](handle)
        first.start_exporting()
        first.export_item(_articles(1)[0])
        first.finish_exporting()
    before = out.read_bytes()
    with open(out, "ab") as handle:  # what `scrapy crawl -o` opens
        second = EXPORTERS[fmt.name](handle)
        if not fmt.append:
            with pytest.raises(FeedAppendError, match=f"existing {fmt.title} file .* use -O"):
                second.start_exporting()
        else:
            second.start_exporting()
            second.export_item(_articles(2)[1])
            second.finish_exporting()
    if fmt.append:
        assert [r["url"] for r in fmt.read_rows(out, ARTICLE_SCHEMA)] == [a.url for a in _articles(2)]
    else:
        assert out.read_bytes() == before


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_a_crawl_refuses_beforehand_to_append_to_a_file_that_cannot_take_it(fmt, tmp_path):
    existing = tmp_path / f"old{fmt.extensions[0]}"
    existing.write_bytes(b"x")
    appending = Settings({"FEEDS": {str(existing): {"format": fmt.feed_names()[-1], "overwrite": False}}})
    if fmt.append:
        check_feeds(appending)
    else:
        with pytest.raises(SessionError, match=f"cannot append to the existing {fmt.title} file"):
            check_feeds(appending)
    check_feeds(Settings({"FEEDS": {str(existing): {"format": fmt.name, "overwrite": True}}}))  # -O is fine


def test_scrapy_knows_every_format_by_every_name():
    wanted = {name: f"rs_scraper.exporters.{fmt.exporter_name()}" for fmt in FORMATS for name in fmt.feed_names()}
    assert settings.FEED_EXPORTERS == wanted
    import rs_scraper.exporters as exporters

    assert all(
        getattr(exporters, path.rsplit(".", 1)[1]).format.name == formats.for_feed(name).name
        for name, path in wanted.items()
    )


def test_the_help_lists_every_format():
    text = formats.help_text()
    assert all(f"  {fmt.name} " in text for fmt in FORMATS)
    assert export_cmd.FORMATS == tuple(IDS)
