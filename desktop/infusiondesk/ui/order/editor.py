"""The order editor: every field of an order, with undo/redo, as one order-v1 mapping.

The widgets are a view of the editor's ``EditorState``: an order-v1 dict and, beside
it, the screen's ``ScreenIds`` (state.py). Each edit pushes one undo step holding the
state before and after, ids included; consecutive keystrokes in one field merge into
one step, so Ctrl+Z undoes a word, not a letter. Undo shows the earlier state again
(a payer's id with its payer). The editor computes nothing: it emits ``state_changed``
and shows the problems it is handed at the fields they name.
"""

from __future__ import annotations

import contextlib
import copy
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QGroupBox, QVBoxLayout, QWidget

from infusiondesk.claims.order_file import ORDER_FORMAT
from infusiondesk.rules.catalogue import Reference
from infusiondesk.rules.order import Prescriber, Provider
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.services import PayerRecord
from infusiondesk.ui.order.header import OrderHeader
from infusiondesk.ui.order.state import NO_IDS, EditorState, ScreenIds, empty_order
from infusiondesk.ui.order.therapy_editor import TherapiesEditor
from infusiondesk.ui.widgets.code_fields import TimeField
from infusiondesk.ui.widgets.fields import CheckField, DateField, NumberField, SearchChoiceField, mark
from infusiondesk.ui.widgets.rows import RowColumn, RowsEditor

SHOWN_KEYS = {
    "format",
    "payer_profile",
    "patient",
    "insured",
    "payer",
    "prior_authorization",
    "billing_period",
    "place_of_service",
    "prescriber",
    "provider",
    "diagnoses",
    "therapies",
    "nursing_visits",
    "supplies",
}


def empty_state() -> dict[str, Any]:
    """A new order's mapping, as the editor starts."""
    return empty_order()


class _Edit(QUndoCommand):
    MERGE_ID = 1500

    def __init__(
        self, editor: OrderEditor, before: EditorState, after: EditorState, field: int | None, text: str
    ) -> None:
        super().__init__(text)
        self.editor, self.before, self.after, self.field = editor, before, after, field
        self._first = True

    def id(self) -> int:
        return self.MERGE_ID if self.field is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Edit) or other.field != self.field:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._first:  # the widgets already show it: the biller just typed it
            self._first = False
            return
        self.editor.show_state(self.after)

    def undo(self) -> None:
        self.editor.show_state(self.before)


class OrderEditor(QWidget):
    state_changed = Signal(dict)
    choose_patient = Signal()

    def __init__(
        self, reference: Reference, supply_codes: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._state = EditorState(empty_order())
        self._extra: dict[str, Any] = {}
        self._showing = False
        self._marked: list[QWidget] = []
        layout = QVBoxLayout(self)
        self.header = OrderHeader()
        self.header.choose_patient.connect(self.choose_patient)
        self.therapies = TherapiesEditor(reference)
        self.visits = RowsEditor(
            [
                RowColumn("date", "Visit date", DateField),
                RowColumn("start_time", "Start", TimeField),
                RowColumn("end_time", "End", TimeField),
                RowColumn("ends_next_day", "Ends next day", _next_day_field),
                RowColumn("minutes", "or minutes", lambda: NumberField("minutes")),
            ],
            "Add visit",
        )
        supplies = [(code, f"{code} {text}") for code, text in supply_codes.items()]
        self.supplies = RowsEditor(
            [
                RowColumn("hcpcs", "Supply (HCPCS)", lambda: SearchChoiceField(supplies, blank=""), 3),
                RowColumn("quantity", "Quantity", lambda: NumberField("1")),
                RowColumn("date", "Date", DateField),
                RowColumn("lumens", "Lumens", lambda: NumberField("")),
            ],
            "Add supply",
            significant=("hcpcs",),
        )
        layout.addWidget(self.header)
        therapies = QGroupBox("Therapies")
        QVBoxLayout(therapies).addWidget(self.therapies)
        layout.addWidget(therapies)
        self.visits_box = _boxed("Nursing visits (99601 / 99602)", self.visits)
        self.supplies_box = _boxed("Supplies", self.supplies)
        layout.addWidget(self.visits_box)
        layout.addWidget(self.supplies_box)
        layout.addStretch(1)
        for part in (self.header, self.therapies, self.visits, self.supplies):
            part.edited.connect(self._edited)
        add = QShortcut(QKeySequence("Ctrl+T"), self, lambda: self.therapies.add_box(focus=True))
        add.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- state --------------------------------------------------------------------------

    @property
    def state(self) -> dict[str, Any]:
        """The order shown, as an order-v1 mapping (a copy: no screen ids in it)."""
        return copy.deepcopy(self._state.order)

    @property
    def ids(self) -> ScreenIds:
        """The stored order, patient, payer and prescriber rows the order shown is tied to."""
        return self._state.ids

    def snapshot(self) -> EditorState:
        """The order and its ids together (what a draft keeps)."""
        return EditorState(self.state, self.ids)

    def collect(self, ids: ScreenIds | None = None) -> EditorState:
        """The widgets' order, with ``ids`` (default: the current state's) updated by the
        pick lists' (payer, prescriber)."""
        data = {
            "format": ORDER_FORMAT,
            **self._extra,
            **self.header.values(),
            "therapies": self.therapies.values(),
        }
        visits = self.visits.values()
        supplies = self.supplies.values()
        if visits:
            data["nursing_visits"] = visits
        if supplies:
            data["supplies"] = supplies
        return EditorState(data, self.header.picked(self._state.ids if ids is None else ids))

    def _edited(self) -> None:
        if self._showing:
            return
        after = self.collect()
        if after == self._state:
            return
        focus = QApplication.focusWidget()
        self._push(after, id(focus) if focus is not None else None, "Edit order")

    def _push(self, after: EditorState, field: int | None, text: str) -> None:
        before, self._state = self._state, after
        self.undo_stack.push(_Edit(self, before, after, field, text))
        self.state_changed.emit(self.state)

    def change(self, order: dict[str, Any], text: str, ids: ScreenIds = NO_IDS) -> None:
        """An undoable change made by a command (new order, patient picked, import).

        ``ids`` are the whole new state's: the ids of the order shown before are never
        carried over, so a new or imported order can't be saved as a version of the
        order that was open (the data loss of issue 9)."""
        self._showing = True
        try:
            self._fill(order, ids)
        finally:
            self._showing = False
        collected = self.collect(ids=NO_IDS)
        self._push(EditorState(collected.order, ids.over(collected.ids)), None, text)

    def show_state(self, state: EditorState) -> None:
        """Show ``state`` in the widgets (undo, redo, loading) without a new undo step."""
        self._showing = True
        try:
            self._fill(state.order, state.ids)
        finally:
            self._showing = False
        self._state = EditorState(copy.deepcopy(state.order), state.ids)
        self.state_changed.emit(self.state)

    def load(self, order: dict[str, Any], ids: ScreenIds = NO_IDS) -> None:
        """Start editing another order: its history starts here."""
        self.show_state(EditorState(order, ids))
        collected = self.collect()
        self._state = EditorState(collected.order, ids.over(collected.ids))
        self.undo_stack.clear()
        self.state_changed.emit(self.state)

    def _fill(self, state: dict[str, Any], ids: ScreenIds) -> None:
        # Order fields no widget shows (facility, charges, resubmission, primary
        # therapy from an imported file) are carried through unchanged, never dropped.
        self._extra = {k: v for k, v in state.items() if k not in SHOWN_KEYS}
        self.header.set_values(state, ids)
        self.therapies.set_values(state.get("therapies", []))
        self.visits.set_values(
            [
                {k: (str(v) if k == "minutes" else v) for k, v in visit.items()}
                for visit in state.get("nursing_visits", [])
            ]
        )
        self.supplies.set_values(
            [
                {k: str(v) if k in ("quantity", "lumens") else v for k, v in s.items()}
                for s in state.get("supplies", [])
            ]
        )

    def set_choices(
        self,
        payers: list[PayerRecord],
        profiles: dict[str, PayerProfile],
        prescribers: list[tuple[int, Prescriber]],
        places: dict[str, str],
        practice: Provider | None,
    ) -> None:
        self._showing = True
        try:
            self.header.set_choices(payers, profiles, prescribers, places, practice)
            self.header.set_values(self._state.order, self._state.ids)
        finally:
            self._showing = False

    # --- problems at their fields -------------------------------------------------------

    def field_widgets(self) -> dict[str, QWidget]:
        paths: dict[str, QWidget] = {"nursing_visits": self.visits_box, "supplies": self.supplies_box}
        self.header.register(paths)
        self.therapies.register(paths)
        self.visits.register(paths, "nursing_visits")
        self.supplies.register(paths, "supplies")
        return paths

    def widget_for(self, where: str, paths: dict[str, QWidget] | None = None) -> QWidget | None:
        paths = self.field_widgets() if paths is None else paths
        candidate = where
        while candidate:
            if candidate in paths:
                return paths[candidate]
            cut = max(candidate.rfind("."), candidate.rfind("["))
            candidate = candidate[:cut] if cut > 0 else ""
        return None

    def show_problems(self, problems: Any) -> None:
        """Outline each field a problem names; the tooltip lists its messages."""
        paths = self.field_widgets()
        found: dict[int, tuple[QWidget, str, list[str]]] = {}
        for problem in problems:
            widget = self.widget_for(problem.where, paths)
            if widget is None:
                continue
            _, severity, messages = found.get(id(widget), (widget, "warning", []))
            severity = "error" if problem.severity == "error" else severity
            found[id(widget)] = (widget, severity, [*messages, problem.message])
        for widget in self._marked:
            if all(widget is not w for w, _, _ in found.values()):
                _clear(widget)
        for widget, severity, messages in found.values():
            mark(widget, severity, "\n".join(messages))
        self._marked = [w for w, _, _ in found.values()]

    def focus_field(self, where: str) -> None:
        widget = self.widget_for(where)
        if widget is not None:
            widget.setFocus()


def _clear(widget: QWidget) -> None:
    with contextlib.suppress(RuntimeError):  # the row was removed meanwhile
        mark(widget, "", "")


def _next_day_field() -> CheckField:
    field = CheckField()
    field.setToolTip("The visit went past midnight: its end time is on the next day.")
    return field


def _boxed(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(widget)
    return box
