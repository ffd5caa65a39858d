"""Text rules: what a line of page text is (chrome, credit, "Type | Section", body).

ONE module, used both by the HTML parser (as the last safety net over any layer's paragraphs, and as the
whole of layer (d)) and by the plain-text dump cleaner (``textdump``). The strings come from docs/site-facts.md
§6 and the seed dump (tests/fixtures/dumps/seed-venezuela.txt); patterns are anchored on whole lines so that body
sentences that merely mention them survive.
"""

from __future__ import annotations

import re

from rs_scraper.parsing.options import KNOWN_SECTIONS, KNOWN_TYPES, SITE_NAME
from rs_scraper.parsing.text import collapse

# Whole-line chrome, compared case-insensitively after whitespace collapse (site-facts §6.1, §6.7, §6.8).
_CHROME_LINES = frozenset(
    s.lower()
    for s in (
        "Follow us on social",
        "google cta",
        "keep reading",
        "Show less",
        "keep readingShow less",
        "keep reading Show less",
        "Show more",
        "Read more",
        "LATEST",
        "QIOSK",
        "Newsletter",
        "Newsletters",
        "Share",
        "Share this article",
        "Advertisement",
        "Subscribe",
        "Subscribe now",
        "Sign up",
        "Related",
        "Related articles",
        "Most popular",
        "Trending",
        "Top stories",
        "Donate",
        "Support our work",
        "Loading...",
        "Loading…",
        "Copy link",
        "ShareCopy link",
        "Share Copy link",
        "Around the web",
        "Loading video",
        "Loading video...",
        "See Full Bio",
        "Stories Chosen For You",
        "CONTINUE READING",
    )
)
# Lines that START like chrome (the newsletter blurb is long and its wording drifts).
_CHROME_PREFIXES = re.compile(
    r"^(?:subscribe now to our weekly round-up|sign up (?:for|to) (?:our|the) (?:weekly |daily )?newsletter"
    r"|get the latest from responsible statecraft|follow us on social\b|we use cookies\b)",
    re.I,
)
# Credit labels; the lead-photo credit is printed after the body with one of these (site-facts §6.6).
_CREDIT = re.compile(
    r"^(?:top\s+(?:photo|image)\s+credit|(?:lead\s+|featured\s+)?(?:photo|image)\s+credit|photos?|images?"
    r"|credit)\s*:\s*(?P<credit>.+)$",
    re.I,
)
_TEASER_CREDIT = re.compile(r"^top\s+(?:photo|image)\s+credit\s*:", re.I)  # site-facts §6.7
# "<Type> | <Section>": short words on both sides, capitalised, one pipe (site-facts §6.5).
_TYPE_SECTION = re.compile(r"^(?P<type>[A-Z][\w'’&.-]*(?: [\w'’&.-]+){0,2}) ?\| ?(?P<section>[A-Z][^|]{1,48})$")
# RebelMouse / WordPress shortcodes that leak into text: [shortcode-InText-Newsletter …], [rebelmouse-image 123 …],
# [caption …]…[/caption], [embed]…[/embed].
_SHORTCODE = re.compile(
    r"\[(?:shortcode-|rebelmouse-|rm-|pull-quote|youtube|twitter|instagram|embed|/embed|/?caption)[^\]]*\]", re.I
)
_CAPTION_SPAN = re.compile(r"\[caption[^\]]*\].*?\[/caption\]", re.I | re.S)
_RELATED = re.compile(r"^(?:related|read more|also read|read also|see also|more from rs|recommended)\s*:", re.I)
# An image file name used as alt text: one token with digits/underscores/hyphens, or an image extension.
_FILE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|tiff?)$", re.I)
_FILE_TOKEN = re.compile(r"^[\w.,()+-]+$")
# " | Responsible Statecraft", " – Responsible Statecraft", and the short form " | RS" (case-sensitive; §4.1).
_TITLE_SUFFIX = re.compile(r"\s*[|–—-]\s*(?:(?i:" + re.escape(SITE_NAME) + r")|RS)\s*$")
# Photo caption printed above a headline in WordPress-era pages: "... (Photo by Celestino Arce/NurPhoto)" (§6.9).
_PHOTO_CAPTION = re.compile(
    r"\((?:photo|image|picture)s?\s+(?:by|courtesy|via|credit)\b[^)]*\)\s*$|"
    r"\b(?:via (?:getty images|reuters|ap|shutterstock(?:\.com)?)"
    r"|/(?:getty|nurphoto|afp|reuters|ap)\b)\)?\.?\s*$",
    re.I,
)
_END_PUNCT = re.compile(r"[.!?…][\"”’')\]]*$")


# Chrome that can sit inside a body (in-body newsletter boxes, share buttons, ads): skipped, never ends the body.
_SOFT_CHROME_LINES = frozenset(
    s.lower()
    for s in (
        "google cta",
        "share",
        "share this article",
        "advertisement",
        "subscribe",
        "subscribe now",
        "sign up",
        "sharetweet",
        "share tweet",
        "tweet",
        "get the latest from responsible statecraft",
        "loading video",
        "loading video...",
    )
)
_TAGS_LINE = re.compile(r"^(?:tags|tagged(?: with)?|topics|filed under)\s*:", re.I)
# A photo credit printed without a label: "REUTERS/Evelyn Hockstein", "Kremlin.ru via Wikimedia Commons".
_BARE_CREDIT = re.compile(
    r"\bvia \S+(?: \S+){0,2}$|\b(?:photo(?:s|graph)? by|courtesy of)\b|\b[A-Z][\w.]*/[A-Z]"
    r"|\b(?:REUTERS|AP Photo|AFP"
    r"|Getty Images|[Ss]hutterstock(?:\.com)?|Wikimedia Commons|NurPhoto|Flickr)\b"
)


# The site menu printed as one line ("Middle East Europe About"): section names and menu words only.
_MENU_WORDS = (
    "About",
    "Donate",
    "Home",
    "Search",
    "Newsletter",
    "Newsletters",
    "Subscribe",
    "Podcasts",
    "Podcast",
    "Video",
    "Videos",
    "Topics",
    "Regions",
    "Authors",
    "Contact",
    "Events",
    "Menu",
)
_MENU_ITEM = "|".join(re.escape(s) for s in sorted(set(KNOWN_SECTIONS) | set(_MENU_WORDS), key=len, reverse=True))
_MENU_LINE = re.compile(rf"^(?:(?:{_MENU_ITEM})[\s|·•/]*){{2,}}$", re.I)


def is_menu(line: str) -> bool:
    """Two or more section names / menu words and nothing else: the site's navigation printed as a line."""
    return bool(_MENU_LINE.match(line.strip()))


def is_soft_chrome(line: str) -> bool:
    low = line.lower()
    return low in _SOFT_CHROME_LINES or bool(_CHROME_PREFIXES.match(line))


def is_tags_line(line: str) -> bool:
    return bool(_TAGS_LINE.match(line))


def is_bare_credit(line: str) -> bool:
    """A short line naming a photo source, without a label or sentence punctuation (an in-body image credit).
    Credits are names ("REUTERS/Evelyn Hockstein", "Kremlin.ru via Wikimedia Commons"); a sentence-case heading
    such as "The US/UK nuclear bargain" or "Peace via diplomacy, not arms" is not one."""
    return (
        len(line.split()) <= 12
        and not ends_sentence(line)
        and not line.endswith((";", ":", ","))
        and bool(_BARE_CREDIT.search(line))
        and is_name_like(line)
    )


# Lower-case words a name, a caption or a credit may contain ("Office of the President", "photo by", "via").
_NAME_JOINERS = frozenset(
    (
        "via",
        "by",
        "of",
        "and",
        "the",
        "for",
        "de",
        "da",
        "del",
        "van",
        "von",
        "al",
        "bin",
        "photo",
        "photos",
        "courtesy",
        "in",
        "at",
        "on",
        "from",
        "with",
        "to",
        "&",
    )
)


def is_name_like(line: str) -> bool:
    """Every word capitalised (or a joiner, a number, a domain): a name or caption, not a sentence-case line."""
    words = [w.strip("\"'“”‘’()[],;:") for w in line.split()]
    words = [w for w in words if w]
    return bool(words) and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_JOINERS or "." in w or "/" in w for w in words
    )


def is_chrome(line: str) -> bool:
    """Whole-line site chrome: social block, widget labels, toggles, newsletter blurb."""
    low = line.lower()
    return low in _CHROME_LINES or bool(_CHROME_PREFIXES.match(line))


def credit_of(line: str) -> str | None:
    """The credit without its label if the line is a labelled photo credit, else None."""
    m = _CREDIT.match(line)
    if not m:
        return None
    credit = m.group("credit").strip()
    return credit or None


_TOGGLES = frozenset(("keep reading", "show less", "keep readingshow less", "keep reading show less"))


def is_toggle(line: str) -> bool:
    """A teaser's "keep reading" / "Show less" toggle line."""
    return line.lower() in _TOGGLES


def is_teaser_credit(line: str) -> bool:
    return bool(_TEASER_CREDIT.match(line))


def type_section(line: str) -> tuple[str, str] | None:
    """("Analysis", "Latin America") for "Analysis | Latin America"; None for anything else."""
    if len(line) > 80 or line.count("|") != 1:
        return None
    m = _TYPE_SECTION.match(line)
    if not m:
        return None
    typ, sec = m.group("type").strip(), m.group("section").strip()
    if typ.lower() == SITE_NAME.lower() or sec.lower() == SITE_NAME.lower():
        return None  # "<headline> | Responsible Statecraft" is a title, not a type line
    if typ not in KNOWN_TYPES and len(typ.split()) > 2:
        return None
    if len(sec.split()) > 5 or not is_name_like(sec):
        return None  # sections are names ("Latin America", "QiOSK"): "Gaza | The ceasefire that wasn’t" is a headline
    return typ, sec


def is_filename(line: str) -> bool:
    """'Shutterstock_732504547-scaled-e1648755059685', 'Screen-shot-2021-04-02-at-2.09.56-pm', 'us-capitol-29',
    'IMG_0042.jpg' — but not 'COVID-19', 'F-35' or '2023-24', which are words a list item may consist of."""
    if " " in line or len(line) < 6 or not _FILE_TOKEN.match(line):
        return False
    if _FILE_EXT.search(line):
        return True
    has_digit = any(ch.isdigit() for ch in line)
    return has_digit and ("_" in line or line.count("-") >= 2)


def is_shortcode(line: str) -> bool:
    return bool(_SHORTCODE.fullmatch(line.strip()))


def strip_shortcodes(text: str) -> str:
    if "[" not in text:
        return text
    return collapse(_SHORTCODE.sub(" ", _CAPTION_SPAN.sub(" ", text)))


def is_related(line: str) -> bool:
    return bool(_RELATED.match(line))


def is_photo_caption(line: str) -> bool:
    return bool(_PHOTO_CAPTION.search(line))


_PHOTO_BY = re.compile(
    r"\((?:photos?|images?|picture)\s+(?:by|courtesy of|via|credit:?)\s+(?P<credit>[^)]+)\)\s*\.?$", re.I
)


# The label of a text that is known to be a credit (a credit element, the platform's photo_credit field).
_CREDIT_LABEL = re.compile(
    r"^(?:(?:top |lead |featured )?(?:photo|image|picture)(?:graph)?s?(?: credits?)?"
    r"\s*(?:by\b|:)"
    r"|credits?\s*:)\s*",
    re.I,
)


def unlabel_credit(credit: str) -> str:
    """'Photo by A/Getty' -> 'A/Getty'; '(Photograph: AP)' -> 'AP'."""
    c = credit.strip()
    if c.startswith("(") and c.endswith(")"):
        c = c[1:-1].strip()
    return _CREDIT_LABEL.sub("", c).strip() or c


def photo_by(line: str) -> str | None:
    """'… (Photo by Celestino Arce/NurPhoto)' -> 'Celestino Arce/NurPhoto'."""
    m = _PHOTO_BY.search(line)
    return m.group("credit").strip() if m else None


def strip_title_suffix(title: str | None) -> str | None:
    if not title:
        return title
    return _TITLE_SUFFIX.sub("", collapse(title)) or None


def ends_sentence(line: str) -> bool:
    return bool(_END_PUNCT.search(line))


def looks_like_body(line: str) -> bool:
    """A line that reads as a body paragraph rather than an image alt or a teaser headline."""
    words = len(line.split())
    return words >= 25 or (words >= 5 and ends_sentence(line) and not line.endswith("?"))


def is_noise_paragraph(par: str) -> bool:
    """In-body noise that survived markup pruning (layer (d) safety net for every layer's paragraphs)."""
    return is_chrome(par) or is_shortcode(par) or is_related(par) or credit_of(par) is not None or is_filename(par)


def filter_paragraphs(blocks: list[str]) -> list[str]:
    """Drop noise paragraphs; strip shortcodes inside paragraphs; keep order. Lists (multi-line) are kept whole,
    with noise lines inside them dropped."""
    out: list[str] = []
    for block in blocks:
        lines = [strip_shortcodes(ln) for ln in block.split("\n")]
        lines = [ln for ln in lines if ln and not is_noise_paragraph(ln)]
        if lines:
            out.append("\n".join(lines))
    return out
