"""The layered extraction shared by every layout; a layout subclass only supplies its selectors.

Per field, the first layer that has a value wins: (a) structured data, (b) the layout's selectors,
then (c)/(d) only for the body (trafilatura, text rules). The body's layer is recorded in extraction_method.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import ClassVar

from lxml import etree

from rs_scraper.items import Article
from rs_scraper.parsing import body as bodymod
from rs_scraper.parsing import fallback, noise, structured
from rs_scraper.parsing.authors import clean_authors
from rs_scraper.parsing.dates import first_dated, parse_dated, url_date
from rs_scraper.parsing.errors import NotArticle
from rs_scraper.parsing.options import KNOWN_TYPES, MIN_SHORT_TAKE_WORDS, MIN_WORDS
from rs_scraper.parsing.select import ClassIndex
from rs_scraper.parsing.structured import Structured
from rs_scraper.parsing.text import collapse
from rs_scraper.parsing.urls import image_url

X = etree.XPath


def xps(*exprs: str) -> tuple[etree.XPath, ...]:
    return tuple(X(e) for e in exprs)


# Chrome every layout removes before its selectors run: teasers, next-article loaders, stream widgets,
# newsletter boxes (rs-site.md). Teasers carry their own headline/section/byline markup, hence first.
CHROME_CLASSES = ("posts-custom", "around-the-web", "newsletter", "Newsletter", "subscribe")
_STREAM_IDS = X("//*[@id][starts-with(@id,'sStream_')]")
_PIPE_TEXT = X("//*[text()[contains(., '|')]][not(self::title or self::script or self::style or self::option)]")
_TEASER_HEADINGS = X("//h2[.//a] | //h3[.//a] | //h4[.//a]")
_CREDIT_TEXT = X(
    "//*[self::p or self::div or self::span or self::small or self::figcaption or self::cite]"
    "[text()[starts-with(normalize-space(.), 'Photo') or starts-with(normalize-space(.), 'Top ')"
    " or starts-with(normalize-space(.), 'Image') or starts-with(normalize-space(.), 'Credit')"
    " or starts-with(normalize-space(.), 'Lead ') or starts-with(normalize-space(.), 'Featured ')]]"
)
_CAPTIONS = X("//figcaption | //*[contains(@class,'caption')][not(self::img)]")
# The label of a text that is known to be a credit (a credit element, the platform's photo_credit field).
_CREDIT_LABEL = re.compile(r"^(?:(?:top |lead |featured )?(?:photo|image|picture)(?:graph)?s?(?: credits?)?\s*(?:by\b|:)"
                           r"|credits?\s*:)\s*", re.I)


def _unlabel(credit: str) -> str:
    """'Photo by A/Getty' -> 'A/Getty'; '(Photograph: AP)' -> 'AP'."""
    c = credit.strip()
    if c.startswith("(") and c.endswith(")"):
        c = c[1:-1].strip()
    return _CREDIT_LABEL.sub("", c).strip() or c


_IMG_ATTRS = ("data-runner-src", "data-src", "data-lazy-src", "data-original", "src", "poster")
# The site's logo or default share image stands in for og:image on pages without their own: not a lead image.
_SITE_IMAGE = re.compile(r"(?:^|[-_.])(?:logo|favicon|placeholder|default|fallback)(?:[-_.]|$)", re.I)


def prune_common_chrome(root, idx: ClassIndex) -> None:
    """Idempotent: teasers, stream widgets, newsletter boxes, scripts (structured data is read before)."""
    doomed = [el for el in idx.containing(*CHROME_CLASSES) if idx.alive(el)] + _STREAM_IDS(root)
    # Other sites name the article itself so (Substack's <article class="newsletter-post">): an element that
    # wraps the page's main text block is never chrome.
    keep = fallback.article_wrappers(root) if any(_may_wrap_article(el) for el in doomed) else ()
    doomed += list(root.iter("script", "style", "noscript", "template"))
    for el in doomed:
        if el.getparent() is not None and el not in keep:
            el.drop_tree()


def _may_wrap_article(el) -> bool:
    """Cheap pre-check before the costly main-block search. RebelMouse's teaser streams (posts-custom,
    around-the-web, sStream_) never wrap the article; a generic "newsletter"/"subscribe" class may (Substack's
    <article class="newsletter-post">, a paywall's "subscriber-content"), when it holds paragraphs."""
    cls = el.get("class") or ""
    return ("newsletter" in cls.lower() or "subscribe" in cls.lower()) and len(el.findall(".//p")) >= 4


def _in_inline_image(el) -> bool:
    """Inside an in-body image (its caption/credit is not the lead photo's)."""
    for anc in el.iterancestors():
        cls = anc.get("class") or ""
        if "shortcode-media" in cls or "body-description" in cls:
            return True
    return False


def _txt(el) -> str:
    if isinstance(el, str):
        return collapse(el)
    return collapse(el.text_content()) if el is not None else ""


def _inside(el, container) -> bool:
    if container is None:
        return False
    for anc in el.iterancestors():
        if anc is container:
            return True
    return el is container


_OTHER_ARTICLE = X("following::*[self::h1 or self::article or contains(@class, 'widget__headline')"
                   " or contains(@class, 'social-author') or contains(@class, 'social-date')]")


def _in_chrome(el) -> bool:
    """Inside the site's navigation, page header or page footer (an article's own <footer> is not chrome)."""
    ancestors = list(el.iterancestors())
    in_article = any(a.tag == "article" for a in ancestors)
    for anc in ancestors:
        if anc.tag == "nav" or anc.tag in ("header", "footer") and not in_article and not anc.xpath(".//h1"):
            return True
    return False


_BY_TEXT = X("//*[not(self::script or self::style or self::title or self::option)]"
             "[text()[starts-with(normalize-space(.), 'By ') or normalize-space(.)='By'"
             " or starts-with(normalize-space(.), 'by ') or normalize-space(.)='by']]")
_AUTHOR_LINKS = X("//a[contains(@href, '/author/')]")


def _own_text(el) -> str:
    """An element's text without its date/time children (a byline box often holds the date too)."""
    parts = [el.text or ""]
    for child in el:
        cls = child.get("class") or "" if isinstance(child.tag, str) else ""
        if isinstance(child.tag, str) and child.tag != "time" and "date" not in cls:
            parts.append(" " + child.text_content() + " ")
        parts.append(child.tail or "")
    return collapse("".join(parts))


def _by_line(root, body_el) -> list[str]:
    """Last resort for a byline of unknown markup: the first short "By A, B and C" line outside the body and the
    site chrome, else the first group of /author/ links (RS author pages are /author/<username>/)."""
    for el in _BY_TEXT(root):
        if _inside(el, body_el) or _in_chrome(el) or _in_inline_image(el):
            continue
        node = el.getparent() if _txt(el).lower() == "by" and el.getparent() is not None else el
        text = _own_text(node)
        if len(text.split()) <= 30:
            names = clean_authors([text])
            if names:
                return names
    links = [a for a in _AUTHOR_LINKS(root) if not _inside(a, body_el) and not _in_chrome(a) and _txt(a)]
    return [_txt(a) for a in _byline_group(links)]


def _author_links(els: list) -> dict[str, str]:
    """name (case-folded) -> href of the byline elements that are, or hold, a link with that name as its text."""
    links: dict[str, str] = {}
    for el in els:
        for a in ([el] if el.tag == "a" else el.iter("a")):
            href, text = (a.get("href") or "").strip(), _txt(a)
            if href and text and not href.startswith(("#", "javascript:", "mailto:")):
                links.setdefault(text.casefold(), href)
    return links


def author_urls(authors: list[str], links: dict[str, str], page_url: str) -> list[str | None]:
    """The author page of each name, parallel to ``authors``: absolute and canonical, None where none is linked."""
    from urllib.parse import urljoin

    from rs_scraper.urls import canonicalize

    out: list[str | None] = []
    for name in authors:
        href = links.get(name.casefold())
        out.append(canonicalize(urljoin(page_url, href), page_url) if href else None)
    return out


def _byline_group(els: list) -> list:
    """The byline among BYLINE matches: the first match, and when it is one author's link ("By <a>A</a>, <a>B</a>
    and <a>C</a>"), every matching link of the same byline (same parent). Links further down the page (author box,
    bios) are other places the same names are printed, not more authors."""
    if not els:
        return []
    first = els[0]
    if first.tag != "a":
        return [first]  # a free-text byline: split into names later
    parent = first.getparent()
    return [el for el in els if el.tag == "a" and el.getparent() is parent]


class Layout:
    name: ClassVar[str] = "base"
    version: ClassVar[str] = "base-v0"
    valid_from: ClassVar[date | None] = None
    valid_until: ClassVar[date | None] = None  # the date this markup stopped being served, if known

    CHROME: ClassVar[tuple] = ()
    BODY: ClassVar[tuple] = ()
    NEXT_ARTICLE: ClassVar[etree.XPath | None] = None  # from the body: the first element of the next article
    HEADLINE: ClassVar[tuple] = ()
    DEK: ClassVar[tuple] = ()
    DEK_FRAGMENTS: ClassVar[tuple] = ()  # class-name fragments of a dek in layouts we do not know
    AUTHORS: ClassVar[tuple] = ()        # each match is one name (or "A and B")
    BYLINE: ClassVar[tuple] = ()         # a free-text byline, split into names
    DATE_ATTR: ClassVar[tuple] = ()      # attribute values (datetime=...)
    DATE_TEXT: ClassVar[tuple] = ()      # visible dates
    MODIFIED_ATTR: ClassVar[tuple] = ()
    SECTION_LINKS: ClassVar[tuple] = ()
    TAG_LINKS: ClassVar[tuple] = ()
    HERO_IMG: ClassVar[tuple] = ()
    CREDIT: ClassVar[tuple] = ()
    BODY_CONTINUES: ClassVar[bool] = False  # further BODY containers after the first continue the body
    SLIDE: ClassVar[str | None] = None      # class token of a listicle slide (its headline is a subheading)

    @classmethod
    def matches(cls, idx: ClassIndex, st: Structured) -> bool:
        return False

    # --- entry -------------------------------------------------------------------------------------------
    def parse(self, root, st: Structured, url: str, idx: ClassIndex | None = None) -> Article:
        """``idx`` comes from the entry point, which has already pruned the common chrome with it."""
        if idx is None:
            idx = ClassIndex(root)
            prune_common_chrome(root, idx)
        self._prune_chrome(root, idx)
        body_el = self._body_container(idx)
        if body_el is not None and self.NEXT_ARTICLE is not None:
            self._cut_after(root, body_el)
        h1 = self._first_el(idx, self.HEADLINE, exclude=body_el)

        dom = self._dom_fields(idx, body_el, h1, url)
        if body_el is not None and self.BODY_CONTINUES:
            dom["_more_body"] = self._more_body(idx, body_el)
        text_blocks, method, found, dump = self._body(root, st, body_el, h1, dom)
        return self._merge(st, dom, text_blocks, method, url, dump)

    # --- selectors ----------------------------------------------------------------------------------------
    def _body_container(self, idx: ClassIndex):
        """The first BODY match, unless it is a short teaser set before the page's headline (a featured-posts
        strip reusing the article markup) and a later match follows the headline: then that one."""
        for spec in self.BODY:
            els = [el for el in idx.select(spec) if isinstance(el, etree._Element)]
            if not els:
                continue
            first = els[0]
            if len(els) < 2 or len(_txt(first).split()) >= MIN_WORDS:
                return first
            h1 = next(idx.root.iter("h1"), None)
            if h1 is None or _inside(h1, first):
                return first
            order = {el: i for i, el in enumerate(idx.root.iter())}
            if order.get(first, 0) > order.get(h1, 0):
                return first
            return next((el for el in els[1:] if order.get(el, 0) > order[h1]), first)
        return None

    def _prune_chrome(self, root, idx: ClassIndex) -> None:
        doomed = []
        for spec in self.CHROME:
            doomed += [el for el in idx.select(spec) if isinstance(el, etree._Element)]
        for el in doomed:
            if el.getparent() is not None:
                el.drop_tree()

    @staticmethod
    def _first_el(idx: ClassIndex, specs, exclude=None):
        for spec in specs:
            for el in idx.select(spec):
                if isinstance(el, etree._Element) and not _inside(el, exclude):
                    return el
        return None

    @staticmethod
    def _all_els(idx: ClassIndex, specs, exclude=None) -> list:
        for spec in specs:
            found = [el for el in idx.select(spec) if isinstance(el, etree._Element) and not _inside(el, exclude)]
            if found:
                return found
        return []

    def _cut_after(self, root, body_el) -> None:
        """Infinite scroll appended the next article: drop it and everything after it."""
        try:
            nxt = self.NEXT_ARTICLE(body_el)
        except etree.XPathError:
            return
        if not nxt:
            return
        boundary = nxt[0]
        keep = set(body_el.iterancestors())
        while boundary.getparent() is not None and boundary.getparent() not in keep:
            boundary = boundary.getparent()
        node = boundary
        while node is not None and node.getparent() is not None:
            for sib in list(node.itersiblings()):
                node.getparent().remove(sib)
            node = node.getparent()
        boundary.getparent().remove(boundary)

    def _more_body(self, idx: ClassIndex, body_el) -> list:
        """The body continued in later containers of the same parent (split by an ad, or listicle slides), each
        with the headline of its slide: [(heading element or None, container), ...]."""
        parent = body_el.getparent()
        if parent is None:
            return []
        out, last, seen = [], body_el, False
        cands = []
        for el in self._all_els(idx, self.BODY[:1]):  # document order
            seen = seen or el is body_el
            if seen and el is not body_el and _inside(el, parent) and not _inside(el, body_el):
                cands.append(el)
        if not cands:
            return []
        # A later container under a headline or byline of its own (outside a slide) is another article.
        order = {el: i for i, el in enumerate(parent.iter())}
        marks = [m for m in _OTHER_ARTICLE(body_el) if m in order and not (self.SLIDE and any(
            self.SLIDE in (a.get("class") or "") for a in m.iterancestors()))]
        stop = min((order[m] for m in marks), default=len(order))
        for el in cands:
            if order[el] > stop or _inside(el, last):
                continue
            head = None
            if self.SLIDE:
                slide = next((a for a in el.iterancestors() if a is not parent and self.SLIDE in (a.get("class") or "")
                              and _inside(a, parent)), None)
                if slide is not None:
                    head = next((h for h in slide.iter("h1", "h2", "h3", "h4", "h5", "h6") if not _inside(h, el)),
                                None)
            out.append((head, el))
            last = el
        return out

    def _dom_fields(self, idx: ClassIndex, body_el, h1, url: str) -> dict:
        root = idx.root
        d: dict = {}
        if h1 is not None:
            d["title"] = noise.strip_title_suffix(_txt(h1))
        d["title_tag"] = noise.strip_title_suffix(root.findtext("head/title") or root.findtext(".//title"))
        dek = self._first_el(idx, self.DEK, exclude=body_el)
        if dek is None and self.DEK_FRAGMENTS and h1 is not None:
            dek = next((el for el in idx.containing(*self.DEK_FRAGMENTS)
                        if idx.alive(el) and not _inside(el, body_el) and not _inside(h1, el)
                        and len(_txt(el).split()) <= 60), None)
        if dek is not None:
            text = _txt(dek)
            nxt = dek.getnext()
            if not text and nxt is not None and nxt.tag == "p":
                text = _txt(nxt)  # <h2 class=dek><p>…</p></h2>: libxml2 closes the h2 before the <p>
            d["subtitle"] = text or None
        author_els = self._all_els(idx, self.AUTHORS, exclude=body_el)
        byline_els = _byline_group(self._all_els(idx, self.BYLINE, exclude=body_el))
        names = [_txt(el) for el in author_els]
        if not names:
            names = [_txt(el) for el in byline_els]
        if not names:
            names = _by_line(root, body_el)
        d["authors"] = clean_authors(names)
        d["author_links"] = _author_links(author_els + byline_els + [
            a for a in _AUTHOR_LINKS(root) if not _inside(a, body_el)])
        for key, attrs, texts in (("published_at", self.DATE_ATTR, self.DATE_TEXT),
                                  ("modified_at", self.MODIFIED_ATTR, ())):
            for spec in attrs:
                for v in idx.select(spec):
                    dt = parse_dated(str(v))
                    if dt:
                        d[key] = dt
                        break
                if key in d:
                    break
            if key not in d:
                for el in self._all_els(idx, texts, exclude=body_el):
                    dt = parse_dated(_txt(el), numeric=True)
                    if dt:
                        d[key] = dt
                        break
        if "published_at" not in d:  # "By A and B · May 20, 2026": the byline carries the date
            for el in self._all_els(idx, self.BYLINE, exclude=body_el)[:3]:
                if el.tag != "a" and len(_txt(el).split()) <= 40:
                    dt = parse_dated(_txt(el), numeric=True)
                    if dt:
                        d["published_at"] = dt
                        break
        d["type_section"] = self._type_section(root, body_el)
        d["sections"] = [_txt(el) for el in self._all_els(idx, self.SECTION_LINKS, exclude=body_el)]
        tags = []
        for el in self._all_els(idx, self.TAG_LINKS, exclude=body_el):
            if h1 is not None and _in_chrome(el):
                continue
            t = _txt(el).lstrip("#").strip()
            if t:
                tags.append(t)
        d["tags"] = tags
        img = self._first_el(idx, self.HERO_IMG, exclude=body_el)
        if img is not None:
            d["image_url"] = self._img_src(img, url)
        credit = next((el for el in self._all_els(idx, self.CREDIT, exclude=body_el) if not _in_inline_image(el)), None)
        if credit is not None:
            c = _txt(credit)
            is_credit_el = "credit" in (credit.get("class") or "")
            d["image_credit"] = noise.credit_of(c) or noise.photo_by(c) or (_unlabel(c) if is_credit_el else None)
        else:
            d["image_credit"] = self._labelled_credit(root, body_el, h1)
        if not d["image_credit"] and body_el is not None:
            # Unclosed body container: the lead credit printed after the body ends up inside it. Only a labelled
            # credit element outside any in-body image counts ("Top photo credit: …").
            for el in idx.containing("credit"):
                if idx.alive(el) and _inside(el, body_el) and not any(
                        a.tag in ("figure", "p") or "shortcode-media" in (a.get("class") or "")
                        or a.find(".//img") is not None  # beside an in-body image: that image's credit
                        for a in el.iterancestors() if a is not body_el and _inside(a, body_el)):
                    c = noise.credit_of(_txt(el))
                    if c:
                        d["image_credit"] = c
                        break
        return d

    @staticmethod
    def _labelled_credit(root, body_el, h1) -> str | None:
        """A "Photos: …"/"Top photo credit: …" line of any markup: in the hero (before or beside the headline),
        or anywhere outside the body once teasers are pruned, if the layout knows its body."""
        for el in _CREDIT_TEXT(root):
            if _inside(el, body_el) or _in_chrome(el) or _in_inline_image(el):
                continue
            c = noise.credit_of(_txt(el))
            if c:
                return c
        # A hero caption of any markup that names its photographer: "… (Photo by Celestino Arce/NurPhoto)".
        for el in _CAPTIONS(root):
            if _inside(el, body_el) or _in_chrome(el) or _in_inline_image(el):
                continue
            c = noise.photo_by(_txt(el))
            if c:
                return c
        return None

    @staticmethod
    def _img_src(img, url: str) -> str | None:
        for attr in _IMG_ATTRS:
            v = img.get(attr)
            found = image_url(v, url)
            if found:
                return found
        srcset = img.get("data-runner-srcset") or img.get("srcset")
        return image_url(srcset, url) if srcset else None

    @staticmethod
    def _type_section(root, body_el) -> tuple[str, str] | None:
        """The visible "<Type> | <Section>" line, whatever its markup (one text node or split in links).
        A known type wins over an unknown one (a "Home | About" menu line is not a type line)."""
        fallback_found = None
        for el in _PIPE_TEXT(root):
            if _inside(el, body_el) or _in_chrome(el):
                continue
            for node in (el, el.getparent()):
                if node is None:
                    continue
                found = noise.type_section(_txt(node))
                if found:
                    if found[0] in KNOWN_TYPES:
                        return found
                    fallback_found = fallback_found or found
                    break
        return fallback_found

    # --- body layers --------------------------------------------------------------------------------------
    def _body(self, root, st: Structured, body_el, h1, dom: dict):
        """(blocks, method, found_container, dump) — the first layer with enough words wins."""
        candidates: list[tuple[list[str], str]] = []
        post_body = st.post.get("body") if st.post else None
        if isinstance(post_body, str) and post_body.strip():
            blocks = self._blocks_from_html(post_body, dom)
            if blocks:
                candidates.append((blocks, "structured"))
                if _words(blocks) >= MIN_WORDS:
                    return blocks, "structured", True, None
        player = "<iframe" in post_body or "<video" in post_body if isinstance(post_body, str) else False
        if body_el is not None:
            player = player or _has_player(body_el)
            blocks = self._blocks_from_el(body_el, dom)
            for head, part in dom.pop("_more_body", ()):
                title = _txt(head) if head is not None else ""
                more = self._blocks_from_el(part, dom)
                blocks += ([title] if title and more else []) + more
            candidates.append((blocks, "selectors"))
            if _words(blocks) >= MIN_WORDS:
                return blocks, "selectors", True, None
        if candidates:
            # The layout's own body container exists but is short: a video page or stub, not a misparse, unless
            # it is a short take under a headline, without a player.
            best = max(candidates, key=lambda c: _words(c[0]))
            if _words(best[0]) >= MIN_SHORT_TAKE_WORDS and not player and (h1 is not None or st.jsonld):
                return best[0], best[1], True, None
            if any(b for b, _ in candidates):
                raise NotArticle("too_short", f"{max(_words(b) for b, _ in candidates)} words")
            raise NotArticle("no_body", "empty body container")

        # (c) and (d): no container. A site-level page full of teasers is a listing, not an article to guess.
        if not st.jsonld:
            og_type = (st.m("og:type") or "").lower()
            # Only when no single text block carries the page: an article with a "More stories" grid of linked
            # <h3> cards below it, or on a site that calls every page og:type=website, is still an article.
            if ((og_type == "website" or len(_TEASER_HEADINGS(root)) >= 6)
                    and fallback.dominant_block(root)[1] < 3 * MIN_WORDS):
                raise NotArticle("listing", "no body container; teasers or og:type=website")
            if h1 is None and og_type != "article" and not st.post:
                raise NotArticle("listing", "no body container, no headline, no article metadata")
        ld_body = structured.plain(st.jsonld.get("articleBody")) if st.jsonld else None
        fallback.prune_page(root)
        title = dom.get("title")
        blocks = noise.filter_paragraphs(fallback.trafilatura_paragraphs(root, title))
        blocks = self._strip_header_lines(blocks, dom, st)
        if _words(blocks) >= MIN_WORDS:
            # trafilatura decides what is body; when the densest container says the same, our own reading of it
            # keeps the structure trafilatura flattens (subheadings, list blocks).
            dense = fallback.densest_container(root)
            if dense is not None:
                ours = self._strip_header_lines(noise.filter_paragraphs(bodymod.paragraphs(dense)), dom, st)
                ours = fallback.trim_to(ours, blocks)
                if fallback.agree(ours, blocks):
                    return ours, "trafilatura", False, None
            return blocks, "trafilatura", False, None
        if h1 is not None and h1.getparent() is not None:
            fallback.start_at_headline(root, h1)
        dump = fallback.text_rules(root)
        if _words(dump.blocks) >= MIN_WORDS:
            return dump.blocks, "text_rules", False, dump
        if ld_body and len(ld_body.split()) >= MIN_WORDS:
            return [ld_body], "structured", False, None
        best = max(_words(blocks), _words(dump.blocks))
        if best:
            raise NotArticle("too_short", f"{best} words")
        raise NotArticle("no_body")

    def _blocks_from_html(self, html: str, dom: dict) -> list[str]:
        try:
            import lxml.html

            frag = lxml.html.fragment_fromstring(html, create_parent="div")
        except (etree.ParserError, ValueError, TypeError):
            return []
        return self._blocks_from_el(frag, dom)

    def _blocks_from_el(self, el, dom: dict) -> list[str]:
        bodymod.prune_body(el)
        raw = bodymod.paragraphs(el)
        # A credit line printed at the end of the body is the lead photo's credit (captured, not body).
        for par in raw[-3:]:
            c = noise.credit_of(par)
            if c and "body_credit" not in dom:
                dom["body_credit"] = c
        return noise.filter_paragraphs(raw)

    @staticmethod
    def _strip_header_lines(blocks: list[str], dom: dict, st: Structured) -> list[str]:
        """trafilatura may keep the headline, the dek, the byline or the type line above the body."""
        heads = {x.lower().rstrip(".… ") for x in (
            dom.get("title"), dom.get("subtitle"), structured.plain(st.jsonld.get("description")),
            st.m("og:description", "description"), noise.strip_title_suffix(st.m("og:title"))) if x}
        while blocks and (blocks[0].lower().rstrip(".… ") in heads or noise.type_section(blocks[0])
                          or _is_byline(blocks[0])):
            blocks = blocks[1:]
        return blocks

    # --- merge --------------------------------------------------------------------------------------------
    def _merge(self, st: Structured, dom: dict, blocks: list[str], method: str, url: str, dump) -> Article:
        ld, post = st.jsonld or {}, st.post or {}
        text = "\n\n".join(blocks)

        # title
        dom_title = dom.get("title")
        title = None
        for cand in (structured.plain(ld.get("headline")), structured.plain(post.get("headline")),
                     noise.strip_title_suffix(st.m("og:title", "twitter:title")), dom_title,
                     dump.title if dump else None, noise.strip_title_suffix(st.m("title")), dom.get("title_tag")):
            if cand:
                title = noise.strip_title_suffix(cand)
                break
        if title and dom_title and title != dom_title and _truncated(title, dom_title):
            title = dom_title

        # subtitle: the dek. A description that is only the body's opening is an excerpt, not a dek.
        subtitle = structured.plain(post.get("subheadline")) or dom.get("subtitle")
        if not subtitle and dump is not None:
            subtitle = dump.subtitle
        if not subtitle and (not self.DEK or not dom_title):
            desc = structured.plain(ld.get("description")) or st.m("og:description", "description",
                                                                     "twitter:description")
            if desc and not _is_excerpt(desc, text) and desc != title:
                subtitle = desc

        links = {**structured.author_links(ld.get("author")), **dom.get("author_links", {})}  # the page's own first
        authors = clean_authors(structured.names(ld.get("author"))) \
            or clean_authors(structured.names(post.get("authors") or post.get("author"))) \
            or dom.get("authors") \
            or clean_authors([a for a in st.ms("author") + st.ms("article:author") + st.ms("parsely-author")])

        # dates with their precision (minute, or day when the source names only a calendar day)
        published = first_dated(ld.get("datePublished"), st.m("article:published_time"), post.get("created_ts"),
                                st.m("date", "pubdate", "publish-date", "parsely-pub-date", "dc.date"),
                                dom.get("published_at"), ld.get("dateCreated"), url_date(url))
        modified = first_dated(ld.get("dateModified"), st.m("article:modified_time", "og:updated_time"),
                               post.get("updated_ts"), dom.get("modified_at"))

        types, sections = [], []
        for s in (structured.keywords(ld.get("articleSection")) + st.ms("article:section")
                  + structured.names(post.get("section")) + structured.names(post.get("sections"))):
            _sort_section(s, types, sections)
        ts = dom.get("type_section")
        if ts:
            types.append(ts[0])
            sections.append(ts[1])
        for s in dom.get("sections", []):
            _sort_section(s, types, sections)
        if dump is not None and dump.article_type:
            types.append(dump.article_type)
            sections.append(dump.section)
        article_type = next((t for t in types if t), None)
        section = next((s for s in sections if s), None)

        tags = _dedupe(structured.names(post.get("public_tags") or post.get("tags"))) \
            or _dedupe(dom.get("tags", [])) or _dedupe(st.ms("article:tag")) \
            or _dedupe(structured.keywords(ld.get("keywords")))

        ld_img, ld_credit = structured.image_of(ld.get("image"))
        logo, _ = structured.image_of((ld.get("publisher") or {}).get("logo")) if isinstance(ld.get("publisher"),
                                                                                          dict) else (None, None)
        logo = image_url(logo, url)
        image = next((u for u in (image_url(st.m("og:image", "og:image:url", "og:image:secure_url", "twitter:image"),
                                            url), image_url(ld_img, url), image_url(_post_image(post), url))
                      if u and u != logo and not _SITE_IMAGE.search(u.rsplit("/", 1)[-1].split("?")[0])),
                     None) or dom.get("image_url")
        credit = (structured.plain(post.get("photo_credit")) or ld_credit or dom.get("image_credit")
                  or dom.get("body_credit") or (dump.image_credit if dump else None))
        if credit:
            credit = noise.credit_of(credit) or _unlabel(credit)

        lang = st.lang or st.m("content-language", "og:locale") or structured.plain(ld.get("inLanguage"))
        lang = lang.replace("_", "-").split("-")[0].strip().lower() or None if lang else None
        if not lang:
            lang = _guess_language(text)

        return Article(
            url=url, title=title, subtitle=subtitle or None, authors=authors,
            published_at=published.at if published else None, modified_at=modified.at if modified else None,
            published_precision=published.precision if published else None,
            published_date=published.day if published else None, author_urls=author_urls(authors, links, url),
            article_type=article_type, section=section, tags=tags, text=text,
            word_count=len(text.split()), image_url=image, image_credit=credit or None, language=lang,
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(), parser_version=self.version,
            extraction_method=method,
        )


# The most frequent English function words: they make up a third or more of running English prose and almost
# none of other languages' (RS publishes in English; a page that does not say so is judged by its text).
_EN_FUNCTION = frozenset("the of and to a in is that for it on as with was be by are this not have has but from "
                         "at or an its their they which will would than more been were".split())


def _guess_language(text: str) -> str | None:
    words = [w.strip(".,;:!?“”‘’\"'()").lower() for w in text.split()[:500]]
    if len(words) < 20:
        return None
    return "en" if sum(w in _EN_FUNCTION for w in words) / len(words) >= 0.18 else None


def _is_byline(block: str) -> bool:
    """"By Jane Doe", "By JANE DOE, Staff Writer" — not "By Tuesday morning, the water had reached the roof."."""
    return (block.lower().startswith("by ") and len(block.split()) <= 12
            and (not noise.ends_sentence(block) or noise.is_name_like(block)))


_PLAYER = X("descendant::*[self::iframe or self::video or self::amp-iframe or self::amp-video or self::amp-youtube"
            " or contains(@class, 'youtube') or contains(@class, 'video')][1]")


def _has_player(el) -> bool:
    return bool(_PLAYER(el))


def _words(blocks: list[str]) -> int:
    return sum(len(b.split()) for b in blocks)


def _truncated(short: str, full: str) -> bool:
    s = short.rstrip(".… ").lower()
    return len(s) < len(full) and full.lower().startswith(s)


def _is_excerpt(desc: str, text: str) -> bool:
    d = desc.rstrip(".… ").lower()
    return bool(d) and d[:80] in text[: len(d) + 200].lower()


def _sort_section(value: str, types: list, sections: list) -> None:
    value = collapse(value)
    if not value:
        return
    ts = noise.type_section(value)
    if ts:
        types.append(ts[0])
        sections.append(ts[1])
    elif value in KNOWN_TYPES:
        types.append(value)
    else:
        sections.append(value)


def _dedupe(values: list[str]) -> list[str]:
    out, seen = [], set()
    for v in values:
        v = collapse(v).lstrip("#").strip()
        if v and v.lower() not in seen:
            seen.add(v.lower())
            out.append(v)
    return out


def _post_image(post: dict):
    for key in ("image", "photo", "lead_image", "leadImage", "original_image", "image_url"):
        v = post.get(key)
        if v:
            url, _ = structured.image_of(v)
            if url:
                return url
    return None
