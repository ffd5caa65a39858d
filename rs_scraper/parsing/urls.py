"""URL normalisation: the article URL (tracking parameters out, no trailing slash) and image URLs."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from rs_scraper.parsing.options import TRACKING_PARAMS, TRACKING_PREFIXES


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, fragment, tracking parameters and trailing slash removed."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    if parts.scheme not in ("http", "https"):
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)]
    path = parts.path.rstrip("/") or ""
    netloc = parts.netloc.lower()
    if netloc.endswith(":80") and parts.scheme == "http" or netloc.endswith(":443") and parts.scheme == "https":
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))


def same_site(a: str, b: str) -> bool:
    """Hosts equal up to a leading www."""
    try:
        ha, hb = urlsplit(a).hostname or "", urlsplit(b).hostname or ""
    except ValueError:
        return False
    return ha.removeprefix("www.") == hb.removeprefix("www.")


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
        absolute = urljoin(base or "", src) if base and base.startswith(("http://", "https://")) else src
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    ids = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k == "id"][:1]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(ids), ""))
