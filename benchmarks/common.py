"""What the crawl benchmarks share: loopback settings, and running a child process measured the same way.

``measured_child`` runs a Python child (``-m scrapy crawl rs ...`` or a script) and returns its wall time, its CPU
time (user + system of the child and anything it waited for, from ``wait4``: other agents on a shared machine
do not inflate it) and its own peak RSS. The peak is the child's ``VmHWM`` at exit, not ``ru_maxrss``: on Linux a
child's ``ru_maxrss`` starts from its parent's RSS at fork, and a benchmark parent holds the mirror site.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MIB = 1 << 20

# Machine speed on loopback: no delay, no autothrottle, 16 requests at once (the issue 14 baseline).
LOOPBACK = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS=16",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s",
    "LOG_LEVEL=WARNING",
]

# Runs the real command after arranging for its VmHWM to be written to a file at exit (atexit runs on
# sys.exit too, which is how `scrapy crawl rs` reports its verdict).
HWM_WRAPPER = (
    "import atexit, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "def hwm():\n"
    "    kib = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
    "    open(out, 'w').write(kib)\n"
    "atexit.register(hwm)\n"
    "if sys.argv[1] == '-m':\n"
    "    module = sys.argv[2]\n"
    "    sys.argv = [module] + sys.argv[3:]\n"
    "    runpy.run_module(module, run_name='__main__', alter_sys=True)\n"
    "else:\n"
    "    sys.argv = sys.argv[1:]\n"
    "    runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


@dataclass
class ChildRun:
    status: int  # the exit status (0 ok; `scrapy crawl rs` exits 1 when a monitor failed)
    wall: float  # seconds
    cpu: float  # user + system seconds
    peak_rss: int  # bytes, the child's own high-water mark (-1 when unknown)
    stderr: str

    @property
    def peak_mib(self) -> float:
        return self.peak_rss / MIB


def measured_child(argv: list[str], *, cwd: Path = REPO, env: dict | None = None, timeout: float = 7200) -> ChildRun:
    """Run ``python <argv>`` (``["-m", "scrapy", ...]`` or ``["script.py", ...]``) and measure it."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        hwm = Path(tmp) / "hwm"
        err_path = Path(tmp) / "stderr"
        with open(err_path, "wb") as err:
            start = time.perf_counter()
            child = subprocess.Popen(
                [sys.executable, "-c", HWM_WRAPPER, str(hwm), *argv],
                cwd=cwd,
                stdout=subprocess.DEVNULL,
                stderr=err,
                env={**os.environ, **(env or {})},
            )
            deadline = start + timeout
            while True:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    child.kill()
                    _, status, usage = os.wait4(child.pid, 0)
                    break
                time.sleep(0.02)
            wall = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        peak = int(hwm.read_text()) * 1024 if hwm.exists() and hwm.read_text().strip() else -1
        return ChildRun(
            child.returncode, wall, usage.ru_utime + usage.ru_stime, peak, err_path.read_text(errors="replace")
        )


def scrapy_crawl_rs(base_url: str, data_dir: Path, *extra: str) -> list[str]:
    """The argv (after ``python``) of ``scrapy crawl rs`` against ``base_url`` into ``data_dir``."""
    return ["-m", "scrapy", "crawl", "rs", "-s", f"RS_BASE_URL={base_url}", "-s", f"RS_DATA_DIR={data_dir}", *extra]


def add_settings_option(parser, example: str) -> None:
    """``-s NAME=VALUE`` (repeatable): Scrapy settings for the crawls a benchmark runs; read with
    :func:`settings_argv`."""
    parser.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help=f"a Scrapy setting, e.g. -s {example}"
    )


def settings_argv(pairs: list[str]) -> list[str]:
    """The ``-s NAME=VALUE`` pairs as arguments of ``scrapy crawl``."""
    return [arg for pair in pairs for arg in ("-s", pair)]


def machine_note() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"machine: {os.cpu_count()} cores, load average {load:.1f} at start (shared with other jobs: absolute "
        f"figures vary run to run; the ratios are measured in this one invocation)"
    )
