"""The service calendar: an order's days as the rules engine counts them.

For each therapy: the per-diem days billed, the days a dose is given and the hold
days; and the days of nursing visits. The biller checks the claim's units by eye
against a month grid, so the days must be the engine's own: they come from
``rules.per_diem.therapy_days``, the same call ``build_claim`` makes, never counted
again here. Pure values in, frozen values out (no Qt, no store).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from infusiondesk.rules.catalogue import Reference
from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import Order
from infusiondesk.rules.per_diem import therapy_days
from infusiondesk.rules.profile import PayerProfile


@dataclass(frozen=True, slots=True)
class CalendarTherapy:
    """One therapy's days. ``service_days``: per-diem units billed (one a day; none
    when no per-diem code applies, e.g. a volume-tiered therapy without its volume)."""

    label: str
    code: str | None
    service_days: tuple[date, ...]
    administration_days: tuple[date, ...]
    holds: tuple[DateRange, ...]
    index: int = 0  # its position in the order's therapies ("therapies[index]")

    @property
    def hold_days(self) -> tuple[date, ...]:
        return tuple(sorted({day for hold in self.holds for day in hold.days()}))


@dataclass(frozen=True, slots=True)
class CalendarVisit:
    date: date
    minutes: int


@dataclass(frozen=True, slots=True)
class ServiceCalendar:
    therapies: tuple[CalendarTherapy, ...]
    visits: tuple[CalendarVisit, ...]

    @property
    def visit_days(self) -> tuple[date, ...]:
        return tuple(sorted({visit.date for visit in self.visits}))

    @property
    def per_diem_days(self) -> dict[str, tuple[date, ...]]:
        """Per code, every day billed (the days the claim's per-diem lines cover)."""
        found: dict[str, set[date]] = {}
        for therapy in self.therapies:
            if therapy.code is not None:
                found.setdefault(therapy.code, set()).update(therapy.service_days)
        return {code: tuple(sorted(days)) for code, days in found.items()}


def service_calendar(order: Order, reference: Reference, profile: PayerProfile) -> ServiceCalendar:
    """The calendar of ``order`` under ``profile`` (the one its claim is built with).

    Therapies not in the catalogue are left out, as ``build_claim`` leaves them out of
    the claim (it reports them as problems). Two different therapies with the same
    per-diem code are concurrent and show (and bill, the second with SH) on both; only the
    same therapy entered twice is billed once a day (billing-rules §3.4; the claim marks
    that repeat as an error)."""
    therapies = []
    for index, therapy in enumerate(order.therapies):
        entry = reference.therapies.get(therapy.therapy)
        if entry is None:
            continue
        days = therapy_days(therapy, entry, profile, order.billing_period)
        therapies.append(
            CalendarTherapy(
                entry.label,
                days.code,
                days.service_days if days.code is not None else (),
                days.administration_days,
                therapy.holds,
                index,
            )
        )
    visits = tuple(CalendarVisit(visit.date, visit.minutes) for visit in order.nursing_visits)
    return ServiceCalendar(tuple(therapies), visits)
