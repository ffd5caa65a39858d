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
import json
import os
import re
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rs_scraper.cli import CommandError, UsageError
from rs_scraper.runinfo import MANIFEST_ERROR_KEY, STORAGE_ERROR_KEY

EXIT_LOCKED = 75

_SETTING = re.compile(r"^[A-Z][A-Z0-9_]*$")
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


def add_parser(sub) -> None:
    p = sub.add_parser("crawl", help="incremental crawl into DATA_DIR (the cron entry point)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--since", help="only articles modified/published on or after this date (YYYY-MM-DD or ISO)")
    p.add_argument("--until", help="only articles published on or before this date (whole day included)")
    p.add_argument("--sections", help="comma-separated sections to keep, e.g. 'Middle East,Asia-Pacific'")
    p.add_argument("--limit", type=int, help="fetch at most this many article pages")
    p.add_argument("--data-dir", help="dataset directory (default: the RS_DATA_DIR setting, 'data')")
    p.add_argument("--base-url", help="site root (default: the RS_BASE_URL setting)")
    p.add_argument("--log-file", help="append the Scrapy log here instead of stderr; '{run_id}' in the path "
                                      "gives one file per run (e.g. data/logs/{run_id}.log)")
    p.add_argument("--log-level", default="INFO", type=_level, metavar="LEVEL",
                   help=f"{', '.join(LOG_LEVELS)} (default: INFO)")
    p.add_argument("-s", "--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                   help="any Scrapy or RS_ setting, repeatable (e.g. -s DOWNLOAD_DELAY=2)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no summary line on success (cron mails any output); failures still go to stderr")
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


def check_data_dir(path: Path) -> None:
    """Create it if needed and prove we can write in it and in the directories a crawl writes (os.access lies
    for root and on read-only mounts). Probes are created with O_EXCL | O_NOFOLLOW under unique names: a planted
    ``.write-probe-*`` symlink is never followed (nor truncated)."""
    from rs_scraper import fortress

    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"data dir {path} is not writable: {fortress.cause(exc)}") from None
    for sub in (".", "runs", fortress.TMP_DIR):
        try:
            fd = fortress.open_dir(path, sub)
        except OSError as exc:
            raise UsageError(f"data dir {path} cannot be used: {fortress.cause(exc)}") from None
        name = f".write-probe-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=fd))
            os.unlink(name, dir_fd=fd)
        except OSError as exc:
            where = path if sub == "." else path / sub
            raise UsageError(f"data dir {where} is not writable: {fortress.cause(exc)}") from None
        finally:
            os.close(fd)


def check_values(overrides: dict[str, Any], defaults) -> None:
    """A -s value must parse as the type of the setting's default, caught here rather than as a traceback
    from inside Scrapy once the reactor runs."""
    from rs_scraper.runner import project_settings

    settings = project_settings(overrides)
    getters = ((bool, settings.getbool), (int, settings.getint), (float, settings.getfloat),
               (dict, settings.getdict), (list, settings.getlist))
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


def check_dataset(data_dir: Path) -> None:
    """Unreadable or foreign Parquet files would raise inside Scrapy (a traceback, mid-start): refuse first.
    Footers only, so this stays cheap on a large dataset. Files of an older schema version are fine (the crawl
    adds the new columns); a type change waits for ``rs-scraper migrate``."""
    from rs_scraper.verify import preflight

    problems = [str(p) for p in preflight(data_dir)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise UsageError(f"data dir {data_dir} cannot be used: {problems[0]}{more}; see rs-scraper verify")


# ------------------------------------------------------------------------------------------------- run
def run(args: argparse.Namespace) -> int:
    from rs_scraper.locking import CrawlLock, Locked, lock_path
    from rs_scraper.runinfo import new_run_id

    from rs_scraper.runinfo import check_run_id

    run_id = next((v.split("=", 1)[1] for v in args.settings if v.startswith("RS_RUN_ID=")), None) or new_run_id()
    try:
        check_run_id(run_id)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    overrides, data_dir, log_file = build_overrides(args, run_id)
    if (data_dir / "runs" / f"{run_id}.json").exists():
        raise UsageError(f"run {run_id} already exists in {data_dir / 'runs'}: pick another RS_RUN_ID")
    check_data_dir(data_dir)
    check_dataset(data_dir)
    from rs_scraper import fortress

    ceiling = project_settings_of(overrides).getfloat("CLOSESPIDER_TIMEOUT", 0)
    try:
        lock = CrawlLock(lock_path(data_dir), ceiling=ceiling).acquire()
    except Locked as exc:
        raise CommandError(str(exc), code=EXIT_LOCKED) from None
    except OSError as exc:  # a planted lock link, disk full writing our pid, a read-only mount ...
        raise CommandError(f"cannot take the lock: {fortress.cause(exc)}") from None
    quiet_logging_errors()
    try:
        from pipelines.storage import sweep_partial_files
        from rs_scraper.runner import run_spider

        swept = sweep_partial_files(data_dir)  # we hold the lock: any _tmp- file is a dead writer's leftover
        if swept and not args.quiet:
            print(f"removed {len(swept)} partial file(s) left by an interrupted run", file=sys.stderr)
        stats = run_spider(overrides, since=args.since, until=args.until, sections=args.sections,
                           limit=args.limit)
    except OSError as exc:
        raise CommandError(fortress.cause(exc)) from None
    finally:
        lock.release()
    return report(stats, data_dir, log_file, quiet=args.quiet)


def project_settings_of(overrides: dict[str, Any]):
    from rs_scraper.runner import project_settings

    return project_settings(overrides)


def quiet_logging_errors() -> None:
    """A log handler that cannot write (disk full under --log-file) must not print ``--- Logging error ---``
    and a traceback per record (thousands of lines to cron's mail): the storage error itself is reported once,
    in the summary line."""
    import logging

    logging.raiseExceptions = False


def report(stats: dict, data_dir: Path, log_file: Path | None, quiet: bool = False) -> int:
    """Print the outcome (summary on stdout, every failed monitor on stderr) and return the exit code."""
    from rs_scraper.extensions.monitors import EXIT_CEILING, RESULTS_KEY, exit_code

    run_id = stats.get("rs/run_id")
    manifest_path = data_dir / "runs" / f"{run_id}.json"
    where = f"; log {log_file}" if log_file else ""
    trouble = stats.get(STORAGE_ERROR_KEY) or stats.get(MANIFEST_ERROR_KEY)
    if trouble:  # the machine, not the site: say so first, in plain words
        print(f"rs-scraper crawl: error: {trouble} (run {run_id} stopped; what was stored before is intact; "
              f"the next run fetches the rest){where}", file=sys.stderr)
        return 1
    if stats.get("finish_reason") == "closespider_timeout":
        print(f"rs-scraper crawl: run {run_id} stopped at its wall-clock ceiling (CLOSESPIDER_TIMEOUT): "
              f"stored new {stats.get('rs/outcome/written_new', 0)}, updated "
              f"{stats.get('rs/outcome/written_updated', 0)}; the next run goes on from there "
              f"(manifest {manifest_path}{where})", file=sys.stderr)
        return EXIT_CEILING
    monitors = stats.get(RESULTS_KEY)
    if monitors is None and manifest_path.exists():
        monitors = json.loads(manifest_path.read_text(encoding="utf-8")).get("monitors")
    code = exit_code(monitors)
    if code == 0:
        if not quiet:
            print(f"run {run_id} ok: discovered {stats.get('rs/discovered', 0)}, "
                  f"fetched {stats.get('rs/fetched', 0)}, new {stats.get('rs/outcome/written_new', 0)}, "
                  f"updated {stats.get('rs/outcome/written_updated', 0)}; manifest {manifest_path}{where}")
        return 0
    if not monitors:
        print(f"rs-scraper crawl: error: run {run_id} did not complete (finish reason "
              f"{stats.get('finish_reason')!r}); no monitor result{where}", file=sys.stderr)
        return 1
    failed = [m for m in monitors if not m.get("passed")]
    print(f"rs-scraper crawl: run {run_id} FAILED: {', '.join(m['name'] for m in failed)} "
          f"(manifest {manifest_path}{where})", file=sys.stderr)
    for m in failed:
        print(f"rs-scraper crawl: monitor {m['name']} failed: {m['message']}", file=sys.stderr)
    return code
