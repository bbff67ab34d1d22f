"""Box values as billing-rules.md §9 formats them (no PDF involved)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from infusiondesk.output.box_text import (
    claim_text,
    header_text,
    icd,
    line_text,
    money,
    ndc_line,
    number,
)
from infusiondesk.output.people import clean, person, phone
from infusiondesk.rules.order import Facility, Resubmission
from tests.print_helpers import (
    DRUG,
    NHIA,
    NURSING,
    PER_DIEM,
    PRINTED_ON,
    changed,
    make_claim,
    numbered_lines,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("2590", " 2590 00"),
        ("4.1", "    4 10"),
        ("0.05", "    0 05"),
        ("99999.99", "99999 99"),
        ("112.505", "  112 51"),
        ("100000.00", "100000 00"),
    ],
)
def test_money_has_no_dollar_sign_or_commas_and_cents_after_the_dotted_line(amount, text):
    assert money(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (14, "14"),
        (Decimal("12.50"), "12.5"),
        (Decimal("3.000"), "3"),
        (Decimal("0.125"), "0.125"),
    ],
)
def test_units_print_decimals_only_when_fractional(value, text):
    assert number(value) == text


@pytest.mark.parametrize(
    ("separator", "quantity", "text"),
    [
        (" ", Decimal(42), "N400143992490 UN42"),
        ("   ", Decimal("2.5"), "N400143992490   UN2.5"),
        (" ", Decimal("1.23456"), "N400143992490 UN1.235"),
        (" ", Decimal("7.000"), "N400143992490 UN7"),
    ],
)
def test_ndc_line_is_n4_eleven_digits_separator_qualifier_quantity(separator, quantity, text):
    assert ndc_line(changed(DRUG, ndc_quantity=quantity), separator) == text


def test_ndc_separator_comes_from_the_profile():
    rows = line_text(DRUG, NHIA.with_changes(ndc_separator="   "))
    assert rows["24.supplemental"] == "N400143992490   UN42"


def test_service_line_boxes():
    row = line_text(NURSING, NHIA)
    assert (row["24A.from.mm"], row["24A.from.dd"], row["24A.from.yy"]) == ("03", "01", "26")
    assert (row["24A.to.mm"], row["24A.to.dd"], row["24A.to.yy"]) == ("03", "01", "26")
    assert row["24B"] == "12"
    assert row["24D.code"] == "99602"
    assert row["24D.modifiers"] == "SS JW"
    assert row["24E"] == "AB"
    assert row["24F"] == "  112 50"
    assert row["24G"] == "1.5"
    assert "24.supplemental" not in row


def test_a_line_without_charge_leaves_24f_blank():
    assert "24F" not in line_text(changed(PER_DIEM, charge=None), NHIA)


def test_icd_codes_print_without_decimal_point():
    assert icd("t82.7xxa") == "T827XXA"
    text = header_text(make_claim(), PRINTED_ON)
    assert (text["21.A"], text["21.B"], text["21.ind"]) == ("A419", "T827XXA", "0")


def test_text_is_uppercase_without_periods_or_hash():
    assert clean("Apt. #4, St. Mary's") == "APT 4, ST MARY'S"
    assert clean("José Ñúñez") == "JOSE NUNEZ"
    assert person("Doe", "Jane", "quincy") == "DOE, JANE, Q"


def test_phone_digits_only_area_code_apart():
    assert phone("33", "(512) 555-9876") == {"33.area": "512", "33.phone": "5559876"}
    assert phone("5", "1-512-555-9876") == {"5.area": "512", "5.phone": "5559876"}


def test_header_boxes():
    text = header_text(make_claim(), PRINTED_ON)
    assert text["payer.name"] == "ACME HEALTH PLAN"
    assert text["payer.city_state_zip"] == "DALLAS TX 75201"
    assert text["1.group"] == "X"
    assert text["1a"] == "XYZ123456789"
    assert text["2"] == text["4"] == "DOE, JANE, Q"
    assert (text["3.mm"], text["3.dd"], text["3.yyyy"], text["3.sex.f"]) == ("04", "02", "1961", "X")
    assert text["5.street"] == "1 MAIN ST"
    assert text["6.self"] == "X"
    assert (text["17.qual"], text["17.name"], text["17b"]) == ("DK", "ANN SMITH", "1234567893")
    assert text["23"] == "PA20260001"
    assert (text["25"], text["25.ein"]) == ("123456789", "X")
    assert "25.ssn" not in text
    assert text["26"] == "ACC77"  # NUCC: no punctuation in identifiers
    assert text["33.name"] == "SUNRISE INFUSION PHARMACY"
    assert text["33.city_state_zip"] == "AUSTIN TX 787021234"
    assert (text["33a"], text["33b.qual"], text["33b.id"]) == ("1245319599", "ZZ", "3336H0001X")
    assert text["31.date"] == "04 01 26"


def test_box_22_only_on_corrected_claims():
    assert not {"22.code", "22.ref"} & header_text(make_claim(), PRINTED_ON).keys()
    corrected = make_claim(resubmission=Resubmission("7", "CLM-00.123"))
    text = header_text(corrected, PRINTED_ON)
    assert (text["22.code"], text["22.ref"]) == ("7", "CLM00123")


ORDER_SUITE_ADDRESS = replace(
    make_claim().order.provider.address, street="5 Oak Ave., Ste. 2", zip="78703-1111"
)


def test_box_32_blank_at_home_filled_in_the_suite():
    assert not any(key.startswith("32") for key in header_text(make_claim(), PRINTED_ON))
    suite = tuple(changed(line, place_of_service="49") for line in (PER_DIEM, DRUG))
    clinic = Facility("Sunrise Suite", "1245319599", ORDER_SUITE_ADDRESS)
    text = header_text(make_claim(suite, place_of_service="49", facility=clinic), PRINTED_ON)
    assert (text["32.name"], text["32.street"], text["32a"]) == (
        "SUNRISE SUITE",
        "5 OAK AVE STE 2",
        "1245319599",
    )
    assert text["32.city_state_zip"] == "AUSTIN TX 787031111"


def test_box_19_lists_the_noc_descriptions_of_the_page():
    noc = changed(DRUG, code="J3490", note="Ertapenem 1 g IV daily")
    page = claim_text(make_claim((PER_DIEM, noc)), PRINTED_ON).pages[0]
    assert page.own["19"] == "ERTAPENEM 1 G IV DAILY"


@pytest.mark.parametrize("box28", ["continued", "page-totals"])
@pytest.mark.parametrize("count", [1, 6, 7, 13])
def test_pages_say_page_n_of_n_and_each_box_28_is_its_own_total(count, box28):
    """NUCC 28: each form carries the total of its own lines, never CONTINUED (an old
    profile copy saying "continued" prints page totals too)."""
    claim = make_claim(numbered_lines(count), profile=NHIA.with_changes(multipage_box28=box28))
    pages = claim_text(claim, PRINTED_ON).pages
    assert len(pages) == -(-count // 6)
    for page in pages:
        lines_here = min(6, count - 6 * (page.number - 1))
        assert page.own["28"] == money(Decimal(10 * lines_here))
        assert "CONTINUED" not in "".join(page.own.values())
    for page in pages[:-1]:
        assert page.own["page"] == f"PAGE {page.number} OF {len(pages)}"
    assert ("page" in pages[-1].own) == (len(pages) > 1)
    assert [len(page.rows) for page in pages] == [min(6, count - 6 * i) for i in range(len(pages))]


def test_page_totals_profile_totals_each_page():
    claim = make_claim(numbered_lines(7), profile=NHIA.with_changes(multipage_box28="page-totals"))
    pages = claim_text(claim, PRINTED_ON).pages
    assert [page.own["28"] for page in pages] == ["   60 00", "   10 00"]
