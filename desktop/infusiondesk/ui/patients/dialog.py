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

from infusiondesk.rules.order import Patient
from infusiondesk.rules.vocabulary import SEX_LABELS
from infusiondesk.services import Coverage
from infusiondesk.services.errors import OrderFileError
from infusiondesk.services.practice import Practice
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.signals import PATIENT_SAVED, AppSignals
from infusiondesk.ui.widgets.field_table import FormField, RecordInputs
from infusiondesk.ui.widgets.fields import ChoiceField, DateField, TextField, UpperField
from infusiondesk.ui.widgets.insurance_fields import InsuranceBox
from infusiondesk.ui.widgets.list_models import PatientListModel
from infusiondesk.ui.widgets.text import field_label, parse_date
from infusiondesk.ui.widgets.values import value_dict
from infusiondesk.ui.widgets.views import list_view

SEXES = tuple(SEX_LABELS.items())

# The patient's plain inputs (boxes 2, 3, 5, 1a, 26) by their path in an order's
# ``patient``, in the order Tab visits them; the member ID is drawn in the insurance box.
PATIENT_FIELDS: tuple[FormField, ...] = (
    FormField(("patient", "last_name"), "last", TextField, "Last name"),
    FormField(("patient", "first_name"), "first", TextField, "First name"),
    FormField(("patient", "middle_initial"), "middle", UpperField, "M.I.", max_length=1),
    FormField(("patient", "dob"), "dob", DateField),
    FormField(("patient", "sex"), "sex", ChoiceField, choices=SEXES),
    FormField(("patient", "account_number"), "account", TextField, "your account number (box 26)"),
    FormField(("patient", "phone"), "phone", TextField),
    FormField(("patient", "address", "street"), "street", TextField),
    FormField(("patient", "address", "city"), "city", TextField),
    FormField(("patient", "address", "state"), "state", UpperField, "TX", max_length=2),
    FormField(("patient", "address", "zip"), "zip", TextField, "ZIP or ZIP+4"),
    FormField(("patient", "member_id"), "member_id", UpperField, "as on the insurance card (box 1a)"),
)
COVERAGE_NOTE = (
    "The insurance is kept with the patient: a new order starts with it. Orders already "
    "entered keep their own insurance (change it there), and printed claims keep what they printed."
)


class PatientDialog(QDialog):
    """A patient and their insurance (payer, member ID, group, plan, insured)."""

    # The inputs its RecordInputs builds from PATIENT_FIELDS, each by its name and class
    # (tests/ui/patients checks these against the table).
    last: TextField
    first: TextField
    middle: UpperField
    dob: DateField
    sex: ChoiceField
    account: TextField
    phone: TextField
    street: TextField
    city: TextField
    state: UpperField
    zip: TextField
    member_id: UpperField

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
        self.form = RecordInputs(PATIENT_FIELDS)
        for name, widget in self.form.inputs.items():  # self.last, self.dob, …
            setattr(self, name, widget)
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
            self.form.fill(practice.patients.get(patient_id))
        self.payer.set_value(self.coverage.payer_id)
        self.insurance.set_values(value_dict(practice.patients.coverage_insured(self.coverage)))

    def patient(self) -> Patient:
        """The patient as typed; raises ValueError naming a field that is missing or wrong."""
        if not self.last.value() or not self.first.value():
            raise PatientInputError("Enter the patient's last and first name.")
        if self.dob.text().strip() and parse_date(self.dob.text()) is None:
            raise PatientInputError(f"'{self.dob.text()}' is not a date: type it as MM/DD/YYYY.")
        try:
            patient: Patient = self.form.read()
        except OrderFileError as bad:  # what an order file could not hold either (a year 1850)
            raise PatientInputError(
                "; ".join(f"{field_label(p.where)}: {p.message}" for p in bad.problems)
            ) from None
        return patient

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
