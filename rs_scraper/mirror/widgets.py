"""The mirror's RebelMouse widget pages: the article drawn by ``div.posts-custom`` widgets, as real RebelMouse
pages of another site showed it (docs/site-facts.md §5).

- the header widget and the body widget carry ``data-source="current_post"``; teaser lists
  (``filtered_parent_site``), a poll promo and infinite-scroll posts (``current_page``, full bodies of other
  articles with "CONTINUE READING" / "Show less") use the same class with other data-sources;
- ``div.post-partial[data-category]`` and a ``section-<slug>`` body class are the only sections; no dek, no type
  label, no ``widget__section``, no pull quote, no ``media-caption``;
- byline ``div.social-author > a.social-author__name`` to ``/u/<username>``, dates as text only ("August 12,
  2024 9:09PM ET"), lead credit ``div.photo-credit`` "(Photo by …)" inside the body widget;
- in the body: a share bar before it, ad units (``ins.adsbygoogle`` under "ADVERTISEMENT"), Connatix and Piano
  containers, "ALSO READ:" link paragraphs, tweets in ``div.rm-embed``, ``<p><br></p>``, bold subheads;
- after it: an author bio box ("See Full Bio"), "Stories Chosen For You", a comments link, a donation box;
  the site footer is a ``div.footer`` with "Manage Preferences | … Sign Up";
- bootstrap data with no body, a ``script.post-context`` per post, JSON-LD without articleBody/articleSection,
  ``article:author`` a Facebook URL.
"""

from __future__ import annotations

import json
import random
from typing import TYPE_CHECKING

from rs_scraper.mirror import content as C
from rs_scraper.mirror.content import SITE_ID
from rs_scraper.mirror.dates import et_offset
from rs_scraper.mirror.markup import FOOTER, block_html, esc, header_html

if TYPE_CHECKING:  # annotations only (see pages.py)
    from rs_scraper.mirror.site import MirrorArticle, MirrorSite

SITE_NAME = "Responsible Statecraft"
# Page-only noise of these pages (never body): labels and links the quality gate checks for leaks.
NOISE = (
    "ADVERTISEMENT",
    "ALSO READ",
    "CONTINUE READING",
    "See Full Bio",
    "Stories Chosen For You",
    "Manage Preferences",
    "Sign Up",
    "Support independent journalism",
)


def shown_date(a: MirrorArticle, with_time: bool) -> str:
    """The visible date, in US Eastern time: "August 12, 2024 9:09PM ET", or the day alone."""
    local = a.published_at + et_offset(a.published_at)
    day = f"{local:%B} {local.day}, {local.year}"
    if not with_time:
        return day
    hour = local.hour % 12 or 12
    return f"{day} {hour}:{local:%M}{'AM' if local.hour < 12 else 'PM'} ET"


def section_slug(a: MirrorArticle) -> str:
    return C.slugify(a.section)


def post_context(a: MirrorArticle) -> str:
    data = {
        "postId": a.post_id,
        "authorName": ", ".join(n for n, _ in a.authors),
        "tags": list(a.tags),
        "createdDate": a.published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return f'<script class="post-context" type="application/json">{json.dumps(data)}</script>'


def byline(a: MirrorArticle) -> str:
    return "".join(
        f'<div class="social-author"><a class="social-author__name" href="/u/{u}">{esc(n)}</a></div>'
        for n, u in a.authors
    )


def share_bar() -> str:
    return (
        '<div class="share-bar social-share"><a class="share-facebook" href="https://www.facebook.com/sharer">'
        'Share</a><a class="share-twitter" href="https://twitter.com/intent/tweet">Tweet</a></div>'
    )


def _body_html(site: MirrorSite, a: MirrorArticle, base: str, rng: random.Random) -> str:
    """The body in the widget pages' markup: bold subheads, "ALSO READ:" links, <p><br></p>, ad units."""
    parts = []
    paras = 0
    for b in a.blocks():
        if b.kind == "h3":
            parts.append(f"<p><strong>{esc(b.text)}</strong></p>")
        elif b.kind == "related":
            parts.append(f'<p><strong>ALSO READ:</strong> <a href="{esc(b.extra["path"])}">{esc(b.text)}</a></p>')
        elif b.kind == "empty":
            parts.append("<p><br/></p>")
        else:
            parts.append(block_html(rng, b, base))
        paras += b.kind == "p"
        if b.kind == "p" and paras == 2:
            parts.append(
                '<div class="container_proper-ad-unit"><div class="ad-label">ADVERTISEMENT</div>'
                f'<ins class="adsbygoogle" data-ad-client="ca-pub-{SITE_ID}" '
                f'data-ad-slot="{a.post_id % 9999}">'
                "</ins></div>"
            )
        # Connatix and Piano fill their containers with JavaScript: with JavaScript off they are empty shells.
        if b.kind == "p" and paras == 4:
            parts.append(
                f'<div class="connatix-player" id="cnx-{a.post_id}"><div class="cnx-player-wrapper"></div></div>'
            )
        if b.kind == "p" and paras == 5:
            parts.append(
                '<div id="piano-inline" class="piano-container"><div class="piano-inline-content"></div></div>'
            )
    return "\n".join(parts)


def _scroll_post(site: MirrorSite, o: MirrorArticle, base: str) -> str:
    """Another article appended by infinite scroll, with its full body (190-500 words)."""
    paras, words = [], 0
    for b in o.blocks():
        if b.kind == "p" and words < 400:
            paras.append(f"<p>{esc(b.text)}</p>")
            words += len(b.text.split())
    return (
        '<div class="posts-custom" data-source="current_page" data-source-type="current_page" '
        'data-attr-element_classes="post-head scroll-post"><div class="posts-wrapper">'
        f'<div class="widget post-partial" data-category="{section_slug(o)}"><article class="image-article" '
        f'elid="{o.post_id}"><h2 class="widget__headline">'
        f'<a class="widget__headline-text" href="{esc(o.link_path)}">'
        f'{esc(o.headline)}</a></h2>{byline(o)}<div class="social-date"><span class="social-date__text">'
        f'{shown_date(o, True)}</span></div><div class="body js-expandable js-listicle-body">'
        f'<div class="body-description">{"".join(paras)}</div></div>'
        '<a class="widget__show-more" href="#">CONTINUE READING</a><span class="widget__show-less">Show less</span>'
        f"</article>{post_context(o)}</div></div></div>"
    )


def _teasers(site: MirrorSite, a: MirrorArticle) -> str:
    pool = [x for x in site.articles[: min(len(site.articles), 60)] if x is not a][:4]
    cards = "".join(
        f'<div class="widget post-partial" data-category="{section_slug(o)}"><h2 class="widget__headline">'
        f'<a class="widget__headline-text" href="{esc(o.link_path)}">{esc(o.headline)}</a></h2></div>'
        for o in pool
    )
    return (
        f'<div class="posts-custom" data-source="filtered_parent_site"><h3 class="posts-custom__title">'
        f'Stories Chosen For You</h3><div class="posts-wrapper">{cards}</div></div>'
    )


def body(site: MirrorSite, a: MirrorArticle, base: str, rng: random.Random) -> str:
    """The <body> of an article page in the widget shape."""
    art_cls = "page-article" if rng.random() < 0.4 else "image-article"
    linked = rng.random() < 0.6
    head_text = (
        f'<a class="widget__headline-text" href="{esc(base + a.link_path)}">{esc(a.headline)}</a>'
        if linked
        else f'<span class="widget__headline-text">{esc(a.headline)}</span>'
    )
    current = (
        'class="posts-custom" data-source="current_post" data-source-type="current_post" '
        'data-attr-is_current_post="true"'
    )
    hero = ""
    if a.image:
        url = esc(a.image.url(base if rng.random() < 0.5 else "", width=1245, height=700, quality=85))
        hero = (
            f'<div class="widget__head"><div class="widget__image"><img class="widget__img" src="{url}" '
            f'alt="{esc(a.image.alt_caption)}"/></div></div>'
        )
    shown = a.shown_credit()
    credit = f'<div class="photo-credit">(Photo by {esc(shown)})</div>' if shown else ""
    header = (
        f'<div {current} data-attr-element_classes="post-head main-post-head"><div class="posts-wrapper">'
        f'<div class="widget post-partial" data-category="{section_slug(a)}"><article class="{art_cls}" '
        f'elid="{a.post_id}"><h1 class="widget__headline h1">{head_text}</h1>{byline(a)}'
        f'<div class="social-date"><span class="social-date__text">{shown_date(a, rng.random() < 0.8)}</span>'
        f"</div>{share_bar()}</article>{post_context(a)}</div></div></div>"
    )
    main_body = (
        f'<div {current} data-attr-element_classes="post-head post-body article-body">'
        '<div class="posts-wrapper">'
        f'<div class="widget post-partial" data-category="{section_slug(a)}"><article class="{art_cls}" '
        f'elid="{a.post_id}">{hero}{credit}<div class="body js-expandable js-listicle-body">{share_bar()}'
        f'<div class="body-description">\n{_body_html(site, a, base, rng)}\n</div></div>{share_bar()}'
        f"</article></div></div></div>"
    )
    bios = "".join(
        f'<div class="author-bio"><a class="social-author__name" href="/u/{u}">{esc(n)}</a>'
        f'<div class="social-author__bio">{esc(site.author_info.get(u, (n, ""))[1])}</div>'
        f'<a class="author-bio__more" href="/u/{u}">See Full Bio</a></div>'
        for n, u in a.authors
    )
    scroll = "".join(_scroll_post(site, o, base) for o in site.articles[a.index + 1 : a.index + 3])
    poll = (
        '<div class="posts-custom" data-source="poll"><div class="widget"><h3>Poll</h3><p>Should Congress vote '
        "on war powers?</p></div></div>"
    )
    return (
        f'<body class="post-page section-{section_slug(a)}">\n{header_html(False)}\n<main class="main-content">\n'
        f'{header}\n{main_body}\n<div class="author-bio-box">{bios}</div>\n{_teasers(site, a)}\n'
        '<div class="comments-link"><a href="#comments">Comments</a></div>'
        '<div class="donation-box"><h3>Support independent journalism</h3><a href="/donate/">Donate</a></div>\n'
        f"{scroll}\n{poll}\n</main>\n"
        f'<div class="footer"><p>Manage Preferences | RebelMouse Sign Up</p><p>© 2026 {SITE_NAME}</p></div>'
        f"\n{FOOTER.replace('<footer', '<div').replace('</footer>', '</div>')}\n</body>"
    )


def bootstrap(a: MirrorArticle, base: str) -> str:
    """What those pages' bootstrap held: ids, the share URL, status and tags, no headline, body, authors or dates."""
    data = {
        "post": {
            "id": a.post_id,
            "sections": [SITE_ID + 1, SITE_ID + 7],
            "shareUrl": base + a.link_path,
            "status": 1,
            "tags": list(a.tags),
        },
        "fullBootstrapUrl": f"/res/bootstrap/data.js?site_id={SITE_ID}&post_id={a.post_id}",
    }
    return f"<script>window.REBELMOUSE_BOOTSTRAP_DATA = {json.dumps(data)};</script>"


def scroll_noise(site: MirrorSite, a: MirrorArticle) -> list[str]:
    """The first paragraph of every scroll post of the page: text of other articles, never this one's body."""
    out = []
    for o in site.articles[a.index + 1 : a.index + 3]:
        first = next((b.text for b in o.blocks() if b.kind == "p"), None)
        if first:
            out.append(first)
    return out
