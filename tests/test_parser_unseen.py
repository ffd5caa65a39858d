"""Hand-made pages that follow the site's structure (rs-site.md) with markup that is NOT the mirror's templates:
other attribute order, extra wrapper divs, unknown widgets (ads, share bars, rails, read-next cards), other teaser
text, missing optional parts (no JSON-LD/og, no dek, free-text bylines, a windows-1252 page), an unknown redesign
and a WordPress theme variant. ``rs-scraper extract`` must get every pinned field right and leak no noise.

tests/fixtures/unseen/<name>.html + <name>.json, the one fixture format (rs_scraper/quality/fixtures.py): the pinned
fields, ``_request.url``, and ``_noise``: strings of this page that are not body (captions, credits, teaser text,
bios, widget labels). Timestamps compare as instants (extract writes ISO 8601 UTC with Z, the fixtures +00:00).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rs_scraper.cli import main
from rs_scraper.quality import STATIC_NOISE, leaks
from rs_scraper.quality.fixtures import load_dir

PAGES = {fx.name: fx for fx in load_dir(Path(__file__).parent / "fixtures" / "unseen")}
NAMES = sorted(PAGES)
_cache: dict = {}


def extracted(name: str, capsys) -> dict:
    if name not in _cache:
        fx = PAGES[name]
        args = ["extract", str(fx.input_path)]
        if (fx.spec.get("_request") or {}).get("url"):
            args += ["--url", fx.spec["_request"]["url"]]
        capsys.readouterr()
        assert main(args) == 0
        out = capsys.readouterr().out.strip().splitlines()
        assert len(out) == 1
        _cache[name] = json.loads(out[0])
    return _cache[name]


@pytest.mark.parametrize("name", NAMES)
def test_fields(name, capsys):
    got = extracted(name, capsys)
    wrong = [m for f in PAGES[name].pinned if (m := PAGES[name].mismatch(f, got)) is not None]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", NAMES)
def test_no_noise_in_text(name, capsys):
    got = extracted(name, capsys)
    spec = PAGES[name].spec
    found = leaks(got["text"], spec["text"], list(STATIC_NOISE) + spec.get("_noise", []))
    assert not found


@pytest.mark.parametrize("name", NAMES)
def test_derived_fields_follow_text(name, capsys):
    import hashlib

    got = extracted(name, capsys)
    assert got["word_count"] == len(got["text"].split())
    assert got["content_hash"] == hashlib.sha256(got["text"].encode("utf-8")).hexdigest()
