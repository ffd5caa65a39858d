"""Strip outputs from notebooks before committing them (no make, no extra tool):

    python notebooks/strip_outputs.py            # every notebooks/*.ipynb, in place
    python notebooks/strip_outputs.py --check    # exit 1, listing them, if any notebook has outputs

Outputs are generated data (figures of whoever ran it last, local paths) and make diffs unreadable; git keeps
the code only. Clears outputs, execution counts and execution timing metadata; the rest is left as it is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent


def strip(nb: nbformat.NotebookNode) -> bool:
    """Strip ``nb`` in place; True if anything changed."""
    changed = False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.get("outputs") or cell.get("execution_count") is not None:
            cell.outputs, cell.execution_count = [], None
            changed = True
        if cell.metadata.pop("execution", None) is not None:  # nbclient's timing
            changed = True
    # language_info carries the version of whoever ran it last: keep the language only
    info = nb.metadata.get("language_info")
    if info and set(info) != {"name"}:
        nb.metadata["language_info"] = {"name": info.get("name", "python")}
        changed = True
    if nb.metadata.pop("widgets", None) is not None:
        changed = True
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/*.ipynb")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook has outputs")
    args = parser.parse_args(argv)
    dirty = []
    for path in args.notebooks or sorted(HERE.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        if strip(nb):
            dirty.append(path)
            if not args.check:
                nbformat.write(nb, path)
    for path in dirty:
        print(f"{'has outputs' if args.check else 'stripped'}: {path}")
    return 1 if args.check and dirty else 0


if __name__ == "__main__":
    sys.exit(main())
