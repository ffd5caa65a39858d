"""In-body noise (what sits inside a body container but is not body) and the in-body images found among it.

The mechanism only: which class names are noise is each layout's knowledge (``Layout.BODY_NOISE``). What every
page shares is here: tags that never carry body text, and how an image container gives up its url, alt, caption
and credit.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from rs_scraper.parsing import noise as textnoise
from rs_scraper.parsing.blocks import Image
from rs_scraper.parsing.text import collapse
from rs_scraper.parsing.urls import image_url

# Tags that are never body text, in any markup: media, widgets, forms, asides.
NOISE_TAGS = frozenset(
    {
        "figure",
        "figcaption",
        "img",
        "picture",
        "iframe",
        "script",
        "style",
        "noscript",
        "video",
        "audio",
        "object",
        "embed",
        "svg",
        "button",
        "form",
        "template",
        "input",
        "select",
        "textarea",
        "aside",
    }
)
IMG_ATTRS = ("data-runner-src", "data-src", "data-lazy-src", "data-original", "src", "poster")
# An image container that is an embed (a tweet's avatar, a video's poster) or an ad shows no image of the article.
_NOT_PHOTO = (
    "tweet",
    "twitter",
    "instagram",
    "tiktok",
    "youtube",
    "video",
    "embed",
    "newsletter",
    "adsbygoogle",
    "ad-unit",
    "ad-slot",
    "advert",
    "promo",
)


def xp(expr: str) -> etree.XPath:
    return etree.XPath(expr)


@dataclass(frozen=True)
class NoiseRules:
    """An element is noise when its tag is a noise tag (or AMP media), a class token contains one of ``fragments``
    ([class*=...] semantics), or a class token is one of ``tokens``. ``keep``: elements never noise (the article's
    own wrappers, whatever their class says)."""

    fragments: tuple[str, ...] = ()
    tokens: frozenset[str] = frozenset()
    keep: frozenset = frozenset()

    def __call__(self, el) -> bool:
        tag = el.tag
        if not isinstance(tag, str):
            return False
        if tag in NOISE_TAGS or tag.startswith("amp-") and tag != "amp-fit-text":
            return el not in self.keep
        cls = el.get("class")
        if not cls:
            return False
        if any(f in cls for f in self.fragments) or not self.tokens.isdisjoint(cls.split()):
            return el not in self.keep
        return False

    def keeping(self, keep) -> NoiseRules:
        return NoiseRules(self.fragments, self.tokens, frozenset(keep))


def img_src(img, base: str | None) -> str | None:
    for attr in IMG_ATTRS:
        found = image_url(img.get(attr), base)
        if found:
            return found
    srcset = img.get("data-runner-srcset") or img.get("srcset")
    return image_url(srcset, base) if srcset else None


def _txt(el) -> str:
    return collapse(el.text_content()) if el is not None else ""


def _first_with_class(el, fragment: str, exclude=None):
    for d in el.iter():
        if d is el or d is exclude or not isinstance(d.tag, str):
            continue
        if fragment in (d.get("class") or ""):
            return d
    return None


def image_of(el, base: str | None) -> Image | None:
    """The image an in-body media element shows (a RebelMouse image shortcode, a <figure>, a bare <img>), with its
    caption and credit; None for embeds, ads, tracking pixels and placeholders without a real URL."""
    cls = (el.get("class") or "").lower()
    if any(f in cls for f in _NOT_PHOTO):
        return None
    img = el if el.tag in ("img", "amp-img") else next(el.iter("img", "amp-img"), None)
    if img is None:
        return None
    if any(img.get(d, "").strip() in ("0", "1", "2") for d in ("width", "height")):
        return None  # a tracking pixel
    url = img_src(img, base)
    if not url:
        return None
    alt = collapse(img.get("alt")) or None
    credit_el = _first_with_class(el, "credit")
    cap_el = next((d for d in el.iter("figcaption") if d is not el), None)
    if cap_el is None:
        cap_el = _first_with_class(el, "caption", credit_el)
    credit = _txt(credit_el) or None
    caption = _txt(cap_el) or None
    if caption and credit and credit in caption:
        caption = collapse(caption.replace(credit, " ")) or None
    if credit:
        credit = textnoise.credit_of(credit) or textnoise.unlabel_credit(credit)
    elif caption:
        credit = textnoise.photo_by(caption)
    return Image(url, alt, caption, credit or None)
