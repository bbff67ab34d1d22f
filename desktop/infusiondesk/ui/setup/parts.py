"""Pieces every Setup tab is built from: an address's rows of a field table and the row
that draws it, the problems with a form's value and the outline of the field each
names, and the note beside Save. Their own module, so the tabs and the dialog
that holds them all import these without importing each other."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from infusiondesk.services.errors import OrderFileError
from infusiondesk.ui.widgets.field_table import FormField, RecordInputs
from infusiondesk.ui.widgets.fields import TextField, UpperField, mark


def address_table(section: str) -> tuple[FormField, ...]:
    """The rows of a Setup party's address (``provider.address.street``, …)."""
    return (
        FormField((section, "address", "street"), "street", TextField, "Street"),
        FormField((section, "address", "city"), "city", TextField, "City"),
        FormField((section, "address", "state"), "state", UpperField, "TX", max_length=2),
        FormField((section, "address", "zip"), "zip", TextField, "ZIP+4, e.g. 787010001"),
    )


def address_row(inputs: dict[str, Any]) -> QHBoxLayout:
    """City, state and ZIP on one line (the street has its own)."""
    row = QHBoxLayout()
    for name in ("city", "state", "zip"):
        row.addWidget(inputs[name])
    return row


def form_problems(form: RecordInputs, edits: Callable[[Any], list[Any]]) -> list[Any]:
    """The claim edits' problems with the value typed (``edits``), or, when the order
    reader cannot read it at all (a name longer than any box), the reader's: both
    named by field."""
    try:
        value = form.read()
    except OrderFileError as bad:
        return list(bad.problems)
    return edits(value)


def check_fields(fields: dict[str, QWidget], problems: list[Any]) -> list[Any]:
    """Outline each field a problem names (the claim edits' ``where``); the errors back."""
    found = {p.where: p for p in problems}
    for where, widget in fields.items():
        problem = found.get(where)
        mark(widget, problem.severity if problem else "", problem.message if problem else "")
    return [p for p in problems if p.severity == "error"]


class SaveNote(QLabel):
    """What Save did, beside it: saved (and when), or what to fix first."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)

    def saved(self, text: str) -> None:
        self.setStyleSheet("color: #1b5e20;")
        self.setText(f"✓ {text} ({datetime.now():%H:%M:%S})")

    def refused(self, what: str, errors: list[Any]) -> None:
        self.setStyleSheet("color: #b3261e;")
        self.setText(f"{what} not saved: " + "; ".join(p.message for p in errors) + ".")
