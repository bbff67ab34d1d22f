"""Input fields for the order editor: one value each, one ``edited`` signal, and a
place to show the problem the rules engine found there (red outline + tooltip).

``value()`` returns what goes into the order-v1 data (ISO dates, numbers as text,
None for an empty field); ``set_value`` shows such a value without emitting
``edited``, so undo and loading never look like typing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLineEdit, QWidget

from infusiondesk.ui.widgets.text import parse_date, short_date

PROBLEM_STYLE = """
*[problem="error"] { border: 2px solid #c62828; border-radius: 3px; }
*[problem="warning"] { border: 2px solid #d98e04; border-radius: 3px; }
"""


def mark(widget: QWidget, severity: str, message: str) -> None:
    """Outline ``widget`` for a problem (severity "" clears it) and explain it on hover."""
    widget = getattr(widget, "problem_target", lambda: widget)()
    if widget.property("problem") == severity and widget.property("problem_text") == message:
        return
    if widget.property("base_tip") is None:
        widget.setProperty("base_tip", widget.toolTip())
    widget.setProperty("problem", severity)
    widget.setProperty("problem_text", message)
    widget.setToolTip(message or widget.property("base_tip") or "")
    # A style sheet on this widget only while it has a problem: an application-wide
    # sheet would make every widget slower to create and paint.
    widget.setStyleSheet(PROBLEM_STYLE if severity else "")


def line_edit(combo: QComboBox) -> QLineEdit:
    """An editable combo box's line edit: Qt's getter is typed optional because it is
    None only while the box is not editable, which the boxes here never are after setup."""
    line = combo.lineEdit()
    if line is None:
        raise TypeError(f"{type(combo).__name__} is not editable")
    return line


class TextField(QLineEdit):
    edited = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.textEdited.connect(lambda _text: self.edited.emit())

    def value(self) -> str | None:
        return self.text().strip() or None

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text != self.text():
            self.setText(text)
            self.setCursorPosition(0)  # show the start of a long value


class UpperField(TextField):
    """Codes (ICD-10, HCPCS, IDs): typed in any case, kept in capitals."""

    def value(self) -> str | None:
        text = self.text().strip().upper()
        return text or None


class DateField(TextField):
    """Typed as 3/1/2026, 03/01/26 or 2026-03-01; kept as ISO, shown MM/DD/YYYY."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("MM/DD/YYYY", parent)
        self.setMaximumWidth(110)
        self.editingFinished.connect(self._tidy)

    def value(self) -> str | None:
        text = self.text().strip()
        if not text:
            return None
        day = parse_date(text)
        return day.isoformat() if day else text  # the reader names what is wrong

    def set_value(self, value: Any) -> None:
        day = parse_date(value) if isinstance(value, str) else None
        super().set_value(short_date(day) if day else value)

    def _tidy(self) -> None:
        day = parse_date(self.text())
        if day is not None:
            self.setText(short_date(day))


class NumberField(TextField):
    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(placeholder, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(56)
        self.setMaximumWidth(90)

    def value(self) -> str | None:
        text = self.text().strip().replace(",", "")
        return text or None


class ChoiceField(QComboBox):
    """A fixed list of (value, label); ``value()`` is the chosen value (None: blank)."""

    edited = Signal()

    def __init__(
        self,
        choices: Sequence[tuple[Any, str]] = (),
        blank: str | None = None,
        parent: QWidget | None = None,
        width: int = 8,
    ) -> None:
        super().__init__(parent)
        self._blank = blank
        # Long labels (payer profiles, drugs) must not widen the whole form.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(width)
        self.set_choices(choices)
        self.activated.connect(lambda _index: self.edited.emit())

    def set_choices(self, choices: Sequence[tuple[Any, str]]) -> None:
        current = self.value() if self.count() else None
        self.blockSignals(True)
        self.clear()
        if self._blank is not None:
            self.addItem(self._blank, None)
        for value, label in choices:
            self.addItem(label, value)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        if index < 0 and value not in (None, ""):  # a value the list lacks (an old order)
            self.addItem(str(value), value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


class SearchChoiceField(ChoiceField):
    """A long pick list: type any part of a label to narrow it (drugs, supplies)."""

    def __init__(
        self, choices: Sequence[tuple[Any, str]] = (), blank: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(choices, blank, parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.completer()
        if completer is None:  # an editable QComboBox always has one
            raise TypeError("an editable combo box without a completer")
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        # PySide6's stubs give SignalInstance no __getitem__; at run time [str] picks
        # the text overload of QCompleter.activated.
        completer.activated[str].connect(self._picked)  # type: ignore[index]
        line_edit(self).editingFinished.connect(self._match_typed)
        line_edit(self).textEdited.connect(self._typed)

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        line = self.lineEdit()  # None while ChoiceField.__init__ runs, before setEditable
        if line is not None:
            line.setCursorPosition(0)  # show the code, not the label's tail

    def _typed(self, text: str) -> None:
        """A whole code typed (J0690) chooses its item at once, no Enter needed."""
        code = text.strip().upper()
        index = self.findData(code)
        if code and index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)
            self.edited.emit()

    def _picked(self, label: str) -> None:
        index = self.findText(label)
        if index >= 0:
            self.setCurrentIndex(index)
            self.edited.emit()

    def event(self, event: QEvent) -> bool:
        # Tab out while the suggestions are open leaves with no editingFinished and no
        # focus-out (the popup holds the window's activation): only this is sent.
        if event.type() == QEvent.Type.FocusAboutToChange:
            self._match_typed()
        return super().event(event)

    def _match_typed(self) -> None:
        """Leaving the field: a code ("J1569", "j1569 …") or words of a name ("gammagard")
        that fit one item choose it; otherwise the choice stays, and so does its label:
        the field never shows text it has not chosen."""
        if self.currentIndex() >= 0 and self.itemText(self.currentIndex()) == self.currentText():
            return
        index = self.find_typed(self.currentText())
        if index is None:
            index = self.currentIndex()
        changed = index != self.currentIndex()
        self.setCurrentIndex(index)
        self.setEditText(self.itemText(index))
        line_edit(self).setCursorPosition(0)
        if changed:
            self.edited.emit()

    def find_typed(self, text: str) -> int | None:
        """The one item ``text`` names: by its code first, else by every word in its label."""
        typed = text.strip()
        if not typed:
            return 0 if self._blank is not None else None  # the blank item is the first
        code = typed.split(" ")[0].upper()
        for index in range(self.count()):
            value = self.itemData(index)
            if value is not None and str(value).upper() == code:
                return index
        words = typed.lower().split()
        hits = [
            index
            for index in range(self.count())
            if self.itemData(index) is not None and all(w in self.itemText(index).lower() for w in words)
        ]
        return hits[0] if len(hits) == 1 else None


class EditableChoiceField(QComboBox):
    """A suggested list the biller may also type into (frequency: q8h, q10d, …)."""

    edited = Signal()

    def __init__(self, suggestions: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(list(suggestions))
        self.setCurrentIndex(-1)
        line_edit(self).textEdited.connect(lambda _text: self.edited.emit())
        self.activated.connect(lambda _index: self.edited.emit())

    def value(self) -> str | None:
        return self.currentText().strip() or None

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text != self.currentText():
            self.setEditText(text)


class CheckField(QCheckBox):
    edited = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.clicked.connect(lambda _checked: self.edited.emit())

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: Any) -> None:
        self.setChecked(bool(value))
