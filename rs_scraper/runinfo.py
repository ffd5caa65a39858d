"""The identity of one crawl run, shared by the spider, the pipelines and the run manifest."""

from __future__ import annotations

import secrets

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


def run_id_of(crawler) -> str:
    """The run id of ``crawler``: the RS_RUN_ID setting when given (checked: a plain name), else one made once
    per crawler."""
    run_id = getattr(crawler, "rs_run_id", None)
    if run_id is None:
        given = crawler.settings.get("RS_RUN_ID")
        run_id = check_run_id(given) if given else new_run_id()
        crawler.rs_run_id = run_id
    return run_id
