"""The printed PDFs, read back with positions: every value in its box, pages, offsets,
the drawn worksheet form, rasterizing, batches."""

from __future__ import annotations

import io
import tempfile
from decimal import Decimal

import pypdfium2
import pytest
from pypdf import PdfReader

from infusiondesk.output.box_text import claim_text
from infusiondesk.output.layout import load_layout
from infusiondesk.output.pdf import PrintCancelled, render_claims
from infusiondesk.output.redform import alignment_test_pdf, sample
from infusiondesk.output.worksheet import SHADE
from tests.cms1500_template import PAGE_HEIGHT, row_rect
from tests.print_helpers import (
    DRUG,
    NURSING,
    PER_DIEM,
    PRINTED_ON,
    chars_in,
    data_chars,
    inside,
    make_claim,
    numbered_lines,
    pdf_pages,
    read_field,
)

LAYOUT = load_layout()
CLAIM = make_claim((PER_DIEM, DRUG, NURSING))


def render(claims, form="red-form", **options):
    return render_claims(claims, form, printed_on=PRINTED_ON, **options)


@pytest.fixture(scope="module", params=["red-form", "worksheet"])
def first_page(request):
    return pdf_pages(render([CLAIM], request.param))[0]


# Written out by hand from billing-rules.md §9, not from the code under test.
EXPECTED = [
    ("2", None, "DOE, JANE, Q"),
    ("3.yyyy", None, "1961"),
    ("17.qual", None, "DK"),
    ("17.name", None, "ANN SMITH"),
    ("17b", None, "1234567893"),
    ("21.ind", None, "0"),
    ("21.A", None, "A419"),
    ("21.B", None, "T827XXA"),
    ("23", None, "PA20260001"),
    ("25", None, "123456789"),
    ("25.ein", None, "X"),
    ("28", None, " 3391 30"),
    ("33.city_state_zip", None, "AUSTIN TX 787021234"),
    ("33a", None, "1245319599"),
    ("24A.from.mm", 1, "03"),
    ("24A.to.dd", 1, "14"),
    ("24A.to.yy", 1, "26"),
    ("24D.code", 1, "S9502"),
    ("24F", 1, " 2590 00"),
    ("24G", 1, "14"),
    ("24.supplemental", 2, "N400143992490 UN42"),
    ("24D.code", 2, "J0690"),
    ("24G", 2, "168"),
    ("24F", 2, "  688 80"),
    ("24D.modifiers", 3, "SS JW"),
    ("24E", 3, "AB"),
    ("24F", 3, "  112 50"),
    ("24G", 3, "1.5"),
]


@pytest.mark.parametrize(("key", "row", "text"), EXPECTED)
def test_box_reads_back_as_expected_inside_its_box(first_page, key, row, text):
    chars = data_chars(first_page)
    assert read_field(chars, LAYOUT, key, row) == text
    box = LAYOUT.box_rect(LAYOUT.field(key, row).box, row)
    found = chars_in(chars, LAYOUT.field_rect(key, row))
    assert found and all(inside(char, box) for char in found)


def test_every_value_prints_inside_its_box_and_nothing_else_prints(first_page):
    chars = data_chars(first_page)
    page = claim_text(CLAIM, PRINTED_ON).pages[0]
    placed = [(key, None, text) for key, text in {**page.header, **page.own}.items()]
    placed += [(key, row, text) for row, values in enumerate(page.rows, 1) for key, text in values.items()]
    for key, row, text in placed:
        assert read_field(chars, LAYOUT, key, row) == text, (key, row)
        box = LAYOUT.box_rect(LAYOUT.field(key, row).box, row)
        assert all(inside(char, box) for char in chars_in(chars, LAYOUT.field_rect(key, row)))
    assert len([c for c in chars if c["text"] != " "]) == sum(
        len(text.replace(" ", "")) for _, _, text in placed
    )


@pytest.mark.parametrize(("count", "forms"), [(1, 1), (6, 1), (7, 2), (13, 3)])
def test_page_counts_and_rows_continue_across_forms(count, forms):
    red = pdf_pages(render([make_claim(numbered_lines(count))]))
    assert len(red) == forms
    worksheet = render([make_claim(numbered_lines(count))], "worksheet")
    assert len(PdfReader(io.BytesIO(worksheet)).pages) == forms + 1  # + explanation page
    for number, page in enumerate(red, start=1):
        chars = data_chars(page)
        assert read_field(chars, LAYOUT, "page") == (f"PAGE {number} OF {forms}" if forms > 1 else "")
        on_page = min(6, count - 6 * (number - 1))
        days = [read_field(chars, LAYOUT, "24A.from.dd", row) for row in range(1, 7)]
        assert days == [f"{6 * (number - 1) + r:02d}" for r in range(1, on_page + 1)] + [""] * (6 - on_page)
        assert read_field(chars, LAYOUT, "28") == f"{10 * on_page:>5} 00"


def test_offsets_move_every_character_by_the_offset():
    plain = data_chars(pdf_pages(render([CLAIM]))[0])
    moved = data_chars(pdf_pages(render([CLAIM], offset_x=12.5, offset_y=-7.25))[0])
    assert len(plain) == len(moved) > 300
    for before, after in zip(plain, moved, strict=True):
        assert after["text"] == before["text"]
        assert after["x0"] == pytest.approx(before["x0"] + 12.5, abs=0.01)
        assert after["top"] == pytest.approx(before["top"] - 7.25, abs=0.01)


def test_alignment_test_prints_a_sample_in_every_field_and_honours_offsets():
    page = pdf_pages(alignment_test_pdf())[0]
    chars = data_chars(page)
    for key, spec in LAYOUT.fields.items():
        assert read_field(chars, LAYOUT, key) == sample(key, spec.width, spec.check), key
    for row in range(1, LAYOUT.rows + 1):
        for key, spec in LAYOUT.row_fields.items():
            assert read_field(chars, LAYOUT, key, row) == sample(key, spec.width, spec.check)
    shifted = data_chars(pdf_pages(alignment_test_pdf(3, 4))[0])
    assert len(shifted) == len(chars)
    for before, after in zip(chars, shifted, strict=True):
        assert (after["x0"], after["top"]) == pytest.approx((before["x0"] + 3, before["top"] + 4))


def test_worksheet_draws_the_form_rules_and_shaded_halves():
    """The real form's rules and the shaded half of each service line, where the CMS
    template's shaded fields (Suppl...) are."""
    page = pdf_pages(render([CLAIM], "worksheet"))[0]
    assert len(page.lines) >= 250  # the form's ruled lines and check boxes
    shaded = [
        r
        for r in page.rects
        if r["fill"] and tuple(r["non_stroking_color"]) == pytest.approx((SHADE.red, SHADE.green, SHADE.blue))
    ]
    for row in range(1, LAYOUT.rows + 1):
        field = row_rect("24.supplemental", row)
        middle = PAGE_HEIGHT - field.centre_y
        assert any(r["top"] < middle < r["bottom"] and r["x0"] <= field.x0 + 1 for r in shaded), row
    labels = "".join(c["text"] for c in page.chars if c["fontname"] == "Helvetica")
    assert "PATIENT'S NAME" in labels and "HEALTH INSURANCE CLAIM FORM" not in labels
    assert "HEALTH INSURANCE CLAIM FORM" in page.extract_text()


def test_worksheet_explanation_page_lists_lines_and_bundled_supplies():
    text = pdf_pages(render([CLAIM], "worksheet"))[1].extract_text()
    assert "Claim explanation" in text
    assert "S9502: q8h anti-infective, 14 days" in text
    assert "A4221" in text and "included in the per diem S9502" in text


@pytest.mark.parametrize("form", ["worksheet", "red-form"])
def test_a_page_rasterizes_to_png(form):
    document = pypdfium2.PdfDocument(render([CLAIM], form))
    image = document[0].render(scale=1).to_pil()
    assert image.size == (612, 792)
    pixels = list(image.convert("RGB").tobytes())
    pixels = list(zip(pixels[0::3], pixels[1::3], pixels[2::3], strict=True))
    dark = sum(1 for r, g, b in pixels if r < 128 and g < 128 and b < 128)
    red = sum(1 for r, g, b in pixels if r > 150 and g < 90 and b < 90)
    assert dark > 2000  # the data
    assert (red > 2000) == (form == "worksheet")  # the drawn form, only on the worksheet
    png = io.BytesIO()
    image.save(png, format="PNG")
    assert png.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def test_batches_report_progress_and_can_be_cancelled():
    seen = []
    data = render([CLAIM] * 3, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert len(PdfReader(io.BytesIO(data)).pages) == 3
    with pytest.raises(PrintCancelled):
        render(
            [CLAIM] * 3,
            cancel=lambda: len(seen) >= 4,
            progress=lambda done, total: seen.append((done, total)),
        )
    assert seen[-1] == (1, 3)


def test_built_in_memory_with_no_temporary_files_and_no_patient_data_in_metadata(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("printing must not create temporary files")

    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse)
    data = render([CLAIM], "worksheet")
    metadata = PdfReader(io.BytesIO(data)).metadata
    assert "DOE" not in str(metadata).upper()


def test_unknown_form_is_refused():
    with pytest.raises(ValueError, match="form must be one of"):
        render([CLAIM], "blue-form")


def test_order_file_to_pdf_through_build_claim():
    from tests.helpers import compute, order, therapy

    data = order(
        [
            therapy(
                frequency="q8h",
                start="2026-03-01",
                stop="2026-03-14",
                drugs=[
                    {
                        "hcpcs": "J0690",
                        "ndc": "0143-9924-90",
                        "dose": 2000,
                        "dose_unit": "mg",
                        "ndc_unit": "UN",
                        "ndc_quantity_per_dose": 1,
                    }
                ],
            )
        ],
        complete=True,
        charges={"S9502": "185.00", "J0690": "4.10"},
    )
    claim = compute(data)
    assert not claim.has_errors, claim.problems
    chars = data_chars(pdf_pages(render([claim]))[0])
    codes = {read_field(chars, LAYOUT, "24D.code", row) for row in range(1, 7)}
    assert {"S9502", "J0690"} <= codes
    drug_row = next(r for r in range(1, 7) if read_field(chars, LAYOUT, "24D.code", r) == "J0690")
    assert read_field(chars, LAYOUT, "24.supplemental", drug_row) == "N400143992490 UN42"
    assert read_field(chars, LAYOUT, "24G", drug_row) == "168"
    assert read_field(chars, LAYOUT, "28") == money_text(claim.total_charge)


def money_text(amount: Decimal) -> str:
    dollars, cents = f"{amount:.2f}".split(".")
    return f"{dollars:>5} {cents}"


def test_the_cycle_collector_is_back_on_after_printing_or_refusing():
    import gc

    from infusiondesk.output.pdf import PrintRefused
    from infusiondesk.rules.problems import error

    assert gc.isenabled()
    render([CLAIM])
    assert gc.isenabled()
    with pytest.raises(PrintRefused):
        render([make_claim(problems=(error("provider.npi", "bad"),))])
    assert gc.isenabled()


def test_explanations_outside_the_pdf_fonts_are_spelled_out_not_garbled():
    line = PER_DIEM._replace(explanation="14 days → 14 units ≤ 31 ✓")
    text = pdf_pages(render([make_claim((line,))], "worksheet"))[1].extract_text()
    assert "14 days -> 14 units <= 31 ?" in text
