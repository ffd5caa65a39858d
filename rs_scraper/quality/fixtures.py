"""A gate on a saved fixture set: ``tests/fixtures/<set>/pages/<name>.html.gz`` (or ``.html``) plus ``<name>.json``,
fundus-style: the JSON is the expected row, and a field it omits is not checked. ``{"not_article": true}`` marks a
page that must give no row; ``_request`` is how the page was fetched (``url``, optional ``encoding``); other keys
starting with ``_`` are notes (``_features``: what the page holds, for the by-feature failures).

Scored per set: articles given a row, non-articles given none, per-field accuracy over the pages whose JSON has
the field, the share of exact bodies, and the body paragraphs we wrote that the page's body does not have (a
scroll post or a teaser mixed in). ``published_at`` is compared to the minute when the JSON says the page shows
minutes (``published_precision: "minute"``): seconds from a machine-readable source are not an error.

Run ``python -m rs_scraper.quality.fixtures rm_real`` to print the figures; ``tests/test_fixture_gates.py`` holds
them to the floors in ``fixture_floors.json``.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
FLOORS = Path(__file__).with_name("fixture_floors.json")


@dataclass(frozen=True)
class FixturePage:
    name: str
    html: bytes
    spec: dict

    @property
    def is_article(self) -> bool:
        return not self.spec.get("not_article")


def load_set(name: str, root: Path = FIXTURES) -> list[FixturePage]:
    pages = []
    for j in sorted((root / name / "pages").glob("*.json")):
        gz, raw = j.with_name(j.stem + ".html.gz"), j.with_suffix(".html")
        html = gzip.decompress(gz.read_bytes()) if gz.exists() else raw.read_bytes()
        pages.append(FixturePage(j.stem, html, json.loads(j.read_text(encoding="utf-8"))))
    return pages


def _same(field_name: str, got, want, spec: dict) -> bool:
    if field_name == "published_at" and want is not None:
        if got is None:
            return False
        want_at = datetime.fromisoformat(want)
        if spec.get("published_precision") == "minute":
            return got.replace(second=0, microsecond=0) == want_at.replace(second=0, microsecond=0)
        return got == want_at
    if isinstance(got, (date, datetime)):
        got = got.isoformat()
    return got == want


@dataclass
class SetReport:
    name: str
    articles: int = 0
    rows: int = 0
    non_articles: int = 0
    refused: int = 0  # non-articles given no row
    exact: int = 0
    foreign_paragraphs: int = 0
    fields: Counter = field(default_factory=Counter)   # field -> pages right
    checked: Counter = field(default_factory=Counter)  # field -> pages whose JSON has it
    failures: list[str] = field(default_factory=list)

    def accuracy(self, field_name: str) -> float:
        n = self.checked[field_name]
        return self.fields[field_name] / n if n else 1.0

    def as_dict(self) -> dict:
        return {"rows": self.rows / self.articles if self.articles else 1.0,
                "non_articles": self.refused / self.non_articles if self.non_articles else 1.0,
                "exact": self.exact / self.articles if self.articles else 1.0,
                "foreign_paragraphs": self.foreign_paragraphs,
                "fields": {f: self.accuracy(f) for f in sorted(self.checked)}}

    def summary(self) -> str:
        head = (f"{self.name}: rows {self.rows}/{self.articles}  non-articles without a row "
                f"{self.refused}/{self.non_articles}  body exact {self.exact}/{self.articles}  "
                f"foreign paragraphs {self.foreign_paragraphs}")
        cols = "  ".join(f"{f} {self.fields[f]}/{self.checked[f]}" for f in sorted(self.checked))
        return f"{head}\n  fields: {cols}"


Parse = Callable[[FixturePage], object]


def _parse(page: FixturePage):
    from rs_scraper.parsing import parse_article

    req = page.spec.get("_request", {})
    return parse_article(page.html, req.get("url", ""), encoding=req.get("encoding"))


def score_set(name: str, pages: list[FixturePage], parse: Parse = _parse) -> SetReport:
    from rs_scraper.parsing import NotArticle

    rep = SetReport(name)
    for page in pages:
        try:
            art, why = parse(page), None
        except NotArticle as exc:
            art, why = None, exc.reason
        if not page.is_article:
            rep.non_articles += 1
            rep.refused += art is None
            if art is not None:
                rep.failures.append(f"{page.name}: a row for a non-article ({getattr(art, 'title', '')!r:.60})")
            continue
        rep.articles += 1
        if art is None:
            rep.failures.append(f"{page.name}: no row ({why})")
            continue
        rep.rows += 1
        _score_fields(rep, page, art)
    return rep


def _score_fields(rep: SetReport, page: FixturePage, art) -> None:
    for f, want in page.spec.items():
        if f.startswith("_") or f == "not_article":
            continue
        got = getattr(art, f)
        rep.checked[f] += 1
        if _same(f, got, want, page.spec):
            rep.fields[f] += 1
        else:
            rep.failures.append(f"{page.name}: {f} got {got!r:.120} expected {want!r:.120}")
    if "text" in page.spec:
        text, truth = art.text or "", page.spec["text"] or ""
        rep.exact += text == truth
        rep.foreign_paragraphs += sum(1 for para in text.split("\n\n") if para and para not in truth)


def check_floors(rep: SetReport, floors: dict) -> list[str]:
    """Every floor the report is below, one line each (empty: the gate passes)."""
    got = rep.as_dict()
    bad = [f"{rep.name}: {key} {got[key]:.4f} < floor {floors[key]}"
           for key in ("rows", "non_articles", "exact") if key in floors and got[key] < floors[key]]
    if got["foreign_paragraphs"] > floors.get("max_foreign_paragraphs", 0):
        bad.append(f"{rep.name}: {got['foreign_paragraphs']} paragraphs that are not the page's body")
    default = floors.get("field_default")
    for f, acc in got["fields"].items():
        floor = floors.get("fields", {}).get(f, default)
        if floor is not None and acc < floor:
            bad.append(f"{rep.name}: field {f} {acc:.4f} < floor {floor}")
    return bad


def load_floors(path: Path = FLOORS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or [n for n in load_floors() if not n.startswith("_")]
    floors = load_floors()
    status = 0
    for name in names:
        rep = score_set(name, load_set(name))
        print(rep.summary())
        for line in rep.failures:
            print("  ", line)
        for line in check_floors(rep, floors.get(name, {})):
            print("BELOW FLOOR", line)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
