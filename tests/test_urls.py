import pytest

from rs_scraper.urls import canonicalize, looks_like_article, rebase, same_site

BASE = "https://responsiblestatecraft.org"


@pytest.mark.parametrize(
    "variant",
    [
        "https://responsiblestatecraft.org/price-gouging",
        "https://responsiblestatecraft.org/price-gouging/",
        "https://responsiblestatecraft.org/price-gouging/?rebelltitem=2",
        "https://responsiblestatecraft.org/price-gouging?mc_cid=abc123&mc_eid=def456",
        "http://responsiblestatecraft.org/price-gouging/?utm_source=twitter&utm_medium=social",
        "https://RESPONSIBLESTATECRAFT.org//price-gouging#comments",
    ],
)
def test_variants_collapse_to_one_canonical_url(variant):
    assert canonicalize(variant, BASE) == "https://responsiblestatecraft.org/price-gouging"


def test_non_tracking_parameters_are_kept_sorted():
    assert canonicalize(BASE + "/x?b=2&a=1&rebelltitem=3", BASE) == BASE + "/x?a=1&b=2"


def test_canonical_form_keeps_the_mirror_port():
    base = "http://127.0.0.1:8765"
    assert (
        canonicalize("http://127.0.0.1:8765/2022/08/12/nato-europe/?rebelltitem=1", base)
        == "http://127.0.0.1:8765/2022/08/12/nato-europe"
    )


def test_other_hosts_are_not_rewritten_to_the_base():
    assert canonicalize("https://offsite.invalid/x/", BASE) == "https://offsite.invalid/x"
    assert not same_site("https://offsite.invalid/x", BASE)
    assert same_site("http://responsiblestatecraft.org/x", BASE)


@pytest.mark.parametrize(
    "path",
    [
        "/israel-influence-chatgpt/",
        "/price-gouging",
        "/pentagon-budget-2668800294",
        "/2022/08/12/why-we-cant-rely-on-nato-to-make-europe-whole-again/",
        "/about-the-iran-deal",
    ],
)
def test_article_shapes(path):
    assert looks_like_article(BASE + path)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/tag/iran/",
        "/tag/iran/page/2/",
        "/regions/middle-east/",
        "/author/jdoe/",
        "/about/",
        "/about",
        "/feeds/feed.rss",
        "/sitemap.xml",
        "/media-library/x.jpg",
        "/res/load_more_posts/data.js",
        "/2022/08/12/",
    ],
)
def test_non_article_shapes(path):
    assert not looks_like_article(BASE + path)


def test_www_is_the_same_site_and_is_moved_to_the_base():
    assert same_site("https://www.responsiblestatecraft.org/x", BASE)
    assert same_site("https://responsiblestatecraft.org/x", "https://www.responsiblestatecraft.org")
    assert not same_site("https://wwwresponsiblestatecraft.org/x", BASE)
    assert not same_site("https://elsewhere.invalid/x", BASE)
    assert canonicalize("http://www.responsiblestatecraft.org/price-gouging/", BASE) == BASE + "/price-gouging"


def test_rebase_moves_same_site_discovery_urls_keeping_path_and_query():
    mirror = "http://127.0.0.1:8765"
    assert rebase("https://127.0.0.1:8765/sitemaps/index.xml?page=2", mirror) == mirror + "/sitemaps/index.xml?page=2"
    assert rebase("https://www.127.0.0.1/sitemap.xml.gz", mirror) == mirror + "/sitemap.xml.gz"
    assert rebase("https://elsewhere.invalid/sitemap.xml", mirror) == "https://elsewhere.invalid/sitemap.xml"


@pytest.mark.parametrize(
    "variant", ["/café-diplomacy", "/caf%C3%A9-diplomacy", "/caf%c3%a9-diplomacy/", "/caf%C3%A9%2Ddiplomacy"]
)
def test_path_escapes_have_one_spelling(variant):
    assert canonicalize(BASE + variant, BASE) == BASE + "/caf%C3%A9-diplomacy"


def test_the_requested_form_keeps_the_trailing_slash_the_site_listed():
    from rs_scraper.urls import as_listed

    base = "http://127.0.0.1:9"
    assert as_listed("http://127.0.0.1:9/europe/?utm_source=x", base) == "http://127.0.0.1:9/europe/"
    assert as_listed("http://127.0.0.1:9/europe?b=2&a=1", base) == "http://127.0.0.1:9/europe?a=1&b=2"
    assert canonicalize(as_listed("http://127.0.0.1:9/europe/", base), base) == "http://127.0.0.1:9/europe"
