"""Red-team generator: article pages of OTHER sites and CMSs (not Responsible Statecraft).

Each page is built from a list of body blocks (the truth) rendered through one CMS's markup, wrapped in that
site's chrome (mega menus, share bars, related posts, comments, newsletter and paywall boxes, cookie banners).
The truth is written from the blocks, never from an extractor's output:
paragraphs joined by a blank line, headings as their own paragraph, list items one per line, table rows one per
line ("cell | cell").

    .venv/bin/python tests/generators/foreign2_pages.py [OUT_DIR]     # default tests/fixtures/foreign2

Writes <name>.html + <name>.json per page (the fixture format of rs_scraper/quality/fixtures.py): ``text`` the
truth, compared by ``_match`` (body F1 no worse than plain trafilatura's minus 0.005, tests/test_parser_other_sites.py),
``_request.url`` the page's canonical link when it has one, else a dated news path. Deterministic: the same files on every run (random.Random(name)).
Nothing is written at import.
"""

# ruff: noqa: E501  (page markup and sample text: a long line here is a line of the data it writes)

from __future__ import annotations

import html as htmllib
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEST = Path(__file__).resolve().parent.parent / "fixtures" / "foreign2"
MATCH = {"text": {"trafilatura_margin": 0.005}}  # the rule for other sites: never below plain trafilatura

# ------------------------------------------------------------------------------------------------ content pools
EN = [
    "The city council voted on Tuesday to approve a new budget that raises spending on public transit by twelve percent.",
    "Officials said the money would pay for more frequent buses on the busiest routes and for repairs to aging stations.",
    "Critics on the council argued that the plan relies on optimistic revenue forecasts that may not hold if the economy slows.",
    "Ridership has recovered to about eighty percent of its pre-pandemic level, according to figures released last month.",
    "The transit agency has struggled to hire enough drivers, leaving some routes with gaps of forty minutes or more.",
    "Union representatives welcomed the vote but warned that wages remain below those offered by neighboring systems.",
    "Several residents who spoke at the hearing described waiting in the cold for buses that never arrived.",
    "The mayor, who campaigned on improving commutes, called the budget a down payment on a larger overhaul.",
    "Economists note that transit spending tends to pay off over decades rather than within a single election cycle.",
    "The state legislature is expected to take up a separate funding bill for regional rail early next year.",
    "Researchers have long debated whether minimum wage increases reduce employment among younger workers.",
    "A new study drawing on payroll records from four states finds little evidence of job losses after recent increases.",
    "The authors compared counties on either side of state borders, where local economies are otherwise similar.",
    "Restaurants, which employ a large share of minimum wage workers, raised menu prices modestly in response.",
    "Employers interviewed for the study said turnover fell, which reduced the cost of training new staff.",
    "Skeptics caution that the increases studied were gradual and that larger jumps could have different effects.",
    "The findings arrive as several cities consider ordinances that would set local wage floors above state law.",
    "Business groups have promised to challenge any such ordinance in court.",
    "Drought has cut the flow of the river to its lowest level in more than a century of record keeping.",
    "Farmers downstream have been told to expect only a fraction of their usual water allocation this summer.",
    "Hydrologists say the snowpack that feeds the river melted weeks earlier than normal after an unusually warm spring.",
    "Water managers in three states are negotiating a new agreement on how to share the shortfall.",
    "Cities have so far avoided mandatory restrictions, relying instead on rebates for replacing lawns with native plants.",
    "Tribal nations with senior water rights have pressed to be included in the talks from the beginning.",
    "The negotiations must conclude before the current agreement expires at the end of next year.",
    "Hospitals across the region reported a sharp rise in respiratory infections over the holiday weeks.",
    "Emergency rooms in two counties briefly diverted ambulances because they had no beds available.",
    "Public health officials urged residents to stay home when sick and to get updated vaccinations.",
    "Nurses said staffing shortages that began during the pandemic have never fully eased.",
    "The health department plans to publish weekly case counts through the end of March.",
    "The company reported quarterly revenue of 4.2 billion dollars, slightly above what analysts had expected.",
    "Its shares rose seven percent in after-hours trading following the announcement.",
    "Executives attributed the growth to strong demand for cloud services from small and medium businesses.",
    "Profit margins narrowed, however, as the company spent heavily on new data centers.",
    "The chief executive told investors that spending would remain elevated for at least two more years.",
    "Regulators in Europe are reviewing whether the company's bundling practices harm competitors.",
    "Archaeologists working near the coast have uncovered the remains of a settlement dating back some three thousand years.",
    "The site includes the foundations of at least a dozen houses and a large communal hearth.",
    "Pottery fragments found at the site suggest trade links with communities several hundred miles inland.",
    "Rising sea levels threaten to erode the site within a decade, adding urgency to the excavation.",
    "Local volunteers have helped sift through tons of soil under the supervision of university researchers.",
    "The school board postponed a decision on later start times after a contentious four-hour meeting.",
    "Parents were divided, with some praising the research on teenage sleep and others worrying about after-school jobs.",
    "Bus schedules would have to be redrawn, a change the district estimates would cost nearly two million dollars.",
    "Teachers' representatives asked for more time to study how the change would affect planning periods.",
    "The board will hold two more public sessions before voting in the spring.",
    "Wildfire season has grown longer across the western states, stretching well into late autumn in recent years.",
    "Fire crews rely increasingly on prescribed burns to clear dry brush before the hottest months arrive.",
    "Insurance companies have stopped writing new policies in some high-risk areas, leaving homeowners with few options.",
    "State regulators are weighing rules that would require insurers to account for mitigation work done by residents.",
    "The port handled a record volume of containers last year despite labor disputes that slowed operations for weeks.",
    "Automation of cranes and yard equipment remains the central sticking point in negotiations with dockworkers.",
    "Shipping lines have shifted some cargo to other ports, and officials are eager to win it back.",
    "Trucking firms complain that appointment systems at the terminals still cause long lines at the gates.",
]
DE = [
    "Der Bundestag hat am Donnerstag ein Gesetz beschlossen, das den Ausbau der Windenergie an Land beschleunigen soll.",
    "Künftig sollen zwei Prozent der Landesfläche für Windräder ausgewiesen werden.",
    "Die Genehmigungsverfahren dauern derzeit oft mehr als vier Jahre, was Investoren abschreckt.",
    "Umweltverbände begrüßten die Entscheidung, forderten aber strengere Vorgaben für den Artenschutz.",
    "Kritik kam vor allem aus Bayern, wo die Abstandsregeln bislang besonders streng sind.",
    "Der Wirtschaftsminister sprach von einem wichtigen Schritt hin zu einer unabhängigen Energieversorgung.",
    "Nach Angaben des Branchenverbandes wurden im vergangenen Jahr nur rund fünfhundert neue Anlagen gebaut.",
    "Gemeinden, die Flächen bereitstellen, sollen künftig stärker an den Erträgen beteiligt werden.",
    "Bürgerinitiativen kündigten an, weiterhin gegen einzelne Projekte vor Gericht zu ziehen.",
    "Experten rechnen damit, dass sich die Wirkung des Gesetzes erst in einigen Jahren zeigen wird.",
    "Auch der Ausbau der Stromnetze müsse schneller vorankommen, mahnte die Bundesnetzagentur.",
    "Die Opposition warf der Regierung vor, die Kosten für die Verbraucher nicht ausreichend zu berücksichtigen.",
]
ES = [
    "El Gobierno presentó este martes un plan para reducir el consumo de agua en la agricultura durante la sequía.",
    "La medida prevé ayudas para modernizar los sistemas de riego en las comunidades más afectadas.",
    "Los embalses de la cuenca se encuentran por debajo del treinta por ciento de su capacidad.",
    "Las organizaciones agrarias consideran insuficientes las ayudas y piden una reducción de impuestos.",
    "Los ecologistas advierten de que la sobreexplotación de los acuíferos pone en riesgo los humedales.",
    "El ministerio asegura que el abastecimiento a las ciudades está garantizado al menos hasta el otoño.",
    "Varios municipios ya han aprobado restricciones para el riego de jardines y el llenado de piscinas.",
    "Los expertos recuerdan que las sequías serán cada vez más frecuentes a causa del cambio climático.",
    "La oposición reclamó un pacto nacional del agua que vaya más allá de las medidas de urgencia.",
    "Las precipitaciones de la primavera han sido las más bajas registradas en las últimas tres décadas.",
    "Los regantes del sur temen perder buena parte de la cosecha de frutas de este año.",
    "El plan incluye también campañas de sensibilización dirigidas a los hogares.",
]
CHROME_LINKS = [
    "World",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Sports",
    "Culture",
    "Opinion",
    "Climate",
    "Education",
    "Real Estate",
    "Travel",
    "Food",
    "Podcasts",
    "Video",
    "Newsletters",
    "Obituaries",
]
RELATED = [
    "Council delays vote on housing plan",
    "Five takeaways from the budget hearing",
    "How the drought is reshaping farming",
    "Why bus ridership has not fully recovered",
    "Inside the fight over the new stadium",
    "What to know about the flu season",
    "The quiet collapse of local newspapers",
    "A new bridge, ten years late",
    "Teachers weigh strike vote",
]


def esc(s: str) -> str:
    return htmllib.escape(s, quote=False)


class Body:
    """Body blocks: ('p', text) ('h', text) ('ul'|'ol', [items]) ('table', [[cells]]) ('quote', text)."""

    def __init__(self, rng: random.Random, pool=EN):
        self.rng, self.pool = rng, pool
        self.blocks: list[tuple[str, Any]] = []
        self.used: list[int] = []

    def sentences(self, n: int) -> str:
        idx = list(range(len(self.pool)))
        self.rng.shuffle(idx)
        fresh = [i for i in idx if i not in self.used] or idx
        pick = fresh[:n]
        self.used += pick
        if len(self.used) > len(self.pool) - 4:
            self.used = []
        return " ".join(self.pool[i] for i in pick)

    def p(self, n: int | None = None, text: str | None = None):
        self.blocks.append(("p", text or self.sentences(n or self.rng.randint(2, 4))))
        return self

    def h(self, text: str):
        self.blocks.append(("h", text))
        return self

    def ul(self, items, kind="ul"):
        self.blocks.append((kind, list(items)))
        return self

    def table(self, rows):
        self.blocks.append(("table", rows))
        return self

    def quote(self, text):
        self.blocks.append(("quote", text))
        return self

    def paras(self, k: int):
        for _ in range(k):
            self.p()
        return self

    def truth(self) -> str:
        out = []
        for kind, v in self.blocks:
            if kind in ("p", "h", "quote"):
                out.append(v)
            elif kind in ("ul", "ol"):
                out.append("\n".join(v))
            elif kind == "table":
                out.append("\n".join(" | ".join(r) for r in v))
        return "\n\n".join(out)


def linkify(rng: random.Random, text: str) -> str:
    """Escape, and wrap a few words in inline markup (links, emphasis) as editors do."""
    words = text.split(" ")
    out = []
    for w in words:
        r = rng.random()
        if r < 0.04 and len(w) > 3:
            out.append(f'<a href="https://example.org/{rng.randint(100, 999)}">{esc(w)}</a>')
        elif r < 0.06 and len(w) > 3:
            out.append(f"<em>{esc(w)}</em>")
        else:
            out.append(esc(w))
    return " ".join(out)


def render(
    rng,
    body: Body,
    *,
    p_open="<p>",
    p_close="</p>",
    h_tag="h2",
    quote="<blockquote><p>{}</p></blockquote>",
    table_cls="",
) -> list[str]:
    parts = []
    for kind, v in body.blocks:
        if kind == "p":
            parts.append(f"{p_open}{linkify(rng, v)}{p_close}")
        elif kind == "h":
            parts.append(f"<{h_tag}>{esc(v)}</{h_tag}>")
        elif kind in ("ul", "ol"):
            parts.append(f"<{kind}>" + "".join(f"<li>{esc(i)}</li>" for i in v) + f"</{kind}>")
        elif kind == "quote":
            parts.append(quote.format(esc(v)))
        elif kind == "table":
            head, *rows = v
            t = f"<table{table_cls}><thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in head) + "</tr></thead><tbody>"
            t += "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
            parts.append(t + "</tbody></table>")
    return parts


def nav(rng, n=10, cls="site-nav") -> str:
    links = rng.sample(CHROME_LINKS, min(n, len(CHROME_LINKS)))
    return (
        f'<nav class="{cls}"><ul>'
        + "".join(f'<li><a href="/{x.lower().replace(" ", "-")}/">{x}</a></li>' for x in links)
        + "</ul></nav>"
    )


def related(rng, k=4, cls="related-articles", head="Related") -> str:
    items = rng.sample(RELATED, k)
    return (
        f'<div class="{cls}"><h3>{head}</h3><ul>'
        + "".join(f'<li><a href="/news/{i}/">{esc(t)}</a></li>' for i, t in enumerate(items))
        + "</ul></div>"
    )


def head(title: str, *, lang="en", extra="", site="Example News", ld: dict | None = None, og_type="article") -> str:
    h = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{esc(title)} | {site}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
    )
    if og_type:  # None: a site without Open Graph tags
        h += (
            f'<meta property="og:type" content="{og_type}"><meta property="og:title" content="{esc(title)}">'
            f'<meta property="og:site_name" content="{site}">'
        )
    if ld:
        h += f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    return h + extra + "</head>"


def footer(rng, big=False) -> str:
    cols = 6 if big else 2
    f = '<footer class="site-footer">'
    for c in range(cols):
        f += (
            f'<div class="footer-col"><h4>{rng.choice(CHROME_LINKS)}</h4><ul>'
            + "".join(
                f'<li><a href="/x/{c}/{i}">{rng.choice(CHROME_LINKS)} {rng.choice(["news", "guides", "archive", "events"])}</a></li>'
                for i in range(8 if big else 3)
            )
            + "</ul></div>"
        )
    f += '<p class="copyright">© 2024 Example Media Group. All rights reserved.</p></footer>'
    return f


# ------------------------------------------------------------------------------------------------- templates
PAGES: dict[str, Callable[[random.Random], tuple[str, Body]]] = {}


def page(fn):
    PAGES[fn.__name__.replace("_", "-")] = fn
    return fn


@page
def wp_news_theme(rng):
    b = (
        Body(rng)
        .paras(3)
        .h("What the budget includes")
        .paras(2)
        .ul(
            [
                "Twelve new bus routes",
                "Station repairs at Elm Street and Union Square",
                "A pilot of free fares for students",
            ]
        )
        .paras(2)
    )
    title = "Council approves transit budget after long debate"
    body = "".join(render(rng, b))
    body = body.replace("</p>", '</p><div class="code-block code-block-3"><div class="ad">Advertisement</div></div>', 1)
    html = (
        head(title)
        + f"""<body class="post-template-default single single-post"><div id="page" class="site">
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/">Metro Ledger</a></p></div>{nav(rng)}</header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-4812" class="post-4812 post type-post status-publish format-standard has-post-thumbnail category-local">
<header class="entry-header"><span class="cat-links"><a href="/category/local/" rel="category tag">Local</a></span>
<h1 class="entry-title">{esc(title)}</h1><div class="entry-meta"><span class="byline">By <span class="author vcard"><a class="url fn n" href="/author/jdoe/">Jane Doe</a></span></span>
<span class="posted-on"><time class="entry-date published" datetime="2024-03-12T09:00:00-05:00">March 12, 2024</time></span></div></header>
<div class="post-thumbnail"><img class="wp-post-image" src="/wp-content/uploads/2024/03/bus.jpg" alt="A city bus"></div>
<div class="entry-content">{body}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">Share this:</h3><ul><li><a class="share-twitter" href="#">Twitter</a></li><li><a class="share-facebook" href="#">Facebook</a></li></ul></div></div>
<div class="sharedaddy sd-block sd-like"><h3 class="sd-title">Like this:</h3><div class="likes-widget-placeholder">Loading...</div></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3>{related(rng, 3, "jp-relatedposts-items")}</div>
</div><footer class="entry-footer"><span class="tags-links">Tagged <a href="/tag/transit/" rel="tag">transit</a>, <a href="/tag/budget/" rel="tag">budget</a></span></footer></article>
<nav class="navigation post-navigation"><div class="nav-links"><div class="nav-previous"><a href="/prev/">Previous: School board delays start-time vote</a></div></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on “{esc(title)}”</h2><ol class="comment-list">
<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">Sam</b> says:</footer><div class="comment-content"><p>About time. The 14 bus has been a disaster for years and nobody on the council seemed to care until now.</p></div></article></li>
<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">Rita K.</b> says:</footer><div class="comment-content"><p>Twelve percent sounds like a lot until you remember how much was cut three years ago. We are barely back to where we started.</p></div></article></li></ol>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form><textarea></textarea><input type="submit" value="Post Comment"></form></div></div>
</main></div><aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>{related(rng, 5, "recent")}</section></aside></div>
{footer(rng)}</div></body></html>"""
    )
    return html, b


@page
def drupal_article(rng):
    b = Body(rng).paras(4).h("A regional question").paras(3)
    title = "Water managers brace for a dry summer"
    html = (
        head(title, site="Valley Tribune")
        + f"""<body class="path-node page-node-type-article"><div class="dialog-off-canvas-main-canvas">
<header role="banner" class="region region-header"><div class="site-branding">Valley Tribune</div>{nav(rng, 12, "menu--main")}</header>
<div class="region region-breadcrumb"><nav class="breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ol></nav></div>
<main role="main"><div class="region region-content"><div id="block-mainpagecontent" class="block block-system block-system-main-block">
<article role="article" class="node node--type-article node--view-mode-full"><h1 class="page-title"><span class="field field--name-title">{esc(title)}</span></h1>
<div class="node__meta"><span class="field field--name-uid">Submitted by <a href="/user/12">mgarcia</a></span> on <span class="field field--name-created">Thu, 04/18/2024 - 10:15</span></div>
<div class="node__content"><div class="field field--name-field-image"><img src="/sites/default/files/river.jpg" alt="river"></div>
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{"".join(render(rng, b))}</div>
<div class="field field--name-field-tags field--type-entity-reference field--label-above"><div class="field__label">Tags</div><div class="field__items"><div class="field__item"><a href="/taxonomy/term/3">Drought</a></div><div class="field__item"><a href="/taxonomy/term/9">Agriculture</a></div></div></div>
<section class="field field--name-comment"><h2>Add new comment</h2><form class="comment-form"><textarea></textarea></form></section></div></article>
</div><div class="block block-views"><h2>Most read</h2>{related(rng, 5, "view-content")}</div></div></main>
{footer(rng)}</div></body></html>"""
    )
    return html, b


@page
def ghost_post(rng):
    b = (
        Body(rng)
        .paras(3)
        .quote("We are not going to solve this with one budget, but we have to start somewhere.")
        .paras(3)
    )
    title = "Notes from the budget hearing"
    ld = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": title,
        "author": {"@type": "Person", "name": "Lena Ortiz"},
        "datePublished": "2024-02-02T08:00:00.000Z",
    }
    html = (
        head(title, site="The Civic Letter", ld=ld)
        + f"""<body class="post-template"><div class="gh-site">
<header id="gh-head" class="gh-head outer"><div class="gh-head-inner inner"><div class="gh-head-brand"><a class="gh-head-logo" href="/">The Civic Letter</a></div>{nav(rng, 6, "gh-head-menu")}
<div class="gh-head-actions"><a class="gh-head-button" href="#/portal/signup">Subscribe</a></div></div></header>
<main id="gh-main" class="gh-main"><article class="gh-article post"><header class="gh-article-header gh-canvas"><span class="gh-article-tag">Local politics</span>
<h1 class="gh-article-title">{esc(title)}</h1><p class="gh-article-excerpt">What residents told the council, and what the council did not say.</p>
<div class="gh-article-meta"><div class="gh-article-author-name"><a href="/author/lena/">Lena Ortiz</a></div><time class="gh-article-date" datetime="2024-02-02">Feb 2, 2024</time><span class="gh-article-meta-length">— 5 min read</span></div>
<figure class="gh-article-image"><img src="/content/images/hall.jpg" alt=""><figcaption>The council chamber on Tuesday night.</figcaption></figure></header>
<section class="gh-content gh-canvas">{"".join(render(rng, b))}
<div class="kg-card kg-cta-card"><p>Enjoying The Civic Letter? Forward it to a neighbor who cares about local government.</p></div></section>
<section class="gh-cta"><h2 class="gh-cta-title">Sign up for The Civic Letter</h2><p class="gh-cta-text">Independent reporting on city hall, delivered every Friday.</p><a class="gh-cta-button" href="#/portal/signup">Subscribe now</a></section>
</article><aside class="gh-readmore gh-canvas"><h4 class="gh-readmore-title">Read more</h4>{related(rng, 3, "gh-readmore-list")}</aside></main>
<footer class="gh-foot"><div class="gh-foot-inner"><div class="gh-copyright">The Civic Letter © 2024</div>{nav(rng, 4, "gh-foot-menu")}<div class="gh-powered-by"><a href="https://ghost.org/">Powered by Ghost</a></div></div></footer></div></body></html>"""
    )
    return html, b


@page
def substack_post(rng):
    b = (
        Body(rng)
        .paras(2)
        .h("Where the numbers come from")
        .paras(3)
        .ul(["Payroll records from four states", "County-level price indexes", "Interviews with 40 employers"])
        .paras(2)
    )
    title = "What the new wage study does and does not show"
    blocks = render(rng, b)
    sub = (
        '<div class="subscription-widget-wrap-editor"><div class="subscription-widget show-subscribe"><div class="preamble"><p class="cta-caption">'
        "Thanks for reading Numbers and Neighbors! Subscribe for free to receive new posts and support my work.</p></div>"
        '<form class="subscription-widget-subscribe"><input type="email" placeholder="Type your email..."><input type="submit" value="Subscribe"></form></div></div>'
    )
    blocks.insert(3, sub)
    blocks.insert(
        7, '<p class="button-wrapper"><a class="button primary" href="/subscribe"><span>Subscribe now</span></a></p>'
    )
    html = (
        head(title, site="Numbers and Neighbors")
        + f"""<body><div id="entry"><div id="main" class="main typography use-theme-bg">
<div class="topbar"><div class="navbar-title"><a href="/">Numbers and Neighbors</a></div><button>Subscribe</button><button>Sign in</button></div>
<div class="container"><div class="single-post-container"><div class="single-post"><article class="typography newsletter-post post">
<div class="post-header"><h1 class="post-title published">{esc(title)}</h1><h3 class="subtitle">A careful reading of the border-county design</h3>
<div class="post-meta"><div class="byline-names"><a href="/profile/amy">Amy Chen</a></div><div class="post-date">Apr 9, 2024</div></div>
<div class="post-ufi"><a class="like-button">142</a><a class="comment-button">31</a><a class="share-button">Share</a></div></div>
<div class="available-content"><div dir="auto" class="body markup">{"".join(blocks)}</div></div>
<div class="subscribe-footer"><p>Thanks for reading Numbers and Neighbors! Subscribe for free to receive new posts and support my work.</p><form><input type="email"><button>Subscribe</button></form></div>
<div class="post-footer"><a class="like-button">142 Likes</a><a>31 Comments</a><a>Share</a></div></article></div>
<div class="comments-page"><h4>Discussion about this post</h4><div class="comment"><div class="comment-body"><p>Great breakdown. I wish the authors had looked at rural counties too, where the labor market is much thinner.</p></div></div></div>
<div class="post-recommendations"><h4>Recommended</h4>{related(rng, 3, "portable-archive-list")}</div></div></div>
<div class="footer-wrap"><div class="footer">© 2024 Amy Chen · <a href="/privacy">Privacy</a> · <a href="/tos">Terms</a> · <a href="/collection">Collection notice</a><br>Substack is the home for great culture</div></div></div></div></body></html>"""
    )
    return html, b


@page
def medium_like2(rng):
    b = Body(rng).paras(3).h("Lessons from the dig").paras(3)
    title = "What a three-thousand-year-old village tells us about trade"
    ps = []
    for kind, v in b.blocks:
        cid = f"{rng.randint(0, 65535):04x}"
        if kind == "p":
            ps.append(
                f'<p id="{cid}" class="pw-post-body-paragraph lx ly gq lz b ma mb mc md me mf mg mh" data-selectable-paragraph="">{linkify(rng, v)}</p>'
            )
        else:
            ps.append(
                f'<h2 id="{cid}" class="ns nt gq bf nu nv nw nx ny nz" data-selectable-paragraph="">{esc(v)}</h2>'
            )
    html = (
        head(title, site="Medium")
        + f"""<body><div id="root"><div class="a b c"><div class="ah ai"><a href="/">Medium</a><a href="/m/signin">Sign in</a><a href="/new-story">Write</a></div>
<div class="l ae"><article><div class="l"><section><div class="gn go gp gq gr"><div class="ab ca"><div class="ch bg fu fv fw fx">
<h1 id="t1" class="pw-post-title gs gt gu bf gv">{esc(title)}</h1>
<div class="speechify-ignore ab co"><div class="pw-author"><a href="/@rnakamura">Rei Nakamura</a></div><span>Follow</span><span>6 min read</span><span>·</span><span>Jan 14, 2024</span>
<div class="ab"><button aria-label="clap">—</button><span>2.4K</span><span>18</span><button>Listen</button><button>Share</button></div></div>
<figure class="pw-fig"><img src="https://miro.medium.com/1.jpg" alt=""><figcaption class="nd ne">Excavation at the coastal site. Photo by the author.</figcaption></figure>
{"".join(ps)}</div></div></div></section></div></article>
<div class="ab ca"><div class="pw-multi-vote-count">2.4K</div><div>18</div></div>
<div class="ab"><h2>Written by Rei Nakamura</h2><p class="be b">Archaeologist. Writing about the deep past and the near future.</p><button>Follow</button></div>
<div class="ab"><h2>More from Rei Nakamura</h2>{related(rng, 4, "l")}</div>
<div class="ab"><h2>Recommended from Medium</h2>{related(rng, 4, "l")}</div>
<div class="ab"><a href="/about">About</a><a href="/help">Help</a><a href="/terms">Terms</a><a href="/privacy">Privacy</a></div></div></div></div></body></html>"""
    )
    return html, b


@page
def newspaper_aside_comments(rng):
    b = Body(rng).paras(3).h("Shortages persist").paras(3)
    title = "Hospitals strained as winter infections surge"
    parts = render(rng, b)
    parts.insert(
        2,
        '<aside class="pull-quote"><blockquote>Emergency rooms in two counties briefly diverted ambulances.</blockquote></aside>',
    )
    parts.insert(
        5,
        '<aside class="inline-related"><h4>More coverage</h4><ul><li><a href="/a">Flu shots: where to get one</a></li><li><a href="/b">Why nurses are leaving</a></li></ul></aside>',
    )
    html = (
        head(title, site="The Daily Courier")
        + f"""<body><div class="cookie-banner"><p>We use cookies to improve your experience. By continuing you agree to our cookie policy.</p><button>Accept</button></div>
<header class="masthead"><a class="logo" href="/">The Daily Courier</a>{nav(rng, 14, "primary-nav")}<a class="subscribe-btn" href="/subscribe">Subscribe for $1</a></header>
<main id="main-content"><article class="story"><header class="story-header"><a class="kicker" href="/health">Health</a><h1 class="headline">{esc(title)}</h1>
<p class="standfirst">Emergency rooms diverted ambulances as staffing shortages collided with a spike in cases.</p>
<div class="byline">By <a href="/staff/pmehta">Priya Mehta</a> · <time datetime="2024-01-08T06:30:00Z">January 8, 2024</time></div></header>
<figure class="lead-art"><img src="/img/er.jpg" alt=""><figcaption>An emergency room waiting area on Sunday. <span class="credit">Courier staff</span></figcaption></figure>
<div class="story-body">{"".join(parts)}</div>
<footer class="story-footer"><p class="correction-policy">Read our corrections policy.</p><div class="share-tools"><a>Email</a><a>Facebook</a><a>X</a></div></footer></article>
<aside class="rail"><section class="most-popular"><h3>Most popular</h3>{related(rng, 5, "popular-list")}</section></aside>
<section id="comments" class="comments"><h3>Comments (2)</h3><div class="comment"><p class="comment-text">My daughter waited nine hours in the ER last week. The staff were wonderful but there were simply not enough of them.</p></div>
<div class="comment"><p class="comment-text">This happens every winter and every winter we act surprised. Plan ahead for once.</p></div></section></main>
{footer(rng)}</body></html>"""
    )
    return html, b


@page
def thinktank_report(rng):
    b = (
        Body(rng)
        .h("Executive summary")
        .paras(2)
        .h("Key findings")
        .ul(
            [
                "Employment effects were statistically indistinguishable from zero.",
                "Menu prices rose by about one percent for each ten percent increase in the wage floor.",
                "Worker turnover fell by roughly a sixth.",
            ],
            "ol",
        )
        .h("Background")
        .paras(3)
        .h("Policy recommendations")
        .paras(2)
    )
    parts = render(rng, b)
    # footnote markers inside paragraphs
    parts = [
        p.replace("</p>", f'<sup class="footnote-ref"><a href="#fn{i}" id="fnref{i}">{i}</a></sup></p>', 1)
        if p.startswith("<p>")
        else p
        for i, p in enumerate(parts, 1)
    ]
    notes = [
        "Payroll data were provided under a confidentiality agreement with state labor agencies.",
        "County pairs were matched on industry mix and population density.",
        "See the technical appendix for robustness checks.",
    ]
    b.h("Notes").ul(notes, "ol")
    title = "Raising the Floor: Evidence from Four States"
    html = (
        head(title, site="Center for Economic Inquiry")
        + f"""<body class="report-template"><div class="utility-bar"><a href="/donate">Donate</a><a href="/events">Events</a><a href="/newsletter">Newsletter</a></div>
<header class="site-header">{nav(rng, 10, "main-menu")}</header>
<div class="report-hero"><div class="eyebrow">Report</div><h1 class="report-title">{esc(title)}</h1><div class="report-authors">Dana Whitfield and Omar Haddad</div><div class="report-date">May 2024</div>
<a class="download-pdf button" href="/wp-content/uploads/2024/05/raising-the-floor.pdf">Download the full report (PDF, 2.1 MB)</a></div>
<div class="report-layout"><nav class="report-toc"><h3>Contents</h3><ol><li><a href="#s1">Executive summary</a></li><li><a href="#s2">Key findings</a></li><li><a href="#s3">Background</a></li><li><a href="#s4">Policy recommendations</a></li></ol></nav>
<div class="report-content wysiwyg">{"".join(parts)}
<div class="footnotes"><h2>Notes</h2><ol>{"".join(f'<li id="fn{i}">{esc(n)} <a href="#fnref{i}">↩</a></li>' for i, n in enumerate(notes, 1))}</ol></div></div>
<aside class="report-sidebar"><div class="author-card"><h4>Dana Whitfield</h4><p>Senior Fellow, Labor Markets Program</p></div><div class="author-card"><h4>Omar Haddad</h4><p>Research Associate</p></div>
<div class="related-research"><h4>Related research</h4>{related(rng, 3, "research-list")}</div></aside></div>
<section class="newsletter-signup"><h3>Get our research in your inbox</h3><form><input type="email"><button>Sign up</button></form></section>
{footer(rng, big=True)}</body></html>"""
    )
    return html, b


@page
def blog_br_paragraphs(rng):
    b = Body(rng).paras(6)
    title = "A long walk along the river, and what I saw"
    body = "<br><br>\n".join(linkify(rng, v) for _, v in b.blocks)
    html = (
        head(title, site="Riverside Notebook")
        + f"""<body><table width="100%"><tr><td class="header"><a href="/">Riverside Notebook</a> — a personal blog since 2004</td></tr></table>
<div id="wrapper"><div id="sidebar"><h3>Archives</h3><ul><li><a href="/2024/05/">May 2024</a></li><li><a href="/2024/04/">April 2024</a></li><li><a href="/2024/03/">March 2024</a></li></ul><h3>Blogroll</h3><ul><li><a href="http://a.example">Another Blog</a></li><li><a href="http://b.example">Field Notes</a></li></ul></div>
<div id="content"><div class="post"><h2 class="post-title"><a href="/2024/05/walk.html">{esc(title)}</a></h2><div class="date">Posted Saturday, May 18, 2024</div>
<div class="post-body">{body}</div>
<div class="post-footer">Posted by Walt at 7:41 PM | <a href="#comments">4 comments</a> | Labels: <a href="/label/river">river</a>, <a href="/label/walks">walks</a></div></div>
<div id="comments"><h4>4 comments:</h4><dl><dt>Anonymous said...</dt><dd>Lovely writing as always. I remember when the river was so high it flooded the park every spring.</dd><dt>Walt said...</dt><dd>Thanks. It has been a long time since that happened.</dd></dl></div></div></div>
<div class="footer">Powered by Blogger</div></body></html>"""
    )
    return html, b


@page
def div_paragraphs(rng):
    b = Body(rng).paras(5).h("Next steps").paras(2)
    title = "Port traffic hits a record despite labor disputes"
    parts = []
    for kind, v in b.blocks:
        parts.append(
            f'<div class="para">{linkify(rng, v)}</div>'
            if kind == "p"
            else f'<div class="subhead"><strong>{esc(v)}</strong></div>'
        )
    html = (
        head(title, site="Harbor Business Journal")
        + f"""<body><div id="top">{nav(rng, 9, "topnav")}</div>
<div id="container"><div id="left"><div class="ad-box">Advertisement</div><div class="links"><a href="/markets">Markets</a><br><a href="/shipping">Shipping</a><br><a href="/jobs">Jobs</a></div></div>
<div id="center"><div class="headline-box"><h1>{esc(title)}</h1><div class="dateline">HARBOR CITY — June 3, 2024 — By Tom Reyes</div></div>
<div id="story">{"".join(parts)}</div>
<div class="story-tools"><a href="/print">Print</a> | <a href="/email">Email this story</a></div></div>
<div id="right"><div class="box"><div class="box-title">Top stories</div>{related(rng, 4, "box-list")}</div></div></div>
<div id="bottom">Harbor Business Journal · 100 Dock Street · Harbor City</div></body></html>"""
    )
    return html, b


@page
def liveblog(rng):
    title = "Live updates: storm makes landfall along the coast"
    b = Body(rng)
    entries = []
    times = ["8:45 a.m.", "8:12 a.m.", "7:50 a.m.", "7:21 a.m.", "6:58 a.m.", "6:30 a.m."]
    heads = [
        "Power outages top 200,000",
        "Shelters open in three counties",
        "Bridge closed to traffic",
        "Governor declares emergency",
        "Rain bands reach the coast",
        "What we know so far",
    ]
    for t, hd in zip(times, heads, strict=False):
        b.h(hd)
        n = rng.randint(1, 2)
        start = len(b.blocks)
        b.paras(n)
        ps = "".join(f"<p>{linkify(rng, v)}</p>" for _, v in b.blocks[start:])
        entries.append(
            f'<div class="live-entry" id="e{t[:1]}"><div class="entry-meta"><time class="entry-time">{t}</time><span class="entry-author">Staff</span></div>'
            f'<h2 class="entry-headline">{esc(hd)}</h2><div class="entry-body">{ps}</div>'
            f'<div class="entry-share"><a>Share</a><a>Copy link</a></div></div>'
        )
    html = (
        head(title, site="Coastal Herald")
        + f"""<body><header class="site-head">{nav(rng, 10)}</header><main>
<div class="live-header"><span class="live-badge">LIVE</span><h1>{esc(title)}</h1><p class="live-updated">Updated 8:45 a.m. ET</p></div>
<div class="live-key-points"><h3>Key points</h3><ul><li>Hundreds of thousands without power</li><li>Shelters open in three counties</li></ul></div>
<div class="live-feed">{"".join(entries)}</div><button class="load-more">Load more updates</button></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def inline_images_captions(rng):
    b = Body(rng).paras(7)
    title = "Photos: a season on the fire line"
    parts = render(rng, b)
    out = []
    for i, p in enumerate(parts):
        out.append(p)
        if i < 6:
            out.append(
                f'<figure class="image-block"><img src="/img/fire{i}.jpg" alt="Firefighters at work {i}">'
                f'<figcaption><span class="caption-text">A crew member checks a containment line near the ridge on day {i + 3} of the fire.</span>'
                f' <span class="caption-credit">Photo: Alex Moreno for the Herald</span></figcaption></figure>'
            )
    html = (
        head(title, site="Mountain Herald")
        + f"""<body><header>{nav(rng, 8)}</header><main><article>
<h1>{esc(title)}</h1><p class="byline">By Alex Moreno · Oct 2, 2024</p>
<div class="article-body">{"".join(out)}</div></article></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def amp_page(rng):
    b = Body(rng).paras(4).h("Pressure on margins").paras(2)
    title = "Cloud demand lifts quarterly revenue"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": "2024-07-25T16:05:00Z",
        "author": [{"@type": "Person", "name": "Kim Lee"}],
    }
    parts = render(rng, b)
    parts.insert(
        2,
        '<amp-ad width="300" height="250" type="doubleclick" data-slot="/123/news"><div fallback>Advertisement</div></amp-ad>',
    )
    html = (
        f'<!doctype html><html amp lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f'<link rel="canonical" href="https://biz.example.com/2024/07/cloud-revenue"><meta name="viewport" content="width=device-width">'
        f'<script async src="https://cdn.ampproject.org/v0.js"></script><style amp-custom>body{{font-family:serif}}</style>'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        f"""<body><amp-sidebar id="sidebar" layout="nodisplay"><ul>{"".join(f"<li><a href='/{x}'>{x}</a></li>" for x in CHROME_LINKS[:10])}</ul></amp-sidebar>
<header class="amp-header"><button on="tap:sidebar.toggle">Menu</button><a href="/">BizWire</a></header>
<article class="amp-article"><h1 class="amp-title">{esc(title)}</h1><div class="amp-byline">Kim Lee · July 25, 2024</div>
<amp-img src="/img/dc.jpg" width="1200" height="800" layout="responsive" alt="A data center"></amp-img>
<div class="amp-article-body">{"".join(parts)}</div>
<amp-social-share type="twitter"></amp-social-share><amp-social-share type="facebook"></amp-social-share></article>
<div class="amp-related"><h3>More from BizWire</h3>{related(rng, 3, "amp-list")}</div>
<footer class="amp-footer"><a href="https://biz.example.com/2024/07/cloud-revenue">View full site</a> · © 2024 BizWire</footer></body></html>"""
    )
    return html, b


@page
def jsonld_articlebody_only(rng):
    b = Body(rng).paras(5)
    title = "Insurers retreat from wildfire country"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": "2024-09-09T12:00:00Z",
        "author": {"@type": "Person", "name": "Ana Ruiz"},
        "articleBody": "\n\n".join(v for _, v in b.blocks),
    }
    html = (
        head(title, site="West Report", ld=ld)
        + f"""<body><div id="__next"><header class="Header_root__x1">{nav(rng, 8, "Header_nav__a9")}</header>
<main class="Main_root__k2"><div class="Article_head__p0"><h1 class="Article_title__z3">{esc(title)}</h1><span class="Article_byline__q1">Ana Ruiz</span></div>
<div class="Article_body__r7" data-hydrate="true"><div class="Skeleton_line__s1"></div><div class="Skeleton_line__s1"></div><noscript>Please enable JavaScript to read this article.</noscript></div>
<div class="Newsletter_box__n2"><p>Get the West Report newsletter every morning.</p><input type="email"><button>Sign up</button></div></main>
<footer class="Footer_root__f1"><p>© 2024 West Report. All rights reserved.</p></footer></div>
<script id="__NEXT_DATA__" type="application/json">{{"props":{{"pageProps":{{"id":42}}}}}}</script></body></html>"""
    )
    return html, b


@page
def huge_nav_footer(rng):
    b = Body(rng).paras(4)
    title = "Bridge reopening pushed back another year"
    mega = (
        '<div class="mega-menu">'
        + "".join(
            f'<div class="mega-col"><h5>{c}</h5><ul>'
            + "".join(
                f'<li><a href="/{c.lower()}/{j}">{c} {w}</a></li>'
                for j, w in enumerate(
                    [
                        "today",
                        "analysis",
                        "features",
                        "archive",
                        "photos",
                        "video",
                        "events",
                        "guides",
                        "data",
                        "letters",
                    ]
                )
            )
            + "</ul></div>"
            for c in CHROME_LINKS
        )
        + "</div>"
    )
    html = (
        head(title, site="Capital Times")
        + f"""<body><div class="top-alert"><p>Breaking: Road closures expected downtown this weekend for the marathon, with detours posted on all major routes.</p></div>
<header class="global-header">{nav(rng, 18, "global-nav")}{mega}</header>
<div class="page"><article class="content"><h1>{esc(title)}</h1><div class="meta">By Chris Dale | Updated Aug 1, 2024</div>
<div class="article-text">{"".join(render(rng, b))}</div></article></div>
<div class="trending-strip"><h3>Trending now</h3>{related(rng, 6, "trend-list")}</div>
{footer(rng, big=True)}<div class="legal"><p>Capital Times is a publication of Example Media Group. Use of this site constitutes acceptance of our User Agreement and Privacy Policy and Cookie Statement and Your California Privacy Rights. The material on this site may not be reproduced, distributed, transmitted, cached or otherwise used, except with the prior written permission of Example Media Group.</p></div></body></html>"""
    )
    return html, b


@page
def german_news(rng):
    b = Body(rng, DE).paras(3).h("Kritik aus den Ländern").paras(2)
    title = "Bundestag beschließt schnelleren Ausbau der Windkraft"
    html = (
        head(title, lang="de", site="Nordkurier Online")
        + f"""<body><header class="kopf"><a href="/">Nordkurier Online</a><nav class="hauptnavigation"><ul><li><a href="/politik">Politik</a></li><li><a href="/wirtschaft">Wirtschaft</a></li><li><a href="/kultur">Kultur</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article class="artikel"><div class="artikel-kopf"><span class="dachzeile">Energiewende</span><h1 class="artikel-titel">{esc(title)}</h1>
<p class="artikel-vorspann">Zwei Prozent der Fläche für Windräder: Das neue Gesetz soll Genehmigungen deutlich beschleunigen.</p>
<div class="autor">Von Katrin Müller, Berlin · 07.07.2022, 18:32 Uhr</div></div>
<div class="artikel-text">{"".join(render(rng, b))}</div>
<div class="artikel-teilen"><span>Artikel teilen:</span><a>Facebook</a><a>WhatsApp</a><a>E-Mail</a></div></article>
<section class="weitere-artikel"><h3>Mehr zum Thema</h3><ul><li><a href="/a">Solarpflicht für Neubauten kommt</a></li><li><a href="/b">Strompreise steigen weiter</a></li></ul></section></main>
<footer><p><a href="/impressum">Impressum</a> · <a href="/datenschutz">Datenschutz</a> · <a href="/agb">AGB</a></p></footer></body></html>"""
    )
    return html, b


@page
def spanish_news(rng):
    b = Body(rng, ES).paras(3).h("Las críticas del campo").paras(2)
    title = "El Gobierno aprueba un plan de ahorro de agua para el campo"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "inLanguage": "es",
        "datePublished": "2023-05-16T10:00:00+02:00",
        "author": {"@type": "Person", "name": "Lucía Fernández"},
    }
    html = (
        head(title, lang="es", site="Diario del Sur", ld=ld)
        + f"""<body><header class="cabecera"><a href="/">Diario del Sur</a><nav class="menu-principal"><a href="/espana">España</a> <a href="/internacional">Internacional</a> <a href="/economia">Economía</a> <a href="/opinion">Opinión</a></nav></header>
<main><article><header class="a_e"><h1 class="a_t">{esc(title)}</h1><h2 class="a_st">Las ayudas se destinarán a modernizar el riego en las zonas más afectadas por la sequía</h2>
<div class="a_md"><a class="a_md_a" href="/autor/lucia">Lucía Fernández</a><span>Madrid - 16 may 2023 - 10:00 CEST</span></div></header>
<div class="a_c clearfix" data-dtm-region="articulo_cuerpo">{"".join(render(rng, b))}</div>
<div class="a_k"><a href="/noticias/sequia">Sequía</a><a href="/noticias/agricultura">Agricultura</a></div>
<div class="a_comp"><span>Compartir en:</span><a>Facebook</a><a>Twitter</a><a>Copiar enlace</a></div></article>
<aside class="relacionadas"><h3>Lo más visto</h3><ul><li><a href="/x">Las tormentas alivian la sequía en el norte</a></li><li><a href="/y">Los precios de la fruta se disparan</a></li></ul></aside></main>
<footer class="pie"><p>© Diario del Sur. Todos los derechos reservados.</p></footer></body></html>"""
    )
    return html, b


@page
def data_tables(rng):
    b = (
        Body(rng)
        .paras(2)
        .table(
            [
                ["Route", "Weekday riders", "Change"],
                ["14 Crosstown", "18,200", "+9%"],
                ["22 Harbor", "11,450", "+4%"],
                ["7 University", "9,900", "-2%"],
            ]
        )
        .paras(2)
        .h("Spending by category")
        .table(
            [
                ["Category", "2023", "2024"],
                ["Operations", "$412M", "$455M"],
                ["Capital repairs", "$96M", "$118M"],
                ["Fare programs", "$12M", "$21M"],
            ]
        )
        .paras(1)
    )
    title = "By the numbers: where transit riders came back"
    html = (
        head(title, site="Metro Data Desk")
        + f"""<body><header>{nav(rng, 8)}</header><main><div class="container"><div class="row">
<div class="col-md-8"><h1>{esc(title)}</h1><p class="meta">Data analysis · Sept 4, 2024</p>
<div class="post-body">{"".join(render(rng, b, table_cls=' class="data-table"'))}<p class="source-note"><em>Source: Metro Transit Authority ridership reports.</em></p></div></div>
<div class="col-md-4 sidebar"><div class="widget">{related(rng, 4, "popular")}</div></div></div></div></main>{footer(rng)}</body></html>"""
    )
    b.p(text="Source: Metro Transit Authority ridership reports.")
    return html, b


@page
def listicle(rng):
    b = Body(rng).p(2)
    items = [
        "Start with the river trail",
        "Stop at the old mill",
        "Take the ferry across",
        "Climb the lighthouse stairs",
        "Eat at the harbor market",
        "Watch the sunset from the pier",
        "End at the night museum",
    ]
    for i, t in enumerate(items, 1):
        b.h(f"{i}. {t}").p(rng.randint(1, 2))
    title = "Seven ways to spend a day on the waterfront"
    parts = render(rng, b, h_tag="h3")
    parts.insert(
        6,
        '<div class="inline-newsletter"><p>Love weekend ideas? Get our Weekender newsletter every Thursday.</p><form><input><button>Sign up</button></form></div>',
    )
    parts.insert(11, '<div class="ad-container"><div class="ad-label">Advertisement</div></div>')
    html = (
        head(title, site="City Guide")
        + f"""<body><header class="header">{nav(rng, 10)}</header><main class="main">
<article class="listicle"><h1 class="listicle-title">{esc(title)}</h1><div class="listicle-meta">By Mia Sato · Updated June 20, 2024</div>
<div class="listicle-body">{"".join(parts)}</div>
<div class="author-bio"><p>Mia Sato writes about travel and food for City Guide. She has lived on the waterfront for twelve years.</p></div></article>
<section class="more-guides">{related(rng, 4, "guide-cards", "More guides")}</section></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def qa_interview(rng):
    title = "Q&A: A hydrologist on why the river is running dry"
    b = Body(rng).p(2)
    qa = [
        ("Why is the river so low this year?", 2),
        ("Could anything have been done to prevent it?", 3),
        ("What should water managers do now?", 2),
        ("Are you optimistic?", 1),
    ]
    parts = [f"<p>{linkify(rng, b.blocks[0][1])}</p>"]
    for q, n in qa:
        ans = b.sentences(n)
        b.p(text=f"Q: {q}").p(text=f"A: {ans}")
        parts.append(f"<p><strong>Q: {esc(q)}</strong></p><p>A: {linkify(rng, ans)}</p>")
    b.p(text="This interview has been edited for length and clarity.")
    parts.append("<p><em>This interview has been edited for length and clarity.</em></p>")
    html = (
        head(title, site="Western Water")
        + f"""<body><header>{nav(rng, 7)}</header><main><article class="post type-interview">
<h1 class="post-title">{esc(title)}</h1><div class="post-meta">Interview by Sara Blum · March 3, 2024</div>
<div class="post-content">{"".join(parts)}</div><div class="share-buttons"><a>Tweet</a><a>Share</a></div></article>
<div class="related-posts">{related(rng, 3, "rp")}</div></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def press_release(rng):
    title = "Northwind Energy Announces Completion of Coastal Wind Project"
    b = (
        Body(rng)
        .p(
            text="HARBOR CITY, Calif., April 2, 2024 -- Northwind Energy today announced the completion of its 400-megawatt coastal wind project, "
            "which will supply electricity to roughly 150,000 homes."
        )
        .paras(2)
    )
    b.quote(
        "“This project shows that clean energy can be built on time and on budget,” said Laura Kent, chief executive of Northwind Energy."
    )
    b.paras(1).h("About Northwind Energy").p(
        text="Northwind Energy develops, owns and operates renewable energy projects across the western United States. "
        "The company is headquartered in Harbor City, California."
    )
    b.p(text="Media contact: Jordan Pike, press@northwind.example, 555-0142")
    parts = render(rng, b, quote="<p>{}</p>")
    html = (
        head(title, site="PR Wire")
        + f"""<body><div class="prw-header"><a href="/">PR Wire</a>{nav(rng, 6, "prw-nav")}<a href="/send">Send a release</a></div>
<div class="prw-main"><div class="release"><h1>{esc(title)}</h1><h2 class="release-subhead">Project to power 150,000 homes</h2>
<div class="release-meta">NEWS PROVIDED BY <a href="/org/northwind">Northwind Energy</a> · Apr 02, 2024, 08:00 ET</div>
<div class="release-body">{"".join(parts)}<p class="end">###</p></div>
<div class="release-share">Share this article <a>Facebook</a> <a>X</a> <a>LinkedIn</a></div></div>
<div class="prw-more"><h3>More news from Northwind Energy</h3>{related(rng, 3, "prw-more-list")}</div></div>
<div class="prw-footer"><p>© 2024 PR Wire. All Rights Reserved. A Example Media Company.</p></div></body></html>"""
    )
    return html, b


@page
def related_inside_body(rng):
    b = Body(rng).paras(7)
    title = "School board delays vote on later start times"
    parts = render(rng, b)
    boxes = [
        f'<div class="story-related-inline"><span class="label">Read also:</span> <a href="/r/1">{RELATED[0]}</a></div>',
        f'<div class="embedded-teaser"><a href="/r/2"><img src="/t.jpg"><span class="teaser-title">{RELATED[1]}</span><span class="teaser-summary">The council heard six hours of testimony before adjourning.</span></a></div>',
        f'<ul class="inline-links"><li><a href="/r/3">{RELATED[2]}</a></li><li><a href="/r/4">{RELATED[3]}</a></li></ul>',
    ]
    parts.insert(2, boxes[0])
    parts.insert(5, boxes[1])
    parts.insert(8, boxes[2])
    html = (
        head(title, site="Suburban Post")
        + f"""<body><header>{nav(rng, 9)}</header><main><div class="article-wrap">
<h1 class="article-headline">{esc(title)}</h1><div class="article-byline">By Ruth Gomez</div><div class="article-date">November 14, 2023</div>
<section class="article-content">{"".join(parts)}</section>
<section class="more-stories">{related(rng, 4, "more-list", "More stories")}</section></div></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def paywall_teaser(rng):
    b = Body(rng).paras(2)
    title = "Inside the negotiations over the river"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "isAccessibleForFree": "False",
        "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".paywalled"},
    }
    html = (
        head(title, site="The Record", ld=ld)
        + f"""<body><header>{nav(rng, 8)}</header><main><article>
<h1>{esc(title)}</h1><div class="byline">By Noor Aziz · Feb 12, 2024</div>
<div class="article-body">{"".join(render(rng, b))}<div class="paywalled" style="display:none"></div></div>
<div class="paywall-gate"><h3>Subscribe to keep reading</h3><p>Get unlimited access to The Record for just $1 a week. Cancel anytime.</p>
<ul><li>Unlimited articles on any device</li><li>The Morning Record newsletter</li><li>Full archive since 1890</li></ul>
<a class="btn" href="/subscribe">Subscribe now</a><p>Already a subscriber? <a href="/login">Log in</a></p></div></article></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def gutenberg_blocks(rng):
    b = (
        Body(rng)
        .paras(3)
        .h("A narrow margin")
        .paras(2)
        .quote("“The results suggest a careful approach is warranted,” the authors wrote.")
        .paras(2)
    )
    title = "What the latest state report says about wildfire insurance"
    parts = render(rng, b, quote='<blockquote class="wp-block-quote"><p>{}</p></blockquote>')
    parts = [
        p.replace("<p>", '<p class="has-text-align-left">', 1)
        if p.startswith("<p>")
        else p.replace("<h2>", '<h2 class="wp-block-heading">')
        for p in parts
    ]
    parts.insert(
        3,
        '<figure class="wp-block-pullquote"><blockquote><p>Insurers have stopped writing new policies in some areas.</p><cite>Report summary</cite></blockquote></figure>',
    )
    parts.insert(
        5,
        '<figure class="wp-block-image size-large"><img src="/x.jpg" alt=""><figcaption class="wp-element-caption">Burned hillside above town.</figcaption></figure>',
    )
    html = (
        head(title, site="Policy Brief Weekly")
        + f"""<body class="wp-site-blocks"><header class="wp-block-template-part">{nav(rng, 8, "wp-block-navigation")}</header>
<main class="wp-block-group"><h1 class="wp-block-post-title">{esc(title)}</h1><div class="wp-block-post-author"><div class="wp-block-post-author__name">Evan Brooks</div></div>
<div class="wp-block-post-date"><time datetime="2024-08-19T10:00:00+00:00">August 19, 2024</time></div>
<div class="entry-content wp-block-post-content is-layout-constrained">{"".join(parts)}</div>
<div class="wp-block-post-terms"><a href="/tag/insurance/" rel="tag">insurance</a></div>
<div class="wp-block-comments"><h2>Leave a Reply</h2><form class="comment-form"><textarea></textarea></form></div></main>
<footer class="wp-block-template-part">{nav(rng, 5, "wp-block-navigation")}<p>Proudly powered by WordPress</p></footer></body></html>"""
    )
    return html, b


@page
def static_site_blog(rng):
    b = Body(rng).paras(2).h("Setting up the data").paras(1)
    code = 'import pandas as pd\ndf = pd.read_csv("ridership.csv")\nprint(df.groupby("route").riders.sum())'
    b.blocks.append(("p", " ".join(code.split("\n"))))
    b.paras(2).h("Results").paras(2)
    parts = []
    for kind, v in b.blocks:
        if kind == "h":
            parts.append(f'<h2 id="{v.lower().replace(" ", "-")}">{esc(v)}</h2>')
        elif v.startswith("import pandas"):
            parts.append(f'<div class="highlight"><pre><code class="language-python">{esc(code)}</code></pre></div>')
        else:
            parts.append(f"<p>{linkify(rng, v)}</p>")
    title = "Counting bus riders with open data"
    html = (
        head(title, site="Notes")
        + f"""<body><div class="container"><header class="site-header"><a class="site-title" href="/">~/notes</a><nav><a href="/posts/">Posts</a> <a href="/tags/">Tags</a> <a href="/about/">About</a></nav></header>
<main><article class="post"><header class="post-header"><h1 class="post-title">{esc(title)}</h1><div class="post-meta"><time>2024-04-21</time> · 4 min · Jules</div></header>
<div class="toc"><details><summary>Table of Contents</summary><ul><li><a href="#setting-up-the-data">Setting up the data</a></li><li><a href="#results">Results</a></li></ul></details></div>
<div class="post-content">{"".join(parts)}</div><footer class="post-footer"><ul class="post-tags"><li><a href="/tags/data/">data</a></li><li><a href="/tags/transit/">transit</a></li></ul>
<nav class="paginav"><a class="prev" href="/posts/prev/"><span class="title">« Prev</span><br><span>Mapping bike lanes</span></a></nav></footer></article></main>
<footer class="footer"><span>© 2024 Jules</span> · <span>Powered by Hugo</span></footer></div></body></html>"""
    )
    return html, b


@page
def newsletter_in_body(rng):
    b = Body(rng).paras(6)
    title = "Archaeologists race rising seas to excavate coastal village"
    parts = render(rng, b)
    parts.insert(
        3,
        '<div class="c-newsletter-signup"><h4>The Science Brief</h4><p>Our best science stories, delivered every Tuesday.</p><form><input type="email"><button>Sign up</button></form></div>',
    )
    parts.insert(5, '<p class="c-social-prompt"><strong>Follow us on social media for more updates.</strong></p>')
    html = (
        head(title, site="Discovery Daily")
        + f"""<body><header class="c-header">{nav(rng, 9, "c-nav")}</header><main><article class="c-article">
<div class="c-article__header"><h1 class="c-article__title">{esc(title)}</h1><p class="c-article__dek">A three-thousand-year-old settlement may be lost within a decade.</p><p class="c-article__byline">By Hana Okafor</p></div>
<div class="c-article__body">{"".join(parts)}</div><div class="c-article__tags"><a href="/t/archaeology">Archaeology</a><a href="/t/climate">Climate</a></div></article>
<section class="c-recirc">{related(rng, 4, "c-recirc__list", "Up next")}</section></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def section_wrapped_paras(rng):
    """Body paragraphs split across several sibling containers (ad slots between chunks), as many news CMSs do."""
    b = Body(rng).paras(8)
    title = "Drought forces hard choices for downstream farmers"
    parts = render(rng, b)
    chunks = [parts[0:3], parts[3:5], parts[5:8]]
    body = "".join(
        f'<div class="article-body__chunk">{"".join(c)}</div><div class="ad-slot ad-inline">Advertisement</div>'
        for c in chunks
    )
    html = (
        head(title, site="Farm & Field")
        + f"""<body><header>{nav(rng, 12)}</header><main><article class="article">
<h1>{esc(title)}</h1><div class="article-meta">By Ben Carter · May 30, 2024</div><div class="article-body">{body}</div></article>
<div class="recommended">{related(rng, 5, "rec-list", "Recommended")}</div></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def opinion_column(rng):
    b = Body(rng).paras(6)
    title = "Opinion: The port's automation fight is about more than cranes"
    b.p(text="Marcus Hill is a former dockworker and a columnist for the Bay Observer.")
    parts = render(rng, b)
    parts[-1] = f"<p><em>{esc(b.blocks[-1][1])}</em></p>"
    html = (
        head(title, site="Bay Observer")
        + f"""<body><header>{nav(rng, 10)}</header><main><article class="opinion">
<div class="section-label"><a href="/opinion">Opinion</a> | <a href="/opinion/columns">Columns</a></div><h1>{esc(title)}</h1>
<div class="byline"><a rel="author" href="/author/mhill">Marcus Hill</a></div><time datetime="2024-06-11">June 11, 2024</time>
<div class="column-body">{"".join(parts)}</div>
<div class="letters-cta"><p>Have something to say? <a href="/letters">Submit a letter to the editor</a>.</p></div></article>
<div class="more-opinion">{related(rng, 4, "op-list", "More opinion")}</div></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def sidebar_wrapper_layout(rng):
    """Theme wrappers named after the layout ("right-sidebar", "content-with-sidebar") hold the article itself."""
    b = Body(rng).paras(4).h("A second opinion").paras(3)
    title = "Teachers weigh a strike vote as talks stall"
    html = (
        head(title, site="Lakeside Gazette")
        + f"""<body class="single-story right-sidebar sticky-menu-enabled"><header class="top">{nav(rng, 10, "main-nav")}</header>
<div class="layout content-with-sidebar"><div class="layout__main"><div class="story-wrap"><h1 class="story-title">{esc(title)}</h1>
<div class="story-byline">By Dan Fields · April 4, 2024</div><div class="story-text">{"".join(render(rng, b))}</div></div></div>
<div class="layout__sidebar"><div class="widget">{related(rng, 5, "pop-list", "Popular")}</div></div></div>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def share_enabled_wrapper(rng):
    """The article container's class says it has a share bar ("has-social-share"), a menu-state class on <main>."""
    b = Body(rng).paras(6)
    title = "Ferry service to resume after a two-year pause"
    html = (
        head(title, site="Island Times")
        + f"""<body><header>{nav(rng, 8)}</header><main class="page-main menu-collapsible">
<div class="article-container has-social-share"><h1>{esc(title)}</h1><p class="meta">By Grace Lin · July 9, 2024</p>
<div class="social-share-bar"><a>Facebook</a><a>X</a><a>Email</a></div>
<div class="article-text">{"".join(render(rng, b))}</div></div></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def embeds_modifier_body(rng):
    """BEM modifier on the body container: "story-body--with-embeds" (not an embed itself)."""
    b = Body(rng).paras(5).h("What comes next").paras(2)
    title = "Archaeology volunteers sift tons of soil on the coast"
    parts = render(rng, b)
    parts.insert(
        3,
        '<div class="story-embed story-embed--video"><iframe src="https://video.example/embed/1"></iframe><p class="story-embed__caption">Video: the dig site from above.</p></div>',
    )
    html = (
        head(title, site="Shoreline News")
        + f"""<body><header>{nav(rng, 9)}</header><main><article class="story">
<h1 class="story__headline">{esc(title)}</h1><div class="story__byline">By Pat Quinn</div>
<div class="story-body story-body--with-embeds">{"".join(parts)}</div></article></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def sections_url_npr_style(rng):
    """An article served under /sections/<name>/<date>/<id>/<slug> (a listing-like prefix, an article path)."""
    b = Body(rng).paras(6)
    title = "Why emergency rooms fill up every winter"
    url = "https://radio.example.org/sections/health-shots/2024/01/10/1223344/emergency-rooms-winter"
    html = (
        head(title, site="Public Radio", extra=f'<link rel="canonical" href="{url}">')
        + f"""<body><header>{nav(rng, 8)}</header><main><article class="story">
<div class="slug"><a href="/sections/health-shots/">Shots - Health News</a></div><h1>{esc(title)}</h1><p class="byline">By Mara Ellis</p>
<div id="storytext" class="storytext">{"".join(render(rng, b))}</div></article></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def wp_featured_ticker(rng):
    """A WordPress magazine theme with a featured-posts strip above the article that reuses entry-content markup."""
    b = Body(rng).paras(5).h("The road ahead").paras(2)
    title = "Bridge reopening delayed again, officials say"
    teasers = "".join(
        f'<article class="post featured-post"><h2 class="entry-title"><a href="/p/{i}">{esc(t)}</a></h2>'
        f'<div class="entry-content"><p>{esc(t)}. Read the full story inside.</p></div></article>'
        for i, t in enumerate(RELATED[:3])
    )
    html = (
        head(title, site="County Line")
        + f"""<body class="post-template-default single"><header class="site-header">{nav(rng, 8)}</header>
<div class="featured-strip">{teasers}</div>
<div id="primary"><article class="post type-post single-article"><h1 class="entry-title">{esc(title)}</h1><div class="entry-meta">By Ivy Park</div>
<div class="entry-content">{"".join(render(rng, b))}</div></article></div>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def byline_like_opening(rng):
    """The first body paragraph starts with "By" (a time phrase, not a byline)."""
    b = Body(rng).p(text="By Tuesday morning, the water had reached the second floor.").paras(5)
    title = "A flood, and the neighbors who stayed"
    html = (
        head(title, site="River Valley Post")
        + f"""<body><header>{nav(rng, 8)}</header><main><div class="story">
<h1>{esc(title)}</h1><div class="credit-line">Story by Olu Ade · Photos by Kim Tran</div>
<div class="text">{"".join(render(rng, b))}</div></div></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def recirc_card_grid(rng):
    """No JSON-LD; below the article a "More stories" grid of eight teaser cards with linked <h3> headlines."""
    b = Body(rng).paras(5).h("Who pays").paras(2)
    title = "Insurers pull back as fire seasons lengthen"
    cards = "".join(
        f'<div class="card"><img src="/c{i}.jpg" alt=""><h3 class="card-title"><a href="/s/{i}">{esc(t)}</a></h3>'
        f'<span class="card-kicker">News</span></div>'
        for i, t in enumerate(RELATED[:8])
    )
    html = (
        head(title, site="Sierra Sun")
        + f"""<body><header>{nav(rng, 8)}</header><main><div class="story-page">
<h1 class="story-head">{esc(title)}</h1><div class="story-meta">By Lou Brandt · Sep 12, 2024</div>
<div class="story-text">{"".join(render(rng, b))}</div></div>
<section class="more-stories"><h2>More stories</h2><div class="card-grid">{cards}</div></section></main>{footer(rng)}</body></html>"""
    )
    return html, b


@page
def old_blog_no_og(rng):
    """A hand-rolled blog: no Open Graph, no JSON-LD, the post title in an <h3>, sidebar link lists."""
    b = Body(rng).paras(6)
    title = "Notes on the river count"
    html = (
        head(title, site="Field Notes", og_type=None)
        + f"""<body><div id="outer-wrapper"><div id="header"><h1 class="blog-title"><a href="/">Field Notes</a></h1><p class="description">Observations from the valley</p></div>
<div id="main-wrapper"><div class="date-header"><span>Sunday, March 10, 2024</span></div><div class="post hentry"><h3 class="post-title entry-title">{esc(title)}</h3>
<div class="post-body">{"".join(render(rng, b))}</div><div class="post-footer">Posted by Ed at 9:12 PM · <a href="#c">2 comments</a></div></div></div>
<div id="sidebar-wrapper"><h2>Labels</h2><ul><li><a href="/l/river">river (14)</a></li><li><a href="/l/birds">birds (9)</a></li></ul><h2>Blog Archive</h2><ul><li><a href="/2024/">2024 (12)</a></li><li><a href="/2023/">2023 (31)</a></li></ul></div></div></body></html>"""
    )
    return html, b


@page
def layout_table_page(rng):
    """An old site laid out with tables: navigation cell, article cell, ad cell."""
    b = Body(rng).paras(5)
    title = "Harbor commission approves dredging plan"
    html = (
        head(title, site="Harbor Weekly")
        + f"""<body><table width="100%" border="0" cellpadding="0"><tr><td colspan="3" class="banner">Harbor Weekly — Since 1962</td></tr>
<tr><td width="160" valign="top" class="navcell"><a href="/">Home</a><br><a href="/news">News</a><br><a href="/sports">Sports</a><br><a href="/classifieds">Classifieds</a></td>
<td valign="top" class="maincell"><h1>{esc(title)}</h1><i>By Staff Writer, June 2, 2024</i>{"".join(render(rng, b))}</td>
<td width="160" valign="top" class="adcell">Advertisement<br><a href="/ads">Place an ad</a></td></tr>
<tr><td colspan="3" class="foot">Copyright 2024 Harbor Weekly</td></tr></table></body></html>"""
    )
    return html, b


@page
def og_website_article(rng):
    """A static-site theme that sets og:type=website on every page, posts included (no JSON-LD)."""
    b = Body(rng).paras(5).h("What the data show").paras(2)
    title = "Ridership is back on some routes, not others"
    html = (
        head(title, site="Transit Notes", og_type="website")
        + f"""<body><header class="site-header">{nav(rng, 6)}</header><main class="content">
<article class="post"><h1 class="post-title">{esc(title)}</h1><p class="post-meta">August 2, 2024 · 5 minute read</p>
<div class="post-body">{"".join(render(rng, b))}</div></article>
<nav class="pagination"><a href="/posts/prev/">← Older</a> <a href="/posts/next/">Newer →</a></nav></main>{footer(rng)}</body></html>"""
    )
    return html, b


def pages() -> dict[str, tuple[str, str]]:
    out = {}
    for name, fn in PAGES.items():
        rng = random.Random(name)
        html, body = fn(rng)
        out[name] = (html, body.truth())
    return out


def page_url(html: str, name: str) -> str:
    """The page's own URL: its canonical link when it has one (a site's real paths), else a dated news path."""
    m = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    return m.group(1) if m else f"https://news.example.com/2024/05/{name}"


def build(out: Path = DEST) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("*.html")) + list(out.glob("*.json")):
        old.unlink()
    for name, (html, truth) in pages().items():
        (out / f"{name}.html").write_text(html, encoding="utf-8")
        spec = {"text": truth.strip(), "_request": {"url": page_url(html, name)}, "_match": MATCH}
        (out / f"{name}.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(PAGES)} pages -> {out}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEST)
