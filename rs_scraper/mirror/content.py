"""Deterministic foreign-policy prose: headlines, deks, slugs, bodies, people.

Everything here is a pure function of a ``random.Random``; the site model seeds one per article so a page can be
regenerated at any time without keeping it in memory (a 20,000-article site must construct in seconds).

Characters are limited to what windows-1252 can encode (curly quotes, dashes, Latin-1 letters) because some
pages are served in that charset and their ground truth must survive the round trip.
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from rs_scraper.sections import SEEN_SECTIONS

# ---------------------------------------------------------------------------------------------------- blocks


@dataclass
class Block:
    """One element of an article body as the CMS stores it.

    Body kinds (p, h2, h3, ul, ol, quote: see ``body_text``) are text for the ground truth; every other kind is
    in-body noise that a perfect extractor drops: image, pullquote, newsletter, shortcode, tweet, youtube, related,
    empty.
    """

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()  # list items, or the paragraphs of a block quote
    extra: dict = field(default_factory=dict)

    def body_text(self) -> str | None:
        """The ground-truth text of this block, or None if the block is not body."""
        if self.kind in ("p", "h2", "h3"):
            return collapse(self.text)
        if self.kind in ("ul", "ol"):
            return "\n".join(collapse(i) for i in self.items)
        if self.kind == "quote":
            return "\n\n".join(collapse(i) for i in self.items)
        return None


def collapse(s: str) -> str:
    # str.split() splits on every Unicode space, NBSP included: the items.py whitespace rule.
    return " ".join(s.split())


def body_text(blocks: list[Block]) -> str:
    return "\n\n".join(t for b in blocks if (t := b.body_text()))


# ---------------------------------------------------------------------------------------------------- topics


@dataclass(frozen=True)
class Topic:
    key: str
    section: str
    country: str  # the name that must show up in the prose (term-trend notebook)
    capital: str
    leaders: tuple[str, ...]
    issues: tuple[str, ...]  # lower-case noun phrases
    tags: tuple[str, ...]
    places: tuple[str, ...]
    since: str = "2019-01-01"  # not used before this date (no Ukraine war in 2020)


TOPICS: tuple[Topic, ...] = (
    Topic(
        "iran",
        "Middle East",
        "Iran",
        "Tehran",
        ("Ayatollah Ali Khamenei", "President Masoud Pezeshkian", "Foreign Minister Abbas Araghchi"),
        (
            "the nuclear deal",
            "sanctions relief",
            "uranium enrichment",
            "the JCPOA",
            "“maximum pressure”",
            "talks with Tehran",
        ),
        ("Iran", "Iran nuclear deal", "Sanctions"),
        ("Vienna", "Oman", "the Strait of Hormuz", "Natanz"),
    ),
    Topic(
        "china",
        "Asia-Pacific",
        "China",
        "Beijing",
        ("Xi Jinping", "Foreign Minister Wang Yi", "Premier Li Qiang"),
        (
            "the Taiwan Strait",
            "export controls",
            "the trade war",
            "semiconductor restrictions",
            "the South China Sea",
            "great power competition",
        ),
        ("China", "Taiwan", "US-China relations"),
        ("Taipei", "Manila", "the Philippines", "Shanghai"),
    ),
    Topic(
        "russia",
        "Europe",
        "Russia",
        "Moscow",
        ("Vladimir Putin", "Foreign Minister Sergei Lavrov", "Dmitry Medvedev"),
        (
            "arms control",
            "New START",
            "sanctions on Moscow",
            "NATO expansion",
            "nuclear deterrence",
            "the frozen assets",
        ),
        ("Russia", "NATO", "Arms control"),
        ("the Baltics", "Kaliningrad", "Geneva", "Helsinki"),
    ),
    Topic(
        "ukraine",
        "Europe",
        "Ukraine",
        "Kyiv",
        ("Volodymyr Zelensky", "Vladimir Putin", "the Ukrainian general staff"),
        (
            "the war in Ukraine",
            "a ceasefire",
            "military aid to Kyiv",
            "peace talks",
            "the counteroffensive",
            "security guarantees",
        ),
        ("Ukraine", "Russia", "Ukraine war"),
        ("Donbas", "Kharkiv", "Zaporizhzhia", "Istanbul"),
        since="2022-02-24",
    ),
    Topic(
        "gaza",
        "Middle East",
        "Israel",
        "Jerusalem",
        ("Benjamin Netanyahu", "Yoav Gallant", "Hamas leaders"),
        (
            "the war in Gaza",
            "a ceasefire in Gaza",
            "arms transfers to Israel",
            "the hostage deal",
            "humanitarian access",
        ),
        ("Israel", "Gaza", "Arms sales"),
        ("Rafah", "Cairo", "Doha", "the West Bank"),
        since="2023-10-07",
    ),
    Topic(
        "yemen",
        "Middle East",
        "Saudi Arabia",
        "Riyadh",
        ("Crown Prince Mohammed bin Salman", "the Houthis", "King Salman"),
        (
            "the war in Yemen",
            "arms sales to Riyadh",
            "the Red Sea crisis",
            "a Saudi defense pact",
            "normalization with Israel",
        ),
        ("Saudi Arabia", "Yemen", "Arms sales"),
        ("Sanaa", "Hodeidah", "the Red Sea", "Aden"),
    ),
    Topic(
        "venezuela",
        "Latin America",
        "Venezuela",
        "Caracas",
        ("Nicolás Maduro", "Juan Guaidó", "María Corina Machado"),
        (
            "sectoral sanctions",
            "oil licenses",
            "negotiations with the opposition",
            "the migration crisis",
            "regime change",
        ),
        ("Venezuela", "Sanctions", "Latin America"),
        ("Caracas", "Bogotá", "Barbados", "Miami"),
    ),
    Topic(
        "mexico",
        "North America",
        "Mexico",
        "Mexico City",
        ("Claudia Sheinbaum", "Andrés Manuel López Obrador", "Canadian officials"),
        ("the border", "fentanyl trafficking", "tariffs", "military strikes on cartels", "the USMCA"),
        ("Mexico", "Canada", "Border"),
        ("Tijuana", "Ottawa", "El Paso", "Monterrey"),
    ),
    Topic(
        "korea",
        "Asia-Pacific",
        "North Korea",
        "Pyongyang",
        ("Kim Jong Un", "Kim Yo Jong", "President Lee Jae-myung"),
        ("denuclearization", "the Korean armistice", "missile tests", "summit diplomacy", "extended deterrence"),
        ("North Korea", "South Korea", "Nuclear weapons"),
        ("Seoul", "Hanoi", "the DMZ", "Tokyo"),
    ),
    Topic(
        "pentagon",
        "Military Industrial Complex",
        "China",
        "Beijing",
        ("Defense Secretary Pete Hegseth", "Defense Secretary Lloyd Austin", "the Joint Chiefs"),
        (
            "the Pentagon budget",
            "the F-35 program",
            "defense contractors",
            "the NDAA",
            "failed audits",
            "the Golden Dome",
        ),
        ("Pentagon", "Defense spending", "Military Industrial Complex"),
        ("Guam", "Okinawa", "the Taiwan Strait", "Fort Worth"),
    ),
    Topic(
        "arms",
        "Military Industrial Complex",
        "Saudi Arabia",
        "Riyadh",
        ("Lockheed Martin executives", "RTX lobbyists", "the State Department"),
        (
            "arms sales",
            "the defense industrial base",
            "weapons stockpiles",
            "foreign military financing",
            "the revolving door",
        ),
        ("Arms sales", "Lockheed Martin", "Defense industry"),
        ("Abu Dhabi", "the Gulf", "Warsaw", "Crystal City"),
    ),
    Topic(
        "congress",
        "Washington Politics",
        "Yemen",
        "Sanaa",
        ("Speaker Mike Johnson", "Senator Tim Kaine", "Senator Rand Paul", "Rep. Ro Khanna"),
        ("war powers", "the 2002 AUMF", "emergency arms waivers", "the supplemental", "congressional oversight"),
        ("Congress", "War powers", "Washington Politics"),
        ("the Red Sea", "Iraq", "Syria", "the Horn of Africa"),
    ),
    Topic(
        "syria",
        "Middle East",
        "Syria",
        "Damascus",
        ("Bashar al-Assad", "Ahmed al-Sharaa", "Kurdish commanders"),
        ("the US troop presence", "Caesar Act sanctions", "reconstruction", "the Kurdish question"),
        ("Syria", "Sanctions", "Middle East"),
        ("Idlib", "Deir ez-Zor", "Al-Tanf", "Ankara"),
    ),
    Topic(
        "india",
        "Asia-Pacific",
        "India",
        "New Delhi",
        ("Narendra Modi", "Foreign Minister S. Jaishankar", "Pakistani generals"),
        ("the Quad", "Russian oil purchases", "the Kashmir crisis", "defense cooperation with New Delhi"),
        ("India", "Pakistan", "Asia-Pacific"),
        ("Islamabad", "Kashmir", "the Indian Ocean", "Colombo"),
    ),
    Topic(
        "europe",
        "Europe",
        "Germany",
        "Berlin",
        ("Chancellor Friedrich Merz", "Emmanuel Macron", "NATO Secretary General Mark Rutte"),
        ("European strategic autonomy", "burden sharing", "NATO spending targets", "the EU defense fund"),
        ("Europe", "NATO", "Germany"),
        ("Brussels", "Paris", "The Hague", "Warsaw"),
    ),
)

TYPES = ("Analysis", "Reporting", "Opinion", "News")
TYPE_WEIGHTS = (40, 20, 25, 15)
SECTIONS = SEEN_SECTIONS  # the sections the real site shows (rs_scraper.sections), in its menu's order
REGION_SECTIONS = ("Middle East", "Asia-Pacific", "Europe", "North America", "Latin America")

INSTITUTIONS = (
    "the Pentagon",
    "Congress",
    "the State Department",
    "the National Security Council",
    "the White House",
    "the Senate Armed Services Committee",
    "the Treasury Department",
    "the intelligence community",
)
OUTLETS = (
    "Reuters",
    "the Associated Press",
    "the New York Times",
    "Politico",
    "the Washington Post",
    "Al-Monitor",
    "Defense News",
    "Foreign Affairs",
    "the Financial Times",
    "Axios",
)
ROLES = (
    "a senior administration official",
    "a former State Department negotiator",
    "a retired Army colonel",
    "a European diplomat",
    "a congressional aide",
    "a regional analyst",
    "a former CIA officer",
    "one Gulf official",
    "a defense industry lobbyist",
    "a Quincy Institute fellow",
)
ADJ = (
    "fragile",
    "costly",
    "dangerous",
    "predictable",
    "short-sighted",
    "counterproductive",
    "overdue",
    "sensible",
    "risky",
    "modest",
    "quiet",
    "sweeping",
    "open-ended",
    "misguided",
)
NOUNS = (
    "escalation",
    "diplomacy",
    "restraint",
    "deterrence",
    "leverage",
    "credibility",
    "miscalculation",
    "brinkmanship",
    "engagement",
    "coercion",
    "accountability",
    "mission creep",
)
VERBS_PAST = ("warned", "argued", "insisted", "acknowledged", "conceded", "claimed", "suggested", "noted")

# Sentence templates. {C} country, {cap} capital, {L} leader, {I} issue, {P} place, {pres} US president of the
# article's year, {inst} US institution, {out} outlet, {role} a source, {adj}/{noun}/{vp} vocabulary, {n} a number,
# {yr} the article's year, {rival} another great power.
SENTENCES = (
    "{pres} has so far treated {I} as a second-tier problem, and that choice is becoming {adj}.",
    "For years, {inst} assumed that {I} could be managed without real {noun}.",
    "The record since {yr0} suggests otherwise.",
    "Officials in {cap} read every signal from Washington as evidence of hostile intent.",
    "That is why {I} matters far more than the talking points suggest.",
    "{L} has little reason to compromise while the costs of {noun} remain low.",
    "Critics in {inst} have {vp} that any opening would reward bad behavior.",
    "But the alternative — more {noun} without a diplomatic track — has already failed.",
    "According to {out}, the administration is weighing at least {n} options, none of them cheap.",
    "Meanwhile, {rival} is watching closely, and drawing its own conclusions.",
    "The debate over {I} in Washington rarely includes the people most affected by it.",
    "In {P}, the mood is grimmer than official statements let on.",
    "A serious strategy would start from interests, not from slogans.",
    "None of this means {C} is blameless.",
    "It does mean that {I} cannot be solved by pressure alone.",
    "The {adj} logic of {noun} has a way of outliving the people who invent it.",
    "{inst} spent roughly ${n} billion on related programs last year, with little to show for it.",
    "Even supporters of the current approach concede that {I} has produced few measurable gains.",
    "What is missing is a clear definition of success.",
    "Without one, {noun} becomes an end in itself.",
    "The window for a negotiated outcome on {I} will not stay open forever.",
    "Few in {cap} believe Washington’s promises, and fewer still believe its threats.",
    "A more {adj} policy would accept that {C} gets a vote on its own future.",
    "Allies in Europe and Asia have their own reasons to hedge.",
    "There is a better path, and it runs through {P}.",
    "The lesson of the last two decades is that military force rarely settles political questions.",
    "That is a lesson {pres} has, at times, seemed to grasp.",
    "Washington’s leverage over {I} is smaller than it looks on paper.",
    "The humanitarian costs are mounting, and they will shape the region for a generation.",
    "Congress has the tools to change course; what it lacks is the will.",
    "Sanctions, in particular, have hurt ordinary people far more than the elites they target.",
    "It is worth remembering how {rival} exploited a similar moment in {yr0}.",
    "Restraint is not isolation, and engagement is not appeasement.",
    "The numbers tell their own story: {n} percent of respondents in a recent poll opposed deeper involvement.",
    "Talks in {P} produced a framework, but not a deal.",
    "That distinction matters more than either side admits.",
)
QUOTED = (
    "“We are not looking for a wider war,” {L} said in a statement, “but we will not be lectured about {I}.”",
    "“This is the moment to test diplomacy,” {role} told {out}. “If we wait, the options only get worse.”",
    "As {role} put it to me, “Nobody in {cap} thinks {I} is going away.”",
    "“The policy is on autopilot,” said {role}. “And autopilot is how you end up in {P}.”",
    "{role_cap} {vp} that “the United States keeps mistaking {noun} for strategy.”",
)
SUBHEADINGS = (
    "What Washington gets wrong",
    "The limits of pressure",
    "A different approach",
    "Follow the money",
    "Why now?",
    "The view from {cap}",
    "What comes next",
    "Lessons from {yr0}",
    "The {noun} trap",
    "Congress can still act",
)
LIST_ITEMS = (
    "Suspend new arms transfers until {I} is addressed;",
    "Reopen a direct channel to {cap};",
    "Require a public accounting of the costs of {I};",
    "Coordinate sanctions relief with European partners;",
    "Set a clear end date for the deployment near {P};",
    "Put {noun} ahead of {adj} signaling;",
    "Report to Congress within 90 days on progress toward {I}.",
)
HEADLINES = (
    "Why Washington can’t afford to get {I} wrong",
    "The case against {I}",
    "{L} is playing a weak hand — and winning",
    "Sooner or later, {pres} will need to take {I} seriously",
    "What {C} really wants from {I}",
    "Hawks are wrong about {I}",
    "Is {I} finally coming to an end?",
    "How {inst} got {I} wrong",
    "The hidden cost of {I}",
    "{n} reasons {I} is backfiring",
    "Inside the fight over {I}",
    "{C}’s gamble on {I}",
    "‘Nobody is in charge’: {I} and the limits of {noun}",
    "Don’t let {noun} drive policy on {I}",
    "The {adj} truth about {I}",
    "{pres}’s {C} policy needs a reset",
    "Why {I} is a trap for the United States",
    "{C} and the myth of {noun}",
)
DEKS = (
    "The US should move quickly, particularly if {L} shows signs of being serious about {I}.",
    "Washington keeps doubling down on {noun}. The results speak for themselves.",
    "A closer look at {I} shows how little the current approach has achieved.",
    "{inst} has the tools to change course. It needs the will.",
    "The debate over {I} is missing the most important question: what comes after?",
    "Officials in {cap} are watching what Washington does, not what it says.",
    "Restraint isn’t weakness; it’s the only strategy that fits the stakes.",
)
FIRST_NAMES = (
    "Marta",
    "Jonah",
    "Amélie",
    "Kwame",
    "Sofía",
    "Daniel",
    "Zoë",
    "Björn",
    "Renée",
    "Tomás",
    "Hannah",
    "Eli",
    "Priya",
    "Connor",
    "Leïla",
    "Mateo",
    "Grace",
    "Anders",
    "Noor",
    "Ian",
    "Beatriz",
    "Samuel",
    "Ingrid",
    "Omar",
    "Claire",
    "Rafael",
)
LAST_NAMES = (
    "Whitfield",
    "Durand",
    "Osei",
    "Márquez",
    "Novak",
    "Hartmann",
    "Lindqvist",
    "Caldwell",
    "Ibarra",
    "O’Connor",
    "Mehta",
    "Brennan",
    "Haddad",
    "Okafor",
    "Ruiz-Olivares",
    "Stein",
    "Kowalski",
    "Ferreira",
    "Nakamura",
    "Abernathy",
    "Delacroix",
    "Sørensen",
    "Castillo",
    "McAllister",
)
BIO_ROLES = (
    "is a senior fellow at the Quincy Institute for Responsible Statecraft",
    "is a contributing writer at Responsible Statecraft",
    "is a journalist based in {city}",
    "is a former US diplomat",
    "is a retired US Army officer",
    "is the director of a Washington-based arms control group",
    "is an assistant professor of international relations at {uni}",
    "covers national security for Responsible Statecraft",
)
CITIES = ("Berlin", "Mexico City", "Istanbul", "Nairobi", "Seoul", "Beirut", "Kyiv", "Bogotá")
UNIS = ("the University of Chicago", "Georgetown University", "Boston University", "the University of Texas")
CREDITS = (
    "StringerAL and BiksuTong via shutterstock.com",
    "Gints Ivuskans via shutterstock.com",
    "U.S. Army photo by Sgt. Jordan Mueller",
    "REUTERS/Evelyn Hockstein",
    "Kremlin.ru via Wikimedia Commons",
    "Alexandros Michailidis via shutterstock.com",
    "U.S. Air Force/Staff Sgt. Dana Flamer",
    "Shutterstock/Pavlo Gonchar",
    "Office of the President of Ukraine",
    "White House/Adam Schultz",
)
TEASER_CREDITS = (  # teasers often carry the wire caption as the credit, like the seed dump
    "North Korean leader Kim Jong Un visits the construction site of the Ragwon County Offshore Farm, North Korea "
    "July 13, 2025. KCNA via REUTERS",
    "U.S. Navy Vice Admiral Brad Cooper speaks to guests at the IISS Manama Dialogue in Manama, Bahrain, "
    "November 17, 2023. REUTERS/Hamad I Mohammed",
    "kiuikson via shutterstock.com",
    "Ukrainian servicemen fire a howitzer toward Russian positions near Bakhmut, Ukraine, March 2023. REUTERS/Oleksandr Ratushniak",
)
CREDIT_LABELS = ("Photos:", "Top photo credit:", "Top image credit:", "Photo credit:")
NURPHOTO = (
    "Celestino Arce/NurPhoto",
    "Jakub Porzycki/NurPhoto",
    "Ahmad Al-Rubaye/AFP via Getty Images",
    "Beata Zawrzel/NurPhoto",
    "Andrew Harnik/Getty Images",
)
ALT_CAPTIONS = (
    "US Congress",
    "Vladimir Putin",
    "The Pentagon",
    "Xi Jinping",
    "F-35",
    "Tehran skyline",
    "Kyiv",
    "Gaza",
    "US Capitol",
    "Aircraft carrier",
)
SHORT_QUOTES_TWEET = (
    "This is a dangerous escalation and Congress must weigh in.",
    "Diplomacy is not a favor to adversaries.",
    "The Pentagon cannot pass an audit. Again.",
    "A ceasefire now would save thousands of lives.",
)

_SLUG_RE = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=8192)  # tags and names repeat; 20,000-article sites slugify a lot
def slugify(s: str, max_words: int = 8) -> str:
    ascii_ = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()  # Renée -> renee
    words = _SLUG_RE.sub(" ", ascii_.lower().replace("’", "").replace("'", "")).split()
    return "-".join(words[:max_words]) or "post"


def president(year: int) -> str:
    return "Donald Trump" if year <= 2020 or year >= 2025 else "Joe Biden"


class _Filler(dict):
    """str.format_map mapping that picks a fresh random value per slot lookup."""

    def __init__(self, rng: random.Random, topic: Topic, year: int) -> None:
        super().__init__()
        self.rng, self.t, self.year = rng, topic, year

    def __missing__(self, key: str) -> str:
        r, t = self.rng, self.t
        rivals = [c for c in ("China", "Russia", "Iran") if c != t.country]
        table = {
            "C": lambda: t.country,
            "cap": lambda: t.capital,
            "L": lambda: r.choice(t.leaders),
            "I": lambda: r.choice(t.issues),
            "P": lambda: r.choice(t.places),
            "pres": lambda: president(self.year),
            "inst": lambda: r.choice(INSTITUTIONS),
            "out": lambda: r.choice(OUTLETS),
            "role": lambda: r.choice(ROLES),
            "role_cap": lambda: cap_first(r.choice(ROLES)),
            "adj": lambda: r.choice(ADJ),
            "noun": lambda: r.choice(NOUNS),
            "vp": lambda: r.choice(VERBS_PAST),
            "n": lambda: str(r.choice((3, 4, 5, 7, 12, 18, 23, 41, 60, 850))),
            "yr0": lambda: str(r.randint(max(2001, self.year - 15), self.year - 1)),
            "rival": lambda: r.choice(rivals),
            "yr": lambda: str(self.year),
        }
        return table[key]()


def cap_first(s: str) -> str:
    # Skip opening quotes only: "60 reasons…" must not become "60 Reasons…".
    i = 0
    while i < len(s) and s[i] in "“‘\"'":
        i += 1
    return s[:i] + s[i : i + 1].upper() + s[i + 1 :]


def fill(rng: random.Random, template: str, topic: Topic, year: int) -> str:
    return cap_first(template.format_map(_Filler(rng, topic, year)))


@functools.lru_cache(maxsize=16)
def _topic_pool(day: str) -> tuple[tuple[Topic, ...], tuple[int, ...]]:
    pool = tuple(t for t in TOPICS if t.since <= day)
    # The big stories carry most coverage, as on the real site.
    return pool, tuple(3 if t.key in ("iran", "china", "russia", "ukraine", "gaza") else 1 for t in pool)


def pick_topic(rng: random.Random, when: datetime) -> Topic:
    day = when.strftime("%Y-%m-%d")
    era = max((t.since for t in TOPICS if t.since <= day), default="")  # pools change only at these dates
    return rng.choices(*_topic_pool(era))[0]


def headline(rng: random.Random, topic: Topic, year: int) -> str:
    h = fill(rng, rng.choice(HEADLINES), topic, year)
    return h.replace("“", "").replace("”", "")  # quoted issues read badly in headlines


def dek(rng: random.Random, topic: Topic, year: int) -> str:
    return fill(rng, rng.choice(DEKS), topic, year)


def unrelated_slug(rng: random.Random, topic: Topic) -> str:
    """Slugs that say nothing about the headline, like /price-gouging for a story about soap dispensers."""
    a = rng.choice(
        (
            "price-gouging",
            "deal-or-no-deal",
            "hawks",
            "the-blob",
            "forever-war",
            "audit",
            "sanctions",
            "off-ramp",
            "red-lines",
            "think-tank-funding",
            "carrier-group",
            "summit",
            "ceasefire-now",
            "soap-dispensers",
            "golden-dome",
            "boots-on-the-ground",
            "backchannel",
            "snapback",
            "wag-the-dog",
            "mission-creep",
            "blank-check",
            "drone-war",
            "oil-for-talks",
            "pivot",
            "restrainers",
            "lobbying",
            "weapons-pipeline",
            "grand-bargain",
            "brinkmanship",
            "midterms",
        )
    )
    return a if rng.random() < 0.4 else f"{slugify(topic.country, 2)}-{a}"


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def bio(rng: random.Random, name: str) -> str:
    role = rng.choice(BIO_ROLES).format(city=rng.choice(CITIES), uni=rng.choice(UNIS))
    return f"{name} {role}."


def paragraph(
    rng: random.Random, topic: Topic, year: int, sentences: int | None = None, used: set[str] | None = None
) -> str:
    """3-6 sentences; ``used`` (shared across one body) keeps a template from repeating within an article."""
    used = set() if used is None else used
    k = sentences or rng.randint(3, 6)
    out: list[str] = []
    for _ in range(k):
        for _attempt in range(8):  # prefer an unused template; a long body may have to repeat one
            tpl = rng.choice(QUOTED) if rng.random() < 0.12 else rng.choice(SENTENCES)
            if tpl not in used:
                break
        used.add(tpl)
        out.append(fill(rng, tpl, topic, year))
    return " ".join(out)


def make_body(
    rng: random.Random, topic: Topic, year: int, *, short: bool, noise: bool, related: list[tuple[str, str]]
) -> list[Block]:
    """An article body: paragraphs with subheadings, lists and source quotes, plus in-body noise when asked.

    ``related`` is a list of (path, headline) used for "RELATED:" lines.
    """
    n_par = rng.randint(3, 5) if short else rng.randint(6, 13)
    blocks: list[Block] = []
    used: set[str] = set()
    sub_at = set(rng.sample(range(2, n_par), k=min(n_par - 2, rng.choice((0, 0, 1, 2, 3))))) if n_par > 3 else set()
    list_at = rng.randrange(2, n_par) if (n_par > 3 and rng.random() < 0.2) else -1
    quote_at = rng.randrange(1, n_par) if rng.random() < 0.3 else -1
    subs = rng.sample(SUBHEADINGS, len(sub_at))
    for i in range(n_par):
        if i in sub_at:
            blocks.append(Block(rng.choice(("h2", "h3")), fill(rng, subs.pop(), topic, year)))
        blocks.append(Block("p", paragraph(rng, topic, year, used=used)))
        if i == list_at:
            items = rng.sample(LIST_ITEMS, rng.randint(3, 5))
            blocks.append(Block(rng.choice(("ul", "ol")), items=tuple(fill(rng, x, topic, year) for x in items)))
        if i == quote_at:
            qs = tuple(paragraph(rng, topic, year, rng.randint(2, 3), used) for _ in range(rng.randint(1, 2)))
            blocks.append(Block("quote", items=qs, extra={"source": rng.choice(OUTLETS)}))
    if noise:
        _add_noise(rng, blocks, topic, year, related)
    return blocks


def _add_noise(
    rng: random.Random, blocks: list[Block], topic: Topic, year: int, related: list[tuple[str, str]]
) -> None:
    """Insert non-body elements between paragraphs (never before the first one)."""
    paras = [b for b in blocks if b.kind == "p"]

    def insert(block: Block) -> None:
        blocks.insert(rng.randint(1, len(blocks)), block)

    if rng.random() < 0.5:
        insert(
            Block(
                "image",
                rng.choice(ALT_CAPTIONS) + " " + fill(rng, "in {P}, {yr}.", topic, year),
                extra={
                    "credit": rng.choice(CREDITS),
                    "id": rng.randint(10_000_000, 99_999_999),
                    "file": f"{slugify(rng.choice(ALT_CAPTIONS), 3)}-{rng.randint(100, 999)}.jpg",
                },
            )
        )
    if rng.random() < 0.35 and paras:
        # A pull quote repeats one sentence of the body verbatim, which is exactly why it is not body.
        src = rng.choice(paras).text
        sent = next((s for s in re.split(r"(?<=[.?!”])\s+", src) if len(s.split()) >= 6), src)
        insert(Block("pullquote", sent))
    if rng.random() < 0.3:
        insert(
            Block(
                "shortcode",
                f'[shortcode-InText-Newsletter id="{rng.randint(2_600_000_000, 2_699_999_999)}" site_id=20516474]',
            )
        )
    if rng.random() < 0.25:
        insert(Block("newsletter"))
    if rng.random() < 0.2:
        insert(
            Block(
                "tweet",
                rng.choice(SHORT_QUOTES_TWEET),
                extra={"handle": rng.choice(("RepRoKhanna", "SenSanders", "QuincyInst", "RStatecraft"))},
            )
        )
    if rng.random() < 0.12:
        insert(
            Block("youtube", extra={"vid": "".join(rng.choice("abcdefghijkLMNOPQRS0123456789_-") for _ in range(11))})
        )
    if related and rng.random() < 0.45:
        path, title = rng.choice(related)
        insert(Block("related", title, extra={"path": path, "strong": rng.random() < 0.5}))
    if rng.random() < 0.3:
        insert(Block("empty"))


# ---------------------------------------------------------------------------------------------------- body links

# Outside sources a paragraph cites: (the href as the page writes it, the URL the dataset stores: tracking
# parameters and the fragment dropped, every other parameter kept in its order, scheme and host lower-cased).
CITED = (
    (
        "https://www.congress.gov/bill/118th-congress/house-joint-resolution/7?utm_source=rs&utm_campaign=war-powers",
        "https://www.congress.gov/bill/118th-congress/house-joint-resolution/7",
    ),
    (
        "https://www.state.gov/reports/country-reports-on-terrorism-2023/",
        "https://www.state.gov/reports/country-reports-on-terrorism-2023/",
    ),
    (
        "https://www.defense.gov/News/Releases/Release/Article/3862233/?fbclid=IwAR0xyz",
        "https://www.defense.gov/News/Releases/Release/Article/3862233/",
    ),
    ("https://www.army.mil/article/271234/#main", "https://www.army.mil/article/271234/"),
    (
        "https://www.reuters.com/world/middle-east/?id=42&utm_medium=social",
        "https://www.reuters.com/world/middle-east/?id=42",
    ),
    ("https://quincyinst.org/research/a-new-strategy/", "https://quincyinst.org/research/a-new-strategy/"),
    (
        "https://www.foreignaffairs.com/united-states/restraint?mc_cid=1a2b&mc_eid=3c4d",
        "https://www.foreignaffairs.com/united-states/restraint",
    ),
    (
        "https://crsreports.congress.gov/product/pdf/R/R47102?page=3&b=2&a=1",
        "https://crsreports.congress.gov/product/pdf/R/R47102?page=3&b=2&a=1",
    ),
    ("HTTPS://WWW.Example.invalid:443/Report", "https://www.example.invalid/Report"),
    ("https://www.example.invalid/analysis", "https://www.example.invalid/analysis"),
)
SITE_ORIGIN = "https://responsiblestatecraft.org"  # the real site: a body may link it absolutely
BASE = "{base}"  # stands for the page's own origin in a link's stored URL (MirrorArticle.expected fills it in)


def add_links(rng: random.Random, blocks: list[Block], others: list[tuple[str, str]]) -> None:
    """Give about half the paragraphs one or two links: outside sources (some with tracking parameters), other
    articles of the site (``others``: (path as linked, canonical path)), relative, with tracking parameters, or
    absolute on the real site. Each link is ``extra["links"]``: (first word, end word, href, stored URL)."""
    for b in blocks:
        if b.kind != "p":
            continue
        words = b.text.split(" ")
        if len(words) < 12 or rng.random() >= 0.5:
            continue
        cuts = sorted(rng.sample(range(len(words)), 4))
        spans = [(cuts[0], cuts[0] + rng.randint(1, 3))]
        if rng.random() < 0.35 and cuts[2] >= spans[0][1]:
            spans.append((cuts[2], min(len(words), cuts[2] + rng.randint(1, 3))))
        links = []
        for j, k in spans:
            r = rng.random()
            if others and r < 0.35:
                linked, path = rng.choice(others)
                form = rng.randrange(3)
                if form == 0:
                    href, url = linked, BASE + path
                elif form == 1:
                    href, url = linked + "?utm_source=newsletter&utm_medium=email", BASE + path
                else:
                    href, url = SITE_ORIGIN + linked + "?rebelltitem=2", SITE_ORIGIN + path
            else:
                href, url = rng.choice(CITED)
            links.append((j, min(k, len(words)), href, url))
        b.extra["links"] = tuple(links)


def link_text(b: Block, link: tuple) -> str:
    j, k = link[0], link[1]
    return collapse(" ".join(b.text.split(" ")[j:k]))


# ---------------------------------------------------------------------------------------------------- tags, images


def article_tags(rng: random.Random, topic: Topic, year: int) -> list[str]:
    tags = rng.sample(topic.tags, rng.randint(1, len(topic.tags)))
    if rng.random() < 0.3:
        tags.append(president(year))
    if rng.random() < 0.25:
        tags.append(rng.choice(("Diplomacy", "Restraint", "US foreign policy", "Sanctions")))
    out: list[str] = []
    for t in tags:
        if t not in out:
            out.append(t)
    return out


@dataclass
class Image:
    file: str  # "shutterstock_732504547.jpg"
    id: int
    alt_file: str  # the alt text when it is a file name: "Screen-shot-2021-04-02-at-2.09.56-pm"
    alt_caption: str  # a short caption alt: "US Congress"
    credit: str | None  # ground truth, no label; None when the page shows none
    credit_label: str = "Photos:"
    caption: str = ""  # WordPress-era long caption ending "(Photo by …)"

    def url(self, base_url: str, **params: object) -> str:
        q = "".join(f"&{k}={v}" for k, v in params.items())
        return f"{base_url}/media-library/{self.file}?id={self.id}{q}"


def hero_image(rng: random.Random, head: str, year: int, *, wordpress: bool, credited: bool) -> Image:
    mm, dd = rng.randint(1, 12), rng.randint(1, 28)
    kind = rng.randrange(4)
    if kind == 0:
        alt = f"Shutterstock_{rng.randint(100_000_000, 999_999_999)}"
        if rng.random() < 0.5:
            alt += f"-scaled-e16{rng.randint(10_000_000, 99_999_999)}"
    elif kind == 1:
        alt = f"Screen-shot-{year}-{mm:02d}-{dd:02d}-at-{rng.randint(1, 12)}.{rng.randint(10, 59)}.{rng.randint(10, 59)}-pm"
    elif kind == 2:
        alt = f"{year}-{mm:02d}-{dd:02d}T{rng.randint(10, 23)}{rng.randint(10, 59)}Z_1_LYNXMPE{rng.randint(10, 99)}B0HO_RTROPTP_4_USA-POLITICS"
    else:
        alt = f"{slugify(rng.choice(ALT_CAPTIONS), 2)}-{rng.randint(1, 40)}"
    ext = rng.choices(("jpg", "png", "webp"), (8, 2, 1))[0]
    file = alt.lower().replace(".", "-") + "." + ext
    img = Image(
        file=file,
        id=rng.randint(10_000_000, 99_999_999),
        alt_file=alt,
        alt_caption=rng.choice(ALT_CAPTIONS),
        credit=None,
    )
    if wordpress:
        img.credit = rng.choice(NURPHOTO)
        img.caption = (
            f"{rng.choice(('Protesters gather', 'Officials meet', 'Troops stand guard', 'Delegates arrive'))} "
            f"in {rng.choice(('Warsaw', 'Caracas', 'Brussels', 'Tehran', 'Kyiv', 'Manila'))}, on "
            f"{datetime(year, mm, dd):%B} {dd}, {year}. (Photo by {img.credit})"
        )
    elif credited:
        img.credit = rng.choice(CREDITS)
        img.credit_label = rng.choice(CREDIT_LABELS)
    return img


# The site's id and path layout (the model builds its URLs from them, the routes parse them).
SITE_ID = 20516474
LISTING_PAGE = 10
NON_REGION_SECTION_SLUGS = ("military-industrial-complex", "qiosk", "washington-politics", "video-section")
RESERVED = {
    "about",
    "tag",
    "regions",
    "author",
    "feeds",
    "sitemaps",
    "res",
    "media-library",
    "search",
    "feed",
    "wp-json",
    *NON_REGION_SECTION_SLUGS,
}
