"""Dates at the edges of the crawl: sitemap lastmod (W3C datetime), feed pubDate (RFC 2822) and the
``since``/``until`` arguments. All results are tz-aware UTC; a date without a zone is taken as UTC.

``to_utc`` is the one rule for moving a datetime to UTC (the parser, cleanup, discovery, the Retry-After
header and the output dialect all use it): a naive value, or one whose tzinfo gives no offset, is read as UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime


def to_utc(value: datetime) -> datetime:
    """``value`` as a tz-aware UTC datetime; naive (or an offset-less tzinfo) means UTC already."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_w3c(text: str | None) -> datetime | None:
    """A sitemap ``<lastmod>``: ``2024-05-01``, ``2024-05-01T10:00:00+02:00``, ``…Z``. None when invalid."""
    if not text:
        return None
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return to_utc(datetime.fromisoformat(text))
    except ValueError:
        return None


def parse_rfc2822(text: str | None) -> datetime | None:
    """An RSS ``<pubDate>``. None when invalid."""
    if not text:
        return None
    try:
        return to_utc(parsedate_to_datetime(text.strip()))
    except (TypeError, ValueError, IndexError):
        return None


def parse_date_arg(text: str, *, end_of_day: bool = False) -> datetime:
    """A ``since``/``until`` argument: ``YYYY-MM-DD`` or an ISO datetime. ``until=2024-05-01`` includes that
    whole day. Raises ValueError with a one-line message."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC)
        parsed = parse_w3c(raw)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValueError(f"not a date: {text!r} (expected YYYY-MM-DD or an ISO 8601 datetime)")
    return parsed


def utcnow() -> datetime:
    return datetime.now(UTC)
