"""The Patients screen: search as you type, and a new patient saved from the dialog."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from infusiondesk.rules.order import Patient
from infusiondesk.ui.patients.dialog import PatientDialog
from infusiondesk.ui.patients.view import PatientsView
from tests.ui.support import type_into


def test_patients_are_found_as_you_type(qtbot: Any, practice: Any, patients_view: PatientsView) -> None:
    practice.patients.save(Patient("Doe", "Jane", date(1961, 4, 2), "F", "XYZ1"))
    practice.patients.save(Patient("Dodd", "Sam", date(1970, 1, 5), "M", "ABC2"))
    practice.patients.save(Patient("Smith", "Ann", date(1961, 4, 2), "F", "QRS3"))
    view = patients_view
    view.refresh()  # the patients were saved after the screen opened
    assert view.model.rowCount() == 3 and "3 patients" in view.count.text()
    qtbot.keyClicks(view.search, "do")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=2000)
    view.search.clear()
    qtbot.keyClicks(view.search, "4/2/1961")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=2000)
    view.search.clear()
    qtbot.keyClicks(view.search, "xyz1")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert view.model.row_at(0).last_name == "Doe"


def test_a_new_patient_is_saved_from_the_dialog(qtbot: Any, practice: Any) -> None:
    dialog = PatientDialog(practice, None)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog.last, "Rivera")
    type_into(qtbot, dialog.first, "Luz")
    type_into(qtbot, dialog.dob, "13/45/1980")
    with pytest.raises(ValueError, match="not a date"):
        dialog.patient()
    dialog.dob.clear()
    type_into(qtbot, dialog.dob, "7/4/1980")
    type_into(qtbot, dialog.member_id, "mbr77")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    found = practice.patients.get(dialog.patient_id)
    assert (found.last_name, found.dob, found.member_id) == ("Rivera", date(1980, 7, 4), "MBR77")
