"""The generic gate's page source and metric: Zyte's public article-extraction benchmark (181 real article pages
of many sites; ``tests/data/zyte/``, MIT licence), scored as its own ``evaluate.py`` scores them.

Metric (upstream README): tokens are maximal runs of ``\\w+`` (case kept); a text is a multiset of 4-token
shingles (1 to 3 tokens: one shingle of all of them; no tokens: none). Per page, tp = the shingles both texts
share (min of the counts), precision = tp / predicted shingles, recall = tp / true shingles. Corpus precision is
the mean page precision over pages with a non-empty prediction, corpus recall the mean page recall over all pages
(an empty prediction scores recall 0), F1 = 2PR / (P + R) of the two means.

The split: pages sorted by id, alternate pages in ``dev`` and ``test``. Rules are developed on dev; a rule that
helps dev and hurts test is overfit (the notes report both halves).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "zyte"
_TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True)
class ZytePage:
    id: str
    url: str
    html: bytes
    truth: str


def load_pages(data_dir: Path | str = DATA_DIR, split: str = "all") -> list[ZytePage]:
    """The benchmark's pages, sorted by id; ``split`` is ``all``, ``dev`` (even positions) or ``test`` (odd)."""
    if split not in ("all", "dev", "test"):
        raise ValueError(f"split must be all, dev or test, not {split!r}")
    data_dir = Path(data_dir)
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for i, pid in enumerate(sorted(truth)):
        if split == "dev" and i % 2 or split == "test" and not i % 2:
            continue
        html = gzip.decompress((data_dir / "html" / f"{pid}.html.gz").read_bytes())
        out.append(ZytePage(pid, truth[pid].get("url") or "", html, truth[pid].get("articleBody") or ""))
    return out


def shingles(text: str | None) -> Counter:
    toks = _TOKEN.findall(text or "")
    if not toks:
        return Counter()
    if len(toks) < SHINGLE:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1))


@dataclass
class PageScore:
    id: str
    precision: float | None  # None: empty prediction (left out of the precision mean)
    recall: float
    empty: bool
    detail: str = ""  # why no row (a NotArticle reason), or the extraction method

    @property
    def f1(self) -> float:
        p = self.precision or 0.0
        return 2 * p * self.recall / (p + self.recall) if p + self.recall else 0.0


def score_page(pid: str, pred: str | None, truth: str, detail: str = "") -> PageScore:
    g, t = shingles(pred), shingles(truth)
    tp = sum((g & t).values())
    n_g, n_t = sum(g.values()), sum(t.values())
    precision = tp / n_g if n_g else None
    recall = tp / n_t if n_t else (1.0 if not n_g else 0.0)
    return PageScore(pid, precision, recall, empty=not n_g, detail=detail)


@dataclass
class ZyteReport:
    name: str
    pages: list[PageScore] = field(default_factory=list)

    @property
    def precision(self) -> float:
        ps = [p.precision for p in self.pages if p.precision is not None]
        return sum(ps) / len(ps) if ps else 0.0

    @property
    def recall(self) -> float:
        return sum(p.recall for p in self.pages) / len(self.pages) if self.pages else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty(self) -> list[PageScore]:
        return [p for p in self.pages if p.empty]

    def subset(self, ids: Iterable[str], name: str | None = None) -> ZyteReport:
        keep = set(ids)
        return ZyteReport(name or self.name, [p for p in self.pages if p.id in keep])

    def summary(self) -> str:
        return (
            f"{self.name:<12} F1 {self.f1:.4f}  P {self.precision:.4f}  R {self.recall:.4f}  "
            f"pages {len(self.pages)}  no row {len(self.empty)}"
        )


def worse_pages(ours: ZyteReport, base: ZyteReport, margin: float = 0.05) -> list[tuple[str, float, float]]:
    """(id, our F1, base F1) for every page where ours is below the baseline's page F1 by more than ``margin``."""
    theirs = {p.id: p.f1 for p in base.pages}
    return [(p.id, p.f1, theirs[p.id]) for p in ours.pages if p.id in theirs and theirs[p.id] - p.f1 > margin]


Extract = Callable[[ZytePage], tuple[str | None, str]]  # page -> (body text or None, detail)


def score(pages: Iterable[ZytePage], extract: Extract, name: str) -> ZyteReport:
    rep = ZyteReport(name)
    for page in pages:
        text, detail = extract(page)
        rep.pages.append(score_page(page.id, text, page.truth, detail))
    return rep


def ours(page: ZytePage) -> tuple[str | None, str]:
    """Our parser on a Zyte page: (text, extraction method) or (None, the reason it gave no row)."""
    from rs_scraper.parsing import NotArticle, parse_article
    from rs_scraper.parsing.errors import ParseError

    try:
        art = parse_article(page.html, page.url)
    except NotArticle as exc:
        return None, f"not_article/{exc.reason}"
    except ParseError as exc:
        return None, f"parse_error/{exc}"
    return art.text, art.extraction_method or ""


def plain_trafilatura(page: ZytePage) -> tuple[str | None, str]:
    """The baseline: ``trafilatura.extract`` on the page, default options, as a new user calls it."""
    import trafilatura

    return trafilatura.extract(page.html), "trafilatura"
