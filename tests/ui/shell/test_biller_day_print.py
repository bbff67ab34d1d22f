"""A biller's day, printing: "ready to print" in the live panel is what printing
checks, and printing the same claim again is a reprint, never a second claim.

Driven through the real main window (Ctrl+N, typed fields, Ctrl+P, the Orders screen's
batch print); what is checked is the store's claims, the audit log and the PDF text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from infusiondesk.ui.printing.preview import PrintRefusedDialog
from infusiondesk.ui.setup.dialogs import SetupDialog
from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import CLAIMS, ORDER, ORDERS
from tests.ui.shell.test_biller_day import (
    key,
    messages,
    new_typed_order,
    settle,
    type_antibiotic,
    type_patient,
)
from tests.ui.support import choose, type_into

__all__ = ["messages"]  # the fixture, shared


def panel(window: MainWindow) -> Any:
    return window.screens[ORDER].panel


def test_a_line_without_a_charge_is_red_and_its_button_opens_the_charge_master(
    qtbot: Any, window: MainWindow, messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    window.practice.setup.remove_charge("J0690", None)  # the charge master has no price for it
    key(qtbot, window, Qt.Key.Key_N)
    type_patient(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    type_antibiotic(qtbot, window, "03/01/2026", "03/10/2026")
    settle(qtbot, window)
    shown = panel(window)
    assert not shown.ready and "not ready to print" in shown.summary.text()
    missing = [p for p in shown.problems_model.rows() if p.where == "charges.J0690"]
    assert missing and missing[0].severity == "error" and "J0690" in missing[0].message
    opened: list[tuple[str, str]] = []

    def set_the_charge(dialog: SetupDialog) -> int:
        page = dialog.pages["charges"]
        opened.append((dialog.tabs.currentWidget() is page, page.code.value()))
        type_into(qtbot, page.amount, "4.10")
        page.save()
        return 0

    monkeypatch.setattr(SetupDialog, "exec", set_the_charge)
    button = next(b for b in shown.charge_buttons if "J0690" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [(True, "J0690")]
    assert shown.ready and "ready to print" in shown.summary.text()  # recomputed at once


def test_a_red_panel_is_what_printing_refuses(
    qtbot: Any, window: MainWindow, messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No patient address (box 5): red at the field, and Print refuses for that reason."""
    key(qtbot, window, Qt.Key.Key_N)
    type_patient(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    header = window.screens[ORDER].editor.header
    header.street.clear()
    header.street.edited.emit()
    type_antibiotic(qtbot, window, "03/01/2026", "03/10/2026")
    settle(qtbot, window)
    shown = panel(window)
    live = [p for p in shown.problems_model.rows() if p.severity == "error"]
    assert [p.where for p in live] == ["patient.address.street"] and not shown.ready
    assert header.street.property("severity") == "error" or header.street.toolTip()
    refused: list[list[Any]] = []
    monkeypatch.setattr(
        PrintRefusedDialog,
        "exec",
        lambda dialog: refused.append(dialog.findChildren(type(shown.summary))) or 0,
    )
    key(qtbot, window, Qt.Key.Key_P)
    assert refused, "printing must refuse what the panel shows red"
    text = " ".join(label.text() for label in refused[0])
    assert "box 5" in text
    assert window.practice.claims.list() == []


def pdf_text(path: Any) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_a_batch_then_a_reprint_records_each_claim_once(
    qtbot: Any, window: MainWindow, messages: list[str], tmp_path: Any
) -> None:
    new_typed_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    new_typed_order(qtbot, window, "Roe", "Rick", "5/6/1970", "XYZ222")
    assert panel(window).ready
    key(qtbot, window, Qt.Key.Key_2)
    view = window.screens[ORDERS]
    view.table.selectAll()
    button = next(b for b in view.findChildren(QPushButton) if b.text().startswith("&Print claims"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    sessions = [w for w in window.findChildren(object) if type(w).__name__ == "PrintPreviewDialog"]
    assert len(sessions) == 1
    first = tmp_path / "batch.pdf"
    sessions[0].save_pdf(str(first))
    text = pdf_text(first)
    assert "DOE, JANE" in text and "ROE, RICK" in text and "J0690" in text and "S9502" in text
    claims = window.practice.claims.list()
    assert sorted(c.order_id for c in claims) == sorted(s.id for s in window.practice.orders.list())
    # the same batch saved again, then the red form of Doe's claim alone (Ctrl+P)
    sessions[0].save_pdf(str(tmp_path / "again.pdf"))
    sessions[0].close()  # the biller closes the preview
    doe = min(s.id for s in window.practice.orders.list())
    window.screens[ORDER].open_order(doe)
    key(qtbot, window, Qt.Key.Key_P)
    alone = window.print_session.preview
    assert alone is not sessions[0]
    alone.save_pdf(str(tmp_path / "doe.pdf"))
    text = pdf_text(tmp_path / "doe.pdf")
    assert "DOE, JANE" in text and "ROE, RICK" not in text
    assert len(window.practice.claims.list()) == 2  # one claim per claim content
    with window.practice.store.reading() as db:
        events = db.execute(
            "SELECT entity_id, action, after FROM audit_log WHERE entity = 'claim' ORDER BY id"
        ).fetchall()
    actions = [(int(e[0]), e[1]) for e in events]
    by_order = {c.order_id: c.id for c in window.practice.claims.list()}
    assert actions.count((by_order[doe], "create")) == 1
    assert actions.count((by_order[doe], "reprint")) == 2  # the batch again, then alone
    # each went out as a saved PDF, and the log says so (issue 14: prints and saves audited)
    assert [json.loads(e[2])["how"] for e in events if e[1] == "reprint"] == ["saved"] * 3


def start_order(qtbot: Any, window: MainWindow, last: str, first: str, dob: str, member: str) -> Any:
    key(qtbot, window, Qt.Key.Key_N)
    type_patient(qtbot, window, last, first, dob, member)
    return window.screens[ORDER].editor


def therapy_box(qtbot: Any, editor: Any, index: int, kind: str, frequency: str, start: str, stop: str) -> Any:
    if index >= len(editor.therapies.boxes):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    box = editor.therapies.boxes[index]
    choose(qtbot, box.therapy, kind)
    box.frequency.lineEdit().clear()
    type_into(qtbot, box.frequency, frequency)
    type_into(qtbot, box.start, start)
    type_into(qtbot, box.stop, stop)
    return box


def drug(qtbot: Any, box: Any, row: int, values: dict[str, str]) -> None:
    fields = box.drugs.row(row)
    for name, text in values.items():
        type_into(qtbot, fields[name], text)


def four_orders(qtbot: Any, window: MainWindow) -> None:
    """A day's orders typed in: an antibiotic with visits and supplies, TPN over a month
    end with a hold, IVIG with waste, three concurrent therapies."""
    editor = start_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    type_antibiotic(qtbot, window, "03/01/2026", "03/14/2026")
    visit = editor.visits.row(0)
    type_into(qtbot, visit["date"], "03/01/2026")
    type_into(qtbot, visit["minutes"], "150")
    supply = editor.supplies.row(0)
    type_into(qtbot, supply["hcpcs"], "A4221")
    type_into(qtbot, supply["date"], "03/01/2026")
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_S)

    editor = start_order(qtbot, window, "Roe", "Rick", "5/6/1970", "XYZ222")
    box = therapy_box(qtbot, editor, 0, "Total", "continuous", "01/20/2026", "02/10/2026")
    type_into(qtbot, box.volume, "2000")
    hold = box.holds.row(0) if box.holds.row_count() else box.holds.add_row()
    type_into(qtbot, hold["from"], "01/28/2026")
    type_into(qtbot, hold["to"], "01/30/2026")
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_S)

    editor = start_order(qtbot, window, "Poe", "Ed", "7/8/1980", "XYZ333")
    box = therapy_box(qtbot, editor, 0, "Immuno", "q28d", "03/02/2026", "03/02/2026")
    drug(qtbot, box, 0, {"hcpcs": "J1569", "ndc": "0944-2700-04", "dose": "30000", "wasted": "500"})
    drug(qtbot, box, 0, {"ndc_quantity_per_dose": "300"})
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_S)

    editor = start_order(qtbot, window, "Moe", "Mia", "9/10/1955", "XYZ444")
    type_antibiotic(qtbot, window, "03/01/2026", "03/07/2026")
    hydration = therapy_box(qtbot, editor, 1, "Hydration", "q24h", "03/01/2026", "03/07/2026")
    type_into(qtbot, hydration.volume, "1000")
    therapy_box(qtbot, editor, 2, "Anti-emetic inf", "q24h", "03/03/2026", "03/05/2026")
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_S)


def test_four_typed_orders_print_as_one_batch_with_one_claim_each(
    qtbot: Any, window: MainWindow, messages: list[str], tmp_path: Any
) -> None:
    four_orders(qtbot, window)
    practice = window.practice
    saved = {practice.orders.load(s.id).patient.last_name: s.id for s in practice.orders.list()}
    assert set(saved) == {"Doe", "Roe", "Poe", "Moe"}, messages
    moe = practice.orders.load(saved["Moe"])
    assert [t.therapy for t in moe.therapies] == ["anti-infective", "hydration", "antiemetic-infusion"]
    assert practice.orders.load(saved["Roe"]).therapies[0].holds[0].first.isoformat() == "2026-01-28"
    assert practice.orders.load(saved["Poe"]).therapies[0].drugs[0].wasted == 500
    # the biller prices what the charge master lacks (each a red "Set the charge" first)
    for order_id in saved.values():
        for line in practice.claims.compute(order_id).lines:
            if line.charge is None:
                practice.setup.set_charge(line.code, Decimal("10.00"))
    blocking = {
        name: [p for p in practice.claims.print_check(practice.claims.compute(i)) if p.severity == "error"]
        for name, i in saved.items()
    }
    assert blocking == {name: [] for name in saved}
    key(qtbot, window, Qt.Key.Key_2)
    view = window.screens[ORDERS]
    view.table.selectAll()
    view.print_selected()
    previews = [w for w in window.findChildren(object) if type(w).__name__ == "PrintPreviewDialog"]
    target = tmp_path / "day.pdf"
    previews[-1].save_pdf(str(target))
    text = pdf_text(target)
    for name in ("DOE, JANE", "ROE, RICK", "POE, ED", "MOE, MIA", "J0690", "J1569", "JW", "99601"):
        assert name in text, name
    claims = practice.claims.list()
    assert sorted(c.order_id for c in claims) == sorted(saved.values())
    tpn = next(c for c in claims if c.order_id == saved["Roe"])
    spans = sorted((line["from"], line["to"]) for line in tpn.claim["lines"] if line["code"].startswith("S"))
    assert all(f[:7] == t[:7] for f, t in spans)  # no per-diem line crosses the month end
    assert ("2026-01-28" not in {f for f, _ in spans}) and spans[0][0] == "2026-01-20"


def test_a_claim_printed_again_from_the_claims_screen_is_logged_as_a_reprint(
    qtbot: Any, window: MainWindow, messages: list[str], tmp_path: Any
) -> None:
    """The Claims screen prints a claim's snapshot (never recomputed): that is a reprint
    of the claim on file, logged as one, and never a second claim."""
    new_typed_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    key(qtbot, window, Qt.Key.Key_P)
    window.print_session.preview.save_pdf(str(tmp_path / "first.pdf"))
    window.print_session.preview.close()
    (claim,) = window.practice.claims.list()
    key(qtbot, window, Qt.Key.Key_4)
    view = window.screens[CLAIMS]
    view.refresh()
    view.table.selectRow(0)
    view.open_snapshot()
    view.session.preview.save_pdf(str(tmp_path / "again.pdf"))
    assert "DOE, JANE" in pdf_text(tmp_path / "again.pdf")
    assert [c.id for c in window.practice.claims.list()] == [claim.id]
    with window.practice.store.reading() as db:
        actions = db.execute(
            "SELECT action FROM audit_log WHERE entity = 'claim' AND entity_id = ? ORDER BY id", [claim.id]
        ).fetchall()
    assert [a[0] for a in actions].count("reprint") == 1
