"""Red-team generator: Responsible Statecraft article pages as a real RebelMouse site plausibly renders them.

Built only from /work/shared/rs-site.md, the seed sample and rs_scraper/items.py (the row contract), NOT from
our parser or our mirror. Every [RM]/[?] fact of rs-site.md is varied; where the page says nothing (tags,
where the lead credit sits, date formats) several plausible renderings are used.

    .venv/bin/python tests/generators/redteam_pages.py [OUT_DIR]     # default tests/fixtures/redteam/pages

Writes <name>.html + <name>.json per page (the fixture format of rs_scraper/quality/fixtures.py). The json pins
the fields this generator sets (``PINNED``: 15 page fields of items.py, datetimes ISO 8601 with offset; never
"every column", so a new column does not change these files) or {"not_article": true}, plus private keys:
  "_request": {"url": <the URL the page was fetched at>, "encoding": <HTTP charset or null>}
  "_noise":   strings of this page that must not reach ``text`` (captions, credits, teasers, next article ...)
  "_pull_quotes": pull-quote sentences (they repeat a body sentence, so they are checked by count)
Deterministic: the same files on every run. Nothing is written at import.
"""

# ruff: noqa: E501  (page markup and sample text: a long line here is a line of the data it writes)

from __future__ import annotations

import hashlib
import html as htmllib
import json
import random
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

DEST = Path(__file__).resolve().parents[1] / "fixtures" / "redteam" / "pages"
# The fields each article's json pins: the ones this generator sets, in items.py's order (a new column is not one).
PINNED = (
    "url",
    "title",
    "subtitle",
    "authors",
    "published_at",
    "modified_at",
    "article_type",
    "section",
    "tags",
    "text",
    "word_count",
    "image_url",
    "image_credit",
    "language",
    "content_hash",
)
HOST = "https://responsiblestatecraft.org"
ET = timezone(timedelta(hours=-4))
NBSP = "\u00a0"

# ----------------------------------------------------------------------------------------------- content pools
SENTENCES = [
    "Washington has spent two decades treating the region as a problem to be managed by force.",
    "The results speak for themselves: more bases, more deployments, and less security for anyone.",
    "Congress has largely abdicated its constitutional role in deciding when the country goes to war.",
    "Officials in the administration insist that the policy is working, but the evidence is thin.",
    "A sober look at the balance of power suggests that restraint, not escalation, serves American interests.",
    "The Pentagon’s budget request for next year tops $850 billion, a figure that would have been unthinkable a decade ago.",
    "Defense contractors, meanwhile, reported record profits in the last quarter.",
    "Diplomats on both sides have signaled that a deal is possible if Washington offers sanctions relief.",
    "Critics argue that sanctions have mostly hurt ordinary people while leaving the ruling elite untouched.",
    "“We are not going to be dragged into another forever war,” one senior official told reporters.",
    "The State Department declined to comment on the record.",
    "That approach has failed before, and there is little reason to think it will succeed now.",
    "Regional partners are hedging their bets, deepening trade ties with Beijing while buying American arms.",
    "None of this is inevitable — it reflects choices made in Washington and in allied capitals.",
    "The administration’s own intelligence assessments cast doubt on the threat it describes in public.",
    "A negotiated ceasefire would not solve every problem, but it would stop the killing.",
    "Lawmakers from both parties have introduced a war powers resolution to end U.S. involvement.",
    "The humanitarian toll has been staggering, with millions displaced and famine conditions in several provinces.",
    "Europe’s defense spending has risen sharply since 2022, yet its dependence on American forces persists.",
    "Arms sales are often sold as leverage, but in practice they rarely buy the influence promised.",
    "The treaty’s collapse removed one of the last guardrails on nuclear competition.",
    "Analysts at several think tanks warned that the exercise could be read in Pyongyang as a rehearsal for invasion.",
    "In private, allied officials are more candid about their doubts.",
    "It is worth recalling how the last intervention in the region ended.",
    "The vote was 62 to 36, with a handful of Republicans joining most Democrats.",
    "Oil markets barely reacted to the announcement, a sign of how much the region’s importance has changed.",
    "The Quincy Institute has long argued for a more modest military posture in the Middle East.",
    "Mexico’s government has rejected any suggestion of unilateral U.S. strikes on its territory.",
    "The deployment of additional destroyers was announced without any public debate.",
    "Beijing responded with its largest air incursion of the year.",
    "For the people of Gaza, the diplomatic maneuvering has changed nothing on the ground.",
    "The F-35 program alone is projected to cost more than $1.7 trillion over its lifetime.",
    "Kyiv’s leadership has made clear that it wants security guarantees, not promises.",
    "The Venezuelan opposition remains divided over whether to take part in the talks.",
    "That is the kind of realism the moment requires.",
    "Sanctions relief could be phased, reversible, and tied to verifiable steps.",
    "A bipartisan group of senators wrote to the secretary of defense demanding an explanation.",
    "The inspector general’s report found that the department could not account for most of its assets.",
    "Public opinion polls show that most Americans favor diplomacy over further military escalation.",
    "The ceasefire held for nearly three weeks before the first serious violation.",
    "Turkey, for its part, has played both sides with considerable skill.",
    "India’s purchases of Russian oil have continued despite pressure from Washington.",
    "There is no military solution to a political problem of this kind.",
    "Saudi Arabia has quietly resumed talks with Tehran through Omani mediators.",
    "Japan’s new defense strategy doubles spending over five years.",
    "The base agreement expires next year, and negotiations have barely begun.",
    "In 2019, the same officials predicted that the government would fall within months.",
    "The drone strike killed at least eleven civilians, according to local health authorities.",
    "Members of the Armed Services Committee added $25 billion to the president’s request.",
    "The ambassador was recalled for consultations after the incident.",
]
QUOTES = [
    [
        "The United States will not seek to overthrow the government, and we will pursue diplomacy in good faith.",
        "We expect the same in return.",
    ],
    ["Our assessment is that the program remains years away from a deliverable weapon."],
    ["The committee finds that the department failed to notify Congress of the transfers as required by law."],
    ["Any settlement must respect the sovereignty and territorial integrity of all parties."],
]
LIST_ITEMS = [
    "End the ban on diesel swaps",
    "Release the frozen assets held abroad",
    "Restore consular services",
    "Lift the travel restrictions on aid workers",
    "Open talks on prisoner exchanges",
    "Cap the defense topline",
    "Require a new authorization for the use of military force",
    "Suspend offensive arms sales",
    "Reopen the embassy",
    "Fund the inspectors general",
]
SUBHEADS = [
    "What comes next",
    "A better way forward",
    "The view from the region",
    "Follow the money",
    "Why it matters",
    "The road not taken",
    "Lessons from the last war",
    "Congress wakes up",
]
TEASER_TEXT = [
    (
        "Wear the war machine with Lockheed Martin merch",
        "Military Industrial Complex",
        "I wrote a book about the world’s largest arms-making conglomerate and still learned something new about its fashion line.",
        "Top image credit: kiuikson via shutterstock.com",
    ),
    (
        "Kim Jong Un is nuking up and playing hard to get",
        "Asia-Pacific",
        "The president’s second term has been a series of shock and awe campaigns but has so far left Pyongyang untouched.",
        "Top photo credit: North Korean leader visits a construction site, July 13, 2025. KCNA via REUTERS",
    ),
    (
        "Why the new CENTCOM chief is as wrong as the old one",
        "Middle East",
        "Advocates of a more restrained foreign policy may feel like they are out of the woods, but they are not.",
        "Top photo credit: Vice Admiral speaks to guests at the Manama Dialogue. REUTERS/Hamad I Mohammed",
    ),
    (
        "The hidden cost of forward bases in Europe",
        "Europe",
        "Every dollar spent garrisoning wealthy allies is a dollar not spent on priorities at home.",
        "Top image credit: Shutterstock",
    ),
    (
        "Is the war powers fight finally back?",
        "Washington Politics",
        "A new coalition on Capitol Hill is testing whether the legislature will reclaim its authority.",
        "Top photo credit: Capitol dome at dusk via Shutterstock",
    ),
    (
        "Mexico strikes would be a catastrophe",
        "North America",
        "Talk of bombing cartels ignores everything learned from two decades of counterterrorism abroad.",
        "Top photo credit: Border wall near Tijuana. Reuters",
    ),
]
CAPTIONS = [
    "Demonstrators gather outside the embassy on Tuesday.",
    "A destroyer transits the strait during a freedom of navigation operation.",
    "The foreign minister speaks at a press conference in Geneva.",
    "Soldiers unload supplies at a forward operating base.",
    "Delegates arrive for the second round of talks.",
]
CREDITS = [
    "Reuters/Evelyn Hockstein",
    "StringerAL and BiksuTong via shutterstock.com",
    "AP Photo/Susan Walsh",
    "U.S. Navy photo by Mass Communication Specialist 2nd Class J. Smith",
    "Anna Moneymaker/Getty Images",
    "photowalking via shutterstock.com",
    "Celestino Arce/NurPhoto via Reuters Connect",
    "DoD photo",
]
PEOPLE = [
    "Connor Echols",
    "Eldar Mamedov",
    "Kelley Beaucar Vlahos",
    "Stavroula Pabst",
    "William D. Hartung",
    "Nick Cleveland-Stout",
    "Trita Parsi",
    "Sarah Leah Whitson",
    "Anatol Lieven",
    "Ben Freeman",
    "Jake Werner",
    "Blaise Malley",
    "Ryan Costello",
    "Marcus Stanley",
]
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
TAGS = [
    "Iran",
    "Pentagon budget",
    "Sanctions",
    "Ukraine war",
    "China",
    "Congress",
    "Venezuela",
    "Gaza",
    "Arms sales",
    "NATO",
    "War powers",
    "Nuclear weapons",
]
TITLES = [
    "Sooner or later, Biden will need to take Venezuela talks off the back burner",
    "$4000 soap dispensers on Air Force planes?",
    "Why we can’t rely on NATO to make Europe whole again",
    "The Pentagon’s audit failed — again",
    "Congress & the war powers it keeps giving away",
    "Iran talks: what a ‘good deal’ would actually look like",
    "Arms makers cash in as Europe rearms",
    "Gaza ceasefire holds, barely",
    "The quiet collapse of arms control",
    "Inside the lobbying blitz for a bigger defense budget",
    "Mexico is not Afghanistan",
    "A Korean peace declaration is overdue",
    "How Saudi money shapes Washington think tanks",
    "Taiwan, deterrence, and the limits of ‘strategic ambiguity’",
    "The F-35 is a trillion-dollar lesson in sunk costs",
    "Ukraine needs a diplomatic endgame, not another aid package",
    "Why Trump’s tariff threats won’t bring Beijing to heel",
    "Syria sanctions relief is a test of Washington’s seriousness",
    "The drone war nobody voted for",
    "Europe’s strategic autonomy, five years on",
]
DEKS = [
    "The US should move quickly, particularly if Maduro shows signs that he’s serious about negotiating.",
    "The latest report shows that the department still cannot account for most of its assets.",
    "Washington keeps promising restraint and delivering escalation.",
    "A new study finds that foreign funding comes with strings attached.",
    "Neither side wants a war, but both are preparing for one.",
    "Lawmakers have the tools to end the war. They need the will.",
    "",  # no dek
]


def ptext(s: str) -> str:
    """Whitespace of a paragraph collapsed (NBSP too), as the contract wants it."""
    return " ".join(s.replace(NBSP, " ").split())


def esc(s: str | None) -> str:
    return htmllib.escape(s or "", quote=False)


def attr(s: str) -> str:
    return htmllib.escape(s, quote=True)


def slugify(s: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in s)
    return "-".join(p for p in out.split("-") if p)[:60]


def img_url(rng: random.Random, name: str | None = None, *, rel: bool = False) -> tuple[str, str]:
    """(rendered URL with size params, expected canonical URL with only id)."""
    name = name or rng.choice(
        [
            "shutterstock-732504547",
            "screen-shot-2021-04-02-at-2-09-56-pm",
            "us-congress",
            "pentagon-aerial",
            "f-35-lightning",
            "biden-maduro",
        ]
    )
    ext = rng.choice(["jpg", "jpg", "png", "webp"])
    pid = rng.randint(10_000_000, 99_999_999)
    base = f"/media-library/{name}.{ext}"
    params = rng.choice(
        [
            f"id={pid}&width=1200&height=800&quality=85&coordinates=0%2C0%2C0%2C0",
            f"id={pid}&width=980",
            f"width=1245&height=700&id={pid}&quality=90&coordinates=0%2C28%2C0%2C28",
            f"id={pid}",
        ]
    )
    full = (base if rel else HOST + base) + "?" + params
    return full, f"{HOST}{base}?id={pid}"


def iso(dt: datetime, style: int) -> str:
    if style == 0:
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == 1:
        return dt.astimezone(ET).isoformat()
    if style == 2:
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return dt.astimezone(UTC).isoformat()


def day_start(year: int, month: int, day: int) -> str:
    """A page that names only a calendar day: the instant the day begins in New York (data/README.md), ISO UTC."""
    from zoneinfo import ZoneInfo

    return datetime(year, month, day, tzinfo=ZoneInfo("America/New_York")).astimezone(UTC).isoformat()


def visible_date(dt: datetime, style: int) -> str:
    d = dt.astimezone(ET) if dt.hour or dt.minute else dt
    if style == 0:
        return d.strftime("%B ") + str(d.day) + d.strftime(", %Y")
    if style == 1:
        return f"{d.day} " + d.strftime("%B %Y")
    if style == 2:
        return d.strftime("%m.%d.%Y")
    return d.strftime("%b ") + str(d.day) + d.strftime(", %Y")


# ----------------------------------------------------------------------------------------------------- body
def make_body(rng: random.Random, n_par: int, *, kinds: list[str], short: bool = False):
    """Body blocks: [(kind, payload)]; returns blocks, expected paragraphs, noise strings, pull quotes."""
    sents = rng.sample(SENTENCES, k=min(len(SENTENCES), n_par * 3 + 4))
    si = 0

    def para():
        nonlocal si
        k = rng.randint(1, 2) if short else rng.randint(2, 3)
        s = " ".join(sents[si : si + k])
        si += k
        return s

    paras = [para() for _ in range(n_par)]
    # interleave the requested special blocks at deterministic positions
    body: list[tuple[str, object]] = [("p", p) for p in paras]
    for kind in kinds:
        pos = rng.randint(1, max(1, len(body) - 1))
        if kind == "h2" or kind == "h3" or kind == "pstrong_head":
            body.insert(pos, (kind, rng.choice(SUBHEADS)))
        elif kind == "blockquote":
            body.insert(pos, ("blockquote", rng.choice(QUOTES)))
        elif kind in ("ul", "ol", "ul_p"):
            body.insert(pos, (kind, rng.sample(LIST_ITEMS, k=rng.randint(3, 5))))
        elif kind == "pull":
            src = next((b for b in body[:pos] if b[0] == "p"), body[0])
            body.insert(pos, ("pull", str(src[1]).split(". ")[0].rstrip(".") + "."))
        else:
            body.insert(pos, (kind, None))
    return body


def expected_text(body, *, join_lists: bool = True) -> str:
    """The body's text (items.py's conventions); ``join_lists``: consecutive lists are one block (the blocks column
    keeps no list identity), off for a chrome-less page, whose every block is rendered as its own <p>."""
    out = []
    last = None  # the kind of the last block that gave text
    for kind, payload in body:
        if kind in ("p", "p_br", "p_inline", "p_nbsp", "h2", "h3", "pstrong_head"):
            out.append(ptext(payload))
        elif kind == "blockquote":
            out.extend(ptext(x) for x in payload)
        elif kind in ("ul", "ol", "ul_p"):
            items = "\n".join(ptext(x) for x in payload)
            if join_lists and last in ("ul", "ol", "ul_p"):
                out[-1] += "\n" + items
            else:
                out.append(items)
        else:
            continue
        last = kind
    return "\n\n".join(out)


def render_body_block(rng: random.Random, kind: str, payload, noise: list[str], lazy: bool) -> str:
    if kind == "p":
        s = payload
        r = rng.random()
        if r < 0.15 and ", " in s:
            a, b = s.split(", ", 1)
            return f'<p>{esc(a)}, <a href="https://www.reuters.com/world/" target="_blank">{esc(b.split(" ")[0])}</a> {esc(" ".join(b.split(" ")[1:]))}</p>'
        if r < 0.30 and "“" in s and "”" in s:
            i, j = s.index("“"), s.index("”")
            return (
                f'<p>{esc(s[: i + 1])}<a href="https://www.state.gov/briefings/">{esc(s[i + 1 : j])}</a>'
                f"{esc(s[j:])}</p>"
            )
        if r < 0.45:
            words = s.split(" ")
            k = rng.randint(1, len(words) - 2)
            return f"<p>{esc(' '.join(words[:k]))} <em>{esc(words[k])}</em> {esc(' '.join(words[k + 1 :]))}</p>"
        if r < 0.55 and ". " in s:
            a, b = s.split(". ", 1)
            return f"<p>{esc(a)}.<br>\n{esc(b)}</p>"
        if r < 0.65:
            words = s.split(" ")
            k = rng.randint(1, len(words) - 1)
            return f"<p>{esc(' '.join(words[:k]))}&nbsp;{esc(' '.join(words[k:]))} </p>"
        if r < 0.72:
            return f'<p class="">\n    {esc(s)}\n</p>'
        return f"<p>{esc(s)}</p>"
    if kind == "h2":
        return rng.choice(
            [
                f"<h2>{esc(payload)}</h2>",
                f"<h2><strong>{esc(payload)}</strong></h2>",
                f'<h2 class="">{esc(payload)}</h2>',
            ]
        )
    if kind == "h3":
        return f"<h3>{esc(payload)}</h3>"
    if kind == "pstrong_head":
        return f"<p><strong>{esc(payload)}</strong></p>"
    if kind == "blockquote":
        inner = "".join(f"<p>{esc(x)}</p>" for x in payload)
        if len(payload) == 1 and rng.random() < 0.5:
            inner = esc(payload[0])
        return f"<blockquote>{inner}</blockquote>"
    if kind in ("ul", "ol"):
        tag = kind
        return f"<{tag}>" + "".join(f"<li>{esc(x)}</li>" for x in payload) + f"</{tag}>"
    if kind == "ul_p":
        return "<ul>\n" + "".join(f"  <li><p>{esc(x)}</p></li>\n" for x in payload) + "</ul>"
    if kind == "pull":
        return f'<p class="pull-quote">{esc(payload)}</p>'
    if kind == "image":
        cap, cred = rng.choice(CAPTIONS), rng.choice(CREDITS)
        noise += [cap, cred]
        url, _ = img_url(rng, rel=rng.random() < 0.5)
        src = (
            f"src=\"data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E\" "
            f'data-runner-src="{attr(url)}"'
            if lazy
            else f'src="{attr(url)}"'
        )
        return (
            f'<p class="shortcode-media shortcode-media-rebelmouse-image">\n'
            f'<img alt="{attr(cap)}" class="rm-shortcode" data-rm-shortcode-id="{rng.getrandbits(64):x}" '
            f'data-rm-shortcode-name="rebelmouse-image" id="{rng.randint(1000, 9999)}" loading="lazy" {src} '
            f'width="1200" height="800"/>\n'
            f'<small class="image-media media-caption" placeholder="Add Photo Caption...">{esc(cap)}</small>'
            f'<small class="image-media media-photo-credit" placeholder="Add Photo Credit...">{esc(cred)}</small></p>'
        )
    if kind == "figure":
        cap, cred = rng.choice(CAPTIONS), rng.choice(CREDITS)
        noise += [cap, cred]
        url, _ = img_url(rng)
        return (
            f'<figure class="wp-block-image"><img src="{attr(url)}" alt="">'
            f'<figcaption>{esc(cap)} <span class="credit">({esc(cred)})</span></figcaption></figure>'
        )
    if kind == "imgonly":
        url, _ = img_url(rng)
        return f'<p><img src="{attr(url)}" alt="map" class="rm-shortcode"></p>'
    if kind == "noscript_img":
        url, _ = img_url(rng)
        return (
            f'<p class="shortcode-media"><img class="rm-shortcode lazyload" data-runner-src="{attr(url)}">'
            f'<noscript><img src="{attr(url)}" alt="Chart of outlays"></noscript></p>'
        )
    if kind == "empty":
        return rng.choice(["<p></p>", "<p>&nbsp;</p>", "<p><br></p>", "<p> </p>"])
    if kind == "related":
        t = rng.choice(TEASER_TEXT)[0]
        noise.append(t)
        return rng.choice(
            [
                f'<p><strong>RELATED: </strong><a href="{HOST}/{slugify(t)}">{esc(t)}</a></p>',
                f'<p>RELATED: <a href="/{slugify(t)}?rebelltitem=1" target="_self"><em>{esc(t)}</em></a></p>',
                f'<h3>RELATED: <a href="/{slugify(t)}">{esc(t)}</a></h3>',
            ]
        )
    if kind == "newsletter_code":
        return (
            '<p>[shortcode-InText-Newsletter newsletter_id="responsible-statecraft" '
            'title="Stay updated" description="Get the latest from RS"]</p>'
        )
    if kind == "newsletter_box":
        noise.append("Stay up to date with the latest on foreign policy")
        return (
            '<div class="newsletter-inline-signup rm-newsletter"><h3>Stay up to date with the latest on foreign '
            "policy</h3><p>Subscribe now to our weekly round-up and don't miss a beat with your favorite RS "
            'contributors.</p><form action="/subscribe"><input type="email" placeholder="Email">'
            "<button>Sign up</button></form></div>"
        )
    if kind == "tweet":
        tw = "This is a disgrace. The Senate must vote on war powers now."
        noise.append(tw)
        inner = (
            f'<blockquote class="twitter-tweet" data-dnt="true"><p lang="en" dir="ltr">{esc(tw)} '
            f'<a href="https://t.co/abc123">pic.twitter.com/abc123</a></p>&mdash; Rep. Example (@RepExample) '
            f'<a href="https://twitter.com/RepExample/status/1">May 20, 2026</a></blockquote>'
            f'<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
        )
        if rng.random() < 0.6:
            return f'<div class="rm-embed embed-media">{inner}</div>'
        return inner
    if kind == "youtube":
        cap = "Watch: the full hearing on the defense budget"
        noise.append(cap)
        return (
            f'<p class="shortcode-media shortcode-media-youtube"><span class="rm-shortcode" '
            f'data-rm-shortcode-id="abc" style="display:block;position:relative;padding-top:56.25%;">'
            f'<iframe frameborder="0" height="auto" type="lazy-iframe" scrolling="no" '
            f'data-runner-src="https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0&start=0" '
            f'style="position:absolute;top:0;left:0;width:100%;height:100%;" width="100%"></iframe></span>'
            f'<small class="image-media media-caption" placeholder="add caption...">{esc(cap)}</small></p>'
        )
    if kind == "script":
        return (
            '<script type="text/javascript">window.dataLayer = window.dataLayer || [];'
            " dataLayer.push({'event': 'article_body_view'});</script>"
            "<style>.body-description p { margin: 0 0 1em; }</style>"
        )
    if kind == "inbody_teasers":
        return teaser_stream(rng, noise, kind=rng.randrange(3))
    if kind == "ad":
        return (
            '<div class="rblad-rs_inarticle ad-slot" data-ad-slot="inarticle-1"><span class="ad-label">'
            "Advertisement</span></div>"
        )
    raise ValueError(kind)


# ------------------------------------------------------------------------------------------------- page chrome
SOCIAL_HEADER = """<div class="social-links-wrap"><span class="social-links__title">Follow us on social</span>
<a class="social-link social-link--twitter" href="https://twitter.com/RStatecraft" aria-label="X"></a>
<a class="social-link social-link--facebook" href="https://www.facebook.com/responsiblestatecraft"></a></div>"""
GOOGLE_CTA = '<div class="google-cta-widget" data-widget="google cta"><span>google cta</span></div>'
NAV = """<nav class="navbar"><ul class="main-menu"><li><a href="/regions/middle-east/">Middle East</a></li>
<li><a href="/regions/asia-pacific/">Asia-Pacific</a></li><li><a href="/military-industrial-complex">Military Industrial
Complex</a></li><li><a href="/about/">About</a></li></ul><form class="search"><input name="q" placeholder="Search">
</form></nav>"""
FOOTER = """<footer class="site-footer"><div class="widget widget--latest"><h3 class="widget__title">LATEST</h3></div>
<div class="widget widget--qiosk"><h3 class="widget__title">QIOSK</h3></div>
<div class="newsletter-footer"><h3>Newsletter</h3><p>Subscribe now to our weekly round-up and don't miss a beat with your
favorite RS contributors and reporters, as well as staff analysis, opinion, and news promoting a positive,
non-partisan vision of U.S. foreign policy.</p></div><p class="copyright">© 2026 Responsible Statecraft. All rights
reserved.</p></footer>"""


def teaser_stream(rng: random.Random, noise: list[str], *, kind: int) -> str:
    items = rng.sample(TEASER_TEXT, k=3)
    out = []
    for title, section, text, cred in items:
        noise += [title, text, cred]
        url, _ = img_url(rng)
        out.append(f"""<div class="widget" data-post-id="{rng.randint(2_600_000_000, 2_699_999_999)}">
<div class="widget__head"><div class="widget__image"><img alt="{attr(title)}" src="{attr(url)}"></div>
<div class="widget__image-credit"><small>{esc(cred)}</small></div></div>
<div class="widget__body"><h2 class="widget__headline"><a class="widget__headline-text" href="/{slugify(title)}">{esc(title)}</a></h2>
<a class="widget__section" href="/{slugify(section)}">{esc(section)}</a>
<div class="body-description"><p>{esc(text)}</p></div>
<span class="read-more"><span class="keep-reading">keep reading</span><span class="show-less">Show less</span></span></div></div>""")
    wrap = [
        '<div class="posts-custom" data-stream="related">{}</div>',
        '<div id="sStream_3481" class="sStream">{}</div>',
        '<section class="around-the-web"><h3>Around the web</h3>{}</section>',
    ][kind % 3]
    return wrap.format("\n".join(out))


def write_page(
    out: Path,
    name: str,
    html_text: str,
    expected: dict,
    *,
    encoding: str = "utf-8",
    request: dict,
    noise: Sequence[str] = (),
    pulls: Sequence[str] = (),
    bom: bool = False,
) -> None:
    data = html_text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    (out / f"{name}.html").write_bytes(data)
    row = dict(expected)
    row["_request"] = request
    if noise:
        row["_noise"] = sorted(set(noise))
    if pulls:
        row["_pull_quotes"] = list(pulls)
    (out / f"{name}.json").write_text(json.dumps(row, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------------- articles
def article_page(i: int) -> tuple[str, dict, dict]:
    """Render article i; returns (html, expected row, extras)."""
    rng = random.Random(1000 + i)

    def V(dim: str, n: int) -> int:  # an independent, deterministic choice per page and dimension
        return random.Random(f"{i}-{dim}").randrange(n)

    qiosk = i % 9 == 4
    title = TITLES[i % len(TITLES)] + ("" if i < len(TITLES) else "")
    if i >= len(TITLES):
        title = title.replace("the", "the", 1)
        title = f"{title} ({['Part II', 'an update', 'revisited', 'again'][i % 4]})" if i % 3 else title + "?"
    dek = "" if qiosk else DEKS[i % len(DEKS)]
    n_auth = 1 if i % 5 else (2 if i % 10 else 3)
    authors = rng.sample(PEOPLE, k=n_auth)
    atype = TYPES[i % 4]
    section = "QiOSK" if qiosk else SECTIONS[(i * 3) % len(SECTIONS)]
    if section == "QiOSK" and not qiosk:
        section = "Middle East"
    tags = rng.sample(TAGS, k=rng.randint(0, 4)) if i % 6 else []
    date_mode = V("date", 8)  # 0-4 machine readable, 5 visible only, 6 url-only (wp) / visible, 7 bootstrap only
    base = datetime(2019, 12, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 2350))
    if date_mode in (5, 6):
        published = base.replace(hour=0, minute=0, second=0)
    else:
        published = base.replace(hour=rng.choice([0, 2, 9, 13, 16, 21]), minute=rng.choice([0, 15, 30, 47]))
    modified = published + timedelta(hours=rng.randint(2, 60)) if (i % 3 == 0 and date_mode < 5) else None

    # URL shape
    slug = (
        slugify(title)
        if i % 4
        else rng.choice(["price-gouging", "israel-influence-chatgpt", "pentagon-budget", "ukraine-talks", "iran-deal"])
        + f"-{i}"
    )
    shape = V("shape", 3)
    if date_mode == 6:
        shape = 2
    if shape == 0:
        path = f"/{slug}"
    elif shape == 1:
        path = f"/{slug}-{2_600_000_000 + i * 7919}"
    else:
        d = published.astimezone(ET) if date_mode not in (5, 6) else published
        path = f"/{d:%Y/%m/%d}/{slug}"
    canonical = HOST + path
    tracking = ["", "/", "?rebelltitem=2", "/?mc_cid=4f2a9c1d7e&mc_eid=a1b2c3d4e5", "/?rebelltitem=1#toggle-gdpr"][
        V("tracking", 5)
    ]
    request_url = canonical + tracking
    if shape == 2 and tracking == "":
        request_url += "/"

    # body
    kinds_pool = [
        "h2",
        "h3",
        "blockquote",
        "ul",
        "ol",
        "pull",
        "image",
        "related",
        "newsletter_code",
        "tweet",
        "youtube",
        "empty",
        "imgonly",
        "figure",
        "script",
        "ad",
        "newsletter_box",
        "noscript_img",
        "pstrong_head",
        "ul_p",
        "inbody_teasers",
    ]
    if qiosk:
        kinds = rng.sample(["empty", "related", "newsletter_code", "pull"], k=2)
        body = make_body(rng, 5, kinds=kinds, short=True)
    else:
        kinds = rng.sample(kinds_pool, k=rng.randint(4, 8))
        body = make_body(rng, rng.randint(6, 12), kinds=kinds)
    noise: list[str] = []
    lazy = V("lazy", 2) == 0
    body_html = "\n".join(render_body_block(rng, k, p, noise, lazy) for k, p in body)
    pulls = [p for k, p in body if k == "pull"]
    text = expected_text(body)

    # lead image and credit
    img_mode = V("img", 7)  # 0 og+hero, 1 hero lazy only, 2 picture/srcset, 3 og only, 4 noscript hero, 5 none
    if img_mode == 3 and V("noimg", 3) == 0:
        img_mode = 5
    credit_mode = (
        V("credit", 7) if img_mode != 5 else 6
    )  # 0 small in hero, 1 "Photos:" after body, 2 "Top photo credit:" in body,
    #                                           3 caption labeled, 4 bootstrap only, 5 figure figcaption, 6 none
    hero_url, lead = img_url(rng, rel=V("relimg", 2) == 1)
    hero_alt = rng.choice(
        ["Screen-shot-2021-04-02-at-2.09.56-pm", "Shutterstock_732504547-scaled-e1648755059685", "US Congress", title]
    )
    credit = rng.choice(CREDITS) if credit_mode != 6 else None
    caption = rng.choice(CAPTIONS)
    bootstrap = V("boot", 4) != 1 or date_mode == 7 or credit_mode == 4
    if credit_mode == 4 and not bootstrap:
        credit_mode = 0
    hero_caption_html = ""
    if img_mode in (0, 1, 2, 4, 6):
        noise.append(caption) if credit_mode in (0, 5) else None
        if credit_mode == 0:
            hero_caption_html = (
                f'<div class="widget__image-caption"><small class="image-media media-caption">'
                f'{esc(caption)}</small><small class="image-media media-photo-credit">'
                f"{esc(credit)}</small></div>"
            )
        elif credit_mode == 3:
            hero_caption_html = (
                f'<div class="widget__image-caption"><small class="image-media media-caption">'
                f"Top photo credit: {esc(credit)}</small></div>"
            )
        elif credit_mode == 5:
            hero_caption_html = ""
    if credit:
        noise.append(credit)
    if img_mode == 0 or img_mode == 3:
        og_image = hero_url if hero_url.startswith("http") else HOST + hero_url
    else:
        og_image = None
    if img_mode == 1:
        hero_img = (
            f'<img class="rm-hero-media" alt="{attr(hero_alt)}" src="data:image/svg+xml,%3Csvg%20xmlns='
            f"'http://www.w3.org/2000/svg'%20viewBox='0%200%201200%20800'%3E%3C/svg%3E\" "
            f'data-runner-src="{attr(hero_url)}" width="1200" height="800">'
        )
    elif img_mode == 2:
        q = hero_url.split("?")[0]
        qid = lead.split("id=")[1]
        hero_img = (
            f'<picture><source media="(min-width: 768px)" srcset="{attr(q)}?id={qid}&width=1245&quality=90 1x, '
            f'{attr(q)}?id={qid}&width=2490&quality=90 2x"><source media="(max-width: 767px)" '
            f'srcset="{attr(q)}?id={qid}&width=600"><img src="{attr(hero_url)}" alt="{attr(hero_alt)}" '
            f'fetchpriority="high"></picture>'
        )
    elif img_mode == 6:  # a background-image hero, no <img> at all
        hero_img = (
            f'<div class="widget__image-bg rm-bg" role="img" aria-label="{attr(hero_alt)}" '
            f"style=\"background-image: url('{hero_url}');background-size:cover\"></div>"
        )
    elif img_mode == 4:
        hero_img = (
            f'<img class="lazyload" alt="{attr(hero_alt)}" data-runner-src="{attr(hero_url)}">'
            f'<noscript><img src="{attr(hero_url)}" alt="{attr(hero_alt)}"></noscript>'
        )
    else:
        hero_img = (
            f'<img alt="{attr(hero_alt)}" src="{attr(hero_url)}" width="1200" height="800">' if img_mode == 0 else ""
        )
    expected_image = None if img_mode == 5 else lead
    if img_mode == 5:
        credit, credit_mode = None, 6
    if credit_mode == 5 and img_mode in (0, 1, 2, 4, 6):
        hero = (
            f'<figure class="widget__image hero">{hero_img}<figcaption>{esc(caption)} '
            f'<span class="photo-credit">Photo: {esc(credit)}</span></figcaption></figure>'
        )
        # "Photo:" label inside a figcaption: the credit is what follows the label
    elif img_mode in (0, 1, 2, 4, 6):
        hero = f'<div class="widget__image"><div class="rm-hero-media">{hero_img}</div>{hero_caption_html}</div>'
    else:
        hero = ""
    if credit_mode in (0, 3, 5) and img_mode not in (0, 1, 2, 4, 6):
        credit_mode, credit = 6, None
    if hero_alt != title and img_mode in (1, 2, 4) or (img_mode == 0 and hero_alt != title):
        noise.append(hero_alt)
    if credit_mode == 2:
        label = rng.choice(["Top photo credit: ", "Top image credit: "])
        body_html = (
            (f"<p><em>{label}{esc(credit)}</em></p>\n" + body_html)
            if i % 2
            else (body_html + f"\n<p><em>{label}{esc(credit)}</em></p>")
        )
    after_body = ""
    if credit_mode == 1:
        after_body = f'<div class="photo-credit"><p>Photos: {esc(credit)}</p></div>'

    # header markup
    hmode = V("headline", 5)
    ttl = esc(title)
    if hmode == 1 and " " in title:
        w = title.split(" ")
        ttl = f"{esc(' '.join(w[:2]))} <em>{esc(w[2] if len(w) > 2 else '')}</em> {esc(' '.join(w[3:]))}".replace(
            "  ", " "
        )
        if len(w) <= 3:
            ttl = esc(title)
    if hmode in (0, 3) and V("titlebr", 3) == 0 and ttl.count(" ") > 3:
        ttl = ttl.replace(" ", "<br>", 3).replace("<br>", " ", 2)  # a line break the designer wanted
    if V("titlenbsp", 5) == 0 and " " in ttl:
        ttl = ttl.replace(" ", "&nbsp;", 1)
    wp_caption = ""
    if shape == 2 and credit:
        wpc = "Protesters march in Asuncion, Paraguay, during a rally against the government (Photo by Celestino Arce/NurPhoto)"
        wp_caption = f'<div class="wp-caption-top"><small class="image-media media-caption">{esc(wpc)}</small></div>'
        noise.append(wpc)
    if hmode == 2:
        headline = f'<h1 class="headline h1">{ttl}</h1>'
    else:
        headline = (
            f'<h1 class="widget__headline h1"><span class="widget__headline-text custom-post-headline">'
            f"{ttl}</span></h1>"
        )
    if hmode == 3:
        headline = (
            f'<h2 class="widget__headline mobile-only" aria-hidden="true"><span class="widget__headline-text">'
            f"{ttl}</span></h2>\n"
        ) + headline
    dek_html = ""
    if dek:
        dek_html = [
            f'<h2 class="widget__subheadline"><span class="widget__subheadline-text">{esc(dek)}</span></h2>',
            f'<div class="widget__subheadline subheadline"><p>{esc(dek)}</p></div>',
            f'<h2 class="widget__subheadline">{esc(dek)}</h2>',
        ][V("dek", 3)]
    kicker_mode = V("kicker", 4)  # 0 two links, 1 one string link, 2 plain div text, 3 separate span around pipe
    if kicker_mode == 0:
        kicker = (
            f'<div class="widget__section-wrap"><a class="widget__section post-type" href="/{slugify(atype)}">'
            f'{atype}</a> | <a class="widget__section" href="/{slugify(section)}">{esc(section)}</a></div>'
        )
    elif kicker_mode == 1:
        kicker = f'<a class="widget__section" href="/{slugify(section)}">{atype} | {esc(section)}</a>'
    elif kicker_mode == 2:
        kicker = f'<div class="post-kicker">{atype} | {esc(section)}</div>'
    else:
        kicker = (
            f'<div class="widget__section-wrap"><span class="post-type">{atype}</span>'
            f'<span class="separator">&nbsp;|&nbsp;</span><a class="widget__section" '
            f'href="/{slugify(section)}">{esc(section)}</a></div>'
        )

    # byline
    bmode = V("byline", 4)  # 0 author list links, 1 "By A and B" text with links, 2 "By A · date", 3 links + bio

    def joined(names):
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    vis_date = visible_date(published, V("visdate", 4))
    if bmode == 0:
        byline = (
            '<div class="post-author-list">'
            + "".join(
                f'<div class="social-author"><a class="social-author__name" href="/author/{slugify(a).replace("-", "")}">'
                f"{esc(a)}</a></div>"
                for a in authors
            )
            + "</div>"
        )
    elif bmode == 1:
        links = [f'<a class="social-author__name" href="/author/{slugify(a)}">{esc(a)}</a>' for a in authors]
        byline = (
            '<div class="social-author byline"><span class="by">By</span> '
            + (links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1])
            + "</div>"
        )
    elif bmode == 1 and V("plainauthors", 2) == 0:
        byline = f'<div class="post-author-list"><span class="social-author__name">{esc(joined(authors))}</span></div>'
    elif bmode == 2 and date_mode == 2:
        byline = (
            f'<div class="byline">By {esc(joined(authors))} · <time datetime="{iso(published, 1)}">'
            f"{vis_date}</time></div>"
        )
    elif bmode == 2:
        byline = f'<div class="byline">By {esc(joined(authors))} · {vis_date}</div>'
    else:
        byline = (
            '<div class="post-author-list">'
            + "".join(
                f'<div class="social-author"><a class="social-author__name" href="/author/{slugify(a)}">{esc(a)}</a>'
                f'<div class="social-author__bio">{esc(a)} is a contributing writer at Responsible Statecraft and a '
                f"fellow at the Quincy Institute.</div></div>"
                for a in authors
            )
            + "</div>"
        )
        noise.append("is a contributing writer at Responsible Statecraft")
    date_html = ""
    if date_mode in (0, 1, 2, 5) and bmode != 2:
        if date_mode == 2:
            date_html = (
                f'<div class="social-date"><time class="social-date__text" datetime="{iso(published, i % 4)}">'
                f"{vis_date}</time></div>"
            )
        else:
            date_html = f'<div class="social-date"><span class="social-date__text">{vis_date}</span></div>'
    if date_mode == 6 and bmode != 2:
        date_html = ""

    # machine-readable data
    meta = []
    use_og = V("og", 5) != 2
    if use_og:
        meta.append(f'<meta property="og:title" content="{attr(title)}">')
        if dek:
            meta.append(f'<meta property="og:description" content="{attr(dek)}">')
        elif i % 2:
            excerpt = " ".join(text.split()[:24]) + "…"
            meta.append(f'<meta property="og:description" content="{attr(excerpt)}">')
            meta.append(f'<meta name="description" content="{attr(excerpt)}">')
        if og_image:
            meta.append(f'<meta property="og:image" content="{attr(og_image)}">')
        meta.append('<meta property="og:type" content="article">')
        meta.append('<meta property="og:site_name" content="Responsible Statecraft">')
        meta.append(f'<meta property="og:url" content="{attr(canonical)}">')
    elif og_image:
        meta.append(f'<meta name="twitter:image" content="{attr(og_image)}">')
    if date_mode in (0, 3):
        meta.append(f'<meta property="article:published_time" content="{iso(published, i % 4)}">')
        if modified:
            meta.append(f'<meta property="article:modified_time" content="{iso(modified, (i + 1) % 4)}">')
    if date_mode == 0 and section:
        meta.append(f'<meta property="article:section" content="{attr(section)}">')
    tag_mode = V("tags", 4)  # 0 meta article:tag, 1 json-ld keywords, 2 visible tag links, 3 bootstrap public_tags
    if tags and tag_mode == 0:
        meta += [f'<meta property="article:tag" content="{attr(t)}">' for t in tags]
    tags_html = ""
    if tags and tag_mode == 2:
        tags_html = (
            '<div class="tags-list"><span class="tags-list__title">Tags:</span>'
            + "".join(f'<a class="tags-list__link" href="/tag/{slugify(t)}/">{esc(t)}</a>' for t in tags)
            + "</div>"
        )
    if tags and tag_mode == 3 and not bootstrap:
        tag_mode = 0
        meta += [f'<meta property="article:tag" content="{attr(t)}">' for t in tags]
    if tags and tag_mode == 1 and i % 5 == 4:
        pass

    jl_mode = V("jsonld", 5)  # 0 none, 1 object, 2 list, 3 @graph, 4 object with author list
    jl_needed = date_mode in (1, 4) or (tags and tag_mode == 1)
    if jl_mode == 0 and jl_needed:
        jl_mode = 1
    jsonld = ""
    if jl_mode:
        auth_json = (
            [{"@type": "Person", "name": a, "url": f"{HOST}/author/{slugify(a)}"} for a in authors]
            if jl_mode in (2, 4) or len(authors) > 1
            else ({"@type": "Person", "name": authors[0]} if i % 2 else authors[0])
        )
        art: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title if len(title) < 60 else title[:57] + "…",
            "mainEntityOfPage": {"@type": "WebPage", "@id": canonical + "/"},
            "author": auth_json,
            "publisher": {
                "@type": "Organization",
                "name": "Responsible Statecraft",
                "logo": {"@type": "ImageObject", "url": f"{HOST}/media-library/logo.png?id=1"},
            },
        }
        if date_mode in (0, 1, 2, 3, 4):
            art["datePublished"] = iso(published, (i + 2) % 4)
            if modified:
                art["dateModified"] = iso(modified, (i + 3) % 4)
        if expected_image:
            art["image"] = (
                {
                    "@type": "ImageObject",
                    "url": og_image or (HOST + hero_url if hero_url.startswith("/") else hero_url),
                    "width": 1200,
                }
                if i % 2
                else [og_image or lead]
            )
        if tags and tag_mode == 1:
            art["keywords"] = ", ".join(tags) if i % 2 else tags
        if dek:
            art["description"] = dek
        if V("articlebody", 4) == 0:  # a flattened copy of the body: no paragraph breaks
            art["articleBody"] = " ".join(text.split())
        doc: Any
        if jl_mode == 1 or jl_mode == 4:
            doc = art
        elif jl_mode == 2:
            doc = [{"@context": "https://schema.org", "@type": "Organization", "name": "Quincy Institute"}, art]
        else:
            art.pop("@context")
            doc = {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "WebSite", "name": "Responsible Statecraft", "url": HOST},
                    {"@type": "WebPage", "@id": canonical + "/", "name": title + " | Responsible Statecraft"},
                    art,
                    {
                        "@type": "BreadcrumbList",
                        "itemListElement": [{"@type": "ListItem", "position": 1, "name": section}],
                    },
                ],
            }
        jsonld = f'<script type="application/ld+json">{json.dumps(doc, ensure_ascii=i % 2 == 0)}</script>'
    if jl_mode == 0 and date_mode == 1:
        raise AssertionError

    boot = ""
    if bootstrap:
        post = {
            "id": 2_600_000_000 + i,
            "headline": htmllib.escape(title).replace("’", "&#8217;"),
            "subheadline": f"<p>{esc(dek)}</p>" if dek else "",
            "authors": [{"title": a, "username": slugify(a).replace("-", "")} for a in authors],
            "section": {"name": slugify(section), "title": section},
            "photo_credit": credit or "",
            "public_tags": tags if tag_mode == 3 else [],
            "body": "<p>…</p>",
        }
        if date_mode in (0, 1, 2, 3, 4, 7):
            post["created_ts"] = int(published.timestamp())
            post["updated_ts"] = int((modified or published).timestamp()) if modified or date_mode == 7 else None
            if date_mode == 7 and not modified:
                post["updated_ts"] = post["created_ts"]
        boot = (
            '<script type="text/javascript">window.REBELMOUSE_BOOTSTRAP_DATA = '
            + json.dumps({"site": {"id": 20000, "name": "Responsible Statecraft"}, "post": post, "path_params": {}})
            + ";</script>"
        )
    if date_mode == 7 and not bootstrap:
        raise AssertionError
    # modified only where some source on the page carries it
    mod_on_page = modified and (date_mode in (0, 3) or (jl_mode and date_mode < 5) or bootstrap)
    expected_modified = modified if mod_on_page else None
    if date_mode == 7 and not modified:
        expected_modified = published  # the bootstrap's updated_ts (= created_ts) is all the page states

    # next article appended by infinite scroll
    next_html = ""
    if V("next", 4) == 2:
        nt = TITLES[(i + 7) % len(TITLES)]
        nbody = [SENTENCES[(i * 5 + k) % len(SENTENCES)] for k in range(3)]
        noise += [nt, "Next article byline Dana Example"]
        inner = (
            f'<article class="widget image-article"><h1 class="widget__headline h1"><span class="widget__headline-text">'
            f'{esc(nt)}</span></h1><div class="post-author-list"><a class="social-author__name" href="/author/x">'
            f'Next article byline Dana Example</a></div></article><div class="widget__body"><div class="body-description">'
            + "".join(f"<p>{esc(s)} Continued reporting follows here.</p>" for s in nbody)
            + "</div></div>"
        )
        noise.append("Continued reporting follows here.")
        next_html = [
            f'<div class="lazy-load-next-article" data-post-id="{2_600_000_000 + i + 1}">{inner}</div>',
            f'<div id="sStream_next_{i}" class="posts-custom infinite">{inner}</div>',
        ][i % 2]

    chrome = i % 10  # 9: no chrome at all
    teaser_before = V("tbefore", 3) == 1
    noise_t: list[str] = []
    teasers_a = teaser_stream(rng, noise_t, kind=i)
    teasers_b = teaser_stream(rng, noise_t, kind=i + 1) if i % 2 else ""
    noise += noise_t
    gcta = GOOGLE_CTA if V("gcta", 3) == 0 else ""
    title_tag = f"<title>{esc(title)} | Responsible Statecraft</title>"
    lang = ["en", "en-US", "en", ""][V("lang", 4)]
    lang_attr = f' lang="{lang}"' if lang else ""
    charset = '<meta charset="utf-8">'
    enc = "utf-8"
    req_enc = None
    if i in (7, 23):
        enc, charset = "windows-1252", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    elif i == 15:
        enc, charset = "windows-1252", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    elif i == 31:
        enc, charset, req_enc = "windows-1252", "", "windows-1252"
    canonical_link = (
        f'<link rel="canonical" href="{canonical}/">'
        if V("canon", 3)
        else (f'<link rel="canonical" href="{path}">' if V("canonrel", 2) else "")
    )
    style = (
        "<style>.widget__headline{font-family:Georgia}.body-description p{line-height:1.6}"
        "@media(max-width:767px){.mobile-only{display:block}}</style>"
    )
    analytics = (
        "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime()});})"
        "(window,document,'script','dataLayer','GTM-XXXX');</script>"
    )

    if chrome == 9:
        # no chrome: headline, then the body, nothing else
        text = expected_text(body, join_lists=False)
        page = (
            f"<!DOCTYPE html><html{lang_attr}><head>{charset}{title_tag}</head><body>"
            f"<h1>{esc(title)}</h1>\n" + "\n".join(f"<p>{esc(p)}</p>" for p in text.split("\n\n")) + "</body></html>"
        )
        # the body of a chrome-less page is plain paragraphs: lists flattened to a paragraph per block
        exp: dict[str, Any] = {
            "title": title,
            "subtitle": None,
            "authors": [],
            "published_at": None,
            "modified_at": None,
            "article_type": None,
            "section": None,
            "tags": [],
            "text": "\n\n".join(ptext(p) for p in text.split("\n\n")),
            "image_url": None,
            "image_credit": None,
        }
        if date_mode == 6 or shape == 2:
            exp["published_at"] = day_start(int(path[1:5]), int(path[6:8]), int(path[9:11]))
        noise = [n for n in noise if n not in text]
        return page, exp, dict(url=request_url, canonical=canonical, encoding=enc, req_enc=req_enc, noise=[], pulls=[])

    header_block = (
        f'<article class="widget widget--post image-article" data-post-id="{2_600_000_000 + i}">'
        f'<div class="widget__head">{hero if i % 2 == 0 else ""}</div>'
        f'<div class="widget__body">{wp_caption}{kicker}{headline}{dek_html}'
        f'<div class="widget__byline">{byline}{date_html}</div>{hero if i % 2 else ""}</div></article>'
    )
    if hmode == 4:
        header_logo = (
            '<h1 class="site-logo"><a href="/"><img src="/media-library/rs-logo.png?id=1" '
            'alt="Responsible Statecraft"></a></h1>'
        )
    else:
        header_logo = (
            '<a class="site-logo" href="/"><img src="/media-library/rs-logo.png?id=1" alt="Responsible Statecraft"></a>'
        )
    body_wrap = body_html
    if V("bodywrap", 3) == 2:
        body_wrap = f'<div class="rm-lazyload-wrap">{body_html}</div>'
    main = (
        f'<div class="posts-wrapper"><div class="post-page-container">{header_block}'
        f'<div class="widget__body-wrap"><div class="widget__body clearfix">'
        f'<div class="body-description" data-post-body>{body_wrap}</div></div>{after_body}{tags_html}'
        f'<div class="share-tools"><span>Share</span><a href="#">Copy link</a></div></div></div>'
        f"{next_html}</div>"
    )
    page = f"""<!DOCTYPE html>
<html{lang_attr} class="no-js">
<head>
{charset}
{title_tag}
<meta name="viewport" content="width=device-width, initial-scale=1">
{canonical_link}
{"".join(meta)}
{style}
{jsonld}
{analytics}
</head>
<body class="post-page layout--{["default", "full", "wide"][i % 3]}">
<div id="sidebar-overlay"></div>
<header class="site-header">{header_logo}{NAV}{SOCIAL_HEADER}{gcta}</header>
<div class="layout-wrapper"><div class="row"><aside class="col-left">{teasers_a if teaser_before else ""}</aside>
<main class="col-main">{gcta}{main}</main>
<aside class="col-right">{teasers_a if not teaser_before else ""}{teasers_b}</aside></div></div>
{FOOTER}
{boot}
<script src="/static/js/rebelmouse-runner.js" async></script>
</body>
</html>"""

    exp = {
        "title": title,
        "subtitle": dek or None,
        "authors": authors,
        "published_at": published.astimezone(UTC).isoformat(),
        "modified_at": expected_modified.astimezone(UTC).isoformat() if expected_modified else None,
        "article_type": atype,
        "section": section,
        "tags": tags,
        "text": text,
        "image_url": expected_image,
        "image_credit": credit,
    }
    if bmode == 2 or date_mode in (5, 6):
        pass
    if date_mode == 5:  # only the visible calendar day
        exp["published_at"] = day_start(published.year, published.month, published.day)
    if date_mode == 6:
        # WordPress URL and no visible/structured date: the URL's day
        exp["published_at"] = day_start(int(path[1:5]), int(path[6:8]), int(path[9:11]))
        if bmode == 2:  # the byline shows the same date
            pass
    if date_mode == 5 and bmode == 2:
        pass
    noise = [n for n in noise if n not in text and n != title]
    return (
        page,
        exp,
        dict(url=request_url, canonical=canonical, encoding=enc, req_enc=req_enc, noise=noise, pulls=pulls),
    )


def finish(exp: dict, canonical: str) -> dict:
    row: dict[str, Any] = {"url": canonical}
    row.update(exp)
    text = row.get("text")
    row["word_count"] = len(text.split()) if text else None
    row["language"] = "en"
    row["content_hash"] = hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None
    return {f: row[f] for f in PINNED}


# ----------------------------------------------------------------------------------------------- non-articles
def listing_page(rng: random.Random, h1: str, title: str, intro: str = "", og_type: str = "website") -> str:
    noise: list[str] = []
    streams = teaser_stream(rng, noise, kind=0) + teaser_stream(rng, noise, kind=1)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)} | Responsible Statecraft</title>
<meta property="og:type" content="{og_type}"><meta property="og:title" content="{attr(title)}"></head>
<body><header class="site-header">{NAV}{SOCIAL_HEADER}</header><main>
<h1 class="widget__headline"><span class="widget__headline-text">{esc(h1)}</span></h1>{intro}
{streams}<div class="load-more"><a href="/res/load_more_posts/data.js?pn=2">Load more</a></div></main>{FOOTER}</body></html>"""


def non_articles(out: Path) -> list[str]:
    rng = random.Random(7)
    names = []
    about_paras = (
        '<div class="body-description"><p>Responsible Statecraft is the online magazine of the Quincy '
        "Institute for Responsible Statecraft. It publishes analysis, reporting, opinion and news on U.S. "
        "foreign policy.</p><p>Our contributors come from across the political spectrum and share a "
        "commitment to diplomacy and military restraint. We have been publishing since 2019 and welcome "
        "pitches from new writers with expertise in the regions we cover.</p><p>For submissions, contact the "
        "editors through the Quincy Institute. We do not accept unsolicited advertising or sponsored "
        "content of any kind, and we correct errors promptly when they are brought to our attention by "
        "readers.</p></div>"
    )
    pages = {
        "na_tag": ("/tag/iran/", listing_page(rng, "Iran", "Iran")),
        "na_tag_page2": ("/tag/pentagon-budget/page/2/", listing_page(rng, "Pentagon budget", "Pentagon budget")),
        "na_regions": ("/regions/middle-east/", listing_page(rng, "Middle East", "Middle East")),
        "na_author": (
            "/author/kelleyvlahos/",
            listing_page(
                rng,
                "Kelley Beaucar Vlahos",
                "Kelley Beaucar Vlahos",
                '<div class="social-author__bio">Kelley Beaucar '
                "Vlahos is Editorial Director of Responsible Statecraft and Senior Advisor at the Quincy Institute.</div>",
                og_type="profile",
            ),
        ),
        "na_about": (
            "/about/",
            f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>About | Responsible Statecraft</title>
<meta property="og:type" content="website"></head><body><header class="site-header">{NAV}</header><main>
<h1 class="widget__headline"><span class="widget__headline-text">About</span></h1>{about_paras}</main>{FOOTER}</body></html>""",
        ),
        "na_home": ("/", listing_page(rng, "Responsible Statecraft", "Responsible Statecraft")),
        "na_section": (
            "/military-industrial-complex",
            listing_page(rng, "Military Industrial Complex", "Military Industrial Complex"),
        ),
        "na_qiosk_section": ("/qiosk", listing_page(rng, "QiOSK", "QiOSK")),
        "na_video": (
            "/video-hartung-budget-2669001234",
            f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Video: Hartung on the budget | Responsible Statecraft</title><meta property="og:type" content="article">
<meta property="article:published_time" content="2025-03-02T15:00:00Z"></head><body><header class="site-header">{NAV}</header>
<article class="widget image-article"><a class="widget__section" href="/video-section">Video Section</a>
<h1 class="widget__headline h1"><span class="widget__headline-text">Video: Hartung on the budget</span></h1>
<div class="post-author-list"><a class="social-author__name" href="/author/whartung">William D. Hartung</a></div></article>
<div class="body-description"><p class="shortcode-media shortcode-media-youtube"><iframe src="https://www.youtube.com/embed/x1"></iframe></p>
<p>Watch the conversation.</p></div>{teaser_stream(rng, [], kind=0)}{FOOTER}</body></html>""",
        ),
        "na_404": (
            "/a-story-that-moved-somewhere",
            f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Page not found | Responsible Statecraft</title></head><body><header class="site-header">{NAV}{SOCIAL_HEADER}</header>
<main><h1 class="widget__headline"><span class="widget__headline-text">Oops! Page not found</span></h1>
<div class="body-description"><p>The page you are looking for might have been removed, had its name changed or is temporarily unavailable.</p>
<p>Try the search, or read one of our latest stories below.</p></div>
{teaser_stream(rng, [], kind=1)}</main>{FOOTER}</body></html>""",
        ),
        "na_load_more": ("/res/load_more_posts/data.js?site_id=20000&pn=2", teaser_stream(rng, [], kind=0)),
    }
    for name, (path, page) in pages.items():
        write_page(out, name, page, {"not_article": True}, request={"url": HOST + path, "encoding": None})
        names.append(name)
    return names


def build(out: Path = DEST) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("*.html")) + list(out.glob("*.json")):
        old.unlink()
    n = 0
    for i in range(40):
        page, exp, x = article_page(i)
        row = finish(exp, x["canonical"])
        kind = (
            "qiosk" if i % 9 == 4 else "nochrome" if i % 10 == 9 else "wp" if "/20" in x["canonical"][30:36] else "art"
        )
        name = f"a{i:02d}_{kind}"
        write_page(
            out,
            name,
            page,
            row,
            encoding=x["encoding"],
            request={"url": x["url"], "encoding": x["req_enc"]},
            noise=x["noise"],
            pulls=x["pulls"],
            bom=(i == 11),
        )
        n += 1
    na = non_articles(out)
    print(f"wrote {n} articles and {len(na)} non-articles to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEST))
