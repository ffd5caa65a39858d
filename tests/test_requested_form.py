"""A discovered page is requested in the form the site listed it (its trailing slash kept), stored under its
canonical URL: a server that answers only the listed form (``/europe/`` 200, ``/europe`` 404) loses nothing."""

from __future__ import annotations

import re

import pandas as pd

from tests.kit.runs import SITE_URL, scrapy_crawl


def test_a_server_answering_only_the_listed_slash_form_loses_no_article(mirror_factory, tmp_path):
    server = mirror_factory(articles=10, seed=41)
    site = server.site

    def slashed(response):  # every monthly sitemap <loc> ends with a slash
        status, headers, body = response
        return status, headers, re.sub(rb"(<loc>[^<]*[^/<])(</loc>)", rb"\1/\2", body)

    server.set_fault(lambda pq: pq.startswith("/sitemaps/") and "pages" not in pq, transform=slashed)
    # and the slash-less form of an article answers 404
    server.set_fault(lambda pq: site.article_for(pq) is not None and not pq.split("?")[0].endswith("/"), status=404)
    result = scrapy_crawl(server.base_url, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    frame = pd.read_parquet(tmp_path / "articles")
    assert sorted(frame["url"]) == sorted(a.expected(SITE_URL)["url"] for a in site.articles)  # canonical, once
    assert not [r.path for r in server.requests if r.status == 404]
