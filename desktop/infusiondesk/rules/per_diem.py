"""Home-infusion per diems: which S-code, and on which days (billing-rules.md §2–§3).

NHIA per-diem definition: a per diem is each day the patient has access to a
prescribed therapy, from initiation to permanent discontinuation. Payers with
``service_days = administration`` pay only days a drug is given (HCSC CPCP019,
AllWays). Doses more than 72 hours apart are one unit per dose under every profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from infusiondesk.rules.catalogue import CodeRule, TherapyEntry
from infusiondesk.rules.dates import DateRange, us_date, us_runs, us_span
from infusiondesk.rules.lines import DATES, DAYS, UNITS
from infusiondesk.rules.order import Therapy
from infusiondesk.rules.problems import Problem, error, warning
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.rules.schedule import Frequency, parse_frequency, scheduled_dates, without_holds


@dataclass(frozen=True, slots=True)
class TherapyDays:
    """A therapy's billable days inside the billing period, and why they count."""

    code: str | None
    frequency: Frequency
    service_days: tuple[date, ...]
    administration_days: tuple[date, ...]
    per_dose: bool  # beyond 72 h: one unit per administration


def _by_volume(rule: CodeRule, volume: Decimal | None, profile: PayerProfile) -> str | None:
    if rule.scheme_setting and getattr(profile, rule.scheme_setting) == "flat":
        return rule.flat_code
    if volume is None:
        return None
    for band in rule.bands:
        if band.up_to_ml is None or volume <= band.up_to_ml:
            return band.code
    return None


def select_code(therapy: Therapy, entry: TherapyEntry, profile: PayerProfile) -> str | None:
    """The per-diem S-code for a therapy (§2); None when the volume is missing."""
    rule = entry.code_rule
    if rule.kind == "fixed":
        return rule.code
    if rule.kind == "by-volume":
        return _by_volume(rule, therapy.daily_volume_ml, profile)
    key = therapy.frequency if rule.kind == "by-frequency" else (therapy.method or entry.default_method)
    return (rule.by_key or {}).get(key or "", rule.other_code)


def administration_days(therapy: Therapy, frequency: Frequency) -> list[date]:
    """Days a dose is given: the given ``administration_dates``, else the schedule; never on holds."""
    if therapy.administration_dates is not None:
        days = [d for d in therapy.administration_dates if therapy.start <= d <= therapy.stop]
    else:
        days = scheduled_dates(frequency, therapy.start, therapy.stop)
    return without_holds(days, therapy.holds)


def therapy_days(
    therapy: Therapy, entry: TherapyEntry, profile: PayerProfile, period: DateRange | None
) -> TherapyDays:
    frequency = parse_frequency(therapy.frequency)
    assert frequency is not None, "parse_order accepts known frequencies only"
    given = administration_days(therapy, frequency)
    if period is not None:
        first, last = period.first, period.last
        given = [d for d in given if first <= d <= last]
    per_dose = frequency.beyond_72_hours
    if per_dose or profile.service_days == "administration":
        days = given
    elif frequency.every_day and therapy.administration_dates is None:
        days = given  # the schedule already holds every day of the course, holds excluded
    else:
        span = therapy.range.clip(period)
        days = without_holds(list(span.days()), therapy.holds) if span else []
    return TherapyDays(select_code(therapy, entry, profile), frequency, tuple(days), tuple(given), per_dose)


def explain(code: str, entry: TherapyEntry, days: TherapyDays, profile: PayerProfile) -> str:
    """One sentence: why these units (the rule and its source); the line fills in its own
    units, day count and dates (``rules.lines.explain_line``)."""
    what = f"{code}: {UNITS} for {DAYS} ({DATES})"
    label = entry.label.lower()
    if days.per_dose:
        return (
            f"{what}, one per dose of the {label} therapy: doses {days.frequency.text} are more "
            "than 72 hours apart, outside the per-diem structure (NHIA per-diem definition)."
        )
    if profile.service_days == "administration":
        return (
            f"{what}, one for each day a dose of the {label} therapy ({days.frequency.text}) is "
            "given; this payer pays the per diem only on administration days (HCSC CPCP019)."
        )
    return (
        f"{what}, one for each day the patient has access to the {label} therapy "
        f"({days.frequency.text}), hold days excluded (NHIA per-diem definition)."
    )


def overlapping_holds(holds: tuple[DateRange, ...]) -> list[tuple[int, int]]:
    """(i, j) for every hold i that overlaps another hold, j being one it overlaps.

    Once per hold, found in n log n: sorted by start, a hold overlaps another exactly
    when one that starts no later reaches it, or the next one starts before it ends.
    (Checking every pair made 1,000 identical holds take 24 s and print 60 MB.)"""
    order = sorted(range(len(holds)), key=lambda i: (holds[i].first, i))
    found: list[tuple[int, int]] = []
    reach = -1  # among the holds sorted before this one, the one that ends last
    for k, i in enumerate(order):
        after = order[k + 1] if k + 1 < len(order) else -1
        if reach >= 0 and holds[reach].last >= holds[i].first:
            found.append((i, reach))
        elif after >= 0 and holds[after].first <= holds[i].last:
            found.append((i, after))
        if reach < 0 or holds[i].last > holds[reach].last:
            reach = i
    return sorted(found)


def therapy_problems(
    therapy: Therapy, entry: TherapyEntry, profile: PayerProfile, period: DateRange | None, where: str
) -> list[Problem]:
    problems: list[Problem] = []
    if therapy.stop < therapy.start:
        problems.append(
            error(f"{where}.stop", f"stop {us_date(therapy.stop)} is before start {us_date(therapy.start)}")
        )
    for i, hold in enumerate(therapy.holds):
        if not (therapy.start <= hold.first and hold.last <= therapy.stop):
            problems.append(
                error(
                    f"{where}.holds[{i}]",
                    f"hold {us_span(hold.first, hold.last)} is outside the therapy "
                    f"{us_span(therapy.start, therapy.stop)}",
                )
            )
    problems.extend(
        error(f"{where}.holds[{i}]", f"overlaps holds[{j}]") for i, j in overlapping_holds(therapy.holds)
    )
    if entry.is_volume_tiered(profile) and therapy.daily_volume_ml is None:
        problems.append(
            error(
                f"{where}.daily_volume_ml", f"{entry.label} is billed by daily volume: enter the volume in mL"
            )
        )
    if therapy.administration_dates is not None:
        outside = [d for d in therapy.administration_dates if not therapy.start <= d <= therapy.stop]
        if outside:
            problems.append(
                warning(
                    f"{where}.administration_dates",
                    f"{len(outside)} date(s) outside {us_span(therapy.start, therapy.stop)} are not billed",
                )
            )
        on_hold = [d for d in therapy.administration_dates if any(d in hold for hold in therapy.holds)]
        if on_hold:
            problems.append(
                warning(
                    f"{where}.administration_dates",
                    f"{us_runs(sorted(on_hold))} fall(s) inside a hold: the dose is dropped, "
                    "not billed (a hold day is never a service day); check the hold or the date",
                )
            )
    if period is not None and (therapy.start < period.first or therapy.stop > period.last):
        problems.append(
            warning(
                where,
                f"the therapy runs beyond the billing period "
                f"{us_span(period.first, period.last)}; days outside it are not on this claim",
            )
        )
    return problems
