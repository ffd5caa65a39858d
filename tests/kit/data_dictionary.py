"""data/README.md's column table read as rows (what test_data_dictionary and test_export compare with)."""

from __future__ import annotations

import re

from tests.kit.runs import REPO

README = REPO / "data" / "README.md"


def dictionary_table(text: str | None = None) -> list[dict[str, str]]:
    """The rows of the README's column table (the first table whose header starts with ``Column``)."""
    lines = (text if text is not None else README.read_text(encoding="utf-8")).splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^\|\s*Column\s*\|", line))
    header = _cells(lines[start])
    rows = []
    for line in lines[start + 2 :]:  # skip the |---| line
        if not line.startswith("|"):
            break
        cells = _cells(line)
        assert len(cells) == len(header), f"malformed row: {line}"
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def _cells(line: str) -> list[str]:
    # split on | but not on \| (an escaped pipe inside a cell), then drop the code backticks
    parts = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [p.strip().replace("\\|", "|").strip("`").strip() for p in parts]
