"""Claim lines are built from day items by field name, never by position (issue 13).

``line_from`` / ``lines_from`` are compiled for speed; ``line_by_keyword`` is their plain
meaning. These tests hold the two equal for generated items, and show that the compiled
makers follow the field names whatever order the NamedTuples list them in."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from infusiondesk.codesets import load_reference
from infusiondesk.rules.lines import (
    LINE_OWN,
    ClaimLine,
    DayItem,
    compile_line_makers,
    group_into_lines,
    line_by_keyword,
    line_from,
    lines_from,
)
from infusiondesk.rules.vocabulary import LINE_CATEGORIES

TEXT = st.text(max_size=8)
DAYS = st.dates(date(2025, 1, 1), date(2027, 12, 31))
UNITS = st.one_of(st.integers(0, 500), st.decimals("0", "999.999", places=3))
QUANTITY = st.one_of(st.none(), st.decimals("0", "999.999", places=3))
ITEMS = st.builds(
    DayItem,
    category=st.sampled_from(LINE_CATEGORIES),
    code=TEXT,
    modifiers=st.lists(st.sampled_from(["SH", "SJ", "JW", "JZ", "GY", "SS"]), max_size=4).map(tuple),
    days=st.lists(DAYS, min_size=1, max_size=5).map(tuple),
    units=UNITS,
    explanation=TEXT,
    charge=st.one_of(st.none(), st.decimals("0", "9999.99", places=2)),
    ndc=st.one_of(st.none(), TEXT),
    ndc_unit=st.one_of(st.none(), st.sampled_from(["UN", "ML", "GR"])),
    ndc_quantity=QUANTITY,
    diagnosis_pointers=TEXT,
    place_of_service=TEXT,
    note=TEXT,
    source=TEXT,
    group=TEXT,
)
ROWS = st.lists(st.tuples(DAYS, DAYS, UNITS, TEXT, QUANTITY), min_size=0, max_size=6)


@settings(max_examples=150, deadline=None)
@given(ITEMS, ROWS)
def test_the_compiled_line_makers_mean_what_the_keyword_version_says(
    item: DayItem, rows: list[tuple[date, date, int | Decimal, str, Decimal | None]]
) -> None:
    expected = [line_by_keyword(item, *row) for row in rows]
    assert lines_from(item, rows) == expected
    assert [line_from(item, *row) for row in rows] == expected
    assert all(type(line) is ClaimLine for line in lines_from(item, rows))


def _distinct_item() -> DayItem:
    """A DayItem whose every field holds a value naming that field, so a value that lands
    in the wrong field of a line shows which field it came from."""
    return DayItem(**{name: f"item.{name}" for name in DayItem._fields})


def test_each_field_of_a_line_comes_from_the_item_field_of_the_same_name() -> None:
    item = _distinct_item()
    own = {name: f"own.{name}" for name in LINE_OWN}
    for line in (line_from(item, *own.values()), *lines_from(item, [tuple(own.values())] * 2)):
        for name in ClaimLine._fields:
            expected = own.get(name, f"item.{name}")
            assert getattr(line, name) == expected, name


def test_reordered_namedtuples_still_fill_each_field_by_name() -> None:
    """A field moved in ClaimLine or DayItem (here every field shuffled, and a new field
    added to the item) shifts no value: the makers are compiled from the names."""
    shuffled = random.Random(13)
    line_fields = list(ClaimLine._fields)
    item_fields = [*DayItem._fields, "added"]
    shuffled.shuffle(line_fields)
    shuffled.shuffle(item_fields)
    Line: Any = NamedTuple("Line", [(name, object) for name in line_fields])  # type: ignore[misc]
    Item: Any = NamedTuple("Item", [(name, object) for name in item_fields])  # type: ignore[misc]
    one, many = compile_line_makers(Line, Item)
    item = Item(**{name: f"item.{name}" for name in item_fields})
    own = [f"own.{name}" for name in LINE_OWN]
    for line in (one(item, *own), *many(item, [tuple(own)])):
        assert type(line) is Line
        for name in line_fields:
            expected = f"own.{name}" if name in LINE_OWN else f"item.{name}"
            assert getattr(line, name) == expected, name


def test_a_line_field_without_a_source_or_an_own_value_without_a_field_is_refused() -> None:
    """A new ClaimLine field with no DayItem field to copy it from, or a renamed one, must
    be decided on when the makers are compiled, not silently left to a default or lost."""
    fields = list(ClaimLine._fields)
    added: Any = NamedTuple("Added", [(name, object) for name in (*fields, "unheard")])  # type: ignore[misc]
    renamed_fields = ["start" if name == "first" else name for name in fields]
    renamed: Any = NamedTuple("Renamed", [(name, object) for name in renamed_fields])  # type: ignore[misc]
    dropped: Any = NamedTuple("Dropped", [(name, object) for name in fields if name != "first"])  # type: ignore[misc]
    for line, named in ((added, "unheard"), (renamed, "start"), (dropped, "first")):
        try:
            compile_line_makers(line, DayItem)
        except TypeError as refused:
            assert named in str(refused)
        else:
            raise AssertionError(f"{line.__name__} was accepted")


def test_items_merge_unless_a_field_other_than_the_per_line_ones_differs() -> None:
    """What makes two items one line (before issue 13 a hand-written list): everything but
    the days, units, explanation and NDC quantity, the values a line adds up or fills in."""
    item = _distinct_item()
    per_line = {"days", "units", "explanation", "ndc_quantity"}
    for name in DayItem._fields:
        other = item._replace(**{name: "changed"})
        assert (other.merge_key() == item.merge_key()) == (name in per_line), name


def test_lines_through_each_bucket_path_add_up_their_items() -> None:
    """Through every path of the builder (a one-day bucket, a bucket of several runs, two
    items on one day, per-date lines): the spans *nucc* 24A asks for, units and NDC
    quantity summed per day, and each explanation quoting its own line's units."""
    profile = load_reference().profiles["nhia"].with_changes(split_at_month_end=True, max_span_days=None)
    jan = {n: date(2026, 1, n) for n in range(28, 32)}
    feb1, feb6 = date(2026, 2, 1), date(2026, 2, 6)
    dose = {"ndc": "00143992490", "ndc_unit": "UN", "ndc_quantity": Decimal("1.5")}
    items = [
        DayItem("per-diem", "S9500", (), (*jan.values(), feb1, feb6), 1, "{units}"),
        DayItem("drug", "J0690", (), (jan[28], jan[29]), 2, "{units}", **dose),
        DayItem("drug", "J0690", (), (jan[28],), 2, "{units}", **dose),  # a second dose that day
        DayItem("nursing", "99601", (), (jan[30],), 1, "visit"),
    ]
    quantity = Decimal("1.5")

    def seen(line_dates: str) -> list[tuple[object, ...]]:
        lines = group_into_lines(items, profile.with_changes(line_dates=line_dates))
        return [(ln.code, ln.first, ln.last, ln.units, ln.ndc_quantity, ln.explanation) for ln in lines]

    assert seen("span") == [
        ("S9500", jan[28], jan[31], 4, None, "4 units"),  # cut at the month's end
        ("S9500", feb1, feb1, 1, None, "1 unit"),
        ("S9500", feb6, feb6, 1, None, "1 unit"),
        ("J0690", jan[28], jan[29], 6, 3 * quantity, "6 units"),
        ("99601", jan[30], jan[30], 1, None, "visit"),
    ]
    assert seen("per-date") == [
        *(("S9500", day, day, 1, None, "1 unit") for day in (*jan.values(), feb1, feb6)),
        ("J0690", jan[28], jan[28], 4, 2 * quantity, "4 units"),
        ("J0690", jan[29], jan[29], 2, quantity, "2 units"),
        ("99601", jan[30], jan[30], 1, None, "visit"),
    ]
