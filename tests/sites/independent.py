"""Red-team whole site #2: a deterministic Responsible-Statecraft-like site built only from rs-site.md.

``build_site(base)`` returns ``(pages, truth)``: ``pages`` maps a request path (with query) to
``(status, content_type, body_bytes)``; ``truth`` maps an article's canonical path (no trailing slash) to its
ground-truth PAGE fields (items.py conventions). ``serve()`` starts a ThreadingHTTPServer on 127.0.0.1:0.

Independent choices (where rs-site.md says [RM] or [?]): sitemaps live under /sitemaps/ (index, monthly
files, news), the type is printed next to the section link, the lead photo credit is printed after the body
(or as the body's last, italic paragraph), tags are `a.tag-link` in a tag strip (and `article:tag` metas on some).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import random
import threading
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

N_ARTICLES = 60
SEED = 20260502
ET = timezone(timedelta(hours=-4))

TYPES = ["Analysis", "Reporting", "Opinion", "News"]
SECTIONS = [
    "Military Industrial Complex",
    "QiOSK",
    "Washington Politics",
    "Middle East",
    "Asia-Pacific",
    "Europe",
    "North America",
    "Latin America",
]
PEOPLE = [
    "Marisol Okafor",
    "Devin Castellanos",
    "Hannah Lindqvist",
    "Omar Siddiqui",
    "Priya Ramanathan",
    "Theo Vasquez-Morrow",
    "Ingrid Baumann",
    "Kwame Mensah",
    "Lucia Ferreira",
    "Samuel O'Connell",
    "Yuki Tanabe",
    "Rafael Duarte",
    "Ramón Núñez",
    "Zoë Ashworth-Brennan",
]
TAGS = [
    "Iran",
    "China",
    "Pentagon budget",
    "Ukraine war",
    "NATO",
    "Gaza",
    "Venezuela",
    "Taiwan",
    "Arms sales",
    "Congress",
    "Saudi Arabia",
    "Sanctions",
    "Nuclear weapons",
    "Diplomacy",
]
REGIONS = ["middle-east", "asia-pacific", "europe", "latin-america"]

SUBJECTS = [
    "The administration",
    "Congress",
    "The Pentagon",
    "Washington",
    "The State Department",
    "European allies",
    "Regional governments",
    "Defense contractors",
    "Senior officials",
    "The White House",
    "Lawmakers in both parties",
    "Analysts in Brussels",
]
VERBS = [
    "has quietly expanded",
    "continues to underestimate",
    "refuses to reconsider",
    "is betting heavily on",
    "has struggled to explain",
    "appears ready to abandon",
    "keeps doubling down on",
    "was slow to recognize",
    "now openly questions",
    "cannot afford to ignore",
]
OBJECTS = [
    "the costs of a wider war",
    "its sanctions policy",
    "the arms pipeline to the region",
    "a negotiated settlement",
    "the limits of military power",
    "the risk of escalation",
    "the budget request for next year",
    "the humanitarian toll",
    "the diplomatic track",
    "commitments made a decade ago",
    "the case for restraint",
    "pressure from its partners",
]
TAILS = [
    "even as the evidence mounts",
    "according to people familiar with the talks",
    "despite warnings from its own experts",
    "while the public pays the bill",
    "at a moment when the stakes could hardly be higher",
    "with little debate on Capitol Hill",
    "though few expect a quick change of course",
    "and the consequences are already visible",
]
QUIRKS = [
    "“maximum pressure”",
    "the so-called “forever wars”",
    "a $886 billion budget",
    "the 2015 deal — the JCPOA —",
    "Section 1260H",
    "U.S.-backed forces",
    "the F-35’s sustainment costs",
    "a 10–15% increase",
]


def _sentence(rng: random.Random) -> str:
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.5:
        s += f", {rng.choice(TAILS)}"
    if rng.random() < 0.25:
        s += f", citing {rng.choice(QUIRKS)}"
    return s + "."


def _paragraph(rng: random.Random, n: int | None = None) -> str:
    return " ".join(_sentence(rng) for _ in range(n or rng.randint(2, 4)))


def _headline(rng: random.Random) -> str:
    a = rng.choice(["Why", "How", "When", "The real reason", "What happens when", "Inside the fight over"])
    b = rng.choice(
        [
            "Washington keeps misreading",
            "the Pentagon can’t account for",
            "Congress ignores",
            "nobody wants to talk about",
            "diplomats are quietly rethinking",
            "allies fear",
        ]
    )
    c = rng.choice(
        [
            "the war in Gaza",
            "Taiwan’s defense",
            "sanctions on Caracas",
            "a $4,000 soap dispenser",
            "the Iran talks",
            "NATO’s eastern flank",
            "the next arms deal",
            "the budget fight",
        ]
    )
    if rng.random() < 0.2:
        c += rng.choice([" & the U.S.", " — and why it matters", ": a “bold” claim?"])
    return f"{a} {b} {c}"


def _slugify(s: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in s)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _tagslug(t: str) -> str:
    return _slugify(t)


# ---------------------------------------------------------------------------------------------- articles


def _make_articles(rng: random.Random) -> list[dict]:
    arts = []
    start = datetime(2021, 1, 5, 13, 0, tzinfo=UTC)
    for i in range(N_ARTICLES):
        pub = start + timedelta(
            days=i * 23 + rng.randint(0, 9), hours=rng.randint(0, 10), minutes=rng.choice([0, 15, 30, 45])
        )
        if i in (3, 17, 41):  # late evening Eastern: the UTC day is the next one
            pub = pub.replace(hour=2, minute=30)
        headline = _headline(rng) + ("" if i % 7 else f" ({i})")
        shape = i % 3
        slug = (
            _slugify(
                rng.choice(
                    [
                        "price gouging",
                        "pentagon budget",
                        "iran talks",
                        "venezuela",
                        "gaza ceasefire",
                        "nato summit",
                        "taiwan arms",
                        "soap dispensers",
                    ]
                )
            )
            + f"-{i}"
        )
        if i % 5 == 0:
            slug = _slugify(headline)[:60].strip("-")
        if i in (20, 46):  # a non-ASCII slug: percent-encoded (upper-case escapes) in its canonical spelling
            slug = f"diplomatie-caf%C3%A9-{i}"
        wp = shape == 2 and i % 4 == 2  # a few WordPress-era layouts among WordPress-era URLs
        if shape == 0:
            path = f"/{slug}"
        elif shape == 1:
            path = f"/{slug}-{2600000000 + i * 7919}"
        else:
            path = f"/{pub:%Y/%m/%d}/{slug}"
        n_auth = 1 if i % 4 else (2 if i % 8 else 3)
        authors = rng.sample(PEOPLE, n_auth)
        if i == 11:
            authors = []
        a = dict(
            i=i,
            path=path,
            headline=headline,
            authors=authors,
            pub=pub,
            wp=wp,
            dek=None if i % 6 == 5 else _paragraph(rng, 1).rstrip(".") + ".",
            type=TYPES[i % 4] if i % 13 != 12 else None,
            section=SECTIONS[(i * 3) % len(SECTIONS)],
            tags=rng.sample(TAGS, rng.randint(0, 4)),
            image=None
            if i % 9 == 8
            else (
                f"{rng.choice(['Shutterstock_', 'GettyImages-', 'AP_'])}{rng.randint(10**6, 10**9)}",
                50000000 + i * 37,
            ),
            credit=None,
            modified=pub + timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 20)) if i % 3 != 1 else None,
            jsonld=i % 5 in (0, 2),
            og=i % 3 != 2,
            bootstrap=i % 7 == 3,
            cp1252=i in (7, 22, 38, 50),
            lang=["en", "en-US", None, "en", "EN-gb"][i % 5],
            next_article=i % 5 == 1,
            nochrome=i in (14, 44),
            credit_inbody=i % 4 == 3,
            feed_only=i >= N_ARTICLES - 3,
        )
        if a["image"]:
            if i % 10 != 4:
                a["credit"] = rng.choice(
                    [
                        "Reuters/Leonardo Fernandez Viloria",
                        "StringerAL via shutterstock.com",
                        "Gints Ivuskans / Shutterstock.com",
                        "Official White House Photo by Adam Schultz",
                        "U.S. Army photo by Spc. Lola Ruiz",
                        "AP Photo/Jose Luis Magana",
                    ]
                )
        a["blocks"] = _make_body(rng, i)
        arts.append(a)
    # modified only when the page states it in machine-readable form
    for a in arts:
        if not (a["jsonld"] or a["og"] or a["bootstrap"] or a["wp"]):
            a["modified"] = None
        if a["bootstrap"] and a["modified"] is None:  # updated_ts is always stated there
            a["modified"] = a["pub"]
    return arts


def _make_body(rng: random.Random, i: int) -> list[tuple[str, str]]:
    """Body blocks: (kind, text). kinds: p, h, quote, list."""
    blocks: list[tuple[str, str]] = []
    n = rng.randint(5, 10)
    for k in range(n):
        r = rng.random()
        if k > 1 and r < 0.1:
            blocks.append(
                (
                    "h",
                    rng.choice(
                        [
                            "What comes next",
                            "A costly habit",
                            "The view from the region",
                            "Follow the money",
                            "Lessons unlearned",
                        ]
                    ),
                )
            )
        elif k > 1 and r < 0.18:
            blocks.append(("quote", _paragraph(rng, 2)))
        elif k > 1 and r < 0.24:
            blocks.append(("list", "\n".join(_sentence(rng) for _ in range(rng.randint(2, 4)))))
        blocks.append(("p", _paragraph(rng)))
    if i == 9:  # a very short QiOSK-like item
        blocks = blocks[:2]
    return blocks


def truth_text(a: dict) -> str:
    return "\n\n".join(t for _, t in a["blocks"])


def truth_of(a: dict, base: str) -> dict:
    text = truth_text(a)
    pub = a["pub"]
    machine = a["jsonld"] or a["og"] or a["bootstrap"] or a["wp"]
    if not machine:  # only the visible calendar day (Eastern): stored as the instant it begins in New York
        d = pub.astimezone(ET)
        pub = datetime(d.year, d.month, d.day, tzinfo=ZoneInfo("America/New_York")).astimezone(UTC)
    return dict(
        url=base + a["path"],
        title=a["headline"],
        subtitle=a["dek"],
        authors=list(a["authors"]),
        published_at=pub,
        modified_at=a["modified"],
        article_type=a["type"],
        section=a["section"],
        tags=list(a["tags"]),
        text=text,
        word_count=len(text.split()),
        image_url=(f"{base}/media-library/{a['image'][0].lower()}.jpg?id={a['image'][1]}" if a["image"] else None),
        image_credit=a["credit"],
        language="en",
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


# ---------------------------------------------------------------------------------------------- markup


def _inline(rng: random.Random, text: str) -> str:
    """Paragraph text as HTML: inline links/emphasis around words, source whitespace and NBSP."""
    words = text.split(" ")
    out = []
    for w in words:
        r = rng.random()
        if r < 0.01:
            out.append(f"<br/>{_e(w)}")
        elif r < 0.015:
            out.append(f'{_e(w)}<img src="/media-library/emoji.png?id=1" alt="" width="12"/>')
        elif r < 0.04 and w[-1:] in ".,":
            out.append(f'<a href="https://example.org/r?utm_source=x">{_e(w[:-1])}</a>{_e(w[-1])}')
        elif r < 0.07:
            out.append(f"<em>{_e(w)}</em>")
        elif r < 0.09:
            out.append(f"<strong>{_e(w)}</strong>")
        else:
            out.append(_e(w))
    joined = ""
    for j, w in enumerate(out):
        if j:
            joined += rng.choice([" ", " ", " ", "\n    ", "&nbsp;", " \u00a0"]) if rng.random() < 0.1 else " "
        joined += w
    return joined


def _img_url(name: str, id_: int, rng: random.Random) -> str:
    return f"/media-library/{name.lower()}.jpg?id={id_}&width={rng.choice([980, 1200, 1245])}&height=700&quality=85"


def _inbody_noise(rng: random.Random, a: dict, k: int, others: list[dict]) -> str:
    v = (k * 7 + a["i"]) % 9
    r = {6: 0, 7: 1, 8: 3}.get(v, v)
    if v == 0:
        cap = f"Demonstrators gather outside the ministry in {rng.choice(['Tehran', 'Caracas', 'Kyiv', 'Manila'])}"
        src = _img_url("inbody-" + str(a["i"]) + "-" + str(k), 70000000 + a["i"] * 10 + k, rng)
        return (
            f'<p class="shortcode-media shortcode-media-rebelmouse-image rm-float-left">'
            f'<img class="rm-shortcode" src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" '
            f'data-runner-src="{src}" '
            f'alt="{_e(cap)}" data-rm-shortcode-id="{k}"/>'
            f'<small class="image-media media-caption" placeholder="Add Photo Caption...">{_e(cap)}.</small>'
            f'<small class="image-media media-photo-credit" placeholder="Add Photo Credit...">'
            f"Photo by Inbody Lensman {a['i']}/Wire</small></p>"
        )
    if v == 6:
        return (
            f'<figure class="image-with-caption"><img src="{_img_url("fig-" + str(k), 71000000 + k, rng)}" '
            f'alt="Figure alt {a["i"]}"/><figcaption>Figure caption about the border crossing {a["i"]} '
            f"(Photo by Figcap Person/Agency)</figcaption></figure>"
        )
    if v == 7:
        return (
            '<blockquote class="instagram-media" data-instgrm-permalink="https://instagram.com/p/x">'
            f'<p>Instagram post caption {a["i"]}</p></blockquote><script async src="//www.instagram.com/embed.js">'
            "</script><p>&nbsp;</p><p><br/></p>"
        )
    if v == 8:
        o = others[1]
        return f'<p>RELATED: <a href="{o["path"]}">{_e(o["headline"])}</a></p><p> </p>'
    if r == 1:
        return f'<p class="pull-quote">{_e(a["blocks"][0][1].split(". ")[0])}.</p>'
    if r == 2:
        return f'<p>[shortcode-InText-Newsletter id="{a["i"] + 4000}" expand=1]</p>'
    if r == 3:
        o = others[0]
        return (
            f'<p><strong>RELATED:</strong> <a href="{o["path"]}/?rebelltitem=1#rebelltitem1" '
            f'target="_blank">{_e(o["headline"])}</a></p>'
        )
    if r == 4:
        return (
            '<blockquote class="twitter-tweet" data-twitter-tweet-id="1"><p lang="en">Tweeted claim number '
            f"{a['i']} about the war budget</p>— Tweetwriter (@tweetwriter{a['i']}) "
            '<a href="https://twitter.com/x/status/1">May 1, 2024</a></blockquote>'
            '<div class="rm-embed embed-media"><iframe src="https://www.youtube.com/embed/abc" '
            'width="560" height="315"></iframe></div>'
        )
    return (
        f'<div class="newsletter-signup rm-newsletter"><h3>Get our newsletter</h3><p>Sign up for weekly '
        f'updates from RS writers, item {a["i"]}.</p><form><input type="email"/><button>Subscribe</button>'
        f"</form></div>"
    )


def _body_html(rng: random.Random, a: dict, others: list[dict]) -> str:
    parts = []
    for k, (kind, t) in enumerate(a["blocks"]):
        if kind == "p":
            parts.append(f"<p>{_inline(rng, t)}</p>" + ("<p>&nbsp;</p>" if (k + a["i"]) % 5 == 0 else ""))
        elif kind == "h":
            parts.append(f"<h3>{_e(t)}</h3>")
        elif kind == "quote":
            parts.append(f"<blockquote><p>{_inline(rng, t)}</p></blockquote>")
        else:
            tag = "ol" if a["i"] % 2 else "ul"
            parts.append(f"<{tag}>" + "".join(f"<li>{_e(x)}</li>" for x in t.split("\n")) + f"</{tag}>")
        if k < len(a["blocks"]) - 1 and (k + a["i"]) % 2 == 0:
            parts.append(_inbody_noise(rng, a, k + a["i"], others))
    if a["credit"] and a["credit_inbody"] and not a["wp"]:
        label = rng.choice(["Top photo credit:", "Top image credit:", "Photo credit:"])
        parts.append(f"<p><em>{label} {_e(a['credit'])}</em></p>")
    return "\n".join(parts)


CHROME_TOP = (
    '<header class="site-header"><div class="social-block"><span>Follow us on social</span>'
    '<a href="https://twitter.com/RStatecraft">Twitter</a><a href="https://facebook.com/x">Facebook</a>'
    '</div><nav class="menu"><a href="/regions/middle-east/">Middle East</a> <a href="/regions/europe/">'
    'Europe</a> <a href="/about/">About</a> <a href="/tag/diplomacy/?utm_source=nav">Diplomacy</a></nav>'
    '<div class="google-cta">google cta</div></header>'
)


def _teasers(rng: random.Random, others: list[dict]) -> str:
    out = ['<div class="posts-custom around-the-web">']
    for o in others[:3]:
        out.append(
            f'<div class="widget"><img src="{_img_url("teaser" + str(o["i"]), 90000 + o["i"], rng)}" '
            f'alt="Teaser picture {o["i"]}"/><span class="photo-credit">Top image credit: Teaser Agency {o["i"]}'
            f'</span><h2 class="widget__headline"><a class="widget__headline-text" href="{o["path"]}/?rebelltitem=2">'
            f'{_e(o["headline"])}</a></h2><a class="widget__section" href="/regions/europe/">{_e(o["section"])}</a>'
            f'<div class="body-description"><p>Teaser text for item {o["i"]} that continues.</p>'
            f'<a class="read-more">keep reading</a><span class="show-less">Show less</span></div></div>'
        )
    out.append("</div>")
    return "".join(out)


def _sidebar(others: list[dict]) -> str:
    latest = "".join(
        f'<li><a href="{o["path"]}?mc_cid=abc&amp;mc_eid=def">{_e(o["headline"])}</a></li>' for o in others[:4]
    )
    return (
        f'<aside class="sidebar"><div class="latest-widget"><h3>LATEST</h3><ul>{latest}</ul></div>'
        f'<div class="qiosk-widget"><h3>QIOSK</h3><p>Quick takes from the QiOSK desk.</p></div>'
        f'<div class="newsletter-widget"><h3>Newsletter</h3><p>Subscribe now to our weekly round-up and '
        f"don't miss a beat with your favorite RS contributors and reporting on foreign policy.</p></div></aside>"
    )


def _visible_date(rng: random.Random, a: dict) -> str:
    d = a["pub"].astimezone(ET)
    return [f"{d:%B} {d.day}, {d.year}", f"{d:%b %d, %Y}", f"{d:%m.%d.%Y}", f"{d.day} {d:%B} {d.year}"][a["i"] % 4]


def _iso(dt: datetime, i: int) -> str:
    if i % 2:
        return dt.astimezone(ET).isoformat()
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _head(a: dict, base: str, charset: str | None) -> str:
    h = []
    if charset:
        h.append(f'<meta charset="{charset}">')
    seo = a["headline"] if a["i"] % 11 != 6 else "Foreign policy news and analysis"
    h.append(f"<title>{_e(seo)} | Responsible Statecraft</title>")
    h.append('<meta name="viewport" content="width=device-width">')
    if a["og"]:
        h.append(f'<meta property="og:title" content="{_e(a["headline"])}">')
        desc = a["dek"] or a["blocks"][0][1].split(". ")[0] + "."
        h.append(f'<meta property="og:description" content="{_e(desc)}">')
        if a["image"]:
            h.append(
                f'<meta property="og:image" content="{base}/media-library/{a["image"][0].lower()}.jpg?'
                f'id={a["image"][1]}&amp;width=1200&amp;coordinates=0%2C0%2C0%2C0">'
            )
        h.append(f'<meta property="article:published_time" content="{_iso(a["pub"], a["i"])}">')
        if a["modified"]:
            h.append(f'<meta property="article:modified_time" content="{_iso(a["modified"], a["i"] + 1)}">')
        for t in a["tags"]:
            h.append(f'<meta property="article:tag" content="{_e(t)}">')
    if a["i"] % 2 == 0:
        h.append(f'<link rel="canonical" href="{base}{a["path"]}/">')
    if a["jsonld"]:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a["headline"],
            "datePublished": _iso(a["pub"], a["i"] + 1),
            "author": [{"@type": "Person", "name": n} for n in a["authors"]],
            "publisher": {"@type": "Organization", "name": "Responsible Statecraft"},
            "keywords": ",".join(a["tags"]),
            "mainEntityOfPage": base + a["path"],
        }
        if a["dek"]:
            ld["description"] = a["dek"]
        if a["modified"]:
            ld["dateModified"] = _iso(a["modified"], a["i"])
        if a["image"]:
            ld["image"] = {
                "@type": "ImageObject",
                "url": f"{base}/media-library/{a['image'][0].lower()}.jpg?id={a['image'][1]}&width=1245",
            }
        if a["i"] % 4 == 2:  # Yoast-style graph, one author as a bare object, milliseconds
            if len(a["authors"]) == 1:
                ld["author"] = {"@id": "#author-0"}
            ld["datePublished"] = a["pub"].strftime("%Y-%m-%dT%H:%M:%S.000Z")
            ld = {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "WebPage", "@id": base + a["path"], "name": "Foreign policy news and analysis"},
                    {"@type": "Person", "@id": "#author-0", "name": (a["authors"] or ["x"])[0]},
                    ld,
                ],
            }
        h.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    return "\n".join(h)


def _bootstrap(a: dict, body: str) -> str:
    post = {
        "id": 2600000000 + a["i"],
        "headline": a["headline"],
        "subheadline": a["dek"] or "",
        "authors": [{"name": n, "username": _slugify(n)} for n in a["authors"]],
        "created_ts": int(a["pub"].timestamp()),
        "updated_ts": int((a["modified"] or a["pub"]).timestamp()),
        "section": {"title": a["section"]},
        "public_tags": a["tags"],
        "photo_credit": a["credit"] or "",
        "body": body,
    }
    data = {"site": {"id": 24680, "name": "Responsible Statecraft"}, "post": post}
    # a script's JSON escapes "</" (an embed's "</script>" inside the body string would end the element)
    payload = json.dumps(data).replace("</", "<\\/")
    return f"<script>window.REBELMOUSE_BOOTSTRAP_DATA = {payload};</script>"


def _type_line(a: dict) -> str:
    sec = f'<a class="widget__section" href="/regions/{_slugify(a["section"])}/">{_e(a["section"])}</a>'
    if not a["type"]:
        return f'<div class="widget__type-line">{sec}</div>'
    if a["i"] % 10 == 7:
        return f'<div class="widget__type-line">{_e(a["type"])} | {_e(a["section"])}</div>'
    if a["i"] % 2:
        t = f'<a class="widget__type" href="/{a["type"].lower()}/">{_e(a["type"])}</a>'
    else:
        t = f'<span class="widget__type">{_e(a["type"])}</span>'
    return f'<div class="widget__type-line">{t}<span class="sep"> | </span>{sec}</div>'


def _byline(a: dict) -> str:
    if not a["authors"]:
        return ""
    if a["nochrome"]:
        names = (
            " and ".join(a["authors"])
            if len(a["authors"]) < 3
            else (", ".join(a["authors"][:-1]) + ", and " + a["authors"][-1])
        )
        return f'<div class="byline">By {_e(names)}</div>'

    items = "".join(
        f'<div class="social-author"><a class="social-author__name" href="/author/{_slugify(n)}/">{_e(n)}</a>'
        f'<div class="social-author__bio">{_e(n)} is a contributor to Responsible Statecraft and a fellow at a '
        f"Washington think tank.</div></div>"
        for n in a["authors"]
    )
    return f'<div class="post-author-list">{items}</div>'


def _article_block(rng, a, base, others, main=True) -> str:
    hero = ""
    if a["image"] and not (a["og"] and a["i"] % 12 == 4 and not a["credit"]):
        alt = [a["image"][0] + "-scaled-e1648755059685", "US Congress", a["headline"]][a["i"] % 3]
        hero = (
            f'<div class="widget__head"><div class="rm-lazy-load-image"><img class="widget__image" '
            f'src="data:image/svg+xml,%3Csvg%20xmlns%3D%22http://www.w3.org/2000/svg%22%3E%3C/svg%3E" '
            f'data-runner-src="{_img_url(a["image"][0], a["image"][1], rng)}" alt="{_e(alt)}"/></div>'
        )
        if a["credit"] and not a["credit_inbody"] and a["i"] % 5 == 2:
            hero += (
                f'<small class="image-media media-caption" placeholder="Add Photo Caption...">{_e(alt)} in '
                f'session</small><small class="image-media media-photo-credit" placeholder="Add Photo Credit...">'
                f"{_e(a['credit'])}</small>"
            )
        hero += "</div>"
    dek = f'<h2 class="widget__subheadline">{_e(a["dek"])}</h2>' if a["dek"] else ""
    date = f'<div class="social-date"><span class="social-date__text">{_visible_date(rng, a)}</span></div>'
    tags = ""
    if a["tags"] and not (a["og"] and a["i"] % 10 in (3, 4, 6)):
        tags = (
            '<div class="tag-strip">'
            + "".join(f'<a class="tag-link" href="/tag/{_tagslug(t)}/?utm_medium=tags">{_e(t)}</a>' for t in a["tags"])
            + "</div>"
        )
    credit = ""
    if a["credit"] and not a["credit_inbody"] and a["i"] % 5 != 2:
        label = ["Photos:", "Top photo credit:", "Photo:", "Top image credit:"][a["i"] % 4]
        credit = f'<div class="photo-credit-line"><span>{label} {_e(a["credit"])}</span></div>'
    body = _body_html(rng, a, others)
    cta = '<div class="google-cta">google cta</div><div class="google-cta">google cta</div>' if main else ""
    return (
        f'<article class="widget image-article" data-post-id="{a["i"]}">{hero}'
        f'<h1 class="widget__headline h1"><span class="widget__headline-text">{_e(a["headline"])}</span></h1>'
        f"{dek}{_type_line(a)}{cta}{_byline(a)}{date}"
        f"{_byline(a) if a['i'] % 4 == 1 else ''}</article>"
        f'<div class="widget__body"><div class="body-description">{body}</div>{credit}{tags}'
        f"{tags if a['i'] % 6 == 1 else ''}</div>"
    )


def render_article(a: dict, base: str, arts: list[dict]) -> tuple[str, str]:
    """(html, charset)."""
    rng = random.Random(SEED * 1000 + a["i"])
    others = [arts[(a["i"] + k) % len(arts)] for k in (1, 2, 3, 4, 5)]
    charset = "windows-1252" if a["cp1252"] else "utf-8"
    if a["wp"]:
        return _render_wp(rng, a, base, others), charset
    lang = f' lang="{a["lang"]}"' if a["lang"] else ""
    meta_charset = charset if a["i"] % 2 == 0 or not a["cp1252"] else None
    boot = _bootstrap(a, _body_html(random.Random(a["i"]), a, others)) if a["bootstrap"] else ""
    main = _article_block(rng, a, base, others)
    if a["nochrome"]:
        page = f"<!DOCTYPE html><html{lang}><head>{_head(a, base, meta_charset)}</head><body>{main}</body></html>"
        return page, charset
    mobile_dup = f'<div class="headline-mobile">{_e(a["headline"])}</div>'
    nxt = ""
    if a["next_article"]:
        o = others[1]
        cls = "lazy-load-next-article" if a["i"] % 2 else "stream-item"
        nxt = (
            f'<div class="{cls}" id="sStream_{o["i"]}">'
            f"{_article_block(random.Random(o['i'] + 99), o, base, others[2:], main=False)}</div>"
        )
    page = (
        f"<!DOCTYPE html><html{lang}><head>{_head(a, base, meta_charset)}{boot}</head><body>{CHROME_TOP}"
        f'<main class="post-page">{mobile_dup}{main}{_teasers(rng, others)}{nxt}</main>{_sidebar(others)}'
        f"<footer><p>© 2026 Quincy Institute for Responsible Statecraft</p></footer></body></html>"
    )
    return page, charset


def _render_wp(rng, a, base, others) -> str:
    lang = f' lang="{a["lang"] or "en-US"}"'
    img = ""
    if a["image"]:
        cap = (
            f"Protesters march during a rally against military aid in the capital on a rainy afternoon "
            f"(Photo by {a['credit']})"
            if a["credit"]
            else "Protesters march during a rally"
        )
        img = (
            f'<figure class="wp-block-image lead-figure"><img class="wp-post-image" '
            f'src="{_img_url(a["image"][0], a["image"][1], rng)}" alt="{_e(a["image"][0])}"/>'
            f'<figcaption class="wp-caption-text">{_e(cap)}</figcaption></figure>'
        )
    d = a["pub"]
    authors = ", ".join(
        f'<span class="author vcard"><a class="url fn n" href="/author/{_slugify(n)}/">{_e(n)}</a></span>'
        for n in a["authors"]
    )
    body = []
    for kind, t in a["blocks"]:
        if kind == "p":
            body.append(f"<p>{_inline(rng, t)}</p>")
        elif kind == "h":
            body.append(f"<h2>{_e(t)}</h2>")
        elif kind == "quote":
            body.append(f'<blockquote class="wp-block-quote"><p>{_inline(rng, t)}</p></blockquote>')
        else:
            body.append("<ul>" + "".join(f"<li>{_e(x)}</li>" for x in t.split("\n")) + "</ul>")
    body.insert(
        2,
        f'<figure class="wp-caption"><img src="/media-library/wp-inline-{a["i"]}.jpg?id=5"/>'
        f'<figcaption class="wp-caption-text">An inline WordPress caption for item {a["i"]}</figcaption>'
        f"</figure>",
    )
    mod = (
        f'<time class="updated" datetime="{_iso(a["modified"], 1)}">{a["modified"]:%B %d, %Y}</time>'
        if a["modified"]
        else ""
    )
    typ = f'<span class="post-type">{_e(a["type"])}</span> | ' if a["type"] else ""
    tags = " ".join(f'<a href="/tag/{_tagslug(t)}/" rel="tag">{_e(t)}</a>' for t in a["tags"])
    dek = f'<p class="entry-subtitle">{_e(a["dek"])}</p>' if a["dek"] else ""
    return (
        f'<!DOCTYPE html><html{lang}><head><meta charset="{"windows-1252" if a["cp1252"] else "utf-8"}">'
        f'<title>{_e(a["headline"])} | Responsible Statecraft</title></head><body class="single single-post">'
        f'{CHROME_TOP}<div id="content"><article class="post type-post status-publish">{img}'
        f'<header class="entry-header"><div class="entry-type">{typ}<a href="/regions/x/" rel="category">'
        f'{_e(a["section"])}</a></div><h1 class="entry-title">{_e(a["headline"])}</h1>{dek}'
        f'<div class="entry-meta"><span class="byline">By {authors}</span> '
        f'<time class="entry-date published" datetime="{_iso(d, 0)}">{d.astimezone(ET):%B %d, %Y}</time>{mod}'
        f'</div></header><div class="entry-content">{"".join(body)}</div>'
        f'<footer class="entry-footer"><span class="tags-links">{tags}</span></footer></article></div>'
        f"{_sidebar(others)}</body></html>"
    )


# ---------------------------------------------------------------------------------------------- listings etc.


def _listing(title: str, arts: list[dict]) -> str:
    items = "".join(
        f'<div class="widget"><h2 class="widget__headline"><a class="widget__headline-text" href="{a["path"]}/">'
        f'{_e(a["headline"])}</a></h2><div class="body-description"><p>{_e(a["blocks"][0][1])}</p></div>'
        f'<a class="read-more" href="{a["path"]}?rebelltitem=3">keep reading</a></div>'
        for a in arts
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{_e(title)} | Responsible Statecraft</title></head>'
        f'<body>{CHROME_TOP}<main><h1 class="listing-title">{_e(title)}</h1>{items}</main></body></html>'
    )


def build_site(base: str) -> tuple[dict, dict]:
    rng = random.Random(SEED)
    arts = _make_articles(rng)
    pages: dict[str, tuple[int, str, bytes]] = {}
    truth: dict[str, dict] = {}
    for a in arts:
        page, charset = render_article(a, base, arts)
        enc = "cp1252" if charset == "windows-1252" else "utf-8"
        ctype = f"text/html; charset={charset}" if (a["i"] % 2 or not a["cp1252"]) else "text/html"
        body = page.encode(enc)
        pages[a["path"]] = (200, ctype, body)
        pages[a["path"] + "/"] = (200, ctype, body)
        truth[a["path"]] = truth_of(a, base)

    # listings
    xml = "application/xml; charset=utf-8"
    pages["/"] = (200, "text/html; charset=utf-8", _listing("Responsible Statecraft", arts[-10:]).encode())
    pages["/about/"] = (
        200,
        "text/html; charset=utf-8",
        (
            f'<!DOCTYPE html><html lang="en"><head><title>About | Responsible Statecraft</title></head>'
            f'<body>{CHROME_TOP}<article class="page"><h1 class="widget__headline"><span '
            f'class="widget__headline-text">About</span></h1><div class="body-description"><p>'
            f"{_paragraph(rng, 4)}</p><p>{_paragraph(rng, 4)}</p></div></article></body></html>"
        ).encode(),
    )
    listing_paths = ["/about/"]
    for t in TAGS:
        sel = [a for a in arts if t in a["tags"]]
        p = f"/tag/{_tagslug(t)}/"
        pages[p] = (200, "text/html; charset=utf-8", _listing(t, sel).encode())
        pages[p + "page/2/"] = (200, "text/html; charset=utf-8", _listing(t + " (page 2)", sel[:2]).encode())
        listing_paths.append(p)
    for r in REGIONS:
        p = f"/regions/{r}/"
        pages[p] = (200, "text/html; charset=utf-8", _listing(r.replace("-", " ").title(), arts[::5]).encode())
        listing_paths.append(p)
    for n in PEOPLE:
        p = f"/author/{_slugify(n)}/"
        sel = [a for a in arts if n in a["authors"]]
        pages[p] = (
            200,
            "text/html; charset=utf-8",
            _listing(n, sel).replace("<main>", f'<main><div class="social-author__bio">{_e(n)} writes.</div>').encode(),
        )
        listing_paths.append(p)

    # sitemaps: monthly by publication month, news for the last ones, some listing pages too
    in_sm = [a for a in arts if not a["feed_only"]]
    months: dict[str, list[dict]] = {}
    for a in in_sm:
        months.setdefault(f"{a['pub']:%Y-%m}", []).append(a)
    idx = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for m, sel in sorted(months.items()):
        urls = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for a in sel:
            loc = base + a["path"] + ("/" if a["i"] % 2 else "")
            if a["i"] % 8 == 5:  # the same host over https: the spider fetches it from the base URL
                loc = loc.replace("http://", "https://", 1)
            lm = (a["modified"] or a["pub"]).strftime("%Y-%m-%dT%H:%M:%SZ" if a["i"] % 3 else "%Y-%m-%d")
            urls.append(f"<url><loc>{_e(loc)}</loc><lastmod>{lm}</lastmod></url>")
        smbody = ("\n".join(urls) + "\n</urlset>\n").encode()
        name = f"/sitemaps/posts-{m}.xml"
        if len(idx) % 4 == 0:  # some monthly sitemaps are gzipped
            name += ".gz"
            smbody = gzip.compress(smbody, mtime=0)
        pages[name] = (200, "application/x-gzip" if name.endswith(".gz") else xml, smbody)
        lm = max((a["modified"] or a["pub"]) for a in sel).strftime("%Y-%m-%dT%H:%M:%SZ")
        idx.append(f"<sitemap><loc>{base}{name}</loc><lastmod>{lm}</lastmod></sitemap>")
    pages_sm = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for p in listing_paths[:8] + ["/", "/about", "/tag/iran", "/tag/iran/page/2/", "/author/omar-siddiqui"]:
        pages_sm.append(f"<url><loc>{base}{p}</loc></url>")
    pages["/sitemaps/pages.xml"] = (200, xml, ("\n".join(pages_sm) + "\n</urlset>\n").encode())
    idx.append(f"<sitemap><loc>{base}/sitemaps/pages.xml</loc></sitemap>")
    pages["/sitemaps/index.xml"] = (200, xml, ("\n".join(idx) + "\n</sitemapindex>\n").encode())

    news = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ]
    for a in arts[-4:]:
        news.append(
            f"<url><loc>{base}{a['path']}?rebelltitem=4</loc><news:news><news:publication><news:name>"
            f"Responsible Statecraft</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{a['pub']:%Y-%m-%dT%H:%M:%SZ}</news:publication_date><news:title>"
            f"{_e(a['headline'])}</news:title></news:news></url>"
        )
    pages["/sitemaps/news.xml"] = (200, xml, ("\n".join(news) + "\n</urlset>\n").encode())

    pages["/robots.txt"] = (
        200,
        "text/plain",
        (
            "User-agent: *\nDisallow: /res/\nDisallow: /search\n\n"
            f"Sitemap: {base}/sitemaps/index.xml\nSitemap: {base}/sitemaps/news.xml\n"
        ).encode(),
    )

    # feed: newest first, 30 a page
    newest = sorted(arts, key=lambda a: a["pub"], reverse=True)
    for pg in range(1, 4):
        chunk = newest[(pg - 1) * 30 : pg * 30]
        items = "".join(
            f"<item><title>{_e(a['headline'])}</title><link>{base}{a['path'].replace('%C3%A9', '%c3%a9')}/"
            f"?utm_source=rss&amp;utm_medium=rss"
            f'</link><guid isPermaLink="false">{2600000000 + a["i"]}</guid>'
            f"<pubDate>{a['pub']:%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
            f"<description>{_e(a['dek'] or '')}</description></item>"
            for a in chunk
        )
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Responsible Statecraft'
            f"</title><link>{base}/</link><description>feed</description>{items}</channel></rss>"
        ).encode()
        pages[f"/feeds/feed.rss?page={pg}"] = (200, "application/rss+xml; charset=utf-8", body)
        if pg == 1:
            pages["/feeds/feed.rss"] = pages["/feeds/feed.rss?page=1"]
    for a in arts:
        if a["bootstrap"]:
            pass
    return pages, truth


NOISE = [
    "Follow us on social",
    "google cta",
    "keep reading",
    "Show less",
    "LATEST",
    "QIOSK",
    "Newsletter",
    "Subscribe now to our weekly round-up",
    "Top image credit",
    "Top photo credit",
    "Photo credit",
    "Teaser text for item",
    "Teaser Agency",
    "Inbody Lensman",
    "Demonstrators gather outside",
    "shortcode-InText-Newsletter",
    "RELATED",
    "Tweeted claim number",
    "Get our newsletter",
    "Sign up for weekly updates",
    "is a contributor to Responsible Statecraft",
    "Quincy Institute",
    "An inline WordPress caption",
    "Protesters march",
    "Photos:",
    "Quick takes from the QiOSK desk",
    "Responsible Statecraft",
]


class _Handler(BaseHTTPRequestHandler):
    pages: dict = {}

    def do_GET(self):  # noqa: N802
        parts = urlsplit(self.path)
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        hit = self.pages.get(key) or self.pages.get(quote(unquote(parts.path), safe="/"))
        if hit is None and parts.path.startswith("/feeds/feed.rss"):
            hit = (
                200,
                "application/rss+xml; charset=utf-8",
                b'<?xml version="1.0"?><rss version="2.0"><channel><title>RS</title></channel></rss>',
            )
        if hit is None:
            hit = self.pages.get(parts.path)  # tracking parameters are ignored by the site
        if hit is None:
            hit = (404, "text/html", b"<html><body><h1>Not found</h1></body></html>")
        status, ctype, body = hit
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class SiteServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Handler,), {"pages": {}}))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.pages, self.truth = build_site(self.base)
        self.httpd.RequestHandlerClass.pages = self.pages
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def serve() -> SiteServer:
    return SiteServer().start()
