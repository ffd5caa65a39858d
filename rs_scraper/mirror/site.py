"""The mirror's site model: articles and their page variants, ground truth, and the way in to the routes (``render``).

Construction only decides metadata (dates, URLs, headlines, authors, variants): a few small objects per article.
Bodies are regenerated on demand from a per-article seed (with a small LRU), so ``MirrorSite(articles=20000)``
builds in seconds and nothing is pre-rendered.
"""

from __future__ import annotations

import random
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from rs_scraper.items import SCORED_PAGE_FIELDS
from rs_scraper.mirror import content as C
from rs_scraper.mirror.content import LISTING_PAGE, NON_REGION_SECTION_SLUGS, RESERVED, Block, Image
from rs_scraper.mirror.dates import SITE_TZ as SITE_TZ  # re-exported: the tests read the clock from here
from rs_scraper.mirror.dates import day_start, display_date
from rs_scraper.mirror.dates import et_offset as et_offset
from rs_scraper.mirror.routes import route
from rs_scraper.textstats import content_hash

UTC = UTC
# The mirror's clock is fixed, not the wall clock: same seed, same bytes, whatever day the test runs.
NOW = datetime(2026, 5, 20, 18, 0, tzinfo=UTC)
FIRST_DAY = datetime(2019, 11, 12, 14, 0, tzinfo=UTC)  # RS launched in late 2019
RM_SWITCH = datetime(2023, 3, 1, tzinfo=UTC)  # WordPress-era URLs only before the move to RebelMouse
LAYOUTS = ("auto", "rebelmouse", "rm-widgets", "wordpress", "redesign")
WEIGHTS = ("light", "real")


@dataclass
class Variant:
    """How one page is dressed. Ground truth never depends on these except where a field is not shown."""

    layout: str = "rebelmouse"  # rebelmouse | rm-widgets | wordpress | redesign | bare
    charset: str = "utf-8"  # or windows-1252
    charset_where: str = "both"  # both | header | meta: where the charset is declared
    og: bool = True  # og:* tags and link rel=canonical
    jsonld: bool = True  # NewsArticle JSON-LD
    meta_dates: bool = True  # meta article:published_time / modified_time
    bootstrap: bool = False  # window.REBELMOUSE_BOOTSTRAP_DATA
    tz_style: str = "et"  # et (-04:00/-05:00) | Z | +00:00
    headline_twice: bool = False
    google_cta: bool = False
    next_article: bool = False  # infinite scroll: the next article's headline and body appended
    hero_alt: str = "file"  # file | caption | headline
    hero_lazy: bool = False
    credit_in_body: bool = False  # the lead photo credit is the last <p> of the body container
    teaser_body_desc: bool = False  # teasers reuse div.body-description for their text

    @property
    def machine_date(self) -> bool:
        # WordPress and redesign pages always carry <time datetime>; bare pages a meta published_time.
        return self.layout != "rebelmouse" or self.meta_dates or self.jsonld or self.bootstrap


@dataclass
class MirrorArticle:
    index: int
    post_id: int
    slug: str
    shape: str  # slug | id | wp
    path: str  # canonical: no trailing slash, no query
    link_path: str  # the form the site links (may end with "/")
    headline: str
    dek: str | None
    authors: list[tuple[str, str]]  # (display name, username)
    article_type: str
    section: str
    tags: list[str]
    topic: str
    published_at: datetime
    modified_at: datetime | None
    lastmod: datetime
    variant: Variant
    image: Image | None
    is_video: bool = False
    _site: Any = field(default=None, repr=False, compare=False)
    _body: list[Block] | None = field(default=None, repr=False, compare=False)  # set by update_article

    # ------------------------------------------------------------------ derived display values
    @property
    def year(self) -> int:
        return self.published_at.year

    def blocks(self) -> list[Block]:
        return self._body if self._body is not None else self._site._blocks(self)

    def text(self) -> str:
        return C.body_text(self.blocks())

    def shown_authors(self) -> list[str]:
        return [] if self.variant.layout == "bare" else _dedup(n for n, _ in self.authors)

    def shown_credit(self) -> str | None:
        if self.image is None or self.variant.layout == "bare":
            return None
        return self.image.credit

    def expected(self, base_url: str) -> dict:
        """The row a perfect extractor produces for this page (rules: see rs_scraper.mirror docstring)."""
        text = self.text()
        bare = self.variant.layout == "bare"
        # RebelMouse widget pages (site-facts §5.5): no dek and no type label are shown, and
        # author pages are /u/<username>.
        widgets = self.variant.layout == "rm-widgets"
        base = base_url.rstrip("/")
        day_only = not self.variant.machine_date  # the page prints only the calendar day
        shown = self.shown_authors()
        profile: dict[str, str] = {}
        for name, user in self.authors:
            profile.setdefault(name, f"{base}/u/{user}" if widgets else f"{base}/author/{user}")
        row = {
            "url": base_url.rstrip("/") + self.path,
            "title": self.headline,
            "subtitle": None if bare or widgets else self.dek,
            "authors": self.shown_authors(),
            "published_at": day_start(display_date(self)) if day_only else self.published_at,
            "modified_at": self.modified_at,
            "article_type": None if bare or widgets else self.article_type,
            "section": None if bare else self.section,
            "tags": [] if bare else list(self.tags),
            "text": text,
            "word_count": len(text.split()),
            "image_url": None if (bare or self.image is None) else self.image.url(base_url.rstrip("/")),
            "image_credit": self.shown_credit(),
            "language": "en",
            "content_hash": content_hash(text),
            "published_precision": "day" if day_only else "minute",
            "published_date": display_date(self),
            "author_urls": [profile[name] for name in shown],
            **structure(self.blocks(), base),
        }
        assert tuple(row) == SCORED_PAGE_FIELDS  # every scored column (items.py), in order
        return row


# ------------------------------------------------------------------ the structured body's ground truth
_HEADING = {"h2": 2, "h3": 3}
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]"})


def structure(blocks: list[Block], base: str) -> dict:
    """``blocks``, ``text_markdown``, ``links`` and ``images`` as rs_scraper.items defines them, from the CMS
    blocks (written here, apart from the parser's code, so that the two can disagree)."""
    rows: list[dict] = []
    md: list[str] = []
    links: list[dict] = []
    images: list[dict] = []
    for b in blocks:
        if b.kind == "p":
            rows.append({"kind": "paragraph", "text": C.collapse(b.text), "level": None})
            md.append(_md_paragraph(b, base))
            links += [_link(C.link_text(b, ln), ln[3], base) for ln in b.extra.get("links", ())]
        elif b.kind in _HEADING:
            rows.append({"kind": "heading", "text": C.collapse(b.text), "level": _HEADING[b.kind]})
            md.append("#" * _HEADING[b.kind] + " " + _md(C.collapse(b.text)))
        elif b.kind in ("ul", "ol"):
            rows += [{"kind": "list_item", "text": C.collapse(i), "level": 1} for i in b.items]
            marks = [f"{n}." if b.kind == "ol" else "-" for n in range(1, len(b.items) + 1)]
            md.append("\n".join(f"{m} {_md(C.collapse(i))}" for m, i in zip(marks, b.items, strict=True)))
        elif b.kind == "quote":
            rows += [{"kind": "quote", "text": C.collapse(i), "level": None} for i in b.items]
            md += ["> " + _md(C.collapse(i)) for i in b.items]
        elif b.kind == "image":
            images.append(
                {
                    "url": f"{base}/media-library/{b.extra['file']}?id={b.extra['id']}",
                    "alt": C.collapse(b.text),
                    "caption": C.collapse(b.text),
                    "credit": b.extra["credit"],
                }
            )
    return {"blocks": rows, "text_markdown": "\n\n".join(md), "links": links, "images": images}


def _md(text: str) -> str:
    return text.translate(_MD_SPECIAL)


def _md_paragraph(b: Block, base: str) -> str:
    words = b.text.split(" ")
    out, i = [], 0
    for ln in b.extra.get("links", ()):
        j, k, url = ln[0], ln[1], ln[3].replace(C.BASE, base)
        out += [_md(w) for w in words[i:j]] + [f"[{_md(C.link_text(b, ln))}]({url})"]
        i = k
    return C.collapse(" ".join(out + [_md(w) for w in words[i:]]))


def _link(text: str, url: str, base: str) -> dict:
    internal = url.startswith((C.BASE, C.SITE_ORIGIN + "/"))
    url = url.replace(C.BASE, base)
    host = urlsplit(url).hostname or ""
    return {"url": url, "text": text, "domain": host[4:] if host.startswith("www.") else host, "internal": internal}


@dataclass
class FeedEntry:
    """One item of the timeline (sitemaps, feeds, listings): an article, a video page or a trap URL."""

    loc: str  # path or absolute URL, as linked
    title: str
    published_at: datetime
    article: MirrorArticle | None = None

    @property
    def lastmod(self) -> datetime:
        return self.article.lastmod if self.article else self.published_at


def _dedup(xs) -> list:
    out: list = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


def _deck(rng: random.Random, pool: list[int], share: float, minimum: int) -> set[int]:
    """Pick round(share*len) members of pool, at least ``minimum``: small sites still get every variant."""
    k = min(len(pool), max(minimum, round(share * len(pool))))
    return set(rng.sample(pool, k))


class MirrorSite:
    def __init__(
        self,
        articles: int = 72,
        seed: int = 1,
        *,
        variants: bool = True,
        layout: str = "auto",
        traps: bool = False,
        weight: str = "light",
        lastmod_dates: bool = False,
    ) -> None:
        """``lastmod_dates``: the sitemaps give date-only ``<lastmod>`` values (``2026-12-01``), a common CMS
        habit, instead of full timestamps."""
        if articles < 1:
            raise ValueError("articles must be >= 1")
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
        if weight not in WEIGHTS:
            raise ValueError(f"weight must be one of {', '.join(WEIGHTS)}")
        self.n, self.seed, self.variants, self.layout, self.traps = articles, seed, variants, layout, traps
        # "real": every article page carries hundreds of KB of inline scripts, JSON and styles, as a real
        # RebelMouse page does (~440 KB), so that speed and memory are measured at a realistic weight.
        self.weight = weight
        self.lastmod_dates = lastmod_dates
        self._cache: OrderedDict[int, list[Block]] = OrderedDict()
        self._lock = threading.Lock()
        rng = random.Random(f"{seed}/site")
        self.authors = self._make_authors(rng)
        self.articles: list[MirrorArticle] = self._make_articles(rng)
        self.videos: list[MirrorArticle] = self._make_videos(rng)
        self._index()
        self._make_traps(rng)

    # ------------------------------------------------------------------ construction
    def _make_authors(self, rng: random.Random) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        while len(out) < 36:
            name = C.person(rng)
            if name in seen:
                continue
            seen.add(name)
            out.append((name, C.slugify(name), C.bio(rng, name)))
        return out

    def _times(self, rng: random.Random, n: int) -> list[datetime]:
        # Stratified over 2019-11 .. now so every year is covered even at 60 articles; the newest few land in
        # the last 48 h for the news sitemap.
        span = (NOW - timedelta(hours=48) - FIRST_DAY).total_seconds()
        out = []
        for i in range(n):
            t = FIRST_DAY + timedelta(seconds=span * (i + rng.random()) / n)
            # Mostly US office hours; one in ten late in the US evening, i.e. the next day in UTC, so the
            # visible (Eastern) date and the UTC date differ on those pages.
            hour = rng.randint(0, 3) if rng.random() < 0.1 else rng.randint(11, 23)
            out.append(t.replace(hour=hour, minute=rng.randint(0, 59), second=0, microsecond=0))
        out.sort(reverse=True)
        for i in range(min(4, n)):
            out[i] = (NOW - timedelta(hours=2 + 9 * i, minutes=rng.randint(0, 50))).replace(second=0, microsecond=0)
        out[-1] = min(out[-1], FIRST_DAY + timedelta(days=5)).replace(microsecond=0)
        return out

    def _make_articles(self, rng: random.Random) -> list[MirrorArticle]:
        n = self.n
        times = self._times(rng, n)
        variants = [self._base_variant(rng) for _ in range(n)]
        shapes = []
        for i in range(n):
            r = rng.random()
            if times[i] < RM_SWITCH:
                shapes.append("wp" if r < 0.75 else "slug" if r < 0.9 else "id")
            else:
                shapes.append("slug" if r < 0.55 else "id")
        if n >= 3 and "wp" not in shapes:  # a small site still shows all three URL shapes
            shapes[-1] = "wp"
        self._assign_variants(rng, variants, shapes, times)
        arts: list[MirrorArticle] = []
        slugs: set[str] = set(RESERVED)
        post_id = 2_657_000_000
        for i in range(n):
            v = variants[i]
            t = times[i]
            if not v.machine_date:
                t = t.replace(hour=0, minute=0)  # no machine time on the page: the day is all there is
            post_id -= rng.randint(1500, 9000)  # newest first, so ids fall with age and never collide
            arts.append(self._article(rng, i, t, shapes[i], v, slugs, post_id))
        # Initial "updated" dates on a quarter of the pages that can show them.
        for a in arts:
            if a.variant.machine_date and rng.random() < 0.25:
                m = a.published_at + timedelta(hours=rng.randint(2, 240), minutes=rng.randint(0, 59))
                if m < NOW:
                    a.modified_at = m
                    a.lastmod = m
        arts.sort(key=lambda a: a.published_at, reverse=True)
        for i, a in enumerate(arts):
            a.index = i
        return arts

    def _base_variant(self, rng: random.Random) -> Variant:
        return Variant(
            tz_style=rng.choices(("et", "Z", "+00:00"), (2, 1, 1))[0],
            hero_alt=rng.choices(("file", "caption", "headline"), (40, 35, 25))[0],
            hero_lazy=rng.random() < 0.3,
            teaser_body_desc=rng.random() < 0.5,
        )

    def _assign_variants(self, rng: random.Random, vs: list[Variant], shapes: list[str], times: list[datetime]) -> None:
        n = len(vs)
        everyone = list(range(n))
        if self.layout != "auto":
            for v in vs:
                v.layout = self.layout
            if self.layout == "rm-widgets":
                for v in vs:  # the widget pages seen carried JSON-LD with the dates (and no body)
                    v.jsonld = True
                    v.bootstrap = False
        elif self.variants:
            wp = [i for i in everyone if shapes[i] == "wp"]
            for i in _deck(rng, wp, 0.35, 1 if wp else 0):
                vs[i].layout = "wordpress"
            rest = [i for i in everyone if vs[i].layout == "rebelmouse" and i >= 6]
            for i in _deck(rng, rest, 0.06, 2 if n >= 30 else 0):
                vs[i].layout = "redesign"
            rest = [i for i in rest if vs[i].layout == "rebelmouse"]
            for i in _deck(rng, rest, 0.04, 2 if n >= 30 else 0):
                vs[i].layout = "bare"
        if not self.variants:
            self._strip_bare(vs)
            return
        rm = [i for i in everyone if vs[i].layout in ("rebelmouse", "wordpress", "redesign")]
        for i in _deck(rng, rm, 0.07, 2 if n >= 20 else 0):
            vs[i].charset = "windows-1252"
            vs[i].charset_where = rng.choice(("both", "header", "meta"))
        # Metadata profiles: minimal (no machine-readable date anywhere), og only, JSON-LD only, full.
        # The newest six keep full metadata so the news sitemap times stay exact.
        pool = [i for i in rm if i >= 6]
        minimal = _deck(
            rng,
            [i for i in pool if vs[i].layout == "rebelmouse" and vs[i].charset == "utf-8"],
            0.08,
            2 if n >= 30 else 0,
        )
        for i in pool:
            v = vs[i]
            if i in minimal:
                v.og = v.jsonld = v.meta_dates = False
                continue
            r = rng.random()
            if r < 0.14:
                v.jsonld = False  # og + meta dates only
            elif r < 0.26:
                v.og = v.meta_dates = False  # JSON-LD only
        for i in rm:
            if i not in minimal and vs[i].layout == "rebelmouse":
                vs[i].bootstrap = rng.random() < 0.35
        rmo = [i for i in everyone if vs[i].layout == "rebelmouse"]
        for i in _deck(rng, rmo, 0.35, 1 if n >= 10 else 0):
            vs[i].headline_twice = True
        for i in _deck(rng, rmo, 0.3, 1 if n >= 10 else 0):
            vs[i].google_cta = True
        for i in _deck(rng, [i for i in rmo if i < n - 1], 0.2, 2 if n >= 20 else 0):
            vs[i].next_article = True
        for i in _deck(rng, rmo, 0.25, 1 if n >= 10 else 0):
            vs[i].credit_in_body = True
        for i in everyone:  # only RebelMouse teasers reuse div.body-description (the other layouts renamed it)
            if vs[i].layout != "rebelmouse":
                vs[i].teaser_body_desc = False
        self._strip_bare(vs)
        self._widget_pages(vs)

    def _widget_pages(self, vs: list[Variant]) -> None:
        """A quarter of the RebelMouse pages that carry JSON-LD are drawn in the posts-custom widget shape seen on
        real RebelMouse pages (site-facts §5). Drawn with their own generator so every other variant, URL and id of
        a seed stays what it was."""
        rng = random.Random(f"{self.seed}/variants/rm-widgets")
        pool = [i for i, v in enumerate(vs) if v.layout == "rebelmouse" and v.jsonld and i >= 6]
        for i in _deck(rng, pool, 0.25, 2 if len(vs) >= 30 else 0):
            v = vs[i]
            v.layout = "rm-widgets"
            # What those pages showed: no bootstrap body, no headline twice or google cta labels, no next article
            # loader (their scroll posts are widgets of their own), the lead credit above the body.
            v.bootstrap = v.headline_twice = v.google_cta = v.next_article = v.credit_in_body = False
            v.teaser_body_desc = False

    @staticmethod
    def _strip_bare(vs: list[Variant]) -> None:
        # A bare page shows a headline and a body, and carries nothing else but its publication time in a meta
        # tag: no og/JSON-LD/bootstrap that would reveal a dek, section, authors or image the page does not show.
        for v in vs:
            if v.layout == "bare":
                v.og = v.jsonld = v.bootstrap = False
                v.meta_dates = True

    def _article(
        self, rng: random.Random, i: int, t: datetime, shape: str, v: Variant, slugs: set[str], post_id: int
    ) -> MirrorArticle:
        topic = C.pick_topic(rng, t)
        year = t.year
        head = C.headline(rng, topic, year)
        short = rng.random() < 0.15
        section = "QiOSK" if short else topic.section
        atype = rng.choices(C.TYPES, C.TYPE_WEIGHTS)[0]
        if section == "QiOSK" and atype == "Opinion":
            atype = "Reporting"
        dk = C.dek(rng, topic, year) if (not self.variants or rng.random() >= 0.15) else None
        k = rng.choices((1, 2, 3), (75, 20, 5))[0]
        authors = [(n, u) for n, u, _ in rng.sample(self.authors, k)]
        tags = C.article_tags(rng, topic, year)
        base = C.slugify(head, rng.randint(3, 8)) if rng.random() < 0.6 else C.unrelated_slug(rng, topic)
        slug, tries = base, 0
        while slug in slugs:  # widen the suffix range as a base gets crowded (20,000-article sites)
            tries += 1
            slug = f"{base}-{rng.randint(2, 99 * tries * tries)}"
        slugs.add(slug)
        a = MirrorArticle(
            index=i,
            post_id=post_id,
            slug=slug,
            shape=shape,
            path="",
            link_path="",
            headline=head,
            dek=dk,
            authors=authors,
            article_type=atype,
            section=section,
            tags=tags,
            topic=topic.key,
            published_at=t,
            modified_at=None,
            lastmod=t,
            variant=v,
            image=None,
            _site=self,
        )
        a.image = C.hero_image(rng, head, year, wordpress=v.layout == "wordpress", credited=rng.random() < 0.85)
        if shape == "wp":
            d = display_date(a)
            a.path = f"/{d:%Y/%m/%d}/{slug}"
            a.link_path = a.path + "/"
        elif shape == "id":
            a.path = a.link_path = f"/{slug}-{post_id}"
        else:
            a.path = f"/{slug}"
            a.link_path = a.path + ("/" if rng.random() < 0.5 else "")
        return a

    def _make_videos(self, rng: random.Random) -> list[MirrorArticle]:
        out = []
        for j in range(2):
            t = NOW - timedelta(days=3 + 40 * j, hours=rng.randint(0, 12))
            t = t.replace(second=0, microsecond=0)
            topic = C.pick_topic(rng, t)
            pid = 2_658_500_000 + j * 7919
            head = f"Watch: {C.headline(rng, topic, t.year)}"
            a = MirrorArticle(
                index=-1 - j,
                post_id=pid,
                slug=f"video-{C.slugify(head, 4)}",
                shape="id",
                path="",
                link_path="",
                headline=head,
                dek=None,
                authors=[self.authors[j][:2]],
                article_type="News",
                section="Video Section",
                tags=[],
                topic=topic.key,
                published_at=t,
                modified_at=None,
                lastmod=t,
                variant=Variant(),
                image=C.hero_image(rng, head, t.year, wordpress=False, credited=False),
                is_video=True,
                _site=self,
            )
            a.path = a.link_path = f"/{a.slug}-{pid}"
            words = C.fill(rng, "{L} on {I}: a short conversation from our live panel.", topic, t.year)
            letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789_-"
            vid = "".join(rng.choice(letters) for _ in range(11))
            a._body = [Block("youtube", extra={"vid": vid}), Block("p", words)]
            out.append(a)
        return out

    def _index(self) -> None:
        self._by_path: dict[str, MirrorArticle] = {}
        for a in self.articles + self.videos:
            self._by_path[a.path] = a
        self.tag_index: dict[str, list[int]] = {}
        self.tag_names: dict[str, str] = {}
        self.author_index: dict[str, list[int]] = {}
        self.section_index: dict[str, list[int]] = {}
        for a in self.articles:
            for t in a.tags:
                s = C.slugify(t)
                self.tag_names.setdefault(s, t)
                self.tag_index.setdefault(s, []).append(a.index)
            for _, u in a.authors:
                self.author_index.setdefault(u, []).append(a.index)
            self.section_index.setdefault(C.slugify(a.section), []).append(a.index)
        self.author_info = {u: (n, b) for n, u, b in self.authors}

    def _make_traps(self, rng: random.Random) -> None:
        """Timeline = every article, the video pages and (with traps) four trap URLs, newest first."""
        entries = [FeedEntry(a.link_path, a.headline, a.published_at, a) for a in self.articles + self.videos]
        self.trap_500: MirrorArticle | None = None
        self.trap_paths: dict[str, str] = {}
        if self.traps and self.articles:
            k = min(len(self.articles) - 1, 2 + rng.randrange(max(1, min(20, len(self.articles) - 2))))
            self.trap_500 = self.articles[k]
            src = self.articles[min(1, len(self.articles) - 1)]
            disallowed = f"/res/preview/{src.slug}"
            gone = f"/{C.slugify(src.headline, 4)}-retracted-2656999999"
            self.trap_paths = {"disallowed": disallowed, "offsite": "https://offsite.invalid/x", "404": gone}
            t0 = self.articles[0].published_at
            for j, (kind, loc) in enumerate(self.trap_paths.items()):
                entries.append(FeedEntry(loc, f"{src.headline} ({kind})", t0 - timedelta(hours=3 + 5 * j)))
        entries.sort(key=lambda e: e.published_at, reverse=True)
        self.timeline = entries

    # ------------------------------------------------------------------ bodies
    def _blocks(self, a: MirrorArticle) -> list[Block]:
        key = a.index
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        rng = random.Random(f"{self.seed}/body/{a.post_id}")
        topic = next(t for t in C.TOPICS if t.key == a.topic)
        related = [(o.link_path, o.headline) for o in self.articles[a.index + 1 : a.index + 6]]
        blocks = C.make_body(
            rng, topic, a.year, short=a.section == "QiOSK", noise=a.variant.layout != "bare", related=related
        )
        # links from their own random stream: the prose of every seed stays what it was
        extra = random.Random(f"{self.seed}/links/{a.post_id}")
        C.add_links(extra, blocks, [(o.link_path, o.path) for o in self.articles[a.index + 1 : a.index + 6]])
        with self._lock:
            self._cache[key] = blocks
            while len(self._cache) > 512:
                self._cache.popitem(last=False)
        return blocks

    # ------------------------------------------------------------------ public API
    def expected_rows(self, base_url: str) -> list[dict]:
        return [a.expected(base_url) for a in self.articles]

    def non_article_paths(self) -> list[str]:
        out = ["/", "/about/"]
        out += [f"/tag/{s}/" for s in sorted(self.tag_index)]
        big = max(self.tag_index, key=lambda s: len(self.tag_index[s]))
        if len(self.tag_index[big]) > LISTING_PAGE:
            out.append(f"/tag/{big}/page/2/")
        out += [f"/regions/{C.slugify(r)}/" for r in C.REGION_SECTIONS]
        out += [f"/author/{u}/" for u in sorted(self.author_index)]
        out += [f"/{s}/" for s in sorted(NON_REGION_SECTION_SLUGS)]
        out += [v.link_path for v in self.videos]
        return out

    def article_for(self, path: str) -> MirrorArticle | None:
        """The article a path (any slash variant, any query) serves, or None."""
        p = urlsplit(path).path
        if len(p) > 1:
            p = p.rstrip("/")
        a = self._by_path.get(p)
        return a if (a is not None and not a.is_video) else None

    def update_article(self, index: int, *, new_text: str | None = None, when: datetime | None = None) -> MirrorArticle:
        a = self.articles[index]
        if new_text is None:
            rng = random.Random(f"{self.seed}/update/{a.post_id}/{a.lastmod.isoformat()}")
            topic = next(t for t in C.TOPICS if t.key == a.topic)
            blocks = list(a.blocks()) + [Block("p", "Update: " + C.paragraph(rng, topic, a.year))]
        else:
            blocks = [Block("p", p) for p in new_text.split("\n\n") if p.strip()]
        when = when or a.lastmod + timedelta(days=1)
        if when.tzinfo is None:
            raise ValueError("when must be timezone-aware")
        a._body = blocks
        a.modified_at = when.astimezone(UTC)
        a.lastmod = a.modified_at
        return a

    def render(
        self, path_and_query: str, base_url: str, headers: dict | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        return route(self, path_and_query, base_url.rstrip("/"), headers or {})

    def summary(self) -> str:
        layouts: dict[str, int] = {}
        for a in self.articles:
            layouts[a.variant.layout] = layouts.get(a.variant.layout, 0) + 1
        years = sorted({a.year for a in self.articles})
        lay = ", ".join(f"{k} {v}" for k, v in sorted(layouts.items()))
        return (
            f"{len(self.articles)} articles {years[0]}-{years[-1]} ({lay}), {len(self.videos)} video pages, "
            f"seed {self.seed}{', traps on' if self.traps else ''}"
        )
