"""Arguments and settings checked up front, so that a bad value is one line before anything runs, never a
traceback from inside Scrapy once the reactor started (nor a silent surprise such as a negative timeout).

Used by ``rs-scraper crawl`` / ``demo`` / ``mirror`` and by the project's ``scrapy crawl`` command
(rs_scraper.commands). Every check raises ``ValueError`` with a message naming the value and what is expected;
the callers turn it into their usage error (exit 2).

The rules are data (``RULES``): one line per setting, so adding a setting's bounds is one line.

What the crawl is asked to do is checked here too (``parse_spider_args``, ``read_urls_file``,
``check_setting_names``, ``check_sections``): unknown ``-a`` names, bad dates or limits, a ``urls`` file with
junk lines (their line numbers), a misspelt ``RS_*`` name (which Scrapy would ignore without a word), a section
that is neither known (RS_KNOWN_SECTIONS) nor stored.
"""

from __future__ import annotations

import difflib
import json
import math
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rs_scraper.memory import MAX_MMAP_THRESHOLD
from rs_scraper.timeutil import parse_date_arg

LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
NAME_MAX = 255  # bytes in one path component (Linux)
# Room we keep under PATH_MAX for what we add below a data dir ("revisions/year=2024/rev-<run id>-00000.parquet",
# ".snapshots/<id>/...", ".tmp/<uuid>-<name>"): a data dir longer than PATH_MAX minus this fails on a later write.
PATH_ROOM = 400
PATH_MAX = os.pathconf("/", "PC_PATH_MAX") if hasattr(os, "pathconf") else 4096


# ---------------------------------------------------------------------------------------------- values
def arg(check: Callable[..., Any], what: str) -> Callable[[str], Any]:
    """``check`` as an argparse ``type=`` (its ValueError becomes argparse's one-line usage error, exit 2)."""
    import argparse

    def convert(text: str) -> Any:
        try:
            return check(text, what)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = what.lstrip("-").replace("-", "_")
    return convert


def port(value: Any, what: str = "--port") -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a port number (0-65535), not {value!r}") from None
    if not 0 <= number <= 65535:
        raise ValueError(f"{what} must be between 0 and 65535, not {number}")
    return number


def log_level(value: Any, what: str = "--log-level") -> str:
    level = str(value).strip().upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"{what} must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
    return level


def path(value: Any, what: str) -> Path:
    """A user's path: not empty, ``~`` expanded (cron quotes it literally), each component at most 255 bytes and
    the whole short enough for what we write below it."""
    text = "" if value is None else str(value)
    if not text.strip():
        raise ValueError(f"{what} is empty: give a directory or file path")
    if "\0" in text:
        raise ValueError(f"{what} contains a NUL byte")
    if text.startswith("~"):
        expanded = os.path.expanduser(text)
        if expanded.startswith("~"):
            raise ValueError(f"{what} {text!r}: cannot expand {text.split('/')[0]!r} (no such user)")
        text = expanded
    for part in Path(text).parts:
        if len(os.fsencode(part)) > NAME_MAX:
            raise ValueError(
                f"{what} has a component of {len(os.fsencode(part))} bytes (at most {NAME_MAX}): {part[:40]}..."
            )
    absolute = os.path.abspath(text)
    if len(os.fsencode(absolute)) > PATH_MAX - PATH_ROOM:
        raise ValueError(
            f"{what} is {len(os.fsencode(absolute))} bytes long: at most {PATH_MAX - PATH_ROOM}, to "
            "leave room for the files written below it"
        )
    return Path(text)


def _number(settings, name: str, kind: type) -> float:
    raw = settings.get(name)
    wrong = ValueError(f"{name} must be a {'number' if kind is float else 'whole number'}, not {raw!r}")
    if isinstance(raw, bool):
        raise wrong
    try:
        if kind is float:
            value: float = float(raw)
        elif isinstance(raw, int) or isinstance(raw, float) and raw.is_integer():
            value = int(raw)
        else:
            value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise wrong from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {raw!r}")
    return value


def at_least(minimum: float, kind: type = float) -> Callable[[Any, str], None]:
    def check(settings, name: str) -> None:
        value = _number(settings, name, kind)
        if value < minimum:
            raise ValueError(f"{name} must be >= {minimum:g}, not {settings.get(name)!r}")

    return check


def above(minimum: float) -> Callable[[Any, str], None]:
    def check(settings, name: str) -> None:
        value = _number(settings, name, float)
        if value <= minimum:
            raise ValueError(f"{name} must be > {minimum:g}, not {settings.get(name)!r}")

    return check


def between(low: int, high: int) -> Callable[[Any, str], None]:
    def check(settings, name: str) -> None:
        value = _number(settings, name, int)
        if not low <= value <= high:
            raise ValueError(f"{name} must be between {low} and {high}, not {settings.get(name)!r}")

    return check


def share(settings, name: str) -> None:
    value = _number(settings, name, float)
    if not 0 <= value <= 1:
        raise ValueError(f"{name} must be a share between 0 and 1 (0.1 = 10 %), not {settings.get(name)!r}")


def coverage(settings, name: str) -> None:
    from rs_scraper.schema import ARTICLE_SCHEMA

    try:
        value = settings.getdict(name)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a JSON object of field: share, e.g. '{{\"authors\": 0.95}}', not {settings.get(name)!r}"
        ) from None
    for field, minimum in value.items():
        if field not in ARTICLE_SCHEMA.names:
            raise ValueError(f"{name}: {field!r} is not a column (columns: {', '.join(ARTICLE_SCHEMA.names)})")
        try:
            number = float(minimum)
        except (TypeError, ValueError):
            raise ValueError(f"{name}: the share for {field} must be a number, not {minimum!r}") from None
        if not 0 <= number <= 1:
            raise ValueError(f"{name}: the share for {field} must be between 0 and 1, not {minimum!r}")


def strings(settings, name: str) -> None:
    try:
        value = settings.getlist(name)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a list of names, not {settings.get(name)!r}") from None
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{name} must be a list of non-empty names, not {settings.get(name)!r}")


def import_paths(settings, name: str) -> None:
    """A list of classes by import path (RS_DISCOVERY_SOURCES): each must import, so that a typo is one line at
    the start and not a traceback from inside Scrapy once the crawler is being built."""
    from scrapy.utils.misc import load_object

    strings(settings, name)
    for path in settings.getlist(name):
        try:
            load_object(path)
        except (ImportError, NameError, ValueError) as exc:
            raise ValueError(f"{name}: cannot load {path!r} ({exc}); give import paths, comma-separated") from None


def level(settings, name: str) -> None:
    log_level(settings.get(name), name)


def run_id(settings, name: str) -> None:
    if settings.get(name):
        from rs_scraper.runinfo import check_run_id

        check_run_id(settings.get(name))


def revalidate_schedule(settings, name: str) -> None:
    parse_schedule(settings.get(name))


def parse_schedule(value) -> list[tuple[float, float]]:
    """RS_REVALIDATE_SCHEDULE as [(max age in days, hours between checks), ...], youngest first; ``-s`` gives
    it as JSON (``[[2, 1], [30, 72]]``). ValueError (one line) when it is not such pairs."""
    try:
        pairs = json.loads(value) if isinstance(value, str) else value
        schedule = sorted((float(age), float(hours)) for age, hours in pairs or [])
    except (TypeError, ValueError):
        raise ValueError(f"RS_REVALIDATE_SCHEDULE must be pairs [max age in days, hours], not {value!r}") from None
    if not schedule or any(age < 0 or hours < 0 for age, hours in schedule):
        raise ValueError(f"RS_REVALIDATE_SCHEDULE must be non-empty pairs of non-negative numbers, not {value!r}")
    return schedule


def one_of(*choices: str) -> Callable[[Any, str], None]:
    def check(settings, name: str) -> None:
        if settings.get(name) not in choices:
            names = ", ".join(repr(c) for c in choices)
            raise ValueError(f"{name} must be one of {names}, not {settings.get(name)!r}")

    return check


def data_dir(settings, name: str) -> None:
    path(settings.get(name), name)


RULES: Mapping[str, Callable[[Any, str], None]] = {
    "RS_DATA_DIR": data_dir,
    "RS_RUN_ID": run_id,
    "LOG_LEVEL": level,
    "DOWNLOAD_TIMEOUT": above(0),
    "DOWNLOAD_DELAY": at_least(0),
    "DOWNLOAD_MAXSIZE": at_least(0, int),  # 0: no limit (Scrapy's meaning)
    "DOWNLOAD_WARNSIZE": at_least(0, int),
    "RS_SITEMAP_MAXSIZE": at_least(0, int),
    "CONCURRENT_REQUESTS": at_least(1, int),
    "CONCURRENT_REQUESTS_PER_DOMAIN": at_least(1, int),
    "RETRY_TIMES": at_least(0, int),
    "REDIRECT_MAX_TIMES": at_least(0, int),
    "AUTOTHROTTLE_START_DELAY": at_least(0),
    "AUTOTHROTTLE_MAX_DELAY": at_least(0),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": above(0),
    "CLOSESPIDER_TIMEOUT": at_least(0),
    "RS_RETRY_AFTER_MAX": at_least(0),
    "RS_FEED_MAX_PAGES": at_least(0, int),
    "RS_LISTING_MAX_PAGES": at_least(0, int),
    "RS_DISCOVERY_MAX_REQUESTS": at_least(1, int),
    "RS_SITEMAP_MAX_DEPTH": at_least(1, int),
    "RS_PARQUET_FLUSH_ROWS": at_least(1, int),
    "RS_PARQUET_FILE_ROWS": at_least(1, int),
    "RS_PARSE_WORKERS": at_least(0, int),
    "RS_ARROW_MEMORY_POOL": one_of("system", "mimalloc", "jemalloc", ""),
    "RS_MALLOC_MMAP_THRESHOLD": between(0, MAX_MMAP_THRESHOLD),
    "RS_SPILL_BYTES": at_least(0, int),  # 0: never spill
    "RS_COMPACT_MIN_FILES": at_least(0, int),
    "RS_SNAPSHOT_GRACE_SECONDS": at_least(0),
    "RS_MONITOR_FIELD_COVERAGE": coverage,
    "RS_MONITOR_MAX_FALLBACK_RATE": share,
    "RS_MONITOR_MAX_ERROR_RATE": share,
    "RS_MONITOR_MAX_LOST_SHARE": share,
    "RS_MONITOR_FALLBACK_METHODS": strings,
    "RS_DISCOVERY_SOURCES": import_paths,
    "RS_MONITOR_TOLERATED_ROWS": at_least(0, int),
    "RS_MONITOR_DRIFT_MIN_PAGES": at_least(1, int),
    "RS_FAILURES_TOLERATED": at_least(0, int),
    "RS_REVALIDATE_SCHEDULE": revalidate_schedule,
    "RS_PROGRESS_INTERVAL": at_least(0),
    "RS_VERDICT_MIN_PAGES": at_least(0, int),
    "RS_WARC_MAX_BYTES": at_least(1, int),
    "RS_WARC_COMPRESSION_LEVEL": between(1, 9),
    "RS_VERDICT_RECHECK_DAYS": at_least(0),
    "RS_VERDICT_RECHECK_MAX_DAYS": at_least(0),
}


def check_settings(settings) -> None:
    """Raise ValueError (one line) for the first setting outside its rule; settings absent are skipped."""
    for name, rule in RULES.items():
        if settings.get(name) is None:
            continue
        rule(settings, name)


# ------------------------------------------------------------------------------------ what the crawl is asked
SPIDER_ARGUMENTS = ("since", "until", "sections", "limit", "urls")
RESTRICTING_ARGUMENTS = SPIDER_ARGUMENTS  # any of them makes a run partial: it never counts as clean


@dataclass(frozen=True)
class SpiderArgs:
    since: datetime | None = None
    until: datetime | None = None
    sections: tuple[str, ...] | None = None
    limit: int | None = None
    urls_file: Path | None = None


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def parse_spider_args(values: Mapping[str, Any]) -> SpiderArgs:
    """The spider's arguments, checked. Unknown names are refused (Scrapy would set them as attributes and
    the run would silently do something else than asked)."""
    unknown = [k for k in values if k not in SPIDER_ARGUMENTS]
    if unknown:
        raise ValueError(
            f"unknown spider argument {unknown[0]!r}{_suggest(unknown[0], SPIDER_ARGUMENTS)} "
            f"(known: {', '.join(SPIDER_ARGUMENTS)})"
        )
    given = {k: v for k, v in values.items() if v not in (None, "")}
    since = parse_date_arg(str(given["since"])) if "since" in given else None
    until = parse_date_arg(str(given["until"]), end_of_day=True) if "until" in given else None
    if since and until and since > until:
        raise ValueError(f"since ({given['since']}) is after until ({given['until']})")
    sections = None
    if "sections" in given:
        sections = tuple(s.strip() for s in str(given["sections"]).split(",") if s.strip())
        if not sections:
            raise ValueError(f"sections {given['sections']!r} names no section")
    limit = None
    if "limit" in given:
        try:
            limit = int(str(given["limit"]).strip())
        except ValueError:
            raise ValueError(f"limit must be a whole number, got {given['limit']!r}") from None
        if limit < 0:
            raise ValueError(f"limit must be >= 0, got {given['limit']}")
    urls_file = Path(str(given["urls"])) if "urls" in given else None
    if urls_file is not None and not urls_file.is_file():
        raise ValueError(f"urls file not found: {given['urls']}")
    return SpiderArgs(since, until, sections, limit, urls_file)


def read_urls_file(path: Path, base_url: str, site_url: str) -> list[str]:
    """The URLs of a ``urls`` file (one a line; blank lines and ``#`` comments allowed). Any other line that is
    not an absolute http(s) URL of the site is refused with its line number: a typo must not vanish."""
    from rs_scraper.urls import same_site

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read urls file {path}: {getattr(exc, 'strerror', None) or exc}") from None
    urls, junk = [], []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not text.lower().startswith(("http://", "https://")) or not (
            same_site(text, base_url) or same_site(text, site_url)
        ):
            junk.append((number, text))
        else:
            urls.append(text)
    if junk:
        shown = ", ".join(str(n) for n, _ in junk[:10]) + (" ..." if len(junk) > 10 else "")
        raise ValueError(
            f"urls file {path}: line{'s' if len(junk) > 1 else ''} {shown} "
            f"{'are' if len(junk) > 1 else 'is'} not a URL of {site_url} (first: {junk[0][1][:80]!r})"
        )
    if not urls:
        raise ValueError(f"urls file {path} holds no URL")
    return urls


def check_setting_names(names: Iterable[str], known: Iterable[str]) -> None:
    """Refuse an ``RS_*`` name that no setting of ours has (other Scrapy settings are Scrapy's business)."""
    known = sorted(set(known))
    for name in names:
        if name.startswith("RS_") and name not in known:
            raise ValueError(
                f"unknown setting {name}{_suggest(name, known)} (RS_ settings are listed in rs_scraper/settings.py)"
            )


def known_rs_settings() -> list[str]:
    from rs_scraper import settings

    return [name for name in vars(settings) if name.startswith("RS_")]


def check_sections(requested: Iterable[str], known: Iterable[str]) -> None:
    """Refuse a section that is neither known nor stored: ``--sections Narnia`` must not crawl the whole site
    for nothing. Compared without case, like the filter itself."""
    known = sorted({k for k in known if k}, key=str.casefold)
    folded = {k.casefold() for k in known}
    for name in requested:
        if name.casefold() not in folded:
            raise ValueError(f"unknown section {name!r}{_suggest(name, known)} (known: {', '.join(known)})")
