"""Supplies bundled or billable, with the reason (billing-rules.md §6)."""

from __future__ import annotations

import pytest

from tests.helpers import compute_dict, order, problem_at, source_passage, therapy


def _outcome(kind: str, code: str, profile: str = "nhia", day: str = "2026-01-02", **extra: object) -> str:
    spec = therapy(kind, "q24h", "2026-01-01", "2026-01-10", **extra)
    claim = compute_dict(order([spec], profile, supplies=[{"hcpcs": code, "quantity": 1, "date": day}]))
    if any(b["code"] == code for b in claim["bundled"]):
        return "bundled"
    assert any(line["code"] == code for line in claim["lines"])
    return "billable"


@pytest.mark.parametrize(
    ("kind", "code", "profile", "extra", "expected"),
    [
        ("anti-infective", "A4222", "nhia", {}, "bundled"),
        ("anti-infective", "A4221", "nhia", {}, "bundled"),
        ("anti-infective", "E0781", "nhia", {}, "bundled"),
        ("anti-infective", "J1642", "nhia", {}, "bundled"),
        ("anti-infective", "J7050", "nhia", {}, "bundled"),
        ("hydration", "J7050", "nhia", {"daily_volume_ml": 1000}, "billable"),
        ("enteral", "B4035", "nhia", {"method": "pump"}, "bundled"),
        ("anti-infective", "B4035", "nhia", {}, "billable"),
        ("enteral", "B4150", "nhia", {"method": "pump"}, "billable"),
        ("anti-infective", "A4300", "nhia", {}, "billable"),
        ("anti-infective", "A4300", "administration-days", {}, "bundled"),
        ("anti-infective", "S5520", "nhia", {}, "billable"),
        ("anti-infective", "S5517", "nhia", {}, "billable"),
        ("anti-infective", "S5035", "nhia", {}, "bundled"),
    ],
)
def test_supply_outcome(kind: str, code: str, profile: str, extra: dict, expected: str) -> None:
    assert _outcome(kind, code, profile, **extra) == expected


def test_no_per_diem_on_the_date_makes_a_supply_billable_with_the_reason() -> None:
    claim = compute_dict(
        order(
            [therapy(stop="2026-01-03")], supplies=[{"hcpcs": "A4222", "quantity": 2, "date": "2026-01-05"}]
        )
    )
    (line,) = [line for line in claim["lines"] if line["code"] == "A4222"]
    assert line["units"] == 2 and "no home-infusion per diem" in line["explanation"]
    assert problem_at(claim, "supplies[0].date", "warning")


def test_bundled_supply_carries_the_rule_and_per_diem() -> None:
    claim = compute_dict(
        order([therapy()], supplies=[{"hcpcs": "A4222", "quantity": 10, "date": "2026-01-01"}])
    )
    (item,) = claim["bundled"]
    assert "S9500" in item["reason"] and "per diem" in item["reason"]


def test_catheter_care_only_on_days_without_a_therapy_per_diem() -> None:
    supplies = [
        {"hcpcs": "S5498", "quantity": 1, "date": "2026-01-05"},
        {"hcpcs": "S5498", "quantity": 1, "date": "2026-01-20"},
    ]
    claim = compute_dict(order([therapy(stop="2026-01-10")], supplies=supplies))
    care = [line for line in claim["lines"] if line["category"] == "catheter-care"]
    assert [(line["code"], line["from"]) for line in care] == [("S5498", "2026-01-20")]
    assert [b["code"] for b in claim["bundled"]] == ["S5498"]


def test_billable_j_code_entered_as_a_supply_asks_for_its_ndc() -> None:
    spec = therapy("hydration", "q24h", "2026-01-01", "2026-01-03", daily_volume_ml=1000)
    claim = compute_dict(order([spec], supplies=[{"hcpcs": "J7050", "quantity": 4, "date": "2026-01-02"}]))
    assert problem_at(claim, "supplies[0].hcpcs", "error")


def test_a_supply_on_a_hold_day_is_billable_no_per_diem_pays_for_that_day() -> None:
    """NHIA: the per diem is "each day that a given patient is provided access"; a hold
    day (inpatient stay) is none, so nothing bundles into it (billing-rules §6)."""
    spec = therapy(stop="2026-01-10", holds=[{"from": "2026-01-05", "to": "2026-01-06"}])
    claim = compute_dict(order([spec], supplies=[{"hcpcs": "A4222", "quantity": 1, "date": "2026-01-05"}]))
    assert [(line["code"], line["from"]) for line in claim["lines"] if line["category"] == "supply"] == [
        ("A4222", "2026-01-05")
    ]
    assert claim["bundled"] == []


def test_enteral_kit_is_bundled_into_the_enteral_per_diem_beside_another_therapy() -> None:
    """A kit belongs to the enteral per diem (NHIA rec. 10 lists the kits with S9340-S9343):
    with an anti-infective first on the same day it is still bundled, and its reason names
    the enteral line, not the anti-infective's."""
    therapies = [therapy(stop="2026-01-05"), therapy("enteral", "q24h", stop="2026-01-05", method="pump")]
    claim = compute_dict(order(therapies, supplies=[{"hcpcs": "B4035", "quantity": 1, "date": "2026-01-03"}]))
    (item,) = claim["bundled"]
    assert item["code"] == "B4035" and "S9342" in item["reason"] and "S9500" not in item["reason"]


def test_iv_solution_is_billable_when_hydration_runs_beside_an_anti_infective() -> None:
    """HCSC CPCP019: J7030-J7060 "separate billing is dependent on whether incidental to a
    drug infusion (keeping a line open) or whether prescribed for medical condition i.e.
    hydration": with a hydration per diem that day, the fluid is the drug, whatever else runs."""
    source_passage(
        "hcsc-cpcp019-home-infusion-policy.txt",
        "OR WHETHER PRESCRIBED FOR MEDICAL CONDITION I.E. HYDRATION",
    )
    therapies = [
        therapy(stop="2026-01-05"),
        therapy("hydration", "q24h", stop="2026-01-05", daily_volume_ml=1000),
    ]
    claim = compute_dict(order(therapies, supplies=[{"hcpcs": "J7050", "quantity": 2, "date": "2026-01-03"}]))
    assert claim["bundled"] == []
    assert [line["code"] for line in claim["lines"] if line["category"] == "supply"] == ["J7050"]
