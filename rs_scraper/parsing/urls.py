"""Image URL normalisation (article URLs are canonicalised by rs_scraper.urls)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit



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
