"""Every stat key is named once, in rs_scraper/statkeys.py, with its meaning; code uses the names, never a
``"rs/..."`` literal, and the names themselves (what the manifest, the monitors and admins read) stay as they were."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from rs_scraper import statkeys as sk

ROOT = Path(__file__).resolve().parents[1]
MODULE = ROOT / "rs_scraper" / "statkeys.py"


def literal_keys(path: Path) -> list[str]:
    """The ``"rs/..."`` strings and f-strings of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.JoinedStr)
            and node.values
            and isinstance(node.values[0], ast.Constant)
            and str(node.values[0].value).startswith("rs/")
        ):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("rs/")
            and id(node) not in docstrings
            and id(node) not in parts
        ):
            found.append(f"{node.lineno}: {node.value!r}")
    return found


def test_no_stat_key_literal_outside_statkeys():
    found = []
    for folder in ("rs_scraper", "pipelines"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path != MODULE:
                found += [f"{path.relative_to(ROOT)}:{where}" for where in literal_keys(path)]
    assert found == [], "use rs_scraper.statkeys:\n" + "\n".join(found)


def test_the_scan_sees_a_literal_and_an_fstring(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        '"""rs/ in a docstring is prose."""\nA = "rs/x"\nB = f"rs/y/{A}"\nC = "not/rs/"\n', encoding="utf-8"
    )
    assert literal_keys(probe) == ["2: 'rs/x'", "3: f'rs/y/{A}'"]


def test_every_key_is_unique_under_rs_and_says_what_it_means():
    source = MODULE.read_text(encoding="utf-8").splitlines()
    values: dict[str, str] = {}
    for name, value in vars(sk).items():
        if not (name.isupper() and isinstance(value, str)):
            continue
        assert value.startswith(sk.PREFIX), name
        assert value not in values, f"{name} and {values.get(value)} are one key"
        values[value] = name
        line = next(line for line in source if line.startswith(f"{name} = "))
        assert name.endswith("PREFIX") or "  # " in line, f"{name} has no one-line meaning"
    functions = [f for n, f in vars(sk).items() if inspect.isfunction(f) and f.__module__ == sk.__name__]
    assert len(functions) > 20
    for function in functions:
        assert (function.__doc__ or "").strip(), f"{function.__name__} has no meaning"
        assert function("x").startswith(sk.PREFIX)


def test_the_names_are_the_ones_monitors_and_tests_read():
    assert sk.DROPPED_NOT_ARTICLE == "rs/dropped/not_article"
    assert sk.dropped_not_article("listing") == "rs/dropped/not_article/listing"
    assert sk.failed("parse_error") == sk.FAILED_PARSE_ERROR == "rs/failed/parse_error"
    assert sk.outcome_failed("parse_error") == sk.OUTCOME_FAILED_PARSE_ERROR
    assert sk.outcome("skipped") + "/" == sk.outcome_prefix("skipped") == sk.OUTCOME_SKIPPED_PREFIX
    assert sk.outcome_written("new") == sk.OUTCOME_WRITTEN_NEW and sk.written("new") == "rs/written/new"
    assert sk.skipped_sitemap("unchanged") == sk.SKIPPED_SITEMAP_UNCHANGED == sk.skipped("sitemap_unchanged")
    assert sk.retry_http(503) == "rs/retry/http_503" == sk.retry("http_503")
    assert sk.upgraded_files("articles") == "rs/upgraded/articles_files"
    assert sk.compacted_files("revisions") == "rs/compacted/revisions_files"
    assert sk.robots_status(404) == "rs/robots/status/404"
    assert sk.INCOMPLETE_DISCOVERY == "rs/discovery/incomplete"
