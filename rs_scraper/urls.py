"""URL knowledge of the site: canonical form and what an article URL looks like.

One article is reached under many URLs on the real site ([RS], rs-site.md): with tracking parameters
(``?rebelltitem=2``, ``?mc_cid=…&mc_eid=…``, ``utm_*``), with or without the trailing slash. We request each
article once, under its canonical URL: the configured base's scheme and host, the path without its trailing
slash, tracking parameters removed, the remaining parameters sorted.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({"rebelltitem", "mc_cid", "mc_eid", "fbclid", "gclid", "dclid", "msclkid", "ref",
                             "share", "amp"})
TRACKING_PREFIXES = ("utm_", "mc_", "__")  # utm_*, Mailchimp mc_*, HubSpot __hs*

# Listing and chrome paths (compared against the path with one trailing slash) that are never articles ([RS] for tag/regions/author/about; the rest are RebelMouse
# or WordPress plumbing).
_NOT_ARTICLE_PREFIXES = (
    "/tag/", "/tags/", "/regions/", "/region/", "/author/", "/authors/", "/about/", "/feeds/", "/feed/", "/res/",
    "/media-library/", "/sitemaps/", "/search/", "/wp-json/", "/wp-content/", "/wp-admin/", "/page/",
    "/category/", "/topic/", "/sections/", "/section/", "/newsletter/", "/donate/", "/contact/", "/privacy/",
    "/terms/", "/login/", "/register/", "/static/", "/assets/", "/video-section/",
)
_FILE_EXT = re.compile(r"\.(?:xml|rss|js|css|json|png|jpe?g|gif|webp|svg|pdf|ico|txt|zip|mp4|mp3)$", re.I)
_WP_ARTICLE = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+$")
_SLUG = re.compile(r"^/[^/]+$")


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonicalize(url: str, base_url: str | None = None) -> str:
    """The one URL we request and store for ``url``.

    With ``base_url`` a URL on the same host is moved to the base's scheme and port (the real site is https;
    a feed that says http is the same article).
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an invalid IPv6 netloc: leave it alone, the caller's checks will refuse it
        return url.strip()
    if parts.scheme.lower() not in ("http", "https"):
        return url.strip()
    scheme, netloc = parts.scheme.lower(), parts.netloc.lower()
    if (scheme, parts.port) in (("http", 80), ("https", 443)):
        netloc = netloc.rsplit(":", 1)[0]
    if base_url:
        base = urlsplit(base_url)
        if parts.hostname and parts.hostname == base.hostname:
            scheme, netloc = base.scheme.lower(), base.netloc.lower()
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def same_site(url: str, base_url: str) -> bool:
    """True when ``url`` is on the configured host (scheme and port may differ only as canonicalize allows)."""
    return urlsplit(url).hostname == urlsplit(base_url).hostname


def looks_like_article(url: str) -> bool:
    """Whether a site URL has one of the three article shapes ([RS]): ``/<slug>``, ``/<slug>-<id>``,
    ``/YYYY/MM/DD/<slug>``. Listing, feed, media and plumbing paths are not."""
    path = urlsplit(url).path
    if len(path) > 1:
        path = path.rstrip("/")
    if path in ("", "/") or _FILE_EXT.search(path):
        return False
    lowered = path.lower() + "/"
    if lowered.startswith(_NOT_ARTICLE_PREFIXES) or "/page/" in lowered:
        return False
    return bool(_SLUG.match(path) or _WP_ARTICLE.match(path))


def check_http_url(url: str, what: str = "URL") -> str:
    """``url`` when it is an absolute http(s) URL with a host; ValueError (a one-line message) otherwise."""
    try:
        parts = urlsplit(url.strip())
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"bad {what} {url!r}: expected http(s)://host[:port][/path]")
    return url.strip()
