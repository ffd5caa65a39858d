"""Hand-made pages that follow the site's structure (rs-site.md) with markup that is NOT the mirror's templates:
other attribute order, extra wrapper divs, unknown widgets (ads, share bars, rails, read-next cards), other teaser
text, missing optional parts (no JSON-LD/og, no dek, free-text bylines, a windows-1252 page), an unknown redesign
and a WordPress theme variant. ``rs-scraper extract`` must get every pinned field right and leak no noise.

tests/fixtures/unseen/<name>.html + <name>.expected.json: {"input": {"url"}, "expected": {field: value},
"noise": [strings of this page that are not body: captions, credits, teaser text, bios, widget labels]}.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rs_scraper.cli import main
from rs_scraper.quality import STATIC_NOISE, leaks

PAGES = Path(__file__).parent / "fixtures" / "unseen"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in PAGES.glob("*.expected.json"))
_cache: dict = {}


def _spec(name: str) -> dict:
    return json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))


def extracted(name: str, capsys) -> dict:
    if name not in _cache:
        spec = _spec(name)["input"]
        args = ["extract", str(PAGES / f"{name}.html")]
        if spec.get("url"):
            args += ["--url", spec["url"]]
        capsys.readouterr()
        assert main(args) == 0
        out = capsys.readouterr().out.strip().splitlines()
        assert len(out) == 1
        _cache[name] = json.loads(out[0])
    return _cache[name]


def _same(got, expected) -> bool:
    """Equal, timestamps as instants: extract writes ISO 8601 UTC with Z, the fixtures say +00:00."""
    if isinstance(got, str) and isinstance(expected, str) and got != expected:
        from rs_scraper.timeutil import parse_w3c

        when = parse_w3c(got)
        return when is not None and when == parse_w3c(expected)
    return got == expected


@pytest.mark.parametrize("name", NAMES)
def test_fields(name, capsys):
    got = extracted(name, capsys)
    expected = _spec(name)["expected"]
    wrong = {f: (got.get(f), v) for f, v in expected.items() if not _same(got.get(f), v)}
    assert not wrong, "\n".join(f"{f}: got {g!r:.300}\n   expected {e!r:.300}" for f, (g, e) in wrong.items())


@pytest.mark.parametrize("name", NAMES)
def test_no_noise_in_text(name, capsys):
    got = extracted(name, capsys)
    spec = _spec(name)
    found = leaks(got["text"], spec["expected"]["text"], list(STATIC_NOISE) + spec.get("noise", []))
    assert not found


@pytest.mark.parametrize("name", NAMES)
def test_derived_fields_follow_text(name, capsys):
    import hashlib

    got = extracted(name, capsys)
    assert got["word_count"] == len(got["text"].split())
    assert got["content_hash"] == hashlib.sha256(got["text"].encode("utf-8")).hexdigest()
