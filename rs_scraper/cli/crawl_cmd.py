"""``rs-scraper crawl``: the cron entry point of scheduled crawls (also fine by hand).

Incremental by default: what the data directory already holds (articles/ fetched_at, runs/ manifests) decides
what is fetched, so a run after an unchanged night fetches no article page. One crawl per data directory at a
time (rs_scraper.locking). The exit code says how it went:

    0   ok: the crawl finished and every monitor passed
    1   the crawl ran but a monitor failed (markup drift, coverage, error rate, ...) or it did not finish
    2   usage or configuration error (bad date, bad -s, unwritable data dir): one line, nothing crawled
    3   the run reached its wall-clock ceiling (CLOSESPIDER_TIMEOUT): stopped, stored what it had
    75  another crawl holds the lock of this data directory (EX_TEMPFAIL: try again later)

Everything is validated before the Twisted reactor starts.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from rs_scraper import statkeys as sk
from rs_scraper.cli import CommandError, UsageError

_SETTING = re.compile(r"^[A-Z][A-Z0-9_]*$")
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


def add_parser(sub) -> None:
    p = sub.add_parser(
        "crawl",
        help="incremental crawl into DATA_DIR (the cron entry point)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--since", help="only articles modified/published on or after this date (YYYY-MM-DD or ISO)")
    p.add_argument("--until", help="only articles published on or before this date (whole day included)")
    p.add_argument("--sections", help="comma-separated sections to keep, e.g. 'Middle East,Asia-Pacific'")
    p.add_argument("--limit", type=int, help="fetch at most this many article pages")
    p.add_argument("--data-dir", help="dataset directory (default: the RS_DATA_DIR setting, 'data')")
    p.add_argument("--base-url", help="site root (default: the RS_BASE_URL setting)")
    p.add_argument(
        "--log-file",
        help="append the Scrapy log here instead of stderr; '{run_id}' in the path "
        "gives one file per run (e.g. data/logs/{run_id}.log)",
    )
    p.add_argument(
        "--log-level", default="INFO", type=_level, metavar="LEVEL", help=f"{', '.join(LOG_LEVELS)} (default: INFO)"
    )
    p.add_argument(
        "-s",
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any Scrapy or RS_ setting, repeatable (e.g. -s DOWNLOAD_DELAY=2)",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no summary line on success (cron mails any output); failures still go to stderr",
    )
    p.set_defaults(func=run)


# --------------------------------------------------------------------------------------------- validation
def _level(value: str) -> str:
    from rs_scraper.validation import log_level

    try:
        return log_level(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def checked_path(value: str, what: str) -> Path:
    from rs_scraper.validation import path

    try:
        return path(value, what)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def parse_settings(pairs: list[str]) -> dict[str, str]:
    settings: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not _SETTING.match(name):
            raise UsageError(f"bad setting {pair!r}: expected NAME=VALUE with an upper-case NAME")
        settings[name] = value
    return settings


def check_dates(since: str | None, until: str | None) -> None:
    from rs_scraper.timeutil import parse_date_arg

    try:
        start = parse_date_arg(since) if since else None
        end = parse_date_arg(until, end_of_day=True) if until else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if start and end and start > end:
        raise UsageError(f"--since {since} is after --until {until}")


def check_base_url(url: str) -> str:
    from rs_scraper.urls import check_http_url

    try:
        return check_http_url(url, "base URL").rstrip("/")
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def check_values(overrides: dict[str, Any], defaults) -> None:
    """A -s value must parse as the type of the setting's default, caught here rather than as a traceback
    from inside Scrapy once the reactor runs."""
    from rs_scraper.runner import project_settings

    settings = project_settings(overrides)
    getters = (
        (bool, settings.getbool),
        (int, settings.getint),
        (float, settings.getfloat),
        (dict, settings.getdict),
        (list, settings.getlist),
    )
    for name, value in overrides.items():
        default = defaults.get(name)
        for kind, getter in getters:  # bool before int: bool is an int subclass
            if isinstance(default, kind):
                try:
                    getter(name)
                except (TypeError, ValueError):
                    raise UsageError(f"bad value for {name}: {value!r} (expected {kind.__name__})") from None
                break


def build_overrides(args: argparse.Namespace, run_id: str) -> tuple[dict[str, Any], Path, Path | None]:
    overrides: dict[str, Any] = parse_settings(args.settings)
    from rs_scraper.runner import project_settings

    defaults = project_settings()
    given = args.data_dir if args.data_dir is not None else overrides.get("RS_DATA_DIR", defaults.get("RS_DATA_DIR"))
    data_dir = checked_path(given, "--data-dir")
    base_url = check_base_url(args.base_url or overrides.get("RS_BASE_URL") or defaults.get("RS_BASE_URL"))
    if args.limit is not None and args.limit < 0:
        raise UsageError(f"--limit must be >= 0, got {args.limit}")
    check_dates(args.since, args.until)
    overrides.update(RS_DATA_DIR=str(data_dir), RS_BASE_URL=base_url, RS_RUN_ID=run_id)
    overrides.setdefault("LOG_LEVEL", args.log_level)
    log_file = None
    if args.log_file is not None:
        log_file = checked_path(args.log_file.replace("{run_id}", run_id), "--log-file")
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            with open(log_file, "a", encoding="utf-8"):
                pass
        except OSError as exc:
            raise UsageError(f"log file {log_file} is not writable: {exc.strerror or exc}") from None
        overrides["LOG_FILE"] = str(log_file)
    check_values(overrides, defaults)
    from rs_scraper.validation import check_settings

    try:
        check_settings(project_settings(overrides))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return overrides, data_dir, log_file


# ------------------------------------------------------------------------------------------------- run
def run(args: argparse.Namespace) -> int:
    from rs_scraper import fortress
    from rs_scraper.runinfo import check_run_id, new_run_id
    from rs_scraper.runner import project_settings, run_spider
    from rs_scraper.session import CrawlSession, SessionError

    run_id = next((v.split("=", 1)[1] for v in args.settings if v.startswith("RS_RUN_ID=")), None) or new_run_id()
    try:
        check_run_id(run_id)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    overrides, data_dir, log_file = build_overrides(args, run_id)
    if args.quiet:
        overrides["RS_PROGRESS_BAR"] = False  # a good night prints nothing: no bar,
        if log_file is None:
            overrides["LOG_LEVEL"] = "CRITICAL"  # and no Scrapy log on stderr
    if (data_dir / "runs" / f"{run_id}.json").exists():
        raise UsageError(f"run {run_id} already exists in {data_dir / 'runs'}: pick another RS_RUN_ID")
    spider_args = {
        k: v
        for k, v in (("since", args.since), ("until", args.until), ("sections", args.sections), ("limit", args.limit))
        if v is not None
    }
    session = CrawlSession(project_settings(overrides), spider_args)
    try:
        session.check().open()
    except SessionError as exc:
        raise CommandError(str(exc), code=exc.code) from None
    try:
        session.print_notes("", quiet=args.quiet)
        stats = run_spider({**overrides, **session.prepared()}, **spider_args)
    except OSError as exc:
        raise CommandError(fortress.cause(exc)) from None
    finally:
        session.close()
    return report(stats, data_dir, log_file, quiet=args.quiet)


def report(stats: dict, data_dir: Path, log_file: Path | None, quiet: bool = False) -> int:
    """Print the verdict (rs_scraper.session.outcome) and return its exit code: on a good run one summary line
    on stdout (none with --quiet); otherwise one line on stderr, --quiet or not."""
    from rs_scraper.session import outcome

    run_id = stats.get(sk.RUN_ID)
    manifest_path = data_dir / "runs" / f"{run_id}.json"
    # a crawl that never started wrote no manifest: name only what is there
    where = (f"; manifest {manifest_path}" if manifest_path.exists() else "") + (
        f"; log {log_file}" if log_file else ""
    )
    code, status, line = outcome(stats)
    if status == "ok":
        if not quiet:
            print(f"run {run_id} ok: {counts_line(stats)}{where}")
        return code
    print(f"rs-scraper crawl: run {run_id} {line}{where}", file=sys.stderr)
    return code


def counts_line(stats: dict) -> str:
    return (
        f"discovered {stats.get(sk.DISCOVERED, 0)}, fetched {stats.get(sk.FETCHED, 0)}, "
        f"not modified {stats.get(sk.REVALIDATED_NOT_MODIFIED, 0)}, "
        f"new {stats.get(sk.OUTCOME_WRITTEN_NEW, 0)}, updated {stats.get(sk.OUTCOME_WRITTEN_UPDATED, 0)}"
    )
