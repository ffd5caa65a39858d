"""Transient is not final: a night where every article answers 200 with a soft 404, a maintenance
page, a CDN challenge or a JSON error fails loudly (one summary line, non-zero exit) and remembers none of its
verdicts; the recovered night stores every new article. Plus the memory rules on their own (rs_scraper.non_articles).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from rs_scraper.non_articles import Verdict, history, transient_cause
from tests.kit.overlay import overlay
from tests.kit.runs import LOOPBACK, read_manifests, rs_cli

HTML = {"Content-Type": "text/html; charset=utf-8"}
CHROME = "<nav>" + " ".join(f'<a href="/sections/s{i}">Section {i}</a>' for i in range(40)) + "</nav>"
BAD_PAGES = [
    # a soft 404 inside the site's full chrome
    (
        200,
        HTML,
        (
            f"<html><head><title>Page not found | Responsible Statecraft</title></head><body>{CHROME}"
            "<h1>Sorry, this page could not be found.</h1><p>Try the search.</p>" + "<p>x</p>" * 800 + "</body></html>"
        ).encode(),
    ),
    # a maintenance page
    (
        200,
        HTML,
        b"<html><head><title>Down for maintenance</title></head><body><h1>We'll be back soon</h1>"
        b"<p>Scheduled maintenance.</p></body></html>",
    ),
    # a CDN challenge
    (
        200,
        HTML,
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
        b"<div id='challenge-platform'><script src='/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1'>"
        b"</script></div><noscript>Enable JavaScript and cookies to continue</noscript></body></html>",
    ),
    # a JSON error with status 200
    (200, {"Content-Type": "application/json"}, b'{"error": "upstream timed out", "code": 504}'),
]


def crawl(server, data, *extra: str):
    return rs_cli(
        "crawl",
        "--quiet",
        "--data-dir",
        str(data),
        "--base-url",
        server.base_url,
        "--log-file",
        str(data.parent / "crawl-{run_id}.log"),
        *LOOPBACK,
        *extra,
        timeout=180,
    )


def test_a_quiet_night_that_only_rechecks_known_non_articles_passes_and_remembers_them(mirror_factory, tmp_path):
    # Found on an independent whole-site red team: its sitemaps list 10 section pages; the night after the first
    # crawl fetched only those (a verdict is remembered from its second sighting on), all non-articles, so
    # article_yield failed the night, which remembered none of them: the same failure every night after.
    server = mirror_factory(articles=12, seed=3, layout="rebelmouse")
    data = tmp_path / "data"
    judged = ("-s", "RS_VERDICT_MIN_PAGES=2")  # the mirror lists fewer non-articles than the default 10
    assert crawl(server, data, *judged).returncode == 0
    night = crawl(server, data, *judged)
    assert night.returncode == 0, night.stderr[-2000:]
    second = read_manifests(data)[-1]
    rechecked = second["not_articles"]
    assert len(rechecked) >= 2 and second["counts"].get("rs/written", 0) == 0  # only known non-articles fetched
    assert second["counts"]["rs/not_article/confirmed"] == len(rechecked)
    assert second["verdicts_remembered"] is True
    third = crawl(server, data, *judged)
    assert third.returncode == 0, third.stderr[-2000:]
    assert not set(read_manifests(data)[-1]["not_articles"]) & set(rechecked)  # remembered: not fetched again


def test_a_bad_night_fails_remembers_nothing_and_the_recovered_night_stores_all_60(mirror_factory, tmp_path):
    server = mirror_factory(articles=60, seed=2, layout="rebelmouse")
    real = server.site
    expected = len(real.expected_rows(server.base_url))
    assert expected == 60
    site = overlay(server)
    served = []

    def bad_night(path: str, base: str):
        article = real.article_for(path)
        if article is None:
            return None
        served.append(path)
        return BAD_PAGES[len(served) % len(BAD_PAGES)]

    site.routes.append(bad_night)
    data = tmp_path / "data"
    night = crawl(server, data)
    assert night.returncode == 1, night.stderr[-2000:]
    lines = night.stderr.strip().splitlines()  # one plain summary line
    assert len(lines) == 1 and "Traceback" not in night.stderr, night.stderr[-2000:]
    assert "article_yield: most article pages failed or were not articles" in lines[0]
    assert "not remembered" in lines[0]
    manifest = read_manifests(data)[-1]
    assert manifest["verdicts_remembered"] is False
    transient = [v for v in manifest["not_articles"].values() if v["transient"]]
    assert len(transient) >= 60  # every article page of the bad night, whatever the parser called it
    assert {v["cause"] for v in transient} >= {"not_found", "error_title", "challenge", "not_html"}
    assert not (data / "articles").exists() or len(pd.read_parquet(data / "articles")) == 0

    site.routes.clear()  # the site recovered
    for _ in range(2):  # and it stays recovered: the second night is a plain incremental run
        recovered = crawl(server, data)
        assert recovered.returncode == 0, recovered.stderr[-2000:]
    stored = pd.read_parquet(data / "articles")
    assert len(stored) == 60 and stored["url"].is_unique  # 60 of 60 new articles stored
    assert read_manifests(data)[-1]["summary"].get("skipped_by_reason", {}).get("unchanged_not_article", 0) == 0


# ------------------------------------------------------------------------------------------- the rules
T0 = datetime(2026, 6, 1, tzinfo=UTC)


def manifest(when: datetime, verdicts: dict, remembered: bool = True) -> dict:
    return {
        "verdicts_remembered": remembered,
        "not_articles": {
            url: {"at": when.isoformat(), "reason": reason, "transient": transient}
            for url, (reason, transient) in verdicts.items()
        },
    }


def test_a_verdict_is_remembered_only_when_the_same_reason_comes_twice():
    one = history([manifest(T0, {"u": ("listing", False)})])
    assert one["u"].remembered_until(7, 90) is None
    two = history(
        [manifest(T0, {"u": ("listing", False)}), manifest(T0 + timedelta(days=1), {"u": ("listing", False)})]
    )
    assert two["u"] == Verdict("listing", T0 + timedelta(days=1), 2)
    assert two["u"].remembered_until(7, 90) == T0 + timedelta(days=8)
    changed = history(
        [manifest(T0, {"u": ("listing", False)}), manifest(T0 + timedelta(days=1), {"u": ("author_page", False)})]
    )
    assert changed["u"].streak == 1 and changed["u"].remembered_until(7, 90) is None


def test_backoff_doubles_and_is_capped():
    runs = [manifest(T0 + timedelta(days=d), {"u": ("listing", False)}) for d in range(6)]
    verdict = history(runs)["u"]
    assert verdict.streak == 6
    assert verdict.remembered_until(7, 90) == verdict.last_at + timedelta(days=90)  # 7 * 2**4 = 112 > 90
    assert history(runs[:3])["u"].remembered_until(7, 90) == T0 + timedelta(days=2 + 14)


def test_transient_verdicts_and_bad_nights_are_never_remembered():
    runs = [manifest(T0, {"u": ("too_short", True)}), manifest(T0 + timedelta(days=1), {"u": ("too_short", True)})]
    assert history(runs) == {}
    bad = [
        manifest(T0, {"u": ("listing", False)}, remembered=False),
        manifest(T0 + timedelta(days=1), {"u": ("listing", False)}, remembered=False),
    ]
    assert history(bad) == {}


def test_what_looks_transient():
    page = b"<html><head><title>Iran talks resume</title></head><body>" + b"<p>text</p>" * 2000 + b"</body></html>"
    assert transient_cause(page, "text/html", "listing") is None
    assert transient_cause(page, "text/html", "parse_error") == "parse_error"  # a failure, never a verdict
    for _status, headers, body in BAD_PAGES:
        assert transient_cause(body, headers["Content-Type"], "too_short") is not None, body[:60]
    assert transient_cause(page[:1500], "text/html", "too_short") == "small_body"
    assert transient_cause(page[:15000], "text/html", "no_body", usual_size=200_000) == "small_body"
    assert transient_cause(page[:4000], "text/html", "too_short", usual_size=18_000) is None  # a small section page
    assert transient_cause(page, "text/html", "too_short", usual_size=30_000) is None
    assert transient_cause(page[:1500], "text/html", "listing") is None  # a small listing is still a listing
