"""The identity of one crawl run, shared by the spider, the pipelines and the run manifest."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

from rs_scraper.timeutil import utcnow

# Stats keys (not under rs/: the counts stay numbers) holding the one-line cause when the data dir could not be
# written: by the storage pipeline (disk full, read-only, a refused link) and by the run manifest.
STORAGE_ERROR_KEY = "rs_storage_error"
MANIFEST_ERROR_KEY = "rs_manifest_error"


def new_run_id() -> str:
    """Sortable and unique: ``20261127T190501Z-3fa2c1``."""
    return f"{utcnow():%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def check_run_id(value: object) -> str:
    """A run id names files (``runs/<id>.json``, ``part-<id>-N.parquet``): a plain name only, never a path
    (``../../x`` would write outside the data dir). ValueError with a one-line reason otherwise."""
    from rs_scraper.fortress import check_name

    return check_name(value, "RS_RUN_ID")


def final_stats(crawler) -> dict[str, Any]:
    """The stats of a finished crawl; {} when it never started (its spider could not be built: Scrapy 2.13+
    raises on ``crawler.stats`` then), so that the command still says why in one line and exits non-zero."""
    try:
        stats = crawler.stats
    except RuntimeError:
        return {}
    return dict(stats.get_stats()) if stats else {}


def run_id_of(crawler) -> str:
    """The run id of ``crawler``: the RS_RUN_ID setting when given (checked: a plain name), else one made once
    per crawler."""
    run_id = getattr(crawler, "rs_run_id", None)
    if run_id is None:
        given = crawler.settings.get("RS_RUN_ID")
        run_id = check_run_id(given) if given else new_run_id()
        crawler.rs_run_id = run_id
    return run_id


# --------------------------------------------------------------------------------------------- manifests
def jsonable(value: Any) -> Any:
    """``value`` as JSON can hold it (datetimes ISO 8601, paths and unknown objects as strings, Scrapy settings
    as dicts): what a run manifest records of settings, arguments and stats."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "copy_to_dict"):  # a Scrapy BaseSettings (dict settings)
        return jsonable(value.copy_to_dict())
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


# The type every reader of a run manifest relies on, per top-level field (rs-scraper runs, incremental state,
# the verdict memory, verify). A field of another type is a damaged manifest: readers see it as absent
# (``typed``) and ``rs-scraper verify`` reports it (``type_problems``), so one bad file never crashes a crawl.
MANIFEST_TYPES: dict[str, type | tuple[type, ...]] = {
    "run_id": str,
    "kind": str,
    "status": str,
    "finish_reason": str,
    "started_at": str,
    "finished_at": str,
    "exit_code": int,
    "duration_s": (int, float),
    "pid": int,
    "stored_urls": int,
    "verdicts_remembered": bool,
    "counts": dict,
    "settings": dict,
    "arguments": dict,
    "summary": dict,
    "reconciliation": dict,
    "not_articles": dict,
    "failed_urls": dict,
    "sitemaps": dict,
    "discovery": dict,
    "versions": dict,
    "monitors": list,
    "problems": list,
    "stats": dict,
    "verdict": str,
    "spider": str,
    "monitors_source": str,
    "revalidated": dict,
    "prepared": list,
}


def type_problems(manifest: dict) -> list[str]:
    """One message per top-level field of the wrong type (null fields count as absent)."""
    out = []
    for name, kind in MANIFEST_TYPES.items():
        value = manifest.get(name)
        if value is None:
            continue
        if isinstance(value, bool) and kind in (int, (int, float)) or not isinstance(value, kind):
            want = kind.__name__ if isinstance(kind, type) else "number"
            out.append(f"field {name} is {type(value).__name__}, expected {want}")
    counts = manifest.get("counts")
    if isinstance(counts, dict) and not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in counts.values()
    ):
        out.append("field counts holds values that are not numbers")
    monitors = manifest.get("monitors")
    if isinstance(monitors, list) and not all(isinstance(m, dict) for m in monitors):
        out.append("field monitors holds entries that are not objects")
    return out


def typed(manifest: dict) -> dict:
    """``manifest`` with every field of the wrong type dropped (readers then see it as absent)."""
    clean = {}
    for name, value in manifest.items():
        kind = MANIFEST_TYPES.get(name)
        if (
            kind is not None
            and value is not None
            and (not isinstance(value, kind) or isinstance(value, bool) and kind in (int, (int, float)))
        ):
            continue
        clean[name] = value
    if isinstance(clean.get("counts"), dict):
        clean["counts"] = {
            k: v for k, v in clean["counts"].items() if isinstance(v, (int, float)) and not isinstance(v, bool)
        }
    if isinstance(clean.get("monitors"), list):
        clean["monitors"] = [m for m in clean["monitors"] if isinstance(m, dict)]
    return clean
