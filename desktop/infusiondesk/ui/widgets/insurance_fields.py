"""The insurance a CMS-1500 needs beyond the member ID, shared by the order editor and
the patient dialog: group number (box 11), plan name (11c), and the insured when it
is not the patient (relationship, box 6; name, birth date, sex, address and phone,
boxes 4, 11a and 7).

The insured's own fields show only when the relationship isn't "self": for "self"
the form copies the patient's boxes (cms1500-layout.md, boxes 4 and 7), so asking
again would only invite a mismatch. Values are the ``insured`` mapping of order-v1
(None when nothing beyond "self" was entered); the inputs are built, read and filled
from the tables below (``PLAN_FIELDS``, ``INSURED_PERSON_FIELDS``; see field_table.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from infusiondesk.rules.vocabulary import RELATIONSHIP_LABELS, SEX_SHORT_LABELS
from infusiondesk.ui.widgets.field_table import FormField, build_inputs, fill_inputs, input_paths, read_inputs
from infusiondesk.ui.widgets.fields import ChoiceField, DateField, TextField, UpperField

RELATIONSHIPS = tuple(RELATIONSHIP_LABELS.items())
SEXES = tuple(SEX_SHORT_LABELS.items())

# The insurance box's, by their path in the order's ``insured`` mapping (boxes 4, 6, 7,
# 11): the plan first, then the insured person, asked only when not the patient.
PLAN_FIELDS: tuple[FormField, ...] = (
    FormField(("group_number",), "group_number", UpperField, "Group or policy number (box 11)"),
    FormField(("plan_name",), "plan_name", TextField, "Plan or program name (box 11c)"),
    FormField(
        ("relationship",),
        "relationship",
        ChoiceField,
        "Patient is the insured's",
        RELATIONSHIPS,
        default="self",
        width=6,
        tooltip="Box 6: how the patient is related to the insured (policyholder).",
    ),
)
INSURED_PERSON_FIELDS: tuple[FormField, ...] = (
    FormField(("last_name",), "last_name", TextField, "Insured's last name"),
    FormField(("first_name",), "first_name", TextField, "First name"),
    FormField(("middle_initial",), "middle_initial", UpperField, "M.I.", max_length=1, max_width=40),
    FormField(("dob",), "dob", DateField, "Born (11a)"),
    FormField(("sex",), "sex", ChoiceField, "Sex", SEXES, width=2),
    FormField(("address", "street"), "street", TextField, "Street"),
    FormField(("address", "city"), "city", TextField, "City"),
    FormField(("address", "state"), "state", UpperField, "ST", max_length=2, max_width=44),
    FormField(("address", "zip"), "zip", TextField, "ZIP", max_width=90),
    FormField(("phone",), "phone", TextField, "Phone"),
)
INSURED_FIELDS = PLAN_FIELDS + INSURED_PERSON_FIELDS


class InsuranceBox(QGroupBox):
    """Group, plan, relationship and (unless "self") the insured person."""

    edited = Signal()

    # The inputs ``build_inputs`` makes from INSURED_FIELDS, each by its name and class
    # (tests/ui/widgets checks these against the table).
    group_number: UpperField
    plan_name: TextField
    relationship: ChoiceField
    last_name: TextField
    first_name: TextField
    middle_initial: UpperField
    dob: DateField
    sex: ChoiceField
    street: TextField
    city: TextField
    state: UpperField
    zip: TextField
    phone: TextField

    def __init__(
        self, first_row: tuple[tuple[str, QWidget], ...] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__("Insurance (boxes 4, 6, 7, 11)", parent)
        self._kept: dict[tuple[str, ...], dict[str, Any]] = {}  # keys no input shows
        self.inputs = build_inputs(INSURED_FIELDS)
        for name, widget in self.inputs.items():  # insurance.group_number, …
            setattr(self, name, widget)
        grid = QGridLayout(self)
        line = 0
        if first_row:  # the patient dialog puts payer and member ID first
            _add_line(grid, line, first_row)
            line += 1
        _add_line(
            grid,
            line,
            (("Group", self.group_number), ("Plan", self.plan_name), ("Patient is the insured's", None)),
        )
        grid.addWidget(self.relationship, line, 5)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.insured = self._insured_fields()
        grid.addWidget(self.insured, line + 1, 0, 1, 6)
        for field in self.fields():
            field.edited.connect(self.edited)
        self.relationship.edited.connect(self._show_insured)
        self._show_insured()

    def _insured_fields(self) -> QWidget:
        panel = QWidget()
        grid = QGridLayout(panel)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("Insured (box 4)"), 0, 0)
        grid.addLayout(_row(self.last_name, self.first_name, self.middle_initial), 0, 1)
        grid.addLayout(_row(QLabel("Born (11a)"), self.dob, QLabel("Sex"), self.sex), 0, 2)
        grid.addWidget(QLabel("Address (box 7)"), 1, 0)
        grid.addLayout(_row(self.street, self.city, self.state, self.zip), 1, 1)
        grid.addWidget(self.phone, 1, 2)
        grid.setColumnStretch(1, 1)
        return panel

    def fields(self) -> list[Any]:
        """Every input, in the order Tab visits them (the order they are drawn)."""
        return [self.inputs[f.name] for f in INSURED_FIELDS]

    def person_fields(self) -> list[Any]:
        return [self.inputs[f.name] for f in INSURED_PERSON_FIELDS]

    def _show_insured(self) -> None:
        self.insured.setVisible((self.relationship.value() or "self") != "self")

    def is_patient(self) -> bool:
        return (self.relationship.value() or "self") == "self"

    # --- values ---------------------------------------------------------------------------

    def values(self) -> dict[str, Any] | None:
        """The order-v1 ``insured`` mapping; None for the patient with no group or plan."""
        data = read_inputs(PLAN_FIELDS if self.is_patient() else INSURED_FIELDS, self.inputs, self._kept)
        if self.is_patient() and set(data) <= {"relationship"}:
            return None
        return data

    def set_values(self, data: dict[str, Any] | None) -> None:
        self._kept = fill_inputs(INSURED_FIELDS, self.inputs, data or {}, top=True)
        self._show_insured()

    def register(self, paths: dict[str, QWidget]) -> None:
        """The fields that show problems named ``insured.…``."""
        paths["insured"] = self.relationship
        paths.update(
            {f"insured.{where}": widget for where, widget in input_paths(INSURED_FIELDS, self.inputs).items()}
        )


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    return row


def _add_line(grid: QGridLayout, line: int, pairs: tuple[tuple[str, QWidget | None], ...]) -> None:
    for column, (label, widget) in enumerate(pairs):
        grid.addWidget(QLabel(label), line, column * 2)
        if widget is not None:
            grid.addWidget(widget, line, column * 2 + 1)
