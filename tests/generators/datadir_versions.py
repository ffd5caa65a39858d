"""Recordings, not generators: how tests/fixtures/datadir_v1/ and tests/fixtures/datadir_v2/ were made. Each is a
small data dir written by the code of an OLD commit (its schema version), crawling a 4-article mirror (seed 13);
tests/test_schema_versions.py reads them as data written by code that no longer exists.

- v1: commit 826b717 (schema v1, before versions existed), two crawls, article 0 edited between them;
- v2: commit 7efd5d0 (schema v2: the v1 columns plus published_precision, published_date, author_urls; before
  blocks/links/images), one crawl.

    mkdir /tmp/v1src && git archive 826b717 | tar -x -C /tmp/v1src
    .venv/bin/python tests/generators/datadir_versions.py v1 /tmp/v1src /tmp/v1data  # copy articles/ revisions/ runs/
    mkdir /tmp/v2src && git archive 7efd5d0 | tar -x -C /tmp/v2src
    .venv/bin/python tests/generators/datadir_versions.py v2 /tmp/v2src /tmp/v2data  # ... and warc/

Not byte-reproducible (the crawl's clock, WARC record ids), so tests/test_fixtures_current.py does not regenerate
them; it checks this recipe names both folders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime

RECIPES = {
    "v1": ("826b717", ["20260101T000000Z-v1aaaa", "20260102T000000Z-v1bbbb"]),
    "v2": ("7efd5d0", ["20261201T000000Z-v2aaaa"]),
}


def record(version: str, src: str, out: str) -> None:
    """Crawl a mirror with the old code checked out at ``src`` into data dir ``out``; edit article 0 between runs."""
    sys.path.insert(0, src)
    from rs_scraper.mirror import MirrorServer, MirrorSite  # the OLD code's mirror

    shutil.rmtree(out, ignore_errors=True)
    site = MirrorSite(articles=4, seed=13)
    env = {**os.environ, "PYTHONPATH": src, "SCRAPY_SETTINGS_MODULE": "rs_scraper.settings"}
    with MirrorServer(site, host="127.0.0.1", port=0) as srv:
        for i, run_id in enumerate(RECIPES[version][1]):
            if i:
                site.update_article(0, when=datetime.now(UTC))
            cmd = [
                sys.executable,
                "-c",
                "import sys; from rs_scraper.cli import main; sys.exit(main(sys.argv[1:]))",
                "crawl",
                "--data-dir",
                out,
                "--base-url",
                srv.base_url,
                "-s",
                "DOWNLOAD_DELAY=0",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                f"RS_RUN_ID={run_id}",
                "--log-level",
                "WARNING",
            ]
            r = subprocess.run(cmd, env=env, cwd="/tmp", capture_output=True, text=True)
            print(run_id, r.returncode, r.stdout.strip(), r.stderr.strip()[-500:])
    print(site.expected_rows("")[0]["url"])


if __name__ == "__main__":
    record(*sys.argv[1:4])
