"""Discovery parsers on hand-written documents of the shapes the site serves."""

from datetime import UTC, datetime

from rs_scraper.discovery import page_links, parse_feed, parse_sitemap, robots_sitemaps

BASE = "http://127.0.0.1:9"


def test_robots_sitemap_lines():
    body = b"User-agent: *\nDisallow: /res/\nSitemap: http://127.0.0.1:9/sitemap.xml\nsitemap: /news.xml\n"
    assert robots_sitemaps(body, BASE) == ["http://127.0.0.1:9/sitemap.xml", "http://127.0.0.1:9/news.xml"]


def test_sitemap_index_and_urlset_with_lastmod():
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>http://127.0.0.1:9/sitemaps/2024-05.xml</loc><lastmod>2024-05-31</lastmod></sitemap>"
        b"</sitemapindex>"
    )
    kind, links = parse_sitemap(index, BASE)
    assert kind == "sitemapindex" and links[0].url.endswith("2024-05.xml")
    assert links[0].date == datetime(2024, 5, 31, tzinfo=UTC)
    urlset = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://127.0.0.1:9/a/</loc><lastmod>2024-05-02T10:00:00-04:00</lastmod></url>"
        b"<url><loc>http://127.0.0.1:9/b</loc><lastmod>yesterday</lastmod></url></urlset>"
    )
    kind, links = parse_sitemap(urlset, BASE)
    assert kind == "urlset"
    assert links[0].date == datetime(2024, 5, 2, 14, tzinfo=UTC)
    assert links[1].date is None and links[1].date_valid is False


def test_sitemap_entities_are_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://127.0.0.1:9/x&lol2;</loc>'
        b"</url></urlset>"
    )
    _, links = parse_sitemap(bomb, BASE)
    assert all("lollol" not in link.url for link in links)


def test_rss_feed_items_with_dates():
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>RS</title>'
        b"<item><title>A</title><link>http://127.0.0.1:9/a?rebelltitem=2</link>"
        b"<pubDate>Wed, 20 May 2026 14:00:00 -0400</pubDate></item>"
        b"<item><title>B</title><link>/b/</link><pubDate>not a date</pubDate></item></channel></rss>"
    )
    links = parse_feed(feed, BASE)
    assert [link.url for link in links] == ["http://127.0.0.1:9/a?rebelltitem=2", "http://127.0.0.1:9/b/"]
    assert links[0].date == datetime(2026, 5, 20, 18, tzinfo=UTC)
    assert links[1].date_valid is False


def test_non_feed_is_none():
    assert parse_feed(b"<html><body>hi</body></html>", BASE) is None
    assert parse_feed(b"", BASE) is None


def test_page_links_absolute_and_filtered():
    html = b'<a href="/tag/iran/">t</a><a href="#top">x</a><a href="mailto:a@b">m</a><a href="/x?mc_cid=1">y</a>'
    assert page_links(html, BASE) == ["http://127.0.0.1:9/tag/iran/", "http://127.0.0.1:9/x?mc_cid=1"]


def test_atom_entry_link_is_the_alternate_one():
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <link rel="enclosure" type="image/jpeg" href="/media-library/a.jpg?id=1"/>
      <link rel="replies" href="/story-one#comments"/>
      <link rel="alternate" type="text/html" href="/story-one"/>
      <published>2024-05-01T10:00:00Z</published></entry>
      <entry><link href="https://responsiblestatecraft.org/story-two"/></entry></feed>"""
    links = parse_feed(body, "https://responsiblestatecraft.org")
    assert [link.url for link in links] == [
        "https://responsiblestatecraft.org/story-one",
        "https://responsiblestatecraft.org/story-two",
    ]
