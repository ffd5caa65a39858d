"""Request routing: (path and query, base URL, request headers) -> (status, headers, body). Pure: no I/O, no clock."""

from __future__ import annotations

import hashlib
import json
import re
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from rs_scraper.mirror import content as C
from rs_scraper.mirror import feeds, pages
from rs_scraper.mirror.content import LISTING_PAGE, NON_REGION_SECTION_SLUGS

if TYPE_CHECKING:  # annotations only: the site model's render() is the way in to this module
    from rs_scraper.mirror.site import MirrorArticle, MirrorSite

Response = tuple[int, dict[str, str], bytes]
GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
_LISTING = re.compile(r"/(tag|author|regions)/([A-Za-z0-9_-]+)(?:/page/(\d+))?")
_SECTION = re.compile(r"/(" + "|".join(NON_REGION_SECTION_SLUGS) + r")(?:/page/(\d+))?")


def _html(text: str, status: int = 200, charset: str = "utf-8", declare: bool = True) -> Response:
    ctype = f"text/html; charset={charset}" if declare else "text/html"
    return (
        status,
        {"Content-Type": ctype},
        text.encode("cp1252" if charset == "windows-1252" else charset, errors="xmlcharrefreplace"),
    )


def _xml(text: str, ctype: str = "application/xml; charset=utf-8") -> Response:
    return 200, {"Content-Type": ctype}, text.encode("utf-8")


def _not_found(site: MirrorSite, base: str) -> Response:
    return _html(pages.not_found_page(site, base), 404)


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def route(site: MirrorSite, path_and_query: str, base: str, headers: dict) -> Response:
    parts = urlsplit(path_and_query)
    path = parts.path or "/"
    query = parse_qs(parts.query)
    p = path.rstrip("/") or "/"
    hdr = {k.lower(): v for k, v in headers.items()}

    if p == "/robots.txt":
        return 200, {"Content-Type": "text/plain; charset=utf-8"}, feeds.robots(site, base).encode()
    if p == "/sitemap.xml":
        return _xml(feeds.sitemap_index(site, base))
    if p == "/sitemap_news.xml":
        return _xml(feeds.news_sitemap(site, base))
    if p == "/sitemaps/pages.xml":
        return _xml(feeds.pages_sitemap(site, base))
    m = re.fullmatch(r"/sitemaps/(\d{4}-\d{2})\.xml", p)
    if m:
        doc = feeds.month_sitemap(site, base, m.group(1))
        return _xml(doc) if doc else _not_found(site, base)
    m = re.fullmatch(r"/feeds/([a-z0-9-]+)\.rss", p)
    if m:
        doc = feeds.rss(site, base, m.group(1), _page_number((query.get("page") or [""])[0]))
        return _xml(doc, "application/rss+xml; charset=utf-8") if doc else _not_found(site, base)
    if p.startswith("/media-library/"):
        return 200, {"Content-Type": "image/gif", "Cache-Control": "max-age=86400"}, GIF
    if p == "/":
        return _html(home(site, base))
    if p == "/about":
        return _html(pages.about_page(site, base))
    if p.startswith("/res/"):
        return _res(site, p, query, base)
    listing = _listing(site, p, base)
    if listing is not None:
        return listing
    a = site._by_path.get(p)
    if a is None:
        return _not_found(site, base)
    return article_response(site, a, base, hdr)


def article_response(site: MirrorSite, a: MirrorArticle, base: str, hdr: dict[str, str]) -> Response:
    v = a.variant
    status, headers, body = _html(pages.article_page(site, a, base), 200, v.charset, v.charset_where != "meta")
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    headers.update(
        {
            "ETag": etag,
            "Last-Modified": format_datetime(a.lastmod, usegmt=True),
            "Cache-Control": "public, max-age=300",
            "Content-Language": "en",
        }
    )
    # Conditional requests let an incremental crawl skip unchanged pages, as against a real CDN.
    if hdr.get("if-none-match") == etag:
        return 304, headers, b""
    ims = hdr.get("if-modified-since")
    if ims and "if-none-match" not in hdr:
        try:
            if int(a.lastmod.timestamp()) <= int(parsedate_to_datetime(ims).timestamp()):
                return 304, headers, b""
        except (TypeError, ValueError):
            pass
    return status, headers, body


def _paged(items: list, page: int) -> tuple[list, int]:
    pages_n = max(1, -(-len(items) // LISTING_PAGE))
    return items[(page - 1) * LISTING_PAGE : page * LISTING_PAGE], pages_n


def _listing(site: MirrorSite, p: str, base: str) -> Response | None:
    m = _LISTING.fullmatch(p)
    sm = _SECTION.fullmatch(p)
    if m:
        kind, slug, page = m.group(1), m.group(2), _page_number(m.group(3))
        if kind == "tag" and slug in site.tag_index:
            idx, title, res = site.tag_index[slug], site.tag_names[slug], f"tag_{slug}"
        elif kind == "author" and slug in site.author_info:
            idx, title, res = site.author_index.get(slug, []), site.author_info[slug][0], f"author_{slug}"
        elif kind == "regions" and slug in {C.slugify(r) for r in C.REGION_SECTIONS}:
            idx, title, res = site.section_index.get(slug, []), slug.replace("-", " ").title(), f"section_{slug}"
        else:
            return None
        canonical = f"/{kind}/{slug}/"
    elif sm:
        slug, page = sm.group(1), _page_number(sm.group(2))
        title = {C.slugify(s): s for s in C.SECTIONS}[slug]
        idx = site.section_index.get(slug, [])
        if slug == "video-section":
            idx = []
        canonical, res = f"/{slug}/", f"section_{slug}"
    else:
        return None
    items = [site.articles[i] for i in idx]
    if slug == "video-section":
        items = list(site.videos)
    chunk, n = _paged(items, page)
    if page > n:
        return _not_found(site, base)
    intro = ""
    if m and m.group(1) == "author":
        intro = f'<div class="author-bio social-author__bio">{pages.esc(site.author_info[slug][1])}</div>'
    load = f"/res/load_more_posts/data.js?site_id=20516474&resource_id={res}"
    return _html(pages.listing_page(site, base, title, canonical, chunk, page, n, intro, load))


def home(site: MirrorSite, base: str) -> str:
    entries = site.timeline[:24]
    arts = [e for e in entries if e.article is not None]
    articles = [e.article for e in arts if e.article is not None]
    links = [feeds.tracked_link(site, e, "home") for e in arts]
    extra = [e.loc for e in entries if e.article is None]  # trap URLs, linked like any story
    page = pages.listing_page(site, base, "Responsible Statecraft", "/", articles, 1, 1)
    if extra:
        lis = "".join(f'<li><a href="{pages.esc(x)}">Editor’s pick</a></li>' for x in extra)
        page = page.replace("</main>", f'<ul class="editors-picks">{lis}</ul>\n</main>')
    # The home page links with tracking parameters and slash variants, like the real site's modules.
    for article, link in zip(articles, links, strict=True):
        page = page.replace(f'href="{pages.esc(article.link_path)}"', f'href="{pages.esc(link)}"', 1)
    return page


def _res(site: MirrorSite, p: str, query: dict[str, list[str]], base: str) -> Response:
    first = lambda k: (query.get(k) or [""])[0]  # noqa: E731
    if p == "/res/load_more_posts/data.js":
        res, page = first("resource_id"), _page_number(first("pn"))
        kind, _, slug = res.partition("_")
        indexes = {"tag": site.tag_index, "author": site.author_index, "section": site.section_index}
        idx = indexes.get(kind, {}).get(slug)
        if idx is None:
            idx = list(range(len(site.articles)))
        chunk, n = _paged([site.articles[i] for i in idx], page)
        posts = [
            {
                "id": a.post_id,
                "headline": a.headline,
                "url": base + a.link_path,
                "section": a.section,
                "created_ts": int(a.published_at.timestamp()),
            }
            for a in chunk
        ]
        body = json.dumps({"posts": posts, "pn": page, "has_more": page < n})
        return 200, {"Content-Type": "application/javascript; charset=utf-8"}, body.encode()
    if p == "/res/bootstrap/data.js":
        try:
            pid = int(first("post_id"))
        except ValueError:
            return _not_found(site, base)
        a = next((x for x in site.articles if x.post_id == pid), None)
        if a is None:
            return _not_found(site, base)
        data = {
            "post": {
                "id": a.post_id,
                "headline": a.headline,
                "subheadline": a.dek or "",
                "authors": [{"name": n, "username": u} for n, u in a.authors],
                "created_ts": int(a.published_at.timestamp()),
                "updated_ts": int(a.modified_at.timestamp()) if a.modified_at else None,
                "section": {"title": a.section},
                "public_tags": a.tags,
                "photo_credit": a.shown_credit() or "",
                "body": pages.body_html(site, a, base),
            }
        }
        return 200, {"Content-Type": "application/javascript; charset=utf-8"}, json.dumps(data).encode()
    if site.traps and p == site.trap_paths.get("disallowed", "").rstrip("/"):
        slug = p.rsplit("/", 1)[-1]
        a = next((x for x in site.articles if x.slug == slug), None)
        if a is not None:
            return article_response(site, a, base, {})
    return _not_found(site, base)
