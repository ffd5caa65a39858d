"""Metadata on generic pages: ours against ``trafilatura.extract_metadata``, on Zyte's 181 real pages, same run.

    .venv/bin/python benchmarks/metadata.py             # all 181 pages
    .venv/bin/python benchmarks/metadata.py --pages 8   # a quick run (tests/test_benchmarks_run.py)
    .venv/bin/python benchmarks/metadata.py --show 10   # also print up to 10 disagreements per field

The pages carry no metadata truth, so this measures agreement and coverage, not accuracy: per field (title,
authors, published day), how many pages both give the same value, only ours or only trafilatura give one, both
give different ones, and neither gives one. "Not worse than trafilatura" means: we give a value on every page it
gives one (``theirs only`` = 0, or close) and agree with it where both have one; where both differ, ``--show``
prints the values so a reader can judge which is right.

Comparison: titles case- and whitespace-folded, with a " | Site" / " - Site" suffix removed on both sides;
authors as sets of case-folded names (trafilatura joins names with "; "); the day as YYYY-MM-DD (ours: the
calendar day of ``published_at`` in UTC and in New York, either matching; trafilatura: htmldate's day).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rs_scraper.parsing import NotArticle, ParseError, parse_article  # noqa: E402
from rs_scraper.quality import zyte  # noqa: E402

FIELDS = ("title", "authors", "date")
_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{2,40}$")


def _title(t: str | None) -> str | None:
    if not t:
        return None
    t = " ".join(t.split()).casefold()
    return _SUFFIX.sub("", t) or t


def _authors(names) -> frozenset[str] | None:
    if isinstance(names, str):
        names = re.split(r";\s*", names)
    out = frozenset(" ".join(n.split()).casefold() for n in names or () if n and n.strip())
    return out or None


def ours(page: zyte.ZytePage) -> dict:
    try:
        art = parse_article(page.html, page.url)
    except (NotArticle, ParseError):
        return {f: None for f in FIELDS}
    days = None
    if art.published_at is not None:
        days = {art.published_at.date().isoformat()}
        if art.published_date is not None:
            days.add(art.published_date.isoformat())
    return {"title": _title(art.title), "authors": _authors(art.authors), "date": days}


def theirs(page: zyte.ZytePage) -> dict:
    import trafilatura

    meta = trafilatura.extract_metadata(page.html, default_url=page.url or None)
    if meta is None:
        return {f: None for f in FIELDS}
    return {"title": _title(meta.title), "authors": _authors(meta.author), "date": meta.date or None}


def _agree(field: str, a, b) -> bool:
    if field == "date":
        return b in a
    if field == "title":
        return a == b or a.startswith(b) or b.startswith(a)  # one cut by a site suffix or an ellipsis
    return a == b


def compare(pages: list[zyte.ZytePage]) -> tuple[dict[str, Counter], dict[str, list]]:
    counts = {f: Counter() for f in FIELDS}
    differ: dict[str, list] = {f: [] for f in FIELDS}
    for page in pages:
        o, t = ours(page), theirs(page)
        for f in FIELDS:
            a, b = o[f], t[f]
            if a is None and b is None:
                counts[f]["neither"] += 1
            elif b is None:
                counts[f]["ours only"] += 1
            elif a is None:
                counts[f]["theirs only"] += 1
                differ[f].append((page.id, None, b))
            elif _agree(f, a, b):
                counts[f]["agree"] += 1
            else:
                counts[f]["differ"] += 1
                differ[f].append((page.id, a, b))
    return counts, differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=None, help="the first N pages only")
    ap.add_argument("--show", type=int, default=0, help="print up to N disagreements per field")
    args = ap.parse_args(argv)
    pages = zyte.load_pages()[: args.pages] if args.pages else zyte.load_pages()
    counts, differ = compare(pages)
    n = len(pages)
    print(f"metadata: {n} Zyte pages, ours vs trafilatura.extract_metadata (agreement, not accuracy)")
    cols = ("agree", "differ", "ours only", "theirs only", "neither")
    print(f"{'field':<8} " + " ".join(f"{c:>11}" for c in cols) + f" {'ours has':>9} {'theirs has':>10}")
    for f in FIELDS:
        c = counts[f]
        has_o = c["agree"] + c["differ"] + c["ours only"]
        has_t = c["agree"] + c["differ"] + c["theirs only"]
        both = c["agree"] + c["differ"]
        print(
            f"{f:<8} " + " ".join(f"{c[k]:>11}" for k in cols) + f" {has_o:>9} {has_t:>10}"
            f"   agreement where both: {c['agree'] / both if both else 1.0:.1%}"
        )
    for f in FIELDS:
        for pid, a, b in differ[f][: args.show]:
            a_s = sorted(a) if isinstance(a, (set, frozenset)) else a
            b_s = sorted(b) if isinstance(b, (set, frozenset)) else b
            print(f"  {f} {pid[:12]}: ours {a_s!r:.90} | trafilatura {b_s!r:.90}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
