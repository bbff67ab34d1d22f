"""Help › Keyboard shortcuts: every key the app answers to, read from the menus
themselves (so the list can't drift from what the keys do) plus the editor's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMenuBar, QVBoxLayout, QWidget

from infusiondesk.ui.models import Column, RowsModel
from infusiondesk.ui.views import list_view

# Keys that are not menu commands: the order editor's, the lists', the preview's.
EDITOR_KEYS = (
    ("Tab / Shift+Tab", "Order editor", "Next / previous field, in the order they are drawn"),
    ("Enter", "Order editor", "Last row of diagnoses, holds, drugs, visits, supplies: add a row"),
    ("Enter", "Order editor", "In any other row: go to the next row's first field"),
    ("Ctrl+T", "Order editor", "Add a therapy"),
    ("Up / Down, then Enter", "Lists", "Choose a patient, order or claim, and open it"),
    ("Enter", "Patients search", "Go to the first patient found"),
    ("Page Up / Page Down", "Print preview", "Previous / next page"),
    ("Ctrl+Tab", "Setup, claim panel", "Next tab"),
    ("Alt + underlined letter", "Buttons and menus", "Press that button or open that menu"),
    ("Esc", "Dialogs", "Close without saving"),
)


@dataclass(frozen=True, slots=True)
class Shortcut:
    keys: str
    where: str
    what: str


class ShortcutsModel(RowsModel):
    COLUMNS = (
        Column("Keys", lambda row: row.keys),
        Column("Where", lambda row: row.where),
        Column("What it does", lambda row: row.what),
    )


def menu_shortcuts(menu_bar: QMenuBar) -> list[Shortcut]:
    """Each menu command that has a key, as "File › Save order"."""
    found = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for action in menu.actions():
            keys = list(
                dict.fromkeys(  # Redo is Ctrl+Y twice where the platform's Redo is Ctrl+Y
                    s.toString(QKeySequence.SequenceFormat.NativeText)
                    for s in action.shortcuts()
                    if not s.isEmpty()
                )
            )
            if keys:
                found.append(
                    Shortcut(" or ".join(keys), f"{_plain(menu.title())} menu", _plain(action.text()))
                )
    return found


def all_shortcuts(menu_bar: QMenuBar) -> list[Shortcut]:
    return [*menu_shortcuts(menu_bar), *(Shortcut(*row) for row in EDITOR_KEYS)]


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


class ShortcutsDialog(QDialog):
    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(860, 600)
        self.model = ShortcutsModel(all_shortcuts(menu_bar))
        self.table = list_view(self.model, {0: 180, 1: 140})
        note = QLabel("Everything can be done from the keyboard. On a Mac, Ctrl is the ⌘ key.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.setFocus()


def show_shortcuts(window: Any) -> ShortcutsDialog:
    dialog = ShortcutsDialog(window.menuBar(), window)
    dialog.open()
    return dialog
