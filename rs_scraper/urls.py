"""Every URL rule of the site, in one place: the canonical form, what an article URL looks like, which paths are
listings or static pages, and where a discovered URL is requested and stored (:func:`locate`).

One article is reached under many URLs on the real site (docs/site-facts.md §2.3): with tracking parameters
(``?rebelltitem=2``, ``?mc_cid=…&mc_eid=…``, ``utm_*``), with or without the trailing slash. We request each
article once, under its canonical URL: the configured base's scheme and host, the path without its trailing
slash, tracking parameters removed, the remaining parameters sorted.

The spider (rs_scraper.discovery's sources), the parser's path verdicts (rs_scraper.parsing.verdict) and the body
links (rs_scraper.parsing.urls) all call these; none writes a path rule of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Parameters that never change which page is served (§2.3: RebelMouse's related-item parameter, Mailchimp's
# campaign ids; the rest are common click trackers).
TRACKING_PARAMS = frozenset(
    {"rebelltitem", "mc_cid", "mc_eid", "fbclid", "gclid", "dclid", "msclkid", "ref", "share", "amp"}
)
TRACKING_PREFIXES = ("utm_", "mc_", "__")  # utm_*, Mailchimp mc_*, HubSpot __hs* (§2.3)

# --- What a path is: listings and static pages (§2.4, §2.5, §2.7) ---------------------------------------------
# The path rules that decide alone, first match wins: (pattern, reason, a listing crawl follows it). The reason is
# the parser's verdict on a page there (rs/dropped/not_article/<reason>); the site's own are tag, regions, author
# and about (§2.4), page N (§2.5), /u/-style author pages elsewhere (§2.7); the rest are WordPress and
# RebelMouse plumbing.
_PATH_RULES = (
    (re.compile(r"^/?$"), "listing", True),  # home page
    (
        re.compile(r"^/(?:tags?|topics?|regions?|sections?|categor(?:y|ies)|type|archives?)(?:/|$)", re.I),
        "listing",
        True,
    ),
    (re.compile(r"^/(?:search|feeds?|res)(?:/|$)", re.I), "listing", False),  # search, feeds, RebelMouse /res/
    (re.compile(r"^/(?:[^/]+/)*page/\d+/?$", re.I), "listing", True),
    (re.compile(r"^/(?:authors?|contributors?|people|staff)(?:/|$)", re.I), "author_page", True),
    (re.compile(r"^/about/?$", re.I), "about_page", False),
)
# Slugs that only start like a static page: "/about-us", "/privacy-policy", "/newsletter-signup" (the word and at
# most two more); a longer slug ("/newsletter-boom-narrows-the-debate") or one ending in a post id is an
# article's. Weaker than the page: the parser lets article metadata or a long body overrule them.
_SOFT_PATH_RULES = (
    (re.compile(r"^/about(?:[-_][a-z]+){1,2}/?$", re.I), "about_page"),
    (
        re.compile(
            r"^/(?:contact|donate|privacy(?:-policy)?|terms(?:-of-use)?|submissions?|masthead|newsletters?"
            r"|subscribe|login|signup|sitemap)(?:[-_][a-z]+){0,2}(?:/[^/]*)?/?$",
            re.I,
        ),
        "static_page",
    ),
)
# A date in the path followed by a hyphenated slug: an article, whatever section prefix comes before it
# (/sections/health/2024/01/10/1223344/some-story: other sites' article paths).
_DATED_SLUG = re.compile(r"/(?:19|20)\d\d/\d\d?/(?:\d\d?/)?(?:\d+/)?[^/]*[a-z][^/]*-[^/]+/?$", re.I)
_PAGED = re.compile(r"/page/\d+/?$", re.I)
# Paths (compared against the path with one trailing slash) that are never articles nor listings we follow:
# media, sitemaps, WordPress and RebelMouse plumbing, static pages (§2.4, §2.6).
_NOT_ARTICLE_PREFIXES = (
    "/about/",
    "/media-library/",
    "/sitemaps/",
    "/wp-json/",
    "/wp-content/",
    "/wp-admin/",
    "/page/",
    "/newsletter/",
    "/donate/",
    "/contact/",
    "/privacy/",
    "/terms/",
    "/login/",
    "/register/",
    "/static/",
    "/assets/",
    "/video-section/",
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
    return _slash_as_listed(url, canonicalize(url, base_url))


def _slash_as_listed(url: str, canonical: str) -> str:
    """``canonical`` (the canonical form of ``url``) with the trailing slash ``url`` has."""
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
    """Whether a site URL has one of the three article shapes (§2.1): ``/<slug>``, ``/<slug>-<id>``,
    ``/YYYY/MM/DD/<slug>``. Listing (:func:`path_reason`), feed, media and plumbing paths are not."""
    path = urlsplit(url).path
    if len(path) > 1:
        path = path.rstrip("/")
    if path in ("", "/") or _FILE_EXT.search(path):
        return False
    lowered = path.lower() + "/"
    if lowered.startswith(_NOT_ARTICLE_PREFIXES) or "/page/" in lowered or _path_rule(url) is not None:
        return False
    return bool(_SLUG.match(path) or _WP_ARTICLE.match(path))


def _http_path(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    return parts.path or "/"


def _path_rule(url: str) -> tuple[str, bool] | None:
    """(reason, followed) of the first hard path rule ``url`` matches (http(s) URLs only), or None."""
    path = _http_path(url)
    if path is None:
        return None
    for rx, reason, followed in _PATH_RULES:
        if rx.match(path):
            if reason == "listing" and _DATED_SLUG.search(path) and not _PAGED.search(path):
                continue  # a dated article slug under a section prefix
            return reason, followed
    return None


def path_reason(url: str) -> str | None:
    """Why a URL is not an article by its path alone, on the rules that decide alone (``listing``,
    ``author_page``, ``about_page``), or None. The parser's hard verdict (rs_scraper.parsing.verdict)."""
    rule = _path_rule(url)
    return rule[0] if rule else None


def soft_path_reason(url: str) -> str | None:
    """``about_page`` or ``static_page`` when the path only starts like one (``/about-us``, ``/contact``): the
    page may overrule it (rs_scraper.parsing.verdict.after_extraction)."""
    path = _http_path(url)
    if path is None:
        return None
    return next((reason for rx, reason in _SOFT_PATH_RULES if rx.match(path)), None)


def is_listing(url: str) -> bool:
    """A page whose links a listing crawl follows: the home page, tag, region, section and author pages, page N
    of any of them (:data:`_PATH_RULES`); not search, feeds or static pages."""
    rule = _path_rule(url)
    return bool(rule and rule[1])


def document_key(url: str) -> str:
    """The identity of a discovery document (a sitemap, a feed page, a listing page) for "requested once per
    run": w3lib's canonical form, which keeps every parameter (``?page=2`` is another document) and the slash."""
    return canonicalize_url(url)


@dataclass(frozen=True, slots=True)
class Located:
    """A discovered URL, canonicalised once (:func:`locate`): what it is stored as and where it is requested."""

    key: str  # its identity: canonical, on the site's origin (the stored ``url``; what ``seen`` holds)
    fetch: str  # where it is requested: canonical with the slash the site listed, on the crawl base
    on_site: bool  # on the crawl base or the site's origin; anything else is never requested


def locate(url: str, base_url: str, site_url: str) -> Located:
    """``url`` as the crawl carries it: :func:`to_site` gives its identity and :func:`as_listed` (on the crawl
    base) where it is requested, both from one :func:`canonicalize`."""
    canonical = canonicalize(url, base_url)
    if not (same_site(url, base_url) or same_site(url, site_url)):
        return Located(canonical, canonical, False)
    return Located(with_origin(canonical, site_url), with_origin(_slash_as_listed(url, canonical), base_url), True)


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
            link.update(url=moved, domain=_site_host(urlsplit(moved or "").hostname), internal=True)


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
