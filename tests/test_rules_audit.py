"""Issue 10's audit as worked examples: an order in, the lines out, each expected value
derived from the quoted passage of a primary source (tests/data/sources)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.helpers import compute_dict, order, problem_at, source_passage, therapy, units_by_code

NHIA_RECS = "nhia-payer-contracting-recommendations.txt"
NHIA = "nhia-coding-standard-and-per-diem-definition.txt"
HCSC = "hcsc-cpcp019-home-infusion-policy.txt"
ALLWAYS = "allways-home-infusion-payment-policy.txt"

CEFAZOLIN = {"hcpcs": "J0690", "ndc": "0143-9924-90", "dose": 2, "dose_unit": "g", "ndc_unit": "UN"}
VANCOMYCIN = {"hcpcs": "J3370", "ndc": "0409-6533-01", "dose": 1250, "dose_unit": "mg", "ndc_unit": "UN"}
US_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _drug(base: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**base, "ndc_quantity_per_dose": 1, **extra}


def _lines(claim: dict[str, Any], code: str, category: str | None = None) -> list[dict[str, Any]]:
    return [
        line
        for line in claim["lines"]
        if line["code"] == code and (category is None or line["category"] == category)
    ]


# --- 1. Two different therapies with one S-code are concurrent, not a duplicate --------------


def test_two_anti_infectives_on_the_same_s_code_are_concurrent_sh_on_the_shared_days() -> None:
    source_passage(NHIA_RECS, "Multiple anti-infective therapies")
    source_passage(NHIA_RECS, "use the secondary (SH) and tertiary (SJ) modifiers to avoid duplication")
    # Cefazolin 01/01–01/10 and vancomycin 01/05–01/14, both q24h → S9500: the 6 shared days
    # (05..10) carry SH on the second therapy, its other 4 days (11..14) none.
    first = therapy(stop="2026-01-10", drugs=[_drug(CEFAZOLIN)])
    second = therapy(start="2026-01-05", stop="2026-01-14", drugs=[_drug(VANCOMYCIN)])
    claim = compute_dict(order([first, second]))
    per_diem = units_by_code(claim, "per-diem")
    assert per_diem == {("S9500", ()): 10 + 4, ("S9500", ("SH",)): 6}
    sh = [line for line in _lines(claim, "S9500") if line["modifiers"] == ["SH"]]
    assert [(line["from"], line["to"]) for line in sh] == [("2026-01-05", "2026-01-10")]
    assert not [p for p in claim["problems"] if p["where"].startswith("therapies[1]")]


def test_a_third_anti_infective_on_the_same_code_gets_sj() -> None:
    source_passage(HCSC, "SJ (third or more concurrently administered infusion therapy)")
    drugs = [CEFAZOLIN, VANCOMYCIN, {**CEFAZOLIN, "hcpcs": "J0696"}]
    claim = compute_dict(order([therapy(stop="2026-01-05", drugs=[_drug(d)]) for d in drugs]))
    assert units_by_code(claim, "per-diem") == {
        ("S9500", ()): 5,
        ("S9500", ("SH",)): 5,
        ("S9500", ("SJ",)): 5,
    }


def test_the_same_therapy_and_drug_entered_twice_is_a_duplicate_billed_once() -> None:
    one = therapy(stop="2026-01-10", drugs=[_drug(CEFAZOLIN)])
    again = therapy(start="2026-01-08", stop="2026-01-12", drugs=[_drug(CEFAZOLIN)])
    claim = compute_dict(order([one, again]))
    # 01/01..01/12 once each: 12 days, no SH; the repeat is named with its days.
    assert units_by_code(claim, "per-diem") == {("S9500", ()): 12}
    (problem,) = problem_at(claim, "therapies[1].start", "error")
    assert "therapies[0]" in problem["message"] and "01/08/2026–01/10/2026" in problem["message"]


# --- 2. Between doses more than 72 h apart nothing is bundled ---------------------------------


def _weekly_ivig(**extra: Any) -> dict[str, Any]:
    drug = {
        "hcpcs": "J1561",
        "ndc": "13533-0800-12",
        "dose": 40,
        "dose_unit": "g",
        "ndc_unit": "ML",
        "ndc_quantity_per_dose": 400,
    }
    return therapy("immunotherapy", "weekly", "2026-06-01", "2026-06-29", drugs=[{**drug, **extra}])


def test_catheter_care_and_supplies_between_weekly_ivig_doses_are_billable() -> None:
    source_passage(
        NHIA,
        "Therapies provided beyond this range (weekly, monthly, etc.) fall outside of the per diem structure",
    )
    supplies = [
        {"hcpcs": "S5501", "quantity": 1, "date": "2026-06-03"},
        {"hcpcs": "A4222", "quantity": 2, "date": "2026-06-03"},
        {"hcpcs": "A4222", "quantity": 1, "date": "2026-06-08"},
    ]
    claim = compute_dict(order([_weekly_ivig()], supplies=supplies))
    # Doses 06/01, 08, 15, 22, 29: five S9338 units; 06/03 is between doses.
    assert units_by_code(claim, "per-diem") == {("S9338", ()): 5}
    assert [
        (x["code"], x["from"], x["units"]) for x in claim["lines"] if x["category"] == "catheter-care"
    ] == [("S5501", "2026-06-03", 1)]
    assert [(x["from"], x["units"]) for x in _lines(claim, "A4222")] == [("2026-06-03", 2)]
    (bundled,) = claim["bundled"]
    assert (bundled["code"], bundled["date"]) == ("A4222", "2026-06-08")
    assert "S9338 billed on 06/08/2026" in bundled["reason"]


def test_administration_days_payer_names_the_courses_real_per_diem_lines() -> None:
    source_passage(
        HCSC,
        "The Plan reimburses home infusion therapy services on a per diem basis "
        "only when an actual drug infusion is administered that day",
    )
    spec = therapy("anti-infective", "q48h", "2026-07-01", "2026-07-06")
    supplies = [{"hcpcs": "A4222", "quantity": 1, "date": "2026-07-02"}]
    claim = compute_dict(order([spec], "administration-days", supplies=supplies))
    days = sorted(line["from"] for line in _lines(claim, "S9494"))
    assert days == ["2026-07-01", "2026-07-03", "2026-07-05"]
    (bundled,) = claim["bundled"]
    assert "S9494 of this course, billed 07/01/2026, 07/03/2026, 07/05/2026" in bundled["reason"]
    assert "07/02/2026" not in bundled["reason"] and "2026-07-02" not in bundled["reason"]


# --- 3. NOC drugs: one unit per date of service ---------------------------------------------


def test_noc_nafcillin_is_one_unit_per_date_with_no_false_unit_error() -> None:
    nafcillin = _drug(CEFAZOLIN, hcpcs="J3490", description="nafcillin 2 g IV q4h", ndc_quantity_per_dose=1)
    spec = therapy("anti-infective", "q4h", "2026-01-01", "2026-01-07", drugs=[nafcillin])
    claim = compute_dict(order([spec]))
    (line,) = _lines(claim, "J3490", "drug")
    # 7 dates of service, one unit each; q4h = 6 doses a day → NDC quantity 6 a day × 7 = 42.
    assert (line["units"], line["ndc_quantity"], line["note"]) == (7, 42, "nafcillin 2 g IV q4h")
    assert not [p for p in claim["problems"] if p["where"].startswith("therapies[0].drugs")]
    assert "no dose conversion applies" in line["explanation"] and "÷" not in line["explanation"]


# --- 6. Enteral tubes billable, kits and pump bundled, pump service bundled unless owned ----


def _enteral(supplies: list[dict[str, Any]]) -> dict[str, Any]:
    return compute_dict(order([therapy("enteral", "q24h", method="pump")], supplies=supplies))


@pytest.mark.parametrize("code", ["B4081", "B4082", "B4083", "B4087", "B4088"])
def test_enteral_feeding_tubes_are_billable_under_an_enteral_per_diem(code: str) -> None:
    passage = source_passage(
        NHIA,
        "Invasively placed digestive tract access devices for enteral therapy, "
        "including G tubes, NG tubes, J tubes",
    )
    claim = _enteral([{"hcpcs": code, "quantity": 1, "date": "2026-01-02"}])
    (line,) = _lines(claim, code)
    assert line["category"] == "supply" and not claim["bundled"]
    assert passage in line["explanation"]


@pytest.mark.parametrize("code", ["B4034", "B4035", "B4036", "B9002"])
def test_enteral_kits_and_pump_are_bundled_into_the_enteral_per_diem(code: str) -> None:
    source_passage(NHIA, "DME (pumps, poles and accessories) for drug and nutrition administration")
    claim = _enteral([{"hcpcs": code, "quantity": 1, "date": "2026-01-02"}])
    (item,) = claim["bundled"]
    assert item["code"] == code and "S9342 billed on 01/02/2026" in item["reason"]
    assert "excludes" not in item["reason"]


@pytest.mark.parametrize(("owned", "billed"), [(False, False), (True, True)])
def test_pump_service_is_bundled_unless_the_patient_owns_the_pump(owned: bool, billed: bool) -> None:
    passage = source_passage(NHIA, "Equipment maintenance and repair (excluding patient owned equipment)")
    source_passage(HCSC, "equipment maintenance and repair")
    supplies = [{"hcpcs": "S5036", "quantity": 1, "date": "2026-01-03", "patient_owned": owned}]
    claim = compute_dict(order([therapy()], supplies=supplies))
    assert bool(_lines(claim, "S5036")) is billed
    reasons = [b["reason"] for b in claim["bundled"]] + [x["explanation"] for x in _lines(claim, "S5036")]
    assert len(reasons) == 1 and passage in reasons[0]


# --- 8. Multi-use vials, drugs without their per diem, doses inside a hold ------------------


def test_waste_on_a_multi_use_vial_is_an_error_and_not_billed() -> None:
    source_passage(ALLWAYS, "Do not bill for drug wastage associated with multi use vial drugs.")
    heparin = {"hcpcs": "J1644", "ndc": "63323-0540-11", "dose": 5000, "dose_unit": "units"}
    spec = therapy(
        "anticoagulant-continuous",
        "continuous",
        stop="2026-01-03",
        drugs=[_drug(heparin, ndc_unit="ML", wasted=500)],
    )
    claim = compute_dict(order([spec]))
    assert not [x for x in claim["lines"] if "JW" in x["modifiers"]]
    assert problem_at(claim, "therapies[0].drugs[0].wasted", "error")
    assert units_by_code(claim, "drug") == {("J1644", ()): 3 * 5}  # 5000 units ÷ 1000 = 5 a day


def test_a_drug_whose_dates_lack_their_per_diem_on_the_claim_is_warned() -> None:
    source_passage(
        HCSC,
        "The per diem HCPCS code must be billed on the same claim as the corresponding drug "
        "for the same dates of service.",
    )
    # TPN without its daily volume has no per-diem code: its drug is billed alone.
    lipids = {"hcpcs": "B4185", "ndc": "0338-0519-13", "dose": 20, "dose_unit": "g", "ndc_unit": "ML"}
    claim = compute_dict(order([therapy("tpn", "q24h", stop="2026-01-03", drugs=[_drug(lipids)])]))
    (problem,) = problem_at(claim, "therapies[0].drugs", "warning")
    assert "01/01/2026–01/03/2026" in problem["message"]
    covered = compute_dict(order([therapy(stop="2026-01-03", drugs=[_drug(CEFAZOLIN)])]))
    assert not problem_at(covered, "therapies[0].drugs")


def test_an_administration_date_inside_a_hold_is_dropped_and_warned() -> None:
    spec = therapy(
        stop="2026-01-10",
        holds=[{"from": "2026-01-04", "to": "2026-01-05"}],
        administration_dates=["2026-01-01", "2026-01-04", "2026-01-06"],
        drugs=[_drug(CEFAZOLIN)],
    )
    claim = compute_dict(order([spec], "administration-days"))
    assert sorted(x["from"] for x in _lines(claim, "S9500")) == ["2026-01-01", "2026-01-06"]
    (problem,) = problem_at(claim, "therapies[0].administration_dates", "warning")
    assert "01/04/2026" in problem["message"] and "hold" in problem["message"]


# --- 9. Dates as the GUI shows them ---------------------------------------------------------


def test_explanations_and_problem_messages_show_dates_as_mm_dd_yyyy() -> None:
    spec = therapy(
        stop="2026-01-10",
        holds=[{"from": "2026-01-20", "to": "2026-01-21"}],
        drugs=[_drug(CEFAZOLIN)],
    )
    claim = compute_dict(
        order(
            [spec],
            billing_period={"from": "2026-01-01", "to": "2026-01-05"},
            nursing_visits=[{"date": "2026-01-09", "minutes": 60}],
            supplies=[{"hcpcs": "A4222", "quantity": 1, "date": "2026-01-03"}],
        )
    )
    texts = [x["explanation"] for x in claim["lines"]] + [b["reason"] for b in claim["bundled"]]
    texts += [p["message"] for p in claim["problems"]]
    assert any(US_DATE.search(text) for text in texts)
    assert not [text for text in texts if ISO_DATE.search(text)]


def test_a_one_hour_visit_is_not_explained_as_two_hours() -> None:
    claim = compute_dict(order([therapy()], nursing_visits=[{"date": "2026-01-02", "minutes": 60}]))
    (line,) = _lines(claim, "99601")
    assert "60-minute" in line["explanation"] and "up to two hours" in line["explanation"]
    assert "first two hours of" not in line["explanation"]


# --- 10. The JW line's NDC quantity ---------------------------------------------------------


def test_ivig_waste_in_grams_gets_its_ndc_quantity_in_ml_from_the_catalogue_concentration() -> None:
    source_passage(
        ALLWAYS, "Providers must bill for drug wastage on a separate claim line appended with modifier JW"
    )
    source_passage(ALLWAYS, "If a drug is supplied in a *vial in liquid form*, bill in millimeters. (**ML**)")
    claim = compute_dict(order([_weekly_ivig(wasted=2)]))
    waste = [x for x in _lines(claim, "J1561") if x["modifiers"] == ["JW"]]
    # Gamunex-C is 10% (100 mg/mL): 2 g = 2000 mg → 20 mL a dose; (40 + 2) g ÷ 500 mg = 84 − 80 = 4 units.
    assert [(x["units"], x["ndc_unit"], x["ndc_quantity"]) for x in waste] == [(4, "ML", 20)] * 5
    assert not problem_at(claim, "therapies[0].drugs[0].wasted_ndc_quantity")


def test_jw_ndc_quantity_warning_clears_when_the_biller_enters_it() -> None:
    # Octagam's strength varies (5% or 10%): the catalogue has no concentration to use.
    octagam = {"hcpcs": "J1568", "ndc": "68982-0840-02", "dose": 30, "dose_unit": "g", "ndc_unit": "ML"}
    spec = therapy("immunotherapy", "monthly", "2026-01-05", "2026-01-05")
    missing = compute_dict(order([{**spec, "drugs": [_drug(octagam, wasted=1)]}]))
    assert problem_at(missing, "therapies[0].drugs[0].wasted_ndc_quantity", "warning")
    entered = compute_dict(order([{**spec, "drugs": [_drug(octagam, wasted=1, wasted_ndc_quantity=10)]}]))
    assert not problem_at(entered, "therapies[0].drugs[0].wasted_ndc_quantity")
    (waste,) = [x for x in entered["lines"] if x["modifiers"] == ["JW"]]
    assert (waste["units"], waste["ndc_quantity"]) == (2, 10)  # 31 g ÷ 500 mg = 62 − 60 given


def test_order_files_keep_the_waste_ndc_quantity_and_patient_owned() -> None:
    from infusiondesk.claims.order_file import order_to_dict, parse_order

    drug = _drug(CEFAZOLIN, wasted=1, wasted_ndc_quantity="0.5")
    data = order(
        [therapy(drugs=[drug])],
        supplies=[{"hcpcs": "S5035", "quantity": 1, "date": "2026-01-02", "patient_owned": True}],
    )
    written = order_to_dict(parse_order(data))
    assert written["therapies"][0]["drugs"][0]["wasted_ndc_quantity"] in ("0.5", 0.5)
    assert written["supplies"][0]["patient_owned"] is True
    assert parse_order(written) == parse_order(data)


def test_the_entered_waste_ndc_quantity_is_per_dose_and_adds_up_over_the_days_doses() -> None:
    # q12h: two doses a day, each discarding 10 mL → 20 mL a day on the JW line.
    octagam = {"hcpcs": "J1568", "ndc": "68982-0840-02", "dose": 5, "dose_unit": "g", "ndc_unit": "ML"}
    drug = _drug(octagam, wasted=1, wasted_ndc_quantity=10)
    claim = compute_dict(order([therapy("immunotherapy", "q12h", stop="2026-01-01", drugs=[drug])]))
    (waste,) = [x for x in claim["lines"] if x["modifiers"] == ["JW"]]
    # (10 + 2) g ÷ 500 mg = 24 − 20 given = 4 JW units.
    assert (waste["units"], waste["ndc_quantity"]) == (4, 20)


def test_administration_dates_outside_the_therapy_are_warned_and_not_billed() -> None:
    spec = therapy(
        stop="2026-01-05",
        administration_dates=["2025-12-31", "2026-01-02", "2026-01-09"],
        drugs=[_drug(CEFAZOLIN)],
    )
    claim = compute_dict(order([spec], "administration-days"))
    assert [(x["code"], x["from"], x["to"]) for x in claim["lines"]] == [
        ("S9500", "2026-01-02", "2026-01-02"),
        ("J0690", "2026-01-02", "2026-01-02"),
    ]
    (problem,) = problem_at(claim, "therapies[0].administration_dates", "warning")
    assert "2 date(s) outside 01/01/2026–01/05/2026" in problem["message"]


def test_a_dose_that_cant_be_converted_is_not_explained_as_a_conversion() -> None:
    spec = therapy(stop="2026-01-02", drugs=[_drug(CEFAZOLIN, dose=10, dose_unit="ml")])
    claim = compute_dict(order([spec]))
    (line,) = _lines(claim, "J0690")
    assert problem_at(claim, "therapies[0].drugs[0].dose_unit", "error")
    assert "÷" not in line["explanation"] and "can't be converted" in line["explanation"]
    assert line["units"] == 2  # one per dose, q24h, two days
