"""Discovery documents: robots.txt, the sitemap index, monthly sitemaps, the 48-hour news sitemap, RSS feeds.

All computed on demand from the site's timeline, so an ``update_article`` shows up in the next fetch.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from rs_scraper.mirror import content as C

if TYPE_CHECKING:  # annotations only (see routes.py)
    from rs_scraper.mirror.site import FeedEntry, MirrorSite

UTC = UTC
FEED_PAGE = 30  # RebelMouse feeds carry 30 items a page (site-facts §3.2)
SM_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def absolute(base: str, loc: str) -> str:
    return loc if loc.startswith(("http://", "https://")) else base + loc


def w3c(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def lastmod(site: MirrorSite, dt: datetime) -> str:
    """A sitemap <lastmod>: a full timestamp, or only its date when the site says dates (lastmod_dates)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%d") if site.lastmod_dates else w3c(dt)


def robots(site: MirrorSite, base: str) -> str:
    return (
        "# Responsible Statecraft (offline mirror)\n"
        "User-agent: GPTBot\nDisallow: /\n\n"
        "User-agent: *\nDisallow: /res/\nDisallow: /search\nDisallow: /preview/\n\n"
        f"Sitemap: {base}/sitemap.xml\nSitemap: {base}/sitemap_news.xml\n"
    )


def months(site: MirrorSite) -> dict[str, list[FeedEntry]]:
    out: dict[str, list[FeedEntry]] = {}
    for e in site.timeline:
        out.setdefault(e.published_at.strftime("%Y-%m"), []).append(e)
    return out


def sitemap_index(site: MirrorSite, base: str) -> str:
    rows = [f"<sitemap><loc>{base}/sitemaps/pages.xml</loc></sitemap>"]
    for month, entries in sorted(months(site).items(), reverse=True):
        last = max(e.lastmod for e in entries)
        rows.append(
            f"<sitemap><loc>{base}/sitemaps/{month}.xml</loc><lastmod>{lastmod(site, last)}</lastmod></sitemap>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SM_NS}">\n'
        + "\n".join(rows)
        + "\n</sitemapindex>\n"
    )


def month_sitemap(site: MirrorSite, base: str, month: str) -> str | None:
    entries = months(site).get(month)
    if entries is None:
        return None
    rows = []
    for e in entries:
        img = ""
        if e.article is not None and e.article.image is not None:
            img = f"<image:image><image:loc>{escape(e.article.image.url(base))}</image:loc></image:image>"
        rows.append(
            f"<url><loc>{escape(absolute(base, e.loc))}</loc><lastmod>{lastmod(site, e.lastmod)}</lastmod>"
            f"<changefreq>monthly</changefreq>{img}</url>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SM_NS}" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n' + "\n".join(rows) + "\n</urlset>\n"
    )


def pages_sitemap(site: MirrorSite, base: str) -> str:
    paths = [p for p in site.non_article_paths() if p not in {v.link_path for v in site.videos}]
    rows = "\n".join(f"<url><loc>{escape(base + p)}</loc><changefreq>daily</changefreq></url>" for p in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SM_NS}">\n{rows}\n</urlset>\n'


def news_sitemap(site: MirrorSite, base: str) -> str:
    newest = site.timeline[0].published_at if site.timeline else datetime.now(UTC)
    rows = []
    for e in site.timeline:
        if e.published_at < newest - timedelta(hours=48):
            break
        rows.append(
            f"<url><loc>{escape(absolute(base, e.loc))}</loc><news:news><news:publication>"
            "<news:name>Responsible Statecraft</news:name><news:language>en</news:language>"
            f"</news:publication><news:publication_date>{w3c(e.published_at)}</news:publication_date>"
            f"<news:title>{escape(e.title)}</news:title></news:news></url>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SM_NS}" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + "\n".join(rows) + "\n</urlset>\n"
    )


def tracked_link(site: MirrorSite, e: FeedEntry, salt: str) -> str:
    """The link as feeds and listings print it: sometimes with tracking parameters or the other slash form."""
    if e.article is None:
        return e.loc
    rng = random.Random(f"{site.seed}/{salt}/{e.article.post_id}")
    link = e.article.link_path
    r = rng.random()
    if r < 0.15:
        return f"{link}?rebelltitem={rng.randint(1, 9)}"
    if r < 0.25:
        return f"{link}?mc_cid={rng.randrange(16**10):010x}&mc_eid={rng.randrange(16**10):010x}"
    if r < 0.33:
        return f"{link}?utm_source=rss&utm_medium=rss&utm_campaign={C.slugify(e.title, 3)}"
    if r < 0.43 and e.article.shape != "wp":
        return link[:-1] if link.endswith("/") else link + "/"
    return link


FEED_FILTERS = {C.slugify(t): ("type", t) for t in C.TYPES} | {C.slugify(s): ("section", s) for s in C.SECTIONS}


def rss(site: MirrorSite, base: str, name: str, page: int) -> str | None:
    if name == "feed":
        entries = site.timeline
        title = "Responsible Statecraft"
    elif name in FEED_FILTERS:
        kind, value = FEED_FILTERS[name]
        entries = [
            e
            for e in site.timeline
            if e.article is not None and (e.article.article_type if kind == "type" else e.article.section) == value
        ]
        title = f"{value} | Responsible Statecraft"
    else:
        return None
    chunk = entries[(page - 1) * FEED_PAGE : page * FEED_PAGE]
    items = []
    for e in chunk:
        link = absolute(base, tracked_link(site, e, "feed"))
        a = e.article
        parts = [
            f"<title>{escape(e.title)}</title>",
            f"<link>{escape(link)}</link>",
            f'<guid isPermaLink="false">{a.post_id if a else escape(e.loc)}</guid>',
            f"<pubDate>{format_datetime(e.published_at, usegmt=True)}</pubDate>",
        ]
        if a is not None:
            parts += [f"<dc:creator>{escape(n)}</dc:creator>" for n, _ in a.authors]
            parts += [f"<category>{escape(c)}</category>" for c in (a.article_type, a.section, *a.tags)]
            if a.dek:
                parts.append(f"<description><![CDATA[{a.dek}]]></description>")
            if a.modified_at:
                parts.append(f"<dcterms:modified>{w3c(a.modified_at)}</dcterms:modified>")
            if a.image:
                parts.append(f'<media:content url="{escape(a.image.url(base, width=1200))}" medium="image"/>')
        items.append("<item>" + "".join(parts) + "</item>")
    built = max((e.lastmod for e in site.timeline), default=datetime(2026, 1, 1, tzinfo=UTC))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:dcterms="http://purl.org/dc/terms/">\n<channel>\n'
        f"<title>{escape(title)}</title><link>{base}/</link><description>Analysis, reporting, opinion and news "
        "on US foreign policy</description><language>en</language>"
        f"<lastBuildDate>{format_datetime(built, usegmt=True)}</lastBuildDate>"
        f'<atom:link href="{base}/feeds/{name}.rss" rel="self" type="application/rss+xml"/>\n'
        + "\n".join(items)
        + "\n</channel>\n</rss>\n"
    )
