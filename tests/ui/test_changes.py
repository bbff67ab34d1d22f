"""What one screen saves, every screen that shows it shows at once (issue 13).

Each operation announces one typed ``Changes``; every view refreshes on the kinds it
shows. Scenarios run in the real main window, by keyboard and buttons, as a biller would.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from infusiondesk.ui.patients.dialog import PatientDialog
from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import ORDERS, PATIENTS
from infusiondesk.ui.signals import CLAIMS_CHANGED, PATIENT_SAVED, SETUP_CHANGED, AppSignals, Changes
from infusiondesk.ui.widgets.list_models import OrdersModel
from tests.ui.shell.test_biller_day import key, new_typed_order
from tests.ui.support import ACME, type_into


def listed_patients(window: MainWindow) -> list[str]:
    """The Patient column of the Orders list, as the biller sees it."""
    model = window.screens[ORDERS].model
    return [model.index(row, OrdersModel.PATIENT).data() for row in range(model.rowCount())]


def edit_selected_patient(qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, last: str) -> None:
    """Patients (Ctrl+1), Edit patient…, a new last name typed, Save."""

    def answer(dialog: PatientDialog) -> int:
        dialog.last.clear()
        type_into(qtbot, dialog.last, last)
        dialog.save()  # the dialog's own Save: the store's refusal would keep it open
        return int(dialog.result())

    monkeypatch.setattr(PatientDialog, "exec", answer)
    patients = window.screens[PATIENTS]
    button = next(b for b in patients.findChildren(QPushButton) if b.text() == "Ed&it patient…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_patient_renamed_on_the_patients_screen_is_renamed_in_the_orders_list(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_typed_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    key(qtbot, window, Qt.Key.Key_2)
    assert listed_patients(window) == ["Doe, Jane"]
    key(qtbot, window, Qt.Key.Key_1)
    patients = window.screens[PATIENTS]
    type_into(qtbot, patients.search, "Doe", leave=False)
    qtbot.keyClick(patients.search, Qt.Key.Key_Return)
    doe = patients.selected_patient_id()
    assert doe is not None
    edit_selected_patient(qtbot, window, monkeypatch, "Dough")
    assert window.practice.patients.get(doe).last_name == "Dough"
    key(qtbot, window, Qt.Key.Key_2)
    assert listed_patients(window) == ["Dough, Jane"]


def test_an_announcement_that_is_not_a_typed_change_fails_at_once(qapp: Any) -> None:
    """The old string kinds ("orders") refreshed nothing when misspelt; now they fail."""
    signals = AppSignals()
    heard: list[Changes] = []
    signals.changed.connect(heard.append)
    with pytest.raises(TypeError, match="Changes"):
        signals.announce("orders")  # type: ignore[arg-type]
    signals.announce(Changes())  # nothing changed: nobody refreshes
    signals.announce(PATIENT_SAVED)
    assert heard == [Changes(patients=True, orders=True)]


def test_a_claims_only_change_leaves_the_orders_list_alone(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    orders = window.screens[ORDERS]
    refreshed: list[bool] = []
    monkeypatch.setattr(orders, "refresh", lambda: refreshed.append(True))
    window.signals.announce(CLAIMS_CHANGED)
    assert refreshed == []
    window.signals.announce(PATIENT_SAVED)
    assert refreshed == [True]  # once, for one operation


def test_a_payer_renamed_in_setup_is_renamed_in_the_orders_list(qtbot: Any, window: MainWindow) -> None:
    """The Orders list shows payer names: closing Setup (SETUP_CHANGED) refreshes it."""
    new_typed_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    key(qtbot, window, Qt.Key.Key_2)
    model = window.screens[ORDERS].model
    assert model.index(0, OrdersModel.PAYER).data() == ACME.name
    practice = window.practice
    record = next(r for r in practice.setup.payers() if r.payer == ACME)
    practice.setup.save_payer(replace(ACME, name="Acme Health Plan of Texas"), "nhia", record.id)
    window.signals.announce(SETUP_CHANGED)  # what closing Setup does
    assert model.index(0, OrdersModel.PAYER).data() == "Acme Health Plan of Texas"
