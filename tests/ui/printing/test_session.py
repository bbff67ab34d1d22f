"""Printing: the preview's PDF holds the claim's codes, printing paints every page,
each print is recorded, and a claim with errors waits for the biller's decision."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from infusiondesk.ui import worker
from infusiondesk.ui.printing.pages import paint_pdf
from infusiondesk.ui.printing.preview import PrintRefusedDialog
from infusiondesk.ui.printing.session import PrintSession, print_orders
from infusiondesk.ui.signals import CLAIMS_CHANGED, AppSignals
from tests.helpers import order, therapy

DRUG = {"hcpcs": "J0690", "ndc": "0143-9924-90", "dose": 2000, "ndc_unit": "UN", "ndc_quantity_per_dose": 1}


def saved_order(practice: Any, complete: bool = True) -> int:
    data = order(
        [therapy(frequency="q8h", start="2026-03-01", stop="2026-03-14", drugs=[DRUG])], complete=complete
    )
    return practice.orders.save(practice.orders.parse(data)).id


def session_for(parent: QWidget, practice: Any, settings: Any, order_id: int) -> PrintSession:
    session = PrintSession(parent, practice, [(order_id, practice.claims.compute(order_id))], settings)
    session.start()
    return session


def test_save_as_pdf_holds_the_codes_and_records_the_claim(
    parent: QWidget, practice: Any, settings: Any, tmp_path: Any
) -> None:
    order_id = saved_order(practice)
    session = session_for(parent, practice, settings, order_id)
    preview = session.preview
    assert preview is not None and preview.page_count >= 1
    target = tmp_path / "claims.pdf"
    preview.save_pdf(str(target))
    with pdfplumber.open(target) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "S9502" in text and "J0690" in text
    recorded = practice.claims.list()
    assert [(r.order_id, r.status) for r in recorded] == [(order_id, "printed")]
    assert [line["code"] for line in recorded[0].claim["lines"]] == ["S9502", "J0690"]


def test_the_red_form_choice_renders_again(parent: QWidget, practice: Any, settings: Any) -> None:
    session = session_for(parent, practice, settings, saved_order(practice))
    worksheet = session.pdf
    session.preview.form.set_value("red-form")
    session.preview.form.edited.emit()
    assert session.pdf != worksheet
    assert settings.value("printer/form") == "red-form"
    assert not practice.claims.list()  # nothing left the app yet


def test_an_unknown_stored_form_prints_the_worksheet(parent: QWidget, practice: Any, settings: Any) -> None:
    """A settings file naming no form (edited by hand, an older version's word) once made
    every print fail before the preview opened, where another form could be picked."""
    settings.setValue("printer/form", "red form")
    session = session_for(parent, practice, settings, saved_order(practice))
    assert session.preview is not None and session.preview.form.value() == "worksheet"
    assert session.options.form == "worksheet"
    with pdfplumber.open(io.BytesIO(session.pdf)) as pdf:
        text = pdf.pages[0].extract_text() or ""
    assert "HEALTH INSURANCE CLAIM FORM" in text  # the worksheet draws the form; the red form does not


def test_printing_paints_every_page_onto_the_printer(
    parent: QWidget, practice: Any, settings: Any, tmp_path: Any
) -> None:
    session = session_for(parent, practice, settings, saved_order(practice))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    session.preview.print_to(printer)
    pages = len(PdfReader(io.BytesIO(session.pdf)).pages)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages
    assert [r.status for r in practice.claims.list()] == ["printed"]


def test_paint_stops_when_cancelled(practice: Any, tmp_path: Any, qapp: Any) -> None:
    pdf = practice.printing.alignment()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "never.pdf"))
    seen: list[tuple[int, int]] = []
    assert paint_pdf(printer, pdf, lambda *done: seen.append(done), lambda: True) == 1
    assert seen == []


def test_a_claim_with_errors_waits_for_a_decision(
    parent: QWidget, practice: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []

    def decide(dialog: PrintRefusedDialog) -> int:
        asked.append(dialog)
        dialog.force.setChecked(True)
        return 1

    monkeypatch.setattr(PrintRefusedDialog, "exec", decide)
    session = session_for(parent, practice, settings, saved_order(practice, complete=False))
    assert len(asked) == 1 and session.options.force
    assert session.preview is not None


def test_background_work_reports_on_the_gui_thread_and_can_be_cancelled(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "INLINE", False)
    results: list[Any] = []
    task = worker.run_in_background(
        None, lambda progress, cancelled: 6 * 7, on_success=results.append, on_failure=results.append
    )
    qtbot.waitUntil(lambda: task.done, timeout=3000)
    assert results == [42]

    def endless(progress: Any, cancelled: Any) -> None:
        while not cancelled():
            pass
        raise worker.Cancelled()

    task = worker.run_in_background(
        None, endless, on_success=results.append, on_failure=results.append, cancellable=True
    )
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=3000)
    assert results == [42]  # a cancelled job reports nothing

    def broken(progress: Any, cancelled: Any) -> None:
        raise OSError(28, "No space left on device")

    task = worker.run_in_background(None, broken, on_success=results.append, on_failure=results.append)
    qtbot.waitUntil(lambda: task.done, timeout=3000)
    assert isinstance(results[-1], OSError)


def test_a_corrected_claim_prints_without_a_second_record(
    parent: QWidget, practice: Any, settings: Any, tmp_path: Any
) -> None:
    order_id = saved_order(practice)
    first = practice.claims.record_printed(order_id, practice.claims.compute(order_id))
    practice.claims.set_status(first.id, "submitted", "PCN-77")
    corrected = practice.claims.record_correction(first.id, "7")
    session = PrintSession(parent, practice, [(order_id, corrected.claim)], settings, record=False)
    session.start()
    session.preview.save_pdf(str(tmp_path / "corrected.pdf"))
    with pdfplumber.open(tmp_path / "corrected.pdf") as pdf:
        # box 22 original ref, without punctuation (NUCC: none in identifiers)
        assert "PCN77" in (pdf.pages[0].extract_text() or "")
    assert len(practice.claims.list()) == 2  # the original and the correction, no third


def test_a_batch_where_one_claim_fails_records_the_others_and_announces_once(
    parent: QWidget, practice: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The biller edits one order while the batch's preview is open, then saves the PDF:
    that claim is refused under its title (it no longer matches its order), the others
    are recorded, and the claims views hear of it once."""
    boxes: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append((box.windowTitle(), box.text())) or 0)
    signals, heard = AppSignals(), []
    signals.changed.connect(heard.append)
    first, second, third = saved_order(practice), saved_order(practice), saved_order(practice)
    session = print_orders(parent, practice, [first, second, third], signals=signals)
    assert session is not None and session.preview is not None
    stored = practice.orders.load(first)
    practice.orders.save(replace(stored, prior_authorization="PA-2026-NEW"), first)
    session.preview.save_pdf(str(tmp_path / "batch.pdf"))
    assert boxes == [
        (
            "Claim not recorded",
            "The order changed after this claim was computed; compute it again before printing.",
        )
    ]
    assert sorted(r.order_id for r in practice.claims.list()) == [second, third]
    assert heard == [CLAIMS_CHANGED]  # once for the batch, not once per claim


def test_a_batch_recording_nothing_announces_nothing(
    parent: QWidget, practice: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    signals, heard = AppSignals(), []
    signals.changed.connect(heard.append)
    only = saved_order(practice)
    session = print_orders(parent, practice, [only], signals=signals)
    assert session is not None
    practice.orders.delete(only)
    session.preview.save_pdf(str(tmp_path / "none.pdf"))
    assert practice.claims.list() == [] and heard == []


def test_an_order_that_cannot_be_computed_stops_the_batch_under_its_title(
    parent: QWidget, practice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box.windowTitle()) or 0)
    assert print_orders(parent, practice, [saved_order(practice), 424242]) is None
    assert boxes == ["Order 424242 can't be printed"]
