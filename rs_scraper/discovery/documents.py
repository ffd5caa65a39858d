"""Pure parsers of the site's discovery documents: robots.txt, sitemaps, RSS feeds, listing pages (the sources
of this package read their responses with these).

They take bytes and return plain data, so they are testable without a crawl. XML is parsed with entity
expansion and network access off, and with lxml's default size limits (no ``huge_tree``).

Sitemaps are *streamed* (``iter_sitemap``): lxml's iterparse reads one ``<url>`` at a time and each element is
freed once read, and a gzipped sitemap is inflated while it is parsed (never whole in memory, and at most
``max_size`` bytes: a gzip bomb stops there). A million-URL sitemap therefore costs its compressed bytes plus
one entry, and the spider keeps what it has seen compactly (rs_scraper.compact.KeyTable: a URL's bytes, no str).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from scrapy.utils.sitemap import sitemap_urls_from_robots

from rs_scraper.timeutil import parse_rfc2822, parse_w3c


@dataclass(frozen=True)
class Link:
    url: str
    date: datetime | None = None  # sitemap lastmod or feed pubDate
    date_valid: bool = True  # False when the document gave a date we could not read
    lastmod: str | None = None  # a sitemap's <lastmod> verbatim (None for feed items): what is stored and compared
    modified: datetime | None = None  # a feed item's modification date (dcterms:modified, Atom updated)


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    return list(dict.fromkeys(sitemap_urls_from_robots(body, base_url=base_url)))


def _w3c(raw: str | None) -> tuple[datetime | None, bool]:
    if not raw:
        return None, True
    parsed = parse_w3c(raw)
    return parsed, parsed is not None


class TooLarge(ValueError):
    """A (gzipped) document inflates past its size limit."""


class _Bounded(io.RawIOBase):
    """Reads ``source`` and raises TooLarge past ``limit`` bytes (0 = no limit)."""

    def __init__(self, source: BinaryIO | io.BufferedIOBase, limit: int) -> None:
        self.source, self.limit, self.count = source, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.source.read(len(buffer))
        self.count += len(data)
        if self.limit and self.count > self.limit:
            raise TooLarge(f"inflates past {self.limit} bytes")
        buffer[: len(data)] = data
        return len(data)


def sitemap_source(body: bytes, max_size: int = 0) -> BinaryIO:
    """A stream of the sitemap's XML: the body itself, or inflated on the fly when it is gzip (whatever its
    name or headers say), never more than ``max_size`` bytes."""
    if body[:2] == b"\x1f\x8b":
        return io.BufferedReader(_Bounded(gzip.GzipFile(fileobj=io.BytesIO(body)), max_size))
    return io.BytesIO(body)


def _local(tag) -> str:
    return lxml.etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def iter_sitemap(source: bytes | BinaryIO, base_url: str) -> tuple[str, Iterator[Link]]:
    """("sitemapindex" | "urlset" | "invalid", a lazy iterator of its entries). Entities are never expanded nor
    loaded (no DTD, no network); comments and processing instructions are dropped; each entry is freed once read.
    The iterator may raise TooLarge, lxml.etree.LxmlError or ValueError on a broken or oversized document."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    events = lxml.etree.iterparse(
        stream,
        events=("start", "end"),
        recover=True,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        collect_ids=False,
    )
    try:
        _, root = next(events)
    except (StopIteration, lxml.etree.LxmlError, ValueError):
        return "invalid", iter(())
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        return "invalid", iter(())
    entry = "sitemap" if kind == "sitemapindex" else "url"

    def entries() -> Iterator[Link]:
        for event, element in events:
            if event != "end" or _local(element.tag) != entry:
                continue
            loc = lastmod = None
            for child in element:
                name = _local(child.tag)
                if name == "loc" and loc is None:
                    loc = (child.text or "").strip()
                elif name == "lastmod" and lastmod is None:
                    lastmod = (child.text or "").strip()
            element.clear()
            while element.getprevious() is not None:  # siblings already read: free them too
                del element.getparent()[0]
            if loc:
                date, valid = _w3c(lastmod or None)
                yield Link(urljoin(base_url, loc), date, valid, lastmod or None)

    return kind, entries()


def parse_sitemap(body: bytes, base_url: str) -> tuple[str, list[Link]]:
    """("sitemapindex" | "urlset" | "invalid", links): ``iter_sitemap`` read whole (small documents, tests)."""
    try:
        kind, links = iter_sitemap(sitemap_source(body), base_url)
        return kind, list(links)
    except (lxml.etree.LxmlError, ValueError, OSError, EOFError):
        return "invalid", []


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
                modified = parse_w3c(
                    item.findtext("{http://purl.org/dc/terms/}modified")
                    or item.findtext("{http://www.w3.org/2005/Atom}updated")
                )
                links.append(Link(urljoin(base_url, url), date, raw is None or date is not None, modified=modified))
        return links
    if tag == "feed":  # Atom
        links = []
        for entry in root.iter("{http://www.w3.org/2005/Atom}entry"):
            link = _atom_alternate(entry)
            if link is not None:
                published = entry.findtext("{http://www.w3.org/2005/Atom}published")
                updated = entry.findtext("{http://www.w3.org/2005/Atom}updated")
                date, valid = _w3c(published or updated)
                modified = parse_w3c(updated) if published else None
                links.append(Link(urljoin(base_url, link.get("href")), date, valid, modified=modified))
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
