"""warcio's own checker on our WARC files (test_warc_writer, test_warc_crawl)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.kit.runs import REPO


def warcio_check(*paths: Path) -> subprocess.CompletedProcess:
    """warcio's own checker (`warcio check`), in a subprocess like a user would run it."""
    return subprocess.run(
        [sys.executable, "-c", "from warcio.cli import main; main()", "check", "-v", *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
