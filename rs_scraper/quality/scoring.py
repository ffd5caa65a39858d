"""The quality gate's scorer: parsed rows against ground truth, trafilatura-benchmark style.

Body: precision / recall / F1 over word tokens (a bag of lower-cased ``\\w+`` tokens per page, summed over pages:
micro averages, as in trafilatura's evaluation), the share of pages whose text is exactly right, and the number of
noise strings that leak into ``text`` (counted only where the extracted text holds a string MORE often than the
true text does, so a body sentence that happens to mention "newsletter" is never a leak). Metadata: per-field
accuracy (exact equality with the ground truth).

Pure library code: used by tests/test_quality_gate.py, benchmarks/extraction.py and benchmarks/quality.py.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rs_scraper.items import SCORED_PAGE_FIELDS, Article

# Fields scored for accuracy: every page column the mirror's ground truth holds (items.SCORED_PAGE_FIELDS: a page
# column is gated as soon as it is declared, unless its declaration says ``scored=False``); text is scored by
# P/R/F1 and exact match instead, and the columns computed from it (word_count, content_hash) add nothing to that.
TEXT_DERIVED: tuple[str, ...] = ("text", "word_count", "content_hash")
SCORED_FIELDS: tuple[str, ...] = tuple(f for f in SCORED_PAGE_FIELDS if f not in TEXT_DERIVED)

# Noise that must never reach ``text`` (docs/site-facts.md §6.1–§6.8, and the seed dump).
STATIC_NOISE: tuple[str, ...] = (
    "Follow us on social",
    "google cta",
    "keep reading",
    "Show less",
    "Top image credit",
    "Top photo credit",
    "Photos:",
    "Photo credit:",
    "LATEST",
    "QIOSK",
    "Newsletter",
    "Subscribe now to our weekly round-up",
    "Get the latest from Responsible Statecraft",
    "Around the web",
    "RELATED:",
    "[shortcode-",
    "Analysis |",
    "Reporting |",
    "Opinion |",
    "News |",
    "Tags:",
    "Screen-shot-",
    "Shutterstock_",
    "Sign up",
    "All rights reserved",
    "(Photo by",
)

DEFAULT_FLOORS = Path(__file__).with_name("floors.json")
_TOKEN = re.compile(r"\w+")


def tokens(text: str | None) -> Counter:
    return Counter(_TOKEN.findall((text or "").lower()))


@dataclass
class TextScore:
    tp: int
    n_got: int
    n_exp: int
    exact: bool
    leaks: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.n_got, self.n_exp)


def _f1(tp: int, n_got: int, n_exp: int) -> float:
    if n_got == 0 and n_exp == 0:
        return 1.0
    p = tp / n_got if n_got else 0.0
    r = tp / n_exp if n_exp else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def leaks(got: str | None, expected: str | None, noise: Iterable[str]) -> list[str]:
    """Each noise string found in ``got`` more often than in ``expected`` (once per surplus occurrence)."""
    got, expected = got or "", expected or ""
    out: list[str] = []
    for s in dict.fromkeys(noise):  # dedupe, keep order
        if s and s in got:
            out += [s] * max(0, got.count(s) - expected.count(s))
    return out


def score_text(got: str | None, expected: str | None, noise: Iterable[str] = STATIC_NOISE) -> TextScore:
    g, e = tokens(got), tokens(expected)
    return TextScore(
        tp=sum((g & e).values()),
        n_got=sum(g.values()),
        n_exp=sum(e.values()),
        exact=(got or "") == (expected or ""),
        leaks=leaks(got, expected, noise),
    )


@dataclass
class PageResult:
    key: str  # the page's path (or any id)
    features: frozenset[str]
    text: TextScore
    fields: dict[str, bool]  # field -> correct
    got: dict | None = None  # the parsed row (None: NotArticle)
    expected: dict | None = None
    error: str | None = None  # NotArticle reason


def score_row(
    got: Article | dict | None,
    expected: dict,
    *,
    key: str = "",
    features: Iterable[str] = (),
    noise: Iterable[str] = STATIC_NOISE,
    error: str | None = None,
) -> PageResult:
    row = got.to_dict() if isinstance(got, Article) else got
    text = score_text(row.get("text") if row else None, expected.get("text"), noise)
    fields = {f: (row is not None and row.get(f) == expected.get(f)) for f in SCORED_FIELDS}
    return PageResult(
        key=key, features=frozenset(features), text=text, fields=fields, got=row, expected=expected, error=error
    )


@dataclass
class Report:
    name: str
    pages: list[PageResult] = field(default_factory=list)

    # --- aggregates -------------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.pages)

    def _sums(self, pages=None) -> tuple[int, int, int]:
        pages = self.pages if pages is None else pages
        return (sum(p.text.tp for p in pages), sum(p.text.n_got for p in pages), sum(p.text.n_exp for p in pages))

    @property
    def precision(self) -> float:
        tp, g, _ = self._sums()
        return tp / g if g else 0.0

    @property
    def recall(self) -> float:
        tp, _, e = self._sums()
        return tp / e if e else 0.0

    @property
    def f1(self) -> float:
        return _f1(*self._sums())

    @property
    def mean_page_f1(self) -> float:
        return sum(p.text.f1 for p in self.pages) / self.n if self.n else 0.0

    @property
    def exact(self) -> float:
        return sum(p.text.exact for p in self.pages) / self.n if self.n else 0.0

    @property
    def leak_count(self) -> int:
        return sum(len(p.text.leaks) for p in self.pages)

    @property
    def not_articles(self) -> list[tuple[str, str]]:
        return [(p.key, p.error) for p in self.pages if p.error]

    def field_accuracy(self) -> dict[str, float]:
        return {f: (sum(p.fields[f] for p in self.pages) / self.n if self.n else 0.0) for f in SCORED_FIELDS}

    def coverage(self) -> Counter:
        c: Counter = Counter()
        for p in self.pages:
            c.update(p.features)
        return c

    def by_feature(self) -> dict[str, tuple[int, float, float]]:
        """feature -> (pages, body F1, exact share)."""
        out = {}
        for feat in sorted(self.coverage()):
            ps = [p for p in self.pages if feat in p.features]
            out[feat] = (len(ps), _f1(*self._sums(ps)), sum(p.text.exact for p in ps) / len(ps))
        return out

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "pages": self.n,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "mean_page_f1": self.mean_page_f1,
            "exact": self.exact,
            "leaks": self.leak_count,
            "not_articles": len(self.not_articles),
            "fields": self.field_accuracy(),
        }

    # --- presentation -----------------------------------------------------------------------------------
    def summary(self) -> str:
        acc = self.field_accuracy()
        worst = sorted(acc.items(), key=lambda kv: kv[1])
        lines = [
            f"{self.name}: {self.n} pages  body P {self.precision:.4f}  R {self.recall:.4f}  F1 {self.f1:.4f}"
            f"  exact {self.exact:.1%}  leaks {self.leak_count}  not-articles {len(self.not_articles)}",
            "  fields: " + "  ".join(f"{f} {v:.3f}" for f, v in worst),
        ]
        return "\n".join(lines)

    def failures(self, limit: int = 5) -> str:
        """The worst pages, for a failing assertion's message."""
        out = []
        for p in sorted(self.pages, key=lambda p: (p.text.f1, sum(p.fields.values())))[:limit]:
            bad = [f for f, ok in p.fields.items() if not ok]
            if p.text.exact and not bad and not p.error:
                continue
            out.append(
                f"  {p.key} [{','.join(sorted(p.features))}] F1 {p.text.f1:.3f} exact {p.text.exact} "
                f"leaks {p.text.leaks[:3]} error {p.error} wrong {bad}"
            )
            for f in bad[:3]:
                out.append(f"      {f}: got {(p.got or {}).get(f)!r:.150} expected {(p.expected or {}).get(f)!r:.150}")
        return "\n".join(out)


# --- floors ---------------------------------------------------------------------------------------------------


def load_floors(path: str | Path | None = None) -> dict:
    return json.loads(Path(path or DEFAULT_FLOORS).read_text(encoding="utf-8"))


def check_floors(report: Report, floors: dict) -> list[str]:
    """Every floor the report is below, as one line each (empty: the gate passes)."""
    bad = []
    for key, attr in (
        ("body_precision", "precision"),
        ("body_recall", "recall"),
        ("body_f1", "f1"),
        ("exact_match", "exact"),
    ):
        if key in floors and getattr(report, attr) < floors[key]:
            bad.append(f"{report.name}: {key} {getattr(report, attr):.4f} < floor {floors[key]}")
    if "max_leaks" in floors and report.leak_count > floors["max_leaks"]:
        bad.append(f"{report.name}: {report.leak_count} noise strings leaked into text (max {floors['max_leaks']})")
    if "max_not_articles" in floors and len(report.not_articles) > floors["max_not_articles"]:
        bad.append(f"{report.name}: articles refused: {report.not_articles[:5]}")
    acc = report.field_accuracy()
    field_floors = floors.get("fields", {})
    for f in SCORED_FIELDS:
        floor = field_floors.get(f, floors.get("field_default"))
        if floor is not None and acc[f] < floor:
            bad.append(f"{report.name}: field {f} {acc[f]:.4f} < floor {floor}")
    return bad


Extractor = Callable[[bytes, str, str | None], Article]
