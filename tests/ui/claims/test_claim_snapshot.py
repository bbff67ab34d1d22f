"""Claims › Open printed claim: the print preview of the snapshot as it was printed,
not the claim recomputed from the order and charge master as they are now."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from infusiondesk.ui.claims.dialogs import SnapshotDialog
from infusiondesk.ui.printing.session import PrintSession
from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import CLAIMS
from tests.helpers import order, therapy

DRUG = {"hcpcs": "J0690", "ndc": "0143-9924-90", "dose": 2000, "ndc_unit": "UN", "ndc_quantity_per_dose": 1}


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def button(widget: Any, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def test_open_shows_the_claim_as_it_was_printed(
    qtbot: Any,
    window: MainWindow,
    practice: Any,
    settings: Any,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(SnapshotDialog, "exec", lambda dialog: 0)  # a modal table is not the preview
    data = order(
        [therapy(frequency="q8h", start="2026-03-01", stop="2026-03-14", drugs=[DRUG])], complete=True
    )
    order_id = practice.orders.save(practice.orders.parse(data)).id
    computed = [(order_id, practice.claims.compute(order_id))]
    printing = PrintSession(window, practice, computed, settings, signals=window.signals)
    printing.start()
    printing.preview.save_pdf(str(tmp_path / "printed.pdf"))  # printed: recorded as a snapshot
    printing.preview.close()
    printed = pdf_text((tmp_path / "printed.pdf").read_bytes())
    assert "03 14 26" in printed and "2590 00" in printed  # 14 days of S9502 at $185.00

    stored = practice.orders.load(order_id)
    longer = replace(stored.therapies[0], stop=date(2026, 3, 20))
    practice.orders.save(replace(stored, therapies=(longer,)), order_id)
    practice.setup.set_charge("S9502", Decimal("999.00"))
    now = pdf_text(practice.printing.render([practice.claims.compute(order_id)], "worksheet"))
    assert "03 20 26" in now and "19980 00" in now  # the order as it is now bills differently

    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    claims = window.screens[CLAIMS]
    assert claims.model.rowCount() == 1
    claims.table.selectRow(0)
    qtbot.mouseClick(button(claims, "&Open printed claim"), Qt.MouseButton.LeftButton)
    preview = claims.session.preview
    assert preview is not None and "as printed" in preview.windowTitle()
    shown = pdf_text(preview.pdf)
    assert "03 14 26" in shown and "2590 00" in shown
    assert "03 20 26" not in shown and "999" not in shown
    assert shown == printed
    preview.save_pdf(str(tmp_path / "again.pdf"))  # printing it again records nothing new
    assert len(practice.claims.list()) == 1
    preview.close()
