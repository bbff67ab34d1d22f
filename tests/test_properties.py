"""Properties over generated orders (hypothesis): what must hold for every order."""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infusiondesk.claims.build import build_claim
from infusiondesk.claims.order_file import parse_order
from infusiondesk.codesets import load_reference
from infusiondesk.rules.lines import DayItem, group_into_lines
from infusiondesk.rules.ndc import NdcError, normalize_ndc

REFERENCE = load_reference()
FREQUENCIES = ["q4h", "q8h", "q12h", "q24h", "q48h", "q72h", "q7d", "q10d", "weekly", "monthly", "continuous"]
THERAPIES = ["anti-infective", "tpn", "hydration", "inotropic", "pain-management", "immunotherapy", "enteral"]
SUPPLIES = ["A4222", "A4221", "E0776", "E0781", "J7050", "B4035", "A4300", "S5521", "S5498", "A9999", "Q9999"]
BASE = date(2026, 1, 1)


@st.composite
def therapies(draw: st.DrawFn) -> dict:
    start = BASE + timedelta(days=draw(st.integers(0, 40)))
    length = draw(st.integers(1, 60))
    stop = start + timedelta(days=length - 1)
    holds = []
    if draw(st.booleans()) and length > 3:
        first = start + timedelta(days=draw(st.integers(1, length - 2)))
        holds.append(
            {"from": first.isoformat(), "to": (first + timedelta(days=draw(st.integers(0, 3)))).isoformat()}
        )
        if date.fromisoformat(holds[0]["to"]) > stop:
            holds[0]["to"] = stop.isoformat()
    return {
        "therapy": draw(st.sampled_from(THERAPIES)),
        "frequency": draw(st.sampled_from(FREQUENCIES)),
        "start": start.isoformat(),
        "stop": stop.isoformat(),
        "holds": holds,
        "method": draw(st.sampled_from([None, "continuous", "intermittent", "pump"])),
        "daily_volume_ml": draw(st.sampled_from([500, 1500, 2500, 4000])),
    }


@st.composite
def orders(draw: st.DrawFn) -> dict:
    data = {
        "format": "infusiondesk/order-v1",
        "payer_profile": draw(st.sampled_from(sorted(REFERENCE.profiles))),
        "therapies": draw(st.lists(therapies(), min_size=1, max_size=3)),
        "supplies": [
            {"hcpcs": code, "quantity": 1, "date": (BASE + timedelta(days=day)).isoformat()}
            for code, day in draw(
                st.lists(st.tuples(st.sampled_from(SUPPLIES), st.integers(0, 90)), max_size=4)
            )
        ],
        "nursing_visits": [
            {"date": (BASE + timedelta(days=day)).isoformat(), "minutes": minutes}
            for day, minutes in draw(
                st.lists(st.tuples(st.integers(0, 90), st.integers(15, 400)), max_size=3)
            )
        ],
    }
    if draw(st.booleans()):
        first = BASE + timedelta(days=draw(st.integers(0, 60)))
        data["billing_period"] = {"from": first.isoformat(), "to": (first + timedelta(days=30)).isoformat()}
    return data


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _claim(data: dict, **profile_changes: object):
    order = parse_order(data)
    profile = REFERENCE.profiles[order.payer_profile].with_changes(**profile_changes)
    return order, build_claim(order, REFERENCE, profile)


@SETTINGS
@given(orders())
def test_per_diem_units_never_exceed_the_days_in_range(data: dict) -> None:
    order, claim = _claim(data)
    for index, therapy in enumerate(order.therapies):
        span = therapy.range.clip(order.billing_period)
        units = sum(
            line.units
            for line in claim.lines
            if line.category == "per-diem" and line.source == f"therapies[{index}]"
        )
        assert units <= (len(span) if span else 0)


@SETTINGS
@given(orders())
def test_per_date_totals_equal_span_totals(data: dict) -> None:
    def totals(claim) -> Counter:
        found: Counter = Counter()
        for line in claim.lines:
            found[(line.code, line.modifiers, line.category)] += line.units
        return found

    _, spans = _claim(data, line_dates="span")
    _, per_date = _claim(data, line_dates="per-date")
    assert totals(spans) == totals(per_date)
    assert all(line.first == line.last for line in per_date.lines)


@SETTINGS
@given(orders())
def test_one_line_of_a_per_diem_code_a_day_without_sh_or_sj(data: dict) -> None:
    _, claim = _claim(data)
    seen: Counter = Counter()
    for line in claim.lines:
        if line.category == "per-diem" and not {"SH", "SJ"} & set(line.modifiers):
            for offset in range(line.days):
                seen[(line.code, line.first + timedelta(days=offset))] += 1
    assert all(count == 1 for count in seen.values())
    primaries = Counter(day for (_, day) in seen)
    assert all(count == 1 for count in primaries.values()), "one primary per diem a day"


@SETTINGS
@given(orders())
def test_every_bundled_supply_has_a_rule_and_a_reason(data: dict) -> None:
    _, claim = _claim(data)
    for item in claim.bundled:
        rule = REFERENCE.supply_rule(item.code)
        assert rule is not None and item.reason and rule.classification in ("bundled", "conditional")


@settings(max_examples=300)
@given(st.from_regex(r"\A(\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d|\d{5}-\d{4}-\d{2}|\d{11})\Z"))
def test_ndc_normalization_is_idempotent(text: str) -> None:
    eleven = normalize_ndc(text)
    assert len(eleven) == 11 and eleven.isdigit()
    assert normalize_ndc(eleven) == eleven


@given(st.text(max_size=14))
def test_ndc_normalization_never_crashes(text: str) -> None:
    with contextlib.suppress(NdcError):
        normalize_ndc(text)


UNBROKEN = st.builds(
    lambda start, length: set(range(start, start + length)), st.integers(0, 60), st.integers(1, 90)
)


@SETTINGS
@given(
    st.one_of(UNBROKEN, st.sets(st.integers(0, 120), min_size=1, max_size=80)),
    st.booleans(),
    st.sampled_from([None, 1, 5, 31]),
)
def test_spans_are_the_longest_unbroken_runs_the_payer_allows(
    offsets: set[int], split_months: bool, cap: int | None
) -> None:
    """*nucc* 24A: lines cover each day once, with consecutive days only; a new line
    starts only at a gap, a first of the month (when split) or a full cap. The days
    start in December so runs cross a year end; unbroken courses are drawn as often
    as scattered days."""
    profile = REFERENCE.profiles["nhia"].with_changes(
        line_dates="span", split_at_month_end=split_months, max_span_days=cap
    )
    days = sorted(date(2025, 12, 1) + timedelta(days=n) for n in offsets)
    item = DayItem("per-diem", "S9500", (), tuple(days), 1, "")
    lines = group_into_lines([item], profile)
    covered = [line.first + timedelta(days=n) for line in lines for n in range(line.days)]
    assert covered == days and [line.units for line in lines] == [line.days for line in lines]
    for line in lines:
        assert cap is None or line.days <= cap
        assert not split_months or (line.first.year, line.first.month) == (line.last.year, line.last.month)
    for before, after in pairwise(lines):
        if after.first == before.last + timedelta(days=1):
            assert (split_months and after.first.day == 1) or before.days == cap
