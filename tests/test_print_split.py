"""``output.split.fit_units``: the step every claim passes through before the CMS-1500
and the 837P, so both show the same lines. 24G holds 3 characters (cms1500-layout.md:
"units that need more (7000 units of a 1 mg drug, `12.5`) must be split over several
lines (by dates) so each fits, never run into 24H")."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from infusiondesk.output.split import fit_units, split_units
from infusiondesk.rules.lines import ClaimLine
from tests.print_helpers import make_claim


def line(units, days=1, quantity=None):
    first = date(2026, 3, 1)
    return ClaimLine(
        "drug",
        "J0878",
        ("JZ",),
        first,
        first + timedelta(days=days - 1),
        units,
        "daptomycin",
        Decimal("0.50"),
        ndc="00409001201" if quantity is not None else None,
        ndc_unit="ML" if quantity is not None else None,
        ndc_quantity=quantity,
    )


def printed_units(value) -> str:
    if isinstance(value, int):
        return str(value)
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def test_fitting_lines_pass_unchanged_and_the_claim_is_the_same_object():
    claim = make_claim((line(999), line(Decimal("1.5"))))
    assert fit_units(claim) is claim


def test_even_daily_units_split_by_dates():
    parts = split_units(line(7000, days=14, quantity=Decimal(140)))
    assert [p.units for p in parts] == [500] * 14
    assert [p.first for p in parts] == [date(2026, 3, d) for d in range(1, 15)]
    assert all(p.first == p.last for p in parts)
    assert sum(p.ndc_quantity for p in parts) == 140


def test_small_daily_units_keep_as_many_days_as_fit():
    parts = split_units(line(1400, days=14))  # 100 a day: 9 days fit (900), then 5 (500)
    assert [(p.days, p.units) for p in parts] == [(9, 900), (5, 500)]


def test_one_date_splits_whole_units_then_the_fraction():
    assert [p.units for p in split_units(line(2500))] == [999, 999, 502]
    parts = split_units(line(Decimal("12.5"), quantity=Decimal("5")))
    assert [printed_units(p.units) for p in parts] == ["12", "0.5"]
    assert sum(p.ndc_quantity for p in parts) == 5


def test_the_biller_is_told_which_line_was_split():
    claim = fit_units(make_claim((line(999), line(7000, days=14))))
    notes = [p for p in claim.problems if p.where == "lines[1]"]
    assert notes and notes[0].severity == "warning" and "24G holds 3 characters" in notes[0].message
    assert len(claim.lines) == 15


@settings(max_examples=150, deadline=None)
@given(
    daily=st.integers(min_value=1, max_value=2500),
    days=st.integers(min_value=1, max_value=31),
    quantity=st.decimals(min_value=1, max_value=5000, places=3),
)
def test_every_part_fits_and_the_parts_add_up(daily, days, quantity):
    original = line(daily * days, days=days, quantity=quantity)
    claim = fit_units(make_claim((original,)))
    parts = claim.lines
    assert all(len(printed_units(p.units)) <= 3 for p in parts)
    assert sum(p.units for p in parts) == original.units
    assert sum(p.ndc_quantity for p in parts) == quantity
    assert sum(p.total_charge for p in parts) == original.total_charge
    assert all(original.first <= p.first <= p.last <= original.last for p in parts)
    if daily <= 999:  # even daily units: parts cover the dates once, in order, each right
        assert [p.first for p in parts] == sorted(p.first for p in parts)
        assert sum(p.days for p in parts) == days
        assert all(p.units == daily * p.days for p in parts)
    assert fit_units(claim) is claim  # a second pass changes nothing: the 837P may call it again


def test_units_that_would_fill_pages_are_an_error_not_thousands_of_lines():
    """4,000,000 g entered for 4 g: 16 million units. Split 999 at a time that is 16,017
    lines of one date (a fuzzed order took 115 s and 1 GB to print it): the line stays
    whole, the claim says why, and the form check then refuses 24G by its box."""
    import time

    started = time.perf_counter()
    claim = fit_units(make_claim((line(16_000_000), line(7000, days=14))))
    assert time.perf_counter() - started < 1.0
    assert claim.lines[0].units == 16_000_000  # not split
    assert sum(p.units for p in claim.lines[1:]) == 7000  # the sane line still is
    (too_many,) = [p for p in claim.problems if p.severity == "error"]
    assert too_many.where == "lines[0]" and "16,017 lines" in too_many.message
    assert "check the dose" in too_many.message
