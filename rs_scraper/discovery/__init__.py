"""Discovery: where the crawl finds article URLs.

Sources, in the order ``RS_DISCOVERY_SOURCES`` gives them (settings.py, group "Discovery"), each a small class
with one interface (:class:`rs_scraper.discovery.base.Source`), in the manner of fundus's ``sources=[...]``:

- ``robots.RobotsSource``: robots.txt ``Sitemap:`` lines (docs/site-facts.md §3.5, §3.6);
- ``sitemaps.SitemapSource``: the sitemap index, its sitemaps and the news sitemap, whose ``<lastmod>`` drives
  ``since`` and incremental crawls (§3.5);
- ``feed.FeedSource``: the RSS feed, paged, for what is newer than the sitemaps (§3.1, §3.2, §3.4);
- ``listings.ListingSource``: listing pages, only when every source before gave no article (§2.4, §2.5).

``documents`` holds the pure parsers of the documents they read (bytes in, plain data out). The spider
(rs_scraper.spiders.rs) drives the sources and decides and fetches the articles they find.
"""

from rs_scraper.discovery.documents import (
    Link,
    TooLarge,
    iter_sitemap,
    page_links,
    parse_feed,
    parse_sitemap,
    robots_sitemaps,
    sitemap_source,
)

__all__ = [
    "Link",
    "TooLarge",
    "iter_sitemap",
    "page_links",
    "parse_feed",
    "parse_sitemap",
    "robots_sitemaps",
    "sitemap_source",
]
