"""Setup: practice, payers, payer profiles, prescribers, charge master, printer offsets.

One dialog with a tab per table; each tab saves through the practice at once and
shows refusals in plain words. Printer offsets belong to this computer's printer,
so they live in the window settings, not in the practice's database.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.rules.order import Prescriber, Provider
from infusiondesk.rules.vocabulary import PRINT_FORM_LABELS
from infusiondesk.services import practice_problems, prescriber_problems
from infusiondesk.services.practice import Practice
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.preferences import LOCK_SETTING, lock_minutes
from infusiondesk.ui.printing.pages import FORM_SETTING, printer_offsets, stored_form
from infusiondesk.ui.setup.charges import ChargesTab
from infusiondesk.ui.setup.parts import SaveNote, address_row, address_table, check_fields, form_problems
from infusiondesk.ui.setup.payers import PayersTab, ProfilesTab
from infusiondesk.ui.widgets.field_table import FormField, RecordInputs
from infusiondesk.ui.widgets.fields import ChoiceField, TextField, UpperField
from infusiondesk.ui.widgets.list_models import PrescribersModel
from infusiondesk.ui.widgets.views import list_view

TABS = ("practice", "payers", "profiles", "prescribers", "charges", "printer")
POINTS_PER_INCH = 72

# The practice's inputs (boxes 25, 33) by their path in an order's ``provider``, as the
# claim edits name them; the tab draws them in this order.
PRACTICE_FIELDS: tuple[FormField, ...] = (
    FormField(("provider", "name"), "name", TextField, "Practice name as on the claim"),
    FormField(("provider", "npi"), "npi", TextField, "10 digits"),
    FormField(("provider", "ein"), "ein", TextField, "12-3456789"),
    FormField(("provider", "taxonomy"), "taxonomy", UpperField, "e.g. 3336H0001X"),
    FormField(("provider", "phone"), "phone", TextField, "5125550100"),
    *address_table("provider"),
)
# A prescriber's (box 17), by their path in an order's ``prescriber``.
PRESCRIBER_FIELDS: tuple[FormField, ...] = (
    FormField(("prescriber", "last_name"), "last", TextField, "Last"),
    FormField(("prescriber", "first_name"), "first", TextField, "First"),
    FormField(("prescriber", "npi"), "npi", TextField, "NPI"),
)


class SetupDialog(QDialog):
    def __init__(
        self, practice: Practice, settings: QSettings, tab: str = "practice", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Setup")
        self.resize(900, 620)
        self.tabs = QTabWidget()
        self.charges = ChargesTab(practice)  # opened at a code from the order screen
        self.pages: dict[str, QWidget] = {
            "practice": PracticeTab(practice, settings),
            "payers": PayersTab(practice),
            "profiles": ProfilesTab(practice),
            "prescribers": PrescribersTab(practice),
            "charges": self.charges,
            "printer": PrinterTab(practice, settings),
        }
        titles = ("Practice", "Payers", "Payer profiles", "Prescribers", "Charge master", "Printer")
        for key, title in zip(TABS, titles, strict=True):
            self.tabs.addTab(self.pages[key], title)
        self.tabs.setCurrentWidget(self.pages.get(tab, self.pages["practice"]))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)


class PracticeTab(QWidget):
    """The billing provider (boxes 25, 33): on every claim the practice prints."""

    # The inputs its RecordInputs builds from PRACTICE_FIELDS, each by its name and class
    # (tests/ui/setup checks these against the table).
    name: TextField
    npi: TextField
    ein: TextField
    taxonomy: UpperField
    phone: TextField
    street: TextField
    city: TextField
    state: UpperField
    zip: TextField

    def __init__(
        self, practice: Practice, settings: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.practice = practice
        self.settings = settings
        self.form = RecordInputs(PRACTICE_FIELDS)
        for name, widget in self.form.inputs.items():  # self.name, self.npi, …
            setattr(self, name, widget)
        self.note = SaveNote()
        self.fields: dict[str, QWidget] = self.form.paths()  # where the claim edits name them
        form = QFormLayout(self)
        form.addRow(QLabel("The billing provider printed in boxes 25 and 33 of every claim."))
        for label, widget in (
            ("&Name", self.name),
            ("NP&I (box 33a)", self.npi),
            ("Tax ID / &EIN (box 25)", self.ein),
            ("Ta&xonomy", self.taxonomy),
            ("P&hone", self.phone),
            ("S&treet", self.street),
        ):
            form.addRow(label, widget)
        form.addRow("City, state, ZIP", address_row(self.form.inputs))
        save = QPushButton("&Save practice")
        save.clicked.connect(self.save)
        form.addRow(save)
        form.addRow(self.note)
        self.lock_minutes = None if settings is None else _lock_row(form, settings)
        ours = practice.setup.practice()
        if ours is not None:
            self.form.fill(ours)
            self.check()
        for field in self.form.widgets():
            field.edited.connect(self.check)

    def provider(self) -> Provider:
        """The practice as typed; raises OrderFileError naming a field no claim could hold."""
        provider: Provider = self.form.read()
        return provider

    def check(self) -> list[Any]:
        """The claim edits' verdict on these details, shown at their fields as typed."""
        return check_fields(self.fields, form_problems(self.form, practice_problems))

    def save(self) -> bool:
        errors = self.check()
        if errors:
            self.note.refused("Practice", errors)
            return False
        return run_op(
            self,
            lambda: self.practice.setup.set_practice(self.provider()),
            title="Practice not saved",
            on_success=lambda _: self.note.saved(
                "Practice saved: every claim not yet printed uses these details"
            ),
        )


class PrescribersTab(QWidget):
    """Prescribers (box 17): pick one to correct it; a correction reaches their orders."""

    # The inputs its RecordInputs builds from PRESCRIBER_FIELDS, each by its name and class
    # (tests/ui/setup checks these against the table).
    last: TextField
    first: TextField
    npi: TextField

    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice = practice
        self.prescriber_id: int | None = None
        self.model = PrescribersModel(practice.setup.prescribers())
        self.table = list_view(self.model, {0: 200, 1: 200})
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._load())
        self.form = RecordInputs(PRESCRIBER_FIELDS)
        for name, widget in self.form.inputs.items():  # self.last, self.first, self.npi
            setattr(self, name, widget)
        self.note = SaveNote()
        self.fields: dict[str, QWidget] = self.form.paths()
        row = QHBoxLayout()
        for widget in self.form.widgets():
            row.addWidget(widget)
            widget.edited.connect(self.check)
        for text, slot in (("&New prescriber", self._new), ("&Save prescriber", self.add)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.note)

    def _load(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        self.prescriber_id, prescriber = self.model.row_at(index.row())
        self.form.fill(prescriber)
        self.check()

    def _new(self) -> None:
        self.prescriber_id = None
        self.table.clearSelection()
        self.form.fill(None)
        check_fields(self.fields, [])
        self.last.setFocus()

    def prescriber(self) -> Prescriber:
        """The prescriber as typed; raises OrderFileError naming a field no claim could hold."""
        prescriber: Prescriber = self.form.read()
        return prescriber

    def check(self) -> list[Any]:
        return check_fields(self.fields, form_problems(self.form, prescriber_problems))

    def add(self) -> bool:
        """Save the prescriber typed: a new one, or the one picked in the list corrected."""
        errors = self.check()
        if errors:
            self.note.refused("Prescriber", errors)
            return False
        prescriber = self.prescriber()

        def save() -> None:
            if self.prescriber_id is None:
                self.prescriber_id = self.practice.setup.add_prescriber(prescriber)
            else:
                self.practice.setup.update_prescriber(self.prescriber_id, prescriber)

        def saved(_: None) -> None:
            self.model.set_rows(self.practice.setup.prescribers())
            self.note.saved(f"Saved {prescriber.first_name} {prescriber.last_name}")
            self._new()

        return run_op(self, save, title="Prescriber not saved", on_success=saved)


class PrinterTab(QWidget):
    """Red-form offsets for this computer's printer, checked with the alignment page."""

    def __init__(self, practice: Practice, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice, self.settings = practice, settings
        self.offset_x, self.offset_y = _inches(), _inches()
        x, y = printer_offsets(settings)
        self.offset_x.setValue(x / POINTS_PER_INCH)
        self.offset_y.setValue(y / POINTS_PER_INCH)
        self.form = ChoiceField(tuple(PRINT_FORM_LABELS.items()))
        self.form.set_value(stored_form(settings))
        test = QPushButton("Print &alignment test page…")
        test.clicked.connect(self.alignment_page)
        note = QLabel(
            "Print the test page on a red CMS-1500 form. If the X marks sit right of "
            "their boxes, lower the horizontal offset; if below, lower the vertical "
            "one. Offsets apply to red-form printing only."
        )
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow("Move right by", self.offset_x)
        form.addRow("Move down by", self.offset_y)
        form.addRow("Usual form", self.form)
        form.addRow(test)
        for box in (self.offset_x, self.offset_y):
            box.valueChanged.connect(lambda _value: self.save())
        self.form.edited.connect(self.save)

    def offsets(self) -> tuple[float, float]:
        return (
            round(self.offset_x.value() * POINTS_PER_INCH, 2),
            round(self.offset_y.value() * POINTS_PER_INCH, 2),
        )

    def save(self) -> None:
        x, y = self.offsets()
        self.settings.setValue("printer/offset_x", x)
        self.settings.setValue("printer/offset_y", y)
        self.settings.setValue(FORM_SETTING, self.form.value())

    def alignment_page(self) -> None:
        from infusiondesk.ui.printing.preview import PrintPreviewDialog

        def show(pdf: bytes) -> None:
            self.preview = PrintPreviewDialog(self, pdf, "alignment test page", "red-form")
            self.preview.form.setEnabled(False)
            self.preview.open()

        run_op(
            self,
            lambda: self.practice.printing.alignment(*self.offsets()),
            title="Alignment page",
            on_success=show,
        )


def _lock_row(form: QFormLayout, settings: QSettings) -> QSpinBox:
    """The idle lock's minutes (ui/shell/idle_lock.py): this computer's setting, saved at once."""
    box = QSpinBox()
    box.setRange(1, 240)
    box.setSuffix(" idle minutes")
    box.setValue(round(lock_minutes(settings)))
    box.valueChanged.connect(lambda minutes: settings.setValue(LOCK_SETTING, minutes))
    form.addRow("&Lock the window after", box)
    return box


def _inches() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-1.0, 1.0)
    box.setDecimals(2)
    box.setSingleStep(0.01)
    box.setSuffix(" inch")
    return box
