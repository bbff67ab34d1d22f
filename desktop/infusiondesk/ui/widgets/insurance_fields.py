"""The insurance a CMS-1500 needs beyond the member ID, shared by the order editor and
the patient dialog: group number (box 11), plan name (11c), and the insured when it
is not the patient (relationship, box 6; name, birth date, sex, address and phone,
boxes 4, 11a and 7).

The insured's own fields show only when the relationship isn't "self": for "self"
the form copies the patient's boxes (cms1500-layout.md, boxes 4 and 7), so asking
again would only invite a mismatch. Values are the ``insured`` mapping of order-v1
(None when nothing beyond "self" was entered).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from infusiondesk.rules.vocabulary import RELATIONSHIP_LABELS, SEX_SHORT_LABELS
from infusiondesk.ui.widgets.fields import ChoiceField, DateField, TextField, UpperField

RELATIONSHIPS = tuple(RELATIONSHIP_LABELS.items())
SEXES = tuple(SEX_SHORT_LABELS.items())
PERSON_KEYS = ("last_name", "first_name", "middle_initial", "dob", "sex", "phone")
ADDRESS_KEYS = ("street", "city", "state", "zip")


class InsuranceBox(QGroupBox):
    """Group, plan, relationship and (unless "self") the insured person."""

    edited = Signal()

    def __init__(
        self, first_row: tuple[tuple[str, QWidget], ...] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__("Insurance (boxes 4, 6, 7, 11)", parent)
        self._extra: dict[str, Any] = {}
        grid = QGridLayout(self)
        line = 0
        if first_row:  # the patient dialog puts payer and member ID first
            _add_line(grid, line, first_row)
            line += 1
        self.group_number = UpperField("Group or policy number (box 11)")
        self.plan_name = TextField("Plan or program name (box 11c)")
        self.relationship = ChoiceField(RELATIONSHIPS, width=6)
        self.relationship.setToolTip("Box 6: how the patient is related to the insured (policyholder).")
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
        self.last_name, self.first_name = TextField("Insured's last name"), TextField("First name")
        self.middle_initial = UpperField("M.I.")
        self.middle_initial.setMaxLength(1)
        self.middle_initial.setMaximumWidth(40)
        self.dob, self.sex = DateField(), ChoiceField(SEXES, width=2)
        self.street, self.city = TextField("Street"), TextField("City")
        self.state, self.zip = UpperField("ST"), TextField("ZIP")
        self.state.setMaxLength(2)
        self.state.setMaximumWidth(44)
        self.zip.setMaximumWidth(90)
        self.phone = TextField("Phone")
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
        return [
            self.group_number,
            self.plan_name,
            self.relationship,
            *self.person_fields(),
        ]

    def person_fields(self) -> list[Any]:
        return [
            self.last_name,
            self.first_name,
            self.middle_initial,
            self.dob,
            self.sex,
            self.street,
            self.city,
            self.state,
            self.zip,
            self.phone,
        ]

    def _show_insured(self) -> None:
        self.insured.setVisible((self.relationship.value() or "self") != "self")

    def is_patient(self) -> bool:
        return (self.relationship.value() or "self") == "self"

    # --- values ---------------------------------------------------------------------------

    def values(self) -> dict[str, Any] | None:
        """The order-v1 ``insured`` mapping; None for the patient with no group or plan."""
        relationship = self.relationship.value() or "self"
        data: dict[str, Any] = {
            **self._extra,
            "relationship": relationship,
            "group_number": self.group_number.value(),
            "plan_name": self.plan_name.value(),
        }
        if relationship != "self":
            data.update({key: getattr(self, key).value() for key in PERSON_KEYS})
            address = {key: getattr(self, key).value() for key in ADDRESS_KEYS}
            data["address"] = {k: v for k, v in address.items() if v}
        data = {k: v for k, v in data.items() if v not in (None, "", {})}
        if relationship == "self" and set(data) <= {"relationship"}:
            return None
        return data

    def set_values(self, data: dict[str, Any] | None) -> None:
        data = dict(data or {})
        shown = {"relationship", "group_number", "plan_name", "address", *PERSON_KEYS}
        self._extra = {k: v for k, v in data.items() if k not in shown}
        self.relationship.set_value(data.get("relationship") or "self")
        self.group_number.set_value(data.get("group_number"))
        self.plan_name.set_value(data.get("plan_name"))
        for key in PERSON_KEYS:
            getattr(self, key).set_value(data.get(key))
        address = data.get("address") or {}
        for key in ADDRESS_KEYS:
            getattr(self, key).set_value(address.get(key))
        self._show_insured()

    def register(self, paths: dict[str, QWidget]) -> None:
        """The fields that show problems named ``insured.…``."""
        paths["insured"] = self.relationship
        paths["insured.relationship"] = self.relationship
        paths["insured.group_number"] = self.group_number
        paths["insured.plan_name"] = self.plan_name
        for key in PERSON_KEYS:
            paths[f"insured.{key}"] = getattr(self, key)
        paths["insured.address"] = self.street
        for key in ADDRESS_KEYS:
            paths[f"insured.address.{key}"] = getattr(self, key)


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
