"""Warnings from our own code are errors, in the tests and in the crawls the tests start.

In-process: pyproject's ``filterwarnings`` makes any warning attributed to rs_scraper/ or pipelines/ (a library
deprecation names the caller's line) and any ScrapyDeprecationWarning an error. A crawl in a subprocess is out
of pytest's reach, so those run here with every warning shown (``PYTHONWARNINGS=always``) and must print none.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings

import pytest
from scrapy.exceptions import ScrapyDeprecationWarning

from tests.kit.runs import LOOPBACK, REPO, scrapy_parse

# A Python warning as printed (``file:line: Category: message``) or as Scrapy logs it (logger ``py.warnings``).
PRINTED_WARNING = re.compile(r"\[py\.warnings\]|^\S+:\d+: \w*Warning: ")


def printed_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if PRINTED_WARNING.search(line)]


ALWAYS = {**os.environ, "PYTHONWARNINGS": "always", "SCRAPY_SETTINGS_MODULE": "rs_scraper.settings"}


@pytest.mark.parametrize("module", ["rs_scraper.parsing.fields", "pipelines.storage"])
def test_a_warning_attributed_to_our_code_fails_the_test(module):
    with pytest.raises(UserWarning, match="ours"):
        warnings.warn_explicit("ours", UserWarning, f"{module.replace('.', '/')}.py", 1, module=module)


def test_a_library_warning_attributed_to_the_library_is_left_to_it():
    with warnings.catch_warnings(record=True) as seen:
        warnings.warn_explicit("theirs", UserWarning, "lxml/html.py", 1, module="lxml.html")
    assert [str(w.message) for w in seen] == ["theirs"]


def test_a_scrapy_deprecation_fails_the_test_wherever_scrapy_attributes_it():
    with pytest.raises(ScrapyDeprecationWarning):
        warnings.warn_explicit(
            "deprecated", ScrapyDeprecationWarning, "scrapy/core/scraper.py", 1, module="scrapy.core.scraper"
        )


def test_scrapy_parse_of_an_article_prints_no_warning(mirror_factory, tmp_path):
    """Scrapy's own parse command wraps the callback in one returning a Deferred, which Scrapy 2.14+ deprecates:
    ours (rs_scraper/commands/parse.py) awaits it in a coroutine callback."""
    server = mirror_factory(articles=3, seed=4, layout="rebelmouse")
    page = server.base_url + server.site.articles[0].path
    parse = scrapy_parse(server.base_url, tmp_path / "data", page, env=ALWAYS)
    assert parse.returncode == 0, parse.stderr[-2000:]
    assert "'title':" in parse.stdout  # the article was parsed and printed
    assert printed_warnings(parse.stderr) == []


def test_scrapy_parse_follows_requests_to_depth_2_without_a_warning(mirror_factory, tmp_path):
    """The follow-up requests of ``--depth`` go through the same coroutine callback (a sitemap's articles)."""
    server = mirror_factory(articles=3, seed=4, layout="rebelmouse")
    index = server.site.render("/sitemap.xml", server.base_url)[2].decode()
    sitemap = next(u for u in re.findall(r"<loc>([^<]+)</loc>", index) if "/sitemaps/20" in u)  # a month's
    parse = scrapy_parse(server.base_url, tmp_path / "data", sitemap, "-d", "2", callback="parse_sitemap", env=ALWAYS)
    assert parse.returncode == 0, parse.stderr[-2000:]
    assert ">>> STATUS DEPTH LEVEL 2 <<<" in parse.stdout and "'title':" in parse.stdout
    assert printed_warnings(parse.stderr) == []


def test_a_crawl_prints_no_warning(mirror_factory, tmp_path):
    server = mirror_factory(articles=6, seed=5)
    crawl = subprocess.run(
        [
            sys.executable,
            "-m",
            "rs_scraper",
            "crawl",
            "--base-url",
            server.base_url,
            "--data-dir",
            str(tmp_path / "data"),
            *LOOPBACK,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=ALWAYS,
    )
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert printed_warnings(crawl.stderr) == []
