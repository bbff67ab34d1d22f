"""Every printed value read back with pdfplumber and checked against the REAL form: the
field rectangles of the CMS-1500 (02/12) fillable template (tests/cms1500_template.py),
never against resources/cms1500/layout.json.

Per cms1500-layout.md: "a baseline belongs about 2.5 pt above the bottom edge of its
field"; so each value's baseline lies 0-5 pt above its field's bottom edge, its first
character starts inside the field, and a check box's X is centred in its square. The
expected texts are written out by hand from the NUCC rules in cms1500-layout.md.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from infusiondesk.output.pdf import PrintRefused, render_claims
from infusiondesk.rules.lines import ClaimLine
from infusiondesk.rules.order import Address, Facility, Insured, Patient, Resubmission
from tests.cms1500_template import (
    HEADER,
    PAGE_HEIGHT,
    FieldRect,
    header_rect,
    modifier_names,
    row_rect,
    template_rect,
)
from tests.print_helpers import NHIA, ORDER, PRINTED_ON, make_claim, pdf_pages

COURIER_CAP_HEIGHT = 5.62  # Courier AFM CapHeight 562/1000 at 10 pt: an X's ink centre
PITCH = 7.2  # 10 characters an inch

SPOUSE = Insured(
    "Doe",
    "John",
    "spouse",
    "R",
    date(1958, 11, 23),
    "M",
    "GRP-77-B",
    "Gold Plan",
    "(214) 555-0199",
    Address("2 Oak St", "Plano", "TX", "75024"),
)
SUITE = Facility("Sunrise Suite", "1245319599", Address("5 Oak Ave", "Austin", "TX", "78703"))
# A span across a year end: every part of 24A differs (12 30 25 -> 01 02 26).
PER_DIEM = ClaimLine(
    "per-diem",
    "S9502",
    ("SS",),
    date(2025, 12, 30),
    date(2026, 1, 2),
    4,
    "q8h anti-infective",
    Decimal("185.00"),
    diagnosis_pointers="BA",
    place_of_service="49",
)
DRUG = ClaimLine(
    "drug",
    "J0690",
    ("JZ",),
    date(2025, 12, 30),
    date(2026, 1, 2),
    48,
    "cefazolin",
    Decimal("4.10"),
    ndc="00143992490",
    ndc_unit="UN",
    ndc_quantity=Decimal(12),
    place_of_service="49",
)
NURSING = ClaimLine(
    "nursing",
    "99601",
    (),
    date(2026, 1, 2),
    date(2026, 1, 2),
    1,
    "visit",
    Decimal("150.00"),
    diagnosis_pointers="C",
    place_of_service="12",
)


def printed(claim, form="red-form", **options):
    return pdf_pages(render_claims([claim], form, printed_on=PRINTED_ON, **options))


def courier(page):
    return [c for c in page.chars if c["fontname"] == "Courier" and c["text"] != " "]


def baseline(char) -> float:
    return char["matrix"][5]  # the text origin's y, PDF points up from the page bottom


def in_field(chars, rect: FieldRect):
    """Characters whose baseline lies 0-5 pt above the field's bottom edge and whose
    origin is inside the field (left to right)."""
    found = [
        c
        for c in chars
        if rect.x0 <= c["x0"] < rect.x1 and rect.bottom - 0.01 <= baseline(c) <= rect.bottom + 5.0
    ]
    return sorted(found, key=lambda c: c["x0"])


def text_in(chars, rect: FieldRect) -> str:
    """The field's text, spaces restored from the 10-cpi pitch between characters."""
    found = in_field(chars, rect)
    if not found:
        return ""
    out, start = [], found[0]["x0"]
    for char in found:
        column = round((char["x0"] - start) / PITCH)
        out += [" "] * (column - len(out)) + [char["text"]]
    return "".join(out)


def assert_field(chars, rect: FieldRect, expected: str):
    assert text_in(chars, rect) == expected, rect.name
    found = in_field(chars, rect)
    first = found[0]
    assert rect.x0 <= first["x0"] <= rect.x1, rect.name
    # The last character may only reach past the field by less than half a character.
    assert found[-1]["x1"] <= rect.x1 + PITCH / 2, rect.name


def assert_checked(chars, rect: FieldRect):
    xs = [c for c in chars if c["text"] == "X" and abs(c["x0"] + 3 - rect.centre_x) < 6]
    xs = [c for c in xs if abs(baseline(c) + COURIER_CAP_HEIGHT / 2 - rect.centre_y) < 6]
    assert len(xs) == 1, rect.name
    mark = xs[0]
    assert (mark["x0"] + mark["x1"]) / 2 == pytest.approx(rect.centre_x, abs=1.5), rect.name
    assert baseline(mark) + COURIER_CAP_HEIGHT / 2 == pytest.approx(rect.centre_y, abs=1.5), rect.name


def assert_unchecked(chars, rect: FieldRect):
    near = [
        c
        for c in chars
        if rect.x0 - 2 <= (c["x0"] + c["x1"]) / 2 <= rect.x1 + 2
        and rect.bottom - 2 <= baseline(c) + 2.8 <= rect.top + 2
    ]
    assert not near, rect.name


CLAIM = make_claim(
    (PER_DIEM, DRUG, NURSING),
    insured=SPOUSE,
    place_of_service="49",
    facility=SUITE,
    resubmission=Resubmission("7", "ORIG-000123"),
)

# (template field, expected text), written by hand from cms1500-layout.md / NUCC.
HEADER_TEXTS = [
    ("payer.name", "ACME HEALTH PLAN"),
    ("payer.street", "PO BOX 1"),
    ("payer.city_state_zip", "DALLAS TX 75201"),
    ("1a", "XYZ123456789"),
    ("2", "DOE, JANE, Q"),
    ("3.mm", "04"),
    ("3.dd", "02"),
    ("3.yyyy", "1961"),
    ("4", "DOE, JOHN, R"),
    ("5.street", "1 MAIN ST"),
    ("5.city", "AUSTIN"),
    ("5.state", "TX"),
    ("5.zip", "78701"),
    ("5.area", "512"),
    ("5.phone", "5551234"),
    ("7.street", "2 OAK ST"),
    ("7.city", "PLANO"),
    ("7.state", "TX"),
    ("7.zip", "75024"),
    ("7.area", "214"),
    ("7.phone", "5550199"),
    ("11", "GRP77B"),  # no punctuation in identifiers
    ("11a.mm", "11"),
    ("11a.dd", "23"),
    ("11a.yyyy", "1958"),
    ("11c", "GOLD PLAN"),
    ("12", "SIGNATURE ON FILE"),
    ("13", "SIGNATURE ON FILE"),
    ("17.qual", "DK"),
    ("17.name", "ANN SMITH"),
    ("17b", "1234567893"),
    ("21.ind", "0"),
    ("21.A", "A419"),
    ("21.B", "T827XXA"),
    ("22.code", "7"),
    ("22.ref", "ORIG000123"),
    ("23", "PA20260001"),
    ("25", "123456789"),
    ("26", "ACC77"),
    ("28", "1086 80"),  # 740.00 + 196.80 + 150.00
    ("31", "SIGNATURE ON FILE"),
    ("31.date", "04 01 26"),
    ("32.name", "SUNRISE SUITE"),
    ("32.street", "5 OAK AVE"),
    ("32.city_state_zip", "AUSTIN TX 78703"),
    ("32a", "1245319599"),
    ("33.area", "512"),
    ("33.phone", "5559876"),
    ("33.name", "SUNRISE INFUSION PHARMACY"),
    ("33.street", "9 ELM ST"),
    ("33.city_state_zip", "AUSTIN TX 787021234"),
    ("33a", "1245319599"),
    ("33b.qual", "ZZ3336H0001X"),  # qualifier and taxonomy share the template's field
]
CHECKED = ["1.group", "3.sex.f", "6.spouse", "10a.no", "10b.no", "10c.no", "11a.sex.m", "25.ein", "27.yes"]
UNCHECKED = ["1.medicare", "3.sex.m", "6.self", "10a.yes", "11a.sex.f", "25.ssn", "27.no"]
# Service lines: (row, template key, text). Each part of each 24A date separately.
ROW_TEXTS = [
    (1, "24A.from.mm", "12"),
    (1, "24A.from.dd", "30"),
    (1, "24A.from.yy", "25"),
    (1, "24A.to.mm", "01"),
    (1, "24A.to.dd", "02"),
    (1, "24A.to.yy", "26"),
    (1, "24B", "49"),  # the pharmacy's infusion suite (billing-rules.md §8)
    (1, "24D.code", "S9502"),
    (1, "24E", "BA"),
    (1, "24F", "740 00"),
    (1, "24G", "4"),
    (2, "24.supplemental", "N400143992490 UN12"),
    (2, "24A.from.mm", "12"),
    (2, "24A.to.dd", "02"),
    (2, "24B", "49"),
    (2, "24D.code", "J0690"),
    (2, "24E", "A"),
    (2, "24F", "196 80"),
    (2, "24G", "48"),
    (3, "24A.from.mm", "01"),
    (3, "24A.from.dd", "02"),
    (3, "24A.from.yy", "26"),
    (3, "24B", "12"),
    (3, "24D.code", "99601"),
    (3, "24E", "C"),
    (3, "24F", "150 00"),
    (3, "24G", "1"),
]


@pytest.fixture(scope="module", params=["red-form", "worksheet"])
def page_chars(request):
    return courier(printed(CLAIM, request.param)[0])


@pytest.mark.parametrize(("key", "text"), HEADER_TEXTS)
def test_header_value_sits_in_the_real_forms_field(page_chars, key, text):
    assert_field(page_chars, header_rect(key), text)


@pytest.mark.parametrize(("row", "key", "text"), ROW_TEXTS)
def test_service_line_value_sits_in_the_real_forms_field(page_chars, row, key, text):
    assert_field(page_chars, row_rect(key, row), text)


def test_modifiers_each_in_their_own_cell(page_chars):
    assert [text_in(page_chars, template_rect(name)) for name in modifier_names(1)] == ["SS", "", "", ""]
    assert [text_in(page_chars, template_rect(name)) for name in modifier_names(2)] == ["JZ", "", "", ""]


def test_check_boxes_are_centred_and_only_the_right_ones(page_chars):
    for key in CHECKED:
        assert_checked(page_chars, header_rect(key))
    for key in UNCHECKED:
        assert_unchecked(page_chars, header_rect(key))


def test_no_service_line_dips_into_the_next_lines_band(page_chars):
    """Every character of a service line sits on its own line's field, not the next one."""
    for row in (1, 2, 3):
        band = row_rect("24D.code", row)
        below = row_rect("24.supplemental", row + 1)
        for char in in_field(page_chars, band):
            assert char["y0"] > below.bottom  # the glyph box stays above the next shaded band


def test_nothing_prints_outside_the_real_forms_fields():
    """Every data character belongs to some template field (no orphans on rules)."""
    from tests.cms1500_template import all_rects

    rects = all_rects()
    for char in courier(printed(CLAIM)[0]):
        if char["matrix"][5] > 770:  # PAGE n OF m above the form
            continue
        assert any(
            r.x0 - 1 <= char["x0"] < r.x1 and r.bottom - 0.01 <= baseline(char) <= r.top for r in rects
        ), (
            char["text"],
            char["x0"],
            baseline(char),
        )


# -- the patient is the insured ---------------------------------------------------------

SELF = make_claim((PER_DIEM,))  # the order has no separate insured: the patient is


def test_patient_is_insured_nucc_repeats_the_patient_in_4_7_11a():
    chars = courier(printed(SELF)[0])
    assert_field(chars, header_rect("4"), "DOE, JANE, Q")
    assert_field(chars, header_rect("7.street"), "1 MAIN ST")
    assert_field(chars, header_rect("7.city"), "AUSTIN")
    assert_field(chars, header_rect("11a.mm"), "04")
    assert_field(chars, header_rect("11a.dd"), "02")
    assert_field(chars, header_rect("11a.yyyy"), "1961")
    assert_checked(chars, header_rect("6.self"))
    assert_checked(chars, header_rect("11a.sex.f"))


MEDICARE = NHIA.with_changes(
    key="medicare-secondary",
    ndc_separator="   ",
    diagnosis_pointers_per_line=1,
    insured_boxes_when_self="blank",
    taxonomy_in_33b=False,
)


def test_patient_is_insured_medicare_leaves_4_6_7_11a_blank():
    """Medicare ch. 26: item 4 "If Medicare is primary, leave blank"; 7 only when 4, 6
    and 11 are completed; 11a only "if different from item 3"."""
    claim = make_claim((PER_DIEM, DRUG), profile=MEDICARE)
    chars = courier(printed(claim)[0])
    for key in ("4", "7.street", "7.city", "7.zip", "11a.mm", "11a.yyyy"):
        assert text_in(chars, header_rect(key)) == "", key
    for key in ("6.self", "6.spouse", "11a.sex.f", "11a.sex.m"):
        assert_unchecked(chars, header_rect(key))
    assert_field(chars, header_rect("2"), "DOE, JANE, Q")  # the patient's own boxes stay


def test_medicare_print_settings():
    claim = make_claim((PER_DIEM, DRUG), profile=MEDICARE)
    chars = courier(printed(claim)[0])
    ndc = text_in(chars, row_rect("24.supplemental", 2))
    assert ndc == "N400143992490   UN12"
    assert ndc.index("UN") + 1 == 17  # unit qualifier at position 17
    assert_field(chars, row_rect("24E", 1), "B")  # one pointer: the first of "BA"
    assert_field(chars, header_rect("33a"), "1245319599")
    assert text_in(chars, header_rect("33b.id")) == ""  # no taxonomy in 33b


# -- box 27 ------------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "yes", "no"), [(True, "27.yes", "27.no"), (False, "27.no", "27.yes")])
def test_box_27_is_always_marked(accept, yes, no):
    claim = make_claim((PER_DIEM,), profile=NHIA.with_changes(accept_assignment=accept))
    chars = courier(printed(claim)[0])
    assert_checked(chars, header_rect(yes))
    assert_unchecked(chars, header_rect(no))


# -- box 28 on multi-page claims ----------------------------------------------------------


def _money(text: str) -> Decimal:
    dollars, cents = text.split()
    return Decimal(f"{dollars}.{cents}")


@pytest.mark.parametrize("box28", ["continued", "page-totals"])
def test_each_pages_box_28_is_the_sum_of_its_own_24f(box28):
    lines = tuple(
        PER_DIEM._replace(first=date(2026, 3, d), last=date(2026, 3, d), units=1, charge=Decimal(f"{d}0.25"))
        for d in range(1, 14)
    )
    claim = make_claim(lines, profile=NHIA.with_changes(multipage_box28=box28))
    pages = printed(claim)
    assert len(pages) == 3
    for page in pages:
        chars = courier(page)
        charges = [text_in(chars, row_rect("24F", row)) for row in range(1, 7)]
        total = sum((_money(c) for c in charges if c), Decimal(0))
        assert _money(text_in(chars, header_rect("28"))) == total
        assert not any(c["text"].isalpha() for c in in_field(chars, header_rect("28")))


# -- 24G: 3 characters -------------------------------------------------------------------


def test_units_over_three_characters_split_over_dates_and_add_up():
    """Daptomycin 500 mg a day for 14 days (J0878, 1 mg units): 7000 units. 24G holds 3
    characters: each printed line carries whole days whose units fit, summing to 7000."""
    dapto = ClaimLine(
        "drug",
        "J0878",
        (),
        date(2026, 3, 1),
        date(2026, 3, 14),
        7000,
        "daptomycin",
        Decimal("0.50"),
        ndc="00409001201",
        ndc_unit="ML",
        ndc_quantity=Decimal(140),
    )
    pages = printed(make_claim((dapto,)))
    units, days, quantity = 0, [], Decimal(0)
    for page in pages:
        chars = courier(page)
        for row in range(1, 7):
            text = text_in(chars, row_rect("24G", row))
            if not text:
                continue
            assert len(text) <= 3 and text_in(chars, row_rect("24H", row)) == ""
            units += int(text)
            start = int(text_in(chars, row_rect("24A.from.dd", row)))
            end = int(text_in(chars, row_rect("24A.to.dd", row)))
            assert int(text) == 500 * (end - start + 1)  # units stay right for the dates
            days += list(range(start, end + 1))
            quantity += Decimal(text_in(chars, row_rect("24.supplemental", row)).split("ML")[1])
    assert units == 7000 and days == list(range(1, 15)) and quantity == 140


def test_fractional_units_that_overflow_split_into_whole_and_fraction():
    line = NURSING._replace(units=Decimal("12.5"), charge=Decimal("10.00"))
    chars = courier(printed(make_claim((line,)))[0])
    assert [text_in(chars, row_rect("24G", row)) for row in (1, 2)] == ["12", "0.5"]


# -- characters the instructions forbid ---------------------------------------------------


def test_letters_are_transliterated_and_identifiers_lose_punctuation():
    patient = Patient(
        "Müller-López",
        "Ørsted",
        date(1961, 4, 2),
        "F",
        "XYZ-12 34",
        "ł",
        "512-555-1234",
        "ACC-77",
        Address("1 Straße Æble", "Łódź", "TX", "78701"),
    )
    payer = replace(ORDER.payer, name="Acme, Health Plan")
    claim = make_claim((PER_DIEM,), patient=patient, payer=payer)
    chars = courier(printed(claim)[0])
    assert_field(chars, header_rect("2"), "MULLER-LOPEZ, ORSTED, L")
    assert_field(chars, header_rect("5.street"), "1 STRASSE AEBLE")
    assert_field(chars, header_rect("5.city"), "LODZ")
    assert_field(chars, header_rect("1a"), "XYZ1234")
    assert_field(chars, header_rect("26"), "ACC77")
    assert_field(chars, header_rect("payer.name"), "ACME HEALTH PLAN")
    assert "?" not in "".join(c["text"] for c in chars)


def test_a_name_with_no_latin_form_refuses_printing_at_the_field():
    patient = replace(ORDER.patient, last_name="Παπαδόπουλος")
    with pytest.raises(PrintRefused) as refused:
        render_claims([make_claim((PER_DIEM,), patient=patient)], "red-form", printed_on=PRINTED_ON)
    problems = [p for _, p in refused.value.problems]
    assert any(p.where == "patient" and "box 2" in p.message and "Latin" in p.message for p in problems)


# -- the worksheet's form and the alignment page: the real form's geometry ----------------

# Fields that sit on the bottom rule of their box on the real form (read off the form).
ON_A_RULE = [
    "pt_name",
    "ins_name",
    "pt_street",
    "pt_city",
    "ins_city",
    "pt_zip",
    "ins_zip",
    "insurance_id",
    "other_ins_name",
    "ins_policy",
    "ins_plan_name",
    "ref_physician",
    "prior_auth",
    "tax_id",
    "pt_account",
    "t_charge",
    "pin",
    "pin1",
    "cpt2",
    "cpt3",
    "cpt5",
    "cpt6",
    "ch6",
]


def test_worksheet_rules_are_the_real_forms_under_each_field():
    """The worksheet's ruled lines run where the real form's do: just under each field
    that sits on a rule (not 3 pt lower, as the grid-drawn form did)."""
    import pdfplumber

    data = render_claims([CLAIM], "worksheet", printed_on=PRINTED_ON)
    page = pdfplumber.open(__import__("io").BytesIO(data)).pages[0]
    rules = [line for line in page.lines if abs(line["y0"] - line["y1"]) < 0.01]
    for name in ON_A_RULE:
        rect = template_rect(name)
        below = [
            rect.bottom - line["y0"]
            for line in rules
            if line["x0"] <= rect.x0 + 2
            and line["x1"] >= rect.x0 + 8
            and -1.0 <= rect.bottom - line["y0"] <= 4.0
        ]
        assert below, name


def test_alignment_page_marks_the_corners_of_every_template_field():
    import pdfplumber

    from infusiondesk.output.redform import alignment_test_pdf
    from tests.cms1500_template import all_rects

    for offset in ((0.0, 0.0), (3.0, -2.0)):
        page = pdfplumber.open(__import__("io").BytesIO(alignment_test_pdf(*offset))).pages[0]
        points = {(round(x, 1), round(y, 1)) for curve in page.curves + page.lines for x, y in curve["pts"]}
        for rect in all_rects():
            if rect.x1 - rect.x0 < 3 or rect.name == "Clear Form":
                continue
            for x, y in ((rect.x0, rect.top), (rect.x1, rect.bottom)):
                # pdfplumber's pts are (x, top) from the page's top-left
                corner = (round(x + offset[0], 1), round(PAGE_HEIGHT - y + offset[1], 1))
                assert any(
                    abs(cx - corner[0]) <= 0.15 and abs(cy - corner[1]) <= 0.15 for cx, cy in points
                ), (
                    rect.name,
                    offset,
                )


def test_shipped_form_geometry_holds_the_templates_field_rectangles():
    """resources/cms1500/form-geometry.json (what the app ships: it can't read tests/data)
    is the template's widgets, to the hundredth of a point."""
    from infusiondesk.output.worksheet import form_geometry
    from tests.cms1500_template import all_rects

    shipped = form_geometry()["fields"]
    for rect in all_rects():
        if rect.x1 - rect.x0 < 3 or rect.name == "Clear Form":
            continue
        matches = [
            name
            for name, (x0, top, x1, bottom) in shipped.items()
            if name.split("/")[0] == rect.name
            and abs(x0 - rect.x0) < 0.01
            and abs(x1 - rect.x1) < 0.01
            and abs(PAGE_HEIGHT - top - rect.top) < 0.01
            and abs(PAGE_HEIGHT - bottom - rect.bottom) < 0.01
        ]
        assert matches, rect.name


# -- the shipped medicare-secondary profile, from an order file (issue 10 item 7) ----------


def test_medicare_secondary_order_file_prints_gy_jz_per_date_and_medicare_boxes():
    """billing-rules.md §9a, column `medicare-secondary`: GY on every line (NHIA
    recommendation 11), JZ when nothing is wasted (CMS JW/JZ policy), per-date lines,
    the NDC unit qualifier at position 17, one diagnosis pointer, no 33b taxonomy."""
    from tests.helpers import compute, order, therapy

    drug = {
        "hcpcs": "J0690",
        "ndc": "0143-9924-90",
        "dose": 2000,
        "ndc_unit": "UN",
        "ndc_quantity_per_dose": 1,
    }
    data = order(
        [therapy(frequency="q8h", start="2026-03-01", stop="2026-03-02", drugs=[drug])],
        profile="medicare-secondary",
        complete=True,
    )
    claim = compute(data)
    assert claim.profile.key == "medicare-secondary"
    assert all("GY" in line.modifiers for line in claim.lines)
    assert all(line.first == line.last for line in claim.lines)
    drugs = [line for line in claim.lines if line.code == "J0690"]
    assert drugs and all("JZ" in line.modifiers for line in drugs)
    chars = courier(printed(claim)[0])
    rows = {text_in(chars, row_rect("24D.code", row)): row for row in range(1, 7)}
    rows.pop("", None)  # empty service lines
    per_diem_row = next(row for code, row in rows.items() if code.startswith("S95"))
    drug_row = rows["J0690"]
    assert text_in(chars, template_rect(modifier_names(per_diem_row)[0])) == "GY"
    assert [text_in(chars, template_rect(n)) for n in modifier_names(drug_row)[:2]] == ["JZ", "GY"]
    ndc = text_in(chars, row_rect("24.supplemental", drug_row))
    assert ndc.startswith("N400143992490   UN") and ndc.index("UN") + 1 == 17
    for row in rows.values():
        assert len(text_in(chars, row_rect("24E", row))) == 1
    assert_checked(chars, header_rect("27.yes"))
    assert text_in(chars, header_rect("33b.id")) == ""


# -- the alignment page: every field's sample and every check box on the real form -------

CHECK_BOXES = [key for key, (_, state) in HEADER.items() if state]


@pytest.fixture(scope="module")
def alignment_chars():
    from infusiondesk.output.redform import alignment_test_pdf

    return courier(pdf_pages(alignment_test_pdf())[0])


@pytest.mark.parametrize("key", CHECK_BOXES)
def test_alignment_page_x_is_centred_in_every_check_box(alignment_chars, key):
    assert_checked(alignment_chars, header_rect(key))


@pytest.mark.parametrize("key", [key for key, (_, state) in HEADER.items() if not state])
def test_alignment_sample_fills_its_field_and_no_further(alignment_chars, key):
    """The alignment page fills each field to the width the printer allows: its first
    character starts inside the real form's field and its last ends inside it (half a
    character of slack: the template's fields are drawn tight)."""
    found = in_field(alignment_chars, header_rect(key))
    rect = header_rect(key)
    assert found, key
    assert found[-1]["x1"] <= rect.x1 + PITCH / 2, key


@pytest.mark.parametrize("row", [1, 6])
@pytest.mark.parametrize("key", ["24A.from.yy", "24A.to.yy", "24B", "24D.code", "24E", "24F", "24G", "24J"])
def test_alignment_service_line_samples_stay_in_their_fields(alignment_chars, key, row):
    rect = row_rect(key, row)
    found = in_field(alignment_chars, rect)
    assert found and rect.x0 <= found[0]["x0"] and found[-1]["x1"] <= rect.x1 + PITCH / 2, key


def test_a_male_patient_is_marked_in_box_3_m():
    patient = replace(ORDER.patient, sex="M")
    chars = courier(printed(make_claim((PER_DIEM,), patient=patient))[0])
    assert_checked(chars, header_rect("3.sex.m"))
    assert_unchecked(chars, header_rect("3.sex.f"))
