"""Helpers for the desktop app's tests: the test practice's values, keyboard entry."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from infusiondesk.rules.order import Address, Payer, Prescriber, Provider
from infusiondesk.services.practice import Practice
from infusiondesk.ui.widgets.field_table import FormField

PRACTICE = Provider(
    "Sunrise Infusion Pharmacy",
    "1245319599",
    "12-3456789",
    "3336H0001X",
    "5125550100",
    Address("9 Elm St", "Austin", "TX", "787021234"),
)
ACME = Payer("Acme Health Plan", "12345", Address("PO Box 1", "Dallas", "TX", "752010001"))
PECAN = Payer("Pecan Valley Plan", "22222", Address("PO Box 2", "Houston", "TX", "770020002"))
SMITH = Prescriber("Smith", "Ann", "1234567893")
CHARGES = {
    "S9500": "150.00",
    "S9501": "165.00",
    "S9502": "185.00",
    "S9494": "140.00",
    "J0690": "4.10",
    "99601": "160.00",
    "99602": "75.00",
}


def payer_id(practice: Practice, payer: Payer) -> int:
    return next(record.id for record in practice.setup.payers() if record.payer == payer)


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Pick an item the way a keyboard user does: focus the closed combo, arrow to it."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().lower().startswith(text.lower()):
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText().lower().startswith(text.lower()), combo.currentText()


def type_into(qtbot: Any, widget: Any, text: str, leave: bool = True) -> None:
    """Type into a field, then Tab out of it (as a biller moves on)."""
    target = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    target.setFocus()
    qtbot.keyClicks(target, text)
    if leave:
        qtbot.keyClick(target, Qt.Key.Key_Tab)


def units(panel: Any) -> dict[str, Any]:
    """Units summed per code (with modifiers) over the panel's lines."""
    found: dict[str, Any] = {}
    for line in panel.lines_model.rows():
        key = " ".join((line.code, *line.modifiers))
        found[key] = found.get(key, 0) + line.units
    return found


def undeclared_inputs(form: QWidget, table: Iterable[FormField]) -> list[str]:
    """The table's inputs that ``form`` does not declare on its class with the row's class,
    or holds as another class: a form reads its inputs as typed attributes
    (``dialog.dob``), so the type checker's view of it must be its table's."""
    declared = inspect.get_annotations(type(form), eval_str=True)
    return [
        field.name
        for field in table
        if declared.get(field.name) is not field.kind or type(getattr(form, field.name)) is not field.kind
    ]
