"""URL knowledge of the site: canonical form and what an article URL looks like.

One article is reached under many URLs on the real site ([RS], rs-site.md): with tracking parameters
(``?rebelltitem=2``, ``?mc_cid=…&mc_eid=…``, ``utm_*``), with or without the trailing slash. We request each
article once, under its canonical URL: the configured base's scheme and host, the path without its trailing
slash, tracking parameters removed, the remaining parameters sorted.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

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


_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def _normalize_path(path: str) -> str:
    """One spelling per path (RFC 3986 6.2.2): non-ASCII (an IRI slug from a feed) percent-encoded as UTF-8,
    escapes in upper case, escaped unreserved characters decoded. ``/café`` == ``/caf%C3%A9`` == ``/caf%c3%a9``."""
    path = quote(path, safe="/%:@!$&'()*+,;=-._~")

    def fix(m: re.Match) -> str:
        ch = chr(int(m.group(1), 16))
        return ch if ch in _UNRESERVED else "%" + m.group(1).upper()

    return _ESCAPE.sub(fix, path)


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonicalize(url: str, base_url: str | None = None) -> str:
    """The one URL we request and store for ``url``.

    With ``base_url`` a URL on the same site (:func:`same_site`: the same host, or its ``www.`` form) is moved
    to the base's scheme, host and port (the real site is https; a feed that says http, or a sitemap that says
    ``www.``, is the same article).
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
        if parts.hostname and _site_host(parts.hostname) == _site_host(urlsplit(base_url).hostname):
            base = urlsplit(base_url)
            scheme, netloc = base.scheme.lower(), base.netloc.lower()
    path = re.sub(r"/{2,}", "/", _normalize_path(parts.path or "/"))
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def as_listed(url: str, base_url: str) -> str:
    """Where a discovered URL is requested: its canonical form (:func:`canonicalize`) but with the trailing
    slash the site gave it. The slash does not change which article it is (the identity is the canonical URL),
    but a server may answer only the form it lists (a section page at ``/europe/`` and a 404 at ``/europe``),
    so we ask for what the site named."""
    canonical = canonicalize(url, base_url)
    try:
        listed = urlsplit(url.strip()).path
    except ValueError:
        return canonical
    parts = urlsplit(canonical)
    if len(listed) > 1 and listed.endswith("/") and not parts.path.endswith("/"):
        return urlunsplit((parts.scheme, parts.netloc, parts.path + "/", parts.query, ""))
    return canonical


def _site_host(host: str | None) -> str:
    host = (host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, base_url: str) -> bool:
    """True when ``url`` is on the configured site: the base's host, or its ``www.`` form (either way round).

    Scheme and port do not matter here: :func:`canonicalize` and :func:`rebase` move such a URL onto the
    configured base, so that only the configured origin is ever requested (the host guard checks that).
    """
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return False
    return bool(host) and _site_host(host) == _site_host(urlsplit(base_url).hostname)


def rebase(url: str, base_url: str) -> str:
    """A same-site discovery URL (robots ``Sitemap:`` line, sitemap index entry) on the configured base's scheme,
    host and port, path and query kept as they are; other URLs unchanged.

    A site's robots.txt and sitemaps name its public origin (``https://``, maybe ``www.``), which need not be the
    one we were told to crawl (a mirror on ``http://127.0.0.1:PORT``, or the bare host).
    """
    if not same_site(url, base_url):
        return url
    parts, base = urlsplit(url.strip()), urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))


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


def with_origin(url: str, origin_url: str) -> str:
    """``url`` with the scheme, host and port of ``origin_url`` (path and query kept as they are)."""
    parts, origin = urlsplit(url.strip()), urlsplit(origin_url)
    return urlunsplit((origin.scheme, origin.netloc, parts.path or "/", parts.query, ""))


def onto_site(url: str | None, base_url: str, site_url: str) -> str | None:
    """A URL the page names on the crawl base (an image of a mirror page) moved onto the site's origin; any
    other URL as it is. Shared by the spider and ``rs-scraper reparse``, so both store the same value."""
    return with_origin(url, site_url) if url and same_site(url, base_url) else url


def article_onto_site(article, base_url: str, site_url: str) -> None:
    """Every URL of a parsed article that names the crawl base (a mirror's lead and in-body images, a link
    written absolute on the mirror's origin) moved onto the site's origin, as :func:`onto_site` does; a moved
    link is internal, and ``text_markdown`` names it the same way. Shared by the spider and ``rs-scraper
    reparse``."""
    article.image_url = onto_site(article.image_url, base_url, site_url)
    for image in article.images or ():
        image["url"] = onto_site(image["url"], base_url, site_url)
    for link in article.links or ():
        moved = onto_site(link["url"], base_url, site_url)
        if moved != link["url"]:
            if article.text_markdown:
                article.text_markdown = article.text_markdown.replace(f"]({link['url']})", f"]({moved})")
            link.update(url=moved, domain=_site_host(urlsplit(moved).hostname), internal=True)


def to_site(url: str, base_url: str, site_url: str) -> str:
    """The identity of an article URL: canonical (:func:`canonicalize`) and on the site's own origin
    (``RS_SITE_URL``, ``https://responsiblestatecraft.org``) whether it was found on the crawl base (a mirror on
    ``http://127.0.0.1:PORT``) or named with the site's host; any other URL is only canonicalised.

    What a crawl stores in ``url``: the same article has the same identity whatever base it was fetched from,
    so crawling a mirror on another port never duplicates a row.
    """
    canonical = canonicalize(url, base_url)
    if same_site(canonical, base_url) or same_site(canonical, site_url):
        return with_origin(canonical, site_url)
    return canonical
