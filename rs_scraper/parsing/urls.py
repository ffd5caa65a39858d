"""Image URL normalisation (article URLs are canonicalised by rs_scraper.urls)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from rs_scraper.parsing.options import SITE_HOST
from rs_scraper.urls import TRACKING_PARAMS, TRACKING_PREFIXES, canonicalize


def _tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def image_url(src: str | None, base: str | None) -> str | None:
    """Absolute image URL with only its ``id`` query parameter kept; None for data: placeholders."""
    if not src:
        return None
    src = src.strip()
    if not src or src.startswith(("data:", "javascript:", "about:", "blob:")):
        return None
    if " " in src and "," in src:  # a srcset slipped in: first candidate
        src = src.split(",")[0].split()[0]
    try:
        # urljoin is the costly part and most image URLs are absolute already (hot: several calls a page)
        relative = not src.startswith(("http://", "https://"))
        absolute = urljoin(base, src) if relative and base and base.startswith(("http://", "https://")) else src
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    query = ""
    if "id=" in parts.query:
        ids = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k == "id"][:1]
        query = urlencode(ids)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def link_url(href: str | None, base: str | None) -> str | None:
    """A body link's URL, absolute and canonical: scheme and host lower-cased, default port, fragment and tracking
    parameters (rs_scraper.urls.TRACKING_PARAMS, utm_*, mc_*) dropped, every other parameter kept in its order.
    None for what is not a web link (mailto:, javascript:, a bare #fragment). A link to the site itself
    (:func:`is_internal`) is canonical as an article URL is (rs_scraper.urls.canonicalize: no trailing slash,
    parameters sorted)."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:", "about:", "blob:")):
        return None
    try:
        relative = not href.startswith(("http://", "https://"))
        absolute = urljoin(base, href) if relative and base and base.startswith(("http://", "https://")) else href
        parts = urlsplit(absolute)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    if parts.username:
        return None
    query = parts.query
    if query:
        kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _tracking(k)]
        query = urlencode(kept)
    url = urlunsplit((scheme, host, parts.path or "/", query, ""))
    if is_internal(url, base):  # a link to the site: in the form of an article's url, so it joins that row
        url = canonicalize(url, base if link_domain(url) == link_domain(base) else None)
    return url


def link_domain(url: str | None) -> str:
    """A link's host, lower-cased, without ``www.`` and port: what a citation count groups by ("" for none)."""
    host = (urlsplit(url or "").hostname or "").rstrip(".")
    return host[4:] if host.startswith("www.") else host


def is_internal(url: str, page_url: str | None) -> bool:
    """A link to the site itself: responsiblestatecraft.org (``www.`` or not), or the host the page was read from
    (a mirror or a copy of the site serves it under another origin)."""
    domain = link_domain(url)
    return (
        domain == SITE_HOST
        or page_url is not None
        and page_url.startswith(("http://", "https://"))
        and domain == link_domain(page_url)
    )


def link_record(url: str, text: str, page_url: str | None) -> dict:
    """One entry of the ``links`` column (rs_scraper.items), for a URL :func:`link_url` made."""
    return {"url": url, "text": text, "domain": link_domain(url), "internal": is_internal(url, page_url)}
