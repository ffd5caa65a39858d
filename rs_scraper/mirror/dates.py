"""The mirror site's clock: New York time, and the calendar date a page prints (shared by the site model and
the page renderers, so neither imports the other for it)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from rs_scraper.mirror.site import MirrorArticle

UTC = UTC
SITE_TZ = ZoneInfo("America/New_York")


def day_start(day: date) -> datetime:
    """The instant ``day`` begins in New York, in UTC (what a date-only page's published_at is)."""
    return datetime(day.year, day.month, day.day, tzinfo=SITE_TZ).astimezone(UTC)


def et_offset(dt: datetime) -> timedelta:
    """US Eastern time's offset at the instant ``dt`` (the site prints its dates in New York time)."""
    return dt.astimezone(SITE_TZ).utcoffset() or timedelta(0)  # (a zone always has an offset)


def display_date(a: MirrorArticle) -> date:
    """The calendar date printed on the page (and in WordPress URLs)."""
    if a.variant.machine_date:
        return (a.published_at + et_offset(a.published_at)).date()
    return a.published_at.date()  # midnight UTC by construction, see the module docstring
