"""Properties over generated orders (hypothesis): what must hold for every order."""

from __future__ import annotations

import contextlib
import re
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
from infusiondesk.rules.schedule import parse_frequency

REFERENCE = load_reference()
FREQUENCIES = ["q4h", "q8h", "q12h", "q24h", "q48h", "q72h", "q7d", "q10d", "weekly", "monthly", "continuous"]
THERAPIES = ["anti-infective", "tpn", "hydration", "inotropic", "pain-management", "immunotherapy", "enteral"]
SUPPLIES = [
    *("A4222", "A4221", "E0776", "E0781", "J7050", "B4035", "A4300", "S5521", "S5498", "A9999", "Q9999"),
    *("B4081", "B9002", "S5035", "S5501"),
]
BASE = date(2026, 1, 1)
DRUGS = [  # (hcpcs, dose, dose unit, NDC unit): units that divide evenly and that don't, NOC, IVIG in g
    ("J3370", 1250, "mg", "UN"),
    ("J0690", 2, "g", "UN"),
    ("J3490", 2, "g", "UN"),
    ("J1561", 35, "g", "ML"),
    ("J1644", 5000, "units", "ML"),
]


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
    drugs = []
    if draw(st.booleans()):
        hcpcs, dose, unit, ndc_unit = draw(st.sampled_from(DRUGS))
        drugs.append(
            {
                "hcpcs": hcpcs,
                "ndc": "0143-9924-90",
                "dose": dose,
                "dose_unit": unit,
                "ndc_unit": ndc_unit,
                "ndc_quantity_per_dose": 1,
                "wasted": draw(st.sampled_from([0, 0, 1, 3])),
                "description": "drug 2 g" if hcpcs == "J3490" else "",
                "compound": draw(st.booleans()),
            }
        )
    return {
        "drugs": drugs,
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


_PER_DAY = re.compile(r"\b(\d+) units? a day × (\d+) days? = (\d+) units?\b")
_NAMED = re.compile(r"per diem (S\d{4}) (?:billed on (\d\d/\d\d/\d{4})|of this course, billed ([^.]+))\.")


def _quantity(number: object, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _per_diem_days(claim) -> dict[str, set[date]]:
    found: dict[str, set[date]] = {}
    for line in claim.lines:
        if line.category == "per-diem":
            found.setdefault(line.code, set()).update(
                line.first + timedelta(days=n) for n in range(line.days)
            )
    return found


def _us(text: str) -> date:
    month, day, year = map(int, text.split("/"))
    return date(year, month, day)


@SETTINGS
@given(orders(), st.booleans(), st.booleans())
def test_each_explanation_quotes_its_own_lines_code_units_and_days(
    data: dict, payer_extras: bool, suite: bool
) -> None:
    """Issue 10: the units, days and codes an explanation quotes are the line's own, and
    it gives the reason for each modifier the line carries."""
    if suite:
        data = {**data, "place_of_service": "49"}
    changes = {"jz_on_full_use": True, "kp_kq_for_compounds": True, "medicare_secondary_gy": True}
    _, claim = _claim(data, **({**changes, "concurrency_modifier_59": True} if payer_extras else {}))
    for line in claim.lines:
        text = line.explanation
        assert text.startswith(line.code), text
        assert all(f"{modifier}:" in text for modifier in line.modifiers), (line.modifiers, text)
        units = line.units if isinstance(line.units, int) else format(line.units.normalize(), "f")
        assert _quantity(units, "unit") in text, (line, text)
        if line.category == "per-diem":
            assert line.units == line.days
            assert f"for {_quantity(line.days, 'day')} (" in text, text
            span = [line.first, line.last]
            assert " ".join(
                f"{d.month:02d}/{d.day:02d}/{d.year}" for d in span[: 1 if line.days == 1 else 2]
            ) in (text.replace("–", " "))
        if line.category in ("drug", "waste"):
            match = _PER_DAY.search(text)
            assert match, text
            per_day, days, total = map(int, match.groups())
            assert (days, total) == (line.days, line.units) and per_day * days == total
        if line.category == "nursing" or line.category in ("supply", "catheter-care"):
            day = line.first
            assert f"{day.month:02d}/{day.day:02d}/{day.year}" in text


@SETTINGS
@given(orders())
def test_no_bundled_item_without_a_billed_per_diem_line_paying_for_it(data: dict) -> None:
    """§6: a bundled item's reason names per-diem lines really on the claim; under NHIA
    (and beyond 72 hours under every profile) one of them covers the item's own date."""
    order, claim = _claim(data)
    billed = _per_diem_days(claim)
    for item in claim.bundled:
        match = _NAMED.search(item.reason)
        assert match, item.reason
        code, on_day, course = match.groups()
        if on_day is not None:
            assert _us(on_day) == item.date and item.date in billed.get(code, set())
            continue
        named = [_us(part) for run in course.split(", ") for part in run.split("–")]
        assert named and all(day in billed.get(code, set()) for day in named), item.reason
        # Not billed on the item's date: only a course dosed every 72 h or more often,
        # under a payer that pays dose days only, may still pay for it (§6).
        assert REFERENCE.profiles[order.payer_profile].service_days == "administration"
        assert any(
            t.start <= item.date <= t.stop and not parse_frequency(t.frequency).beyond_72_hours
            for t in order.therapies
        )
