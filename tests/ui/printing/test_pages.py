"""Printing from the app: US Letter at 100 %, never stretched to the printer's paper;
text pages (the red-form data print) go to the printer as text; the biller is told
when the paper is not Letter (cms1500-layout.md: "The form is printed on US Letter at
100 % scale, never fitted to another paper size")."""

from __future__ import annotations

from typing import Any

import pdfplumber
import pytest
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from infusiondesk.output.pdf import render_claims
from infusiondesk.output.redform import alignment_test_pdf
from infusiondesk.ui.printing.pages import letter_problem, paint_pdf, use_letter
from tests.print_helpers import PRINTED_ON, make_claim

RED_FORM = render_claims([make_claim()], "red-form", printed_on=PRINTED_ON)


def pdf_printer(path: Any, paper: QPageSize.PageSizeId | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    use_letter(printer)
    if paper is not None:
        printer.setPageSize(QPageSize(paper))
    return printer


def chars_of(path: Any) -> list[tuple[str, float, float]]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        return [(c["text"], c["x0"], c["bottom"]) for c in page.chars if c["text"].strip()]


def source_chars() -> list[tuple[str, float, float]]:
    import io

    with pdfplumber.open(io.BytesIO(RED_FORM)) as pdf:
        return [(c["text"], c["x0"], c["matrix"][5]) for c in pdf.pages[0].chars if c["text"].strip()]


def origins(path: Any) -> dict[tuple[str, int], list[tuple[float, float]]]:
    """Printed characters by (text, rounded x): their (x, baseline from the top)."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        found: dict[tuple[str, int], list[tuple[float, float]]] = {}
        for c in page.chars:
            if c["text"].strip():
                found.setdefault((c["text"], round(c["x0"])), []).append(
                    (c["x0"], page.height - c["matrix"][5])
                )
        return found


@pytest.mark.parametrize("paper", [None, QPageSize.PageSizeId.A4])
def test_red_form_prints_as_text_at_100_percent_from_the_corner(qapp: Any, tmp_path: Any, paper: Any) -> None:
    """Every character lands where the claim PDF has it, to a fraction of a point, also
    on A4 paper (where the old print stretched the page and moved lines by up to three)."""
    target = tmp_path / "printed.pdf"
    assert paint_pdf(pdf_printer(target, paper), RED_FORM) == 1
    printed = origins(target)
    expected = source_chars()
    assert len(expected) > 300
    assert sum(len(v) for v in printed.values()) == len(expected)  # text, not an image
    for text, x, baseline in expected:
        top = 792 - baseline
        near = [
            p
            for p in printed.get((text, round(x)), [])
            + printed.get((text, round(x) + 1), [])
            + printed.get((text, round(x) - 1), [])
        ]
        assert any(abs(px - x) < 0.6 and abs(py - top) < 0.6 for px, py in near), (text, x, top)


def test_a_page_with_drawings_prints_as_a_letter_sized_image(qapp: Any, tmp_path: Any) -> None:
    target = tmp_path / "alignment.pdf"
    paint_pdf(pdf_printer(target, QPageSize.PageSizeId.A4), alignment_test_pdf())
    with pdfplumber.open(target) as pdf:
        image = pdf.pages[0].images[0]
    assert (image["x0"], image["top"]) == pytest.approx((0, 0), abs=0.5)
    assert (image["x1"] - image["x0"], image["bottom"] - image["top"]) == pytest.approx((612, 792), abs=0.5)


def test_the_biller_is_told_when_the_paper_is_not_letter(qapp: Any, tmp_path: Any) -> None:
    assert letter_problem(pdf_printer(tmp_path / "a.pdf")) is None
    problem = letter_problem(pdf_printer(tmp_path / "b.pdf", QPageSize.PageSizeId.A4))
    assert problem is not None and "A4" in problem and "Letter" in problem and "100 %" in problem


def test_a_name_with_no_latin_form_shows_live_at_the_field(practice: Any) -> None:
    """The live panel's check (the one printing refuses on) carries the print-fit
    problems: the Greek last name is an error at 'patient' before anyone presses Print."""
    from dataclasses import replace

    from tests.helpers import order, therapy

    data = order([therapy(frequency="q24h", start="2026-03-01", stop="2026-03-03")], complete=True)
    parsed = practice.orders.parse(data)
    greek = replace(parsed, patient=replace(parsed.patient, last_name="Παπαδόπουλος"))
    live = practice.claims.print_check(practice.orders.compute(greek))
    assert any(p.where == "patient" and p.severity == "error" and "Latin" in p.message for p in live)
    assert not any("Latin" in p.message for p in practice.claims.print_check(practice.orders.compute(parsed)))
