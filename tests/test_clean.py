"""clean_text_dump on plain-text page dumps: each tests/fixtures/dumps/<name>.txt has <name>.expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rs_scraper.parsing import clean_text_dump

DUMPS = Path(__file__).parent / "fixtures" / "dumps"
CASES = sorted(p.name.removesuffix(".expected.json") for p in DUMPS.glob("*.expected.json"))
KEYS = ("title", "subtitle", "article_type", "section", "image_credit", "text")


@pytest.fixture(scope="module")
def results() -> dict:
    return {name: clean_text_dump((DUMPS / f"{name}.txt").read_text(encoding="utf-8")) for name in CASES}


def _expected(name: str) -> dict:
    return json.loads((DUMPS / f"{name}.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("name", CASES)
def test_field(results, name, key):
    assert results[name][key] == _expected(name)[key]


def test_seed_exact(results):
    assert results["seed-venezuela"] == _expected("seed-venezuela")


def test_keys_only():
    assert set(clean_text_dump("Headline\n\nBody text here.")) == set(KEYS)


@pytest.mark.parametrize("text", ["", "\n\n\n", "google cta", "Analysis | Europe", "x" * 10000, "|\n|\n|"])
def test_degenerate_inputs_do_not_crash(text):
    out = clean_text_dump(text)
    assert set(out) == set(KEYS)


def test_cli_clean_matches(tmp_path, capsys):
    from rs_scraper.cli import main

    assert main(["clean", str(DUMPS / "seed-venezuela.txt")]) == 0
    assert json.loads(capsys.readouterr().out) == _expected("seed-venezuela")


def test_cli_clean_missing_file(capsys):
    from rs_scraper.cli import main

    assert main(["clean", "/nonexistent/dump.txt"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
