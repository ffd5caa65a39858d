"""The peak RSS the benchmarks and the memory tests report is the measured process's own, not its parent's.

On Linux a child's ``ru_maxrss`` starts from its parent's RSS at fork (the kernel carries the high-water mark
across exec), so a crawl started from a pytest worker that had grown to 600 MiB "peaked" at 600 MiB: the bomb
tests of test_server_faults failed in CI for the worker's memory, never the crawl's. ``HWM_WRAPPER`` reads the
child's own ``VmHWM``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from benchmarks.common import HWM_WRAPPER

PARENT_MIB = 400  # far above what a bare interpreter running `-m this` can reach


def test_a_child_started_by_a_large_parent_reports_its_own_peak(tmp_path):
    out = tmp_path / "hwm"
    parent = textwrap.dedent(
        f"""
        import subprocess, sys
        big = bytearray({PARENT_MIB} << 20)
        big[::4096] = b"x" * len(big[::4096])  # touch every page: resident, not just reserved
        wrapper, out = sys.argv[1], sys.argv[2]
        subprocess.run([sys.executable, "-c", wrapper, out, "-m", "this"], check=True, stdout=subprocess.DEVNULL)
        """
    )
    subprocess.run([sys.executable, "-c", parent, HWM_WRAPPER, str(out)], check=True, timeout=60)
    child_mib = int(out.read_text()) / 1024
    assert 0 < child_mib < PARENT_MIB / 4, f"child peak {child_mib:.0f} MiB: the parent's RSS leaked into it"
