"""Drug lines: units, NDC, JW/JZ, KP/KQ (billing-rules.md §7) as worked examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from infusiondesk.rules.ndc import NdcError, normalize_ndc, supplemental_ndc
from tests.helpers import compute_dict, order, problem_at, therapy


@pytest.mark.parametrize(
    ("typed", "eleven"),
    [
        ("0143-9924-90", "00143992490"),
        ("12345-678-90", "12345067890"),
        ("12345-6789-1", "12345678901"),
        ("12345-6789-01", "12345678901"),
        ("12345678901", "12345678901"),
        (" 0143 9924 90 ", "00143992490"),
    ],
)
def test_ndc_becomes_eleven_digits(typed: str, eleven: str) -> None:
    assert normalize_ndc(typed) == eleven


@pytest.mark.parametrize("typed", ["0143992490", "123-4567-89", "12345-6789-0a", "1234567", ""])
def test_bad_or_ambiguous_ndc_is_refused(typed: str) -> None:
    with pytest.raises(NdcError):
        normalize_ndc(typed)


def test_supplemental_line_format() -> None:
    assert supplemental_ndc("00143992490", "UN", Decimal(2)) == "N400143992490 UN2"
    assert supplemental_ndc("00143992490", "ML", Decimal("12.5"), "   ") == "N400143992490   ML12.5"


def drug(**extra: object) -> dict:
    return {
        "hcpcs": "J0690",
        "ndc": "0143-9924-90",
        "dose": 2000,
        "dose_unit": "mg",
        "ndc_unit": "UN",
        "ndc_quantity_per_dose": 1,
        **extra,
    }


def _drug_lines(claim: dict) -> list[dict]:
    return [line for line in claim["lines"] if line["category"] in ("drug", "waste")]


def test_spec_example_cefazolin_q8h_14_days() -> None:
    claim = compute_dict(order([therapy(frequency="q8h", drugs=[drug()])]))
    (line,) = _drug_lines(claim)
    assert (line["units"], line["ndc"], line["ndc_unit"], line["ndc_quantity"]) == (
        168,
        "00143992490",
        "UN",
        42,
    )


def test_vancomycin_1250_mg_q12h_is_five_units_a_day() -> None:
    vanc = drug(hcpcs="J3370", ndc="0409-6510-01", dose=1250)
    claim = compute_dict(
        order([therapy(frequency="q12h", start="2026-01-01", stop="2026-01-01", drugs=[vanc])])
    )
    assert _drug_lines(claim)[0]["units"] == 5


def test_grams_convert_to_the_billing_unit() -> None:
    claim = compute_dict(order([therapy(stop="2026-01-01", drugs=[drug(dose=2, dose_unit="g")])]))
    assert _drug_lines(claim)[0]["units"] == 4


@pytest.mark.parametrize(
    ("dose", "wasted", "jw_units"), [(750, 250, 0), (600, 500, 1), (500, 0, 0), (1000, 1000, 2)]
)
def test_waste_line_only_when_rounding_does_not_cover_it(dose: int, wasted: int, jw_units: int) -> None:
    claim = compute_dict(
        order(
            [
                therapy(
                    stop="2026-01-01",
                    drugs=[drug(dose=dose, wasted=wasted, ndc_unit="ME", ndc_quantity_per_dose=dose)],
                )
            ]
        )
    )
    waste = [line for line in _drug_lines(claim) if line["category"] == "waste"]
    assert sum(line["units"] for line in waste) == jw_units
    assert all(line["modifiers"] == ["JW"] for line in waste)


def test_no_waste_billed_when_nothing_given() -> None:
    claim = compute_dict(order([therapy(stop="2026-01-01", drugs=[drug(dose=0, wasted=500)])]))
    assert _drug_lines(claim) == []


def test_jz_when_the_profile_asks_and_nothing_was_wasted() -> None:
    from infusiondesk.claims.build import build_claim
    from infusiondesk.claims.order_file import parse_order
    from infusiondesk.codesets import load_reference

    reference = load_reference()
    profile = reference.profiles["nhia"].with_changes(jz_on_full_use=True)
    claim = build_claim(parse_order(order([therapy(stop="2026-01-01", drugs=[drug()])])), reference, profile)
    assert [(line.code, line.modifiers) for line in claim.lines] == [("S9500", ()), ("J0690", ("JZ",))]


def test_no_jz_on_a_drug_with_waste_even_when_the_profile_asks() -> None:
    """CMS JW/JZ policy (billing-rules §7): JZ only when nothing was discarded; the
    waste goes on its own JW line (AllWays). 1800 mg + 300 mg wasted ÷ 500 mg: 4 given,
    5 with the waste → one JW unit."""
    from infusiondesk.claims.build import build_claim
    from infusiondesk.claims.order_file import parse_order
    from infusiondesk.codesets import load_reference

    reference = load_reference()
    profile = reference.profiles["nhia"].with_changes(jz_on_full_use=True)
    spec = therapy(stop="2026-01-01", drugs=[drug(dose=1800, dose_unit="mg", wasted=300)])
    claim = build_claim(parse_order(order([spec])), reference, profile)
    assert [(line.code, line.modifiers, line.units) for line in claim.lines] == [
        ("S9500", (), 1),
        ("J0690", (), 4),
        ("J0690", ("JW",), 1),
    ]


def test_kp_kq_on_compounds_under_per_date_lines() -> None:
    parts = [drug(compound=True), drug(hcpcs="J3370", ndc="0409-6510-01", dose=500, compound=True)]
    claim = compute_dict(
        order([therapy(stop="2026-01-01", drugs=parts)], "per-date-lines", prior_authorization="X1")
    )
    assert [line["modifiers"] for line in _drug_lines(claim)] == [["KP"], ["KQ"]]


def test_j_code_without_ndc_is_an_error() -> None:
    claim = compute_dict(order([therapy(drugs=[drug(ndc=None)])]))
    assert problem_at(claim, "therapies[0].drugs[0].ndc", "error")


def test_hyphenless_ten_digit_ndc_is_an_error_asking_for_hyphens() -> None:
    claim = compute_dict(order([therapy(drugs=[drug(ndc="0143992490")])]))
    (problem,) = problem_at(claim, "therapies[0].drugs[0].ndc", "error")
    assert "hyphens" in problem["message"]


def test_noc_drug_needs_a_description() -> None:
    noc = drug(hcpcs="J3490", ndc="12345-6789-01")
    claim = compute_dict(order([therapy(drugs=[noc])]))
    assert problem_at(claim, "therapies[0].drugs[0].description", "error")


def test_drugs_follow_administration_days_even_under_access_days() -> None:
    claim = compute_dict(order([therapy(frequency="q48h", drugs=[drug()])]))
    drug_units = sum(line["units"] for line in _drug_lines(claim))
    per_diem = sum(line["units"] for line in claim["lines"] if line["category"] == "per-diem")
    assert (per_diem, drug_units) == (14, 7 * 4)
