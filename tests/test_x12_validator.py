"""Every 837P the app writes passes pyx12's 005010X222A1 validator, and reads back as the claim.

pyx12 (the validator behind ``x12valid``) is the independent reference: it knows the
implementation guide's loops, segments, element lengths and code lists. The round
trip reads each file with ``tests/x12_helpers.service_lines`` and compares every
service line with the claim as the CMS-1500 prints it (``claims_for_837``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from infusiondesk.claims.claim import Claim
from infusiondesk.output.split import split_for_print
from infusiondesk.output.x12 import claims_for_837
from tests.conftest import DATA
from tests.helpers import COMPLETE_HEADER, compute, order, therapy
from tests.x12_helpers import export, first, segments, service_lines, validate

EXAMPLES = json.loads((DATA / "worked-examples.json").read_text())["examples"]
PRICES = {"per-diem": "185.00", "drug": "4.10", "waste": "4.10", "nursing": "160.00"}
TWELVE = ["A41.9", "T82.7XXA", "E11.9", "I10", "J18.9", "N39.0", "L03.90", "M86.9", "K50.90", "E43", "R50.9"]
TWELVE.append("Z45.2")


def priced(data: dict[str, Any]) -> Claim:
    """The order with a charge for every code it bills (an 837P line needs one) and
    the complete header a claim needs to go out."""
    full = {**data, **{k: v for k, v in COMPLETE_HEADER.items() if k not in data}}
    codes = {line.code: line.category for line in compute(full).lines}
    charges = {code: PRICES.get(category, "12.50") for code, category in codes.items()}
    return compute({**full, "charges": {**charges, **data.get("charges", {})}})


def drug(**extra: Any) -> dict[str, Any]:
    return {
        "hcpcs": "J0690",
        "ndc": "0143-9924-90",
        "dose": 2000,
        "dose_unit": "mg",
        "ndc_unit": "UN",
        "ndc_quantity_per_dose": 1,
        **extra,
    }


EDGES: dict[str, dict[str, Any]] = {
    "per-date lines": order([therapy(drugs=[drug()])], "per-date-lines"),
    "SH/SJ concurrent therapies": next(e for e in EXAMPLES if e["name"] == "second-therapy-gets-SH")["order"],
    "JW waste line": order([therapy(stop="2026-01-03", drugs=[drug(dose=600, wasted=500, ndc_unit="ME")])]),
    "NOC drug with description": order(
        [
            therapy(
                drugs=[
                    drug(
                        hcpcs="J3490",
                        ndc="12345-6789-01",
                        dose=1,
                        dose_unit="units",
                        ndc_unit="ML",
                        ndc_quantity_per_dose=2,
                        description="Ertapenem 1 g vial",
                    )
                ]
            )
        ]
    ),
    "KP/KQ compound": order(
        [
            therapy(
                stop="2026-01-02",
                drugs=[
                    drug(compound=True),
                    drug(hcpcs="J3370", ndc="0409-6510-01", dose=500, compound=True),
                ],
            )
        ],
        "per-date-lines",
    ),
    "12 diagnoses": order([therapy(diagnosis_pointers="ABCD")], diagnoses=TWELVE),
    "replacement (frequency 7)": order(
        [therapy()], resubmission={"code": "7", "original_ref": "ORIG-000123"}
    ),
    "void (frequency 8)": order([therapy()], resubmission={"code": "8", "original_ref": "2026A0001"}),
    "patient is the spouse of the insured": order(
        [therapy()],
        insured={
            "last_name": "Doe",
            "first_name": "John",
            "relationship": "spouse",
            "dob": "1958-07-30",
            "sex": "M",
            "group_number": "GRP-77",
            "address": {"street": "1 Main St", "city": "Austin", "state": "TX", "zip": "78701"},
        },
    ),
    "patient is the child, insured without address": order(
        [therapy()], insured={"last_name": "Roe", "first_name": "Max", "relationship": "child"}
    ),
    "nursing visits and supplies": order(
        [therapy(stop="2026-01-05")],
        nursing_visits=[{"date": "2026-01-01", "minutes": 155}, {"date": "2026-01-03", "minutes": 60}],
        supplies=[{"hcpcs": "E0776", "quantity": 1, "date": "2026-01-01"}],
    ),
    "charges over 99999.99 split as the form splits them": order(
        [therapy(frequency="q4h", drugs=[drug()])], charges={"J0690": "400.00"}
    ),
    "ambulatory suite with a service facility": order(
        [therapy()],
        place_of_service="49",
        facility={
            "name": "Sunrise Infusion Suite",
            "npi": "1245319599",
            "address": {"street": "11 Elm St", "city": "Austin", "state": "TX", "zip": "78702"},
        },
        payer={"name": "Acme Health Plan", "payer_id": "12345", "address": {"street": "PO Box 1"}},
    ),
    "account number, taxonomy, plan name": order(
        [therapy()],
        patient={**COMPLETE_HEADER["patient"], "account_number": "ACC-77", "middle_initial": "Q"},
        provider={**COMPLETE_HEADER["provider"], "taxonomy": "3336H0001X"},
        insured={"last_name": "Doe", "first_name": "Jane", "relationship": "self", "plan_name": "Gold PPO"},
    ),
}


def _check_round_trip(claims: list[Claim], data: bytes) -> None:
    read = service_lines(data)
    expected = claims_for_837(claims)
    assert len(read) == len(expected)
    for claim, lines in zip(expected, read, strict=True):
        assert len(lines) == len(claim.lines)
        for want, got in zip(claim.lines, lines, strict=True):
            assert got.code == want.code
            assert got.modifiers == want.modifiers
            assert got.units == Decimal(want.units)
            assert got.charge == want.total_charge
            assert (got.first, got.last) == (want.first, want.last)
            assert got.pointers == want.diagnosis_pointers
            assert got.ndc == want.ndc
            if want.ndc:
                assert got.ndc_unit == want.ndc_unit
                assert got.ndc_quantity == want.ndc_quantity


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_every_worked_example_validates_and_reads_back(example: dict[str, Any]) -> None:
    claim = priced(example["order"])
    data = export([claim])
    assert validate(data) == []
    _check_round_trip([claim], data)


@pytest.mark.parametrize("name", sorted(EDGES))
def test_edge_case_validates_and_reads_back(name: str) -> None:
    claim = priced(EDGES[name])
    # A NOC drug's catalogue unit "each" takes no dose unit today (an engine problem
    # reported to the lead); the 837P of such a claim is exported with --force.
    assert not claim.has_errors or name.startswith("NOC"), claim.problems
    data = export([claim])
    assert validate(data) == []
    _check_round_trip([claim], data)


def test_a_batch_of_every_edge_is_one_valid_interchange() -> None:
    claims = [priced(EDGES[name]) for name in sorted(EDGES)]
    data = export(claims, interchange=42)
    assert validate(data) == []
    _check_round_trip(claims, data)
    tags = [seg[0] for seg in segments(data)]
    assert tags.count("ISA") == tags.count("GS") == 1
    assert tags.count("ST") == len(claims_for_837(claims)) > len(claims)  # one claim was split
    assert first(data, "IEA") == ["IEA", "1", "000000042"]


def test_the_validator_is_not_a_rubber_stamp() -> None:
    """The same file with one required segment removed, or a bad code, fails."""
    data = export([priced(EDGES["per-date lines"])])
    text = data.decode()
    assert validate(text.replace("DTP*472*D8*20260101~\n", "", 1).encode())
    assert validate(text.replace("*UN~", "*XX~", 1).encode())


def test_claim_segments_say_what_the_paper_form_says() -> None:
    claim = priced(EDGES["replacement (frequency 7)"])
    data = export([claim])
    clm = first(data, "CLM")
    assert clm is not None
    assert Decimal(clm[2]) == claim.total_charge
    assert clm[5] == "12:B:7"  # home, professional place-of-service code set, replacement
    assert clm[6:10] == ["Y", "A", "Y", "Y"]  # boxes 31, 27, 13, 12
    assert first(data, "REF", "F8") == ["REF", "F8", "ORIG-000123"]
    assert first(data, "REF", "G1") == ["REF", "G1", "PA20260001"]  # box 23 without hyphens
    assert first(data, "HI") == ["HI", "ABK:A419", "ABF:T827XXA"]
    per_line = [seg for seg in segments(data) if seg[0] == "NM1" and seg[1] == "DK"]
    assert len(per_line) == len(claim.lines)  # 2420E ordering provider on every line
    assert per_line[0][-2:] == ["XX", "1234567893"]


def test_insured_who_is_not_the_patient_gets_a_patient_loop() -> None:
    data = export([priced(EDGES["patient is the spouse of the insured"])])
    tags = [seg[:2] for seg in segments(data)]
    assert ["PAT", "01"] in tags  # spouse
    subscriber = first(data, "NM1", "IL")
    patient = first(data, "NM1", "QC")
    assert subscriber is not None and subscriber[3:5] == ["DOE", "JOHN"]
    assert subscriber[-2:] == ["MI", "XYZ123456789"]
    assert patient is not None and patient[3:5] == ["DOE", "JANE"]
    sbr = first(data, "SBR")
    assert sbr is not None and sbr[2] == "" and sbr[3] == "GRP-77"


def test_a_suite_claim_names_its_service_facility_and_a_half_address_is_left_out() -> None:
    data = export([priced(EDGES["ambulatory suite with a service facility"])])
    clm = first(data, "CLM")
    assert clm is not None and clm[5] == "49:B:1"
    facility = first(data, "NM1", "77")
    assert facility is not None and facility[3] == "SUNRISE INFUSION SUITE"
    payer_at = next(i for i, seg in enumerate(segments(data)) if seg[:2] == ["NM1", "PR"])
    assert segments(data)[payer_at + 1][0] != "N3"  # the payer's address has no city: not sent


def test_twelve_diagnoses_fill_one_hi_segment() -> None:
    data = export([priced(EDGES["12 diagnoses"])])
    hi = first(data, "HI")
    assert hi is not None and len(hi) == 13
    assert hi[1] == "ABK:A419" and hi[12] == "ABF:Z452"
    sv1 = first(data, "SV1")
    assert sv1 is not None and sv1[7] == "1:2:3:4"


def test_noc_drug_description_travels_with_its_line() -> None:
    data = export([priced(EDGES["NOC drug with description"])])
    sv1 = next(seg for seg in segments(data) if seg[0] == "SV1" and "J3490" in seg[1])
    assert sv1[1].split(":")[6] == "ERTAPENEM 1 G VIAL"
    assert ["NTE", "ADD", "ERTAPENEM 1 G VIAL"] in segments(data)


def test_split_lines_are_the_form_lines() -> None:
    claim = priced(EDGES["charges over 99999.99 split as the form splits them"])
    data = export([claim])
    printed = [line for part in split_for_print(claim) for line in part.lines]
    read = [line for claim_lines in service_lines(data) for line in claim_lines]
    assert len(read) == len(printed) > len(claim.lines)
    assert all(line.charge <= Decimal("99999.99") for line in read)
