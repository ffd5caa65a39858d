"""HTML of the mirror's pages: article pages in four layouts, listing pages, about, 404.

Every text goes through ``esc``; inline markup (links, emphasis, NBSP, line breaks in the source) only ever sits
between words, so collapsing whitespace in the rendered paragraph gives back exactly the ground-truth text.
"""

from __future__ import annotations

import json
import random
import zlib
from datetime import UTC, datetime, timezone
from typing import TYPE_CHECKING, Any

from rs_scraper.mirror import content as C
from rs_scraper.mirror import weight
from rs_scraper.mirror import widgets as widgets_mod
from rs_scraper.mirror.content import SITE_ID
from rs_scraper.mirror.dates import display_date, et_offset
from rs_scraper.mirror.markup import (
    FOOTER,
    NEWSLETTER,
    SITE_NAME,
    SVG_PLACEHOLDER,
    block_html,
    esc,
    header_html,
)

if TYPE_CHECKING:  # annotations only: the site model imports the routes, which import these pages
    from rs_scraper.mirror.site import MirrorArticle, MirrorSite

UTC = UTC


def human_date(d) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def iso(dt: datetime, style: str) -> str:
    if style == "Z":
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == "+00:00":
        return dt.astimezone(UTC).isoformat()
    off = et_offset(dt)
    local = (dt.astimezone(UTC) + off).replace(tzinfo=timezone(off))
    return local.isoformat()


def body_html(site: MirrorSite, a: MirrorArticle, base: str, *, credit_in_body: bool = False) -> str:
    rng = random.Random(f"{site.seed}/inline/{a.post_id}")
    parts = [block_html(rng, b, base) for b in a.blocks()]
    credit = a.shown_credit()
    if credit_in_body and credit and a.image is not None:
        parts.append(f"<p><em>{esc(a.image.credit_label)} {esc(credit)}</em></p>")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------------- head


def head(site: MirrorSite, a: MirrorArticle, base: str, rng: random.Random) -> str:
    v = a.variant
    out = []
    if v.charset_where in ("both", "meta"):
        out.append(
            f'<meta charset="{v.charset}"/>'
            if rng.random() < 0.6
            else f'<meta http-equiv="Content-Type" content="text/html; charset={v.charset}"/>'
        )
    out.append(f"<title>{esc(a.headline)} | {SITE_NAME}</title>")
    out.append('<meta name="viewport" content="width=device-width, initial-scale=1"/>')
    canonical = base + a.link_path
    img = a.image.url(base, width=1200, height=600, coordinates="0%2C0%2C0%2C0") if a.image else None
    widgets = v.layout == "rm-widgets"
    # Widget pages show no dek: their description is the first paragraphs cut with "..." (site-facts §5.9).
    desc = _excerpt(a.text(), "...") if widgets else a.dek or _excerpt(a.text())
    if v.og:
        out.append(f'<link rel="canonical" href="{esc(canonical)}"/>')
        out += [
            f'<meta property="og:title" content="{esc(a.headline)}"/>',
            f'<meta property="og:description" content="{esc(desc)}"/>',
            f'<meta property="og:url" content="{esc(canonical)}"/>',
            '<meta property="og:type" content="article"/>',
            f'<meta property="og:site_name" content="{SITE_NAME}"/>',
        ]
        if img:
            out.append(f'<meta property="og:image" content="{esc(img)}"/>')
        out.append('<meta name="twitter:card" content="summary_large_image"/>')
    if v.meta_dates or (v.layout == "bare"):
        out.append(f'<meta property="article:published_time" content="{iso(a.published_at, v.tz_style)}"/>')
        if v.og and not widgets:
            out.append(f'<meta property="article:section" content="{esc(a.section)}"/>')
    if widgets:
        out.append('<meta property="article:author" content="https://www.facebook.com/ResponsibleStatecraft"/>')
    no_other_dates = not (v.jsonld or v.bootstrap or v.layout == "wordpress")
    if a.modified_at and (v.meta_dates or v.layout == "bare" or no_other_dates):
        # An update must be visible to a machine even on pages that carry no other dates (docstring rule).
        out.append(f'<meta property="article:modified_time" content="{iso(a.modified_at, v.tz_style)}"/>')
    if v.jsonld:
        out.append(jsonld(a, canonical, img, desc, rng))
    out.append(f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="{base}/feeds/feed.rss"/>')
    out.append('<link rel="stylesheet" href="/static/css/rebelmouse.css"/>')
    if v.bootstrap:
        out.append(bootstrap(site, a, base))
    elif widgets:
        out.append(widgets_mod.bootstrap(a, base))
    return "\n".join(out)


def _excerpt(text: str, ellipsis: str = "…") -> str:
    words = text.split()
    return " ".join(words[:28]) + (ellipsis if len(words) > 28 else "")


def _script_json(obj, ensure_ascii: bool) -> str:
    return json.dumps(obj, ensure_ascii=ensure_ascii).replace("</", "<\\/")


def jsonld(a: MirrorArticle, canonical: str, img: str | None, desc: str, rng: random.Random) -> str:
    v = a.variant
    art: dict[str, Any] = {
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "headline": a.headline,
        "description": desc,
        "datePublished": iso(a.published_at, v.tz_style),
    }
    if a.modified_at:
        art["dateModified"] = iso(a.modified_at, "Z" if rng.random() < 0.5 else v.tz_style)
    if a.variant.layout == "rm-widgets":  # Person with name, url and bio; no articleSection, no articleBody
        art["author"] = [
            {
                "@type": "Person",
                "name": n,
                "url": f"https://responsiblestatecraft.org/u/{u}",
                "description": a._site.author_info.get(u, (n, ""))[1],
            }
            for n, u in a.authors
        ]
        art["keywords"] = ", ".join(a.tags)
    elif a.variant.layout != "bare":
        art["author"] = [
            {"@type": "Person", "name": n, "url": f"https://responsiblestatecraft.org/author/{u}/"}
            for n, u in a.authors
        ]
        art["articleSection"] = a.section
        art["keywords"] = list(a.tags)
    if img:
        art["image"] = {"@type": "ImageObject", "url": img, "width": 1200, "height": 600}
    art["publisher"] = {
        "@type": "Organization",
        "name": SITE_NAME,
        "logo": {"@type": "ImageObject", "url": "https://responsiblestatecraft.org/media-library/logo.png?id=1"},
    }
    if rng.random() < 0.3:
        doc = {
            "@context": "https://schema.org",
            "@graph": [{"@type": "WebSite", "name": SITE_NAME, "url": "https://responsiblestatecraft.org"}, art],
        }
    else:
        doc = {"@context": "https://schema.org", **art}
    return f'<script type="application/ld+json">{_script_json(doc, rng.random() < 0.5)}</script>'


def bootstrap(site: MirrorSite, a: MirrorArticle, base: str) -> str:
    data = {
        "site": {"id": SITE_ID, "name": SITE_NAME, "url": base},
        "post": {
            "id": a.post_id,
            "headline": a.headline,
            "subheadline": a.dek or "",
            "authors": [{"name": n, "username": u} for n, u in a.authors],
            "created_ts": int(a.published_at.timestamp()),
            "updated_ts": int(a.modified_at.timestamp()) if a.modified_at else None,
            "section": {"title": a.section},
            "public_tags": list(a.tags),
            "photo_credit": a.shown_credit() or "",
            "body": body_html(site, a, base),
        },
    }
    return f"<script>window.REBELMOUSE_BOOTSTRAP_DATA = {_script_json(data, False)};</script>"


# ---------------------------------------------------------------------------------------------------- chrome


def sidebar_html(site: MirrorSite, a: MirrorArticle | None) -> str:
    latest = [x for x in site.articles[:6] if x is not a][:5]
    qiosk = [x for x in site.articles[:200] if x.section == "QiOSK"][:4]
    li = lambda xs: "".join(f'<li><a href="{esc(x.link_path)}">{esc(x.headline)}</a></li>' for x in xs)  # noqa: E731
    return (
        '<aside class="sidebar">'
        f'<div class="widget-latest"><h3 class="widget-title">LATEST</h3><ul>{li(latest)}</ul></div>'
        f'<div class="widget-qiosk"><h3 class="widget-title">QIOSK</h3><ul>{li(qiosk)}</ul></div>'
        '<div class="newsletter-widget"><h3 class="widget-title">Newsletter</h3>'
        f'<p>{esc(NEWSLETTER)}</p><form action="/res/newsletter/subscribe" method="post">'
        '<input type="email" name="email"/><button>Sign up</button></form></div></aside>'
    )


def teaser_html(site: MirrorSite, o: MirrorArticle, base: str, body_desc: bool, rng: random.Random) -> str:
    paras = [b.text for b in o.blocks() if b.kind == "p"][:2]
    inner = "".join(f"<p>{esc(p)}</p>" for p in paras)
    if body_desc:
        inner = f'<div class="body-description">{inner}</div>'
    credit = ""
    if o.image and o.image.credit:
        label = rng.choice(("Top image credit:", "Top photo credit:"))
        text = rng.choice(C.TEASER_CREDITS) if rng.random() < 0.3 else o.image.credit
        credit = f'<div class="photo-credit">{label} {esc(text)}</div>'
    img = ""
    if o.image:
        img = (
            f'<div class="widget__head"><img src="{esc(o.image.url("", width=600, quality=80))}" '
            f'alt="{esc(o.image.alt_caption if rng.random() < 0.6 else o.headline)}"/></div>'
        )
    return (
        f'<div class="widget" data-post-id="{o.post_id}">{img}{credit}'
        f'<h2 class="widget__headline"><a class="widget__headline-text" href="{esc(o.link_path)}">'
        f'{esc(o.headline)}</a></h2><div class="widget__section-wrap"><a class="widget__section" '
        f'href="{section_href(o.section)}">{esc(o.section)}</a></div>'
        f'<div class="widget__body">{inner}<a class="widget__show-more" href="{esc(o.link_path)}">keep reading</a>'
        '<span class="widget__show-less">Show less</span></div></div>'
    )


def section_href(section: str) -> str:
    s = C.slugify(section)
    return f"/regions/{s}/" if section in C.REGION_SECTIONS else f"/{s}/"


def teasers_html(site: MirrorSite, a: MirrorArticle, base: str) -> str:
    rng = random.Random(f"{site.seed}/teasers/{a.post_id}")
    pool = [x for x in site.articles[: min(len(site.articles), 120)] if x is not a]
    picks = rng.sample(pool, min(3, len(pool)))
    inner = "".join(teaser_html(site, o, base, a.variant.teaser_body_desc, rng) for o in picks)
    web = (
        '<div class="around-the-web"><h3>Around the web</h3><ul>'
        '<li><a href="https://news.example.invalid/pentagon-audit">Pentagon fails seventh audit</a></li>'
        '<li><a href="https://news.example.invalid/iran-talks">Iran talks resume in Oman</a></li></ul></div>'
    )
    return f'<div class="posts-custom" id="sStream_{a.post_id % 100000}">{inner}</div>{web}'


def byline_html(a: MirrorArticle) -> str:
    links = [f'<a class="social-author__name" href="/author/{u}/">{esc(n)}</a>' for n, u in a.authors]
    if len(links) == 1:
        joined = links[0]
    else:
        joined = ", ".join(links[:-1]) + " and " + links[-1]
    return f'<div class="post-author-list">By {joined}</div>'


def tags_html(a: MirrorArticle) -> str:
    links = "".join(f'<a class="tags__item" href="/tag/{C.slugify(t)}/">{esc(t)}</a>' for t in a.tags)
    return f'<div class="tags"><span class="tags__label">Tags:</span> {links}</div>'


def author_box_html(site: MirrorSite, a: MirrorArticle) -> str:
    out = []
    for n, u in a.authors:
        b = site.author_info.get(u, (n, ""))[1]
        out.append(
            f'<div class="social-author"><a class="social-author__name" href="/author/{u}/">{esc(n)}</a>'
            f'<div class="social-author__bio">{esc(b)}</div></div>'
        )
    return f'<div class="author-box">{"".join(out)}</div>'


def hero_html(a: MirrorArticle, base: str, rng: random.Random, lazy: bool) -> str:
    if not a.image:
        return ""
    v = a.variant
    alt = {"file": a.image.alt_file, "caption": a.image.alt_caption, "headline": a.headline}[v.hero_alt]
    host = base if rng.random() < 0.5 else ""
    url = esc(a.image.url(host, width=1245, height=700, quality=85, coordinates="0%2C0%2C0%2C0"))
    src = f'src="{SVG_PLACEHOLDER.format(w=1245, h=700)}" data-runner-src="{url}"' if lazy else f'src="{url}"'
    return (
        f'<div class="widget__head"><div class="widget__image"><img class="widget__img" {src} '
        f'alt="{esc(alt)}"/></div></div>'
    )


def rm_header_block(a: MirrorArticle, base: str, rng: random.Random) -> str:
    """The RebelMouse <article class="… image-article">: hero, headline, dek, type | section, byline, date."""
    v = a.variant
    twice = f'<div class="social-share__headline">{esc(a.headline)}</div>' if v.headline_twice else ""
    dek = (
        f'<h2 class="widget__subheadline"><div class="widget__subheadline-text">{esc(a.dek)}</div></h2>'
        if a.dek
        else ""
    )
    cta = '<div class="google-cta">google cta</div>' * 2 if v.google_cta else ""
    sect = (
        f'<div class="widget__section-wrapper"><span class="widget__type">{esc(a.article_type)}</span> | '
        f'<a class="widget__section" href="{section_href(a.section)}">{esc(a.section)}</a></div>'
    )
    date = f'<div class="social-date"><span class="social-date__text">{human_date(display_date(a))}</span></div>'
    return (
        f'<article class="post-article widget image-article" data-post-id="{a.post_id}">'
        f"{hero_html(a, base, rng, v.hero_lazy)}{twice}"
        f'<h1 class="widget__headline h1"><span class="widget__headline-text custom-post-headline">'
        f"{esc(a.headline)}</span></h1>{dek}{sect}{cta}"
        f'<div class="widget__byline">{byline_html(a)}{date}</div></article>'
    )


def credit_html(a: MirrorArticle, cls: str = "post-photo-credit") -> str:
    credit = a.shown_credit()
    if a.variant.credit_in_body or not credit or a.image is None:
        return ""
    return f'<div class="{cls}"><span>{esc(a.image.credit_label)} {esc(credit)}</span></div>'


# ---------------------------------------------------------------------------------------------------- article pages


def article_page(site: MirrorSite, a: MirrorArticle, base: str) -> str:
    rng = random.Random(f"{site.seed}/page/{a.post_id}")
    layout = a.variant.layout
    body = {
        "rebelmouse": _rebelmouse,
        "rm-widgets": widgets_mod.body,
        "wordpress": _wordpress,
        "redesign": _redesign,
        "bare": _bare,
    }[layout](site, a, base, rng)
    top = head(site, a, base, rng)
    if site.weight == "real":
        scripts, sprite = weight.filler(site.seed)
        top += "\n" + scripts
        body = body.replace(">", ">" + sprite, 1)  # the inline SVG sprite right after <body ...>
    return f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{top}\n</head>\n{body}\n</html>\n'


def _rebelmouse(site: MirrorSite, a: MirrorArticle, base: str, rng: random.Random) -> str:
    v = a.variant
    nxt = ""
    if v.next_article and not a.is_video:
        o = site.articles[a.index + 1] if a.index + 1 < len(site.articles) else site.articles[0]
        nxt = (
            f'<div class="lazy-load-next-article" data-url="{esc(o.link_path)}">{rm_header_block(o, base, rng)}'
            f'<div class="body-description">{body_html(site, o, base)}</div>{tags_html(o)}</div>'
        )
    return (
        f'<body class="post-page">\n{header_html(v.google_cta)}\n<main class="main-content">\n'
        f"{rm_header_block(a, base, rng)}\n"
        f'<div class="body-description">\n{body_html(site, a, base, credit_in_body=v.credit_in_body)}\n</div>\n'
        f"{credit_html(a)}{tags_html(a)}{author_box_html(site, a)}\n{teasers_html(site, a, base)}\n{nxt}\n</main>\n"
        f"{sidebar_html(site, a)}\n{FOOTER}\n</body>"
    )


def _wordpress(site: MirrorSite, a: MirrorArticle, base: str, rng: random.Random) -> str:
    wpid = 20000 + a.post_id % 90000
    img = ""
    if a.image:
        img = (
            f'<div class="featured-image wp-caption"><img src="{esc(a.image.url(base, width=1200))}" '
            f'alt="{esc(a.image.alt_file)}" class="attachment-post-thumbnail wp-post-image"/>'
            f'<p class="wp-caption-text">{esc(a.image.caption)}</p></div>'
        )
    authors = ", ".join(
        f'<span class="author vcard"><a class="url fn n" href="/author/{u}/">{esc(n)}</a></span>' for n, u in a.authors
    )
    iso_p = iso(a.published_at, a.variant.tz_style)
    upd = ""
    if a.modified_at:
        upd = (
            ' <span class="updated-on">Updated '
            f'<time class="updated" datetime="{iso(a.modified_at, a.variant.tz_style)}">'
            f"{human_date((a.modified_at + et_offset(a.modified_at)).date())}</time></span>"
        )
    dek = f'<h2 class="entry-subtitle">{esc(a.dek)}</h2>' if a.dek else ""
    tags = ", ".join(f'<a href="/tag/{C.slugify(t)}/" rel="tag">{esc(t)}</a>' for t in a.tags)
    cta = '<div class="google-cta">google cta</div>' if a.variant.google_cta else ""
    return (
        f'<body class="post-template-default single single-post postid-{wpid}">\n{header_html(False)}\n'
        '<div id="content" class="site-content"><div id="primary" class="content-area">'
        '<main id="main" class="site-main">\n'
        f'<article id="post-{wpid}" class="post-{wpid} post type-post status-publish format-standard '
        'has-post-thumbnail">\n'
        f'{img}\n<header class="entry-header"><div class="cat-links"><a href="/{C.slugify(a.article_type)}/" '
        f'rel="category tag">{esc(a.article_type)}</a> | <a href="{section_href(a.section)}" rel="category tag">'
        f'{esc(a.section)}</a></div>\n<h1 class="entry-title">{esc(a.headline)}</h1>{dek}{cta}\n'
        f'<div class="entry-meta"><span class="byline">By {authors}</span> <span class="posted-on">'
        f'<time class="entry-date published" datetime="{iso_p}">{human_date(display_date(a))}</time>{upd}</span>'
        f'</div></header>\n<div class="entry-content">\n{body_html(site, a, base)}\n</div>\n'
        f'<footer class="entry-footer"><span class="tags-links">Tags: {tags}</span></footer>\n</article>\n'
        f"{author_box_html(site, a)}\n{teasers_html(site, a, base)}\n</main></div>{sidebar_html(site, a)}</div>\n"
        f"{FOOTER}\n</body>"
    )


def _redesign(site: MirrorSite, a: MirrorArticle, base: str, rng: random.Random) -> str:
    """A RebelMouse redesign: same content, every headline/body class renamed (selectors miss; generic extractors
    work)."""
    links = [f'<a class="story__author" rel="author" href="/author/{u}/">{esc(n)}</a>' for n, u in a.authors]
    authors = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1]
    img = ""
    if a.image:
        img = (
            f'<figure class="story__hero"><img src="{esc(a.image.url(base, width=1600, quality=80))}" '
            f'alt="{esc(a.image.alt_caption)}"/></figure>'
        )
    dek = f'<p class="story__dek">{esc(a.dek)}</p>' if a.dek else ""
    credit = credit_html(a, "story__credit")
    topics = "".join(f'<li><a href="/tag/{C.slugify(t)}/">{esc(t)}</a></li>' for t in a.tags)
    return (
        f'<body class="page-article rs-2025">\n{header_html(False)}\n<main id="main-content">\n'
        f'<article class="story story--standard" data-id="{a.post_id}">\n'
        f'<div class="story__eyebrow"><span class="story__type">{esc(a.article_type)}</span> | '
        f'<a class="story__section" href="{section_href(a.section)}">{esc(a.section)}</a></div>\n'
        f'<h1 class="story__title">{esc(a.headline)}</h1>{dek}\n'
        f'<div class="story__meta"><div class="story__authors">By {authors}</div>'
        f'<time class="story__date" datetime="{iso(a.published_at, a.variant.tz_style)}">'
        f"{human_date(display_date(a))}</time></div>\n{img}\n"
        '<div class="story__content">\n'
        f"{body_html(site, a, base, credit_in_body=a.variant.credit_in_body)}\n</div>\n"
        f'{credit}<ul class="story__topics">{topics}</ul>\n</article>\n'
        f'<section class="story-recirc">{teasers_html(site, a, base)}</section>\n</main>\n'
        f"{sidebar_html(site, a)}\n{FOOTER}\n</body>"
    )


def _bare(site: MirrorSite, a: MirrorArticle, base: str, rng: random.Random) -> str:
    return f"<body>\n<h1>{esc(a.headline)}</h1>\n{body_html(site, a, base)}\n</body>"


# ---------------------------------------------------------------------------------------------------- other pages


def simple_page(title: str, main: str, site: MirrorSite, base: str, canonical: str, body_class: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8"/>\n'
        f'<title>{esc(title)} | {SITE_NAME}</title>\n<link rel="canonical" href="{esc(base + canonical)}"/>\n'
        '<meta property="og:type" content="website"/>\n</head>\n'
        f'<body class="{body_class}">\n{header_html(False)}\n'
        f'<main class="main-content">\n{main}\n</main>\n{sidebar_html(site, None)}\n{FOOTER}\n</body>\n</html>\n'
    )


def listing_page(
    site: MirrorSite,
    base: str,
    title: str,
    canonical: str,
    items: list[MirrorArticle],
    page: int,
    pages: int,
    intro: str = "",
    load_more: str | None = None,
    links: list[str] | None = None,
) -> str:
    cards = []
    for i, o in enumerate(items):
        href = links[i] if links else o.link_path
        paras = [b.text for b in o.blocks() if b.kind == "p"][:1]
        cards.append(
            f'<div class="widget" data-post-id="{o.post_id}"><h2 class="widget__headline">'
            f'<a class="widget__headline-text" href="{esc(href)}">{esc(o.headline)}</a></h2>'
            f'<a class="widget__section" href="{section_href(o.section)}">{esc(o.section)}</a>'
            '<div class="social-date"><span class="social-date__text">'
            f"{human_date(display_date(o))}</span></div>"
            f'<div class="widget__body"><p>{esc(paras[0] if paras else "")}</p></div></div>'
        )
    nav = []
    root = canonical if canonical.endswith("/") else canonical + "/"
    if page > 1:
        prev = root if page == 2 else f"{root}page/{page - 1}/"
        nav.append(f'<a rel="prev" href="{prev}">Previous</a>')
    if page < pages:
        nav.append(f'<a rel="next" href="{root}page/{page + 1}/">Next</a>')
    more = ""
    if load_more and page < pages:
        more = f'<button class="load-more" data-url="{esc(load_more)}&pn={page + 1}">Load more</button>'
    main = (
        f'<h1 class="listing-title">{esc(title)}</h1>{intro}'
        f'<div class="posts-custom" id="sStream_{zlib.crc32(canonical.encode()) % 100000}">{"".join(cards)}</div>'
        f'<nav class="pagination">{"".join(nav)}</nav>{more}'
    )
    return simple_page(title, main, site, base, canonical if page == 1 else f"{root}page/{page}/", "listing-page")


ABOUT = (
    "Responsible Statecraft is the online magazine of the Quincy Institute for Responsible Statecraft. "
    "It publishes analysis, reporting, opinion and news on US foreign policy.",
    "We believe that the United States should engage the world through diplomacy and trade, "
    "and that military force should be a last resort.",
    "Our contributors include scholars, journalists, veterans and former diplomats from across the political spectrum.",
)


def about_page(site: MirrorSite, base: str) -> str:
    staff = "".join(f'<li><a href="/author/{u}/">{esc(n)}</a></li>' for n, u, _ in site.authors[:8])
    main = (
        '<h1 class="page-title">About</h1><div class="about-page__text">'
        + "".join(f"<p>{esc(p)}</p>" for p in ABOUT)
        + f"</div><h2>Staff</h2><ul>{staff}</ul>"
    )
    return simple_page("About", main, site, base, "/about/", "about-page")


def not_found_page(site: MirrorSite, base: str) -> str:
    return simple_page(
        "Page not found",
        "<h1>Page not found</h1><p>Sorry, we couldn’t find that page.</p>",
        site,
        base,
        "/404",
        "error-page",
    )
