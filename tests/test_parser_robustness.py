"""Garbage in must give NotArticle or a (lower-quality) Article, never an unhandled exception; CLI contract;
charset handling; the pieces with rules of their own (dates, authors, URLs)."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rs_scraper.items import FIELD_NAMES, Article
from rs_scraper.parsing import NotArticle, parse_article
from rs_scraper.parsing.authors import clean_authors
from rs_scraper.parsing.dates import parse_date
from rs_scraper.parsing.html import decode
from rs_scraper.parsing.urls import image_url
from rs_scraper.urls import canonicalize as canonical_url

PAGES = Path(__file__).parent / "fixtures" / "pages"
URL = "https://responsiblestatecraft.org/some-article"


def _safe(data, url=URL, encoding=None):
    try:
        out = parse_article(data, url, encoding=encoding)
    except NotArticle as exc:
        assert exc.reason and " " not in exc.reason
        return None
    assert isinstance(out, Article)
    return out


@pytest.mark.parametrize(
    "data",
    [
        b"",
        "",
        b"\x00\x01\x02",
        b"%PDF-1.4 binary",
        "   ",
        "<html>",
        "<html><body></body></html>",
        '{"json": true}',
        "<p>one paragraph</p>",
        "<<<>>>",
        "<html><head><script type='application/ld+json'>{broken</script></head></html>",
        '<html><script>window.REBELMOUSE_BOOTSTRAP_DATA = {"post": {"headline": 1, "body": 5}};</script></html>',
        "<?xml version='1.0' encoding='utf-8'?><html><body><h1>x</h1></body></html>",
        "<div class='body-description'>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</div>",
        b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00",
    ],
)
def test_garbage_never_crashes(data):
    _safe(data)


def test_fuzz_mutated_fixtures():
    rng = random.Random(1234)
    sources = [p.read_bytes() for p in sorted(PAGES.glob("*.html"))]
    for _ in range(150):
        src = bytearray(rng.choice(sources))
        op = rng.randrange(4)
        if op == 0:  # truncate
            src = src[: rng.randrange(len(src))]
        elif op == 1:  # random byte flips
            for _ in range(rng.randrange(1, 50)):
                src[rng.randrange(len(src))] = rng.randrange(256)
        elif op == 2:  # delete a slice
            i = rng.randrange(len(src))
            del src[i : i + rng.randrange(1, 2000)]
        else:  # shuffle tags: swap two slices
            i, j = sorted(rng.randrange(len(src)) for _ in range(2))
            src = src[j:] + src[i:j] + src[:i]
        _safe(bytes(src), encoding=rng.choice([None, "utf-8", "windows-1252", "bogus-charset"]))


@pytest.mark.parametrize(
    "url", ["", "not a url", "file:///tmp/x.html", "https://responsiblestatecraft.org/x?rebelltitem=2"]
)
def test_odd_urls(url):
    _safe((PAGES / "rm-full-chrome.html").read_bytes(), url=url)


def test_file_url_uses_canonical_link():
    a = parse_article((PAGES / "rm-full-chrome.html").read_bytes(), "file:///tmp/page.html")
    assert a.url == "https://responsiblestatecraft.org/biden-venezuela-talks"


def test_canonical_link_on_another_host_is_not_trusted():
    html = (
        (PAGES / "rm-full-chrome.html")
        .read_bytes()
        .replace(b"https://responsiblestatecraft.org/biden-venezuela-talks/", b"https://evil.example/other/")
    )
    a = parse_article(html, "https://responsiblestatecraft.org/biden-venezuela-talks/?mc_cid=1")
    assert a.url == "https://responsiblestatecraft.org/biden-venezuela-talks"


# --- charset ------------------------------------------------------------------------------------------------


def test_cp1252_curly_quotes():
    raw = "<html><head><meta charset='windows-1252'></head><body>“quoted” — dash</body></html>".encode("cp1252")
    assert "“quoted” — dash" in decode(raw)


def test_latin1_label_means_cp1252():
    assert decode("“x”".encode("cp1252"), "iso-8859-1") == "“x”"


def test_header_says_latin1_but_bytes_are_utf8():
    assert decode("“x” café".encode(), "iso-8859-1") == "“x” café"


def test_utf8_bom_wins_over_meta():
    raw = b"\xef\xbb\xbf<meta charset='windows-1252'>" + "“x”".encode()
    assert decode(raw).endswith("“x”")


def test_wrong_utf8_declaration_falls_back():
    assert decode("“x”".encode("cp1252"), "utf-8") == "“x”"


@pytest.mark.parametrize("declared", ["utf-8", None])
def test_one_invalid_byte_in_utf8_is_one_replacement_char(declared):
    raw = "“Quoted” — café, Zoë.".encode() * 20 + b"<p>caf\xe9</p>"
    text = decode(raw, declared)
    assert text.startswith("“Quoted” — café, Zoë.") and text.endswith("<p>caf\ufffd</p>")


def test_meta_utf8_page_that_is_clearly_cp1252():
    raw = b"<meta charset='utf-8'>" + "“a” — b ‘c’ é".encode("cp1252") * 10 + "“ok”".encode()
    assert decode(raw).startswith("<meta charset='utf-8'>“a” — b ‘c’ é")


# --- dates, authors, URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-05-20T10:00:00-04:00", datetime(2026, 5, 20, 14, tzinfo=UTC)),
        ("2026-05-20T14:00:00Z", datetime(2026, 5, 20, 14, tzinfo=UTC)),
        ("2026-05-20T14:00:00+0000", datetime(2026, 5, 20, 14, tzinfo=UTC)),
        ("Wed, 20 May 2026 14:00:00 GMT", datetime(2026, 5, 20, 14, tzinfo=UTC)),
        ("Wed, 20 May 2026 10:00:00 -0400", datetime(2026, 5, 20, 14, tzinfo=UTC)),
        # a calendar day alone: the instant it begins in New York (EDT in May and September: 04:00 UTC)
        ("May 20, 2026", datetime(2026, 5, 20, 4, tzinfo=UTC)),
        ("Published Sept. 3, 2021", datetime(2021, 9, 3, 4, tzinfo=UTC)),
        (1779285600, datetime(2026, 5, 20, 14, tzinfo=UTC)),
        # a visible time is on the site's clock: "ET" and no zone at all are New York time, daylight saving included
        ("August 12, 2024 9:09PM ET", datetime(2024, 8, 13, 1, 9, tzinfo=UTC)),
        ("December 2, 2024 9:09PM ET", datetime(2024, 12, 3, 2, 9, tzinfo=UTC)),
        ("May 20, 2026 10:30 AM", datetime(2026, 5, 20, 14, 30, tzinfo=UTC)),
        ("January 20, 2026 10:30", datetime(2026, 1, 20, 15, 30, tzinfo=UTC)),
        ("20 May 2026 10:30 AM PT", datetime(2026, 5, 20, 17, 30, tzinfo=UTC)),
        ("May 20, 2026 10:30 AM EST", datetime(2026, 5, 20, 15, 30, tzinfo=UTC)),  # a fixed name: fixed
        ("May 20, 2026 10:30 AM GMT", datetime(2026, 5, 20, 10, 30, tzinfo=UTC)),
        ("1779285600000", datetime(2026, 5, 20, 14, tzinfo=UTC)),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value, precision, day",
    [
        ("2026-05-20T01:30:00Z", "minute", date(2026, 5, 19)),  # 21:30 the evening before in New York
        ("Wed, 20 May 2026 14:00:00 GMT", "minute", date(2026, 5, 20)),
        (1779285600, "minute", date(2026, 5, 20)),
        ("January 3, 2026 10:30 PM EST", "minute", date(2026, 1, 3)),
        ("August 12, 2024 9:09PM ET", "minute", date(2024, 8, 12)),  # 01:09 UTC the next day
        ("August 12, 2024 11:30 PM", "minute", date(2024, 8, 12)),
        ("May 20, 2026", "day", date(2026, 5, 20)),
        ("2026-01-05", "day", date(2026, 1, 5)),  # EST: 05:00 UTC, still 5 January in both calendars
        ("12/31/2025", "day", date(2025, 12, 31)),
    ],
)
def test_dates_report_their_precision_and_the_site_calendar_day(value, precision, day):
    from rs_scraper.parsing.dates import parse_dated

    found = parse_dated(value, numeric=True)
    assert (found.precision, found.day) == (precision, day)
    if precision == "day":  # never shifted: the same day in UTC and in New York
        assert found.at.date() == day == found.at.astimezone(ZoneInfo("America/New_York")).date()


@pytest.mark.parametrize(
    "values, expected",
    [
        (["By A Smith, B Jones and C Li"], ["A Smith", "B Jones", "C Li"]),
        (["A and B"], ["A", "B"]),
        (["A, B, and C"], ["A", "B", "C"]),
        (["Ann & Bob", "ann"], ["Ann", "Bob"]),
        (["https://responsiblestatecraft.org/author/x/"], []),
        (["Martin Luther King, Jr."], ["Martin Luther King, Jr."]),
    ],
)
def test_authors(values, expected):
    assert clean_authors(values) == expected


def test_canonical_url_strips_tracking():
    assert (
        canonical_url("https://ResponsibleStatecraft.org/x/?rebelltitem=2&mc_cid=a&mc_eid=b&utm_source=t#top")
        == "https://responsiblestatecraft.org/x"
    )


def test_image_url_keeps_only_id():
    assert (
        image_url("/media-library/a.jpg?id=12&width=980&coordinates=0%2C0", "https://rs.org/p")
        == "https://rs.org/media-library/a.jpg?id=12"
    )
    assert image_url("data:image/svg+xml,%3Csvg%3E", "https://rs.org/p") is None


# --- CLI ------------------------------------------------------------------------------------------------------


def test_cli_extract_rows_and_non_articles(capsys):
    from rs_scraper.cli import main

    rc = main(["extract", str(PAGES / "rm-full-chrome.html"), str(PAGES / "tag-page-file.html")])
    out, err = capsys.readouterr()
    assert rc == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 1 and list(rows[0]) == list(FIELD_NAMES)
    assert rows[0]["published_at"] == "2021-04-05T17:00:00Z"  # ISO 8601 UTC with Z, as every output
    assert err.count("\n") == 1 and "tag-page-file.html" in err and "listing" in err


def test_cli_extract_with_url_and_stdin(capsys, monkeypatch):
    import io
    import sys

    from rs_scraper.cli import main

    data = (PAGES / "rm-infinite-scroll.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["extract", "-", "--url", "https://responsiblestatecraft.org/price-gouging/?rebelltitem=1"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["url"] == "https://responsiblestatecraft.org/price-gouging"


def test_cli_extract_no_rows_exit_1(capsys):
    from rs_scraper.cli import main

    assert main(["extract", str(PAGES / "about-page.html")]) == 1


def test_cli_extract_missing_file_exit_2(capsys):
    from rs_scraper.cli import main

    assert main(["extract", "/nonexistent/page.html"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "title, error_page",
    [
        ("404 | Responsible Statecraft", True),
        ("Page not found | Responsible Statecraft", True),
        ("Oops! That page can’t be found.", True),
        ("Why Section 404 matters | Responsible Statecraft", False),
        ("Not found: the missing WMD | Responsible Statecraft", False),
    ],
)
def test_error_pages_are_told_apart_from_headlines_that_mention_404(title, error_page):
    body = "".join(
        f"<p>Paragraph {i} about diplomacy, sanctions and the war in Ukraine and beyond it.</p>" for i in range(12)
    )
    html = (
        f"<html lang='en'><head><title>{title}</title></head><body><h1 class='widget__headline'>"
        f"<span class='widget__headline-text'>{title.split(' | ')[0]}</span></h1>"
        f"<div class='body-description'>{body}</div></body></html>"
    )
    url = "https://responsiblestatecraft.org/some-slug"
    if error_page:
        with pytest.raises(NotArticle, match="not_found"):
            parse_article(html, url)
    else:
        assert parse_article(html, url).title == title.split(" | ")[0]


def test_a_body_wrapper_with_a_subscribe_class_is_not_pruned_as_chrome():
    # a paywalled site names its article body "subscriber-content"; the headline sits outside it
    paras = [
        f"Paragraph {i} on arms control, the Pentagon budget and what Congress did next about it." for i in range(8)
    ]
    html = (
        "<html lang='en'><head><title>Arms control returns | Other Site</title>"
        "<meta property='og:type' content='article'></head><body><header><h1>Arms control returns</h1></header>"
        "<div class='subscriber-content'>" + "".join(f"<p>{p}</p>" for p in paras) + "</div>"
        "<div class='newsletter-box'><p>Sign up for our newsletter</p></div></body></html>"
    )
    article = parse_article(html, "https://news.example.com/2024/05/arms-control")
    assert article.text == "\n\n".join(paras)


def test_control_characters_in_text_do_not_break_pruning_or_the_text_rules():
    """libxml2 keeps a control byte of a broken page in the text; lxml refuses to assign it back, which dropping
    an element does when it joins the element's tail to its neighbour (html.drop)."""
    body = "".join(f"<p>Paragraph {i} of the article, long enough to be body text here.\x0b</p>" for i in range(8))
    page = (
        "<html><head><title>T</title></head><body><nav>Menu\x01</nav>\x02 tail<h1>Headline\x03</h1>"
        f"<div>{body}</div><script>x\x04</script>\x05 after</body></html>"
    )
    for data in (page, page.encode("utf-8"), page.encode("windows-1252")):
        _safe(data)
