"""Pure parsers of the site's discovery documents: robots.txt, sitemaps, RSS feeds, listing pages.

They take bytes and return plain data, so they are testable without a crawl. XML is parsed with entity
expansion and network access off, and with lxml's default size limits (no ``huge_tree``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from rs_scraper.timeutil import parse_rfc2822, parse_w3c


@dataclass(frozen=True)
class Link:
    url: str
    date: datetime | None = None  # sitemap lastmod or feed pubDate
    date_valid: bool = True  # False when the document gave a date we could not read
    lastmod: str | None = None  # a sitemap's <lastmod> verbatim (None for feed items): what is stored and compared


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    return list(dict.fromkeys(sitemap_urls_from_robots(body, base_url=base_url)))


def _w3c(raw: str | None) -> tuple[datetime | None, bool]:
    if not raw:
        return None, True
    parsed = parse_w3c(raw)
    return parsed, parsed is not None


def parse_sitemap(body: bytes, base_url: str) -> tuple[str, list[Link]]:
    """("sitemapindex" | "urlset" | "invalid", links)."""
    try:
        sitemap = Sitemap(body)
        links = []
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            raw = (entry.get("lastmod") or "").strip() or None
            date, valid = _w3c(raw)
            links.append(Link(urljoin(base_url, loc), date, valid, raw))
        kind = sitemap.type if sitemap.type in ("sitemapindex", "urlset") else "invalid"
    except (lxml.etree.LxmlError, StopIteration, ValueError):
        return "invalid", []
    return kind, links


_XML_PARSER_OPTS = dict(resolve_entities=False, no_network=True, recover=True, remove_comments=True)


def parse_feed(body: bytes, base_url: str) -> list[Link] | None:
    """Items of an RSS 2.0 (or Atom) feed page; None when the body is not a feed."""
    try:
        root = lxml.etree.fromstring(body, lxml.etree.XMLParser(**_XML_PARSER_OPTS))
    except (lxml.etree.LxmlError, ValueError):
        return None
    if root is None:
        return None
    tag = lxml.etree.QName(root).localname.lower()
    if tag == "rss":
        links = []
        for item in root.iter("item"):
            url = (item.findtext("link") or "").strip() or (item.findtext("guid") or "").strip()
            if url:
                raw = item.findtext("pubDate")
                date = parse_rfc2822(raw)
                links.append(Link(urljoin(base_url, url), date, raw is None or date is not None))
        return links
    if tag == "feed":  # Atom
        links = []
        for entry in root.iter("{http://www.w3.org/2005/Atom}entry"):
            link = _atom_alternate(entry)
            if link is not None:
                raw = entry.findtext("{http://www.w3.org/2005/Atom}published") or entry.findtext(
                    "{http://www.w3.org/2005/Atom}updated")
                date, valid = _w3c(raw)
                links.append(Link(urljoin(base_url, link.get("href")), date, valid))
        return links
    return None


def _atom_alternate(entry):
    """The entry's page link: ``rel="alternate"`` (or no rel, which means alternate; RFC 4287 4.2.7.2), not an
    enclosure, replies or self link that may come first."""
    links = [x for x in entry.findall("{http://www.w3.org/2005/Atom}link") if (x.get("href") or "").strip()]
    for link in links:
        if (link.get("rel") or "alternate").strip().lower() == "alternate":
            return link
    return None


def page_links(body: bytes, base_url: str, encoding: str | None = None) -> list[str]:
    """Every ``<a href>`` of an HTML page, absolute, in page order."""
    try:
        parser = lxml.html.HTMLParser(encoding=encoding) if encoding else None
        doc = lxml.html.document_fromstring(body, parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return []
    hrefs = (a.get("href", "").strip() for a in doc.iter("a"))
    return [urljoin(base_url, h) for h in hrefs if h and not h.startswith(("#", "mailto:", "javascript:"))]
