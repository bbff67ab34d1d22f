"""Per-diem codes and units as worked examples: an order in, the lines out (billing-rules.md §2–§4, §9)."""

from __future__ import annotations

import pytest

from tests.helpers import compute_dict, order, problem_at, therapy, units_by_code


@pytest.mark.parametrize(
    ("kind", "extra", "code"),
    [
        ("anti-infective", {"frequency": "q3h"}, "S9497"),
        ("anti-infective", {"frequency": "q6h"}, "S9503"),
        ("anti-infective", {"frequency": "tid"}, "S9502"),
        ("anti-infective", {"frequency": "bid"}, "S9501"),
        ("anti-infective", {"frequency": "daily"}, "S9500"),
        ("anti-infective", {"frequency": "continuous"}, "S9494"),
        ("tpn", {"frequency": "continuous", "daily_volume_ml": 1000}, "S9365"),
        ("tpn", {"frequency": "continuous", "daily_volume_ml": 1001}, "S9366"),
        ("tpn", {"frequency": "continuous", "daily_volume_ml": 3000}, "S9367"),
        ("tpn", {"frequency": "continuous", "daily_volume_ml": 3500}, "S9368"),
        ("hydration", {"daily_volume_ml": 500}, "S9374"),
        ("hydration", {"daily_volume_ml": 2500}, "S9376"),
        ("pain-management", {"method": "continuous"}, "S9326"),
        ("pain-management", {"method": "intermittent"}, "S9327"),
        ("pain-management", {"method": "implanted-pump"}, "S9328"),
        ("pain-management", {}, "S9325"),
        ("chemotherapy", {"method": "continuous"}, "S9330"),
        ("chemotherapy", {"method": "intermittent"}, "S9331"),
        ("enteral", {"method": "pump"}, "S9342"),
        ("enteral", {"method": "gravity"}, "S9341"),
        ("enteral", {"method": "bolus"}, "S9343"),
        ("inotropic", {"frequency": "continuous"}, "S9348"),
        ("immunotherapy", {}, "S9338"),
        ("epoprostenol", {"frequency": "continuous"}, "S9347"),
    ],
)
def test_per_diem_code_by_therapy(kind: str, extra: dict, code: str) -> None:
    spec = therapy(kind, **{"frequency": "q24h", "start": "2026-02-01", "stop": "2026-02-03", **extra})
    claim = compute_dict(order([spec]))
    assert units_by_code(claim, "per-diem") == {(code, ()): 3}


@pytest.mark.parametrize(
    ("profile", "frequency", "units"),
    [
        ("nhia", "q48h", 14),
        ("nhia", "q72h", 14),
        ("administration-days", "q48h", 7),
        ("administration-days", "q72h", 5),
        ("administration-days", "q8h", 14),
        ("nhia", "q7d", 2),
        ("administration-days", "weekly", 2),
        ("nhia", "q10d", 2),
    ],
)
def test_units_under_each_profile(profile: str, frequency: str, units: int) -> None:
    claim = compute_dict(
        order([therapy(frequency=frequency, start="2026-01-01", stop="2026-01-14")], profile)
    )
    assert sum(line["units"] for line in claim["lines"] if line["category"] == "per-diem") == units


def test_hold_days_are_not_service_days_and_split_the_span() -> None:
    spec = therapy(holds=[{"from": "2026-01-05", "to": "2026-01-07"}])
    claim = compute_dict(order([spec]))
    spans = [(line["from"], line["to"], line["units"]) for line in claim["lines"]]
    assert spans == [("2026-01-01", "2026-01-04", 4), ("2026-01-08", "2026-01-14", 7)]


def test_doses_on_hold_days_are_not_given_and_nothing_shifts() -> None:
    spec = therapy(frequency="q72h", holds=[{"from": "2026-01-04", "to": "2026-01-04"}])
    claim = compute_dict(order([spec], "administration-days"))
    assert [line["from"] for line in claim["lines"]] == [
        "2026-01-01",
        "2026-01-07",
        "2026-01-10",
        "2026-01-13",
    ]


def test_administration_dates_replace_the_schedule() -> None:
    spec = therapy(frequency="q48h", administration_dates=["2026-01-02", "2026-01-03", "2026-01-09"])
    claim = compute_dict(order([spec], "administration-days"))
    assert sum(line["units"] for line in claim["lines"]) == 3


def test_billing_period_clips_the_days_and_warns() -> None:
    data = order(
        [therapy(start="2026-01-25", stop="2026-02-10")],
        billing_period={"from": "2026-02-01", "to": "2026-02-28"},
    )
    claim = compute_dict(data)
    assert [(line["from"], line["to"]) for line in claim["lines"]] == [("2026-02-01", "2026-02-10")]
    assert problem_at(claim, "therapies[0]", "warning")


def test_month_end_splits_a_span_under_nhia_but_per_date_lines_give_one_line_a_day() -> None:
    spec = therapy(start="2026-01-30", stop="2026-02-02")
    spans = compute_dict(order([spec]))["lines"]
    assert [(line["from"], line["to"]) for line in spans] == [
        ("2026-01-30", "2026-01-31"),
        ("2026-02-01", "2026-02-02"),
    ]
    per_date = compute_dict(order([spec], "per-date-lines"))["lines"]
    assert [(line["from"], line["to"], line["units"]) for line in per_date] == [
        ("2026-01-30", "2026-01-30", 1),
        ("2026-01-31", "2026-01-31", 1),
        ("2026-02-01", "2026-02-01", 1),
        ("2026-02-02", "2026-02-02", 1),
    ]


def test_monthly_dose_is_clamped_to_the_end_of_short_months() -> None:
    claim = compute_dict(order([therapy("anti-tnf", "monthly", "2026-01-31", "2026-04-30")]))
    assert [line["from"] for line in claim["lines"]] == [
        "2026-01-31",
        "2026-02-28",
        "2026-03-31",
        "2026-04-30",
    ]


def test_partial_overlap_puts_sh_only_on_shared_days() -> None:
    first = therapy(start="2026-01-01", stop="2026-01-10")
    second = therapy("hydration", "q24h", "2026-01-08", "2026-01-15", daily_volume_ml=1000)
    claim = compute_dict(order([first, second]))
    got = [(line["code"], line["modifiers"], line["from"], line["to"]) for line in claim["lines"]]
    assert ("S9374", ["SH"], "2026-01-08", "2026-01-10") in got
    assert ("S9374", [], "2026-01-11", "2026-01-15") in got
    assert ("S9500", [], "2026-01-01", "2026-01-10") in got


def test_highest_charge_is_primary_and_third_gets_sj() -> None:
    therapies = [
        therapy(start="2026-01-01", stop="2026-01-05"),
        therapy("tpn", "continuous", "2026-01-01", "2026-01-05", daily_volume_ml=1500),
        therapy("pain-management", "continuous", "2026-01-01", "2026-01-05", method="continuous"),
    ]
    charges = {"S9500": "100.00", "S9366": "300.00", "S9326": "200.00"}
    claim = compute_dict(order(therapies, charges=charges))
    modifiers = {line["code"]: line["modifiers"] for line in claim["lines"]}
    assert modifiers == {"S9366": [], "S9326": ["SH"], "S9500": ["SJ"]}


def test_biller_can_name_the_primary_therapy() -> None:
    therapies = [
        therapy(start="2026-01-01", stop="2026-01-05"),
        therapy("tpn", "continuous", "2026-01-01", "2026-01-05", daily_volume_ml=1500),
    ]
    claim = compute_dict(order(therapies, primary_therapy=1))
    assert {line["code"]: line["modifiers"] for line in claim["lines"]} == {"S9366": [], "S9500": ["SH"]}


def test_suite_place_of_service_adds_ss() -> None:
    claim = compute_dict(order([therapy(stop="2026-01-02")], place_of_service="49"))
    assert claim["lines"][0]["modifiers"] == ["SS"]


def test_flat_scheme_uses_the_unscaled_code() -> None:
    from infusiondesk.claims.build import build_claim
    from infusiondesk.claims.order_file import parse_order
    from infusiondesk.codesets import load_reference

    reference = load_reference()
    profile = reference.profiles["nhia"].with_changes(tpn_scheme="flat")
    parsed = parse_order(order([therapy("tpn", "continuous", "2026-01-01", "2026-01-03")]))
    claim = build_claim(parsed, reference, profile)
    assert [line.code for line in claim.lines] == ["S9364"]
    assert not [p for p in claim.problems if p.where.endswith("daily_volume_ml")]


def test_volume_tiered_therapy_without_volume_is_an_error() -> None:
    claim = compute_dict(order([therapy("tpn", "continuous")]))
    assert problem_at(claim, "therapies[0].daily_volume_ml", "error")
    assert claim["lines"] == []


def test_same_code_twice_a_day_is_billed_once_with_an_error() -> None:
    claim = compute_dict(order([therapy(stop="2026-01-10"), therapy(start="2026-01-05", stop="2026-01-12")]))
    assert units_by_code(claim, "per-diem") == {("S9500", ()): 12}
    assert problem_at(claim, "therapies[1].start", "error")


def test_catch_all_anti_infective_code_with_an_hourly_one_is_an_error() -> None:
    claim = compute_dict(order([therapy(frequency="q8h"), therapy(frequency="q48h")]))
    assert problem_at(claim, "therapies[1].frequency", "error")


def test_stop_before_start_is_an_error() -> None:
    claim = compute_dict(order([therapy(start="2026-01-10", stop="2026-01-01")]))
    assert problem_at(claim, "therapies[0].stop", "error")


def test_hold_outside_the_therapy_is_an_error() -> None:
    claim = compute_dict(order([therapy(holds=[{"from": "2026-01-13", "to": "2026-01-20"}])]))
    assert problem_at(claim, "therapies[0].holds[0]", "error")


def test_code_not_yet_effective_warns() -> None:
    claim = compute_dict(order([therapy("immunotherapy-injectable", "q7d", "2023-03-01", "2023-04-30")]))
    assert problem_at(claim, "therapies[0]", "warning")
    later = compute_dict(order([therapy("immunotherapy-injectable", "q7d", "2023-04-01", "2023-04-30")]))
    assert not problem_at(later, "therapies[0]", "warning")


def test_every_line_explains_itself_with_its_source() -> None:
    claim = compute_dict(order([therapy(frequency="q48h")], "administration-days"))
    explanation = claim["lines"][0]["explanation"]
    assert "S9494" in explanation and "administration" in explanation and "HCSC" in explanation


def test_charges_fill_line_totals() -> None:
    claim = compute_dict(order([therapy()], charges={"S9500": "185.00"}))
    assert claim["lines"][0]["charge"] == "2590.00"


def test_suite_modifier_is_explained() -> None:
    claim = compute_dict(order([therapy(stop="2026-01-02")], place_of_service="49"))
    assert "SS:" in claim["lines"][0]["explanation"]


def test_medicare_secondary_profile_puts_gy_on_every_line() -> None:
    from infusiondesk.claims.build import build_claim
    from infusiondesk.claims.order_file import parse_order
    from infusiondesk.codesets import load_reference

    reference = load_reference()
    profile = reference.profiles["nhia"].with_changes(medicare_secondary_gy=True)
    data = order([therapy(stop="2026-01-02")], nursing_visits=[{"date": "2026-01-01", "minutes": 60}])
    claim = build_claim(parse_order(data), reference, profile)
    assert claim.lines and all("GY" in line.modifiers for line in claim.lines)


def test_seven_lines_need_two_forms() -> None:
    visits = [{"date": f"2026-01-0{day}", "minutes": 60} for day in range(1, 7)]
    claim = compute_dict(order([therapy(stop="2026-01-06")], nursing_visits=visits))
    assert len(claim["lines"]) == 7 and claim["pages"] == 2
    claim = compute_dict(order([therapy(stop="2026-01-06")], nursing_visits=visits[:5]))
    assert len(claim["lines"]) == 6 and claim["pages"] == 1


def test_overlapping_holds_are_an_error() -> None:
    holds = [{"from": "2026-01-03", "to": "2026-01-05"}, {"from": "2026-01-05", "to": "2026-01-06"}]
    assert problem_at(compute_dict(order([therapy(holds=holds)])), "therapies[0].holds[1]", "error")


def test_more_than_four_modifiers_is_an_error() -> None:
    from datetime import date

    from infusiondesk.claims.build import _modifier_problems
    from infusiondesk.rules.lines import ClaimLine

    day = date(2026, 1, 1)
    five = ClaimLine(
        "per-diem", "S9500", ("SJ", "59", "SS", "GY", "KX"), day, day, 1, "", source="therapies[0]"
    )
    four = five._replace(modifiers=five.modifiers[:4])
    assert [p.where for p in _modifier_problems([five, four])] == ["therapies[0]"]
