"""An import, not a generator: turn the red team's rm_real set (pages/<name>.html + their truth <name>.json) into
this project's fixture format (rs_scraper/quality/fixtures.py): pages/<name>.html.gz + <name>.json pinning the fields
the red team's truth gives (a field left out is not checked).

    python3 tests/generators/rm_real_import.py /path/to/rm_real tests/fixtures/rm_real

The red team's set (its gen.py and truths) is not in this repository, so tests/test_fixtures_current.py cannot
regenerate the JSONs; it checks that each committed ``.html.gz`` is what ``gzip_page`` makes of the page it holds
(byte for byte) and that every JSON pins only the fields ``spec_of`` can write.

The truth is what the page shows a reader (the red team's README, kept here as REDTEAM.md); only the project's own
conventions are applied: ``url`` without a trailing slash (items.py), ``image_credit`` without its label (the red
team's ``image_credit_name``), ``published_at`` in UTC for a page that shows a time of day, ``published_date`` the
calendar day the page shows. A page that shows only a day gets no ``published_at``: a machine-readable source may
give the instant, which the page does not show. Stdlib only, deterministic (gzip mtime 0).
"""

from __future__ import annotations

import gzip
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

NY = ZoneInfo("America/New_York")
COPIED = ("title", "subtitle", "authors", "article_type", "section", "tags", "text")


def spec_of(t: dict) -> dict:
    spec: dict = {
        "_request": {"url": t.get("fetched_url", t["url"])},
        "_variant": t.get("variant"),
        "_features": t.get("features", []),
    }
    if not t["is_article"]:
        spec.update(not_article=True, _reason=t["reason"])
        return spec
    spec["url"] = t["url"].rstrip("/")
    spec.update({k: t[k] for k in COPIED})
    spec["image_credit"] = t.get("image_credit_name")
    if t["published_precision"] == "minute":
        at = datetime.fromisoformat(t["published"])
        spec["published_at"] = at.astimezone(UTC).isoformat()
        spec["published_precision"] = "minute"
        spec["published_date"] = at.astimezone(NY).date().isoformat()
    else:
        spec["published_date"] = t["published"]
    return spec


# Every field spec_of can pin (the notes it writes start with "_").
WRITTEN = frozenset(COPIED) | {
    "url",
    "image_credit",
    "published_at",
    "published_precision",
    "published_date",
    "not_article",
}


def gzip_page(html: bytes) -> bytes:
    """The page gzipped deterministically (mtime 0, level 9)."""
    return gzip.compress(html, 9, mtime=0)


def main(src: Path, dest: Path) -> None:
    out = dest / "pages"
    out.mkdir(parents=True, exist_ok=True)
    for j in sorted((src / "pages").glob("*.json")):
        spec = spec_of(json.loads(j.read_text(encoding="utf-8")))
        (out / f"{j.stem}.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        (out / f"{j.stem}.html.gz").write_bytes(gzip_page(j.with_suffix(".html").read_bytes()))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
