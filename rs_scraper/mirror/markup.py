"""The pieces every mirror page is made of: escaping, a body block as HTML, the site header and footer.
Both page shapes (pages.py, and the widget pages of widgets.py) build on them.

Every text goes through ``esc``; inline markup (links, emphasis, NBSP, line breaks in the source) only ever sits
between words, so collapsing whitespace in the rendered paragraph gives back exactly the ground-truth text.
"""

from __future__ import annotations

import html
import random
import re
import zlib

from rs_scraper.mirror.content import Block

SITE_NAME = "Responsible Statecraft"
NEWSLETTER = (
    "Subscribe now to our weekly round-up and don't miss a beat with your favorite RS contributors and "
    "reporters, as well as staff analysis, opinion, and news promoting a positive, non-partisan vision of "
    "U.S. foreign policy."
)
SVG_PLACEHOLDER = (
    "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%20{w}%20{h}'%3E%3C/svg%3E"
)
NAV = [
    ("/regions/middle-east/", "Middle East"),
    ("/regions/asia-pacific/", "Asia-Pacific"),
    ("/regions/europe/", "Europe"),
    ("/regions/latin-america/", "Latin America"),
    ("/regions/north-america/", "North America"),
    ("/military-industrial-complex/", "Military Industrial Complex"),
    ("/washington-politics/", "Washington Politics"),
    ("/qiosk/", "QiOSK"),
    ("/about/", "About"),
]


def esc(s: str) -> str:
    return html.escape(s, quote=True)


# ---------------------------------------------------------------------------------------------------- inline


def inline(rng: random.Random, text: str, links: tuple = ()) -> str:
    """Paragraph text as HTML with some inline markup, none of which changes the collapsed text: the paragraph's
    links (content.add_links: word spans and hrefs), else sometimes an emphasis."""
    words = text.split(" ")
    out = esc(text)
    if links:
        parts, i = [], 0
        for j, k, href, _url in links:
            parts.append(esc(" ".join(words[i:j])))
            attrs = rng.choice(
                ("", ' target="_blank"', ' rel="noopener"', ' target="_blank" rel="noopener noreferrer"')
            )
            parts.append(f'<a href="{esc(href)}"{attrs}>{esc(" ".join(words[j:k]))}</a>')
            i = k
        parts.append(esc(" ".join(words[i:])))
        out = " ".join(p for p in parts if p)
    elif len(words) > 8 and rng.random() < 0.3:
        j = rng.randrange(0, len(words) - 3)
        k = j + rng.randint(1, 3)
        name = rng.choice(("em", "strong"))
        parts = [esc(" ".join(words[:j])), f"<{name}>{esc(' '.join(words[j:k]))}</{name}>", esc(" ".join(words[k:]))]
        out = " ".join(p for p in parts if p)
    r = rng.random()
    if r < 0.12:
        out = re.sub(r" (?![^<]*>)", "&nbsp;", out, count=1)  # NBSP between words (not in a tag): a space
    elif r < 0.2:
        out = out.replace(". ", ".\n    ", 1)  # the CMS sometimes wraps source lines
    elif r < 0.26:
        out += "&nbsp;"
    return out


def block_html(rng: random.Random, b: Block, base: str) -> str:
    k = b.kind
    if k == "p":
        return f"<p>{inline(rng, b.text, b.extra.get('links', ()))}</p>"
    if k in ("h2", "h3"):
        return f"<{k}>{esc(b.text)}</{k}>"
    if k in ("ul", "ol"):
        return f"<{k}>" + "".join(f"<li>{esc(i)}</li>" for i in b.items) + f"</{k}>"
    if k == "quote":
        if len(b.items) == 1 and rng.random() < 0.4:
            return f"<blockquote>{esc(b.items[0])}</blockquote>"
        return "<blockquote>" + "".join(f"<p>{esc(i)}</p>" for i in b.items) + "</blockquote>"
    if k == "image":
        x = b.extra
        src = f"{base}/media-library/{x['file']}?id={x['id']}&width=980&quality=85"
        return (
            '<p class="shortcode-media shortcode-media-rebelmouse-image">'
            f'<img alt="{esc(b.text)}" class="rm-shortcode" data-rm-shortcode-id="{x["id"] % 99991}" '
            f'data-rm-shortcode-name="rebelmouse-image" data-runner-src="{esc(src)}" id="{x["id"]}" '
            f'loading="lazy" src="{SVG_PLACEHOLDER.format(w=980, h=551)}" width="980" height="551"/>'
            f'<small class="image-media media-caption" placeholder="Add Photo Caption...">{esc(b.text)}</small>'
            f'<small class="image-media media-photo-credit" placeholder="Add Photo Credit...">{esc(x["credit"])}'
            "</small></p>"
        )
    if k == "pullquote":
        return f'<p class="pull-quote">{esc(b.text)}</p>'
    if k == "shortcode":
        return f"<p>{esc(b.text)}</p>"
    if k == "newsletter":
        return (
            '<div class="rm-newsletter-inline newsletter-signup">'
            "<h3>Get the latest from Responsible Statecraft</h3>"
            f'<p>{esc(NEWSLETTER)}</p><form action="/res/newsletter/subscribe" method="post">'
            '<input type="email" name="email" placeholder="Your email"/><button>Subscribe</button></form></div>'
        )
    if k == "tweet":
        h = b.extra["handle"]
        return (
            '<div class="rm-embed embed-media"><blockquote class="twitter-tweet" data-lang="en">'
            f'<p lang="en" dir="ltr">{esc(b.text)}</p>&mdash; {esc(h)} (@{esc(h)}) '
            f'<a href="https://twitter.com/{h}/status/1{zlib.crc32(b.text.encode()) * 7919 % 10**17:017d}">'
            "March 3, 2024</a></blockquote>"
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script></div>'
        )
    if k == "youtube":
        return (
            '<div class="rm-embed embed-media"><iframe width="560" height="315" '
            f'src="https://www.youtube.com/embed/{b.extra["vid"]}" frameborder="0" allowfullscreen></iframe></div>'
        )
    if k == "related":
        label = "<strong>RELATED: </strong>" if b.extra.get("strong") else "RELATED: "
        return f'<p>{label}<a href="{esc(b.extra["path"])}">{esc(b.text)}</a></p>'
    if k == "empty":
        return rng.choice(("<p>&nbsp;</p>", "<p></p>", "<p> </p>"))
    raise ValueError(k)


def header_html(google_cta: bool) -> str:
    nav = "".join(f'<li><a href="{p}">{esc(t)}</a></li>' for p, t in NAV)
    cta = '<div class="google-cta">google cta</div>' if google_cta else ""
    return (
        '<header class="site-header"><a class="site-logo" href="/"><img src="/media-library/logo.png?id=1" '
        f'alt="{SITE_NAME}"/></a><nav class="main-menu"><ul>{nav}</ul></nav>'
        '<div class="social-links-header"><span class="social-links__title">Follow us on social</span>'
        '<a class="social-link social-link--twitter" href="https://twitter.com/RStatecraft" aria-label="X"></a>'
        '<a class="social-link social-link--facebook" href="https://www.facebook.com/ResponsibleStatecraft" '
        f'aria-label="Facebook"></a></div></header>{cta}'
    )


FOOTER = (
    '<footer class="site-footer"><p>© 2026 Quincy Institute for Responsible Statecraft. All rights reserved.</p>'
    '<a href="/about/">About</a> <a href="/privacy-policy/">Privacy</a> '
    '<a href="/feeds/feed.rss">RSS</a></footer>'
)
