"""Red-team dumps: clean_text_dump on text dumps of other RS pages, written from rs-site.md and the seed only.

tests/fixtures/dumps_redteam/<name>.txt with <name>.json (the one fixture format, rs_scraper/quality/fixtures.py;
made by tests/generators/dumps_redteam.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rs_scraper.parsing import clean_text_dump
from rs_scraper.quality.fixtures import load_dir

DUMPS = Path(__file__).parent / "fixtures" / "dumps_redteam"
FIXTURES = {fx.name: fx for fx in load_dir(DUMPS)}
CASES = sorted(FIXTURES)

# Chrome that must never reach the text: substrings, and whole lines.
CHROME_SUBSTRINGS = ("Follow us on social", "google cta", "keep readingShow less", "Top image credit:",
                     "Top photo credit:", "Subscribe now to our weekly round-up",
                     "don't miss a beat with your favorite")
CHROME_LINES = re.compile(r"^(LATEST|QIOSK|Newsletter|Show less|keep reading|"
                          r"(Analysis|Reporting|Opinion|News) \| .+|Photos?: .+)$", re.M)


@pytest.fixture(scope="module")
def results() -> dict:
    return {name: clean_text_dump(fx.text) for name, fx in FIXTURES.items()}


def test_enough_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name, key", [(n, k) for n in CASES for k in FIXTURES[n].pinned])
def test_field(results, name, key):
    assert FIXTURES[name].mismatch(key, results[name]) is None


@pytest.mark.parametrize("name", CASES)
def test_no_chrome_leak(results, name):
    text = results[name]["text"] or ""
    for s in CHROME_SUBSTRINGS:
        assert s not in text
    assert not CHROME_LINES.findall(text)


def test_cli_same_as_function(results):
    """`rs-scraper clean PATH` prints what the function returns (one dump, through the real entry point)."""
    import subprocess
    import sys

    name = "crlf-trailing-ws"
    out = subprocess.run([sys.executable, "-m", "rs_scraper", "clean", str(DUMPS / f"{name}.txt")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == results[name]
