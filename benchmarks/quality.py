"""The quality gate's figures, printed (no CLI command, no assertions): per mirror config, body P/R/F1,
exact-match share, leaks and per-field accuracy, per-variant F1, and the floors of rs_scraper/quality/floors.json.

    .venv/bin/python benchmarks/quality.py                  # the gate's configs (rs_scraper.quality.GATE_CONFIGS)
    .venv/bin/python benchmarks/quality.py --articles 500   # bigger mixed sites, more seeds
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rs_scraper.mirror import MirrorSite  # noqa: E402
from rs_scraper.quality import GATE_CONFIGS, check_floors, load_floors, score_site  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, help="override every config's article count")
    ap.add_argument("--seeds", type=int, nargs="*", help="score mixed sites of these seeds instead of the gate configs")
    ap.add_argument("--variants", action="store_true", help="also print body F1 / exact per variant feature")
    args = ap.parse_args(argv)
    configs = list(GATE_CONFIGS)
    if args.seeds:
        configs = [(f"mix-seed{s}", dict(articles=args.articles or 150, seed=s)) for s in args.seeds]
    elif args.articles:
        configs = [(n, {**kw, "articles": args.articles}) for n, kw in configs]
    floors = load_floors()
    print("floors:", {k: v for k, v in floors.items() if not k.startswith("_")})
    for name, kwargs in configs:
        report = score_site(MirrorSite(**kwargs), name)
        print(report.summary())
        bad = check_floors(report, floors)
        print("  gate:", "PASS" if not bad else "FAIL\n    " + "\n    ".join(bad))
        if bad:
            print(report.failures())
        if args.variants:
            for feat, (n, f1, exact) in report.by_feature().items():
                print(f"    {feat:<24} {n:>4} pages  F1 {f1:.4f}  exact {exact:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
