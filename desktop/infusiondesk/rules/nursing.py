"""Nursing visits: 99601 for the first two hours, 99602 for each further hour (§5).

CPT: a unit of time is attained when its midpoint is passed, so a partial extra
hour counts from the profile's ``nursing_partial_hour_minutes`` (31 by default; 60
for payers that pay whole hours only). Nursing is never bundled into a per diem.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from decimal import Decimal

from infusiondesk.rules.dates import DateRange, us_date
from infusiondesk.rules.lines import UNITS, DayItem
from infusiondesk.rules.order import NursingVisit
from infusiondesk.rules.problems import Problem, warning
from infusiondesk.rules.profile import PayerProfile

FIRST_TWO_HOURS = 120


def extra_hour_units(minutes: int, threshold: int) -> int:
    """99602 units: whole hours beyond two, plus one for a partial hour past the threshold."""
    extra = max(0, minutes - FIRST_TWO_HOURS)
    return extra // 60 + (1 if extra % 60 >= threshold else 0)


def _explain_first(visit: NursingVisit, minutes: int) -> str:
    when = f"the {minutes}-minute nursing visit on {us_date(visit.date)}"
    if minutes <= FIRST_TWO_HOURS:
        return f"99601: {UNITS} for {when}; 99601 covers a visit of up to two hours (CPT)."
    return f"99601: {UNITS} for the first two hours of {when} (CPT); the time beyond them is 99602."


def _explain_extra(visit: NursingVisit, minutes: int, first_of_day: bool, threshold: int) -> str:
    if first_of_day:
        extra = minutes - FIRST_TWO_HOURS
        counted = f"{minutes} − 120 = {extra} minutes beyond the first two hours"
    else:
        extra = minutes
        counted = f"a later visit the same day: all its {minutes} minutes are additional time"
    partial = extra % 60
    hours = f"{extra // 60} whole hour(s)" + (
        f" + 1 for the last {partial} minutes" if partial >= threshold else ""
    )
    return (
        f"99602: {UNITS} for the nursing visit on {us_date(visit.date)}: {counted}, {hours} "
        f"(a partial hour counts from {threshold} minutes, CPT midpoint rule)."
    )


def _visit_items(
    visit: NursingVisit,
    index: int,
    minutes: int,
    first_of_day: bool,
    profile: PayerProfile,
    charges: Mapping[str, Decimal],
    place: str,
) -> list[DayItem]:
    threshold = profile.nursing_partial_hour_minutes
    group, source = f"visit{index}", f"nursing_visits[{index}]"
    items = []
    if first_of_day:
        items.append(
            DayItem(
                category="nursing",
                code="99601",
                modifiers=(),
                days=(visit.date,),
                units=1,
                explanation=_explain_first(visit, minutes),
                charge=charges.get("99601"),
                place_of_service=place,
                source=source,
                group=group,
            )
        )
    # A later visit the same day (profiles paying one 99601 a day) is all additional time.
    extra = extra_hour_units(minutes + (0 if first_of_day else FIRST_TWO_HOURS), threshold)
    if extra:
        items.append(
            DayItem(
                category="nursing",
                code="99602",
                modifiers=(),
                days=(visit.date,),
                units=extra,
                explanation=_explain_extra(visit, minutes, first_of_day, threshold),
                charge=charges.get("99602"),
                place_of_service=place,
                source=source,
                group=group,
            )
        )
    return items


def nursing_items(
    visits: tuple[NursingVisit, ...],
    profile: PayerProfile,
    charges: Mapping[str, Decimal],
    service_days: Collection[date],
    period: DateRange | None,
    place_of_service: str = "12",
) -> tuple[list[DayItem], list[Problem]]:
    """Each visit is its own line on its date (*nucc*); problems for unusual visits."""
    items: list[DayItem] = []
    problems: list[Problem] = []
    seen_days: dict[date, int] = {}
    for index, visit in enumerate(visits):
        where = f"nursing_visits[{index}]"
        if period is not None and visit.date not in period:
            problems.append(
                warning(where, f"visit on {us_date(visit.date)} is outside the billing period; not billed")
            )
            continue
        if visit.date not in service_days:
            problems.append(
                warning(where, f"visit on {us_date(visit.date)}, a day with no infusion service day")
            )
        first_of_day = visit.date not in seen_days or profile.same_day_second_visit == "99601"
        # Profiles that pay one 99601 a day bill a second visit's time as 99602 hours.
        found = _visit_items(visit, index, visit.minutes, first_of_day, profile, charges, place_of_service)
        items.extend(found)
        seen_days[visit.date] = seen_days.get(visit.date, 0) + visit.minutes
    cap = profile.daily_nursing_minutes_cap
    if cap is not None:
        for day, minutes in sorted(seen_days.items()):
            if minutes > cap:
                problems.append(
                    warning(
                        "nursing_visits",
                        f"{minutes} minutes of nursing on {us_date(day)} exceed "
                        f"this payer's daily cap of {cap}; billed as given",
                    )
                )
    return items, problems
