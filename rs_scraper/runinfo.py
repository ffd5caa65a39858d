"""The identity of one crawl run, shared by the spider, the pipelines and the run manifest."""

from __future__ import annotations

import secrets

from rs_scraper.timeutil import utcnow


def new_run_id() -> str:
    """Sortable and unique: ``20261127T190501Z-3fa2c1``."""
    return f"{utcnow():%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def run_id_of(crawler) -> str:
    """The run id of ``crawler``: the RS_RUN_ID setting when given, else one made once per crawler."""
    run_id = getattr(crawler, "rs_run_id", None)
    if run_id is None:
        run_id = crawler.settings.get("RS_RUN_ID") or new_run_id()
        crawler.rs_run_id = run_id
    return run_id
