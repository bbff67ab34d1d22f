"""Claim lines, and how per-day billing items become them.

Every rule emits ``DayItem``s (one code on one day); ``group_into_lines`` is the
single place that turns days into CMS-1500 lines, under the profile's
``line_dates`` (*nucc* 24A: a span covers one unbroken run of days with the same
code, modifiers, NDC, place of service and charge; *allways*: per-date lines).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from itertools import chain, repeat
from operator import itemgetter
from typing import Any, NamedTuple

from infusiondesk.rules.dates import us_span
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.rules.vocabulary import LINE_CATEGORIES, LineCategory

CATEGORY_ORDER = LINE_CATEGORIES

Units = int | Decimal
ZERO = Decimal(0)

# An explanation quotes its own line's numbers: a rule writes these tokens and the line
# fills them in, so the units, days and dates a biller reads are the line's, never a guess.
UNITS, DAYS, DATES = "{units}", "{days}", "{dates}"


@cache
def _count(number: Units, word: str) -> str:
    text = str(number) if isinstance(number, int) else format(number.normalize(), "f")
    return f"{text} {word}" if number == 1 else f"{text} {word}s"


@lru_cache(maxsize=4096)  # a recompute on each keystroke makes the same lines again
def _filled(text: str, units: Units, first: date, last: date, days: int) -> str:
    if UNITS in text:
        text = text.replace(UNITS, _count(units, "unit"))
    if DAYS in text:
        text = text.replace(DAYS, _count(days, "day"))
    if DATES in text:
        text = text.replace(DATES, us_span(first, last))
    return text


def explain_line(text: str, units: Units, first: date, last: date, days: int) -> str:
    """``text`` with the line's units, day count and dates in place of its tokens."""
    return _filled(text, units, first, last, days) if "{" in text else text


class ClaimLine(NamedTuple):
    """One service line of box 24. A NamedTuple (Beancount's idiom) rather than a frozen
    dataclass: a claim has dozens of lines and building them is the engine's hot path."""

    category: LineCategory
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


class DayItem(NamedTuple):
    """One code billed with the same units on each of ``days``; ``group`` keeps items
    apart that must never merge (each nursing visit is its own line). A NamedTuple like
    ClaimLine: several are built for every order on every recompute."""

    category: LineCategory
    code: str
    modifiers: tuple[str, ...]
    days: tuple[date, ...]
    units: Units  # per day
    explanation: str
    charge: Decimal | None = None
    ndc: str | None = None
    ndc_unit: str | None = None
    ndc_quantity: Decimal | None = None  # per day
    diagnosis_pointers: str = "A"
    place_of_service: str = "12"
    note: str = ""
    source: str = ""
    group: str = ""

    def merge_key(self) -> tuple[object, ...]:
        """Every field but the per-line ones: items alike in all else share lines."""
        key: tuple[object, ...] = _MERGE_KEY(self)
        return key


# A line's own values, worked out from its days; every other field it shares with its day
# items is copied from them. By name, from the NamedTuples' ``_fields``: a field added to
# or moved in ClaimLine or DayItem can't shift another's value.
LINE_OWN = ("first", "last", "units", "explanation", "ndc_quantity")
_PER_LINE = {"days", *LINE_OWN}  # an item's days become a line's first and last
_MERGE_KEY = itemgetter(*(DayItem._fields.index(name) for name in DayItem._fields if name not in _PER_LINE))

LineOwn = tuple[date, date, Units, str, Decimal | None]  # in the order of LINE_OWN
LineFrom = Callable[[DayItem, date, date, Units, str, Decimal | None], ClaimLine]
LinesFrom = Callable[[DayItem, Iterable[LineOwn]], list[ClaimLine]]


def copied_fields(line_fields: tuple[str, ...], item_fields: tuple[str, ...]) -> tuple[str, ...]:
    """The fields a line copies from its item: those both have, but for the line's own.
    Every line field must be one or the other, and every own value must have its field:
    a renamed or added field is refused on import rather than left to a default or lost."""
    unfilled = set(line_fields) - set(item_fields) - set(LINE_OWN)
    if unfilled:  # not an assert: it must hold under python -O too
        raise TypeError(f"line fields {sorted(unfilled)} are neither an item's field nor a line's own")
    lost = set(LINE_OWN) - set(line_fields)
    if lost:
        raise TypeError(f"a line's own values {sorted(lost)} have no line field")
    return tuple(name for name in line_fields if name in item_fields and name not in LINE_OWN)


def compile_line_makers(line: type[Any], item: type[Any]) -> tuple[Any, Any]:
    """``line_from`` and ``lines_from`` written out from the field names of ``line`` and
    ``item`` (ClaimLine and DayItem), as ``namedtuple`` and ``dataclasses`` write their
    methods: each line is one tuple built in the line's own field order, whatever that order
    is, with no Python call per line (NamedTuple's own ``__new__`` is one). ``line_from``
    reads the item's fields by index (most items are one day, one line); ``lines_from``
    makes them locals once for all its rows. NamedTuple field names never start with "_",
    so they can't collide with the names below."""
    line_fields: tuple[str, ...] = line._fields
    item_fields: tuple[str, ...] = item._fields
    copied = copied_fields(line_fields, item_fields)
    values = ", ".join(line_fields)
    indexed = ", ".join(f"_item[{item_fields.index(n)}]" if n in copied else n for n in line_fields)
    own = ", ".join(LINE_OWN)
    read = "".join(f"    {name} = _item[{item_fields.index(name)}]\n" for name in copied)
    source = (
        f"def line_from(_item, {own}):\n"
        f"    return _new(_Line, ({indexed},))\n"
        f"def lines_from(_item, _rows):\n{read}"
        f"    return [_new(_Line, ({values},)) for {own} in _rows]\n"
    )
    namespace: dict[str, Any] = {"_new": tuple.__new__, "_Line": line}
    exec(source, namespace)
    return namespace["line_from"], namespace["lines_from"]


line_from: LineFrom
lines_from: LinesFrom
line_from, lines_from = compile_line_makers(ClaimLine, DayItem)
"""The only places a DayItem becomes a ClaimLine: ``line_from(template, first, last, units,
explanation, ndc_quantity)`` one line, ``lines_from(template, rows)`` one for each row of
those values (``LINE_OWN``); every other field is copied from ``template`` by name. The
engine's hot path, so compiled; ``line_by_keyword`` says what they mean, and a test holds
them equal."""


def line_by_keyword(
    template: DayItem, first: date, last: date, units: Units, explanation: str, ndc_quantity: Decimal | None
) -> ClaimLine:
    """The plain meaning of ``line_from`` and ``lines_from`` (the tests' oracle): every field
    named in both NamedTuples copied from the item by name, then the line's own values."""
    shared = {name: getattr(template, name) for name in ClaimLine._fields if name in DayItem._fields}
    own = {
        "first": first,
        "last": last,
        "units": units,
        "explanation": explanation,
        "ndc_quantity": ndc_quantity,
    }
    return ClaimLine(**{**shared, **own})


class _Bucket:
    """Units and NDC quantity per day for one merge key (two doses of a drug on one day add up)."""

    __slots__ = ("quantities", "template", "units")

    def __init__(self, template: DayItem) -> None:
        self.template = template
        self.units: dict[date, Units] = {}
        self.quantities: dict[date, Decimal] = {}

    def add(self, item: DayItem) -> None:
        if not self.units:  # most buckets hold one item: fill them at C speed
            self.units = dict.fromkeys(item.days, item.units)
            if item.ndc_quantity is not None:
                self.quantities = dict.fromkeys(item.days, item.ndc_quantity)
            return
        for day in item.days:
            self.units[day] = self.units.get(day, 0) + item.units
            if item.ndc_quantity is not None:
                self.quantities[day] = self.quantities.get(day, Decimal(0)) + item.ndc_quantity

    def runs(self, profile: PayerProfile) -> list[list[date]]:
        """Runs of consecutive days, split at month end and at ``max_span_days`` (*nucc* 24A)."""
        days = sorted(self.units)
        if days[-1].toordinal() - days[0].toordinal() != len(days) - 1:
            return _runs_day_by_day(days, profile)
        # No gap (the days are distinct): cut at month ends and the cap without a loop over days.
        runs = _split_at_months(days) if profile.split_at_month_end else [days]
        if profile.max_span_days is not None:
            cap = max(profile.max_span_days, 1)  # as day by day: a cap below 1 is a line a day
            runs = [run[start : start + cap] for run in runs for start in range(0, len(run), cap)]
        return runs

    def lines_per_date(self) -> list[ClaimLine]:
        """*allways*: one line per date of service."""
        template, units, quantities = self.template, self.units, self.quantities
        explanation = template.explanation
        fill = "{" in explanation
        no_quantity = template.ndc_quantity is None
        if len(units) == 1:  # most buckets: one line without a list of rows
            ((day, total),) = units.items()
            return [
                line_from(
                    template,
                    day,
                    day,
                    total,
                    _filled(explanation, total, day, day, 1) if fill else explanation,
                    None if no_quantity else quantities.get(day, ZERO),
                )
            ]
        return lines_from(
            template,
            [
                (
                    day,
                    day,
                    units[day],
                    _filled(explanation, units[day], day, day, 1) if fill else explanation,
                    None if no_quantity else quantities.get(day, ZERO),
                )
                for day in sorted(units)
            ],
        )

    def lines(self, runs: list[list[date]]) -> list[ClaimLine]:
        """*nucc*: one line per run of days."""
        template, per_day, quantities = self.template, self.units, self.quantities
        explanation = template.explanation
        fill = "{" in explanation
        no_quantity = template.ndc_quantity is None
        rows: list[LineOwn] = []
        for run in runs:  # a loop, not a call per run: most buckets are one run
            first, last = run[0], run[-1]
            units = per_day[first] if len(run) == 1 else sum(map(per_day.__getitem__, run))
            rows.append(
                (
                    first,
                    last,
                    units,
                    _filled(explanation, units, first, last, len(run)) if fill else explanation,
                    None if no_quantity else sum(map(quantities.get, run, repeat(ZERO)), ZERO),
                )
            )
        return [line_from(template, *rows[0])] if len(rows) == 1 else lines_from(template, rows)


def _runs_day_by_day(days: list[date], profile: PayerProfile) -> list[list[date]]:
    runs: list[list[date]] = []
    cap = profile.max_span_days
    split_months = profile.split_at_month_end
    previous, previous_month = -2, 0
    for day in days:
        ordinal = day.toordinal()
        if (
            ordinal - previous != 1
            or (split_months and day.month != previous_month)
            or (cap is not None and len(runs[-1]) >= cap)
        ):
            runs.append([day])
        else:
            runs[-1].append(day)
        previous, previous_month = ordinal, day.month
    return runs


def _split_at_months(run: list[date]) -> list[list[date]]:
    """A run of consecutive days cut before each first of the month."""
    first, last = run[0], run[-1]
    if first.month == last.month and first.year == last.year:
        return [run]
    parts, start = [], 0
    year, month = first.year, first.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        end = date(year, month, 1).toordinal() - first.toordinal()
        if end >= len(run):
            parts.append(run[start:])
            return parts
        parts.append(run[start:end])
        start = end


def group_into_lines(items: Iterable[DayItem], profile: PayerProfile) -> list[ClaimLine]:
    """Turn day items into claim lines: spans of consecutive days, or one line a date."""
    buckets: dict[tuple[object, ...], _Bucket] = {}
    for item in items:
        key = _MERGE_KEY(item)  # item.merge_key(), without a Python call per item
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = _Bucket(item)
        bucket.add(item)
    # A bucket's lines come out in date order, so only a prefix shared by several
    # buckets (a therapy's SH and plain per diems, a drug and its waste) needs sorting.
    by_prefix: dict[tuple[int, tuple[int, str]], list[list[ClaimLine]]] = {}
    per_date = profile.line_dates == "per-date"
    for bucket in buckets.values():
        found = bucket.lines_per_date() if per_date else bucket.lines(bucket.runs(profile))
        by_prefix.setdefault(_sort_prefix(bucket.template), []).append(found)
    lines: list[ClaimLine] = []
    for prefix in sorted(by_prefix):
        groups = by_prefix[prefix]
        if len(groups) == 1:
            lines += groups[0]
        else:
            lines += sorted(chain.from_iterable(groups), key=_WITHIN_PREFIX)
    return lines


_WITHIN_PREFIX = itemgetter(*map(ClaimLine._fields.index, ("first", "category", "modifiers")))


def _sort_prefix(item: DayItem) -> tuple[int, tuple[int, str]]:
    """Per diems first, then drugs (waste beside its drug), nursing, supplies; then by source."""
    rank = CATEGORY_ORDER.index(item.category) if item.category in CATEGORY_ORDER else 99
    return (2 if item.category == "waste" else rank, _source_index(item.source))


@cache
def _source_index(source: str) -> tuple[int, str]:
    digits = "".join(ch for ch in source.split("]")[0] if ch.isdigit())
    return (int(digits) if digits else 0, source)
