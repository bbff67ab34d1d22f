"""The order editor and its live billing panel, driven through the widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from infusiondesk.ui.order.screen import OrderScreen
from tests.ui.support import PECAN, choose, payer_id, type_into, units


def enter_header(qtbot: Any, screen: OrderScreen) -> None:
    header = screen.editor.header
    type_into(qtbot, header.last_name, "Doe")
    type_into(qtbot, header.first_name, "Jane")
    type_into(qtbot, header.dob, "4/2/1961")
    type_into(qtbot, header.member_id, "xyz123456789")
    type_into(qtbot, header.street, "12 Oak St")  # box 5: a paper claim needs it
    type_into(qtbot, header.city, "Austin")
    type_into(qtbot, header.state, "TX")
    type_into(qtbot, header.zip, "78701")
    choose(qtbot, header.payer, "Acme")
    choose(qtbot, header.prescriber, "Smith")
    type_into(qtbot, header.diagnoses.row(0)["code"].code, "A41.9")


def enter_therapy(qtbot: Any, screen: OrderScreen, frequency: str = "q8h") -> None:
    box = screen.editor.therapies.boxes[0]
    choose(qtbot, box.therapy, "Anti")
    box.frequency.lineEdit().clear()
    type_into(qtbot, box.frequency, frequency)
    type_into(qtbot, box.start, "03/01/2026")
    type_into(qtbot, box.stop, "03/14/2026")
    drug = box.drugs.row(0)
    type_into(qtbot, drug["hcpcs"], "J0690")
    type_into(qtbot, drug["ndc"], "0143-9924-90")
    type_into(qtbot, drug["dose"], "2000")
    type_into(qtbot, drug["ndc_quantity_per_dose"], "1")


def settle(qtbot: Any, screen: OrderScreen) -> None:
    """Wait for the debounced recompute to run."""
    qtbot.waitUntil(lambda: not screen._compute_timer.isActive(), timeout=2000)


def test_an_order_typed_in_shows_its_lines_and_units(qtbot: Any, screen: OrderScreen) -> None:
    enter_header(qtbot, screen)
    enter_therapy(qtbot, screen)
    settle(qtbot, screen)
    found = units(screen.panel)
    assert found["S9502"] == 14  # q8h anti-infective: one per diem a day of access
    assert found["J0690"] == 14 * 3 * 4  # 2000 mg a dose, 3 doses a day, 500 mg units
    drug = next(line for line in screen.panel.lines_model.rows() if line.code == "J0690")
    assert drug.ndc == "00143992490"  # 4-4-2 typed, 11 digits billed
    assert drug.explanation.startswith("J0690")
    assert not [p for p in screen.panel.problems_model.rows() if p.severity == "error"]
    assert screen.editor.therapies.boxes[0].drugs.row(0)["ndc"].text() == "00143-9924-90"


def test_an_administration_days_payer_changes_the_units(
    qtbot: Any, screen: OrderScreen, practice: Any
) -> None:
    enter_header(qtbot, screen)
    enter_therapy(qtbot, screen, frequency="q48h")
    settle(qtbot, screen)
    assert units(screen.panel)["S9494"] == 14  # NHIA: every day of access
    choose(qtbot, screen.editor.header.payer, "Pecan")
    settle(qtbot, screen)
    assert screen.editor.ids.payer_id == payer_id(practice, PECAN)
    assert screen.editor.header.profile.value() == "administration-days"
    assert units(screen.panel)["S9494"] == 7  # only the days a dose is given
    screen.editor.undo_stack.undo()
    settle(qtbot, screen)
    assert units(screen.panel)["S9494"] == 14


def test_a_bundled_supply_shows_its_reason(qtbot: Any, screen: OrderScreen) -> None:
    enter_therapy(qtbot, screen)
    supply = screen.editor.supplies.row(0)
    type_into(qtbot, supply["hcpcs"], "A4221")
    type_into(qtbot, supply["quantity"], "2")
    type_into(qtbot, supply["date"], "03/02/2026")
    settle(qtbot, screen)
    bundled = screen.panel.bundled_model.rows()
    assert [item.code for item in bundled] == ["A4221"]
    assert "per diem" in bundled[0].reason
    assert "(1)" in screen.panel.bundled_title.text()
    assert "A4221" not in units(screen.panel)


def test_problems_are_shown_at_their_field(qtbot: Any, screen: OrderScreen) -> None:
    enter_therapy(qtbot, screen)
    header = screen.editor.header
    type_into(qtbot, header.prescriber_last, "Jones")
    type_into(qtbot, header.prescriber_npi, "1234567890")  # fails the check digit
    settle(qtbot, screen)
    problem = next(p for p in screen.panel.problems_model.rows() if p.where == "prescriber.npi")
    assert header.prescriber_npi.property("problem") == "error"
    assert problem.message in header.prescriber_npi.toolTip()
    header.prescriber_npi.clear()
    type_into(qtbot, header.prescriber_npi, "1234567893")
    settle(qtbot, screen)
    assert header.prescriber_npi.property("problem") == ""


def test_a_half_typed_date_keeps_the_last_claim_and_marks_the_field(qtbot: Any, screen: OrderScreen) -> None:
    enter_therapy(qtbot, screen)
    settle(qtbot, screen)
    box = screen.editor.therapies.boxes[0]
    box.stop.clear()
    type_into(qtbot, box.stop, "03/3", leave=False)
    settle(qtbot, screen)
    assert screen.panel.note.isVisible()
    assert box.stop.property("problem") == "error"
    assert units(screen.panel)["S9502"] == 14  # the last good claim, dimmed


def test_undo_and_redo_walk_the_edits(qtbot: Any, screen: OrderScreen) -> None:
    box = screen.editor.therapies.boxes[0]
    choose(qtbot, box.therapy, "Anti")
    type_into(qtbot, box.frequency, "q24h")
    stack = screen.editor.undo_stack
    assert stack.count() == 2  # typing in one field is one step
    stack.undo()
    assert box.frequency.value() is None
    stack.redo()
    assert box.frequency.value() == "q24h"
    stack.undo()
    stack.undo()
    assert box.therapy.value() is None


def test_enter_in_the_last_row_adds_a_row(qtbot: Any, screen: OrderScreen) -> None:
    visits = screen.editor.visits
    first = visits.row(0)["date"]
    type_into(qtbot, first, "03/01/2026", leave=False)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert visits.row_count() == 2
    assert visits.row(1)["date"].hasFocus()


def test_the_draft_is_saved_and_restored(qtbot: Any, screen: OrderScreen, practice: Any) -> None:
    enter_therapy(qtbot, screen)
    screen.save_draft()
    again = OrderScreen(practice)
    qtbot.addWidget(again)
    assert again.restore_draft()
    assert again.editor.therapies.boxes[0].frequency.value() == "q8h"
    assert units(again.panel)["S9502"] == 14
    again.stop()


def test_saving_stores_the_order_and_clears_the_draft(qtbot: Any, screen: OrderScreen, practice: Any) -> None:
    enter_header(qtbot, screen)
    enter_therapy(qtbot, screen)
    screen.save_draft()
    order_id = screen.save()
    assert practice.drafts.load() is None
    stored = practice.orders.load(order_id)
    assert stored.patient.last_name == "Doe"
    assert stored.therapies[0].drugs[0].dose == 2000
    assert screen.order_id == order_id


def test_the_recompute_is_fast_for_a_long_order(qtbot: Any, screen: OrderScreen) -> None:
    state = screen.editor.state
    state["therapies"] = [
        {
            "therapy": "anti-infective",
            "frequency": "q8h",
            "start": "2026-01-01",
            "stop": "2026-03-01",
            "drugs": [
                {
                    "hcpcs": "J0690",
                    "ndc": "0143-9924-90",
                    "dose": "2000",
                    "ndc_unit": "UN",
                    "ndc_quantity_per_dose": "1",
                }
            ],
        },
        {
            "therapy": "tpn",
            "frequency": "continuous",
            "start": "2026-01-01",
            "stop": "2026-03-01",
            "daily_volume_ml": "1800",
        },
        {
            "therapy": "hydration",
            "frequency": "q24h",
            "start": "2026-01-01",
            "stop": "2026-03-01",
            "daily_volume_ml": "1000",
        },
    ]
    screen.editor.change(state, "long order")
    screen.recompute()
    timings = []
    for _ in range(5):
        screen.recompute()
        timings.append(screen.last_compute_ms)
    assert len(screen.panel.lines_model.rows()) >= 6
    assert sorted(timings)[2] < 150  # the issue asks < 50 ms; CI machines are slower


def test_fields_the_editor_does_not_show_survive_an_edit(qtbot: Any, screen: OrderScreen) -> None:
    from tests.helpers import COMPLETE_HEADER

    state = {
        "format": "infusiondesk/order-v1",
        "payer_profile": "nhia",
        **COMPLETE_HEADER,
        "insured": {"last_name": "Doe", "first_name": "John", "relationship": "spouse"},
        "charges": {"S9500": "150.00"},
        "primary_therapy": 0,
        "therapies": [
            {
                "therapy": "anti-infective",
                "frequency": "q24h",
                "start": "2026-03-01",
                "stop": "2026-03-10",
                "administration_dates": ["2026-03-01", "2026-03-03"],
                "drugs": [{"hcpcs": "J3490", "dose": "1", "description": "drug X", "compound": True}],
            }
        ],
    }
    screen.editor.load(state)
    box = screen.editor.therapies.boxes[0]
    assert box.given.isVisibleTo(box)
    type_into(qtbot, box.volume, "100")
    after = screen.editor.state
    assert after["insured"]["relationship"] == "spouse"
    assert after["charges"] == {"S9500": "150.00"} and after["primary_therapy"] == 0
    assert after["provider"] == COMPLETE_HEADER["provider"]  # the order's, not the practice
    therapy = after["therapies"][0]
    assert therapy["administration_dates"] == ["2026-03-01", "2026-03-03"]
    assert therapy["daily_volume_ml"] == "100"
    assert therapy["drugs"][0]["description"] == "drug X" and therapy["drugs"][0]["compound"]


def test_opening_another_order_asks_before_dropping_unsaved_work(
    qtbot: Any, screen: OrderScreen, practice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.helpers import order, therapy

    stored = practice.orders.save(practice.orders.parse(order([therapy()], complete=True))).id
    enter_therapy(qtbot, screen)
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    screen.open_order(stored)
    assert screen.order_id is None  # Cancel: still the typed order
    screen.open_order(stored)
    assert screen.order_id == stored
    assert screen.editor.undo_stack.isClean()
    screen.open_order(stored)  # nothing changed since: no question (none left to give)
