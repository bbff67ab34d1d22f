"""Pieces every Setup tab is built from: an address row, the outline of a field a
problem names, and the note beside Save. Their own module, so the tabs and the dialog
that holds them all import these without importing each other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from infusiondesk.rules.order import Address
from infusiondesk.ui.widgets.fields import TextField, UpperField, mark


def address_fields() -> tuple[TextField, TextField, UpperField, TextField]:
    state = UpperField("TX")
    state.setMaxLength(2)
    return TextField("Street"), TextField("City"), state, TextField("ZIP+4, e.g. 787010001")


def address_row(fields: tuple[Any, ...]) -> QHBoxLayout:
    row = QHBoxLayout()
    for field in fields[1:]:
        row.addWidget(field)
    return row


def address_of(fields: tuple[Any, ...]) -> Address:
    return Address(*(field.value() or "" for field in fields))


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
