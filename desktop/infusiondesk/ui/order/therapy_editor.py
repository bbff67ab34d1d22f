"""Therapy rows: therapy, frequency, dates, volume, method, holds, and their drugs.

Each therapy is a box (``TherapyBox``); its holds and drugs are keyboard grids.
Picking a drug from the catalogue fills its dose unit and NDC unit qualifier; an
NDC may be typed in any hyphenated form and is shown as 5-4-2 (``drug_rows``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from infusiondesk.rules.catalogue import Reference
from infusiondesk.rules.vocabulary import METHODS
from infusiondesk.ui.order.drug_rows import drug_columns, follow_drug_code
from infusiondesk.ui.widgets.fields import (
    ChoiceField,
    DateField,
    EditableChoiceField,
    NumberField,
    UpperField,
)
from infusiondesk.ui.widgets.rows import RowColumn, RowsEditor
from infusiondesk.ui.widgets.tab_order import focus_items, place_before

FREQUENCIES = (
    "q24h",
    "q12h",
    "q8h",
    "q6h",
    "q4h",
    "q3h",
    "q48h",
    "q72h",
    "weekly",
    "q14d",
    "q21d",
    "q28d",
    "monthly",
    "continuous",
    "once",
)
SHOWN_KEYS = {
    "therapy",
    "frequency",
    "start",
    "stop",
    "method",
    "daily_volume_ml",
    "diagnosis_pointers",
    "holds",
    "drugs",
}


class TherapyBox(QGroupBox):
    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, reference: Reference, parent: QWidget | None = None) -> None:
        super().__init__("Therapy", parent)
        self._reference = reference
        self._extra: dict[str, Any] = {}
        self.given = QLabel()
        self.given.hide()
        grid = QGridLayout(self)
        self.therapy = ChoiceField(
            [(k, e.label) for k, e in reference.therapies.items()], blank="Choose a therapy…"
        )
        self.frequency = EditableChoiceField(FREQUENCIES)
        self.frequency.setToolTip(
            "q8h, q24h, q10d, weekly, monthly, continuous, once; daily, bid, tid and qid work too."
        )
        self.method = ChoiceField([(m, m) for m in METHODS], blank="(therapy's usual)")
        self.start, self.stop = DateField(), DateField()
        self.volume = NumberField("mL/day")
        self.pointers = UpperField("A")
        self.pointers.setMaximumWidth(50)
        self.pointers.setToolTip("Diagnosis pointers (box 24E): letters A–L, up to four.")
        self.remove_button = remove = QPushButton("Remove therapy")
        remove.setAutoDefault(False)
        remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self._auto_frequency: str | None = None  # a frequency the therapy filled in, not the biller
        # Drawn (and so tabbed) as a biller fills a therapy in: the therapy, how often,
        # from when to when, the volume and method, then its drugs; holds and removing
        # the therapy, needed less often, last.
        grid.addWidget(self.therapy, 0, 0, 1, 6)
        for column, (label, widget) in enumerate(
            (
                ("Frequency", self.frequency),
                ("Start", self.start),
                ("Stop", self.stop),
                ("Daily volume", self.volume),
                ("Method", self.method),
                ("Dx", self.pointers),
            )
        ):
            grid.addWidget(QLabel(label), 1, column)
            grid.addWidget(widget, 2, column)
        self.holds = RowsEditor(
            [RowColumn("from", "Hold from", DateField), RowColumn("to", "to", DateField)],
            "Add hold",
            initial_rows=0,
        )
        self.drugs = RowsEditor(
            drug_columns(reference),
            "Add drug",
            on_new_row=lambda fields: follow_drug_code(reference, fields),
            significant=("hcpcs", "ndc", "dose"),
        )
        grid.addWidget(self.given, 3, 0, 1, 6)
        grid.addWidget(QLabel("<b>Drugs</b>"), 4, 0, 1, 6)
        grid.addWidget(self.drugs, 5, 0, 1, 6)
        grid.addWidget(QLabel("<b>Holds</b> (no access to the therapy: hospital stay, pause)"), 6, 0, 1, 6)
        grid.addWidget(self.holds, 7, 0, 1, 6)
        grid.addWidget(remove, 8, 4, 1, 2)
        # The frequency follows the therapy first, so the change the editor then reads
        # already has it (never the previous therapy's).
        self.therapy.edited.connect(self._therapy_chosen)
        self.frequency.edited.connect(self._frequency_typed)
        for widget in (
            self.therapy,
            self.frequency,
            self.method,
            self.start,
            self.stop,
            self.volume,
            self.pointers,
            self.holds,
            self.drugs,
        ):
            widget.edited.connect(self.edited)

    def set_number(self, number: int) -> None:
        self.setTitle(f"Therapy {number}")

    def _therapy_chosen(self) -> None:
        # A continuous therapy can only be "continuous"; any other frequency is the
        # prescriber's, so it is never guessed. One filled in for the therapy before
        # goes when another therapy is chosen (arrowing through the list).
        entry = self._reference.therapies.get(self.therapy.value())
        current = self.frequency.value()
        ours = current is not None and current == self._auto_frequency
        if entry is not None and entry.default_method == "continuous":
            if current is None or ours:
                self.frequency.set_value("continuous")
                self._auto_frequency = "continuous"
        elif ours:
            self.frequency.set_value(None)
            self._auto_frequency = None

    def _frequency_typed(self) -> None:
        self._auto_frequency = None  # the biller's now

    def is_blank(self) -> bool:
        return self.therapy.value() is None and not self.start.value() and not self.stop.value()

    def values(self) -> dict[str, Any]:
        data = {
            **self._extra,
            "therapy": self.therapy.value(),
            "frequency": self.frequency.value(),
            "start": self.start.value(),
            "stop": self.stop.value(),
            "method": self.method.value(),
            "daily_volume_ml": self.volume.value(),
            "diagnosis_pointers": self.pointers.value(),
            "holds": self.holds.values(),
            "drugs": self.drugs.values(),
        }
        return {k: v for k, v in data.items() if v not in (None, "", [])}

    def set_values(self, data: dict[str, Any]) -> None:
        # Keys no field shows (administration_dates from an order file) are kept as read.
        self._extra = {k: v for k, v in data.items() if k not in SHOWN_KEYS}
        given = data.get("administration_dates")
        self.given.setVisible(given is not None)
        self.given.setText(
            f"Doses given on {len(given or [])} listed date(s) (from the order "
            "file): they replace the schedule."
        )
        self.therapy.set_value(data.get("therapy"))
        self.frequency.set_value(data.get("frequency"))
        self._auto_frequency = None  # as the order says
        self.method.set_value(data.get("method"))
        self.start.set_value(data.get("start"))
        self.stop.set_value(data.get("stop"))
        volume = data.get("daily_volume_ml")
        self.volume.set_value(None if volume is None else str(volume))
        self.pointers.set_value(data.get("diagnosis_pointers"))
        self.holds.set_values(data.get("holds", []))
        self.drugs.set_values(
            [
                {k: (str(v) if isinstance(v, int | float) else v) for k, v in drug.items()}
                for drug in data.get("drugs", [])
            ]
        )

    def register(self, paths: dict[str, QWidget], where: str) -> None:
        paths.update(
            {
                where: self.therapy,
                f"{where}.therapy": self.therapy,
                f"{where}.frequency": self.frequency,
                f"{where}.method": self.method,
                f"{where}.start": self.start,
                f"{where}.stop": self.stop,
                f"{where}.daily_volume_ml": self.volume,
                f"{where}.diagnosis_pointers": self.pointers,
                f"{where}.administration_dates": self.frequency,
                f"{where}.holds": self.holds,
                f"{where}.drugs": self.drugs,
            }
        )
        self.holds.register(paths, f"{where}.holds")
        self.drugs.register(paths, f"{where}.drugs")


class TherapiesEditor(QWidget):
    edited = Signal()

    def __init__(self, reference: Reference, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reference = reference
        self.boxes: list[TherapyBox] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add therapy (Ctrl+T)")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_box(focus=True))
        row.addWidget(self.add_button)
        row.addStretch(1)
        self._layout.addLayout(row)
        self.add_box()

    def add_box(self, focus: bool = False) -> TherapyBox:
        box = TherapyBox(self._reference)
        box.edited.connect(self.edited)
        box.remove_requested.connect(self._remove)
        self._layout.insertWidget(len(self.boxes), box)
        place_before(self.add_button, focus_items(box))  # Tab: after the last therapy
        self.boxes.append(box)
        self._renumber()
        if focus:
            box.show()  # a layout shows new widgets later; focus and Tab need it now
            box.therapy.setFocus()
        return box

    def _remove(self, box: TherapyBox) -> None:
        self.boxes.remove(box)
        box.deleteLater()
        if not self.boxes:
            self.add_box()
        self._renumber()
        self.edited.emit()

    def _renumber(self) -> None:
        for number, box in enumerate(self.boxes, 1):
            box.set_number(number)

    def values(self) -> list[dict[str, Any]]:
        return [box.values() for box in self.boxes if not box.is_blank()]

    def set_values(self, therapies: list[dict[str, Any]]) -> None:
        while len(self.boxes) > max(len(therapies), 1):
            self.boxes.pop().deleteLater()
        while len(self.boxes) < len(therapies):
            self.add_box()
        for index, box in enumerate(self.boxes):
            box.set_values(therapies[index] if index < len(therapies) else {})
        self._renumber()

    def register(self, paths: dict[str, QWidget]) -> None:
        index = 0
        for box in self.boxes:
            if not box.is_blank():
                box.register(paths, f"therapies[{index}]")
                index += 1
