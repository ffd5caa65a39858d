"""An independent red-team site server for whole-site crawls.

Written from ``/work/shared/rs-site.md`` only (not from rs_scraper/mirror), to check that the spider's discovery
holds on a site built by someone else. Each :class:`SiteConfig` makes different, fact-consistent choices:
where the sitemaps live, gzip or not, what the robots.txt says, feed format, listing pages, faults.

Every config knows the set of article URLs a faithful crawler must collect (canonical form: the server's base
URL + the path without its trailing slash, no query) and the robots rules, so the test can judge the request
log. Decisions a config encodes (documented here, checked by tests/test_crawl_unseen_sites.py):

- A sitemap or robots ``Sitemap:`` URL on the SAME host and port but with ``https://`` (the site's public
  scheme) while the server speaks http, or on ``www.<host>``, is the same site: a faithful crawler fetches the
  path from the configured base URL (http) and records it under the base. Any other host
  (``elsewhere.invalid``) is off-site: never requested, not even resolved.
- Tracking parameters are ``rebelltitem``, ``mc_cid``, ``mc_eid`` and ``utm_*``; their names are matched
  without regard to letter case (``UTM_Source``) since the server ignores them either way.
- A WordPress-era URL requested without its trailing slash may be answered by a 301 to the slash form (as
  WordPress does); the row is still recorded under the slash-less canonical URL.

Everything is deterministic: the same config gives the same pages byte for byte (apart from the port).

Trap proxy: :class:`TrapProxy` is a loopback HTTP proxy. A test sets ``http_proxy``/``https_proxy`` to it
(with ``no_proxy=127.0.0.1``) so that any attempt to reach an off-site host lands there and is recorded,
instead of going anywhere: nothing leaves the machine.
"""

from __future__ import annotations

import gzip
import html
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TRACKING = re.compile(r"^(rebelltitem|mc_cid|mc_eid|utm_[a-z_]+)$", re.I)

WORDS = (
    "policy sanctions diplomacy restraint budget pentagon congress alliance treaty ceasefire "
    "embassy strategy deterrence escalation negotiation region security economy arms oversight "
    "hearing analysts officials administration envoy summit withdrawal troops bases drones"
).split()
AUTHORS = ("Ana Ruiz", "Ben Okafor", "Clara Holm", "Dev Patel", "Eli Stern", "Farah Nasser")
SECTIONS = (
    "Military Industrial Complex",
    "Middle East",
    "Asia-Pacific",
    "Europe",
    "Latin America",
    "Washington Politics",
    "QiOSK",
)
TYPES = ("Analysis", "Reporting", "Opinion", "News")


# ----------------------------------------------------------------------------------------------- articles


@dataclass
class Art:
    path: str  # canonical path, no trailing slash (WordPress ones are stored without it too)
    title: str
    published: datetime
    n: int

    @property
    def wp(self) -> bool:
        return bool(re.match(r"^/\d{4}/\d{2}/\d{2}/", self.path))


def _sentence(seed: int, k: int) -> str:
    words = [WORDS[(seed * 7 + i * 13 + k * 3) % len(WORDS)] for i in range(9 + (seed + k) % 6)]
    return (" ".join(words)).capitalize() + "."


def make_articles(
    prefix: str, count: int, start: datetime, shapes=("slug", "id", "wp"), step_hours=53, offset: int = 0
) -> list[Art]:
    out = []
    for i in range(count):
        n = offset + i
        when = start + timedelta(hours=step_hours * i)
        shape = shapes[i % len(shapes)]
        slug = f"{prefix}-{WORDS[n % len(WORDS)]}-{WORDS[(n * 5 + 3) % len(WORDS)]}-{n}"
        if shape == "id":
            path = f"/{slug}-{2668800000 + n * 37:010d}"
        elif shape == "wp":
            path = f"/{when:%Y/%m/%d}/{slug}"
        else:
            path = f"/{slug}"
        title = (
            f"{WORDS[(n * 3) % len(WORDS)].capitalize()} and {WORDS[(n * 11 + 1) % len(WORDS)]}: "
            f"what the {WORDS[(n * 2 + 5) % len(WORDS)]} means ({prefix}{n})"
        )
        out.append(Art(path, title, when, n))
    return out


def article_html(base: str, art: Art, *, canonical_slash: bool = False) -> str:
    n = art.n
    author = AUTHORS[n % len(AUTHORS)]
    user = author.lower().replace(" ", "-")
    section = SECTIONS[n % len(SECTIONS)]
    slug = section.lower().replace(" ", "-")
    kind = TYPES[n % len(TYPES)]
    paras = "\n".join(f"<p>{_sentence(n, k)} {_sentence(n + 1, k)} {_sentence(n + 2, k)}</p>" for k in range(5 + n % 3))
    iso = art.published.strftime("%Y-%m-%dT%H:%M:%SZ")
    canon = base + art.path + ("/" if canonical_slash or art.wp else "")
    t = html.escape(art.title)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{t} | Responsible Statecraft</title>
<meta property="og:title" content="{t}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{iso}">
<link rel="canonical" href="{canon}">
</head><body>
<header class="topbar"><div class="social-links">Follow us on social</div>
<nav><a href="/">Home</a> <a href="/regions/europe/">Europe</a> <a href="/tag/nato/">NATO</a>
<a href="/about/">About</a></nav></header>
<main>
<article class="widget image-article">
<div class="widget__head"><img src="/media-library/hero-{n}.jpg?id={1000 + n}&width=1200" alt="hero-{n}"></div>
<div class="widget__section-wrap">{kind} | <a class="widget__section" href="/regions/{slug}/">{section}</a></div>
<h1 class="widget__headline"><span class="widget__headline-text">{t}</span></h1>
<h2 class="widget__subheadline">A short dek about {WORDS[n % len(WORDS)]} number {n}.</h2>
<div class="post-author-list"><a class="social-author__name" href="/author/{user}/">{author}</a>
<div class="social-author__bio">{author} writes about {WORDS[(n + 4) % len(WORDS)]}.</div></div>
<div class="social-date"><span class="social-date__text">{art.published:%B %d, %Y}</span></div>
</article>
<div class="body-description">
{paras}
</div>
</main>
<aside class="posts-custom"><h3>LATEST</h3><a href="/">Other stories</a></aside>
</body></html>
"""


def listing_html(base: str, title: str, links: list[str], next_href: str | None = None) -> str:
    items = "\n".join(
        f'<div class="widget"><h2 class="widget__headline"><a class="widget__headline-text" href="{html.escape(h)}">'
        f'Story {i}</a></h2><div class="widget__section">Analysis</div></div>'
        for i, h in enumerate(links)
    )
    nxt = f'<a class="next" rel="next" href="{next_href}">Next page</a>' if next_href else ""
    return (
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Responsible Statecraft</title>
<link rel="next" href="{next_href}">\n</head>
<body><header><nav><a href="/">Home</a> <a href="/about/">About</a></nav></header>
<main class="posts-wrapper"><h1 class="section-title">{html.escape(title)}</h1>
{items}
{nxt}
</main></body></html>
"""
        if next_href
        else f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Responsible Statecraft</title></head>
<body><header><nav><a href="/">Home</a> <a href="/about/">About</a></nav></header>
<main class="posts-wrapper"><h1 class="section-title">{html.escape(title)}</h1>
{items}
</main></body></html>
"""
    )


ABOUT_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>About | Responsible Statecraft</title>
</head><body><main><h1>About Responsible Statecraft</h1><p>Responsible Statecraft is the online magazine of the
Quincy Institute for Responsible Statecraft.</p><p>It publishes analysis, reporting, opinion and news on US foreign
policy since 2019.</p></main></body></html>
"""


def author_html(name: str, links: list[str]) -> str:
    items = "\n".join(f'<li><a href="{html.escape(h)}">Story {i}</a></li>' for i, h in enumerate(links))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name} | Responsible Statecraft</title>
</head><body><main><div class="author-page"><h1 class="social-author__name">{name}</h1>
<div class="social-author__bio">{name} is a contributor.</div><ul>{items}</ul></div></main></body></html>
"""


# ----------------------------------------------------------------------------------------------- xml


def urlset(entries: list[tuple[str, str | None]], *, images: bool = False, news: list | None = None) -> str:
    ns = ['xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"']
    if images:
        ns.append('xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"')
    if news is not None:
        ns.append('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"')
    rows = []
    for i, (loc, lastmod) in enumerate(entries):
        r = f"<url><loc>{html.escape(loc)}</loc>"
        if lastmod:
            r += f"<lastmod>{lastmod}</lastmod>"
        if images:
            host = loc.split("/")[0] + "//" + loc.split("/")[2]
            r += (
                f"<image:image><image:loc>{host}/media-library/pic-{i}.jpg?id={500 + i}&amp;width=980</image:loc>"
                f"</image:image>"
            )
        if news is not None:
            title, date = news[i]
            r += (
                f"<news:news><news:publication><news:name>Responsible Statecraft</news:name>"
                f"<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{date}</news:publication_date><news:title>{html.escape(title)}"
                f"</news:title></news:news>"
            )
        rows.append(r + "</url>")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {" ".join(ns)}>\n' + "\n".join(rows) + "\n</urlset>\n"


def sitemapindex(entries: list[tuple[str, str | None]]) -> str:
    rows = "\n".join(
        f"<sitemap><loc>{html.escape(loc)}</loc>" + (f"<lastmod>{lm}</lastmod>" if lm else "") + "</sitemap>"
        for loc, lm in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + rows + "\n</sitemapindex>\n"
    )


def rss(items: list[tuple[str, str, datetime]], base: str) -> str:
    out = []
    for link, title, when in items:
        out.append(
            f"<item><title>{html.escape(title)}</title><link>{html.escape(link)}</link>"
            f'<guid isPermaLink="false">rs-{abs(hash(title)) % 10**8}</guid>'
            f"<pubDate>{when:%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
            f"<dc:creator>Staff</dc:creator></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Responsible Statecraft</title>'
        f"<link>{base}</link><description>RS</description>"
        f'<atom:link href="{base}/feeds/feed.rss" rel="self" type="application/rss+xml"/>\n'
        + "\n".join(out)
        + "\n</channel></rss>\n"
    )


def atom(items: list[tuple[str, str, datetime]], base: str, extra_links: bool = False) -> str:
    out = []
    for i, (link, title, when) in enumerate(items):
        extra = (
            (
                f'<link rel="enclosure" type="image/jpeg" href="/media-library/lead-{i}.jpg?id={900 + i}"/>'
                f'<link rel="replies" type="text/html" href="{html.escape(link)}#comments"/>'
            )
            if extra_links
            else ""
        )
        out.append(
            f"<entry><title>{html.escape(title)}</title>{extra}"
            f'<link rel="alternate" type="text/html" href="{html.escape(link)}"/>'
            f"<id>tag:rs,{when:%Y}:{html.escape(title[-12:])}</id>"
            f"<updated>{when:%Y-%m-%dT%H:%M:%S}Z</updated><published>{when:%Y-%m-%dT%H:%M:%S}Z</published>"
            f"<author><name>Staff</name></author></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Responsible Statecraft</title><id>{base}/</id><updated>2024-04-01T00:00:00Z</updated>"
        f'<link rel="self" href="{base}/feeds/feed.rss"/><link rel="alternate" href="{base}/"/>\n'
        + "\n".join(out)
        + "\n</feed>\n"
    )


# ----------------------------------------------------------------------------------------------- robots


def robots_rules(text: str, agent: str = "rs_scraper") -> list[tuple[bool, str]]:
    """The (allow, pattern) rules of the group that applies to ``agent`` (RFC 9309), for judging the log."""
    groups: list[tuple[list[str], list[tuple[bool, str]]]] = []
    cur_agents: list[str] = []
    cur_rules: list[tuple[bool, str]] | None = None
    for raw in text.lstrip("\ufeff").splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, val = (s.strip() for s in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if cur_rules is not None:
                groups.append((cur_agents, cur_rules))
                cur_agents, cur_rules = [], None
            cur_agents.append(val.lower())
        elif key in ("allow", "disallow"):
            if cur_rules is None:
                cur_rules = []
            if val:
                cur_rules.append((key == "allow", val))
    if cur_agents:
        groups.append((cur_agents, cur_rules or []))
    specific = [r for a, r in groups if any(x != "*" and agent.lower().startswith(x) for x in a)]
    if specific:
        return [rule for r in specific for rule in r]
    return [rule for a, r in groups if "*" in a for rule in r]


def _pattern_match(pattern: str, path: str) -> int:
    rx = "".join(
        ".*" if c == "*" else ("$" if c == "$" and i == len(pattern) - 1 else re.escape(c))
        for i, c in enumerate(pattern)
    )
    return len(pattern) if re.match(rx, path) else -1


def robots_allowed(rules: list[tuple[bool, str]], path_and_query: str) -> bool:
    best_len, allowed = -1, True
    for allow, pat in rules:
        ln = _pattern_match(pat, path_and_query)
        if ln > best_len or (ln == best_len and ln >= 0 and allow):
            best_len, allowed = ln, allow
    return allowed


# ----------------------------------------------------------------------------------------------- server


@dataclass
class Resp:
    status: int
    ctype: str = "text/html; charset=utf-8"
    body: bytes = b""
    headers: dict = field(default_factory=dict)


@dataclass
class LogEntry:
    method: str
    target: str  # path + query as requested
    status: int
    host: str


def canon_path(target: str) -> str:
    """Path of a request target without query and trailing slash (article identity on this server)."""
    p = urlsplit(target).path
    return p.rstrip("/") or "/"


class SiteConfig:
    """A whole site: routes built once the port is known. Subclasses fill :meth:`build`."""

    name = "base"
    #: paths (canonical) that answer 500 twice before 200
    flaky: set[str] = set()
    #: exact route targets (sitemaps...) that answer 500 twice before 200
    flaky_routes: set[str] = set()
    #: the feed answers every ?page=N with page 1 (a server that ignores the parameter)
    feed_ignores_page = False

    def __init__(self) -> None:
        self.base = ""
        self.routes: dict[str, Resp] = {}  # exact target (path[?query]) -> response
        self.pages: dict[str, Resp] = {}  # canonical path -> response (any query, either slash form)
        self.redirect_noslash: set[str] = set()  # canonical paths whose slash-less form 301s to the slash form
        self.expected: set[str] = set()  # canonical article paths a crawler must collect
        self.not_found: set[str] = set()  # canonical article paths listed somewhere that answer 404
        self.robots_text = ""
        self.offsite: set[str] = set()  # off-site URLs listed somewhere
        self.non_articles: set[str] = set()  # listing/author/about pages listed somewhere

    # helpers for subclasses
    def add_article(self, art: Art, **kw) -> None:
        self.pages[art.path] = Resp(200, body=article_html(self.base, art, **kw).encode())
        self.expected.add(art.path)

    def add_xml(self, path: str, text: str, ctype="application/xml; charset=utf-8", mode="plain") -> None:
        data = text.encode()
        if mode == "gzip-file":  # a .gz file served as such
            self.routes[path] = Resp(200, ctype, gzip.compress(data, mtime=0))
        elif mode == "content-encoding":  # XML compressed on the wire only
            self.routes[path] = Resp(200, ctype, gzip.compress(data, mtime=0), {"Content-Encoding": "gzip"})
        else:
            self.routes[path] = Resp(200, ctype, data)

    def build(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def url(self, path: str, scheme: str | None = None, host_prefix: str = "") -> str:
        if scheme is None and not host_prefix:
            return self.base + path
        parts = urlsplit(self.base)
        return f"{scheme or parts.scheme}://{host_prefix}{parts.netloc}{path}"

    def expected_urls(self, site: str = "https://responsiblestatecraft.org") -> set[str]:
        """What a crawl stores: the site's own URLs (RS_SITE_URL), whatever port this stand-in serves on."""
        return {site + p for p in self.expected}

    def rules(self):
        return robots_rules(self.robots_text)


class SiteServer:
    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self.log: list[LogEntry] = []
        self._lock = threading.Lock()
        self._hits: dict[str, int] = {}
        cfg = config
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                resp = server.respond(self.path)
                with server._lock:
                    server.log.append(LogEntry("GET", self.path, resp.status, self.headers.get("Host", "")))
                self.send_response(resp.status)
                self.send_header("Content-Type", resp.ctype)
                self.send_header("Content-Length", str(len(resp.body)))
                for k, v in resp.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(resp.body)

            def do_HEAD(self):  # noqa: N802
                with server._lock:
                    server.log.append(LogEntry("HEAD", self.path, 405, self.headers.get("Host", "")))
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        cfg.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        cfg.build()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> SiteServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def base(self) -> str:
        return self.config.base

    def respond(self, target: str) -> Resp:
        cfg = self.config
        if target.startswith("http://") or target.startswith("https://"):  # absolute form: not for us
            return Resp(400, body=b"absolute-form request")
        if target in cfg.routes:
            if target in cfg.flaky_routes:
                with self._lock:
                    self._hits[target] = self._hits.get(target, 0) + 1
                    if self._hits[target] <= 2:
                        return Resp(500, body=b"<html><body>Internal error</body></html>")
            return cfg.routes[target]
        path = urlsplit(target).path
        cp = canon_path(target)
        if cp in cfg.pages or cp in cfg.not_found:
            if cp in cfg.redirect_noslash and not path.endswith("/"):
                q = urlsplit(target).query
                return Resp(301, body=b"", headers={"Location": cfg.base + cp + "/" + (f"?{q}" if q else "")})
            if cp in cfg.not_found:
                return Resp(404, body=b"<html><title>Not found</title><body>Page not found</body></html>")
            if cp in cfg.flaky:
                with self._lock:
                    self._hits[cp] = self._hits.get(cp, 0) + 1
                    k = self._hits[cp]
                if k <= 2:
                    return Resp(500, body=b"<html><body>Internal error</body></html>")
            return cfg.pages[cp]
        # unknown feed pages: an empty channel of the same format (RebelMouse answers past the end)
        if path == "/feeds/feed.rss" and "/feeds/feed.rss" in cfg.routes and "page" in parse_qs(urlsplit(target).query):
            if cfg.feed_ignores_page:
                return cfg.routes["/feeds/feed.rss"]
            empty = getattr(cfg, "empty_feed", None)
            if empty is not None:
                return empty
        return Resp(404, body=b"<html><title>Not found</title><body>Page not found</body></html>")

    # ------------------------------------------------------------------ judging the log
    def article_fetches(self) -> dict[str, list[int]]:
        """canonical article path -> statuses of every GET that reached it (any query / slash form)."""
        out: dict[str, list[int]] = {}
        known = self.config.expected | self.config.not_found
        for e in self.log:
            cp = canon_path(e.target)
            if cp in known:
                out.setdefault(cp, []).append(e.status)
        return out

    def disallowed_requests(self) -> list[str]:
        rules = self.config.rules()
        return [e.target for e in self.log if e.target != "/robots.txt" and not robots_allowed(rules, e.target)]


# ----------------------------------------------------------------------------------------------- trap proxy


class TrapProxy:
    """A loopback HTTP proxy that records every request and forwards nothing. For off-site leak detection."""

    def __init__(self) -> None:
        self.log: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *a):
                pass

            def _trap(self):
                proxy.log.append(f"{self.command} {self.path}")
                body = b"<html><title>Trapped | Responsible Statecraft</title><body>trap</body></html>"
                self.send_response(502 if self.command == "CONNECT" else 200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "CONNECT":
                    self.wfile.write(body)

            do_GET = do_HEAD = do_CONNECT = do_POST = _trap

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# ----------------------------------------------------------------------------------------------- configs

UTC = UTC
NOT_FOUND_HTML = b"<html><title>Not found</title><body>Page not found</body></html>"


def cfg_https(cfg: SiteConfig, path: str) -> str:
    return cfg.url(path, "https")


def _tz(dt: datetime, hours: int) -> str:
    return dt.astimezone(timezone(timedelta(hours=hours))).isoformat()


class RebelMouseSite(SiteConfig):
    """(a)(f)(g)(h)(i)(j): two Sitemap lines (index at /sitemaps/sitemap-index.xml + a news sitemap), monthly
    sitemaps gzipped three different ways or plain, lastmod with zones or date-only, image entries, robots with
    a GPTBot block, Allow overrides and wildcards, disallowed and off-site entries, a 404 and a flaky article,
    listing pages in a sitemap, an RSS feed with duplicates and newer items."""

    name = "rebelmouse"

    def build(self) -> None:
        b = self.base
        arts = make_articles("rm", 20, datetime(2024, 1, 3, 9, 30, tzinfo=UTC), step_hours=101)
        wp = make_articles("wp", 3, datetime(2022, 8, 12, 14, 0, tzinfo=UTC), shapes=("wp",), offset=40)
        for a in arts + wp:
            self.add_article(a)
        # robots-specific articles
        approved = Art(
            "/draft-approved-ukraine-aid-2668800111", "Approved draft | on aid", datetime(2024, 2, 2, tzinfo=UTC), 51
        )
        secret = Art("/draft-secret-plan", "Secret plan", datetime(2024, 2, 3, tzinfo=UTC), 52)
        allowed_wp = Art(
            "/2019/12/20/allowed-old-piece", "An allowed old piece", datetime(2019, 12, 20, tzinfo=UTC), 53
        )
        denied_wp = Art("/2019/11/05/denied-old-piece", "A denied old piece", datetime(2019, 11, 5, tzinfo=UTC), 54)
        flaky = Art("/flaky-article-2668800999", "A flaky article", datetime(2024, 3, 5, tzinfo=UTC), 55)
        for a in (approved, allowed_wp, flaky):
            self.add_article(a)
        for a in (secret, denied_wp):  # served if asked (the log then shows the violation), not expected
            self.pages[a.path] = Resp(200, body=article_html(b, a).encode())
        self.flaky = {flaky.path}
        self.not_found = {"/missing-article-2668800404"}
        newest = make_articles("news", 2, datetime(2024, 3, 29, 6, 0, tzinfo=UTC), shapes=("id", "slug"), offset=60)
        for a in newest:
            self.add_article(a)
        feed_only = make_articles("feedonly", 2, datetime(2024, 3, 31, 18, 0, tzinfo=UTC), offset=70)
        for a in feed_only:
            self.add_article(a)

        self.robots_text = f"""# Responsible Statecraft
User-agent: GPTBot
Disallow: /

User-agent: *
Disallow: /res/
Disallow: /draft-
Allow: /draft-approved-
Disallow: /*?*preview=
Disallow: /2019/
Allow: /2019/12/
Disallow: /search

Sitemap: {b}/sitemaps/sitemap-index.xml
Sitemap: {b}/sitemaps/news-sitemap.xml
"""
        self.routes["/robots.txt"] = Resp(200, "text/plain; charset=utf-8", self.robots_text.encode())

        jan = [a for a in arts if a.published.month == 1]
        feb = [a for a in arts if a.published.month == 2]
        mar = [a for a in arts if a.published.month >= 3]
        # January: gzip file as application/x-gzip, lastmod with +02:00, some tracking / slash variants
        jan_entries = []
        for i, a in enumerate(jan):
            loc = b + a.path + ("/" if i % 3 == 0 else "") + ("?rebelltitem=2" if i % 4 == 1 else "")
            jan_entries.append((loc, _tz(a.published, 2)))
        jan_entries.append((b + jan[0].path + "?mc_cid=abc123&mc_eid=def456", _tz(jan[0].published, 2)))  # dup
        jan_entries.append(("https://elsewhere.invalid/foreign-article", "2024-01-20"))
        jan_entries.append(("http://elsewhere.invalid/another-foreign-2668800123", "2024-01-21"))
        self.offsite |= {
            "https://elsewhere.invalid/foreign-article",
            "http://elsewhere.invalid/another-foreign-2668800123",
        }
        self.add_xml("/sitemaps/2024-01.xml.gz", urlset(jan_entries, images=True), "application/x-gzip", "gzip-file")
        # February: gzip file as application/gzip, date-only lastmod, robots entries
        feb_entries = [(b + a.path, f"{a.published:%Y-%m-%d}") for a in feb]
        feb_entries += [
            (b + approved.path, "2024-02-02"),
            (b + secret.path, "2024-02-03"),
            (b + feb[0].path + "?preview=true", "2024-02-04"),
            (b + self.not_found.copy().pop(), "2024-02-05"),
        ]
        self.add_xml("/sitemaps/2024-02.xml.gz", urlset(feb_entries), "application/gzip", "gzip-file")
        # March: plain XML, Z and -05:00 lastmod, the flaky article
        mar_entries = [
            (b + a.path, _tz(a.published, -5) if i % 2 else a.published.strftime("%Y-%m-%dT%H:%M:%SZ"))
            for i, a in enumerate(mar)
        ]
        mar_entries.append((b + flaky.path + "/", "2024-03-05T00:00:00Z"))
        self.add_xml("/sitemaps/2024-03.xml", urlset(mar_entries), "text/xml; charset=utf-8")
        # 2019 / 2022: XML compressed on the wire only (Content-Encoding), WordPress-era URLs with slash
        old_entries = [(b + a.path + "/", f"{a.published:%Y-%m-%d}") for a in wp]
        old_entries += [(b + allowed_wp.path + "/", "2019-12-20"), (b + denied_wp.path + "/", "2019-11-05")]
        self.add_xml("/sitemaps/archive.xml.gz", urlset(old_entries), "application/xml", "content-encoding")
        # non-article pages listed in a sitemap
        self.non_articles = {"/tag/nato", "/regions/europe", "/author/ana-ruiz", "/about"}
        pages_entries = [(b + p + "/", "2024-03-01") for p in sorted(self.non_articles)]
        self.add_xml("/sitemaps/pages.xml", urlset(pages_entries))
        self.add_xml(
            "/sitemaps/sitemap-index.xml",
            sitemapindex(
                [
                    (b + "/sitemaps/2024-01.xml.gz", "2024-01-31T23:59:59+02:00"),
                    (b + "/sitemaps/2024-02.xml.gz", "2024-02-29"),
                    (b + "/sitemaps/2024-03.xml", "2024-03-28T12:00:00.000Z"),
                    (b + "/sitemaps/archive.xml.gz", None),
                    (b + "/sitemaps/pages.xml", "2024-03-01T00:00:00-05:00"),
                ]
            ),
        )
        # news sitemap: last 48 hours (one also in March, two only here)
        news_arts = [mar[-1]] + newest
        self.add_xml(
            "/sitemaps/news-sitemap.xml",
            urlset(
                [(b + a.path, None) for a in news_arts], news=[(a.title, a.published.isoformat()) for a in news_arts]
            ),
        )
        # listing / author / about pages
        self._listings(arts)
        # RSS: page 1 has newer feed-only items + duplicates of sitemap items with tracking params
        items = [(b + a.path + "?utm_source=rss&utm_medium=feed", a.title, a.published) for a in feed_only]
        items += [(b + a.path + "/?rebelltitem=1", a.title, a.published) for a in newest]
        items += [(b + a.path, a.title, a.published) for a in reversed(mar)]
        self.add_xml("/feeds/feed.rss", rss(items, b), "application/rss+xml; charset=utf-8")
        self.empty_feed = Resp(200, "application/rss+xml; charset=utf-8", rss([], b).encode())

    def _listings(self, arts):
        b = self.base
        links = [a.path + "/" for a in arts[:8]]
        self.pages["/"] = Resp(200, body=listing_html(b, "Responsible Statecraft", links + ["/tag/nato/"]).encode())
        self.pages["/tag/nato"] = Resp(200, body=listing_html(b, "NATO", links[:4]).encode())
        self.pages["/regions/europe"] = Resp(200, body=listing_html(b, "Europe", links[4:]).encode())
        self.pages["/author/ana-ruiz"] = Resp(200, body=author_html("Ana Ruiz", links[:3]).encode())
        self.pages["/about"] = Resp(200, body=ABOUT_HTML.encode())


class WordPressSitemapSite(SiteConfig):
    """(b)(f): robots.txt with no Sitemap line; /sitemap.xml is a plain urlset (no index) with date-only lastmod;
    WordPress-era URLs, mixed slash forms; slash-less WordPress URLs 301 to the slash form; no feed."""

    name = "wordpress"

    def build(self) -> None:
        b = self.base
        arts = make_articles(
            "wpx",
            14,
            datetime(2021, 5, 2, 8, 0, tzinfo=UTC),
            shapes=("wp", "wp", "slug", "id"),
            step_hours=300,
            offset=100,
        )
        for a in arts:
            self.add_article(a)
            if a.wp:
                self.redirect_noslash.add(a.path)
        self.robots_text = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
        self.routes["/robots.txt"] = Resp(200, "text/plain", self.robots_text.encode())
        entries = []
        for i, a in enumerate(arts):
            entries.append((b + a.path + ("/" if a.wp or i % 2 else ""), f"{a.published:%Y-%m-%d}"))
        entries.append((b + arts[2].path + "/?utm_campaign=Spring&UTM_Source=twitter", None))  # dup, key case
        self.add_xml("/sitemap.xml", urlset(entries), "text/xml")
        self.pages["/"] = Resp(200, body=listing_html(b, "Responsible Statecraft", [a.path for a in arts[:3]]).encode())


class FeedOnlySite(SiteConfig):
    """(c)(f)(h)(k): no sitemap anywhere (404); /feeds/feed.rss?page=N, 30 items a page, tracking params of every
    kind (and key-case variants), items repeated across pages, a relative link, a 404 and a flaky article."""

    name = "feedonly"

    def build(self) -> None:
        b = self.base
        arts = make_articles("fd", 38, datetime(2024, 6, 1, 7, 0, tzinfo=UTC), step_hours=-17, offset=200)
        for a in arts:
            self.add_article(a)
        flaky = arts[33]
        self.flaky = {flaky.path}
        self.not_found = {"/gone-article-2668800405"}
        self.robots_text = "User-agent: *\nDisallow:\n"
        self.routes["/robots.txt"] = Resp(200, "text/plain", self.robots_text.encode())
        tracking = [
            "?rebelltitem={i}",
            "?mc_cid=a1b2c3&mc_eid={i}x",
            "?utm_source=newsletter&utm_medium=email",
            "/",
            "",
            "?Utm_Source=Twitter&UTM_MEDIUM=social",
            "/?rebelltitem={i}&utm_campaign=x",
        ]
        items = []
        for i, a in enumerate(arts):
            suffix = tracking[i % len(tracking)].format(i=i)
            link = b + a.path + suffix if i != 5 else a.path  # item 5: relative link
            items.append((link, a.title, a.published))
        items.insert(20, (b + "/gone-article-2668800405?rebelltitem=3", "Gone", datetime(2024, 5, 20, tzinfo=UTC)))
        page1, page2 = items[:30], items[28:]  # two items repeated across the page boundary
        ctype = "application/rss+xml; charset=utf-8"
        self.add_xml("/feeds/feed.rss", rss(page1, b), ctype)
        self.add_xml("/feeds/feed.rss?page=1", rss(page1, b), ctype)
        self.add_xml("/feeds/feed.rss?page=2", rss(page2, b), ctype)
        self.empty_feed = Resp(200, ctype, rss([], b).encode())


class ListingsOnlySite(SiteConfig):
    """(d): no sitemap, no feed: only the home page, tag pages with /page/N/ pagination, a region page, an author
    page and about. Robots disallows /search (linked from the home page)."""

    name = "listings"

    def build(self) -> None:
        b = self.base
        arts = make_articles("ls", 18, datetime(2023, 9, 1, 12, 0, tzinfo=UTC), step_hours=71, offset=300)
        for a in arts:
            self.add_article(a)
        self.robots_text = "User-agent: *\nDisallow: /search\nDisallow: /res/\n"
        self.routes["/robots.txt"] = Resp(200, "text/plain", self.robots_text.encode())
        p = [a.path for a in arts]
        home = [
            p[0] + "/",
            p[1],
            p[2] + "?rebelltitem=1",
            "/tag/nato/",
            "/regions/europe/",
            "/author/ben-okafor/",
            "/about/",
            "/search?q=nato",
            "https://elsewhere.invalid/offsite-story",
        ]
        self.offsite.add("https://elsewhere.invalid/offsite-story")
        self.pages["/"] = Resp(200, body=listing_html(b, "Responsible Statecraft", home).encode())
        self.pages["/tag/nato"] = Resp(
            200, body=listing_html(b, "NATO", [p[3], p[4] + "/", p[5]], "/tag/nato/page/2/").encode()
        )
        self.pages["/tag/nato/page/2"] = Resp(
            200, body=listing_html(b, "NATO", [p[6], p[7], p[8] + "/?rebelltitem=4"], "/tag/nato/page/3/").encode()
        )
        self.pages["/tag/nato/page/3"] = Resp(200, body=listing_html(b, "NATO", [p[9], p[10]]).encode())
        self.pages["/regions/europe"] = Resp(
            200, body=listing_html(b, "Europe", [p[11], p[12] + "?mc_cid=z&mc_eid=y", b + p[13]]).encode()
        )
        self.pages["/author/ben-okafor"] = Resp(
            200, body=author_html("Ben Okafor", [p[14], p[15] + "/", p[0]]).encode()
        )
        self.pages["/about"] = Resp(200, body=ABOUT_HTML.encode())
        # p[16], p[17] are linked only from the second tag page of another tag reached through the region page
        self.pages["/tag/iran"] = Resp(200, body=listing_html(b, "Iran", [p[16]], "/tag/iran/page/2/").encode())
        self.pages["/tag/iran/page/2"] = Resp(200, body=listing_html(b, "Iran", [p[17]]).encode())
        self.pages["/regions/europe"] = Resp(
            200,
            body=listing_html(
                b, "Europe", [p[11], p[12] + "?mc_cid=z&mc_eid=y", cfg_https(self, p[13]), "/tag/iran/"]
            ).encode(),
        )
        self.non_articles = {
            "/",
            "/tag/nato",
            "/tag/nato/page/2",
            "/tag/nato/page/3",
            "/regions/europe",
            "/author/ben-okafor",
            "/about",
            "/tag/iran",
            "/tag/iran/page/2",
        }


class AtomHttpsSite(SiteConfig):
    """(e)(i)(k): robots' Sitemap line and the sitemaps use https:// for the same host:port (the server is http),
    some entries on www.<host>; no /sitemap.xml; the feed at /feeds/feed.rss is Atom, with relative links,
    duplicates of sitemap entries and items newer than the sitemaps."""

    name = "atomhttps"

    def build(self) -> None:
        b = self.base
        arts = make_articles("at", 16, datetime(2024, 10, 2, 10, 0, tzinfo=UTC), step_hours=90, offset=400)
        newer = make_articles("atnew", 4, datetime(2024, 12, 20, 10, 0, tzinfo=UTC), step_hours=20, offset=450)
        for a in arts + newer:
            self.add_article(a)
        self.robots_text = (
            "User-agent: *\nDisallow: /res/\nDisallow: /*?*preview=\n\n"
            f"Sitemap: {self.url('/sitemap-index.xml', 'https')}\n"
        )
        self.routes["/robots.txt"] = Resp(200, "text/plain", self.robots_text.encode())
        octo = [a for a in arts if a.published.month == 10]
        rest = [a for a in arts if a.published.month != 10]
        e1 = [(self.url(a.path, "https"), _tz(a.published, 0)) for a in octo]
        e2 = [
            (self.url(a.path, "https", "www." if i % 3 == 0 else ""), f"{a.published:%Y-%m-%d}")
            for i, a in enumerate(rest)
        ]
        self.add_xml("/sitemaps/2024-10.xml", urlset(e1))
        self.add_xml("/sitemaps/2024-11.xml.gz", urlset(e2), "application/x-gzip", "gzip-file")
        self.add_xml(
            "/sitemap-index.xml",
            sitemapindex(
                [
                    (self.url("/sitemaps/2024-10.xml", "https"), "2024-10-31T20:00:00-04:00"),
                    (self.url("/sitemaps/2024-11.xml.gz", "https"), "2024-12-01"),
                ]
            ),
        )
        items = [
            (a.path if i % 2 else b + a.path + "?rebelltitem=7", a.title, a.published)
            for i, a in enumerate(reversed(newer))
        ]
        items += [(self.url(a.path, "https") + "/", a.title, a.published) for a in reversed(rest[-3:])]
        ctype = "application/atom+xml; charset=utf-8"
        self.add_xml("/feeds/feed.rss", atom(items, b), ctype)
        self.empty_feed = Resp(200, ctype, atom([], b).encode())
        self.pages["/"] = Resp(200, body=listing_html(b, "Responsible Statecraft", [a.path for a in newer]).encode())


class QuirksSite(SiteConfig):
    """Harder, still fact-consistent choices: a robots.txt with a UTF-8 BOM and CRLF lines whose first group is
    ours (``rs_scraper``: it alone applies, the ``*`` group's ``Disallow: /2024/`` does not), lower/upper-case
    ``sitemap:`` lines, one of them an RSS feed (the sitemaps protocol accepts RSS/Atom as a sitemap; [RS] the
    site has /feeds/analysis.rss); a nested sitemap index whose first child answers 500 twice; entries with
    fragments; an IRI slug listed percent-encoded in the sitemap and raw in the feed; an Atom main feed whose
    entries put an enclosure and a replies link before the alternate one, and which ignores ``?page=N``."""

    name = "quirks"
    feed_ignores_page = True

    def build(self) -> None:
        b = self.base
        arts = make_articles("qk", 14, datetime(2024, 4, 1, 6, 0, tzinfo=UTC), step_hours=61, offset=500)
        section_feed = make_articles("an", 2, datetime(2024, 5, 10, 6, 0, tzinfo=UTC), offset=530)
        feed_new = make_articles("qknew", 3, datetime(2024, 6, 1, 6, 0, tzinfo=UTC), step_hours=9, offset=540)
        iri = Art(
            "/caf%C3%A9-diplomacy-2668801234", "Caf\u00e9 diplomacy in Vienna", datetime(2024, 5, 2, tzinfo=UTC), 560
        )
        for a in arts + section_feed + feed_new + [iri]:
            self.add_article(a)
        denied = Art("/qiosk-denied-take", "A denied take", datetime(2024, 4, 9, tzinfo=UTC), 561)
        self.pages[denied.path] = Resp(200, body=article_html(b, denied).encode())
        self.robots_text = (
            "\ufeffUser-agent: rs_scraper\r\nDisallow: /qiosk-\r\nDisallow: /res/\r\n\r\n"
            "User-agent: *\r\nDisallow: /2024/\r\nDisallow: /res/\r\n\r\n"
            f"sitemap: {b}/sitemap_index.xml\r\nSITEMAP: {b}/feeds/analysis.rss\r\n"
        )
        self.routes["/robots.txt"] = Resp(200, "text/plain; charset=utf-8", self.robots_text.encode("utf-8"))
        half = len(arts) // 2
        e1 = [
            (b + a.path + ("#comments" if i == 0 else ""), f"{a.published:%Y-%m-%d}") for i, a in enumerate(arts[:half])
        ]
        e1.append((b + denied.path, "2024-04-09"))
        e2 = [(b + a.path, _tz(a.published, 9)) for a in arts[half:]] + [(b + iri.path, "2024-05-02")]
        self.add_xml("/sitemaps/posts-1.xml", urlset(e1))
        self.flaky_routes = {"/sitemaps/posts-1.xml"}
        self.add_xml("/sitemaps/posts-2.xml", urlset(e2))
        self.add_xml(
            "/sitemaps/posts-index.xml",
            sitemapindex([(b + "/sitemaps/posts-1.xml", None), (b + "/sitemaps/posts-2.xml", None)]),
        )
        self.add_xml("/sitemap_index.xml", sitemapindex([(b + "/sitemaps/posts-index.xml", "2024-06-01")]))
        self.add_xml(
            "/feeds/analysis.rss",
            rss([(b + a.path, a.title, a.published) for a in section_feed], b),
            "application/rss+xml",
        )
        items = [(b + a.path, a.title, a.published) for a in reversed(feed_new)]
        items.append(("http://" + urlsplit(b).netloc + "/caf\u00e9-diplomacy-2668801234", iri.title, iri.published))
        items += [(b + a.path, a.title, a.published) for a in arts[-2:]]
        self.add_xml("/feeds/feed.rss", atom(items, b, extra_links=True), "application/atom+xml")


CONFIGS = (RebelMouseSite, WordPressSitemapSite, FeedOnlySite, ListingsOnlySite, AtomHttpsSite, QuirksSite)


def main() -> None:  # manual use: python -m tests.sites.variants NAME
    import sys
    import time

    by_name = {c.name: c for c in CONFIGS}
    srv = SiteServer(by_name[sys.argv[1] if len(sys.argv) > 1 else "rebelmouse"]()).start()
    print(srv.base, flush=True)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        srv.stop()


if __name__ == "__main__":
    main()
