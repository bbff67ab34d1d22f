"""A plain, day-by-day reference for service days and units, and the fast engine held to it.

``reference_days`` walks a therapy one calendar day at a time and asks the questions of
billing-rules.md §3 in the words of the sources, with no sets, no schedules and no
shortcuts; hypothesis then draws orders (holds, billing periods, profiles, doses more
than 72 hours apart, given administration dates, doses that don't divide evenly) and
checks that every per-diem and drug line of the real claim adds up to the reference.
"""

from __future__ import annotations

import calendar
import math
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import compute, compute_dict, order, source_passage, therapy, units_by_code

NHIA = "nhia-coding-standard-and-per-diem-definition.txt"
HCSC = "hcsc-cpcp019-home-infusion-policy.txt"
BASE = date(2026, 1, 20)
# (frequency, hours between doses, or None for a calendar rule)
FREQUENCIES = [
    "q4h",
    "q6h",
    "q8h",
    "q12h",
    "q24h",
    "q48h",
    "q72h",
    "q4d",
    "q7d",
    "q10d",
    "weekly",
    "monthly",
    "continuous",
]
PROFILES = ["nhia", "administration-days", "per-date-lines"]
MG_PER_UNIT = {"J3370": 500, "J0690": 500, "J0878": 1}


def _parse(day: str) -> date:
    return date.fromisoformat(day)


def is_dose_day(spec: dict[str, Any], day: date) -> bool:
    """Is a dose scheduled (or given) on ``day``? Asked of each day on its own."""
    start = _parse(spec["start"])
    if spec.get("administration_dates") is not None:
        return day.isoformat() in spec["administration_dates"]
    frequency = {"weekly": "q7d"}.get(spec["frequency"], spec["frequency"])
    since = (day - start).days
    if frequency == "continuous" or frequency in ("q4h", "q6h", "q8h", "q12h", "q24h"):
        return True
    if frequency == "q48h":
        return since % 2 == 0
    if frequency == "q72h":
        return since % 3 == 0
    if frequency == "monthly":
        return day.day == min(start.day, calendar.monthrange(day.year, day.month)[1])
    every = int(frequency[1:-1])  # qNd
    return since % every == 0


def beyond_72_hours(spec: dict[str, Any]) -> bool:
    """NHIA: "Therapies provided beyond this range (weekly, monthly, etc.)": more than 72 h apart."""
    frequency = spec["frequency"]
    return frequency in ("weekly", "monthly") or (frequency.endswith("d") and int(frequency[1:-1]) > 3)


def on_hold(spec: dict[str, Any], day: date) -> bool:
    return any(_parse(h["from"]) <= day <= _parse(h["to"]) for h in spec.get("holds", []))


def reference_days(
    spec: dict[str, Any], profile: str, period: dict[str, str] | None
) -> tuple[list[date], list[date]]:
    """(per-diem service days, administration days) of one therapy, one day at a time."""
    service, given_days = [], []
    day = _parse(spec["start"])
    while day <= _parse(spec["stop"]):
        inside = period is None or _parse(period["from"]) <= day <= _parse(period["to"])
        if inside and not on_hold(spec, day):
            dose = is_dose_day(spec, day)
            if dose:
                given_days.append(day)
            if beyond_72_hours(spec) or profile != "nhia":
                if dose:  # one unit per dose; administration-days payers: dose days only
                    service.append(day)
            else:  # NHIA: every day of access counts
                service.append(day)
        day += timedelta(days=1)
    return service, given_days


def doses_a_day(frequency: str) -> int:
    if frequency.startswith("q") and frequency.endswith("h") and int(frequency[1:-1]) <= 24:
        return 24 // int(frequency[1:-1])
    return 1


def reference_drug_units(spec: dict[str, Any], given_days: list[date]) -> int:
    drug = spec["drugs"][0]
    a_day = Decimal(drug["dose"]) * doses_a_day(spec["frequency"])
    return math.ceil(a_day / MG_PER_UNIT[drug["hcpcs"]]) * len(given_days)


@st.composite
def therapies(draw: st.DrawFn, hcpcs: str) -> dict[str, Any]:
    start = BASE + timedelta(days=draw(st.integers(0, 30)))
    length = draw(st.integers(1, 50))
    stop = start + timedelta(days=length - 1)
    spec: dict[str, Any] = {
        "therapy": "anti-infective",
        "frequency": draw(st.sampled_from(FREQUENCIES)),
        "start": start.isoformat(),
        "stop": stop.isoformat(),
        "holds": [],
        "drugs": [
            {
                "hcpcs": hcpcs,
                "ndc": "0143-9924-90",
                "dose": draw(st.sampled_from([250, 500, 750, 1000, 1250, 1750, 2000])),
                "dose_unit": "mg",
                "ndc_unit": "UN",
                "ndc_quantity_per_dose": 1,
            }
        ],
    }
    if length > 2 and draw(st.booleans()):
        first = draw(st.integers(0, length - 1))
        last = min(length - 1, first + draw(st.integers(0, 6)))
        spec["holds"] = [
            {
                "from": (start + timedelta(days=first)).isoformat(),
                "to": (start + timedelta(days=last)).isoformat(),
            }
        ]
    if draw(st.integers(0, 4)) == 0:
        offsets = draw(st.sets(st.integers(0, length - 1), max_size=8))
        spec["administration_dates"] = sorted((start + timedelta(days=n)).isoformat() for n in offsets)
    return spec


@st.composite
def orders(draw: st.DrawFn) -> dict[str, Any]:
    # Different drugs, so no entry repeats another (a repeat is billed once, §3.4).
    codes = draw(st.lists(st.sampled_from(sorted(MG_PER_UNIT)), min_size=1, max_size=3, unique=True))
    data = order([draw(therapies(code)) for code in codes], draw(st.sampled_from(PROFILES)))
    if draw(st.booleans()):
        first = BASE + timedelta(days=draw(st.integers(0, 40)))
        data["billing_period"] = {"from": first.isoformat(), "to": (first + timedelta(days=27)).isoformat()}
    return data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orders())
def test_engine_days_and_units_equal_the_day_by_day_reference(data: dict[str, Any]) -> None:
    claim = compute(data)
    for index, spec in enumerate(data["therapies"]):
        service, given_days = reference_days(spec, data["payer_profile"], data.get("billing_period"))
        source = f"therapies[{index}]"
        per_diem = [x for x in claim.lines if x.category == "per-diem" and x.source == source]
        billed = sorted(x.first + timedelta(days=n) for x in per_diem for n in range(x.days))
        assert billed == service, (source, spec)
        assert sum(x.units for x in per_diem) == len(service)
        drug = [x for x in claim.lines if x.category == "drug" and x.source == f"{source}.drugs[0]"]
        drug_days = sorted(x.first + timedelta(days=n) for x in drug for n in range(x.days))
        assert drug_days == given_days
        assert sum(x.units for x in drug) == reference_drug_units(spec, given_days)


# --- boundary cases through whole orders ------------------------------------------------------


def test_a_hold_inside_a_q48h_course_under_nhia_and_under_administration_days() -> None:
    source_passage(NHIA, "Infusion every 48 hours for 14 days14")
    hold = [{"from": "2026-01-05", "to": "2026-01-06"}]
    spec = therapy(frequency="q48h", start="2026-01-01", stop="2026-01-14", holds=hold)
    # NHIA: 14 days of access less 2 hold days = 12; the hold is not counted.
    assert units_by_code(compute_dict(order([spec])), "per-diem") == {("S9494", ()): 12}
    # Administration days: doses on 1, 3, 5, 7, 9, 11, 13; day 5 is on hold → 6.
    claim = compute_dict(order([spec], "administration-days"))
    assert units_by_code(claim, "per-diem") == {("S9494", ()): 6}


def test_a_hold_inside_a_q72h_course() -> None:
    source_passage(NHIA, "Infusion every 72 hours for 14 days14")
    hold = [{"from": "2026-01-04", "to": "2026-01-04"}]
    spec = therapy(frequency="q72h", start="2026-01-01", stop="2026-01-14", holds=hold)
    assert units_by_code(compute_dict(order([spec])), "per-diem") == {("S9494", ()): 13}
    # Doses on days 1, 4, 7, 10, 13; day 4 held → 4 (the hold shifts nothing).
    assert units_by_code(compute_dict(order([spec], "administration-days")), "per-diem") == {("S9494", ()): 4}


def test_doses_beyond_72_hours_are_one_unit_per_dose_under_every_profile() -> None:
    source_passage(HCSC, "Infusion every 10 days for 30 days\t3")
    spec = therapy("immunotherapy", "q10d", "2026-01-01", "2026-01-30")
    for profile in PROFILES:
        assert units_by_code(compute_dict(order([spec], profile)), "per-diem") == {("S9338", ()): 3}


def test_1250_mg_q8h_is_8_units_a_day_not_7_5() -> None:
    # 1250 mg × 3 doses = 3750 mg ÷ 500 mg (J3370 "500 mg") = 7.5, rounded up = 8 a day.
    drug = {
        "hcpcs": "J3370",
        "ndc": "0409-6533-01",
        "dose": 1250,
        "dose_unit": "mg",
        "ndc_unit": "UN",
        "ndc_quantity_per_dose": 1,
    }
    claim = compute_dict(order([therapy(frequency="q8h", stop="2026-01-03", drugs=[drug])]))
    (line,) = [x for x in claim["lines"] if x["code"] == "J3370"]
    assert line["units"] == 3 * 8 and "= 8 units a day × 3 days = 24 units" in line["explanation"]


def test_150_minute_visit_is_99601_only_and_151_adds_one_99602() -> None:
    visits = [{"date": "2026-01-02", "minutes": 150}, {"date": "2026-01-03", "minutes": 151}]
    claim = compute_dict(order([therapy()], nursing_visits=visits))
    by_day = {(x["code"], x["from"]): x["units"] for x in claim["lines"] if x["category"] == "nursing"}
    # 150 − 120 = 30 minutes < the 31-minute midpoint; 151 − 120 = 31 counts as an hour.
    assert by_day == {("99601", "2026-01-02"): 1, ("99601", "2026-01-03"): 1, ("99602", "2026-01-03"): 1}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orders(), st.booleans())
def test_the_service_calendar_shows_the_days_the_claim_bills(data: dict[str, Any], no_volume: bool) -> None:
    """The biller checks units by eye on the calendar: its per-diem days are the claim's.
    A TPN course without its daily volume has no per-diem code, so no days either."""
    from infusiondesk.claims.calendar import service_calendar
    from infusiondesk.claims.order_file import parse_order
    from infusiondesk.codesets import load_reference

    tpn = {"therapy": "tpn", "frequency": "q24h", "start": "2026-01-25", "stop": "2026-02-05"}
    if not no_volume:
        tpn["daily_volume_ml"] = 1500
    data = {**data, "therapies": [*data["therapies"], tpn]}
    reference = load_reference()
    parsed = parse_order(data)
    profile = reference.profiles[parsed.payer_profile]
    claim = compute(data)
    for shown in service_calendar(parsed, reference, profile).therapies:
        billed = sorted(
            x.first + timedelta(days=n)
            for x in claim.lines
            if x.category == "per-diem" and x.source == f"therapies[{shown.index}]"
            for n in range(x.days)
        )
        assert list(shown.service_days) == billed
