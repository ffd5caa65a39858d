"""``scrapy crawl rs`` end to end, in a subprocess, against the offline mirror on loopback.

One crawl of a mirror with traps (a robots-disallowed URL, an off-site URL, a 404 and a 500-500-200 article)
feeds every assertion of this module; the dataset is read back with pandas.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import pytest

from tests.kit.runs import SITE_URL, read_manifests, scrapy_crawl


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    from rs_scraper.mirror import MirrorServer, MirrorSite

    site = MirrorSite(articles=72, seed=5, traps=True)
    data_dir = tmp_path_factory.mktemp("data")
    with MirrorServer(site, port=0) as server:
        result = scrapy_crawl(server.base_url, data_dir)
        requests = list(server.requests)
        expected = site.expected_rows(SITE_URL)
        non_articles = site.non_article_paths()
        base = server.base_url
    assert result.returncode == 0, result.stderr[-3000:]
    frame = pd.read_parquet(data_dir / "articles")
    return dict(
        site=site,
        frame=frame,
        requests=requests,
        expected=expected,
        base=base,
        log=result.stderr,
        manifest=read_manifests(data_dir)[-1],
        non_articles=non_articles,
    )


def _path(record) -> str:
    return record["path"] if isinstance(record, dict) else record.path


def _headers(record) -> dict:
    return record["headers"] if isinstance(record, dict) else record.headers


def test_every_article_exactly_once(crawl):
    urls = list(crawl["frame"]["url"])
    assert len(urls) == len(set(urls)), "a URL was written twice"
    assert set(urls) == {row["url"] for row in crawl["expected"]}


def test_dtypes_follow_the_schema(crawl):
    dtypes = crawl["frame"].dtypes.astype(str)
    for column in ("published_at", "modified_at", "fetched_at"):
        assert dtypes[column] == "datetime64[us, UTC]"
    assert dtypes["word_count"] == "int32"
    first = crawl["frame"].iloc[0]
    assert all(isinstance(a, str) for a in first["authors"]) and hasattr(first["tags"], "__len__")


def test_titles_match_ground_truth(crawl):
    got = dict(zip(crawl["frame"]["url"], crawl["frame"]["title"], strict=True))
    wrong = [row["url"] for row in crawl["expected"] if got.get(row["url"]) != row["title"]]
    assert not wrong


def test_no_listing_pages_written(crawl):
    paths = {urlsplit(u).path for u in crawl["frame"]["url"]}
    assert not paths & {p.rstrip("/") or "/" for p in crawl["non_articles"]}


def test_only_the_mirror_host_and_allowed_paths_were_requested(crawl):
    paths = [_path(r) for r in crawl["requests"]]
    assert paths, "the server saw no request"
    assert not [p for p in paths if p.startswith("/res/")], "a robots-disallowed path was requested"
    assert crawl["manifest"]["counts"].get("rs/skipped/offsite", 0) >= 1


def test_each_article_requested_once_despite_variants(crawl):
    expected_paths = {urlsplit(row["url"]).path for row in crawl["expected"]}
    article_requests = [urlsplit(_path(r)).path.rstrip("/") for r in crawl["requests"]]
    counts = {p: article_requests.count(p) for p in expected_paths}
    retried = [p for p, n in counts.items() if n > 1]
    # only the 500-500-200 trap is fetched more than once, and exactly three times
    assert len(retried) <= 1 and all(counts[p] == 3 for p in retried)
    assert all(n >= 1 for n in counts.values())


def test_404_is_counted_and_retried_page_kept(crawl):
    counts = crawl["manifest"]["counts"]
    assert counts.get("rs/failed/http_404") == 1
    assert counts.get("rs/written") == len(crawl["expected"])


def test_crawler_identifies_itself(crawl):
    agents = {_headers(r).get("User-Agent", "") for r in crawl["requests"]}
    assert agents and all("rs_scraper" in a and "+http" in a for a in agents)


def _plain(value):
    """A value read back by pandas (numpy arrays of dicts) as plain Python lists."""
    return [dict(x) for x in value] if value is not None else None


def test_structured_body_matches_ground_truth_on_the_site_origin(crawl):
    # blocks, links and images are stored as the mirror's truth says, with the site's URLs (not the mirror port's)
    rows = {r["url"]: r for r in crawl["frame"].to_dict("records")}
    wrong = []
    for row in crawl["expected"]:
        got = rows[row["url"]]
        for name in ("blocks", "links", "images", "text_markdown"):
            value = got[name] if name == "text_markdown" else _plain(got[name])
            if name == "blocks":  # pandas gives a struct's int8 as a numpy integer
                value = [{**b, "level": None if b["level"] is None else int(b["level"])} for b in value]
            if value != row[name]:
                wrong.append((row["url"], name))
    assert not wrong, wrong[:5]
    links = [ln for r in crawl["expected"] for ln in r["links"]]
    assert any(ln["internal"] for ln in links) and any(not ln["internal"] for ln in links)
    assert not any(crawl["base"] in ln["url"] for r in rows.values() for ln in _plain(r["links"]))
    assert any(r["images"] for r in crawl["expected"])
