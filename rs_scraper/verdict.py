"""The verdict of a crawl run: its exit code, its status and the one line that says why.

Judged once, when the run manifest is built (rs_scraper.extensions.manifest), stored in the manifest and in
the stats under ``VERDICT_KEY``, and read from there by every command (rs_scraper.session.exit_code), so that
``rs-scraper crawl``, ``scrapy crawl rs``, ``rs-scraper demo`` and ``rs-scraper runs`` always agree.

The exit rule (README "Exit codes"):

- **3 (stopped)** when the run reached its wall-clock ceiling (CLOSESPIDER_TIMEOUT): what it parsed is stored,
  the next run goes on from there.
- **1 (failed)** when a monitor failed (the crawl did not finish, markup drift, coverage, error rate ...), or
  an article URL failed on this run *and* on the previous crawl that tried it (two runs in a row: not a
  hiccup), or more than ``RS_FAILURES_TOLERATED`` article URLs failed for the first time, or a ``sections``
  filter matched no article at all.
- **0 (partial)** when at most ``RS_FAILURES_TOLERATED`` article URLs failed, each for the first time: a
  timeout or a 500 tonight is usually gone tomorrow, and the next run fetches those URLs again (a failed URL is
  never stored, never skipped). The summary line still names every one of them, even with ``--quiet``: an
  article failure is never silent.
- **0 (ok)** otherwise.

Why not fail on every single failure: cron mails any output anyway, and a monitoring system that pages on
exit 1 would page every night for the transient errors every large site has. Why not tolerate repeats: an
article that fails twice in a row is not transient, it is lost until someone looks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from rs_scraper import statkeys as sk

EXIT_CEILING = 3  # the run reached its wall-clock ceiling (CLOSESPIDER_TIMEOUT): stopped, stored what it had
VERDICT_KEY = "rs_verdict"  # stats key (not under rs/: the rs/ counts stay numbers)
MAX_URLS_SHOWN = 3


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    status: str  # ok | partial | failed
    line: str  # one line, no run id (the caller prefixes it)
    problems: list[str] = field(default_factory=list)  # one per failed check, for the manifest

    def as_dict(self) -> dict:
        return asdict(self)


def _reasons(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _urls(urls: list[str]) -> str:
    shown = ", ".join(urls[:MAX_URLS_SHOWN])
    return shown + (f" and {len(urls) - MAX_URLS_SHOWN} more" if len(urls) > MAX_URLS_SHOWN else "")


TRANSPORT = ("dns", "connection_refused", "timeout", "connection_lost", "too_large")  # the machine, not the site


def cause(stats: Mapping, base_url: str) -> str | None:
    """The cause of a run that could not reach the site, in plain words, from its failure reasons: a network
    failure first (robots.txt unreachable is one too: RFC 9309 then closes the whole site), then HTTP errors."""
    parts = urlsplit(base_url)
    host, origin = parts.hostname or base_url, parts.netloc or base_url
    reasons: dict[str, int] = {}
    for key, value in stats.items():
        for prefix in (sk.DISCOVERY_FAILED_PREFIX, sk.OUTCOME_FAILED_PREFIX, sk.ROBOTS_STATUS_PREFIX):
            if key.startswith(prefix) and not key[len(prefix) :].isdigit():
                reason = key[len(prefix) :]
                reasons[reason] = reasons.get(reason, 0) + int(value)
    plain = {
        "dns": f"cannot resolve {host}",
        "connection_refused": f"cannot connect to {origin} (connection refused)",
        "timeout": f"{origin} did not answer in time (DOWNLOAD_TIMEOUT)",
        "connection_lost": f"{origin} closed the connection before answering",
        "too_large": "pages larger than DOWNLOAD_MAXSIZE",
    }
    for reason in TRANSPORT:
        if reasons.get(reason):
            return plain[reason]
    robots = [k[len(sk.ROBOTS_STATUS_PREFIX) :] for k in stats if k.startswith(sk.robots_status(5))]
    if robots and stats.get(sk.ROBOTS_DISALLOW_ALL):
        return f"robots.txt of {origin} answered HTTP {robots[0]}: the whole site is closed to crawlers (RFC 9309)"
    http = sorted((r for r in reasons if r.startswith("http_")), key=lambda r: -reasons[r])
    if http:
        return f"{origin} answered HTTP {http[0][5:]}"
    if reasons.get("robots"):
        return f"robots.txt of {origin} forbids the pages"
    return None


def judge(
    stats: Mapping,
    monitors: list[dict] | None,
    *,
    failed_urls: Mapping[str, str],
    previous_failed: Mapping[str, str],
    tolerated: int,
    base_url: str,
    sections: tuple[str, ...] | None = None,
) -> Verdict:
    if stats.get("finish_reason") == "closespider_timeout":
        return Verdict(
            EXIT_CEILING,
            "stopped",
            (
                f"stopped at its wall-clock ceiling (exit {EXIT_CEILING}, CLOSESPIDER_TIMEOUT): stored new "
                f"{int(stats.get(sk.OUTCOME_WRITTEN_NEW, 0))}, "
                f"updated {int(stats.get(sk.OUTCOME_WRITTEN_UPDATED, 0))}; "
                f"the next run goes on from there"
            ),
            ["finished: stopped at the wall-clock ceiling"],
        )
    problems = [f"{m['name']}: {m['message']}" for m in monitors or [] if not m.get("passed")]
    failed_reasons = {
        k[len(sk.OUTCOME_FAILED_PREFIX) :]: int(v) for k, v in stats.items() if k.startswith(sk.OUTCOME_FAILED_PREFIX)
    }
    n_failed = sum(failed_reasons.values())
    repeated = sorted(u for u in failed_urls if u in previous_failed)
    if repeated:
        problems.append(
            f"repeated_failures: {len(repeated)} article URL(s) failed on this run and the one "
            f"before: {_urls(repeated)}"
        )
    if n_failed - len(repeated) > tolerated:
        problems.append(
            f"article_failures: {n_failed} article URLs failed ({_reasons(failed_reasons)}), "
            f"more than RS_FAILURES_TOLERATED ({tolerated})"
        )
    written = sum(
        int(v) for k, v in stats.items() if k.startswith((sk.OUTCOME_WRITTEN_PREFIX, sk.OUTCOME_UNCHANGED_REFETCH))
    )
    if sections and not written and not int(stats.get(sk.OUTCOME_SKIPPED_UNCHANGED, 0)):
        problems.append(f"sections: no article matched sections {', '.join(sections)}")
    if monitors is None:
        problems.insert(0, "monitors: no monitor result (the crawl could not be judged)")
    if not int(stats.get(sk.DISCOVERED, 0)) and any(k.startswith(sk.DISCOVERY_FAILED_PREFIX) for k in stats):
        problems.append("discovery: no article URL discovered: the sitemaps and the feed could not be read")
    if problems:
        names = [p.split(":", 1)[0] for p in problems]
        why = cause(stats, base_url) if not int(stats.get(sk.FETCHED, 0)) or "finished" in names else None
        head = f"{why}; " if why else ""
        return Verdict(1, "failed", f"FAILED (exit 1): {head}{'; '.join(problems)}", problems)
    if n_failed:
        urls = sorted(failed_urls)
        return Verdict(
            0,
            "partial",
            f"partial (exit 0): {n_failed} article URL(s) failed "
            f"({_reasons(failed_reasons)}), fetched again on the next run: {_urls(urls)}",
            [],
        )
    return Verdict(0, "ok", "ok", [])
