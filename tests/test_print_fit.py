"""Values too big for their box: problems naming the box, never silent cuts; the
decisions (shorten, split, force) that let printing go on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from infusiondesk.output.box_text import claim_text
from infusiondesk.output.fit import fit_claim, shorten_person, shorten_street
from infusiondesk.output.layout import load_layout
from infusiondesk.output.pdf import PrintRefused, print_problems, render_claims
from infusiondesk.output.split import MAX_MONEY, split_for_print, split_line
from infusiondesk.rules.order import Patient
from infusiondesk.rules.problems import error
from tests.print_helpers import (
    DRUG,
    NHIA,
    ORDER,
    PER_DIEM,
    PRINTED_ON,
    changed,
    data_chars,
    make_claim,
    numbered_lines,
    pdf_pages,
    read_field,
)

LONG_PATIENT = Patient("Montgomery-Wolfeschlegel", "Maximiliana", date(1961, 4, 2), "F", "XYZ123456789", "Q")


def fitted(claim, allow_shorten=False):
    return fit_claim(claim_text(claim, PRINTED_ON), load_layout(), allow_shorten)


def test_a_name_too_long_is_an_error_naming_box_2():
    result = fitted(make_claim(patient=LONG_PATIENT))
    problems = [p for p in result.problems if "box 2:" in p.message]
    assert problems and problems[0].severity == "error"
    assert problems[0].where == "patient"
    assert "MONTGOMERY-WOLFESCHLEGEL, MAXIMILIANA, Q" in problems[0].message
    assert "27" in problems[0].message  # the template's box 2 holds 27 characters
    assert not result.printable


def test_allowed_shortening_drops_middle_initial_then_first_name_and_warns():
    result = fitted(make_claim(patient=LONG_PATIENT), allow_shorten=True)
    assert result.text.header["2"] == "MONTGOMERY-WOLFESCHLEGEL, M"
    assert all(p.severity == "warning" for p in result.problems if "box 2" in p.message)
    assert result.printable
    assert shorten_person("DOE, JANE, Q", 9) == "DOE, JANE"
    assert shorten_person("AVERYVERYLONGLASTNAMEINDEED, J", 20) is None


def test_streets_shorten_by_usps_abbreviations_only():
    street = "1234 NORTH MARTIN LUTHER KING BOULEVARD"
    assert shorten_street(street, 30) == "1234 N MARTIN LUTHER KING BLVD"
    assert shorten_street(street, 28) is None


def test_a_name_that_cannot_shorten_stays_an_error_even_when_allowed():
    provider = replace(ORDER.provider, name="The Very Long Name Home Infusion Pharmacy of Texas")
    result = fitted(make_claim(provider=provider), allow_shorten=True)
    errors = [p for p in result.problems if p.severity == "error"]
    assert [p.where for p in errors] == ["provider.name"]
    assert "box 33" in errors[0].message


def test_a_charge_over_99999_99_is_an_error_on_24f():
    big = changed(PER_DIEM, charge=Decimal("9000.00"))  # 14 days -> 126000.00
    result = fitted(make_claim((big,)))
    messages = [p.message for p in result.problems if p.severity == "error"]
    assert any("box 24F, line 1 (S9502)" in m and "126000.00" in m for m in messages)
    assert any("box 28" in m for m in messages)


def test_more_than_twelve_diagnoses_is_an_error_unless_leaving_them_off_is_allowed():
    many = tuple(f"A41.{i}" for i in range(14))
    strict = fitted(make_claim(diagnoses=many))
    assert [p.where for p in strict.problems if p.severity == "error"] == ["diagnoses[12]"]
    relaxed = fitted(make_claim(diagnoses=many), allow_shorten=True)
    assert relaxed.printable and relaxed.text.header["21.L"] == "A4111"


def test_printing_refuses_until_a_decision_is_given():
    claim = make_claim(patient=LONG_PATIENT)
    with pytest.raises(PrintRefused) as refused:
        render_claims([claim], form="red-form", printed_on=PRINTED_ON)
    # Box 2 and box 4 (the patient is the insured) both overflow, both naming the patient.
    assert {(number, p.where) for number, p in refused.value.problems} == {(1, "patient")}
    assert len(refused.value.problems) == 2
    data = render_claims([claim], form="red-form", printed_on=PRINTED_ON, allow_shorten=True)
    chars = data_chars(pdf_pages(data)[0])
    assert read_field(chars, load_layout(), "2") == "MONTGOMERY-WOLFESCHLEGEL, M"


def test_claim_errors_stop_printing_unless_forced():
    claim = make_claim(problems=(error("provider.npi", "bad check digit"),))
    with pytest.raises(PrintRefused):
        render_claims([claim], form="red-form", printed_on=PRINTED_ON)
    assert render_claims([claim], form="red-form", printed_on=PRINTED_ON, force=True)[:5] == b"%PDF-"


def test_force_does_not_cut_a_value_too_big():
    claim = make_claim((changed(PER_DIEM, charge=Decimal("9000.00")),))
    with pytest.raises(PrintRefused):
        render_claims([claim], form="red-form", printed_on=PRINTED_ON, force=True)


def test_a_per_diem_span_splits_into_shorter_spans():
    big = changed(PER_DIEM, charge=Decimal("9000.00"))  # 11 days fit: 99000.00
    parts = split_line(big)
    assert [(p.first.day, p.last.day, p.units) for p in parts] == [(1, 11, 11), (12, 14, 3)]
    assert all(p.total_charge <= MAX_MONEY for p in parts)


def test_a_drug_line_splits_its_units_and_ndc_quantity_exactly():
    drug = changed(
        DRUG,
        first=date(2026, 3, 1),
        last=date(2026, 3, 1),
        units=Decimal(30),
        charge=Decimal("4000.00"),
        ndc_quantity=Decimal("10"),
    )
    parts = split_line(drug)
    assert [p.units for p in parts] == [24, Decimal(6)]
    assert sum(p.ndc_quantity for p in parts) == Decimal(10)
    assert all(p.total_charge <= MAX_MONEY for p in parts)


def test_a_claim_whose_total_is_too_big_splits_into_claims_that_fit():
    lines = numbered_lines(8, charge="30000.00")
    parts = split_for_print(make_claim(lines))
    assert [len(p.lines) for p in parts] == [3, 3, 2]
    assert all(p.total_charge <= MAX_MONEY for p in parts)
    assert parts[0].bundled and not parts[1].bundled
    assert any("split into 3 claims" in p.message for p in parts[0].problems)
    assert print_problems(make_claim(lines), split=True) == ()


def test_page_totals_split_keeps_each_page_under_the_limit():
    profile = NHIA.with_changes(multipage_box28="page-totals")
    parts = split_for_print(make_claim(numbered_lines(9, charge="20000.00"), profile=profile))
    assert [len(p.lines) for p in parts] == [4, 4, 1]


def test_split_printing_goes_on_with_every_amount_whole():
    claim = make_claim((changed(PER_DIEM, charge=Decimal("9000.00")),))
    data = render_claims([claim], form="red-form", printed_on=PRINTED_ON, split=True)
    pages = pdf_pages(data)
    assert len(pages) == 2  # 126000.00 can't share one box 28: two claims of one form each
    layout = load_layout()
    first, second = (data_chars(page) for page in pages)
    assert read_field(first, layout, "24F", 1) == read_field(first, layout, "28") == "99000 00"
    assert read_field(second, layout, "24F", 1) == read_field(second, layout, "28") == "27000 00"
