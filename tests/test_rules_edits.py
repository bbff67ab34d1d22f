"""Claim edits on the header (billing-rules.md §10)."""

from __future__ import annotations

import pytest

from infusiondesk.rules.identifiers import npi_check_digit, npi_problem
from tests.helpers import compute_dict, order, problem_at, therapy


def test_a_complete_order_has_no_errors() -> None:
    claim = compute_dict(order([therapy()], complete=True))
    assert [p for p in claim["problems"] if p["severity"] == "error"] == []


@pytest.mark.parametrize(
    ("npi", "ok"),
    [
        ("1234567893", True),
        ("1245319599", True),
        ("1234567890", False),
        ("123456789", False),
        ("12345678AB", False),
    ],
)
def test_npi_check_digit(npi: str, ok: bool) -> None:
    assert (npi_problem(npi) is None) is ok


def test_check_digit_helper_makes_valid_npis() -> None:
    assert npi_check_digit("123456789") == "3"


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("prescriber", "npi"), "1234567890", "prescriber.npi"),
        (("provider", "npi"), "1245319598", "provider.npi"),
        (("provider", "ein"), "12-34567", "provider.ein"),
        (("provider", "address", "street"), "PO Box 12", "provider.address.street"),
    ],
)
def test_header_mistakes_are_errors_at_their_field(path: tuple[str, ...], value: str, where: str) -> None:
    data = order([therapy()], complete=True)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert problem_at(compute_dict(data), where, "error")


@pytest.mark.parametrize(
    ("code", "ok"),
    [("A41.9", True), ("A419", True), ("T82.7XXA", True), ("A41", False), ("Z99.999", False), ("E11", False)],
)
def test_diagnosis_must_be_a_billable_code(code: str, ok: bool) -> None:
    claim = compute_dict(order([therapy()], complete=True, diagnoses=[code]))
    assert (not problem_at(claim, "diagnoses[0]")) is ok


def test_no_diagnosis_is_an_error() -> None:
    assert problem_at(compute_dict(order([therapy()], complete=True, diagnoses=[])), "diagnoses", "error")


def test_prior_authorization_required_by_the_profile_or_the_payer() -> None:
    data = order([therapy()], "per-date-lines", complete=True, prior_authorization="")
    assert problem_at(compute_dict(data), "prior_authorization", "error")
    data = order([therapy()], complete=True, prior_authorization="")
    assert not problem_at(compute_dict(data), "prior_authorization")
    data["payer"]["requires_prior_authorization"] = True
    assert problem_at(compute_dict(data), "prior_authorization", "error")


def test_missing_parties_are_listed_but_compute_still_works() -> None:
    claim = compute_dict(order([therapy()]))
    assert {p["where"] for p in claim["problems"]} >= {
        "patient",
        "payer",
        "prescriber",
        "provider",
        "diagnoses",
    }
    assert claim["lines"]


def test_pointer_to_a_missing_diagnosis_is_an_error() -> None:
    claim = compute_dict(order([therapy(diagnosis_pointers="AC")], complete=True))
    assert problem_at(claim, "therapies[0].diagnosis_pointers", "error")


def test_insured_other_than_the_patient_needs_a_name() -> None:
    data = order(
        [therapy()], complete=True, insured={"last_name": "", "first_name": "", "relationship": "spouse"}
    )
    assert problem_at(compute_dict(data), "insured.last_name", "error")
    data["insured"].update(last_name="Doe", first_name="John")
    assert not problem_at(compute_dict(data), "insured.last_name")
