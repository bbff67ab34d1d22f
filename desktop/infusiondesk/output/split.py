"""Splitting what the form can't hold.

``fit_units`` is a step every claim passes through before any output (the CMS-1500
forms and the 837P alike, so the two never disagree): 24G holds 3 characters
(cms1500-layout.md: "units that need more ... must be split over several lines (by
dates) so each fits, never run into 24H"). A line whose charge overflows 24F, or a
claim whose total overflows box 28, is split only when the user asks (``split=True``
when printing: "warn, and split the claim or the line"). Every split is reported as a
warning on the resulting claims, so the biller sees why one line became several.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from infusiondesk.claims.claim import LINES_PER_FORM, Claim
from infusiondesk.rules.lines import ClaimLine, Units
from infusiondesk.rules.problems import Problem, error, warning

MAX_MONEY = Decimal("99999.99")  # 24F and 28 hold 8 characters: 99999 99
MAX_UNITS = 999  # 24G holds 3 characters
UNITS_WIDTH = 3
THOUSANDTH = Decimal("0.001")
# One line's units on the same dates are split over at most this many lines (17 forms).
# Far more is a dose typed in the wrong unit (4,000,000 g): an error to correct, never
# thousands of pages (a fuzzed order once took 115 s and 1 GB printing 16 million units).
MAX_PARTS = 100


def _max_units(line: ClaimLine) -> int:
    """Most whole units one line can carry: 4 places in 24G, 99999.99 in 24F."""
    if line.charge is None or line.charge <= 0:
        return MAX_UNITS
    return min(MAX_UNITS, int((MAX_MONEY / line.charge).to_integral_value(ROUND_DOWN)))


def _share(quantity: Decimal | None, part: Units, whole: Units) -> Decimal | None:
    if quantity is None:
        return None
    return (quantity * Decimal(part) / Decimal(whole)).quantize(THOUSANDTH)


def _by_days(line: ClaimLine, days_each: int) -> list[ClaimLine]:
    """Uniform daily units (a per diem: units = days): parts are shorter date spans."""
    daily = line.units // line.days if isinstance(line.units, int) else line.units / line.days
    parts, first = [], line.first
    while first <= line.last:
        last = min(line.last, first + timedelta(days=days_each - 1))
        days = (last - first).days + 1
        parts.append(
            line._replace(
                first=first,
                last=last,
                units=daily * days,
                ndc_quantity=_share(line.ndc_quantity, days, line.days),
            )
        )
        first = last + timedelta(days=1)
    return parts


def _by_units(line: ClaimLine, most: int) -> list[ClaimLine]:
    """Otherwise the same dates on several lines, the units shared out."""
    parts, left = [], line.units
    while left > 0:
        units = min(left, most)
        parts.append(line._replace(units=units, ndc_quantity=_share(line.ndc_quantity, units, line.units)))
        left -= units
    return _settle_quantity(line, parts)


def _settle_quantity(line: ClaimLine, parts: list[ClaimLine]) -> list[ClaimLine]:
    """Rounding leftovers of the NDC quantity go on the last part, so the sum is exact."""
    if line.ndc_quantity is None or not parts:
        return parts
    given = sum((p.ndc_quantity or Decimal(0) for p in parts[:-1]), Decimal(0))
    return [*parts[:-1], parts[-1]._replace(ndc_quantity=line.ndc_quantity - given)]


def _parts_needed(units: Units, most: int) -> int:
    whole = int(units)
    return -(-whole // most) + (1 if Decimal(units) != whole else 0)


def split_line(line: ClaimLine) -> list[ClaimLine]:
    """Parts that each fit 24F and 24G; the line itself when it fits or can't be split
    (one unit alone over 99999.99, or more than ``MAX_PARTS`` parts, stays a problem for
    the biller: the form check refuses it by its box)."""
    most = _max_units(line)
    if line.units <= most or most < 1:
        return [line]
    if _parts_needed(line.units, most) > MAX_PARTS:  # every way of splitting needs at least these
        return [line]
    if line.days > 1 and isinstance(line.units, int) and line.units % line.days == 0:
        daily = line.units // line.days
        if 1 <= daily <= most:
            return _settle_quantity(line, _by_days(line, most // daily))
    return _by_units(line, most)


def _groups(lines: list[ClaimLine], page_totals: bool) -> list[list[ClaimLine]]:
    """Lines into claims whose box 28 fits: the claim total (``continued``) or each
    page's total (``page-totals``) stays at most 99999.99. A running total, not a sum
    per line: a long claim would otherwise cost its lines squared (bench/x12.py)."""
    groups: list[list[ClaimLine]] = [[]]
    total = Decimal(0)  # of the lines that count: the group's, or its current page's
    for line in lines:
        current = groups[-1]
        charge = line.total_charge or Decimal(0)
        on_page = len(current) % LINES_PER_FORM  # 0: this line starts a new page
        if page_totals and not on_page:
            total = Decimal(0)
        counted = bool(current) and (on_page > 0 or not page_totals)
        if counted and total + charge > MAX_MONEY:
            groups.append([line])
            total = charge
        else:
            current.append(line)
            total += charge
    return groups


def units_text(units: Units) -> str:
    """24G as printed: no decimal point for whole numbers (same as ``box_text.number``)."""
    if isinstance(units, int):
        return str(units)
    if units == units.to_integral_value():
        return str(int(units))
    return format(units.normalize(), "f")


def _fits(units: Units) -> bool:
    return len(units_text(units)) <= UNITS_WIDTH


def _days_each(daily: Units, days: int) -> int:
    """Most whole days whose units, at ``daily`` a day, still fit 24G."""
    each = days
    while each > 1 and not _fits(daily * each):
        each -= 1
    return each


def _whole_and_fraction(line: ClaimLine) -> list[ClaimLine]:
    """One date (or uneven days): whole units in parts of at most 999 on the same dates,
    then the fraction on its own line (12.5 -> 12 and 0.5)."""
    whole = int(line.units)
    fraction = Decimal(line.units) - whole
    parts: list[ClaimLine] = []
    left = whole
    while left > 0:
        units = min(left, MAX_UNITS)
        parts.append(line._replace(units=units, ndc_quantity=_share(line.ndc_quantity, units, line.units)))
        left -= units
    if fraction:
        share = _share(line.ndc_quantity, fraction, line.units)
        parts.append(line._replace(units=fraction.normalize(), ndc_quantity=share))
    return _settle_quantity(line, parts)


def split_units(line: ClaimLine) -> list[ClaimLine]:
    """Parts whose units each fit 24G's 3 characters, the units adding up to the line's.
    Even daily units split over dates (each part a shorter span, its days times the
    daily units); otherwise whole units on the same dates, the fraction apart."""
    if _fits(line.units):
        return [line]
    daily = Decimal(line.units) / line.days
    if line.days > 1 and _fits(daily) and daily * line.days == line.units:
        whole = daily == daily.to_integral_value()
        each = _days_each(int(daily) if whole else daily, line.days)
        parts = _by_days(line, each)
        return _settle_quantity(line, parts)
    return _whole_and_fraction(line)


def _split_lines(
    claim: Claim, split: Callable[[ClaimLine], list[ClaimLine]], said: Callable[[ClaimLine, int], str]
) -> tuple[list[ClaimLine], list[Problem]]:
    """Every line through ``split``; a warning (``said(line, parts)``) for each line
    that became several, so the biller sees why."""
    lines: list[ClaimLine] = []
    notes: list[Problem] = []
    for index, line in enumerate(claim.lines):
        parts = split(line)
        if len(parts) > 1:
            notes.append(warning(f"lines[{index}]", f"line {index + 1} {said(line, len(parts))}"))
        lines += parts
    return lines, notes


def _too_many_units(line: ClaimLine) -> bool:
    return not _fits(line.units) and _parts_needed(line.units, MAX_UNITS) > MAX_PARTS


def fit_units(claim: Claim) -> Claim:
    """The claim with every line's units fitting 24G: the one function both outputs (the
    CMS-1500 print and the 837P) call first, so the two always show the same lines."""
    if all(_fits(line.units) for line in claim.lines):
        return claim  # the usual case: nothing to split
    lines, notes = _split_lines(
        claim,
        lambda line: [line] if _too_many_units(line) else split_units(line),
        lambda line, parts: (
            f"({line.code}, {units_text(line.units)} units) printed as {parts} lines: 24G holds 3 characters"
        ),
    )
    notes = [too_many_units(i, line) for i, line in enumerate(claim.lines) if _too_many_units(line)] + notes
    if not notes:
        return claim
    return replace(claim, lines=tuple(lines), problems=claim.problems + tuple(notes))


def too_many_units(index: int, line: ClaimLine) -> Problem:
    needed = _parts_needed(line.units, MAX_UNITS)
    return error(
        f"lines[{index}]",
        f"line {index + 1} ({line.code}, {units_text(line.units)} units) would take {needed:,} lines "
        f"of {MAX_UNITS} units (at most {MAX_PARTS}): check the dose and its unit",
    )


def split_for_print(claim: Claim) -> tuple[Claim, ...]:
    """The claim as one or more claims that the form can hold, with warnings saying why."""
    lines, notes = _split_lines(
        claim,
        split_line,
        lambda line, parts: f"({line.code}) split into {parts} lines: 24F holds 99999.99 and 24G 3 places",
    )
    groups = _groups(lines, claim.profile.multipage_box28 == "page-totals")
    if len(groups) > 1:
        notes.append(warning("lines", f"split into {len(groups)} claims: box 28 holds at most 99999.99"))
    problems = claim.problems + tuple(notes)
    return tuple(
        replace(
            claim,
            lines=tuple(group),
            problems=problems,
            bundled=claim.bundled if number == 0 else (),
        )
        for number, group in enumerate(groups)
    )
