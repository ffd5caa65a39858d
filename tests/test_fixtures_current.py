"""The committed fixtures are what their generators make today, and every fixture is in the one format.

Each generator of tests/generators/ is run into a temporary folder and its output compared byte for byte with the
committed folder: same file names, same bytes (a stale fixture, or one edited by hand, fails here). The two that
cannot be re-run from the repository are checked for what can be: rm_real_import (the red team's set is not in the
repository: its gzipped pages are re-gzipped, its JSONs pin only what the import writes) and datadir_versions
(recordings of old commits' crawls: the recipe names both folders). A new generator must be listed here.
"""

from __future__ import annotations

import ast
import gzip
import importlib
import json
from pathlib import Path

import pytest

from rs_scraper.quality.fixtures import FIXTURES, INPUT_SUFFIXES, load_dir

GENERATORS = Path(__file__).parent / "generators"
# generator module -> the committed folder it writes (build(out) rewrites exactly that folder's files)
REGENERATED = {
    "redteam_pages": "redteam/pages",
    "redteam2_pages": "redteam2/pages",
    "foreign2_pages": "foreign2",
    "dumps_redteam": "dumps_redteam",
    "dumps_redteam2": "dumps_redteam2",
}
NOT_REGENERATED = {"rm_real_import": "rm_real", "datadir_versions": "datadir_v1 datadir_v2"}
# Folders that are not "input -> expected" fixtures: data dirs written by old code, read as data.
NOT_IN_THE_FORMAT = ("datadir_v1", "datadir_v2")


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("module, folder", sorted(REGENERATED.items()))
def test_committed_output_is_current(module, folder, tmp_path, capsys):
    gen = importlib.import_module(f"tests.generators.{module}")
    gen.build(tmp_path)
    capsys.readouterr()
    fresh, committed = _files(tmp_path), _files(FIXTURES / folder)
    assert sorted(fresh) == sorted(committed), f"{folder}: files differ from what {module} writes"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, (
        f"{len(stale)} files of tests/fixtures/{folder} differ from what tests/generators/{module}.py "
        f"writes (run it): {stale[:10]}"
    )


def test_rm_real_pages_are_what_the_import_writes():
    from tests.generators.rm_real_import import WRITTEN, gzip_page

    pages = FIXTURES / "rm_real" / "pages"
    gz = sorted(pages.glob("*.html.gz"))
    assert len(gz) == len(list(pages.glob("*.json"))) == 56
    assert all(gzip_page(gzip.decompress(p.read_bytes())) == p.read_bytes() for p in gz)
    for fx in load_dir(pages):
        assert set(fx.pinned) <= WRITTEN, fx.name


def test_datadir_recipe_names_both_folders():
    doc = ast.get_docstring(ast.parse((GENERATORS / "datadir_versions.py").read_text(encoding="utf-8"))) or ""
    for folder in NOT_IN_THE_FORMAT:
        assert f"tests/fixtures/{folder}/" in doc and (FIXTURES / folder / "articles").is_dir()


def test_every_generator_is_checked_and_documented():
    """Each generator says what it builds and the command that regenerates it, and is checked above."""
    mods = sorted(p.stem for p in GENERATORS.glob("*.py") if p.stem != "__init__")
    assert mods == sorted({**REGENERATED, **NOT_REGENERATED})
    for m in mods:
        doc = ast.get_docstring(ast.parse((GENERATORS / f"{m}.py").read_text(encoding="utf-8"))) or ""
        assert f"tests/generators/{m}.py" in doc, f"{m}: its docstring must give the command that runs it"


@pytest.mark.parametrize("module", sorted(REGENERATED))
def test_no_generator_reads_the_column_list(module):
    """A generator writes the fields it sets, never "every column": so a new column cannot change its output."""
    tree = ast.parse((GENERATORS / f"{module}.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m and m.startswith("rs_scraper")}, imported


def _fixture_folders() -> list[Path]:
    folders = {j.parent for j in FIXTURES.rglob("*.json")}
    return sorted(
        f for f in folders if f.relative_to(FIXTURES).parts[0] not in NOT_IN_THE_FORMAT and f != FIXTURES / "rm_real"
    )  # rm_real/manifest.json: the red team's index of its pages


@pytest.mark.parametrize("folder", _fixture_folders(), ids=lambda f: str(f.relative_to(FIXTURES)))
def test_every_fixture_is_an_input_beside_its_json(folder):
    """One format: each <name>.json has exactly one input <name>.html / .html.gz / .txt, and no input is alone."""
    fixtures = load_dir(folder)
    assert fixtures
    inputs = {p.name for p in folder.iterdir() if p.name.endswith(INPUT_SUFFIXES)}
    assert inputs == {fx.input_path.name for fx in fixtures}
    for fx in fixtures:
        assert isinstance(fx.spec, dict) and (fx.pinned or not fx.is_article), fx.name
        assert not any(k.endswith("expected") or k == "input" for k in fx.spec), fx.name  # the old wrappers
        json.dumps(fx.spec)
