"""Failure modes of the site, each a named test: the crawl retries and keeps the article, or counts it as skipped
or failed with a reason that reaches the run manifest (RS_DATA_DIR/runs/<run_id>.json ``counts``).

One crawl of a 20-article mirror serves every per-path fault at once (one article per fault, a few clean ones as
controls); each test asserts its own fault's outcome. robots.txt faults change the whole crawl, so they get
their own small crawls. Outcomes are asserted on counts and on the server's request log, never on timing,
except lower bounds that a correct implementation cannot miss (a Retry-After wait is at least that long).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import urlsplit

import pandas as pd
import pytest

from tests.kit.faults import GIB, ConnectionProbe, billion_laughs, crawl, external_entities, once_per_session
from tests.kit.runs import SITE_URL, read_manifests

ARTICLES, SEED = 24, 11
TIMEOUT = 2  # DOWNLOAD_TIMEOUT of the crawl; slow faults answer after SLOW seconds
SLOW = 4
RSS_CAP = 600 * 1024 * 1024
HUGE = 20 * 1024 * 1024  # a 20 MiB body, over DOWNLOAD_MAXSIZE (8 MiB)

# Which article (index into the mirror's expected rows) gets which fault.
FAULTS = {
    "retry_after_seconds": 0,
    "retry_after_date_capped": 1,
    "http_500": 2,
    "slow_once": 3,
    "slow_always": 4,
    "drop_once": 5,
    "drop_always": 6,
    "charset_missing": 7,
    "truncated": 8,
    "charset_mismatch": 9,
    "control": 11,
    "huge_body": 12,
    "gzip_bomb": 13,
    "redirect_loop": 14,
    "redirect_offsite": 15,
    "redirect_other_port": 16,
    "malformed_html": 17,
    "empty_200": 18,
    "pdf": 19,
    "invalid_utf8_byte": 20,
    "huge_streamed": 21,
    "gzip_encoded": 22,
}
RETRY_AFTER = 3  # seconds, on the first answer of article "retry_after_seconds"


def _malformed(resp):
    """Tag soup as broken servers and editors make it: block elements never closed, stray and mis-nested end
    tags, no </body></html>, and a tail of garbage (an unterminated tag and comment, NUL and invalid bytes)."""
    status, headers, body = resp
    body = re.sub(rb"</(p|div|li|span|section|header|footer)\s*>", b"", body, flags=re.I)
    body = body.replace(b"<body", b"</div></section><b><i></b></i><body", 1)
    body = re.sub(rb"</body>\s*</html>\s*$", b"", body)
    return status, headers, body + b"<div <p class='x <!-- never closed"


def _invalid_byte(resp):
    """A declared UTF-8 page with one byte that is not UTF-8 (a stray Latin-1 byte pasted in the footer)."""
    status, headers, body = resp
    return status, headers, body.replace(b"</body>", b"<p>caf\xe9</p></body>", 1)


def _inject_sitemaps(base: str, names: list[str]):
    def transform(resp):
        status, headers, body = resp
        extra = "".join(f"<sitemap><loc>{base}/sitemaps/{n}</loc></sitemap>" for n in names).encode()
        return status, headers, body.replace(b"</sitemapindex>", extra + b"</sitemapindex>")

    return transform


def _bad_lastmods(resp):
    status, headers, body = resp
    values = iter([b"2024-13-45T99:99:99Z", b"yesterday", b"0000-00-00", b"2024-02-30"] * 100)
    return (
        status,
        headers,
        re.sub(rb"<lastmod>[^<]*</lastmod>", lambda m: b"<lastmod>" + next(values) + b"</lastmod>", body),
    )


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    """One crawl with every per-path fault (once per session, xdist workers included)."""
    return once_per_session(tmp_path_factory, "faulty-crawl", lambda: _faulty_crawl(tmp_path_factory))


def _faulty_crawl(tmp_path_factory) -> dict:
    from rs_scraper.mirror import MirrorServer, MirrorSite

    site = MirrorSite(articles=ARTICLES, seed=SEED)
    root = tmp_path_factory.mktemp("faults")
    data_dir = root / "data"
    canary = root / "canary.txt"
    canary.write_text("CANARY-7f3a9 must never be read\n")
    with MirrorServer(site, port=0) as srv, ConnectionProbe() as probe:
        base = srv.base_url
        rows = site.expected_rows(SITE_URL)  # what is stored: the site's URLs, whatever port we crawl
        paths = {name: urlsplit(rows[i]["url"]).path for name, i in FAULTS.items()}
        p = paths
        srv.set_fault(p["retry_after_seconds"], status=503, retry_after=RETRY_AFTER, times=1)
        future = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
        srv.set_fault(p["retry_after_date_capped"], status=429, times=1, retry_after=future)
        srv.set_fault(p["http_500"], status=500)
        srv.set_fault(p["slow_once"], delay=SLOW, times=1)
        srv.set_fault(p["slow_always"], delay=SLOW)
        srv.set_fault(p["drop_once"], drop=True, times=1)
        srv.set_fault(p["drop_always"], drop=True)
        srv.set_fault(p["truncated"], truncate=True)
        srv.set_fault(p["charset_missing"], charset="")  # UTF-8 bytes, no charset in header or <meta>
        srv.set_fault(p["charset_mismatch"], charset="iso-8859-1")  # UTF-8 bytes declared ISO-8859-1
        srv.set_fault(p["huge_body"], body=b" " * HUGE)  # an honest Content-Length over the limit
        srv.set_fault(p["huge_streamed"], stream=HUGE)  # no Content-Length: stopped by counting
        srv.set_fault(p["gzip_bomb"], gzip=True, bomb=GIB)
        srv.set_fault(p["gzip_encoded"], gzip=True)  # an ordinary compressed page
        srv.set_fault(p["redirect_loop"], redirect=base + p["redirect_loop"])
        srv.set_fault(p["redirect_offsite"], redirect="http://offsite.invalid/stolen")
        srv.set_fault(p["redirect_other_port"], redirect=probe.url + p["redirect_other_port"])
        srv.set_fault(p["malformed_html"], transform=_malformed)
        srv.set_fault(p["invalid_utf8_byte"], transform=_invalid_byte)
        srv.set_fault(p["empty_200"], body=b"")
        srv.set_fault(
            p["pdf"], body=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n", content_type="application/pdf"
        )
        # Discovery: three hostile sitemaps listed by the index, and invalid lastmods in a real one.
        srv.set_fault(
            "/sitemap.xml",
            transform=_inject_sitemaps(base, ["bomb.xml.gz", "bomb-encoded.xml", "laughs.xml", "xxe.xml"]),
        )
        srv.set_fault("/sitemaps/bomb.xml.gz", status=200, bomb=GIB)  # a .gz file inflating to 1 GiB
        srv.set_fault("/sitemaps/bomb-encoded.xml", status=200, gzip=True, bomb=GIB)  # Content-Encoding: gzip
        srv.set_fault(
            "/sitemaps/laughs.xml", body=billion_laughs(loc=f"{base}/laughs-&lol9;"), content_type="application/xml"
        )
        srv.set_fault(
            "/sitemaps/xxe.xml",
            body=external_entities(canary.as_uri(), f"{base}/xxe-probe", base=base),
            content_type="application/xml",
        )
        control = site.article_for(p["control"])
        srv.set_fault(f"/sitemaps/{control.published_at:%Y-%m}.xml", transform=_bad_lastmods)

        result, peak_rss = crawl(
            base, data_dir, "-s", f"DOWNLOAD_TIMEOUT={TIMEOUT}", "-s", f"RS_RETRY_AFTER_MAX={RETRY_AFTER}"
        )
        requests = list(srv.requests)
        connections = probe.connections
    frame = pd.read_parquet(data_dir / "articles") if (data_dir / "articles").exists() else pd.DataFrame()
    manifest = read_manifests(data_dir)[-1]
    return dict(
        result=result,
        log=result.stderr,
        counts=manifest["counts"],
        manifest=manifest,
        frame=frame,
        rows=rows,
        paths=paths,
        requests=requests,
        peak_rss=peak_rss,
        probe_connections=connections,
        canary=canary,
        data_dir=data_dir,
        base=base,
    )


def _kept(f, name: str) -> dict | None:
    url = f["rows"][FAULTS[name]]["url"]
    hits = f["frame"][f["frame"]["url"] == url] if len(f["frame"]) else []
    return hits.iloc[0].to_dict() if len(hits) == 1 else None


def _hits(f, name: str) -> list:
    return [r for r in f["requests"] if r.path.split("?")[0].rstrip("/") == f["paths"][name]]


def test_crawl_finishes_cleanly(faulty):
    """Every fault is handled: the run finishes and no callback raised (the monitors may rightly fail it)."""
    assert faulty["manifest"]["finish_reason"] == "finished", faulty["log"][-3000:]
    assert "Spider error processing" not in faulty["log"]
    assert not [k for k in faulty["manifest"]["stats"] if k.startswith("spider_exceptions")]
    assert faulty["counts"].get("rs/failed/parse_error", 0) == 0


def test_every_article_is_kept_or_counted_with_a_reason(faulty):
    """Lose nothing: each fault's article is in the dataset or in exactly the failure count it should be."""
    kept = set(faulty["frame"]["url"])
    assert len(kept) == len(faulty["frame"]), "a URL was written twice"
    lost = [name for name in ("control",) if faulty["rows"][FAULTS[name]]["url"] not in kept]
    assert not lost
    clean = [i for i in range(ARTICLES) if i not in FAULTS.values()]
    assert all(faulty["rows"][i]["url"] in kept for i in clean)


# ---------------------------------------------------------------------------------------- status codes
def test_503_with_retry_after_seconds_is_retried_after_the_wait_and_kept(faulty):
    assert _kept(faulty, "retry_after_seconds") is not None
    hits = _hits(faulty, "retry_after_seconds")
    assert [h.status for h in hits] == [503, 200]
    wait_start, wait_end = hits[0].time, hits[1].time
    assert wait_end - wait_start >= RETRY_AFTER - 0.1, "the retry did not wait for Retry-After"
    # The wait did not block the reactor: the server kept receiving other requests meanwhile.
    others = [r for r in faulty["requests"] if wait_start < r.time < wait_end and r not in hits]
    assert others, "nothing else was requested while the retry waited"
    assert faulty["counts"]["rs/retry/http_503"] >= 1
    assert faulty["counts"]["rs/retry_after/honoured"] >= 2


def test_429_with_retry_after_http_date_is_capped_and_kept(faulty):
    assert _kept(faulty, "retry_after_date_capped") is not None
    assert [h.status for h in _hits(faulty, "retry_after_date_capped")] == [429, 200]
    assert faulty["counts"]["rs/retry/http_429"] >= 1
    assert faulty["counts"]["rs/retry_after/capped"] >= 1  # an hour asked, RS_RETRY_AFTER_MAX granted


def test_500_forever_is_retried_then_counted_as_failed(faulty):
    assert _kept(faulty, "http_500") is None
    assert len(_hits(faulty, "http_500")) == 4  # 1 + RETRY_TIMES
    assert faulty["counts"]["rs/failed/http_500"] == 1
    assert faulty["counts"]["rs/retry/http_500"] == 3


# ------------------------------------------------------------------------------------------- transport
def test_slower_than_timeout_once_is_retried_and_kept(faulty):
    assert _kept(faulty, "slow_once") is not None
    assert len(_hits(faulty, "slow_once")) == 2


def test_slower_than_timeout_always_is_counted_as_timeout(faulty):
    assert _kept(faulty, "slow_always") is None
    assert faulty["counts"]["rs/failed/timeout"] == 1
    assert faulty["counts"]["rs/retry/timeout"] >= 3


def test_dropped_connection_once_is_retried_and_kept(faulty):
    assert _kept(faulty, "drop_once") is not None
    assert len(_hits(faulty, "drop_once")) == 2


def test_dropped_connection_always_is_counted(faulty):
    assert _kept(faulty, "drop_always") is None
    assert faulty["counts"]["rs/failed/connection_lost"] == 1


def test_truncated_body_with_lying_content_length_is_counted_as_data_loss(faulty):
    assert _kept(faulty, "truncated") is None  # half a page is never stored as if it were the article
    assert faulty["counts"]["rs/failed/data_loss"] == 1
    assert len(_hits(faulty, "truncated")) == 4


# ------------------------------------------------------------------------------------------------- bodies
def test_missing_charset_is_detected_and_the_text_kept_intact(faulty):
    row = _kept(faulty, "charset_missing")
    expected = faulty["rows"][FAULTS["charset_missing"]]
    assert row is not None and row["title"] == expected["title"] and row["text"] == expected["text"]


def test_mismatched_charset_keeps_the_article(faulty):
    row = _kept(faulty, "charset_mismatch")
    expected = faulty["rows"][FAULTS["charset_mismatch"]]
    assert row is not None and row["title"] == expected["title"] and row["text"] == expected["text"]


def test_one_invalid_byte_in_a_utf8_page_does_not_garble_the_text(faulty):
    row = _kept(faulty, "invalid_utf8_byte")
    expected = faulty["rows"][FAULTS["invalid_utf8_byte"]]
    assert row is not None and row["title"] == expected["title"] and row["text"] == expected["text"]


def test_huge_body_is_abandoned_at_download_maxsize(faulty):
    assert _kept(faulty, "huge_body") is None and _kept(faulty, "huge_streamed") is None
    assert faulty["counts"]["rs/failed/too_large"] == 3  # announced, streamed, and the gzip bomb


def test_gzip_encoded_page_is_kept(faulty):
    row = _kept(faulty, "gzip_encoded")
    assert row is not None and row["text"] == faulty["rows"][FAULTS["gzip_encoded"]]["text"]


def test_gzip_bomb_is_abandoned_and_memory_stays_bounded(faulty):
    assert _kept(faulty, "gzip_bomb") is None
    assert 0 < faulty["peak_rss"] < RSS_CAP, f"peak RSS {faulty['peak_rss'] / 2**20:.0f} MiB"
    print(f"peak RSS of the faulty crawl (three 1 GiB gzip bombs served): {faulty['peak_rss'] / 2**20:.0f} MiB")


def test_gzipped_sitemap_bomb_is_counted_and_memory_stays_bounded(faulty):
    assert faulty["counts"]["rs/failed/sitemap_gzip"] == 1
    assert 0 < faulty["peak_rss"] < RSS_CAP


def test_gzip_encoded_sitemap_bomb_is_abandoned_at_the_sitemap_limit(faulty):
    assert faulty["counts"]["rs/discovery_failed/too_large"] == 1  # RS_SITEMAP_MAXSIZE, inflated
    assert 0 < faulty["peak_rss"] < RSS_CAP


def test_malformed_html_is_kept(faulty):
    row = _kept(faulty, "malformed_html")
    expected = faulty["rows"][FAULTS["malformed_html"]]
    assert row is not None, "the tag-soup page was lost"
    assert row["title"] == expected["title"] and row["published_at"] == expected["published_at"]
    assert expected["text"].split("\n\n")[0] in row["text"]


def test_empty_200_page_is_counted_not_stored(faulty):
    assert _kept(faulty, "empty_200") is None
    assert faulty["counts"]["rs/dropped/not_article/empty"] == 1
    assert f"not an article (empty): {faulty['base']}{faulty['paths']['empty_200']}" in faulty["log"]


def test_pdf_at_an_article_url_is_counted_as_not_html(faulty):
    assert _kept(faulty, "pdf") is None
    assert faulty["counts"]["rs/dropped/not_article/not_html"] == 1, faulty["counts"]


# ---------------------------------------------------------------------------------------------- redirects
def test_redirect_loop_ends_and_is_counted(faulty):
    assert _kept(faulty, "redirect_loop") is None
    assert faulty["counts"]["rs/failed/redirect_loop"] == 1
    assert len(_hits(faulty, "redirect_loop")) == 6  # the request and REDIRECT_MAX_TIMES redirects


def test_offsite_redirects_are_refused_before_any_connection(faulty):
    assert _kept(faulty, "redirect_offsite") is None and _kept(faulty, "redirect_other_port") is None
    assert faulty["counts"]["rs/failed/offsite"] == 2
    assert faulty["probe_connections"] == 0  # the other loopback port never saw a connection
    assert faulty["counts"].get("rs/failed/dns", 0) == 0  # offsite.invalid was never even looked up


# ---------------------------------------------------------------------------------------------- sitemaps
def test_sitemap_entity_bomb_is_not_expanded(faulty):
    paths = [r.path for r in faulty["requests"]]
    assert "/sitemaps/laughs.xml" in paths
    assert not [p for p in paths if "lollol" in p]
    assert faulty["peak_rss"] < RSS_CAP


def test_sitemap_external_entities_are_never_resolved(faulty):
    paths = [r.path for r in faulty["requests"]]
    assert "/sitemaps/xxe.xml" in paths
    assert not [p for p in paths if p.startswith("/xxe-probe")], "an external entity was fetched"
    assert "CANARY" not in faulty["log"] and not [p for p in paths if "CANARY" in p]


def test_sitemap_invalid_lastmod_is_counted_and_the_article_kept(faulty):
    assert faulty["counts"]["rs/sitemap/invalid_lastmod"] >= 1
    assert _kept(faulty, "control") is not None


# ------------------------------------------------------------------------------------- the modes, on the wire
def test_mirror_fault_modes_on_the_wire(mirror_factory):
    """What each mirror fault mode really sends (so that the crawl outcomes above test what they claim)."""
    import gzip
    import http.client
    import zlib

    srv = mirror_factory(articles=3, seed=2)
    path = urlsplit(srv.site.expected_rows(srv.base_url)[0]["url"]).path
    srv.set_fault("/charset-none", body=b'<meta charset="utf-8"><p>caf\xc3\xa9</p>', charset="")
    srv.set_fault("/charset-lie", body=b"<p>caf\xc3\xa9</p>", charset="iso-8859-1")
    srv.set_fault("/gz", body=b"<p>hello</p>", gzip=True)
    srv.set_fault("/bomb", gzip=True, bomb=64 << 20)
    srv.set_fault("/bomb.xml.gz", bomb=64 << 20)
    srv.set_fault(path, stream=8 << 20)
    srv.set_fault("/date", status=429, retry_after="Thu, 01 Jan 2099 00:00:00 GMT")

    def get(p: str):
        conn = http.client.HTTPConnection(srv.host, srv.port, timeout=10)
        conn.request("GET", p)
        resp = conn.getresponse()
        return resp, resp.read()

    resp, body = get("/charset-none")
    assert resp.getheader("Content-Type") == "text/html" and b"charset" not in body
    resp, body = get("/charset-lie")
    assert resp.getheader("Content-Type") == "text/html; charset=iso-8859-1" and body == b"<p>caf\xc3\xa9</p>"
    resp, body = get("/gz")
    assert resp.getheader("Content-Encoding") == "gzip" and gzip.decompress(body) == b"<p>hello</p>"
    resp, body = get("/bomb")
    assert resp.getheader("Content-Encoding") == "gzip" and len(body) < (64 << 20) // 500
    inflated = zlib.decompressobj(31).decompress(body, 1 << 20)  # bounded read of the first MiB only
    assert inflated == bytes(1 << 20)
    resp, body = get("/bomb.xml.gz")
    assert resp.getheader("Content-Encoding") is None and resp.getheader("Content-Type") == "application/x-gzip"
    assert body[:3] == b"\x1f\x8b\x08"
    resp, body = get(path)
    assert resp.getheader("Content-Length") is None and len(body) == 1024 + (8 << 20)
    resp, _ = get("/date")
    assert resp.status == 429 and resp.getheader("Retry-After") == "Thu, 01 Jan 2099 00:00:00 GMT"
