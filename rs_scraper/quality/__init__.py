"""Extraction quality: score parsed rows against ground truth, and the floors the test suite holds them to.

from rs_scraper.quality import gate_reports, load_floors, check_floors
for report in gate_reports():
    print(report.summary()); assert not check_floors(report, load_floors())
"""

from rs_scraper.quality.mirror import GATE_CONFIGS, REQUIRED_FEATURES, features, gate_reports, page_noise, score_site
from rs_scraper.quality.scoring import (
    SCORED_FIELDS,
    STATIC_NOISE,
    PageResult,
    Report,
    TextScore,
    check_floors,
    leaks,
    load_floors,
    score_row,
    score_text,
    tokens,
)

__all__ = [
    "GATE_CONFIGS",
    "REQUIRED_FEATURES",
    "SCORED_FIELDS",
    "STATIC_NOISE",
    "PageResult",
    "Report",
    "TextScore",
    "check_floors",
    "features",
    "gate_reports",
    "leaks",
    "load_floors",
    "page_noise",
    "score_row",
    "score_site",
    "score_text",
    "tokens",
]
