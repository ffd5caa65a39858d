"""The ``rs-scraper`` command. Each subcommand lives in its own module of this package and exposes
``add_parser(subparsers)`` (registering itself, with ``func=run``) and ``run(args) -> int`` (the exit code).

Exit codes shared by all commands: 0 ok; 1 the job ran but a check failed; 2 usage or configuration error;
75 another crawl holds the lock. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from typing import NoReturn

# Order is the order shown in --help.
COMMANDS = [
    "demo",
    "crawl",
    "mirror",
    "extract",
    "clean",
    "runs",
    "verify",
    "export",
    "migrate",
    "reparse",
    "prune-warc",
]


class UsageError(Exception):
    """A bad argument or configuration: reported as one line, exit 2."""


class CommandError(Exception):
    """A command that cannot go on (missing or corrupt input): one line, exit 1 unless ``code`` says otherwise."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def read_input(path: str) -> bytes:
    """The bytes of a command's input file, or of stdin for '-'; a missing or unreadable file is a UsageError."""
    if path == "-":
        return sys.stdin.buffer.read()
    from pathlib import Path

    p = Path(path)
    if not p.is_file():
        raise UsageError(f"no such file: {path}")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


EXIT_LOCKED = 75  # EX_TEMPFAIL: another crawl holds the data dir; try again later


@contextlib.contextmanager
def locked(data_dir):
    """Hold the data dir's crawl lock for a command that writes it (``with locked(d): ...``): exit 75 in one line
    while a crawl holds it, a UsageError when the lock cannot be taken at all."""
    from rs_scraper.locking import CrawlLock, Locked, lock_path

    try:
        lock = CrawlLock(lock_path(data_dir)).acquire()
    except Locked as exc:
        raise CommandError(str(exc), code=EXIT_LOCKED) from None
    except OSError as exc:
        raise UsageError(f"cannot lock {data_dir}: {exc.strerror or exc}") from None
    try:
        yield lock
    finally:
        lock.release()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like every other usage error
        self.exit(2, f"rs-scraper: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rs-scraper", description="Crawl and clean Responsible Statecraft into Parquet.")
    from rs_scraper import __version__

    parser.add_argument("--version", action="version", version=f"rs-scraper {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"rs_scraper.cli.{name.replace('-', '_')}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name == f"rs_scraper.cli.{name.replace('-', '_')}_cmd":
                continue  # command not built yet
            raise
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Installed anywhere, run from anywhere: Scrapy must find our settings without scrapy.cfg in the cwd.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "rs_scraper.settings")
    try:  # Ctrl-C while the command modules are still being imported: one line too
        parser = build_parser()
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        print("rs-scraper: interrupted", file=sys.stderr)
        return 130
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"rs-scraper {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"rs-scraper {args.command}: error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print(f"rs-scraper {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # python -m rs_scraper.cli
    sys.exit(main())
