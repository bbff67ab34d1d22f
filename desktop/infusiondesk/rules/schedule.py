"""Frequencies and administration schedules (billing-rules.md §3.3).

The schedule starts on the start date: ``qNh`` doses every day when N ≤ 24 and on
day 1, 1+N/24, … for 48 and 72; ``qNd`` on day 1, 1+N, …; ``weekly`` = q7d;
``monthly`` on the same day each month, clamped to the month's last day. A hold
shifts nothing: doses that fall on hold days are simply not given.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from infusiondesk.rules.dates import DateRange

HOURLY = (3, 4, 6, 8, 12, 24, 48, 72)
ALIASES = {
    "daily": "q24h",
    "bid": "q12h",
    "tid": "q8h",
    "qid": "q6h",
    "weekly": "q7d",
    "q1d": "q24h",
    "q2d": "q48h",
    "q3d": "q72h",
}
_QNH = re.compile(r"^q(\d+)h$")
_QND = re.compile(r"^q(\d+)d$")


@dataclass(frozen=True, slots=True)
class Frequency:
    """A parsed frequency. ``text`` is the normalised form (``q8h``, ``q10d``, …)."""

    text: str
    hours: int | None = None  # qNh
    days: int | None = None  # qNd (weekly = 7)
    monthly: bool = False
    continuous: bool = False
    once: bool = False

    @property
    def beyond_72_hours(self) -> bool:
        """Doses more than 72 h apart are billed one unit per dose (NHIA; HCSC CPCP019)."""
        return self.monthly or (self.days is not None and self.days > 3)

    @property
    def every_day(self) -> bool:
        """A dose on every day from start to stop (continuous, or qNh with N ≤ 24)."""
        return not (self.once or self.monthly) and self.days is None and (self.hours or 0) <= 24

    @property
    def doses_per_administration_day(self) -> int:
        if self.hours is not None and self.hours <= 24:
            return 24 // self.hours
        return 1


@cache
def parse_frequency(text: str) -> Frequency | None:
    """The frequency named by ``text``, or None when it is not one we know."""
    key = ALIASES.get(text.strip().lower(), text.strip().lower())
    if key == "continuous":
        return Frequency("continuous", continuous=True)
    if key == "once":
        return Frequency("once", once=True)
    if key == "monthly":
        return Frequency("monthly", monthly=True)
    if match := _QNH.match(key):
        hours = int(match.group(1))
        return Frequency(key, hours=hours) if hours in HOURLY else None
    if match := _QND.match(key):
        days = int(match.group(1))
        return Frequency(key, days=days) if days >= 4 else None
    return None


def _monthly_dates(start: date, stop: date) -> list[date]:
    found: list[date] = []
    year, month = start.year, start.month
    while True:
        last_day = calendar.monthrange(year, month)[1]
        day = date(year, month, min(start.day, last_day))
        if day > stop:
            return found
        found.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def scheduled_dates(frequency: Frequency, start: date, stop: date) -> list[date]:
    """Days a dose is scheduled from ``start`` to ``stop`` (holds not yet removed)."""
    if stop < start:
        return []
    if frequency.once:
        return [start]
    if frequency.monthly:
        return _monthly_dates(start, stop)
    step = 1
    if frequency.hours is not None and frequency.hours > 24:
        step = frequency.hours // 24
    elif frequency.days is not None:
        step = frequency.days
    return list(map(date.fromordinal, range(start.toordinal(), stop.toordinal() + 1, step)))


def without_holds(days: list[date], holds: tuple[DateRange, ...]) -> list[date]:
    if not holds:
        return days
    return [day for day in days if not any(day in hold for hold in holds)]
