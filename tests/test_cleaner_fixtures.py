"""``clean_text_dump`` (``rs-scraper clean``) on saved text dumps: the fields each fixture pins, exactly; the seed
exactly as a whole; no site chrome in the text; the CLI prints what the function returns.

The corpus, in the one fixture format (rs_scraper/quality/fixtures.py: <name>.txt beside <name>.json; a field the
JSON omits is not checked):
- ``dumps/``: the seed (/work/shared/samples) and hand-made dumps;
- ``dumps_redteam/``: red-team dumps written from the site's facts and the seed (tests/generators/dumps_redteam.py).
The naive dumps made mechanically from the red-team pages are scored in aggregate in test_cleaner_naive_dumps.py.
"""

from __future__ import annotations

import json
import re

import pytest

from rs_scraper.parsing import clean_text_dump
from rs_scraper.quality.fixtures import FIXTURES, load_dir

SETS = ("dumps", "dumps_redteam")
CORPUS = {f"{s}/{fx.name}": fx for s in SETS for fx in load_dir(FIXTURES / s)}
SEED = "dumps/seed-venezuela"

# Chrome that must never reach the text: substrings, and whole lines.
CHROME_SUBSTRINGS = (
    "Follow us on social",
    "google cta",
    "keep readingShow less",
    "Top image credit:",
    "Top photo credit:",
    "Subscribe now to our weekly round-up",
    "don't miss a beat with your favorite",
)
CHROME_LINES = re.compile(
    r"^(LATEST|QIOSK|Newsletter|Show less|keep reading|"
    r"(Analysis|Reporting|Opinion|News) \| .+|Photos?: .+)$",
    re.M,
)


@pytest.fixture(scope="module")
def results() -> dict:
    return {key: clean_text_dump(fx.text) for key, fx in CORPUS.items()}


def test_enough_cases():
    assert sum(k.startswith("dumps_redteam/") for k in CORPUS) >= 30


@pytest.mark.parametrize("dump, field", [(k, f) for k, fx in CORPUS.items() for f in fx.pinned])
def test_pinned(results, dump, field):
    wrong = CORPUS[dump].mismatch(field, results[dump])
    assert wrong is None, wrong


def test_seed_exact(results):
    assert results[SEED] == CORPUS[SEED].spec


@pytest.mark.parametrize("dump", sorted(CORPUS))
def test_no_chrome_leak(results, dump):
    text = results[dump]["text"] or ""
    for s in CHROME_SUBSTRINGS:
        assert s not in text
    assert not CHROME_LINES.findall(text)


def test_cli_clean_matches(capsys):
    from rs_scraper.cli import main

    assert main(["clean", str(CORPUS[SEED].input_path)]) == 0
    assert json.loads(capsys.readouterr().out) == CORPUS[SEED].spec


def test_cli_same_as_function(results):
    """`rs-scraper clean PATH` prints what the function returns (one dump, through the real entry point)."""
    import subprocess
    import sys

    key = "dumps_redteam/crlf-trailing-ws"
    out = subprocess.run(
        [sys.executable, "-m", "rs_scraper", "clean", str(CORPUS[key].input_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == results[key]
