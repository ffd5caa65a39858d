"""``clean_text_dump`` (``rs-scraper clean``) as a unit: the keys it returns, degenerate and made-up inputs, the
CLI's error on a missing file, and the mirror's pages through a naive HTML-to-text step. The saved dumps with their
pinned fields are in test_cleaner_fixtures.py; naive dumps of the red-team pages in test_cleaner_naive_dumps.py."""

from __future__ import annotations

import pytest

from rs_scraper.parsing import clean_text_dump

KEYS = ("title", "subtitle", "article_type", "section", "image_credit", "text")


def test_keys_only():
    assert set(clean_text_dump("Headline\n\nBody text here.")) == set(KEYS)


@pytest.mark.parametrize("text", ["", "\n\n\n", "google cta", "Analysis | Europe", "x" * 10000, "|\n|\n|"])
def test_degenerate_inputs_do_not_crash(text):
    out = clean_text_dump(text)
    assert set(out) == set(KEYS)


def test_cli_clean_missing_file(capsys):
    from rs_scraper.cli import main

    assert main(["clean", "/nonexistent/dump.txt"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


# --- dumps made differently: mirror pages through a naive HTML-to-text step -------------------------------------
# Not the seed's converter: every block element is its own paragraph, list items are lines, an image is its alt text,
# nav menus, bylines, dates, tags, author boxes, in-body images/captions/credits, pull quotes, tweets and newsletter
# boxes all stay in. clean_text_dump must still recover title, dek, type, section, credit and the exact body.

_BLOCKS = frozenset(
    {
        "small",
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "ul",
        "ol",
        "figure",
        "figcaption",
        "main",
        "form",
        "table",
        "tr",
    }
)


def naive_text(html: bytes, encoding: str | None) -> str:
    import lxml.html

    from rs_scraper.parsing.html import decode

    root = lxml.html.document_fromstring(decode(html, encoding))
    for el in root.xpath("//script|//style|//head|//noscript|//iframe"):
        el.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str):
            el.text = el.text.replace("\n", " ") if el.text else el.text
            el.tail = el.tail.replace("\n", " ") if el.tail else el.tail
    for img in root.iter("img"):
        alt = (img.get("alt") or "").strip()
        img.tail = (f"\n\n{alt}\n\n" if alt else "") + (img.tail or "")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("li", "br"):
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    out: list[str] = []
    blank = False
    for line in root.text_content().split("\n"):
        line = " ".join(line.split())
        if not line:
            blank = True
            continue
        if blank and out:
            out.append("")
        out.append(line)
        blank = False
    return "\n".join(out)


@pytest.fixture(scope="module")
def naive_dumps():
    from rs_scraper.mirror import MirrorSite
    from rs_scraper.quality.mirror import BASE, render

    out = []
    for seed in (2, 3):
        site = MirrorSite(articles=60, seed=seed)
        for a in site.articles:
            body, enc = render(site, a)
            out.append((a, naive_text(body, enc), a.expected(BASE), site))
    return out


@pytest.mark.parametrize("key", ["title", "subtitle", "article_type", "section"])
def test_naive_dumps_header_fields(naive_dumps, key):
    # Bare pages print none of these; RebelMouse widget pages print no section (only a class name says it).
    wrong = [
        (a.path, clean_text_dump(d)[key], e[key])
        for a, d, e, _ in naive_dumps
        if a.variant.layout != "bare"
        and not (a.variant.layout == "rm-widgets" and key == "section")
        and clean_text_dump(d)[key] != e[key]
    ]
    assert len(wrong) <= 0.02 * len(naive_dumps), wrong[:5]


def test_naive_dumps_body_and_credit(naive_dumps):
    from rs_scraper.quality import Report, page_noise, score_row

    report = Report("naive dumps")
    credit_ok = 0
    for a, d, e, site in naive_dumps:
        got = clean_text_dump(d)
        report.pages.append(score_row(got, e, key=a.path, noise=page_noise(site, a)))
        credit_ok += got["image_credit"] == e["image_credit"]
    print(report.summary())
    assert report.f1 >= 0.995 and report.leak_count == 0, report.failures()
    assert report.exact >= 0.95, report.failures()
    assert credit_ok >= 0.95 * len(naive_dumps)


VARIED = {
    # A menu above the header, byline and date below the type line, tags and an author box after the body.
    "menu-byline-tags": (
        "Middle East\nAsia-Pacific\nEurope\nAbout\n\nFollow us on social\n\nUS Congress\n\n"
        "The Senate’s war powers vote, explained\n\n"
        "What the resolution does, and what it cannot do.\n\n"
        "Reporting | Washington Politics\n\nBy Ann Lee and Bo Ruiz\n\nMarch 3, 2024\n\n"
        "The Senate voted 52-47 on Thursday to direct the removal of US forces from hostilities that "
        "Congress never authorized.\n\nThe House is expected to take up the measure next week.\n\n"
        "Photos: Rob Crandall via shutterstock.com\n\nTags: Congress War powers\n\nAnn Lee\n\n"
        "Ann Lee is a reporter covering Congress.\n\nLATEST",
        {
            "title": "The Senate’s war powers vote, explained",
            "subtitle": "What the resolution does, and what it cannot do.",
            "article_type": "Reporting",
            "section": "Washington Politics",
            "image_credit": "Rob Crandall via shutterstock.com",
            "text": "The Senate voted 52-47 on Thursday to direct the removal of US forces from "
            "hostilities that Congress never authorized.\n\nThe House is expected to take up the "
            "measure next week.",
        },
    ),
    # Kicker layout: the type line above the headline; an in-body image (alt, caption, credit), a pull quote,
    # a tweet and an in-body newsletter box.
    "kicker-inbody-noise": (
        "Opinion | Europe\n\nNATO’s summit will not fix Europe’s defense\n\n"
        "Spending targets are not a strategy.\n\nBy Cy Doe\n\nJuly 9, 2025\n\n"
        "Allies will arrive with pledges to spend five percent of GDP on defense, most of them "
        "far in the future.\n\nBrussels skyline\n\nBrussels skyline\n\nREUTERS/Yves Herman\n\n"
        "Get the latest from Responsible Statecraft\n\nSubscribe now to our weekly round-up and "
        "don't miss a beat.\n\nSubscribe\n\nWhat they will not arrive with is a plan for what the "
        "money should buy.\n\nmost of them far in the future\n\nThe summit is a chance to ask.\n\n"
        "A plan first, then the money.\n— Some Senator (@senator) July 9, 2025\n\n"
        "It will probably be missed.\n\nkeep readingShow less",
        {
            "title": "NATO’s summit will not fix Europe’s defense",
            "subtitle": "Spending targets are not a strategy.",
            "article_type": "Opinion",
            "section": "Europe",
            "image_credit": None,
            "text": "Allies will arrive with pledges to spend five percent of GDP on defense, most of "
            "them far in the future.\n\nWhat they will not arrive with is a plan for what the "
            "money should buy.\n\nThe summit is a chance to ask.\n\nIt will probably be "
            "missed.",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(VARIED))
def test_varied_dumps(name):
    dump, expected = VARIED[name]
    assert clean_text_dump(dump) == expected
