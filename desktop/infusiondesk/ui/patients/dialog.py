"""Add or edit a patient (boxes 2, 3, 5) with their insurance (1a, 4, 6, 7, 11), and pick one.

``PatientDialog`` saves through the practice and reports the store's refusal in
plain words. The insurance is kept with the patient (``practice.patients.coverage``);
a new order starts from it, and orders keep their own copy. ``PatientPicker`` is the
order editor's "Find patient": type, Enter, arrow keys, Enter again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.rules.order import Address, Patient
from infusiondesk.rules.vocabulary import SEX_LABELS
from infusiondesk.services import Coverage
from infusiondesk.services.practice import Practice
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.signals import PATIENT_SAVED, AppSignals
from infusiondesk.ui.widgets.fields import ChoiceField, DateField, TextField, UpperField
from infusiondesk.ui.widgets.insurance_fields import InsuranceBox
from infusiondesk.ui.widgets.list_models import PatientListModel
from infusiondesk.ui.widgets.text import parse_date
from infusiondesk.ui.widgets.values import value_dict
from infusiondesk.ui.widgets.views import list_view

SEXES = tuple(SEX_LABELS.items())
COVERAGE_NOTE = (
    "The insurance is kept with the patient: a new order starts with it. Orders already "
    "entered keep their own insurance (change it there), and printed claims keep what they printed."
)


class PatientDialog(QDialog):
    """A patient and their insurance (payer, member ID, group, plan, insured)."""

    def __init__(
        self,
        practice: Practice,
        patient_id: int | None,
        parent: QWidget | None = None,
        signals: AppSignals | None = None,
    ) -> None:
        """``signals``: where the save is announced (the Patients screen's); None for a
        dialog with no views to refresh."""
        super().__init__(parent)
        self.practice, self.patient_id, self.signals = practice, patient_id, signals
        self.saved_patient: Patient | None = None
        self.setWindowTitle("Edit patient" if patient_id else "New patient")
        self.setMinimumWidth(780)
        form = QFormLayout(self)
        self.last, self.first = TextField("Last name"), TextField("First name")
        self.middle = UpperField("M.I.")
        self.middle.setMaxLength(1)
        self.dob, self.sex = DateField(), ChoiceField(SEXES)
        self.member_id = UpperField("as on the insurance card (box 1a)")
        self.account, self.phone = TextField("your account number (box 26)"), TextField()
        self.street, self.city = TextField(), TextField()
        self.state, self.zip = UpperField("TX"), TextField("ZIP or ZIP+4")
        self.state.setMaxLength(2)
        names = QHBoxLayout()
        for widget in (self.last, self.first, self.middle):
            names.addWidget(widget)
        place = QHBoxLayout()
        for widget in (self.city, self.state, self.zip):
            place.addWidget(widget)
        form.addRow("Name", names)
        form.addRow("Born", self.dob)
        form.addRow("Sex", self.sex)
        form.addRow("Account number", self.account)
        form.addRow("Phone", self.phone)
        form.addRow("Street", self.street)
        form.addRow("City, state, ZIP", place)
        self.payer = ChoiceField(payer_choices(practice), blank="Choose a payer…")
        self.insurance = InsuranceBox((("Payer", self.payer), ("Member ID", self.member_id)))
        self.coverage = practice.patients.coverage(patient_id)
        self.coverage_note = QLabel(COVERAGE_NOTE)
        self.coverage_note.setWordWrap(True)
        form.addRow(self.insurance)
        form.addRow(self.coverage_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if patient_id is not None:
            self._show(practice.patients.get(patient_id))
        self.payer.set_value(self.coverage.payer_id)
        self.insurance.set_values(value_dict(practice.patients.coverage_insured(self.coverage)))

    def _show(self, patient: Patient) -> None:
        for field, value in (
            (self.last, patient.last_name),
            (self.first, patient.first_name),
            (self.middle, patient.middle_initial),
            (self.sex, patient.sex),
            (self.member_id, patient.member_id),
            (self.phone, patient.phone),
            (self.account, patient.account_number),
            (self.street, patient.address.street),
            (self.city, patient.address.city),
            (self.state, patient.address.state),
            (self.zip, patient.address.zip),
        ):
            field.set_value(value)
        self.dob.set_value(patient.dob.isoformat() if patient.dob else None)

    def patient(self) -> Patient:
        """The patient as typed; raises ValueError naming a field that is missing or wrong."""
        if not self.last.value() or not self.first.value():
            raise PatientInputError("Enter the patient's last and first name.")
        dob = parse_date(self.dob.text()) if self.dob.text().strip() else None
        if self.dob.text().strip() and dob is None:
            raise PatientInputError(f"'{self.dob.text()}' is not a date: type it as MM/DD/YYYY.")
        text = lambda field: field.value() or ""  # noqa: E731
        return Patient(
            text(self.last),
            text(self.first),
            dob,
            self.sex.value() or "",
            text(self.member_id),
            text(self.middle),
            text(self.phone),
            text(self.account),
            Address(text(self.street), text(self.city), text(self.state), text(self.zip)),
        )

    def save(self) -> None:
        """Save the patient, then their coverage; both are read first, so a field typed
        wrong (named in the message) saves neither."""

        def save() -> tuple[Patient, Coverage]:
            patient = self.patient()
            coverage = self.practice.patients.coverage_from_fields(
                self.payer.value(), self.insurance.values()
            )
            self.patient_id = self.practice.patients.save(patient, self.patient_id)
            self.practice.patients.save_coverage(self.patient_id, coverage)
            return patient, coverage

        def saved(kept: tuple[Patient, Coverage]) -> None:
            self.saved_patient, self.coverage = kept
            self.accept()

        run_op(  # on failure the dialog stays open
            self,
            save,
            title="Patient not saved",
            on_success=saved,
            changes=None if self.signals is None else PATIENT_SAVED,  # the lists show the patient
            signals=self.signals,
        )


def payer_choices(practice: Practice) -> list[tuple[int, str]]:
    return [
        (r.id, f"{r.payer.name} ({r.payer.payer_id})" if r.payer.payer_id else r.payer.name)
        for r in practice.setup.payers()
    ]


class PatientInputError(ValueError):
    """A patient field typed wrong: the message names it."""


class PatientPicker(QDialog):
    """Search and choose a patient; ``chosen`` is (id, Patient) after accept."""

    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice = practice
        self.chosen: tuple[int, Patient] | None = None
        self.setWindowTitle("Find patient")
        self.resize(640, 420)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name, member ID or birth date; Enter to choose")
        self.model = PatientListModel(practice.patients.list, practice.patients.count)
        self.table = list_view(self.model)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self._search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._enter)
        self.table.activated.connect(lambda _index: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.model.show_all()

    def _search(self) -> None:
        text = self.search.text().strip()
        if text:
            self.model.show_matches(self.practice.patients.search(text))
        else:
            self.model.show_all()

    def _enter(self) -> None:
        self._search()
        if self.model.rowCount() == 1:
            self.table.selectRow(0)
            self.accept()
        elif self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def accept(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        match: Any = self.model.row_at(index.row())
        self.chosen = (match.id, self.practice.patients.get(match.id))
        super().accept()
