"""Every ``rs-scraper`` subcommand, given a missing or corrupt data dir, a bad date or a bad URL, answers with
one line on stderr and a non-zero exit, never a traceback.

The cases are derived from the commands' own argparse definitions, so a command a colleague adds later is
covered as soon as it exists: an option whose name says data dir, date (since/until) or URL gets the
matching hostile value. Nothing here may leave loopback: a command that could crawl is pointed at a closed
loopback port, and one we cannot point anywhere safe is skipped.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from rs_scraper.cli import build_parser
from tests.kit.runs import rs_cli

OFFLINE_BASE = "http://127.0.0.1:9"  # the discard port: nothing listens, nothing leaves the machine
WRITES_DATA_DIR = {"demo", "crawl"}  # a missing data dir is where these create one, not an error
# Extra arguments that keep a command short and local (never the fixed demo port, never serve forever).
SAFE_EXTRAS = {"demo": ["--port", "0", "--articles", "3"], "mirror": ["--port", "0", "--articles", "2"]}
BAD_DATE, BAD_URL = "2024-13-45", "not a url"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]


def _flag(action: argparse.Action) -> str | None:
    longs = [s for s in action.option_strings if s.startswith("--")]
    return longs[0] if longs else None


def _kind(action: argparse.Action) -> str | None:
    dest = action.dest.lower()
    if "data_dir" in dest:
        return "data_dir"
    if dest in ("since", "until") or "date" in dest:
        return "date"
    if "url" in dest and not dest.endswith("urls_file"):
        return "url"
    return None


def _cases() -> list:
    cases = []
    for name, parser in _subcommands().items():
        kinds = {_kind(a) for a in _options(parser)}
        if "data_dir" in kinds:
            if name not in WRITES_DATA_DIR:
                cases.append((name, "missing_data_dir"))
                cases.append((name, "corrupt_data_dir"))  # a crawl quarantines it instead: test below
        if "date" in kinds:
            cases.append((name, "bad_date"))
        if "url" in kinds:
            cases.append((name, "bad_url"))
    return [pytest.param(n, c, id=f"{n}-{c}") for n, c in cases]


def _corrupt_data_dir(root: Path) -> Path:
    data = root / "corrupt"
    (data / "articles" / "year=2024").mkdir(parents=True, exist_ok=True)
    (data / "articles" / "year=2024" / "part-x-00000.parquet").write_bytes(b"PAR1 not really parquet")
    (data / "runs").mkdir(exist_ok=True)
    (data / "runs" / "x.json").write_text("{")
    return data


def _filler(action: argparse.Action, tmp: Path) -> str:
    """A harmless value for a required positional, so that only the case under test is wrong."""
    dest = action.dest.lower()
    if "out" in dest:
        return str(tmp / "out.csv")
    page = tmp / "page.html"
    page.write_bytes(_article_page())  # a real article page: only the case under test is wrong
    return str(page)


def _article_page() -> bytes:
    from rs_scraper.mirror import MirrorSite

    site = MirrorSite(articles=1, seed=1)
    base = "http://127.0.0.1:8000"
    path = site.expected_rows(base)[0]["url"][len(base) :]
    status, _, body = site.render(path, base)
    assert status == 200
    return body


def _argv(name: str, case: str, tmp: Path) -> list[str] | None:
    parser = _subcommands()[name]
    argv: list[str] = [name, *SAFE_EXTRAS.get(name, [])]
    data_dir_given = False
    if name == "mirror":
        argv += ["--save", str(tmp / "saved")]  # write and exit; never serve forever
    for action in _options(parser):
        kind, flag = _kind(action), _flag(action)
        if not action.option_strings:  # positional
            if kind == "data_dir" and not data_dir_given:
                data_dir_given = True
                value = (
                    str(tmp / "missing")
                    if case == "missing_data_dir"
                    else (str(_corrupt_data_dir(tmp)) if case == "corrupt_data_dir" else str(tmp))
                )
                argv.append(value)
            elif action.nargs not in ("?", "*"):
                argv.append(_filler(action, tmp))
            continue
        if kind == "data_dir" and case in ("missing_data_dir", "corrupt_data_dir") and flag and not data_dir_given:
            data_dir_given = True
            argv += [flag, str(tmp / "missing") if case == "missing_data_dir" else str(_corrupt_data_dir(tmp))]
        elif kind == "date" and case == "bad_date" and flag:
            argv += [flag, BAD_DATE]
        elif kind == "url" and flag:
            if case == "bad_url":
                argv += [flag, BAD_URL]
            elif "base" in action.dest:
                argv += [flag, OFFLINE_BASE]
    flags = {s for a in _options(parser) for s in a.option_strings}
    summary = (parser.description or "").strip().splitlines()[:1]  # the first line says what the command does
    crawls = name in WRITES_DATA_DIR or "crawl" in " ".join(summary).lower()
    if crawls and name != "demo" and "--base-url" not in flags:  # demo crawls its own loopback mirror
        if "-s" in flags or "--set" in flags:
            argv += ["-s", f"RS_BASE_URL={OFFLINE_BASE}"]
        else:
            return None  # no way to keep it on loopback: do not run it
    return argv


def test_every_existing_command_is_covered():
    names = set(_subcommands())
    assert {"verify", "export"} <= names
    covered = {case.values[0] for case in _cases()}
    assert {"verify", "export"} <= covered


@pytest.mark.parametrize(("name", "case"), _cases())
def test_one_line_error_never_a_traceback(name, case, tmp_path):
    argv = _argv(name, case, tmp_path)
    assert argv is not None, f"{name} cannot be pointed at loopback from its options: give it a --base-url/--port"
    result = rs_cli(*argv, timeout=120, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    assert result.returncode != 0, f"rs-scraper {' '.join(argv)} accepted it:\n{output[-1000:]}"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-3000:]
    assert lines[0].startswith(f"rs-scraper {name}"), lines[0]


@pytest.mark.parametrize("name", sorted(WRITES_DATA_DIR))
def test_a_corrupt_data_dir_never_blocks_a_crawl_it_is_quarantined(name, tmp_path):
    """A crawl (or demo) moves an unreadable file to quarantine/ with one warning line and goes on (issue 10.5):
    nothing deleted, no traceback. Pointed at a closed loopback port, the crawl then fails in one line."""
    argv = _argv(name, "corrupt_data_dir", tmp_path) + (["--quiet"] if name == "crawl" else [])
    data = tmp_path / "corrupt"
    result = rs_cli(*argv, timeout=120, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    moved = list((data / "quarantine").rglob("part-x-00000.parquet"))
    assert len(moved) == 1 and moved[0].read_bytes() == b"PAR1 not really parquet"
    ours = [line for line in result.stderr.splitlines() if line.startswith(("warning:", "rs-scraper"))]
    assert ours[0].startswith("warning: articles/year=2024/part-x-00000.parquet cannot be read"), ours
    if name == "crawl":  # nothing listens on the discard port
        assert result.returncode == 1 and len(ours) == 2 and "cannot connect to 127.0.0.1:9" in ours[1], ours
    else:
        assert result.returncode == 0, output[-2000:]
