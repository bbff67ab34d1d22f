"""Inclusive date ranges and day iteration."""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DateRange:
    """Both ends inclusive, as every range in an order file is."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def days(self) -> Iterator[date]:
        return map(date.fromordinal, range(self.first.toordinal(), self.last.toordinal() + 1))

    def __len__(self) -> int:
        return max(0, (self.last - self.first).days + 1)

    def clip(self, other: DateRange | None) -> DateRange | None:
        """The part of this range inside ``other`` (None when they don't meet)."""
        if other is None:
            return self
        first, last = max(self.first, other.first), min(self.last, other.last)
        return DateRange(first, last) if first <= last else None

    def overlaps(self, other: DateRange) -> bool:
        return self.first <= other.last and other.first <= self.last


@cache  # a claim quotes the same few dates on many lines
def us_date(day: date) -> str:
    """MM/DD/YYYY: how the biller reads and types dates in the app (issue 9), so every
    explanation and problem message shows dates the way the GUI's date fields do."""
    return f"{day.month:02d}/{day.day:02d}/{day.year}"


def us_span(first: date, last: date) -> str:
    return us_date(first) if first == last else f"{us_date(first)}–{us_date(last)}"


def us_runs(days: Sequence[date]) -> str:
    """Sorted days as runs of consecutive dates: "07/01/2026–07/03/2026, 07/05/2026"."""
    runs: list[list[date]] = []
    for day in days:
        if runs and day.toordinal() - runs[-1][-1].toordinal() == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(us_span(run[0], run[-1]) for run in runs)


def sorted_days(days: Set[date], source: Sequence[date]) -> list[date]:
    """``sorted(days)``, ``days`` being a subset of ``source``. When it is all of a distinct
    ``source``, sorts ``source`` instead: that is usually in date order already, a set never is."""
    return sorted(source) if len(days) == len(source) else sorted(days)
