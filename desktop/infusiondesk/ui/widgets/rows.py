"""A grid of input rows (drugs, holds, visits, supplies, diagnoses) built for the keyboard.

Tab walks across a row and on to the next; Enter in the last row adds a row and
moves to its first field; each row has a remove button. A ``detail`` column sits
on its own line under its row, as wide as the row (a NOC drug's description), and
is shown or hidden by the row's own logic (``on_new_row``). ``values()`` gives the
rows as order-v1 mappings (blank rows are left out), ``set_values`` shows them.
``register`` tells the editor which widget shows the problems of ``prefix[i].key``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QToolButton, QWidget

from infusiondesk.ui.widgets.tab_order import place_before

Field = Any  # a widget from ui.fields: edited, value(), set_value()


@dataclass(frozen=True, slots=True)
class RowColumn:
    key: str
    label: str
    make: Callable[[], Field]
    stretch: int = 0
    detail: bool = False  # on a line of its own under the row


class RowsEditor(QWidget):
    edited = Signal()

    def __init__(
        self,
        columns: Sequence[RowColumn],
        add_label: str,
        on_new_row: Callable[[dict[str, Field]], None] | None = None,
        significant: Sequence[str] | None = None,
        initial_rows: int = 1,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(c for c in columns if not c.detail) + tuple(c for c in columns if c.detail)
        self._main = sum(not c.detail for c in self.columns)
        self._lines = 1 + len(self.columns) - self._main  # grid lines per row
        # A row is blank (left out) while these are empty, whatever the defaults show.
        self._initial_rows = initial_rows
        self._significant = tuple(significant or (c.key for c in self.columns))
        self._on_new_row = on_new_row
        self._rows: list[dict[str, Field]] = []
        self._extras: list[dict[str, Any]] = []  # a row's keys no column shows (kept as read)
        self._removers: list[QToolButton] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(3)
        for column, spec in enumerate(self.columns[: self._main]):
            header = QLabel(spec.label)
            header.setStyleSheet("color: #555;")
            self._grid.addWidget(header, 0, column)
            self._grid.setColumnStretch(column, spec.stretch)
        self.add_button = QPushButton(add_label)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        for _ in range(initial_rows):
            self.add_row()
        self._place_add_button()  # joins the Tab order now: after the first rows

    # --- rows ------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._rows)

    def row(self, index: int) -> dict[str, Field]:
        return self._rows[index]

    def add_row(self, focus: bool = False) -> dict[str, Field]:
        fields = {spec.key: spec.make() for spec in self.columns}
        line = len(self._rows) + 1
        for spec in self.columns:
            widget = fields[spec.key]
            widget.setAccessibleName(f"{spec.label} (row {line})")
            widget.edited.connect(self.edited)
            self._watch_enter(widget)
        remover = QToolButton()
        remover.setText("✕")
        remover.setToolTip("Remove this row")
        remover.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        remover.clicked.connect(lambda: self.remove_row(self._removers.index(remover)))
        self._place_row(fields, remover, line)
        self._rows.append(fields)
        self._extras.append({})
        self._removers.append(remover)
        _number(fields, line)
        self._chain_tab_order(fields)
        self._place_add_button()
        if self._on_new_row is not None:
            self._on_new_row(fields)
        if focus:
            for widget in (*fields.values(), remover):
                if not _hidden_on_purpose(widget):  # a NOC description waits for its code
                    widget.show()  # a layout shows new widgets later; focus needs them now
            next(iter(fields.values())).setFocus()
        return fields

    def remove_row(self, index: int) -> None:
        fields, remover = self._rows.pop(index), self._removers.pop(index)
        self._extras.pop(index)
        for widget in (*fields.values(), remover):
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self._relayout()
        self.edited.emit()

    def _relayout(self) -> None:
        for line, (fields, remover) in enumerate(zip(self._rows, self._removers, strict=True), 1):
            _number(fields, line)
            self._place_row(fields, remover, line)
        self._place_add_button()

    def _place_row(self, fields: dict[str, Field], remover: QWidget, line: int) -> None:
        """Row ``line`` (from 1): its columns on one grid line, each detail on one below."""
        first = 1 + (line - 1) * self._lines
        for column, spec in enumerate(self.columns):
            if column < self._main:
                self._grid.addWidget(fields[spec.key], first, column)
            else:
                self._grid.addWidget(fields[spec.key], first + column - self._main + 1, 0, 1, self._main)
        self._grid.addWidget(remover, first, self._main)

    def _place_add_button(self) -> None:
        line = 1 + len(self._rows) * self._lines
        self._grid.addWidget(self.add_button, line, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)

    def _chain_tab_order(self, fields: dict[str, Field]) -> None:
        """A row added later joins the Tab order before "Add …", not at the window's end."""
        if self.add_button.parent() is self:
            place_before(self.add_button, fields.values())

    # --- Enter adds a row ------------------------------------------------------------

    def _watch_enter(self, widget: QWidget) -> None:
        widget.installEventFilter(self)
        line = widget.lineEdit() if isinstance(widget, QComboBox) else None
        if line is not None:
            line.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not _popup_open(watched)
        ):
            line = self._row_of(watched)
            if line is not None:
                if line == len(self._rows) - 1:
                    self.add_row(focus=True)
                else:
                    next(iter(self._rows[line + 1].values())).setFocus()
                return True
        return super().eventFilter(watched, event)

    def _row_of(self, watched: QObject) -> int | None:
        for line, fields in enumerate(self._rows):
            for widget in fields.values():
                if watched is widget or (isinstance(widget, QComboBox) and watched is widget.lineEdit()):
                    return line
        return None

    # --- values ------------------------------------------------------------------------

    def _blank(self, fields: dict[str, Field]) -> bool:
        return all(fields[key].value() in (None, "", False) for key in self._significant)

    def values(self) -> list[dict[str, Any]]:
        found = []
        for fields, extra in zip(self._rows, self._extras, strict=True):
            if self._blank(fields):
                continue
            row = {key: widget.value() for key, widget in fields.items()}
            found.append({**extra, **{k: v for k, v in row.items() if v not in (None, "", False)}})
        return found

    def set_values(self, rows: Sequence[dict[str, Any]]) -> None:
        while len(self._rows) > max(len(rows), self._initial_rows):
            fields, remover = self._rows.pop(), self._removers.pop()
            self._extras.pop()
            for widget in (*fields.values(), remover):
                self._grid.removeWidget(widget)
                widget.deleteLater()
        while len(self._rows) < len(rows):
            self.add_row()
        for index, fields in enumerate(self._rows):
            data = rows[index] if index < len(rows) else {}
            for key, widget in fields.items():
                widget.set_value(data.get(key))
            self._extras[index] = {k: v for k, v in data.items() if k not in fields}
        self._place_add_button()

    def register(self, paths: dict[str, QWidget], prefix: str) -> None:
        """Map ``prefix[i].key`` (i counts non-blank rows, as ``values`` does) to fields."""
        index = 0
        for fields in self._rows:
            if self._blank(fields):
                continue
            first = next(iter(fields.values()))
            paths[f"{prefix}[{index}]"] = first
            for key, widget in fields.items():
                paths[f"{prefix}[{index}].{key}"] = widget
            index += 1


def _number(fields: dict[str, Field], line: int) -> None:
    """Fields that show their row's place (diagnosis letters) learn it here."""
    for widget in fields.values():
        if hasattr(widget, "set_row_number"):
            widget.set_row_number(line)


def _hidden_on_purpose(widget: QWidget) -> bool:
    return widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)


def _popup_open(watched: QObject) -> bool:
    combo = watched if isinstance(watched, QComboBox) else watched.parent()
    if isinstance(combo, QComboBox):
        completer = combo.completer()
        popup = completer.popup() if completer is not None else None
        return bool(popup is not None and popup.isVisible())
    return False
