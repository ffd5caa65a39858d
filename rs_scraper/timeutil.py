"""Dates at the edges of the crawl: sitemap lastmod (W3C datetime), feed pubDate (RFC 2822) and the
``since``/``until`` arguments. All results are tz-aware UTC; a date without a zone is taken as UTC."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from email.utils import parsedate_to_datetime


def to_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


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
            return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=timezone.utc)
        parsed = parse_w3c(raw)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValueError(f"not a date: {text!r} (expected YYYY-MM-DD or an ISO 8601 datetime)")
    return parsed


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
