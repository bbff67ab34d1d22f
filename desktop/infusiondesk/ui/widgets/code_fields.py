"""Fields that check a code as it is typed: ICD-10-CM diagnoses, NDCs, visit times.

They only *show* what the code is (description, normalized NDC); whether the claim
is right is the rules engine's verdict, shown through the problems it returns.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from infusiondesk.codesets import describe_diagnosis, diagnosis_problem
from infusiondesk.rules.ndc import NdcError, format_ndc, normalize_ndc
from infusiondesk.ui.widgets.fields import TextField, UpperField

LETTERS = "ABCDEFGHIJKL"


class DiagnosisField(QWidget):
    """Box 21 letter, the code, and its description (or why it can't be billed)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.letter = QLabel("A")
        self.letter.setFixedWidth(14)
        self.code = UpperField("e.g. A41.9")
        self.code.setMaximumWidth(100)
        self.description = QLabel()
        self.description.setWordWrap(True)
        layout.addWidget(self.letter)
        layout.addWidget(self.code)
        layout.addWidget(self.description, 1)
        self.code.edited.connect(self._typed)
        self.setFocusProxy(self.code)

    def problem_target(self) -> QWidget:
        return self.code

    def set_row_number(self, line: int) -> None:
        self.letter.setText(LETTERS[(line - 1) % len(LETTERS)])

    def value(self) -> str | None:
        return self.code.value()

    def set_value(self, value: Any) -> None:
        self.code.set_value(value)
        self._describe()

    def setAccessibleName(self, name: str) -> None:
        self.code.setAccessibleName(name)

    def _typed(self) -> None:
        self._describe()
        self.edited.emit()

    def _describe(self) -> None:
        code = self.code.value() or ""
        if len(code) < 3:
            self.description.setText("")
            return
        problem = diagnosis_problem(code)
        text = describe_diagnosis(code, wait=False)
        if problem:
            self.description.setText(
                f"<span style='color:#b3261e'>{problem}</span>" + (f" — {text}" if text else "")
            )
        else:
            self.description.setText(text)


class NdcField(TextField):
    """Typed in any hyphenated form (4-4-2, 5-3-2, 5-4-1); shown as 5-4-2 once left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("NDC e.g. 0143-9924-90", parent)
        self.setMinimumWidth(110)
        self.editingFinished.connect(self._normalize)

    def _normalize(self) -> None:
        text = self.text().strip()
        if not text:
            return
        try:
            normalized = format_ndc(normalize_ndc(text))
        except NdcError as problem:
            self.setToolTip(str(problem))
            return
        self.setToolTip(f"NDC {normalized} (11 digits on the claim)")
        if normalized != text:
            self.setText(normalized)
            self.edited.emit()


class TimeField(TextField):
    """A clock time: 9:30, 0930 or 930 become 09:30 when the field is left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("HH:MM", parent)
        self.setMaximumWidth(70)
        self.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        tidy = tidy_time(self.text())
        if tidy and tidy != self.text():
            self.setText(tidy)
            self.edited.emit()


def tidy_time(text: str) -> str | None:
    digits = text.strip().replace(":", "").replace(".", "")
    if not digits.isdigit() or len(digits) not in (3, 4):
        return None
    hours, minutes = int(digits[:-2]), int(digits[-2:])
    return f"{hours:02d}:{minutes:02d}" if hours < 24 and minutes < 60 else None
