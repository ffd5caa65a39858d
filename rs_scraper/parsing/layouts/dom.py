"""Layer (b): the fields a page prints, read through its layout's selectors (``Layout.HEADLINE``, ``AUTHORS`` ...),
with the markup-agnostic last resorts every layout shares: a "By A and B" line, a "<Type> | <Section>" line, a
labelled photo credit. The result is a plain dict of candidate values; ``fields.py`` decides precedence.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from rs_scraper.parsing import noise
from rs_scraper.parsing.authors import clean_authors
from rs_scraper.parsing.body import img_src
from rs_scraper.parsing.dates import parse_dated
from rs_scraper.parsing.options import KNOWN_TYPES
from rs_scraper.parsing.page import Page, inside
from rs_scraper.parsing.text import collapse

X = etree.XPath

_PIPE_TEXT = X("//*[text()[contains(., '|')]][not(self::title or self::script or self::style or self::option)]")
# Elements with a text that may open with a credit label (contains() first: normalize-space() allocates a string
# for every text node of the page, ~1 ms on a real page; the opening is then checked in Python).
_CREDIT_TEXT = X(
    "//*[self::p or self::div or self::span or self::small or self::figcaption or self::cite]"
    "[text()[contains(., 'Photo') or contains(., 'Top ') or contains(., 'Image') or contains(., 'Credit')"
    " or contains(., 'Lead ') or contains(., 'Featured ')]]"
)
_CREDIT_OPENINGS = ("Photo", "Top ", "Image", "Credit", "Lead ", "Featured ")


def _opens_with_credit_label(el) -> bool:
    texts = [el.text or ""] + [c.tail or "" for c in el]
    return any(t.strip().startswith(_CREDIT_OPENINGS) for t in texts)


_CAPTIONS = X("//figcaption | //*[contains(@class,'caption')][not(self::img)]")
# contains() first, as for _CREDIT_TEXT: normalize-space() on every text node of a page costs ~3 ms.
_BY_TEXT = X(
    "//*[not(self::script or self::style or self::title or self::option)]"
    "[text()[(contains(., 'By') or contains(., 'by')) and (starts-with(normalize-space(.), 'By ')"
    " or normalize-space(.)='By' or starts-with(normalize-space(.), 'by ') or normalize-space(.)='by')]]"
)


def _in_type_line(el) -> bool:
    """A link of a "<Type> | <Section>" kicker (its type may link to /tag/<type>): not one of the post's tags."""
    parent = el.getparent()
    return parent is not None and noise.type_section(txt(parent)) is not None


def txt(el) -> str:
    if isinstance(el, str):
        return collapse(el)
    return collapse(el.text_content()) if el is not None else ""


# The site footer as sites mark it without a <footer> tag: ARIA's contentinfo role, or the conventional names.
_FOOTER_NAMES = frozenset({"footer", "site-footer", "page-footer", "global-footer", "main-footer"})


def _is_site_footer(el) -> bool:
    return (
        el.get("role") == "contentinfo"
        or (el.get("id") or "").lower() in _FOOTER_NAMES
        or not _FOOTER_NAMES.isdisjoint((el.get("class") or "").lower().split())
    )


def in_chrome(el) -> bool:
    """Inside the site's navigation, page header or page footer (an article's own <footer> is not chrome)."""
    ancestors = list(el.iterancestors())
    in_article = any(a.tag == "article" for a in ancestors)
    for anc in ancestors:
        if anc.tag == "nav" or anc.tag in ("header", "footer") and not in_article and not anc.xpath(".//h1"):
            return True
        if not in_article and anc.tag == "div" and _is_site_footer(anc):
            return True
    return False


def own_text(el) -> str:
    """An element's text without its date/time children (a byline box often holds the date too)."""
    parts = [el.text or ""]
    for child in el:
        cls = child.get("class") or "" if isinstance(child.tag, str) else ""
        if isinstance(child.tag, str) and child.tag != "time" and "date" not in cls:
            parts.append(" " + child.text_content() + " ")
        parts.append(child.tail or "")
    return collapse("".join(parts))


def byline_group(els: list) -> list:
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


def with_headline(els: list, h1) -> list:
    """The elements whose lowest common ancestor with the headline is the first element's (one header's)."""
    if h1 is None or not els:
        return els
    above_h1 = set(h1.iterancestors())

    def meet(el):
        return next((a for a in el.iterancestors() if a in above_h1), None)

    top = meet(els[0])
    return [el for el in els if meet(el) is top]


def author_links(els: list) -> dict[str, str]:
    """name (case-folded) -> href of the byline elements that are, or hold, a link with that name as its text."""
    links: dict[str, str] = {}
    for el in els:
        for a in [el] if el.tag == "a" else el.iter("a"):
            href, text = (a.get("href") or "").strip(), txt(a)
            if href and text and not href.startswith(("#", "javascript:", "mailto:")):
                links.setdefault(text.casefold(), href)
    return links


class Fields(dict):
    """The candidate values, some computed only when first read: a whole-document text search ("By …" lines,
    visible dates) costs milliseconds on a big page and is wasted when structured data already gave the field."""

    def __init__(self) -> None:
        super().__init__()
        self._later: dict[str, Callable[[], dict]] = {}

    def later(self, keys: tuple[str, ...], compute) -> None:
        """``compute()`` returns a dict holding some of ``keys``; it runs when one of them is first read."""
        for k in keys:
            self._later[k] = compute

    def _resolve(self, key: str) -> None:
        compute = self._later.get(key)
        if compute is not None:
            values = compute()
            for k in [k for k, c in self._later.items() if c is compute]:
                del self._later[k]
            for k, v in values.items():
                dict.setdefault(self, k, v)

    def __getitem__(self, key):
        self._resolve(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        self._resolve(key)
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        self._resolve(key)
        return dict.__contains__(self, key)


class DomReader:
    """Reads one page through one layout's selectors."""

    def __init__(self, layout, page: Page, body_el, h1) -> None:
        self.layout = layout
        self.page = page
        self.idx = page.idx
        self.root = page.root
        self.body_el = body_el
        self.h1 = h1

    def in_media(self, el) -> bool:
        return self.layout.in_inline_media(el)

    def first(self, specs):
        for spec in specs:
            for el in self.idx.select(spec):
                if isinstance(el, etree._Element) and not inside(el, self.body_el):
                    return el
        return None

    def all(self, specs) -> list:
        for spec in specs:
            found = [
                el for el in self.idx.select(spec) if isinstance(el, etree._Element) and not inside(el, self.body_el)
            ]
            if found:
                return found
        return []

    # --- fields ------------------------------------------------------------------------------------------------
    def read(self) -> Fields:
        d = Fields()
        root, lay = self.root, self.layout
        if self.h1 is not None:
            d["title"] = noise.strip_title_suffix(txt(self.h1))
            if any(self.h1 in self.idx.select(spec) for spec in lay.OWN_HEADLINE):
                d["own_title"] = d["title"]  # the headline the page's own post header shows
        d["title_tag"] = noise.strip_title_suffix(root.findtext("head/title") or root.findtext(".//title"))
        d["subtitle"] = self.dek()
        author_els = self.all(lay.AUTHORS)
        byline_els = byline_group(self.all(lay.BYLINE))
        names = [txt(el) for el in author_els] or [txt(el) for el in byline_els]
        if names:
            d["authors"] = clean_authors(names)
        else:  # a "By …" line of unknown markup: searched only when no earlier source named the authors
            d.later(("authors",), lambda: {"authors": clean_authors(self.by_line())})
        # The byline proper: the author elements that sit with the headline as the first one does (not an author
        # box further down, not the next article's byline).
        d["byline_authors"] = clean_authors([txt(el) for el in with_headline(author_els or byline_els, self.h1)])
        d["author_links"] = author_links(
            author_els + byline_els + [a for a in self.author_page_links() if not inside(a, self.body_el)]
        )
        d.later(("published_at", "modified_at"), self.dates)
        d["type_section"] = self.type_section()
        d["type_kicker"] = self.type_kicker()
        d["sections"] = [txt(el) for el in self.all(lay.SECTION_LINKS)]
        d["platform_sections"] = lay.platform_sections(self.page)
        d["tags"] = self.tags()
        img = self.first(lay.HERO_IMG)
        if img is not None:
            d["image_url"] = img_src(img, self.page.url)
        d["image_credit"] = self.credit()
        return d

    def dek(self) -> str | None:
        dek = self.first(self.layout.DEK)
        if dek is None and self.layout.DEK_FRAGMENTS and self.h1 is not None:
            dek = next(
                (
                    el
                    for el in self.idx.containing(*self.layout.DEK_FRAGMENTS)
                    if self.idx.alive(el)
                    and not inside(el, self.body_el)
                    and not inside(self.h1, el)
                    and len(txt(el).split()) <= 60
                ),
                None,
            )
        if dek is None:
            return None
        text = txt(dek)
        nxt = dek.getnext()
        if not text and nxt is not None and nxt.tag == "p":
            text = txt(nxt)  # <h2 class=dek><p>…</p></h2>: libxml2 closes the h2 before the <p>
        return text or None

    def dates(self) -> dict:
        d: dict = {}
        lay = self.layout
        for key, attrs, texts in (
            ("published_at", lay.DATE_ATTR, lay.DATE_TEXT),
            ("modified_at", lay.MODIFIED_ATTR, ()),
        ):
            for spec in attrs:
                for v in self.idx.select(spec):
                    dt = parse_dated(str(v))
                    if dt:
                        d[key] = dt
                        break
                if key in d:
                    break
            if key not in d:
                for el in self.all(texts):
                    dt = parse_dated(txt(el), numeric=True)
                    if dt:
                        d[key] = dt
                        break
        if "published_at" not in d:  # "By A and B · May 20, 2026": the byline carries the date
            for el in self.all(lay.BYLINE)[:3]:
                if el.tag != "a" and len(txt(el).split()) <= 40:
                    dt = parse_dated(txt(el), numeric=True)
                    if dt:
                        d["published_at"] = dt
                        break
        return d

    def tags(self) -> list[str]:
        out = []
        for el in self.all(self.layout.TAG_LINKS):
            if self.h1 is not None and in_chrome(el) or _in_type_line(el):
                continue
            t = txt(el).lstrip("#").strip()
            if t:
                out.append(t)
        return out

    def by_line(self) -> list[str]:
        """Last resort for a byline of unknown markup: the first short "By A, B and C" line outside the body and
        the site chrome, else the first group of author-page links (``Layout.AUTHOR_PATHS``)."""
        for el in _BY_TEXT(self.root):
            if inside(el, self.body_el) or in_chrome(el) or self.in_media(el):
                continue
            node = el.getparent() if txt(el).lower() == "by" and el.getparent() is not None else el
            text = own_text(node)
            if len(text.split()) <= 30:
                names = clean_authors([text])
                if names:
                    return names
        links = [a for a in self.author_page_links() if not inside(a, self.body_el) and not in_chrome(a) and txt(a)]
        return [txt(a) for a in byline_group(links)]

    def author_page_links(self) -> list:
        """Links to author pages (``Layout.AUTHOR_PATHS``), in page order."""
        if "author_page_links" not in self.page._cache:
            paths = self.layout.AUTHOR_PATHS
            self.page._cache["author_page_links"] = [
                a for a in self.root.iter("a") if any(p in (a.get("href") or "") for p in paths)
            ]
        return self.page._cache["author_page_links"]

    def type_section(self) -> tuple[str, str] | None:
        """The visible "<Type> | <Section>" line, whatever its markup (one text node or split in links).
        A known type wins over an unknown one (a "Home | About" menu line is not a type line)."""
        fallback_found = None
        for el in _PIPE_TEXT(self.root):
            if inside(el, self.body_el) or in_chrome(el):
                continue
            for node in (el, el.getparent()):
                if node is None:
                    continue
                found = noise.type_section(txt(node))
                if found:
                    if found[0] in KNOWN_TYPES:
                        return found
                    fallback_found = fallback_found or found
                    break
        return fallback_found

    def type_kicker(self) -> str | None:
        """A known type printed alone right above the headline ("Analysis" over the h1), whatever its markup: the
        first element with text before the headline, among its preceding siblings and theirs of two ancestors."""
        node = self.h1
        for _level in range(3):
            if node is None:
                return None
            for sib in node.itersiblings(preceding=True):
                if not isinstance(sib.tag, str) or sib.tag in ("script", "style", "noscript", "template"):
                    continue
                text = txt(sib)
                if text:
                    return text if text in KNOWN_TYPES else None
            node = node.getparent()
        return None

    # --- the lead photo's credit -------------------------------------------------------------------------------
    def credit(self) -> str | None:
        credit = next((el for el in self.all(self.layout.CREDIT) if not self.in_media(el)), None)
        if credit is not None:
            c = txt(credit)
            is_credit_el = "credit" in (credit.get("class") or "")
            found = noise.credit_of(c) or noise.photo_by(c) or (noise.unlabel_credit(c) if is_credit_el else None)
        else:
            found = self.labelled_credit()
        if not found and self.body_el is not None:
            found = self.credit_in_body()
        return found

    def labelled_credit(self) -> str | None:
        """A "Photos: …"/"Top photo credit: …" line of any markup: in the hero (before or beside the headline),
        or anywhere outside the body once teasers are pruned, if the layout knows its body."""
        for el in _CREDIT_TEXT(self.root):
            if not _opens_with_credit_label(el) or inside(el, self.body_el) or in_chrome(el) or self.in_media(el):
                continue
            c = noise.credit_of(txt(el))
            if c:
                return c
        # A hero caption of any markup that names its photographer: "… (Photo by Celestino Arce/NurPhoto)".
        for el in _CAPTIONS(self.root):
            if inside(el, self.body_el) or in_chrome(el) or self.in_media(el):
                continue
            c = noise.photo_by(txt(el))
            if c:
                return c
        return None

    def credit_in_body(self) -> str | None:
        """Unclosed body container: the lead credit printed after the body ends up inside it. Only a labelled
        credit element outside any in-body image counts ("Top photo credit: …")."""
        body_el = self.body_el
        for el in self.idx.containing("credit"):
            if (
                self.idx.alive(el)
                and inside(el, body_el)
                and not any(
                    a.tag in ("figure", "p")
                    or self.layout.is_media(a)
                    or a.find(".//img") is not None  # beside an in-body image: that image's credit
                    for a in el.iterancestors()
                    if a is not body_el and inside(a, body_el)
                )
            ):
                c = noise.credit_of(txt(el))
                if c:
                    return c
        return None
