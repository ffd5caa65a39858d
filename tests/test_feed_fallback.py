"""Discovery when the RebelMouse feed is gone: the WordPress-era /feed/ is tried (RS_FEED_FALLBACK_PATHS)."""

import urllib.request

import pandas as pd

from tests.kit.runs import read_manifests, scrapy_crawl


def test_wordpress_feed_is_used_when_the_rebelmouse_feed_fails(tmp_path, mirror_factory):
    server = mirror_factory(articles=12, seed=4, layout="rebelmouse")
    feed = urllib.request.urlopen(server.base_url + "/feeds/feed.rss").read()
    # no sitemap anywhere, the RebelMouse feed answers 404, the WordPress feed carries the items
    server.set_fault("/robots.txt", status=404)
    server.set_fault("/sitemap.xml", status=404)
    server.set_fault("/feeds/feed.rss", status=404)
    server.set_fault("/feed/", status=200, body=feed, content_type="application/rss+xml; charset=utf-8")
    result = scrapy_crawl(server.base_url, tmp_path, "-s", "SPIDERMON_ENABLED=False")
    assert result.returncode == 0, result.stderr[-2000:]
    frame = pd.read_parquet(tmp_path / "articles")
    assert len(frame) == 12 and frame["url"].is_unique
    counts = read_manifests(tmp_path)[-1]["counts"]
    assert counts.get("rs/feed/fallback") == 1
    assert counts.get("rs/discovery/listing_fallback") is None  # the feed sufficed: no listing crawl
    paths = [r.path for r in server.requests]
    assert "/feed/" in paths and not any(p.startswith("/feed/?paged=") and p.endswith("=50") for p in paths)
