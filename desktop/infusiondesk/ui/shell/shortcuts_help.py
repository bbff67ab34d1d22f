"""Help › Keyboard shortcuts: every key the app answers to, read from the menus
themselves (so the list can't drift from what the keys do) plus the editor's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.ui.widgets.models import Column, RowsModel
from infusiondesk.ui.widgets.views import list_view

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
        if not isinstance(menu, QMenu):  # a plain item (the stubs type a menu as QObject)
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


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    dialog = ShortcutsDialog(window.menuBar(), window)
    dialog.open()
    return dialog


# --- every key a screen answers to (a test fails on any two alike) ----------------------


def mnemonic(text: str) -> str | None:
    """The Alt+letter of a label such as "Pa&yer" (None: no mnemonic; "&&" is a plain &)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return f"Alt+{plain[at + 1].upper()}" if 0 <= at < len(plain) - 1 else None


def keys_of(widget: Any, root: Any) -> list[tuple[str, str]]:
    """(key, what) for what ``widget`` answers to while ``root`` shows it: its mnemonic
    (a button, a label with a buddy, a group box, a tab), its actions' and shortcuts' keys."""
    from PySide6.QtGui import QShortcut
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QTabBar

    found: list[tuple[str, str]] = []
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            if widget.isTabEnabled(index) and (key := mnemonic(widget.tabText(index))):
                found.append((key, f"tab {_plain(widget.tabText(index))}"))
    elif isinstance(widget, QAbstractButton | QGroupBox):
        text = widget.text() if isinstance(widget, QAbstractButton) else widget.title()
        if key := mnemonic(text):
            found.append((key, _plain(text)))
    elif isinstance(widget, QLabel) and widget.buddy() is not None and (key := mnemonic(widget.text())):
        found.append((key, _plain(widget.text())))
    for action in QWidget.actions(widget):
        for sequence in action.shortcuts():
            if not sequence.isEmpty() and action.isEnabled():
                found.append((sequence.toString(), _plain(action.text())))
    for shortcut in widget.findChildren(QShortcut, options=_direct()):
        if shortcut.isEnabled() and not shortcut.key().isEmpty():
            found.append((shortcut.key().toString(), shortcut.whatsThis() or "shortcut"))
    return found


def _direct() -> Any:
    from PySide6.QtCore import Qt

    return Qt.FindChildOption.FindDirectChildrenOnly


def screen_keys(window: QMainWindow, screen: QWidget) -> list[tuple[str, str]]:
    """Every key active while ``screen`` shows in ``window``: the menu bar's titles, the
    window's actions, and each visible widget's own."""
    found: list[tuple[str, str]] = []
    for menu_action in window.menuBar().actions():
        if key := mnemonic(menu_action.text()):
            found.append((key, f"{_plain(menu_action.text())} menu"))
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if isinstance(menu, QMenu) else ():
            for key in dict.fromkeys(s.toString() for s in action.shortcuts() if not s.isEmpty()):
                found.append((key, _plain(action.text())))
    return found + keys_of(window, window) + shown_keys(screen, window)


def shown_keys(part: Any, top: Any) -> list[tuple[str, str]]:
    """The keys of ``part`` and every widget in it that ``top`` (a window, a dialog) shows."""
    found: list[tuple[str, str]] = []
    for widget in [part, *part.findChildren(QWidget)]:
        if widget is top or widget.isVisibleTo(top):
            found += keys_of(widget, top)
    return found


def menu_clashes(window: QMainWindow) -> dict[str, list[str]]:
    """Items of one menu sharing an underlined letter."""
    found: dict[str, list[str]] = {}
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        actions = menu.actions() if isinstance(menu, QMenu) else []
        items = [(key, _plain(a.text())) for a in actions if (key := mnemonic(a.text()))]
        found |= {f"{_plain(menu_action.text())} {k}": v for k, v in clashes(items).items()}
    return found


def clashes(keys: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Keys claimed by two or more different things."""
    by_key: dict[str, list[str]] = {}
    for key, what in keys:
        by_key.setdefault(key, []).append(what)
    return {key: whats for key, whats in by_key.items() if len(whats) > 1}
