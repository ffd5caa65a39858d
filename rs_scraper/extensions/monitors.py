"""Run monitors: the checks that make a nightly crawl fail loudly, run by Spidermon when the spider closes.

The checks are plain functions of the run's stats (``evaluate``), so they are unit-tested without a crawl;
``RunMonitorSuite`` exposes each as a Spidermon monitor (SPIDERMON_SPIDER_CLOSE_MONITORS), and its
``RecordResults`` action stores ``[{name, passed, message}]`` in the stats as ``rs_monitors``, where the run
manifest (written after Spidermon, see EXTENSIONS) and ``rs-scraper crawl`` (exit 1 on any failure) read them.
Other Spidermon monitors added to the suite setting are recorded the same way.

Checks (thresholds are RS_MONITOR_* settings):
- finished: the crawl ended normally (not killed, not closed by a limit or an error);
- reconciliation: every discovered URL ended in exactly one outcome (rs_scraper.extensions.accounting);
- articles_found: the feed lists items, so at least one article must be found (skipped as unchanged or parsed);
- markup_drift: at most RS_MONITOR_MAX_FALLBACK_RATE of parsed articles needed the generic fallback
  extraction (trafilatura / text_rules): more means the site's markup changed under our selectors. Judged on
  at least RS_MONITOR_DRIFT_MIN_PAGES fallback pages and on the lower confidence bound of the share, so that a
  small sample (a --limit run) of a healthy site does not trip it;
- field_coverage: each RS_MONITOR_FIELD_COVERAGE field is set in at least that share of written rows;
- error_rate: at most RS_MONITOR_MAX_ERROR_RATE of requests (articles, sitemaps, feed pages) failed;
- article_yield: at most RS_MONITOR_MAX_LOST_SHARE of article pages failed or were not articles (from
  RS_VERDICT_MIN_PAGES pages on): a bad night of the site fails the run and remembers none of its verdicts;
- discovery_bounds: discovery never stopped at RS_SITEMAP_MAX_DEPTH / RS_DISCOVERY_MAX_REQUESTS /
  RS_LISTING_MAX_PAGES (a sitemap loop or an endless tree terminates, but the run is not clean).
Percentages in messages carry the decimals they need (94.7%, not 95%); comparisons use the exact values.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from spidermon import Action, Monitor, MonitorSuite, monitors
from spidermon import settings as spidermon_settings

from rs_scraper import statkeys as sk
from rs_scraper.extensions.accounting import bucket_total, by_reason, reconcile

# Spidermon 1.27 still calls Scrapy's deprecated Spider.log(): a warning on every run that says nothing to a user.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", module=r"spidermon")

RESULTS_KEY = "rs_monitors"  # stats key of the recorded results (not under rs/: the counts stay numbers)


@dataclass(frozen=True)
class Thresholds:
    coverage: dict[str, float] = field(default_factory=lambda: {"authors": 0.95, "published_at": 0.95})
    max_fallback_rate: float = 0.10
    fallback_methods: tuple[str, ...] = ("trafilatura", "text_rules")
    max_error_rate: float = 0.10
    # A rate monitor never fails on this many rows alone: one author-less editorial or one 404 in a night of
    # three new articles is not a trend, while three of three through the fallback is.
    tolerated: int = 1
    drift_min_pages: int = 3  # markup drift needs at least this many fallback pages (check_markup_drift)
    # A night where more than this share of article pages failed or were not articles is a failed run whose
    # non-article verdicts are not remembered (judged from min_pages article pages on).
    max_lost_share: float = 0.5
    min_pages: int = 10

    @classmethod
    def from_settings(cls, settings) -> Thresholds:
        default = cls()
        return cls(
            coverage={k: float(v) for k, v in settings.getdict("RS_MONITOR_FIELD_COVERAGE", default.coverage).items()},
            max_fallback_rate=settings.getfloat("RS_MONITOR_MAX_FALLBACK_RATE", default.max_fallback_rate),
            fallback_methods=tuple(settings.getlist("RS_MONITOR_FALLBACK_METHODS", list(default.fallback_methods))),
            max_error_rate=settings.getfloat("RS_MONITOR_MAX_ERROR_RATE", default.max_error_rate),
            tolerated=max(0, settings.getint("RS_MONITOR_TOLERATED_ROWS", default.tolerated)),
            drift_min_pages=max(1, settings.getint("RS_MONITOR_DRIFT_MIN_PAGES", default.drift_min_pages)),
            max_lost_share=settings.getfloat("RS_MONITOR_MAX_LOST_SHARE", default.max_lost_share),
            min_pages=settings.getint("RS_VERDICT_MIN_PAGES", default.min_pages),
        )


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def _pct(part: int, whole: int, against: float | None = None) -> str:
    """``part / whole`` as a percentage with the decimals it needs: 36/38 is "94.7%", never "95%" (which would
    read as meeting a 95% minimum); with ``against`` (a share), never rounded onto that threshold."""
    if not whole:
        return "n/a"
    value = 100 * part / whole
    for digits in range(0, 4):
        text = f"{value:.{digits}f}"
        if float(text) == value or digits == 3:
            break
        if digits >= 1 and (against is None or (float(text) < 100 * against) == (value < 100 * against)):
            break
    return f"{text}%"


def _share(value: float) -> str:
    """A threshold as a percentage, exactly: 0.95 -> "95%", 0.955 -> "95.5%"."""
    return f"{100 * value:.4g}%"


def _reasons(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])) or "none"


def _prefixed(stats: Mapping, prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}


def check_finished(stats: Mapping, t: Thresholds) -> Check:
    reason = stats.get("finish_reason")
    return Check("finished", reason == "finished", f"the crawl ended with finish_reason {reason!r}")


def check_reconciliation(stats: Mapping, t: Thresholds) -> Check:
    rec = reconcile(stats)
    if rec["balanced"]:
        return Check("reconciliation", True, f"every discovered URL accounted for once: {rec['equation']}")
    return Check("reconciliation", False, f"{rec['unaccounted']} discovered URLs not accounted for: {rec['equation']}")


def check_articles_found(stats: Mapping, t: Thresholds) -> Check:
    listed = int(stats.get(sk.FEED_ITEMS, 0))
    parsed = sum(_prefixed(stats, sk.EXTRACTION_PREFIX).values())
    found = bucket_total(stats, "skipped") + parsed + int(stats.get(sk.REVALIDATED_NOT_MODIFIED, 0))  # 304s
    if listed and not found:
        return Check(
            "articles_found",
            False,
            f"no article found although the feed lists {listed}: discovered "
            f"{stats.get(sk.DISCOVERED, 0)}, not articles ({_reasons(by_reason(stats, 'not_article'))}), "
            f"failed ({_reasons(by_reason(stats, 'failed'))})",
        )
    return Check("articles_found", True, f"{found} articles found ({parsed} parsed), feed lists {listed}")


def lower_bound(part: int, whole: int, z: float = 1.645) -> float:
    """One-sided 95% lower confidence bound of the share part/whole (Wilson score interval): the smallest true
    rate that still explains what we saw. 6 of 49 (12%) gives 6.5%; 3 of 3 gives 53%."""
    if whole <= 0:
        return 0.0
    p, n = part / whole, whole
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - spread) / (1 + z * z / n))


def check_markup_drift(stats: Mapping, t: Thresholds) -> Check:
    """Drift is judged on enough pages to mean something: at least RS_MONITOR_DRIFT_MIN_PAGES fallback pages,
    and a share of the run's parsed pages above the maximum beyond chance (its lower confidence bound). A 50-page
    sample of a site where 8% of pages need the fallback often shows 12%; a redesign shows 100% on 3 pages."""
    methods = _prefixed(stats, sk.EXTRACTION_PREFIX)
    parsed = sum(methods.values())
    fallback = {m: n for m, n in methods.items() if m in t.fallback_methods and n}
    used = sum(fallback.values())
    low = lower_bound(used, parsed)
    summary = (
        f"{used} of {parsed} parsed articles ({_pct(used, parsed)}) needed the generic fallback "
        f"extraction ({_reasons(fallback)}); max {_share(t.max_fallback_rate)} (judged from "
        f"{t.drift_min_pages} pages, on the 95% lower bound of the share: {low:.1%})"
    )
    if used >= t.drift_min_pages and low > t.max_fallback_rate:
        return Check("markup_drift", False, f"markup drift: {summary}: the page layout changed under our selectors")
    return Check("markup_drift", True, summary)


def check_field_coverage(stats: Mapping, t: Thresholds) -> Check:
    written = int(stats.get(sk.WRITTEN, 0))
    low, parts = [], []
    for name, minimum in sorted(t.coverage.items()):
        have = int(stats.get(sk.coverage(name), 0))
        parts.append(f"{name} {have}/{written} ({_pct(have, written, minimum)}, min {_share(minimum)})")
        if written - have > t.tolerated and have / written < minimum:
            low.append(name)
    summary = "; ".join(parts) or "no field checked"
    if low:
        return Check("field_coverage", False, f"field coverage dropped for {', '.join(low)}: {summary}")
    return Check("field_coverage", True, summary)


def check_error_rate(stats: Mapping, t: Thresholds) -> Check:
    failed = by_reason(stats, "failed")
    discovery = _prefixed(stats, sk.DISCOVERY_FAILED_PREFIX)
    errors = sum(failed.values()) + sum(discovery.values())
    attempts = (
        int(stats.get(sk.FETCHED, 0))
        + int(stats.get(sk.REVALIDATED_NOT_MODIFIED, 0))
        + errors
        + int(stats.get(sk.SITEMAP_URLSET, 0))
        + int(stats.get(sk.SITEMAP_INDEX, 0))
        + int(stats.get(sk.FEED_PAGES, 0))
    )
    summary = (
        f"{errors} of {attempts} requests failed ({_pct(errors, attempts, t.max_error_rate)}, "
        f"max {_share(t.max_error_rate)}): "
        f"articles ({_reasons(failed)}), discovery ({_reasons(discovery)})"
    )
    if errors > t.tolerated and errors / attempts > t.max_error_rate:
        return Check("error_rate", False, f"error rate too high: {summary}")
    return Check("error_rate", True, summary)


def check_article_yield(stats: Mapping, t: Thresholds) -> Check:
    """Most article pages failed or turned into non-articles: a bad night of the site (soft 404s, maintenance,
    a CDN challenge, JSON errors), not a night of non-articles. The run fails and remembers no verdict."""
    failed = {k: v for k, v in by_reason(stats, "failed").items() if k != "storage"}
    not_article = by_reason(stats, "not_article")
    # Pages an earlier healthy run judged the same non-article are expected to be so again; counted, a quiet
    # night that re-checks only a site's section pages failed, remembered none of them, and so failed every night.
    confirmed = int(stats.get(sk.NOT_ARTICLE_CONFIRMED, 0))
    lost = sum(failed.values()) + sum(not_article.values()) - confirmed
    pages = int(stats.get(sk.FETCHED, 0)) + sum(failed.values()) - confirmed
    transient = _prefixed(stats, sk.NOT_ARTICLE_TRANSIENT_PREFIX)
    summary = (
        f"{lost} of {pages} article pages ({_pct(lost, pages, t.max_lost_share)}) failed or were not "
        f"articles (max {_share(t.max_lost_share)}): not articles ({_reasons(not_article)}), failed "
        f"({_reasons(failed)}), looking transient ({_reasons(transient)})"
        + (f"; {confirmed} non-articles of earlier runs confirmed, not counted" if confirmed else "")
    )
    if pages >= t.min_pages and lost / pages > t.max_lost_share:
        return Check(
            "article_yield",
            False,
            f"most article pages failed or were not articles: {summary}; "
            "their verdicts are not remembered, the next run fetches them again",
        )
    return Check("article_yield", True, summary)


def check_discovery_bounds(stats: Mapping, t: Thresholds) -> Check:
    """A run that stopped discovering at a bound (RS_SITEMAP_MAX_DEPTH, RS_DISCOVERY_MAX_REQUESTS,
    RS_LISTING_MAX_PAGES) may have missed articles: it terminates, but it is not a clean run."""
    hit = _prefixed(stats, sk.BOUNDS_PREFIX)
    repeated = int(stats.get(sk.DISCOVERY_REPEATED, 0))
    loops = f"; {repeated} discovery URLs listed again (loops) were not requested twice" if repeated else ""
    if hit:
        return Check(
            "discovery_bounds",
            False,
            f"discovery stopped at a bound: {_reasons(hit)} (documents not read); raise the setting if "
            f"the site really is that large{loops}",
        )
    return Check("discovery_bounds", True, f"no discovery bound reached{loops}")


CHECKS = {
    "finished": check_finished,
    "reconciliation": check_reconciliation,
    "articles_found": check_articles_found,
    "markup_drift": check_markup_drift,
    "field_coverage": check_field_coverage,
    "error_rate": check_error_rate,
    "discovery_bounds": check_discovery_bounds,
    "article_yield": check_article_yield,
}


def evaluate(stats: Mapping, thresholds: Thresholds | None = None) -> list[Check]:
    thresholds = thresholds or Thresholds()
    return [check(stats, thresholds) for check in CHECKS.values()]


EXIT_CEILING = 3  # the run reached its wall-clock ceiling (CLOSESPIDER_TIMEOUT): stopped early, what it had stored


def exit_code(results: list[dict] | None, finish_reason: str | None = None) -> int:
    """0 when every monitor passed, else 1 (also when none ran: a crawl we could not judge is not ok); 3 when
    the run was stopped by its wall-clock ceiling."""
    if finish_reason == "closespider_timeout":
        return EXIT_CEILING
    return 0 if results and all(r.get("passed") for r in results) else 1


# ------------------------------------------------------------------------------------------- Spidermon side
class RunMonitor(Monitor):
    """One Spidermon monitor per check; the message of a failure is the check's message."""

    def _run(self, name: str) -> None:
        check = CHECKS[name](self.data.stats, Thresholds.from_settings(self.data.crawler.settings))
        if not check.passed:
            self.fail(check.message)

    @monitors.name("finished")
    def test_finished(self) -> None:
        self._run("finished")

    @monitors.name("reconciliation")
    def test_reconciliation(self) -> None:
        self._run("reconciliation")

    @monitors.name("articles_found")
    def test_articles_found(self) -> None:
        self._run("articles_found")

    @monitors.name("markup_drift")
    def test_markup_drift(self) -> None:
        self._run("markup_drift")

    @monitors.name("field_coverage")
    def test_field_coverage(self) -> None:
        self._run("field_coverage")

    @monitors.name("error_rate")
    def test_error_rate(self) -> None:
        self._run("error_rate")

    @monitors.name("discovery_bounds")
    def test_discovery_bounds(self) -> None:
        self._run("discovery_bounds")

    @monitors.name("article_yield")
    def test_article_yield(self) -> None:
        self._run("article_yield")


class RecordResults(Action):
    """Stores ``[{name, passed, message}]`` under the RESULTS_KEY stat for the manifest and the crawl command."""

    def run_action(self) -> None:
        stats = self.data.stats
        known = {c.name: c for c in evaluate(stats, Thresholds.from_settings(self.data.crawler.settings))}
        results = []
        for result in self.result.monitor_results:
            # ours by their check name ("markup_drift"); another suite's by Spidermon's "Monitor/method"
            name = getattr(result.item, "method_name", None)
            name = name if name in known else result.item.name
            passed = result.status in spidermon_settings.MONITOR.STATUSES.SUCCESSFUL
            check = known.get(name)
            if check is not None and check.passed == passed:
                message = check.message
            else:  # another suite's monitor, or one of ours that raised: keep what Spidermon says
                said = result.reason or (result.error or "").strip().splitlines()[-1:] or [""]
                message = said if isinstance(said, str) else said[0]
            results.append({"name": name, "passed": passed, "message": message})
        self.data.crawler.stats.set_value(RESULTS_KEY, results)


class RunMonitorSuite(MonitorSuite):
    monitors = [RunMonitor]
    monitors_finished_actions = [RecordResults]
