"""Claim lines, and how per-day billing items become them.

Every rule emits ``DayItem``s (one code on one day); ``group_into_lines`` is the
single place that turns days into CMS-1500 lines, under the profile's
``line_dates`` (*nucc* 24A: a span covers one unbroken run of days with the same
code, modifiers, NDC, place of service and charge; *allways*: per-date lines).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from infusiondesk.rules.dates import ONE_DAY
from infusiondesk.rules.profile import PayerProfile

CATEGORY_ORDER = ("per-diem", "catheter-care", "drug", "waste", "nursing", "supply", "other")

Units = int | Decimal


@dataclass(frozen=True, slots=True)
class ClaimLine:
    category: str
    code: str
    modifiers: tuple[str, ...]
    first: date
    last: date
    units: Units
    explanation: str
    charge: Decimal | None = None  # per unit, from the charge master
    ndc: str | None = None
    ndc_unit: str | None = None
    ndc_quantity: Decimal | None = None
    diagnosis_pointers: str = "A"
    place_of_service: str = "12"
    note: str = ""  # NOC drug description (box 19 / line note)
    source: str = ""  # the order field that produced the line, e.g. "therapies[0]"

    @property
    def total_charge(self) -> Decimal | None:
        return None if self.charge is None else self.charge * self.units

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True, slots=True)
class BundledSupply:
    code: str
    quantity: Decimal
    date: date
    reason: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class DayItem:
    """One code billed on one day; ``group`` keeps items apart that must never merge
    (each nursing visit is its own line)."""

    category: str
    code: str
    modifiers: tuple[str, ...]
    day: date
    units: Units
    explanation: str
    charge: Decimal | None = None
    ndc: str | None = None
    ndc_unit: str | None = None
    ndc_quantity: Decimal | None = None
    diagnosis_pointers: str = "A"
    place_of_service: str = "12"
    note: str = ""
    source: str = ""
    group: str = ""

    def merge_key(self) -> tuple[object, ...]:
        return (
            self.category, self.code, self.modifiers, self.charge, self.ndc, self.ndc_unit,
            self.diagnosis_pointers, self.place_of_service, self.note, self.source, self.group,
        )


def _line_from(item: DayItem) -> ClaimLine:
    return ClaimLine(
        category=item.category, code=item.code, modifiers=item.modifiers,
        first=item.day, last=item.day, units=item.units, explanation=item.explanation,
        charge=item.charge, ndc=item.ndc, ndc_unit=item.ndc_unit,
        ndc_quantity=item.ndc_quantity, diagnosis_pointers=item.diagnosis_pointers,
        place_of_service=item.place_of_service, note=item.note, source=item.source,
    )


def _can_extend(line: ClaimLine, item: DayItem, profile: PayerProfile) -> bool:
    if profile.line_dates == "per-date" or item.day != line.last + ONE_DAY:
        return False
    if profile.split_at_month_end and item.day.month != line.last.month:
        return False
    return profile.max_span_days is None or line.days < profile.max_span_days


def _extend(line: ClaimLine, item: DayItem) -> ClaimLine:
    quantity = line.ndc_quantity
    if quantity is not None and item.ndc_quantity is not None:
        quantity = quantity + item.ndc_quantity
    return replace(line, last=item.day, units=line.units + item.units, ndc_quantity=quantity)


def _merge_same_day(items: list[DayItem]) -> list[DayItem]:
    """Two items with one key on one day are one item (e.g. two doses of one drug)."""
    merged: dict[tuple[object, ...], DayItem] = {}
    for item in items:
        key = (*item.merge_key(), item.day)
        if key in merged:
            prior = merged[key]
            quantity = prior.ndc_quantity
            if quantity is not None and item.ndc_quantity is not None:
                quantity = quantity + item.ndc_quantity
            merged[key] = replace(prior, units=prior.units + item.units, ndc_quantity=quantity)
        else:
            merged[key] = item
    return list(merged.values())


def group_into_lines(items: Iterable[DayItem], profile: PayerProfile) -> list[ClaimLine]:
    """Turn day items into claim lines: spans of consecutive days, or one line a date."""
    by_key: dict[tuple[object, ...], list[DayItem]] = {}
    for item in _merge_same_day(list(items)):
        by_key.setdefault(item.merge_key(), []).append(item)
    lines: list[ClaimLine] = []
    for run in by_key.values():
        run.sort(key=lambda i: i.day)
        current: ClaimLine | None = None
        for item in run:
            if current is not None and _can_extend(current, item, profile):
                current = _extend(current, item)
                continue
            if current is not None:
                lines.append(current)
            current = _line_from(item)
        if current is not None:
            lines.append(current)
    return sorted(lines, key=line_sort_key)


def _source_index(source: str) -> tuple[int, str]:
    digits = "".join(ch for ch in source.split("]")[0] if ch.isdigit())
    return (int(digits) if digits else 0, source)


def line_sort_key(line: ClaimLine) -> tuple[object, ...]:
    """Per diems first, then drugs (waste beside its drug), nursing, supplies; by date."""
    rank = CATEGORY_ORDER.index(line.category) if line.category in CATEGORY_ORDER else 99
    drug_group = 2 if line.category == "waste" else rank
    return (drug_group, _source_index(line.source), line.first, line.category, line.modifiers)
