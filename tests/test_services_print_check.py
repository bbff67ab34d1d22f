""" "Ready to print" is one check: what the live panel shows red is what printing
refuses, and what it shows green prints (issue 9)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from infusiondesk.output.pdf import PrintRefused
from infusiondesk.services.billing import paper_problems, print_check
from infusiondesk.services.printing import render_claims, render_order_files
from tests.helpers import compute, order, therapy

DRUG = {"hcpcs": "J0690", "ndc": "0143-9924-90", "dose": 2000, "ndc_unit": "UN", "ndc_quantity_per_dose": 1}
CHARGES = {"S9502": "185.00", "J0690": "4.10"}


def complete(**extra: Any) -> dict[str, Any]:
    data = order([therapy(frequency="q8h", drugs=[DRUG])], complete=True, charges=CHARGES)
    data.update(extra)
    return data


def errors(problems: Any) -> list[str]:
    return [p.where for p in problems if p.severity == "error"]


def test_a_complete_claim_is_ready_and_prints() -> None:
    claim = compute(complete())
    assert errors(print_check(claim)) == []
    assert render_claims([claim], "worksheet").startswith(b"%PDF")


def test_a_code_without_a_charge_names_the_code_and_never_prints_even_forced() -> None:
    claim = compute(complete(charges={"S9502": "185.00"}))
    found = [p for p in print_check(claim) if p.where == "charges.J0690"]
    assert found and found[0].severity == "error" and found[0].message.startswith("J0690 ")
    with pytest.raises(PrintRefused) as refused:
        render_claims([claim], "worksheet", force=True)
    assert [p.where for _, p in refused.value.problems] == ["charges.J0690"]


def test_box_5_and_box_7_addresses_are_required_on_paper() -> None:
    data = complete()
    data["patient"].pop("address", None)
    data["insured"] = {"last_name": "Doe", "first_name": "John", "relationship": "spouse"}
    found = paper_problems(compute(data))
    assert [p.where for p in found] == ["patient.address.street", "insured.address.street"]
    assert "box 5" in found[0].message and "box 7" in found[1].message
    data["insured"]["relationship"] = "self"  # box 7 is the patient's own then
    data["insured"].pop("last_name")
    assert "insured.address.street" not in [p.where for p in paper_problems(compute(complete()))]


def test_the_panel_and_the_refusal_are_the_same_list() -> None:
    """Every error the check lists is one printing refuses on, and nothing else."""
    data = complete(charges={"S9502": "185.00"})
    data["patient"]["first_name"] = "J" + "a" * 99
    data["patient"].pop("address", None)
    claim = compute(data)
    with pytest.raises(PrintRefused) as refused:
        render_claims([claim], "worksheet")
    assert sorted(p.where for _, p in refused.value.problems) == sorted(errors(print_check(claim)))


@pytest.mark.parametrize("form", ["red form", "Worksheet", ""])
def test_a_form_the_app_does_not_know_is_named_before_any_claim_is_checked(form: str) -> None:
    """The GUI takes the form from its settings file, which may hold anything: an unknown
    form is refused by name, never reported as the claim's problems (the claim here
    would be refused for its uncharged J0690 on either real form)."""
    claim = compute(complete(charges={"S9502": "185.00"}))
    message = re.escape(f"form must be one of worksheet, red-form, not {form!r}")
    with pytest.raises(ValueError, match=message):
        render_claims([claim], form)
    with pytest.raises(ValueError, match=message):
        render_order_files([claim], form)
    with pytest.raises(PrintRefused):
        render_claims([claim], "red-form")


def test_both_forms_print() -> None:
    claim = compute(complete())
    for form in ("worksheet", "red-form"):
        assert render_claims([claim], form).startswith(b"%PDF")
