"""The one fixture format, its loader and its checker; and the gate on a saved fixture set.

A fixture is a saved input beside a JSON file of the same name, in one folder of ``tests/fixtures/``:

    <name>.html | <name>.html.gz | <name>.txt      the input: a page as fetched, gzipped, or a text dump
    <name>.json                                    what the fixture pins

The JSON, fundus-style:
- every key not starting with ``_`` (and not ``not_article``) is a field the fixture PINS: the parser's (or the
  cleaner's) value for it must equal the JSON's. A field the JSON leaves out is not checked, so a new column never
  touches an old fixture. Datetimes are ISO 8601 strings and compare as instants that must be UTC; dates are
  ``YYYY-MM-DD``; ``published_at`` compares to the minute when the JSON pins ``published_precision: "minute"``
  (seconds from a machine-readable source are not an error when the page shows minutes).
- ``"not_article": true`` (or the expected ``NotArticle`` reason as a string): the page must give no row.
- ``_request``: how the page was fetched: ``{"url": ..., "encoding": <HTTP charset or null>}``; a url of null
  means "as the CLI would call it", a ``file://`` URL.
- ``_match``: fields compared by similarity instead of equality, ``{"text": {"f1_at_least": 0.95,
  "trafilatura_margin": 0.0}}``: body F1 over word tokens (``rs_scraper.quality.score_text``) at least the floor,
  and at least plain ``trafilatura.extract``'s F1 on the same page minus the margin (pages of other sites, where
  the rule is "never below plain trafilatura", not exactness).
- other ``_`` keys are notes read by particular tests: ``_noise`` (strings of the page that must not reach
  ``text``), ``_pull_quotes``, ``_features`` / ``_variant`` / ``_reason`` (what the page holds, for the gate's
  by-feature failures), ``_skip`` / ``_text_compare`` (the naive-dump sets).

``load_dir`` reads one folder, ``Fixture.pinned`` lists the pinned fields, ``Fixture.mismatch`` compares one.
The generators of the generated sets are in ``tests/generators/`` (``tests/test_fixtures_current.py`` checks
their committed output is current).

The gate on a set (``tests/fixtures/<set>/pages/``): articles given a row, non-articles given none, per-field
accuracy over the pages whose JSON has the field, the share of exact bodies, and the body paragraphs we wrote that
the page's body does not have (a scroll post or a teaser mixed in).
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
from functools import cached_property
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
FLOORS = Path(__file__).with_name("fixture_floors.json")
INPUT_SUFFIXES = (".html.gz", ".html", ".txt")
NOT_FIELDS = frozenset({"not_article"})


@dataclass(frozen=True)
class Fixture:
    """One saved input and the JSON beside it."""

    name: str
    input_path: Path
    spec: dict

    @cached_property
    def html(self) -> bytes:
        """The input's bytes (a ``.gz`` input decompressed)."""
        data = self.input_path.read_bytes()
        return gzip.decompress(data) if self.input_path.name.endswith(".gz") else data

    @property
    def text(self) -> str:
        """The input as text (a text dump)."""
        return self.html.decode("utf-8")

    @property
    def is_article(self) -> bool:
        return not self.spec.get("not_article")

    @property
    def not_article_reason(self) -> str | None:
        """The ``NotArticle`` reason the JSON expects, when it names one."""
        v = self.spec.get("not_article")
        return v if isinstance(v, str) else None

    @property
    def url(self) -> str:
        """The URL the page was fetched at (a ``file://`` URL when the JSON gives none)."""
        return (self.spec.get("_request") or {}).get("url") or self.input_path.resolve().as_uri()

    @property
    def encoding(self) -> str | None:
        return (self.spec.get("_request") or {}).get("encoding")

    @property
    def pinned(self) -> tuple[str, ...]:
        """The fields this fixture pins, in the JSON's order."""
        return tuple(k for k in self.spec if not k.startswith("_") and k not in NOT_FIELDS)

    def parse(self):
        """``parse_article`` on the page, as it was fetched."""
        from rs_scraper.parsing import parse_article

        return parse_article(self.html, self.url, encoding=self.encoding)

    def mismatch(self, name: str, got: object) -> str | None:
        """Why ``got`` (an Article, or a row as a dict) is wrong for pinned field ``name``; None when right."""
        value = got.get(name) if isinstance(got, dict) else getattr(got, name)
        want = self.spec[name]
        rule = (self.spec.get("_match") or {}).get(name)
        if rule is not None:
            return _similar(self, name, value, want, rule)
        if _same(name, value, want, self.spec):
            return None
        return f"{self.name}: {name} got {value!r:.300} expected {want!r:.300}"


def load_dir(folder: Path) -> list[Fixture]:
    """Every fixture of one folder, by name: each ``<name>.json`` with its input (a JSON without one is an error)."""
    out = []
    for j in sorted(folder.glob("*.json")):
        inputs = [j.with_name(j.stem + s) for s in INPUT_SUFFIXES if j.with_name(j.stem + s).exists()]
        if len(inputs) != 1:
            raise FileNotFoundError(
                f"{j}: expected exactly one input beside it ({', '.join(INPUT_SUFFIXES)}), found {len(inputs)}"
            )
        out.append(Fixture(j.stem, inputs[0], json.loads(j.read_text(encoding="utf-8"))))
    return out


FixturePage = Fixture  # the gate's name for a fixture of a set


def load_set(name: str, root: Path = FIXTURES) -> list[Fixture]:
    """The pages of gate set ``name``: ``<root>/<name>/pages/``."""
    return load_dir(root / name / "pages")


def _instant(v: object) -> datetime | None:
    if isinstance(v, datetime):
        return v
    if isinstance(v, str):
        try:
            return datetime.fromisoformat(v)
        except ValueError:
            return None
    return None


def _same(field_name: str, got, want, spec: dict) -> bool:
    if want is None or got is None:
        return got is None and want is None
    if isinstance(got, datetime) or (isinstance(got, str) and field_name in DATETIME_FIELDS):
        got_at, want_at = _instant(got), _instant(want)
        offset = got_at.utcoffset() if got_at is not None else None
        if got_at is None or want_at is None or offset is None or offset.total_seconds():
            return False  # not a datetime, or not UTC
        if field_name == "published_at" and spec.get("published_precision") == "minute":
            return got_at.replace(second=0, microsecond=0) == want_at.replace(second=0, microsecond=0)
        return got_at == want_at
    if isinstance(got, date):
        got = got.isoformat()
    return got == want


def _datetime_fields() -> frozenset[str]:
    import pyarrow as pa

    from rs_scraper.items import COLUMNS

    return frozenset(c.name for c in COLUMNS if pa.types.is_timestamp(c.arrow))


DATETIME_FIELDS = _datetime_fields()


def similarity(fx: Fixture, name: str, got: str | None) -> tuple[float, float]:
    """(our F1, plain trafilatura's F1) of ``got`` against the fixture's ``name`` over word tokens."""
    import trafilatura

    from rs_scraper.quality import score_text

    want = fx.spec[name]
    if fx.input_path not in _BASELINE:
        _BASELINE[fx.input_path] = trafilatura.extract(fx.html)
    return score_text(got, want).f1, score_text(_BASELINE[fx.input_path], want).f1


_BASELINE: dict[Path, str | None] = {}  # input -> plain trafilatura's text (the same page is scored more than once)


def _similar(fx: Fixture, name: str, got, want, rule: dict) -> str | None:
    ours, theirs = similarity(fx, name, got)
    floor = rule.get("f1_at_least")
    if floor is not None and ours < floor:
        return f"{fx.name}: {name} F1 {ours:.4f} < {floor}"
    margin = rule.get("trafilatura_margin")
    if margin is not None and ours < theirs - margin:
        return f"{fx.name}: {name} F1 {ours:.4f} below plain trafilatura's {theirs:.4f} (margin {margin})"
    return None


@dataclass
class SetReport:
    name: str
    articles: int = 0
    rows: int = 0
    non_articles: int = 0
    refused: int = 0  # non-articles given no row
    exact: int = 0
    foreign_paragraphs: int = 0
    fields: Counter = field(default_factory=Counter)  # field -> pages right
    checked: Counter = field(default_factory=Counter)  # field -> pages whose JSON has it
    failures: list[str] = field(default_factory=list)

    def accuracy(self, field_name: str) -> float:
        n = self.checked[field_name]
        return self.fields[field_name] / n if n else 1.0

    def as_dict(self) -> dict:
        return {
            "rows": self.rows / self.articles if self.articles else 1.0,
            "non_articles": self.refused / self.non_articles if self.non_articles else 1.0,
            "exact": self.exact / self.articles if self.articles else 1.0,
            "foreign_paragraphs": self.foreign_paragraphs,
            "fields": {f: self.accuracy(f) for f in sorted(self.checked)},
        }

    def summary(self) -> str:
        head = (
            f"{self.name}: rows {self.rows}/{self.articles}  non-articles without a row "
            f"{self.refused}/{self.non_articles}  body exact {self.exact}/{self.articles}  "
            f"foreign paragraphs {self.foreign_paragraphs}"
        )
        cols = "  ".join(f"{f} {self.fields[f]}/{self.checked[f]}" for f in sorted(self.checked))
        return f"{head}\n  fields: {cols}"


Parse = Callable[[FixturePage], object]


def _parse(page: FixturePage):
    return page.parse()


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
    for f in page.pinned:
        rep.checked[f] += 1
        wrong = page.mismatch(f, art)
        if wrong is None:
            rep.fields[f] += 1
        else:
            rep.failures.append(wrong)
    if "text" in page.spec:
        text, truth = art.text or "", page.spec["text"] or ""
        rep.exact += text == truth
        rep.foreign_paragraphs += sum(1 for para in text.split("\n\n") if para and para not in truth)


def check_floors(rep: SetReport, floors: dict) -> list[str]:
    """Every floor the report is below, one line each (empty: the gate passes)."""
    got = rep.as_dict()
    bad = [
        f"{rep.name}: {key} {got[key]:.4f} < floor {floors[key]}"
        for key in ("rows", "non_articles", "exact")
        if key in floors and got[key] < floors[key]
    ]
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
