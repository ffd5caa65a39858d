"""One list of the site's sections (rs_scraper.sections): the parser recognises them, ``sections=`` accepts the
ones seen on the site (or already stored), and the mirror serves the same ones."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rs_scraper import sections

ROOT = Path(__file__).resolve().parents[1]


def test_settings_parser_and_mirror_read_the_one_list():
    from rs_scraper import settings
    from rs_scraper.mirror import content
    from rs_scraper.parsing import options

    assert settings.RS_KNOWN_SECTIONS == list(sections.SEEN_SECTIONS)
    assert options.KNOWN_SECTIONS == sections.KNOWN_SECTIONS
    assert content.SECTIONS == sections.SEEN_SECTIONS
    assert set(sections.SEEN_SECTIONS) < set(sections.KNOWN_SECTIONS)


def test_sections_argument_refuses_a_typo_with_a_suggestion_and_accepts_a_seen_section():
    from rs_scraper.validation import check_sections

    check_sections(["Middle East", "QiOSK"], sections.SEEN_SECTIONS)
    with pytest.raises(ValueError, match="unknown section 'Midle East'.*Middle East"):
        check_sections(["Midle East"], sections.SEEN_SECTIONS)


def test_no_other_module_lists_the_sections():
    """A literal naming most of the sections outside rs_scraper/sections.py is a second list (a subset, such as
    the mirror's region sections, is not)."""
    names = set(sections.KNOWN_SECTIONS)
    found = []
    for folder in ("rs_scraper", "pipelines"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.relative_to(ROOT).as_posix() == "rs_scraper/sections.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                    listed = {e.value for e in node.elts if isinstance(e, ast.Constant)} & names
                    if len(listed) > len(sections.SEEN_SECTIONS) // 2 + 1:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
