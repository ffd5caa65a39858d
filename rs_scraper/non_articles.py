"""Non-article verdicts: which ones a crawl may remember, and for how long (README "Transient is not final").

A page the parser calls "not an article" on one night may be an article the next: a CMS serving a soft 404,
a maintenance page, a CDN challenge or a JSON error with status 200 for a few hours. Remembering that verdict
for good loses the article for good. So:

- a verdict that *looks transient* is never remembered (``transient_cause``): an error-like title or heading,
  a challenge/captcha page, a JSON body, an empty or non-HTML body, a page "too short" or without a body that
  is also much smaller than this run's articles (under a tenth of their median, or under 2 KiB), or a reason
  that is a failure rather than a judgement (parse_error, malformed, not_found);
- any other verdict is remembered only when *stable*: the same reason on two runs (``History``);
- a remembered verdict is still re-checked, with a backoff: after ``RS_VERDICT_RECHECK_DAYS`` (7) days, then
  twice as long each time the same reason comes back, at most ``RS_VERDICT_RECHECK_MAX_DAYS`` (90); and at
  once when its sitemap lastmod moves;
- a night where most article pages fail or turn into non-articles (monitor ``article_yield``) remembers none
  of its verdicts (the manifest says ``verdicts_remembered: false``).
A parse error is a failure (``rs/failed/parse_error``), never a verdict.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from rs_scraper.timeutil import parse_w3c

# Reasons that report a failure to read the page, not a judgement about it.
TRANSIENT_REASONS = frozenset({"empty", "not_html", "parse_error", "malformed", "not_found"})
SMALL_BODY = 2048  # bytes; the site's article pages are 100-300 KB of HTML, a bare error page 0.2-2 KB
BODY_REASONS = frozenset({"too_short", "no_body"})  # what a truncated or stub page is called
_ERROR_TITLE = re.compile(
    r"\b(?:404|410|429|500|502|503|504|not found|page not found|no longer available|error|oops|maintenance|"
    r"temporarily|unavailable|be right back|back soon|down for|just a moment|attention required|"
    r"access denied|forbidden|too many requests|bad gateway|gateway time-?out|checking your browser|"
    r"verify(?:ing)? you are (?:a )?human|are you a robot|captcha|ddos|security check)\b",
    re.I,
)
_CHALLENGE = re.compile(
    rb"cf-chl|challenge-platform|cf-browser-verification|_cf_chl_opt|g-recaptcha|h-captcha|hcaptcha|"
    rb"turnstile|enable javascript and cookies to continue|ddos protection by|sucuri website firewall|"
    rb"px-captcha|perimeterx|datadome|incapsula|request unsuccessful",
    re.I,
)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")


def transient_cause(body: bytes, content_type: str, reason: str, usual_size: float | None = None) -> str | None:
    """Why a non-article verdict must not be remembered (``error_title``, ``challenge``, ``json``,
    ``small_body``, or the reason itself), or None when it may be."""
    if reason in TRANSIENT_REASONS:
        return reason
    head = body[:200_000]
    stripped = head.lstrip()
    if "json" in (content_type or "").lower() or stripped[:1] in (b"{", b"["):
        return "json"
    if _CHALLENGE.search(head):
        return "challenge"
    for match in _TITLE.finditer(head[:50_000]):
        text = _TAGS.sub(" ", (match.group(1) or match.group(2) or b"").decode("utf-8", "replace"))
        if _ERROR_TITLE.search(text):
            return "error_title"
    # Small only counts where a cut or stub page is what the parser saw (no body, too short): a listing or an
    # author page is a positive judgement, and such pages are often smaller than articles.
    floor = max(SMALL_BODY, 0.1 * usual_size) if usual_size else SMALL_BODY
    if reason in BODY_REASONS and len(body) < floor:
        return "small_body"
    return None


class BodySizes:
    """The sizes of this run's article pages (a bounded sample), for "much smaller than usual"."""

    def __init__(self, keep: int = 500) -> None:
        self.keep = keep
        self.sizes: list[int] = []

    def add(self, size: int) -> None:
        if len(self.sizes) < self.keep:
            self.sizes.append(size)

    def usual(self) -> float | None:
        return statistics.median(self.sizes) if len(self.sizes) >= 5 else None


@dataclass(frozen=True)
class Verdict:
    reason: str | None
    last_at: datetime
    streak: int  # how many of the latest observations gave this same reason in a row

    def remembered_until(self, base_days: float, max_days: float) -> datetime | None:
        """Until when the page is skipped; None when the verdict is not stable (seen once)."""
        if self.reason is None or self.streak < 2:
            return None
        return self.last_at + timedelta(days=min(max_days, base_days * 2 ** (self.streak - 2)))


def observations(manifest: Mapping) -> Iterable[tuple[str, datetime, str | None]]:
    """(url, when, reason) of a manifest's remembered verdicts: none from a failed night, none transient.
    Manifests of older versions (url -> time) give reason None: such a verdict is checked again once."""
    if manifest.get("verdicts_remembered") is False or not isinstance(manifest.get("not_articles"), dict):
        return
    for url, entry in manifest["not_articles"].items():
        if isinstance(entry, str):
            when, reason = parse_w3c(entry), None
        elif isinstance(entry, dict) and not entry.get("transient"):
            when = parse_w3c(entry.get("at")) if isinstance(entry.get("at"), str) else None
            reason = entry.get("reason") if isinstance(entry.get("reason"), str) else None
        else:
            continue
        if isinstance(url, str) and when is not None:
            yield url, when, reason


def history(manifests: Iterable[Mapping]) -> dict[str, Verdict]:
    """url -> its verdict over every run: the latest reason and how many runs in a row gave it."""
    seen: dict[str, list[tuple[datetime, str | None]]] = {}
    for manifest in manifests:
        for url, when, reason in observations(manifest):
            seen.setdefault(url, []).append((when, reason))
    out = {}
    for url, items in seen.items():
        items.sort(key=lambda item: item[0])
        last_at, reason = items[-1]
        streak = 0
        for _, r in reversed(items):
            if r is None or r != reason:
                break
            streak += 1
        out[url] = Verdict(reason, last_at, streak)
    return out
