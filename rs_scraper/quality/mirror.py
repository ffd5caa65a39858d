"""The gate's page source: every article of an offline mirror site, rendered, parsed and scored against its
ground truth (``MirrorArticle.expected``), with the page's variant features and its own noise strings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rs_scraper.items import Article
from rs_scraper.quality.scoring import STATIC_NOISE, Report, score_row

if TYPE_CHECKING:
    from rs_scraper.mirror.site import MirrorArticle

BASE = "http://127.0.0.1:8765"

# The variants issue 3 asks the scored set to cover (see rs_scraper.mirror's docstring); a gate test asserts each
# one occurs in the mix it scores, so the gate cannot silently become easy.
REQUIRED_FEATURES: tuple[str, ...] = (
    "authors:multi",
    "authors:3",
    "no_dek",
    "modified",
    "charset:windows-1252",
    "charset:header-only",
    "meta:none",
    "meta:og-only",
    "meta:jsonld-only",
    "meta:bootstrap",
    "layout:rebelmouse",
    "layout:redesign",
    "layout:wordpress",
    "layout:bare",
    "headline_twice",
    "google_cta",
    "next_article",
    "credit_in_body",
    "no_credit",
    "hero_alt:file",
    "hero_alt:caption",
    "hero_alt:headline",
    "hero_lazy",
    "teaser_body_desc",
    "noise:image",
    "noise:pullquote",
    "noise:newsletter",
    "noise:shortcode",
    "noise:tweet",
    "noise:youtube",
    "noise:related",
    "noise:empty",
    "body:list",
    "body:quote",
    "body:subheading",
    "url:wp",
    "url:slug",
    "url:id",
    "layout:rm-widgets",
)


def features(a) -> set[str]:
    """What makes this mirror page hard, as feature names (used for coverage and per-variant figures)."""
    v = a.variant
    f = {
        f"layout:{v.layout}",
        f"url:{a.shape}",
        f"hero_alt:{v.hero_alt}",
        f"charset:{v.charset}",
        f"weight:{a._site.weight}",
    }
    if v.charset != "utf-8" and v.charset_where == "header":
        f.add("charset:header-only")
    if len(a.authors) >= 2:
        f.add("authors:multi")
    if len(a.authors) >= 3:
        f.add("authors:3")
    if a.dek is None:
        f.add("no_dek")
    if a.modified_at is not None:
        f.add("modified")
    if not v.og and not v.jsonld:
        f.add("meta:none" if not v.meta_dates and not v.bootstrap else "meta:no-og-no-jsonld")
    elif v.og and not v.jsonld:
        f.add("meta:og-only")
    elif v.jsonld and not v.og:
        f.add("meta:jsonld-only")
    if v.bootstrap:
        f.add("meta:bootstrap")
    for name in ("headline_twice", "google_cta", "next_article", "credit_in_body", "hero_lazy", "teaser_body_desc"):
        if getattr(v, name):
            f.add(name)
    if a.shown_credit() is None:
        f.add("no_credit")
    for b in a.blocks():
        if b.kind in ("ul", "ol"):
            f.add("body:list")
        elif b.kind == "quote":
            f.add("body:quote")
        elif b.kind in ("h2", "h3"):
            f.add("body:subheading")
        elif b.kind != "p":
            f.add(f"noise:{b.kind}")
    return f


def page_noise(site, a) -> list[str]:
    """Strings of this page that are not body: its hero alt/caption/credit, in-body captions, credits, pull quotes,
    tweets, RELATED headlines, and every other article's headline (teasers, next article, widgets)."""
    out = list(STATIC_NOISE)
    if a.image is not None:
        out += [a.image.alt_file, a.image.caption]
        if a.image.credit:
            out += [a.image.credit, f"{a.image.credit_label} {a.image.credit}"]
    if a.dek:
        out.append(a.dek)
    out.append(a.headline)  # the headline is not body either (printed twice, or repeated by a fallback)
    for b in a.blocks():
        if b.kind in ("image", "pullquote", "tweet", "related", "shortcode"):
            if b.text:
                out.append(b.text)
            if b.extra.get("credit"):
                out.append(b.extra["credit"])
    for n, u in a.authors:
        bio = site.author_info.get(u, (n, ""))[1]
        if bio:
            out.append(bio)
    out += [o.headline for o in site.articles if o is not a]
    if a.variant.layout == "rm-widgets":  # their labels, and the full bodies of the scroll posts
        from rs_scraper.mirror import widgets

        out += list(widgets.NOISE) + widgets.scroll_noise(site, a)
    return [s for s in out if s]


def render(site, a, base: str = BASE) -> tuple[bytes, str | None]:
    """The page as served: body bytes and the charset of its Content-Type header (None if not declared)."""
    status, headers, body = site.render(a.path, base)
    if status != 200:
        raise RuntimeError(f"mirror answered {status} for {a.path}")
    ctype = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    enc = ctype.split("charset=")[-1].strip() if "charset=" in ctype else None
    return body, enc


def pages(site, base: str = BASE) -> Iterator[tuple[MirrorArticle, bytes, str | None, dict]]:
    """(article, body, header charset, expected row) for every article of the site."""
    for a in site.articles:
        body, enc = render(site, a, base)
        yield a, body, enc, a.expected(base)


def score_site(
    site, name: str, *, base: str = BASE, extract: Callable[[bytes, str, str | None], Article] | None = None
) -> Report:
    """Parse every article page of ``site`` (default: ``parse_article``) and score it."""
    from rs_scraper.parsing import NotArticle, parse_article

    extract = extract or (lambda body, url, enc: parse_article(body, url, encoding=enc))
    report = Report(name)
    for a, body, enc, expected in pages(site, base):
        got, error = None, None
        try:
            got = extract(body, base + a.path, enc)
        except NotArticle as exc:
            error = exc.reason
        report.pages.append(
            score_row(got, expected, key=a.path, features=features(a), noise=page_noise(site, a), error=error)
        )
    return report


def gate_reports(configs=None) -> list[Report]:
    from rs_scraper.mirror import MirrorSite

    out = []
    for name, kwargs in configs or GATE_CONFIGS:
        out.append(score_site(MirrorSite(**kwargs), name))
    return out


# The mirror configurations the gate scores: two seeds of the full variant mix, every page in one layout, and the
# mix at real page weight.
GATE_CONFIGS: tuple[tuple[str, dict], ...] = (
    ("mix-seed1", dict(articles=150, seed=1)),
    ("mix-seed7", dict(articles=150, seed=7)),
    ("redesign", dict(articles=60, seed=3, layout="redesign")),
    ("wordpress", dict(articles=60, seed=4, layout="wordpress")),
    ("rm-widgets", dict(articles=60, seed=5, layout="rm-widgets")),
    ("real-weight", dict(articles=60, seed=11, weight="real")),  # the mix at ~440 KB a page
)
