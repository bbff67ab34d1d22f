"""The patient dialog's table of plain fields: it covers every field of a Patient, and a
complete patient shown in the dialog reads back equal (through the order-v1 writer and
reader, as an order file would carry it)."""

from __future__ import annotations

from typing import Any

import pytest

from infusiondesk.rules.order import Patient
from infusiondesk.ui.patients.dialog import PATIENT_FIELDS, PatientDialog
from tests.ui.records import complete, leaf_paths
from tests.ui.support import type_into, undeclared_inputs

# Patient fields the table leaves to other inputs, and why: none today (the payer and
# the insurance are the coverage's, not the Patient's).
NOT_IN_TABLE: dict[str, str] = {}


def test_the_table_covers_every_field_of_a_patient() -> None:
    expected = leaf_paths(Patient, "patient") - set(NOT_IN_TABLE)
    assert sorted(f.where for f in PATIENT_FIELDS) == sorted(expected)
    assert len({f.name for f in PATIENT_FIELDS}) == len(PATIENT_FIELDS)  # one input each


def test_a_complete_patient_round_trips_through_the_dialog(qtbot: Any, practice: Any) -> None:
    patient = complete(Patient)
    patient_id = practice.patients.save(patient)
    dialog = PatientDialog(practice, patient_id)
    qtbot.addWidget(dialog)
    for field in PATIENT_FIELDS:  # each value shown in its own input
        assert field.read(dialog.form.inputs[field.name]) not in (None, "", field.default), field.where
    assert dialog.dob.text() == "04/02/1961"  # shown as typed, MM/DD/YYYY
    assert dialog.patient() == patient
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert practice.patients.get(patient_id) == patient


@pytest.mark.parametrize(
    ("last", "first", "born", "message"),
    [
        ("Rivera", "", "", "Enter the patient's last and first name."),
        ("", "Luz", "", "Enter the patient's last and first name."),
        ("Rivera", "Luz", "13/45/1980", "'13/45/1980' is not a date: type it as MM/DD/YYYY."),
    ],
)
def test_the_dialog_names_what_to_fix(
    qtbot: Any, practice: Any, last: str, first: str, born: str, message: str
) -> None:
    dialog = PatientDialog(practice, None)
    qtbot.addWidget(dialog)
    for widget, text in ((dialog.last, last), (dialog.first, first), (dialog.dob, born)):
        if text:
            type_into(qtbot, widget, text)
    with pytest.raises(ValueError) as refused:
        dialog.patient()
    assert str(refused.value) == message


def test_a_birth_date_no_claim_could_carry_is_refused_by_its_field(qtbot: Any, practice: Any) -> None:
    """Read as an order file is: order-format.md dates run from 1900 to 2099, so a typo
    in the century is caught here, not on the first claim."""
    dialog = PatientDialog(practice, None)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog.last, "Rivera")
    type_into(qtbot, dialog.first, "Luz")
    type_into(qtbot, dialog.dob, "7/4/1880")
    with pytest.raises(ValueError, match="date of birth") as refused:
        dialog.patient()
    assert "1900" in str(refused.value) and "2099" in str(refused.value)  # order-format.md's range


def test_each_input_is_declared_on_the_dialog_with_its_tables_class(qtbot: Any, practice: Any) -> None:
    dialog = PatientDialog(practice, None)
    qtbot.addWidget(dialog)
    assert undeclared_inputs(dialog, PATIENT_FIELDS) == []
