"""Second red team: HARDER Responsible Statecraft pages (RebelMouse markup), built from rs-site.md + items.py only.

Written without reading our parser, our mirror or the first red team's fixtures. It aims at what real
RebelMouse pages and real-world HTML do that a first pass misses: paragraphs split by <br><br>, bare text in
<div>s, a body in several ``body-description`` containers (ads, listicle slides), subheads in <strong>,
footnotes and <sup>, tables, inline tags that split words, non-Latin names, very long and very short bodies,
body sentences that legitimately say "Subscribe now" or "keep reading", " | " inside the headline, other
title suffixes, hard bylines ("Chas W. Freeman, Jr.", "Ben Freeman and Nick Cleveland-Stout"), dates only in
JSON-LD epoch or bootstrap ``created_ts``, naive ISO dates, a site-logo og:image, a <video> hero, credits in
unusual places, pull-quote / tweet / source blockquotes, iframes, <noscript> duplicates, comments, cookie
banners, related boxes, AMP-ish markup, an infinite-scroll next article, and listing pages that look like
articles.

    .venv/bin/python tests/generators/redteam2_pages.py [OUT_DIR]     # default tests/fixtures/redteam2/pages

Decisions where the contract needed reading (items.py TEXT CONVENTIONS):
- a table is one block, one row per line, the cells of a row joined by " | " (the convention of body.py and
  of the other fixture sets; items.py is silent on tables);
- ``<br><br>`` (or more) separates paragraphs; a single ``<br>`` is whitespace inside a paragraph;
- a ``<sup>`` footnote marker is the text's own character, kept in place without a space; a footnotes list
  at the end of the body is body (an ordered list: one block, one item per line);
- a timezone-less ISO datetime is taken as UTC;
- the lead image is the hero of the article header (a <video> hero's poster), not a site-logo og:image.

Same json as tests/generators/redteam_pages.py (the fixture format of rs_scraper/quality/fixtures.py): the 15 page
fields ``Page.expected`` sets (never "every column"), "_request", "_noise", "_pull_quotes".
"""

# ruff: noqa: E501  (page markup and sample text: a long line here is a line of the data it writes)

from __future__ import annotations

import hashlib
import html as htmllib
import json
import random
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

DEST = Path(__file__).resolve().parents[1] / "fixtures" / "redteam2" / "pages"
HOST = "https://responsiblestatecraft.org"
UTC = UTC
ET = timezone(timedelta(hours=-4))
NBSP = "\u00a0"
esc = htmllib.escape

WORDS = (
    "administration policy sanctions Congress Pentagon diplomacy negotiations ceasefire alliance budget "
    "security officials analysts region military economic pressure strategy escalation restraint "
    "deterrence treaty embassy senators hawks doves partners conflict humanitarian envoy weapons "
    "intelligence framework commitment leverage tariffs exports refugees militia drones bases"
).split()


def sentence(rng: random.Random, n: int | None = None) -> str:
    n = n or rng.randint(9, 22)
    ws = [rng.choice(WORDS) for _ in range(n)]
    s = " ".join(ws)
    return s[0].upper() + s[1:] + rng.choice([".", ".", ".", "?"])


def para(rng: random.Random, k: int | None = None) -> str:
    return " ".join(sentence(rng) for _ in range(k or rng.randint(2, 4)))


def img_url(name: str, iid: int, size: bool = True) -> str:
    u = f"{HOST}/media-library/{name}?id={iid}"
    return u + "&width=1200&height=800&quality=85&coordinates=0%2C0%2C0%2C0" if size else u


CHROME_TOP = """<div id="cookie-consent" class="cookie-banner">We use cookies to improve your experience.
<button>Accept all cookies</button> <a href="/privacy">Privacy policy</a></div>
<header class="topbar"><div class="social-header">Follow us on social <a href="https://twitter.com/RStatecraft">
<span>X</span></a></div><nav class="main-nav"><a href="/regions/middle-east/">Middle East</a>
<a href="/regions/europe/">Europe</a> <a href="/about/">About</a></nav>
<div class="gtm-cta">google cta</div></header>"""

CHROME_BOTTOM = """<div class="posts-custom around-the-web"><h3 class="widget__head">Around the web</h3>
<div class="widget"><img alt="Top image credit: Shutterstock" src="data:image/svg+xml,x">
<h2 class="widget__headline">Teaser: Why the Sahel coup wave keeps spreading</h2>
<div class="widget__section">Africa</div><div class="body-description">Teaser body about Sahel juntas.</div>
<span class="keep-reading">keep reading</span><span class="show-less">Show less</span></div></div>
<div class="sidebar"><h3>LATEST</h3><ul><li><a href="/x">Latest teaser headline one</a></li></ul>
<h3>QIOSK</h3><h3>Newsletter</h3><div class="newsletter-widget">Subscribe now to our weekly round-up and don't
miss a beat with your favorite RS contributors <form><input type="email"><button>Sign up</button></form></div>
</div><footer><p>Copyright 2024 Quincy Institute. All rights reserved.</p></footer>"""

TEASER_NOISE = [
    "Teaser: Why the Sahel coup wave keeps spreading",
    "Teaser body about Sahel juntas",
    "Latest teaser headline one",
    "We use cookies",
    "Accept all cookies",
    "Privacy policy",
    "Copyright 2024",
]


class Page:
    """A RebelMouse article page with every field in several places; variants switch pieces off/override."""

    def __init__(self, name: str, seed: int, **kw):
        self.name = name
        self.rng = random.Random(seed)
        rng = self.rng
        self.slug = kw.get("slug", name.replace("_", "-"))
        self.path = kw.get("path", f"/{self.slug}-{2668800000 + seed}")
        self.url = HOST + self.path
        self.request_url = kw.get("request_url", self.url + "?rebelltitem=2")
        self.encoding = kw.get("encoding")
        self.title = kw.get("title", sentence(rng, 8).rstrip(".?"))
        self.dek = kw.get("dek", sentence(rng, 14))
        self.authors = kw.get("authors", ["Ann Smith", "Bo Lee"][: rng.randint(1, 2)])
        self.pub = kw.get("pub", datetime(2024, 3, 1, tzinfo=UTC) + timedelta(days=seed, hours=13, minutes=seed))
        self.mod = kw.get("mod", self.pub + timedelta(hours=5))
        self.type = kw.get("type", "Analysis")
        self.section = kw.get("section", "Europe")
        self.tags = kw.get("tags", ["Ukraine", "NATO"])
        self.paras: list[str] = kw.get("paras") or [para(rng) for _ in range(rng.randint(5, 8))]
        self.hero = kw.get("hero", ("Shutterstock_732504547-scaled.jpg", 50000 + seed))
        self.credit = kw.get("credit", "Reuters/Leonardo Fernandez Viloria")
        self.lang = kw.get("lang", "en")
        self.noise: list[str] = list(TEASER_NOISE)
        self.pull_quotes: list[str] = []
        self.text_override: str | None = None
        self.expect_image: str | None | bool = kw.get("expect_image", True)
        self.expect_pub: datetime | None = kw.get("expect_pub")  # when the stored instant is not ``pub``
        # which sources carry each field (switch off to test the fallbacks)
        self.h1 = kw.get("h1", True)
        self.title_tag = kw.get("title_tag", f"{self.title} | Responsible Statecraft")
        self.og_title = kw.get("og_title", self.title)
        self.og_image = kw.get("og_image", "hero")
        self.jsonld = kw.get("jsonld", True)
        self.jsonld_extra: dict = kw.get("jsonld_extra", {})
        self.jsonld_dates = kw.get("jsonld_dates", "iso")
        self.meta_dates = kw.get("meta_dates", True)
        self.meta_pub_raw: str | None = kw.get("meta_pub_raw")
        self.meta_mod_raw: str | None = kw.get("meta_mod_raw")
        self.visible_date = kw.get("visible_date", True)
        self.byline = kw.get("byline", True)
        self.meta_author = kw.get("meta_author")  # str or None
        self.jsonld_authors = kw.get("jsonld_authors", True)
        self.bootstrap: dict | None = kw.get("bootstrap")
        self.show_dek = kw.get("show_dek", True)
        self.type_row = kw.get("type_row", True)
        self.tag_links = kw.get("tag_links", True)
        self.meta_tags = kw.get("meta_tags", True)
        self.hero_html: str | None = kw.get("hero_html")
        self.credit_html: str | None = kw.get("credit_html")
        self.body_html: str | None = None  # set by variants; default rendering of paras otherwise
        self.after_body = ""
        self.before_header = ""
        self.html_attrs = kw.get("html_attrs", f'lang="{self.lang}"')
        self.head_extra = ""
        self.chrome = kw.get("chrome", True)

    # -- rendering -------------------------------------------------------------------------------------------
    def hero_src(self) -> str:
        return img_url(*self.hero)

    def render_hero(self) -> str:
        if self.hero is None:
            return ""
        if self.hero_html is not None:
            return self.hero_html
        alt = self.hero[0].rsplit(".", 1)[0]
        return (
            f'<div class="widget__image image-media"><picture><img class="widget__img rm-lazyloadable-image" '
            f'src="data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22%3E%3C/svg%3E" '
            f'data-runner-src="{esc(self.hero_src())}" alt="{esc(alt)}" width="1200" height="800"></picture>'
            f"</div>"
        )

    def render_credit(self) -> str:
        if self.credit_html is not None:
            return self.credit_html
        if not self.credit:
            return ""
        return f'<small class="image-media media-photo-credit">Top photo credit: {esc(self.credit)}</small>'

    def render_body(self) -> str:
        if self.body_html is not None:
            return self.body_html
        return '<div class="body-description">' + "".join(f"<p>{esc(p)}</p>" for p in self.paras) + "</div>"

    def jsonld_obj(self) -> dict:
        d: dict = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "mainEntityOfPage": {"@type": "WebPage", "@id": self.url},
        }
        if self.jsonld_dates == "iso":
            d["datePublished"] = self.pub.isoformat()
            if self.mod:
                d["dateModified"] = self.mod.isoformat()
        elif self.jsonld_dates == "epoch":
            d["datePublished"] = int(self.pub.timestamp())
            if self.mod:
                d["dateModified"] = int(self.mod.timestamp())
        if self.jsonld_authors:
            d["author"] = [{"@type": "Person", "name": a} for a in self.authors]
        if self.hero and self.og_image == "hero":
            d["image"] = {"@type": "ImageObject", "url": self.hero_src()}
        d["publisher"] = {
            "@type": "Organization",
            "name": "Responsible Statecraft",
            "logo": {"@type": "ImageObject", "url": f"{HOST}/media-library/rs-logo.png?id=1"},
        }
        d.update(self.jsonld_extra)
        return d

    def head(self) -> str:
        h = [
            '<meta charset="%s">' % (self.encoding or "utf-8"),
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(self.title_tag)}</title>" if self.title_tag is not None else "",
            f'<link rel="canonical" href="{self.url}">',
        ]
        if self.og_title is not None:
            h.append(f'<meta property="og:title" content="{esc(self.og_title)}">')
        if self.show_dek and self.dek:
            h.append(f'<meta property="og:description" content="{esc(self.dek)}">')
            h.append(f'<meta name="description" content="{esc(self.dek)}">')
        if self.og_image == "hero" and self.hero:
            h.append(f'<meta property="og:image" content="{esc(self.hero_src())}">')
        elif self.og_image and self.og_image != "hero":
            h.append(f'<meta property="og:image" content="{esc(self.og_image)}">')
        if self.meta_dates:
            h.append(f'<meta property="article:published_time" content="{self.meta_pub_raw or self.pub.isoformat()}">')
            if self.mod or self.meta_mod_raw:
                h.append(
                    f'<meta property="article:modified_time" content="{self.meta_mod_raw or self.mod.isoformat()}">'
                )
        if self.meta_author:
            h.append(f'<meta name="author" content="{esc(self.meta_author)}">')
        if self.meta_tags:
            h += [f'<meta property="article:tag" content="{esc(t)}">' for t in self.tags]
        if self.section and self.meta_tags:
            h.append(f'<meta property="article:section" content="{esc(self.section)}">')
        if self.jsonld:
            h.append(
                '<script type="application/ld+json">' + json.dumps(self.jsonld_obj(), ensure_ascii=False) + "</script>"
            )
        if self.bootstrap is not None:
            h.append("<script>window.REBELMOUSE_BOOTSTRAP_DATA = " + json.dumps(self.bootstrap) + ";</script>")
        h.append('<script>window.dataLayer = window.dataLayer || []; dataLayer.push({"event": "pageview"});</script>')
        h.append(self.head_extra)
        return "\n".join(x for x in h if x)

    def header(self) -> str:
        parts = [
            self.before_header,
            f'<article class="post-{2668800000} image-article" data-post-id="1">',
            '<div class="widget__head">',
            self.render_hero(),
            "</div>",
            '<div class="widget__body">',
        ]
        if self.type_row and (self.type or self.section):
            sec = (
                f'<a class="widget__section" href="/regions/{self.section.lower().replace(" ", "-")}/">'
                f"{esc(self.section)}</a>"
                if self.section
                else ""
            )
            typ = esc(self.type) if self.type else ""
            sep = " | " if typ and sec else ""
            parts.append(f'<div class="widget__section-row"><span class="widget__type">{typ}</span>{sep}{sec}</div>')
        if self.h1:
            parts.append(
                f'<h1 class="widget__headline h1"><span class="widget__headline-text">{esc(self.title)}</span></h1>'
            )
        if self.show_dek and self.dek:
            parts.append(
                f'<h2 class="widget__subheadline"><span class="widget__subheadline-text">{esc(self.dek)}</span></h2>'
            )
        if self.byline and self.authors:
            parts.append(
                '<div class="social-author post-author-list">'
                + "".join(
                    f'<a class="social-author__name" href="/author/{a.split()[-1].lower()}/">{esc(a)}</a>'
                    for a in self.authors
                )
                + "</div>"
            )
        if self.visible_date:
            parts.append(
                f'<div class="social-date"><span class="social-date__text">'
                f"{self.pub.astimezone(UTC if self.visible_date == 'utc' else ET).strftime('%B %d, %Y')}</span></div>"
            )
        parts.append("</div></article>")
        return "\n".join(parts)

    def tag_html(self) -> str:
        if not (self.tag_links and self.tags):
            return ""
        return (
            '<div class="tags-list">'
            + "".join(f'<a class="tags" href="/tag/{t.lower().replace(" ", "-")}/">{esc(t)}</a>' for t in self.tags)
            + "</div>"
        )

    def html(self) -> str:
        body = [
            CHROME_TOP if self.chrome else "",
            "<main>",
            self.header(),
            '<div class="widget__body-wrapper">',
            self.render_body(),
            self.render_credit(),
            self.tag_html(),
            self.after_body,
            "</div>",
            "</main>",
            CHROME_BOTTOM if self.chrome else "",
        ]
        return (
            f"<!DOCTYPE html>\n<html {self.html_attrs}>\n<head>\n{self.head()}\n</head>\n"
            f'<body class="rm-body">\n' + "\n".join(b for b in body if b) + "\n</body>\n</html>\n"
        )

    def expected(self) -> dict:
        text = self.text_override if self.text_override is not None else "\n\n".join(self.paras)
        if self.expect_image is True:
            image = f"{HOST}/media-library/{self.hero[0]}?id={self.hero[1]}" if self.hero else None
        else:
            image = self.expect_image or None
        return {
            "url": self.url,
            "title": self.title,
            "subtitle": self.dek if self.show_dek else None,
            "authors": self.authors,
            "published_at": (self.expect_pub or self.pub).astimezone(UTC).isoformat() if self.pub else None,
            "modified_at": self.mod.astimezone(UTC).isoformat() if self.mod else None,
            "article_type": self.type,
            "section": self.section,
            "tags": self.tags,
            "text": text,
            "word_count": len(text.split()),
            "image_url": image,
            "image_credit": self.credit or None,
            "language": self.lang.split("-")[0] if self.lang else None,
            "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "_request": {"url": self.request_url, "encoding": self.encoding},
            "_noise": self.noise,
            "_pull_quotes": self.pull_quotes,
        }


# --------------------------------------------------------------------------------------------------------------
# article variants


def v_br_paragraphs(seed):
    p = Page("br_paragraphs", seed)
    rng = p.rng
    p.paras = [para(rng) for _ in range(6)]
    # one paragraph contains a single <br> (a line break inside it: whitespace)
    a, b = sentence(rng), sentence(rng)
    p.paras[2] = f"{a} {b}"
    inner = [esc(x) for x in p.paras]
    inner[2] = f"{esc(a)}<br>\n{esc(b)}"
    p.body_html = (
        '<div class="body-description"><div>'
        + inner[0]
        + "<br><br>"
        + inner[1]
        + "<br/><br/>\n"
        + inner[2]
        + "<br>\n<br>\n"
        + inner[3]
        + "<br><br><br>"
        + inner[4]
        + "<br> <br>"
        + inner[5]
        + "</div></div>"
    )
    return p


def v_bare_div_text(seed):
    p = Page("bare_div_text", seed)
    ps = p.paras
    p.body_html = (
        '<div class="body-description">' + esc(ps[0]) + f"<div>{esc(ps[1])}</div>"
        f"<p>{esc(ps[2])}</p><div><div>{esc(ps[3])}</div></div>{esc(ps[4])}"
        + "".join(f"<div>{esc(x)}</div>" for x in ps[5:])
        + "</div>"
    )
    return p


def v_split_body_ad(seed):
    p = Page("split_body_ad", seed, paras=None)
    ps = p.paras
    half = len(ps) // 2
    p.body_html = (
        '<div class="body-description">' + "".join(f"<p>{esc(x)}</p>" for x in ps[:half]) + "</div>"
        '<div class="ad-tag-wrapper"><div class="ad-tag">Advertisement</div>'
        '<div id="div-gpt-ad-1" class="rblad-rs_incontent"></div></div>'
        '<div class="body-description">' + "".join(f"<p>{esc(x)}</p>" for x in ps[half:]) + "</div>"
    )
    return p


def v_listicle(seed):
    p = Page("listicle", seed)
    rng = p.rng
    intro = [para(rng), para(rng)]
    slides = [(f"{i}. " + sentence(rng, 5).rstrip(".?"), [para(rng), para(rng)]) for i in range(1, 5)]
    outro = para(rng)
    html = [
        '<div class="body-description">' + "".join(f"<p>{esc(x)}</p>" for x in intro) + "</div>",
        '<div class="listicle-body">',
    ]
    paras = list(intro)
    for i, (h, txt) in enumerate(slides):
        cap = f"Slide {i} caption: soldiers at a checkpoint"
        p.noise.append(cap)
        html.append(
            f'<div class="rebellt-item col1" id="rebelltitem{i + 1}" data-id="{i + 1}">'
            f'<h2 class="headline">{esc(h)}</h2>'
            f'<div class="listicle-slide"><div class="media-photo"><img class="rm-shortcode" '
            f'src="{img_url(f"slide{i}.jpg", 900 + i)}" alt="slide">'
            f'<small class="image-media media-caption">{cap}</small>'
            f'<small class="image-media media-photo-credit">AP Photo</small></div>'
            '<div class="body-description">' + "".join(f"<p>{esc(x)}</p>" for x in txt) + "</div></div></div>"
        )
        paras += [h] + txt
    html.append("</div>")
    html.append(f'<div class="body-description"><p>{esc(outro)}</p></div>')
    paras.append(outro)
    p.paras = paras
    p.body_html = "".join(html)
    return p


def v_strong_subheads(seed):
    p = Page("strong_subheads", seed)
    rng = p.rng
    sub1, sub2, sub3 = "The view from Kyiv", "What Washington gets wrong", "A way out?"
    ps = [para(rng), sub1, para(rng), para(rng), sub2, para(rng), sub3, para(rng)]
    p.paras = ps
    p.body_html = (
        '<div class="body-description">'
        f"<p>{esc(ps[0])}</p><p><strong>{sub1}</strong></p><p>{esc(ps[2])}</p>"
        f"<p>{esc(ps[3])}</p><h3><em>{sub2}</em></h3><p>{esc(ps[5])}</p>"
        f"<p><strong><em>{sub3}</em></strong><br></p><p>{esc(ps[7])}</p></div>"
    )
    return p


def v_footnotes_sup(seed):
    p = Page("footnotes_sup", seed)
    rng = p.rng
    s1, s2, s3 = sentence(rng), sentence(rng), sentence(rng)
    ps = [
        f"{s1[:-1]}.1 {s2}",
        f"Spending rose to 10{NBSP}percent of GDP, or 3.2×10".replace(NBSP, " ") + "12 dollars.",
        f"{s3[:-1]}.2",
        "Notes",
        "1. Congressional Budget Office, 2023 report.\n2. SIPRI Yearbook 2024, p. 44.",
    ]
    p.paras = ps
    p.body_html = (
        '<div class="body-description">'
        f'<p>{esc(s1[:-1])}.<sup><a href="#fn1" id="ref1">1</a></sup> {esc(s2)}</p>'
        f"<p>Spending rose to 10&nbsp;percent of GDP, or 3.2×10<sup>12</sup> dollars.</p>"
        f"<p>{esc(s3[:-1])}.<sup>2</sup></p>"
        '<h3>Notes</h3><ol class="footnotes"><li id="fn1">1. Congressional Budget Office, 2023 report.'
        ' <a href="#ref1">↩</a></li><li>2. SIPRI Yearbook 2024, p. 44.</li></ol></div>'
    )
    # the back-link arrow is the text's own character? It is navigation; drop it from the truth by not
    # expecting it: a reader of the text would not see "↩" as content. Keep it out of the page instead.
    p.body_html = p.body_html.replace(' <a href="#ref1">↩</a>', "")
    return p


def v_table(seed):
    p = Page("table", seed)
    rng = p.rng
    a, b = para(rng), para(rng)
    table_text = "Country | Budget 2023 | Budget 2024\nUkraine | $64.8bn | $71.2bn\nRussia | $109bn | $140bn"
    p.paras = [a, table_text, b]
    p.body_html = (
        '<div class="body-description">'
        f"<p>{esc(a)}</p>"
        '<table class="rm-table"><thead><tr><th>Country</th><th>Budget 2023</th><th>Budget 2024</th></tr>'
        "</thead><tbody><tr><td>Ukraine</td><td>$64.8bn</td><td>$71.2bn</td></tr>\n"
        "<tr><td>Russia</td><td> $109bn </td><td>$140bn</td></tr></tbody></table>"
        f"<p>{esc(b)}</p></div>"
    )
    return p


def v_inline_links(seed):
    p = Page("inline_links", seed)
    ps = [
        "The Pentagon’s budget request, released by the Office of Management and Budget (OMB), tops $850 billion.",
        "As Sen. Rand Paul (R-Ky.) put it, “this is not restraint.” The CBO’s estimate — see its report — differs.",
        "Officials at U.S. Central Command (CENTCOM) declined to comment; a spokesperson said “no.”",
        "The so-called anti-Houthi coalition has launched over 400 strikes since January.",
    ]
    p.paras = ps
    p.body_html = (
        '<div class="body-description">'
        '<p>The <a href="https://www.defense.gov/">Pen<span class="hl">tagon</span></a>’s budget request, '
        'released by the <a href="https://www.whitehouse.gov/omb/">Office of Management and Budget</a> '
        '(<abbr title="Office of Management and Budget">OMB</abbr>), tops <strong>$850</strong> billion.</p>'
        '<p>As Sen. <a href="/tag/rand-paul/">Rand Paul</a> (R-Ky.) put it, <em>“this is not restraint.”</em>'
        ' The <abbr>CBO</abbr>’s estimate — <a href="https://cbo.gov/x">see its report</a> — differs.</p>'
        '<p>Officials at U.S. Central Command (<abbr title="x">CENTCOM</abbr>) declined to comment;'
        " a spokesperson said “<i>no</i>.”</p>"
        "<p>The so-<em>called</em> anti-Houthi coalition has launched over <b>400</b> strikes since "
        "January.</p></div>"
    )
    return p


def v_nonlatin(seed):
    p = Page(
        "nonlatin_emoji",
        seed,
        title="Zelenskyy, Đặng and Erdoğan: three leaders, one summit 🇺🇦",
        authors=["Đặng Thị Ngọc Thịnh", "Ömer Çelik"],
        tags=["Türkiye", "Việt Nam", "Ukraine"],
        section="Europe",
        dek="Kyiv’s envoy met counterparts in İstanbul — and in Hà Nội.",
    )
    ps = [
        "President Volodymyr Zelenskyy (Володимир Зеленський) met Recep Tayyip Erdoğan in İstanbul on Tuesday. 🇺🇦🤝🇹🇷",
        "Vietnam’s Đặng Hoàng Giang said Hà Nội “stands ready” — a phrase echoed in Beijing (北京) and in Tehran (تهران).",
        "Ğ, ı and ş are Turkish letters; the summit’s hashtag was #PeaceNow 🕊️ and trended for hours.",
        "Analysts in Москва dismissed the meeting as theatre.",
    ]
    p.paras = ps
    return p


def v_long(seed):
    p = Page("long_8k", seed)
    rng = p.rng
    paras = []
    html = ['<div class="body-description">']
    i = 0
    while sum(len(x.split()) for x in paras) < 8000:
        x = para(rng, rng.randint(4, 6))
        paras.append(x)
        html.append(f"<p>{esc(x)}</p>")
        i += 1
        if i % 12 == 0:
            cap = f"Long-read figure {i} caption (Photo by Celestino Arce/NurPhoto)"
            p.noise.append(cap)
            html.append(
                f'<p class="shortcode-media shortcode-media-rebelmouse-image"><img class="rm-shortcode" '
                f'data-rm-shortcode-id="abc{i}" src="data:image/svg+xml,x" data-runner-src="'
                f'{img_url(f"fig{i}.jpg", 7000 + i)}" alt="fig"><small class="image-media media-caption" '
                f'placeholder="Add Photo Caption...">{cap}</small><small class="image-media '
                f'media-photo-credit" placeholder="Add Photo Credit...">NurPhoto</small></p>'
            )
        if i % 20 == 0:
            html.append('<div class="ad-tag"><span>Advertisement</span></div>')
    html.append("</div>")
    p.paras = paras
    p.body_html = "".join(html)
    return p


def v_short_qiosk(seed):
    p = Page(
        "short_qiosk",
        seed,
        type="Reporting",
        section="QiOSK",
        authors=["Kelley Beaucar Vlahos"],
        tags=["QiOSK"],
        dek=None,
        show_dek=False,
    )
    p.paras = [
        "The Senate voted 79-18 on Thursday to advance the supplemental, sending it to the House.",
        "Sen. Mike Lee called it “a blank check.” The House is expected to take it up next week, though "
        "Speaker Johnson has not committed to a date. Five Democrats joined the opposition.",
    ]
    p.credit = None
    return p


def v_quotes_subscribe(seed):
    p = Page("quotes_subscribe", seed)
    ps = [
        "The campaign’s emails urged supporters to “Subscribe now” before the deadline, a tactic critics called manipulative.",
        "“Keep reading the fine print,” the senator said; the keep reading line became a slogan.",
        "The embassy’s weekly Newsletter, distributed to 40,000 readers, described the strike as defensive.",
        "Activists asked followers to “Show less deference” to the generals and to Sign up for the march.",
        "“Follow us on social media,” the ministry tweeted, before deleting the post. Around the web, reactions were swift.",
    ]
    p.paras = ps
    return p


def v_newsletter_article(seed):
    p = Page(
        "newsletter_article",
        seed,
        title="Why Washington’s foreign-policy newsletters all sound the same",
        dek="A newsletter boom has narrowed, not widened, the debate.",
        section="Washington Politics",
        tags=["Media", "Newsletter"],
    )
    ps = [
        "Newsletters have become the town square of national security Washington.",
        "Every think tank now has a newsletter, and most of them subscribe to the same assumptions.",
        "The Newsletter economy rewards speed over accuracy, one editor told RS.",
    ]
    p.paras = ps
    p.body_html = (
        '<div class="body-description">'
        f"<p>{esc(ps[0])}</p>"
        "<p>[shortcode-InText-Newsletter id=1]</p>"
        '<div class="newsletter-box rm-newsletter"><h3>Get RS in your inbox</h3><p>Subscribe now to our '
        "weekly round-up and don't miss a beat with your favorite RS contributors</p>"
        '<form><input type="email" placeholder="Email"><button>Subscribe</button></form></div>'
        f"<p>{esc(ps[1])}</p><p>{esc(ps[2])}</p></div>"
    )
    p.noise += ["Get RS in your inbox", "InText"]
    return p


def v_pipe_headline(seed):
    t = "Gaza | The ceasefire that wasn’t"
    return Page("pipe_headline", seed, title=t, title_tag=f"{t} | Responsible Statecraft", section="Middle East")


def v_pipe_headline_no_h1(seed):
    t = "Iran | Five myths about the nuclear deal"
    return Page(
        "pipe_headline_no_h1",
        seed,
        title=t,
        title_tag=f"{t} | Responsible Statecraft",
        h1=False,
        og_title=t,
        jsonld=False,
        section="Middle East",
    )


def v_title_dash_suffix(seed):
    t = "Taiwan’s election and the limits of US influence"
    return Page(
        "title_dash_suffix",
        seed,
        title=t,
        title_tag=f"{t} – Responsible Statecraft",
        h1=False,
        og_title=None,
        jsonld=False,
        section="Asia-Pacific",
    )


def v_title_rs_suffix(seed):
    t = "The Pentagon can’t pass an audit — again"
    return Page(
        "title_rs_suffix",
        seed,
        title=t,
        title_tag=f"{t} | RS",
        h1=False,
        og_title=f"{t} | RS",
        jsonld=False,
        section="Military Industrial Complex",
    )


def v_authors_initials_jr(seed):
    return Page(
        "authors_initials_jr",
        seed,
        authors=["Chas W. Freeman, Jr.", "Col. Lawrence B. Wilkerson (ret.)", "Anatol Lieven"],
        meta_author="Chas W. Freeman, Jr.",
    )


def v_authors_meta_and(seed):
    return Page(
        "authors_meta_and",
        seed,
        authors=["Ben Freeman", "Nick Cleveland-Stout"],
        byline=False,
        jsonld_authors=False,
        meta_author="Ben Freeman and Nick Cleveland-Stout",
        section="Military Industrial Complex",
    )


def v_authors_jsonld_only(seed):
    return Page("authors_jsonld_only", seed, authors=["Trita Parsi", "Sarang Shidore", "Jake Werner"], byline=False)


def v_authors_meta_jr_only(seed):
    return Page(
        "authors_meta_jr_only",
        seed,
        authors=["Chas W. Freeman, Jr."],
        byline=False,
        jsonld_authors=False,
        meta_author="Chas W. Freeman, Jr.",
    )


def v_date_jsonld_epoch(seed):
    return Page(
        "date_jsonld_epoch",
        seed,
        meta_dates=False,
        visible_date=False,
        jsonld_dates="epoch",
        pub=datetime(2023, 11, 7, 15, 30, tzinfo=UTC),
        mod=datetime(2023, 11, 8, 9, 0, tzinfo=UTC),
    )


def v_date_bootstrap_only(seed):
    pub = datetime(2022, 6, 14, 11, 5, 42, tzinfo=UTC)
    mod = datetime(2022, 6, 15, 8, 0, 0, tzinfo=UTC)
    p = Page("date_bootstrap_only", seed, meta_dates=False, visible_date=False, jsonld_dates=None, pub=pub, mod=mod)
    p.bootstrap = {
        "site": {"id": 21458, "name": "Responsible Statecraft"},
        "post": {
            "id": 2668800123,
            "headline": p.title,
            "created_ts": int(pub.timestamp()),
            "updated_ts": int(mod.timestamp()),
            "section": {"title": p.section},
        },
    }
    return p


def v_date_naive_iso(seed):
    pub = datetime(2024, 2, 9, 14, 30, tzinfo=UTC)
    mod = datetime(2024, 2, 9, 18, 0, tzinfo=UTC)
    return Page(
        "date_naive_iso",
        seed,
        pub=pub,
        mod=mod,
        jsonld_dates=None,
        visible_date=False,
        meta_pub_raw="2024-02-09T14:30:00",
        meta_mod_raw="2024-02-09T18:00:00",
    )


def v_modified_before_published(seed):
    pub = datetime(2024, 5, 20, 16, 0, tzinfo=UTC)
    mod = datetime(2024, 5, 19, 10, 0, tzinfo=UTC)
    return Page("modified_before_published", seed, pub=pub, mod=mod)


def v_og_logo_vs_hero(seed):
    return Page(
        "og_logo_vs_hero", seed, og_image=f"{HOST}/media-library/responsible-statecraft-logo.png?id=2&width=600"
    )


def v_video_hero(seed):
    p = Page(
        "video_hero",
        seed,
        section="Middle East",
        type="News",
        og_image=None,
        jsonld=False,
        hero=("drone-strike-footage.jpg", 61234),
    )
    p.hero_html = (
        f'<div class="widget__video"><video class="rm-video" controls preload="none" '
        f'poster="{esc(img_url(*p.hero))}"><source src="https://video.example.net/v/abc.mp4" '
        f'type="video/mp4"></video></div>'
    )
    return p


def v_caption_photo_midsentence(seed):
    p = Page("caption_photo_midsentence", seed, credit="Omar Marques/Getty Images")
    cap = "Visitors at the exhibition Photo: Gaza 1948–2024 in Berlin, where a photo by Eman Mohammed is shown."
    p.hero_html = p.render_hero().replace("</div>", f'<small class="image-media media-caption">{cap}</small></div>', 1)
    p.noise += [cap, "Eman Mohammed"]
    return p


def v_credit_span(seed):
    p = Page("credit_span", seed, credit="AP/Evan Vucci")
    p.credit_html = ""
    p.hero_html = p.render_hero().replace("</div>", '<span class="photo-credit">Photo: AP/Evan Vucci</span></div>', 1)
    return p


def v_pullquote_blockquote(seed):
    p = Page("pullquote_blockquote", seed)
    rng = p.rng
    ps = [para(rng) for _ in range(5)]
    q = "“We will not be dragged into another forever war,” the official said."
    ps[1] = f"{sentence(rng)} {q}"
    src = "Article 5 of the North Atlantic Treaty reads: “The Parties agree that an armed attack against one or more of them in Europe or North America shall be considered an attack against them all.”"
    p.paras = [ps[0], ps[1], ps[2], src, ps[3], ps[4]]
    p.pull_quotes = [q]
    p.body_html = (
        '<div class="body-description">'
        f"<p>{esc(ps[0])}</p><p>{esc(ps[1])}</p>"
        f'<blockquote class="pull-quote"><p>{esc(q)}</p></blockquote>'
        f"<p>{esc(ps[2])}</p><blockquote><p>{esc(src)}</p></blockquote>"
        f'<p class="pull-quote">{esc(q)}</p><p>{esc(ps[3])}</p><p>{esc(ps[4])}</p></div>'
    )
    return p


def v_tweet_vs_source(seed):
    p = Page("tweet_vs_source", seed)
    rng = p.rng
    ps = [para(rng) for _ in range(4)]
    src = "“Diplomacy is not a reward for good behavior,” wrote George Kennan in 1948."
    tweet = "Tonight the strikes began. This is escalation, not deterrence."
    p.paras = [ps[0], ps[1], src, ps[2], ps[3]]
    p.noise += [tweet, "Senator Example", "March 3, 2024", "Instagram post text here"]
    p.body_html = (
        '<div class="body-description">'
        f"<p>{esc(ps[0])}</p>"
        '<div class="rm-embed embed-media"><blockquote class="twitter-tweet" data-lang="en">'
        f'<p lang="en" dir="ltr">{tweet} <a href="https://t.co/abc">pic.twitter.com/abc</a></p>'
        '&mdash; Senator Example (@SenExample) <a href="https://twitter.com/SenExample/status/1">March 3, 2024'
        '</a></blockquote><script async src="https://platform.twitter.com/widgets.js"></script></div>'
        f"<p>{esc(ps[1])}</p><blockquote><p>{esc(src)}</p></blockquote>"
        '<blockquote class="instagram-media" data-instgrm-permalink="https://instagram.com/p/x">'
        "<p>Instagram post text here</p></blockquote>"
        f"<p>{esc(ps[2])}</p><p>{esc(ps[3])}</p></div>"
    )
    return p


def v_iframes(seed):
    p = Page("iframes_embeds", seed)
    ps = p.paras
    p.noise += ["Chart title: arms sales", "youtube"]
    p.body_html = (
        '<div class="body-description">'
        f"<p>{esc(ps[0])}</p>"
        '<div class="rm-embed embed-media"><iframe src="https://www.youtube.com/embed/xyz" width="560" '
        'height="315" title="YouTube video player"></iframe></div>'
        f"<p>{esc(ps[1])}</p>"
        '<p><iframe src="https://datawrapper.dwcdn.net/abc/1/" title="Chart title: arms sales"></iframe></p>'
        f"<p>{esc(ps[2])}</p>"
        '<div class="rm-shortcode" data-rm-shortcode-id="x1" data-rm-shortcode-name="rebelmouse-proxy-image">'
        "</div>" + "".join(f"<p>{esc(x)}</p>" for x in ps[3:]) + "</div>"
    )
    return p


def v_noscript(seed):
    p = Page("noscript_dupes", seed)
    ps = p.paras
    p.hero_html = p.render_hero() + f'<noscript><img src="{esc(p.hero_src())}" alt="hero"></noscript>'
    p.body_html = (
        '<div class="body-description">'
        f"<p>{esc(ps[0])}</p>"
        f'<noscript><p>{esc(ps[0])}</p><img src="{img_url("x.jpg", 5)}"></noscript>'
        + "".join(f"<p>{esc(x)}</p>" for x in ps[1:])
        + "<noscript><p>Please enable JavaScript to view the comments.</p></noscript></div>"
    )
    p.noise.append("enable JavaScript")
    return p


def v_comments_cookie(seed):
    p = Page("comments_cookie", seed)
    p.after_body = (
        '<section id="comments" class="comments-area"><h3>3 comments</h3>'
        '<div class="comment"><span class="comment-author">hawkwatcher</span><p>Great piece, but the '
        "author ignores the Chinese threat entirely and that is a mistake.</p></div>"
        '<div class="comment"><p>Reply to this thread to join the discussion about restraint.</p></div>'
        "</section>"
    )
    p.noise += ["Great piece", "3 comments", "Reply to this thread", "hawkwatcher"]
    return p


def v_related_in_body(seed):
    p = Page("related_in_body", seed)
    ps = p.paras
    p.noise += ["RELATED", "Read more:", "The Houthis’ war", "Related articles", "Biden’s Saudi pivot", "Read More"]
    p.body_html = (
        '<div class="body-description">'
        f"<p>{esc(ps[0])}</p>"
        '<p><strong>RELATED: </strong><a href="/houthis">The Houthis’ war is far from over</a></p>'
        f"<p>{esc(ps[1])}</p>"
        '<div class="read-more">Read more: <a href="/saudi">Biden’s Saudi pivot</a></div>'
        f"<p>{esc(ps[2])}</p>"
        '<div class="related-articles related-posts"><h4>Related articles</h4><ul>'
        '<li><a href="/a">Biden’s Saudi pivot, one year on</a></li><li><a href="/b">The Houthis’ war '
        "at sea</a></li></ul></div>"
        + "".join(f"<p>{esc(x)}</p>" for x in ps[3:])
        + '<p><a class="read-more-link" href="/c">Read More</a></p></div>'
    )
    return p


def v_amp(seed):
    p = Page("amp_page", seed, html_attrs='amp lang="en"', request_url=None)
    p.request_url = p.url + "?amp=1"
    p.hero_html = (
        f'<amp-img src="{esc(p.hero_src())}" width="1200" height="800" layout="responsive" alt="hero"></amp-img>'
    )
    ps = p.paras
    p.body_html = (
        '<div class="body-description">'
        + "".join(f"<p>{esc(x)}</p>" for x in ps[:3])
        + '<amp-iframe src="https://www.youtube.com/embed/x" width="560" height="315" layout="responsive" '
        'sandbox="allow-scripts"><div placeholder>Loading video</div></amp-iframe>'
        + "".join(f"<p>{esc(x)}</p>" for x in ps[3:])
        + "</div>"
    )
    p.noise.append("Loading video")
    return p


def v_next_article_sstream(seed):
    p = Page("next_article_sstream", seed)
    rng = p.rng
    nt, nd, nb = "NEXT: The Arctic is the next front", "A dek of the next article.", [para(rng) for _ in range(3)]
    p.after_body = (
        f'<div id="sStream_2668800999" class="sstream"><article class="image-article">'
        f'<div class="widget__section-row">Opinion | <a class="widget__section">Europe</a></div>'
        f'<h1 class="widget__headline"><span class="widget__headline-text">{nt}</span></h1>'
        f'<h2 class="widget__subheadline">{nd}</h2><div class="social-author">'
        f'<a class="social-author__name">Zed Next</a></div></article>'
        '<div class="body-description">' + "".join(f"<p>{esc(x)}</p>" for x in nb) + "</div></div>"
    )
    p.noise += [nt, nd, "Zed Next", nb[0][:60]]
    return p


def v_wordpress_era(seed):
    p = Page(
        "wordpress_era",
        seed,
        path="/2021/04/02/why-we-cant-rely-on-nato/",
        type="Opinion",
        section="Europe",
        pub=datetime(2021, 4, 2, 13, 0, tzinfo=UTC),
        mod=None,
    )
    p.url = HOST + "/2021/04/02/why-we-cant-rely-on-nato"
    p.request_url = HOST + "/2021/04/02/why-we-cant-rely-on-nato/?mc_cid=abc123&mc_eid=def456"
    cap = "Protesters in Madrid on March 30, 2021. (Photo by Celestino Arce/NurPhoto)"
    p.before_header = f'<div class="wp-caption"><p class="wp-caption-text">{cap}</p></div>'
    p.noise.append(cap)
    return p


def v_cp1252(seed):
    p = Page(
        "windows_1252",
        seed,
        encoding="windows-1252",
        title="Biden’s “red lines” — and why they keep moving",
        dek="Café diplomacy won’t fix it.",
    )
    p.paras = [
        "The White House’s “red lines” have moved three times — most recently in May.",
        "Critics say the policy is “ad hoc”; supporters call it flexible. Either way, it’s costly: €2bn.",
    ]
    p.request_url = p.url
    p.encoding = "windows-1252"
    return p


def v_nested_lists(seed):
    p = Page("nested_lists", seed)
    rng = p.rng
    a, b = para(rng), para(rng)
    lst = "Sanctions relief\nPhased: first oil, then banking\nVerified by the IAEA\nA regional dialogue"
    ol = "First, stop the strikes.\nSecond, reopen the crossings."
    p.paras = [a, lst, b, ol]
    p.body_html = (
        '<div class="body-description">'
        f"<p>{esc(a)}</p>"
        "<ul><li>Sanctions relief<ul><li>Phased: first oil, then banking</li><li>Verified by the "
        "<abbr>IAEA</abbr></li></ul></li>\n<li><p>A regional dialogue</p></li></ul>"
        f"<p>{esc(b)}</p><ol><li>First, stop the strikes.</li><li>Second, reopen the crossings.</li></ol>"
        "</div>"
    )
    return p


def v_entities(seed):
    p = Page("entities_nbsp", seed, dek="US\u2013Iran talks: what\u2019s next?")
    p.paras = [
        "AT&T and Lockheed Martin won contracts worth $1.2\u00a0billion.".replace("\u00a0", " "),
        "The so\u2011called \u201cSnapback\u201d would take 30 days \u2014 or less.",
        "He said: \u201cWe\u2019re done.\u201d",
    ]
    p.body_html = (
        '<div class="body-description"><p>AT&amp;T and Lockheed&nbsp;Martin won contracts worth '
        "$1.2&nbsp;billion.</p><p>The so&#8209;called &#8220;Snapback&#8221; would take 30&#160;days "
        "&mdash; or less.</p><p>  He said:\n   &ldquo;We&rsquo;re done.&rdquo;  </p></div>"
    )
    return p


def v_hr_h2_shortcode_media(seed):
    p = Page("subheads_and_media", seed)
    rng = p.rng
    ps = [para(rng), "Background", para(rng), para(rng), "What comes next", para(rng)]
    p.paras = ps
    cap = "Secretary of State Antony Blinken in Riyadh, January 2024."
    p.noise += [cap, "State Department photo by Chuck Kennedy"]
    p.body_html = (
        '<div class="body-description">'
        f"<p>{esc(ps[0])}</p><h2>{ps[1]}</h2><p>{esc(ps[2])}</p>"
        '<p class="shortcode-media shortcode-media-rebelmouse-image"><img class="rm-shortcode" '
        f'src="data:image/svg+xml,x" data-runner-src="{img_url("blinken.jpg", 445)}" alt="Antony Blinken">'
        f'<small class="image-media media-caption" placeholder="Add Photo Caption...">{cap}</small>'
        '<small class="image-media media-photo-credit" placeholder="Add Photo Credit...">State Department '
        "photo by Chuck Kennedy</small></p><hr>"
        f"<p>{esc(ps[3])}</p><h3>{ps[4]}</h3><p>{esc(ps[5])}</p><p>&nbsp;</p><p></p></div>"
    )
    return p


def v_dek_in_body_class(seed):
    """The lead credit is given as a 'Photos:' line after the body, inside a plain <p>, not a credit class."""
    p = Page("credit_photos_line", seed, credit="StringerAL and BiksuTong via shutterstock.com")
    p.credit_html = '<p class="photo-credit-line">Photos: StringerAL and BiksuTong via shutterstock.com</p>'
    return p


def v_no_chrome(seed):
    p = Page(
        "no_chrome_minimal",
        seed,
        chrome=False,
        jsonld=False,
        og_title=None,
        type_row=False,
        type=None,
        section=None,
        tag_links=False,
        meta_tags=False,
        tags=[],
        credit=None,
    )
    return p


def v_bootstrap_fields(seed):
    """Authors, dek and tags in the bootstrap data only (no byline markup, no meta author, no tag links)."""
    p = Page(
        "bootstrap_authors",
        seed,
        byline=False,
        jsonld_authors=False,
        authors=["Eli Clifton"],
        tag_links=False,
        meta_tags=False,
        tags=["Saudi Arabia", "Lobbying"],
    )
    p.bootstrap = {
        "post": {
            "id": 2668800777,
            "headline": p.title,
            "subheadline": p.dek,
            "authors": [{"name": "Eli Clifton", "slug": "eli-clifton"}],
            "created_ts": int(p.pub.timestamp()),
            "updated_ts": int(p.mod.timestamp()),
            "public_tags": ["Saudi Arabia", "Lobbying"],
        }
    }
    return p


ARTICLES = [
    v_br_paragraphs,
    v_bare_div_text,
    v_split_body_ad,
    v_listicle,
    v_strong_subheads,
    v_footnotes_sup,
    v_table,
    v_inline_links,
    v_nonlatin,
    v_long,
    v_short_qiosk,
    v_quotes_subscribe,
    v_newsletter_article,
    v_pipe_headline,
    v_pipe_headline_no_h1,
    v_title_dash_suffix,
    v_title_rs_suffix,
    v_authors_initials_jr,
    v_authors_meta_and,
    v_authors_jsonld_only,
    v_authors_meta_jr_only,
    v_date_jsonld_epoch,
    v_date_bootstrap_only,
    v_date_naive_iso,
    v_modified_before_published,
    v_og_logo_vs_hero,
    v_video_hero,
    v_caption_photo_midsentence,
    v_credit_span,
    v_pullquote_blockquote,
    v_tweet_vs_source,
    v_iframes,
    v_noscript,
    v_comments_cookie,
    v_related_in_body,
    v_amp,
    v_next_article_sstream,
    v_wordpress_era,
    v_cp1252,
    v_nested_lists,
    v_entities,
    v_hr_h2_shortcode_media,
    v_dek_in_body_class,
    v_no_chrome,
    v_bootstrap_fields,
]


# -- batch 2 (written after the first run) -----------------------------------------------------------------------


def v_next_article_bare(seed):
    """Infinite scroll appended the next article as a plain widget (no loader class): headline, byline, body."""
    p = Page("next_article_bare", seed)
    rng = p.rng
    nb = [para(rng) for _ in range(3)]
    p.after_body = (
        '<div class="widget"><h2 class="widget__headline"><span class="widget__headline-text">'
        'Bare next: Sudan’s forgotten war</span></h2><div class="social-author"><a '
        'class="social-author__name">Zed Bare</a></div><div class="body-description">'
        + "".join(f"<p>{esc(x)}</p>" for x in nb)
        + "</div></div>"
    )
    p.noise += ["Bare next", "Zed Bare", nb[0][:60], nb[2][-40:]]
    return p


def v_credit_photo_by(seed):
    p = Page("credit_photo_by", seed, credit="Chip Somodevilla/Getty Images")
    p.credit_html = '<div class="photo-credit">Photo by Chip Somodevilla/Getty Images</div>'
    return p


def v_byline_text_jr(seed):
    p = Page("byline_text_jr", seed, authors=["Chas W. Freeman Jr.", "Ann Smith"], byline=False, jsonld_authors=False)
    p.before_header = ""
    p.after_body = ""
    # a free-text byline in the header, no links, no structured authors
    p.hero_html = p.render_hero() + '<div class="byline">By Chas W. Freeman Jr. and Ann Smith</div>'
    return p


def v_body_bootstrap_only(seed):
    """Client-rendered body: no body-description in the HTML, the post body only in the bootstrap data."""
    p = Page("body_bootstrap_only", seed)
    ps = p.paras
    body = (
        "".join(f"<p>{esc(x)}</p>" for x in ps[:2]) + "<p>[shortcode-InText-Newsletter id=7]</p>"
        '<p class="shortcode-media shortcode-media-rebelmouse-image"><img class="rm-shortcode" src="x.jpg">'
        '<small class="image-media media-caption">Bootstrap caption text</small></p>'
        + "".join(f"<p>{esc(x)}</p>" for x in ps[2:])
    )
    p.bootstrap = {
        "post": {
            "id": 2668800555,
            "headline": p.title,
            "body": body,
            "created_ts": int(p.pub.timestamp()),
            "updated_ts": int(p.mod.timestamp()),
        }
    }
    p.body_html = '<div class="post-body-placeholder" id="rm-post-body"></div>'
    p.noise += ["Bootstrap caption text", "InText"]
    return p


def v_unclosed_body(seed):
    """Broken HTML: the body-description div is never closed, so credit, tags and the page end nest inside it."""
    p = Page("unclosed_body", seed)
    p.body_html = '<div class="body-description">' + "".join(f"<p>{esc(x)}</p>" for x in p.paras)
    p.noise += ["Ukraine NATO", "UkraineNATO", "Top photo credit"]
    return p


def v_toggles_in_body(seed):
    p = Page("toggles_in_body", seed)
    ps = p.paras
    p.body_html = (
        '<div class="body-description">'
        + "".join(f"<p>{esc(x)}</p>" for x in ps)
        + '<div class="read-more-toggle"><span class="keep-reading">keep reading</span>'
        '<span class="show-less">Show less</span></div></div>'
    )
    return p


def v_section_jsonld(seed):
    return Page(
        "section_jsonld",
        seed,
        type="Reporting",
        section="QiOSK",
        type_row=False,
        meta_tags=False,
        tags=["Yemen"],
        jsonld_extra={"articleSection": ["Reporting", "QiOSK"]},
    )


def v_visible_date_only(seed):
    # the page prints only the calendar day: the instant it begins in New York, 05:00 UTC in March (data/README.md)
    return Page(
        "visible_date_only",
        seed,
        pub=datetime(2024, 3, 5, tzinfo=UTC),
        mod=None,
        meta_dates=False,
        jsonld_dates=None,
        visible_date="utc",
        expect_pub=datetime(2024, 3, 5, 5, tzinfo=UTC),
    )


def v_wbr_comments(seed):
    p = Page("wbr_comments", seed)
    p.paras = [
        "President Zelenskyy met the delegation in Kyiv on Monday, his office said in a statement.",
        "The so-called coalition of the willing has grown to 31 countries, officials said.",
    ]
    p.body_html = (
        '<div class="body-description"><p>President Zelen<wbr>skyy met the <!-- ad slot -->delegation '
        "in Kyiv on Monday, his office said in a statement.</p><!-- rm:ad --><p>The so-called coalition "
        "of the willing has grown to 31<!-- x --> countries, officials said.</p></div>"
    )
    return p


def v_dup_bylines(seed):
    p = Page("dup_bylines", seed, authors=["Anatol Lieven", "George Beebe"])
    p.hero_html = p.render_hero() + (
        '<div class="mobile-byline social-author"><a class="social-author__name">'
        'Anatol Lieven</a><a class="social-author__name">George Beebe</a></div>'
    )
    return p


ARTICLES += [
    v_next_article_bare,
    v_credit_photo_by,
    v_byline_text_jr,
    v_body_bootstrap_only,
    v_unclosed_body,
    v_toggles_in_body,
    v_section_jsonld,
    v_visible_date_only,
    v_wbr_comments,
    v_dup_bylines,
]


# --------------------------------------------------------------------------------------------------------------
# non-articles


def teaser_list(rng, n=8, long=False):
    out = []
    for i in range(n):
        body = para(rng, 6 if long else 1)
        out.append(
            f'<div class="widget posts-custom-item"><div class="widget__head"><img src="data:image/svg+xml,x" '
            f'data-runner-src="{img_url(f"t{i}.jpg", 300 + i)}" alt="t"></div><div class="widget__body">'
            f'<div class="widget__section-row">Analysis | <a class="widget__section">Europe</a></div>'
            f'<h2 class="widget__headline"><a class="widget__headline-text" href="/t{i}">'
            f'{esc(sentence(rng, 7))}</a></h2><div class="social-author"><a class="social-author__name">'
            f'Ann Smith</a></div><div class="social-date"><span class="social-date__text">March 1, 2024</span>'
            f'</div><div class="body-description"><p>{esc(body)}</p></div>'
            "<span>keep reading</span><span>Show less</span></div></div>"
        )
    return "".join(out)


def nonarticle(name, path, title, inner, seed, h1=None, og_type="website"):
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f'<link rel="canonical" href="{HOST}{path.rstrip("/")}"><meta property="og:type" content="{og_type}">'
        f'<meta property="og:title" content="{esc(title.split(" | ")[0])}"></head><body>{CHROME_TOP}<main>'
        + (f'<h1 class="widget__headline">{esc(h1)}</h1>' if h1 else "")
        + inner
        + f"</main>{CHROME_BOTTOM}"
        "</body></html>"
    )
    return name, html, {"not_article": True, "_request": {"url": HOST + path, "encoding": None}}


def non_articles():
    rng = random.Random(999)
    out = [
        nonarticle(
            "na_tag_page2",
            "/tag/iran/page/2/",
            "Iran | Responsible Statecraft",
            '<div class="posts-custom sStream">' + teaser_list(rng) + "</div>",
            1,
            h1="Iran",
        ),
        nonarticle(
            "na_author",
            "/author/ben-freeman/",
            "Ben Freeman | Responsible Statecraft",
            '<div class="social-author__bio">Ben Freeman is a Research Fellow at the Quincy Institute. '
            + para(rng, 5)
            + "</div>"
            + teaser_list(rng, 6),
            2,
            h1="Ben Freeman",
        ),
        nonarticle(
            "na_region",
            "/regions/middle-east/",
            "Middle East | Responsible Statecraft",
            teaser_list(rng, 10, long=True),
            3,
            h1="Middle East",
        ),
        nonarticle(
            "na_about",
            "/about/",
            "About | Responsible Statecraft",
            '<div class="body-description">' + "".join(f"<p>{esc(para(rng, 5))}</p>" for _ in range(6)) + "</div>",
            4,
            h1="About Responsible Statecraft",
        ),
        nonarticle(
            "na_search",
            "/search/?q=iran",
            "Search results for iran | Responsible Statecraft",
            '<div class="search-results">' + teaser_list(rng, 5) + "</div>",
            5,
            h1="Search results",
        ),
        nonarticle(
            "na_404",
            "/some-deleted-article",
            "Page not found | Responsible Statecraft",
            '<div class="error-page"><p>Sorry, the page you were looking for doesn\'t exist or has been '
            "moved.</p>" + teaser_list(rng, 3) + "</div>",
            6,
            h1="Page not found",
        ),
        nonarticle(
            "na_topic_landing_slug",
            "/ukraine-war",
            "Ukraine war | Responsible Statecraft",
            '<div class="posts-custom">' + teaser_list(rng, 12, long=True) + "</div>",
            7,
            h1="Ukraine war",
        ),
        nonarticle(
            "na_newsletter_signup",
            "/newsletter",
            "Newsletter | Responsible Statecraft",
            '<div class="newsletter-page"><p>Subscribe now to our weekly round-up and don\'t miss a beat '
            'with your favorite RS contributors.</p><form><input type="email"><button>Sign up</button></form>'
            "</div>",
            8,
            h1="Newsletter",
        ),
    ]
    return out


def build(out: Path = DEST) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*"):
        old.unlink()
    for i, fn in enumerate(ARTICLES):
        p = fn(100 + i)
        enc = p.encoding or "utf-8"
        (out / f"{p.name}.html").write_bytes(p.html().encode(enc))
        exp = p.expected()
        if p.encoding and p.request_url == p.url:  # charset declared only in the page (meta), not HTTP
            exp["_request"]["encoding"] = None
        (out / f"{p.name}.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1), encoding="utf-8")
    for name, html, spec in non_articles():
        (out / f"{name}.html").write_text(html, encoding="utf-8")
        (out / f"{name}.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEST)
