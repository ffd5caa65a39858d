"""Dates as tz-aware UTC datetimes from whatever a page gives: ISO 8601 with or without offset, RFC 2822,
Unix timestamps (seconds or milliseconds), visible text ("May 20, 2026", "20 May 2026 10:30 AM ET").
A visible time is read on the site's clock: "9:09PM ET" (RebelMouse's social-date) and a time printed with no
zone at all are New York time, daylight saving included; "PT"/"CT"/"MT" are those US zones, "EST"/"EDT" and
the other fixed names their fixed offsets. A machine-readable ISO time without offset is still taken as UTC.

``parse_dated`` also says how precise the value is: ``minute`` when it states a time of day, ``day`` when it
names only a calendar day ("May 20, 2026", "2026-05-20", a /2026/05/20/ URL). A day is stored as the instant it
begins on the site's calendar, midnight in New York (where RS publishes and dates its pages), so that the same
calendar day comes back whether a reader looks at the UTC date or converts to US Eastern time; ``Dated.day``
is the calendar day itself (the ``published_date`` column)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from rs_scraper.timeutil import to_utc

_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
_MDY = re.compile(
    r"\b(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
    r"(?:\s*(?:at|,|-|–)?\s*(?P<h>\d{1,2}):(?P<mi>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?)?",
    re.I,
)
_DMY = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<year>\d{4})"
    r"(?:\s*(?:at|,)?\s*(?P<h>\d{1,2}):(?P<mi>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?)?",
    re.I,
)
SITE_TZ = ZoneInfo("America/New_York")  # the calendar of the site's visible dates (site-facts §9.1)
# A visible time's zone: a fixed offset (hours), or a US zone with its daylight-saving rules.
_ZONES: dict[str, int | ZoneInfo] = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "est": -5,
    "edt": -4,
    "pst": -8,
    "pdt": -7,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "et": SITE_TZ,
    "pt": ZoneInfo("America/Los_Angeles"),
    "ct": ZoneInfo("America/Chicago"),
    "mt": ZoneInfo("America/Denver"),
}
# Numeric visible dates "05.20.2026", "5/20/2026": month first (a US publication) unless the first number
# cannot be a month. Only for text a layout already knows is a date (a byline, a date element): too loose for a
# free-text line.
_NUMERIC = re.compile(r"(?<![\d.])(?P<a>\d{1,2})([./-])(?P<b>\d{1,2})\2(?P<year>(?:19|20)\d{2})(?![\d.])")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/")
_RFC2822 = re.compile(r"\d{1,2}:\d{2}:\d{2}\s*(?:[+-]\d{4}|GMT|UT|UTC|[ECMP][SD]T|Z)\s*$", re.I)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_SPACE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$", re.I)


MINUTE, DAY = "minute", "day"


class Dated(NamedTuple):
    at: datetime  # tz-aware UTC; for a day, midnight New York of that day
    precision: str  # MINUTE or DAY

    @property
    def day(self) -> date:
        """The calendar day as the site shows it: the New York date of the instant (for a day, the day itself)."""
        return self.at.astimezone(SITE_TZ).date()


def day_start(day: date) -> datetime:
    """The UTC instant at which ``day`` begins in New York."""
    return datetime(day.year, day.month, day.day, tzinfo=SITE_TZ).astimezone(UTC)


def _day(dt: datetime) -> Dated:
    return Dated(day_start(dt.date()), DAY)


def parse_date(value, *, numeric: bool = False) -> datetime | None:
    """Best effort; None rather than an exception. ``numeric``: also read "05.20.2026" (visible date elements)."""
    found = parse_dated(value, numeric=numeric)
    return found.at if found is not None else None


# A publication date outside these years is a placeholder ("0001-01-01T00:00:00", "9999-12-31") or a typo, not a
# date (and near datetime.min/max it cannot even be moved to another zone).
_YEARS = range(1900, 2201)


def parse_dated(value, *, numeric: bool = False) -> Dated | None:
    """``parse_date`` with the value's precision; None for a date outside 1900-2200."""
    try:
        found = _parse_dated(value, numeric)
    except (OverflowError, ValueError):
        return None
    return found if found is not None and found.at.year in _YEARS else None


def _parse_dated(value, numeric: bool) -> Dated | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return Dated(to_utc(value), MINUTE)
    if isinstance(value, (int, float)):
        return _minute(_from_ts(float(value)))
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", s):
        return _minute(_from_ts(float(s)))
    try:
        dt = _iso(s)
        return _day(dt) if _ISO_DAY.fullmatch(s) else Dated(to_utc(dt), MINUTE)
    except ValueError:
        pass
    try:
        # RFC 2822 only when it has seconds and a zone; email.utils misreads visible "10:30 PM EDT" text.
        rfc = parsedate_to_datetime(s) if _RFC2822.search(s) else None
        if rfc is not None:
            return Dated(to_utc(rfc), MINUTE)
    except (TypeError, ValueError, IndexError):
        pass
    return _visible(s) or (_numeric(s) if numeric else None)


def _minute(dt: datetime | None) -> Dated | None:
    return Dated(dt, MINUTE) if dt is not None else None


def _numeric(s: str) -> Dated | None:
    m = _NUMERIC.search(s)
    if not m:
        return None
    a, b = int(m.group("a")), int(m.group("b"))
    month, day = (a, b) if a <= 12 else (b, a)
    try:
        return _day(datetime(int(m.group("year")), month, day))
    except ValueError:
        return None


def url_date(url: str) -> Dated | None:
    """The day of a WordPress-era URL /YYYY/MM/DD/<slug>/, the last resort for published_at."""
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return _day(datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    except ValueError:
        return None


def _iso(s: str) -> datetime:
    m = _ISO_SPACE.match(s)
    if m:
        zone = m.group(3) or ""
        if zone and zone.upper() != "Z" and ":" not in zone:
            zone = zone[:3] + ":" + zone[3:]
        s = f"{m.group(1)}T{m.group(2)}{zone}"
    if s.endswith(("z", "Z")):
        s = s[:-1] + "+00:00"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) or re.match(r"\d{4}-\d{2}-\d{2}T", s):
        return datetime.fromisoformat(s)
    raise ValueError(s)


def _from_ts(ts: float) -> datetime | None:
    if ts > 1e11:  # milliseconds
        ts /= 1000.0
    try:
        return datetime.fromtimestamp(ts, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _visible(s: str) -> Dated | None:
    for rx in (_MDY, _DMY):
        m = rx.search(s)
        if not m:
            continue
        mon = _MONTHS.get(m.group("mon")[:3].lower())
        if not mon:
            continue
        try:
            hour = int(m.group("h") or 0)
            minute = int(m.group("mi") or 0)
            ampm = (m.group("ampm") or "").replace(".", "").lower()
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            dt = datetime(int(m.group("year")), mon, int(m.group("day")), hour, minute)
        except ValueError:
            continue
        if m.group("h") is None:
            return _day(dt)
        tail = s[m.end() :].strip().lower().strip("().")
        zone = _ZONES.get(tail.split()[0]) if tail else None
        if zone is None:
            zone = SITE_TZ  # no zone printed: the site's own clock
        tz = zone if isinstance(zone, ZoneInfo) else timezone(timedelta(hours=zone))
        return Dated(dt.replace(tzinfo=tz).astimezone(UTC), MINUTE)
    return None
