"""The order screen: the editor on the left, the live claim and the calendar on the right.

Every change is recomputed after a short pause (``DEBOUNCE_MS``, so typing a date
doesn't compute six half-dates) through the practice; the result goes to the panel,
the calendar and back to the editor as problems at their fields. The unsaved order
is kept as a draft a moment after each change, so a crash or a closed window loses
nothing; saving the order removes the draft.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QScrollArea, QSplitter, QTabWidget, QWidget

from infusiondesk.rules.order import Order, Patient
from infusiondesk.services import Coverage
from infusiondesk.services.errors import OrderFileError
from infusiondesk.services.practice import Practice
from infusiondesk.ui.application import running_application
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.order.billing_panel import BillingPanel
from infusiondesk.ui.order.editor import OrderEditor, empty_state
from infusiondesk.ui.order.service_calendar import ServiceCalendar
from infusiondesk.ui.order.state import EditorState, ScreenIds, draft_data, from_draft
from infusiondesk.ui.widgets.values import follow_setup, setup_parties, value_dict
from infusiondesk.ui.widgets.views import scroll_down_only

DEBOUNCE_MS = 80
DRAFT_DELAY_MS = 1500


class OrderScreen(QSplitter):
    saved = Signal(int)  # order id
    status = Signal(str)

    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.practice = practice
        self.last_compute_ms = 0.0
        self.order: Order | None = None  # the Order last read from the editor, when readable
        self.editor = OrderEditor(practice.reference, practice.supply_codes())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        scroll_down_only(scroll)  # the editor never scrolls sideways (1366×768)
        self.panel = BillingPanel()
        self.calendar = ServiceCalendar()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.panel, "Live claim")
        self.tabs.addTab(self.calendar, "Service calendar")
        self.addWidget(scroll)
        self.addWidget(self.tabs)
        self.setStretchFactor(0, 5)
        self.setStretchFactor(1, 6)
        self._compute_timer = _single_shot(self, DEBOUNCE_MS, self.recompute)
        self._draft_timer = _single_shot(self, DRAFT_DELAY_MS, self.save_draft)
        self.editor.state_changed.connect(self._changed)
        self.panel.problem_activated.connect(self.editor.focus_field)
        self._last_focus: Any = None
        self._parties: dict[str, Any] = {}  # Setup's parties as last read, to follow corrections
        running_application().focusChanged.connect(self._focus_moved)
        self.refresh_choices()

    # --- keyboard ---------------------------------------------------------------------------

    def _focus_moved(self, _old: Any, new: Any) -> None:
        if new is not None and self.editor.isAncestorOf(new):
            self._last_focus = new

    def take_focus(self) -> None:
        """Back on this screen: the field the biller was in, else the patient's name."""
        widget = self._last_focus
        try:
            usable = widget is not None and widget.isVisibleTo(self.editor)
        except RuntimeError:  # its row was removed meanwhile
            usable = False
        (widget if usable else self.editor.header.last_name).setFocus()

    # --- recompute ------------------------------------------------------------------------

    def _changed(self, _state: dict[str, Any]) -> None:
        self._compute_timer.start()
        self._draft_timer.start()

    def recompute(self) -> None:
        """Read the editor's order, compute its claim, show it everywhere (timed)."""
        started = time.perf_counter()
        state = self.editor.state
        try:
            order = self.practice.orders.parse(state)
        except OrderFileError as unreadable:
            self.order = None
            self.panel.show_unreadable(unreadable.problems)
            self.editor.show_problems(unreadable.problems)
        else:
            self.order = order
            claim = self.practice.orders.compute(order, self.editor.ids.payer_id)
            problems = self.practice.claims.print_check(claim)  # what printing would refuse on
            self.panel.show_claim(claim, problems)
            self.editor.show_problems(problems)
            self.calendar.show_days(
                self.practice.orders.calendar(order), [(v.date, v.minutes) for v in order.nursing_visits]
            )
        self.last_compute_ms = (time.perf_counter() - started) * 1000

    def flush(self) -> None:
        """Compute now if a change is waiting (before saving or printing)."""
        if self._compute_timer.isActive():
            self._compute_timer.stop()
            self.recompute()

    # --- choices, drafts, loading --------------------------------------------------------

    def refresh_choices(self) -> None:
        """Setup changed: fresh pick lists; the order's practice, payer and prescriber
        follow their correction there; the live claim is computed again (a charge or a
        profile may differ too)."""
        practice = self.practice
        provider, payers, prescribers = (
            practice.setup.practice(),
            practice.setup.payers(),
            practice.setup.prescribers(),
        )
        self.editor.set_choices(
            payers=payers,
            profiles=practice.setup.profiles(),
            prescribers=prescribers,
            places=practice.places_of_service(),
            practice=provider,
        )
        parties = setup_parties(provider, payers, prescribers)
        followed = follow_setup(self.editor.state, self._parties, parties) if self._parties else None
        if followed is not None:
            self.editor.show_state(EditorState(followed, self.editor.ids))
        self._parties = parties
        self._compute_timer.start()

    def save_draft(self) -> None:
        if self.practice.read_only:
            return
        self._draft_timer.stop()
        if self.editor.undo_stack.isClean():  # nothing unsaved: no draft to keep
            self.practice.drafts.clear()
        else:
            self.practice.drafts.save(draft_data(self.editor.snapshot()))

    def restore_draft(self) -> bool:
        draft = self.practice.drafts.load()
        if not draft:
            return False
        restored = from_draft(draft)
        self.editor.load(restored.order, restored.ids)
        self.editor.undo_stack.resetClean()  # a draft is unsaved work
        self.recompute()
        return True

    def confirm_leave(self) -> bool:
        """Before another order replaces this one: save, discard or stay (unsaved only)."""
        if self.editor.undo_stack.isClean() or self.practice.read_only:
            return True
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        answer = QMessageBox.question(
            self, "Unsaved order", "Save the order you are working on before opening another?", buttons
        )
        if answer == QMessageBox.StandardButton.Save:
            return run_op(self, self.save, title="Order not saved")
        return answer == QMessageBox.StandardButton.Discard

    def new_order(
        self, patient: Patient | None = None, patient_id: int | None = None, coverage: Coverage | None = None
    ) -> None:
        """A blank order; for a patient, with their insurance (``Coverage``) when known."""
        if not self.confirm_leave():
            return
        state = empty_state()
        state["provider"] = value_dict(self.practice.setup.practice())
        ids = ScreenIds()
        if patient is not None:
            state["patient"] = value_dict(patient)
            ids = ScreenIds(patient_id=patient_id)
        if coverage is not None:
            ids = self._with_coverage(state, coverage, ids)
        self.editor.change({k: v for k, v in state.items() if v is not None}, "New order", ids)
        self.editor.undo_stack.setClean()  # nothing typed yet: nothing to lose
        self.recompute()

    def open_order(self, order_id: int) -> None:
        if not self.confirm_leave():
            return
        order = self.practice.orders.load(order_id)
        ids = ScreenIds(
            order_id=order_id,
            patient_id=self.practice.orders.patient_id(order_id),
            payer_id=self.practice.setup.payer_id_of(order.payer),
        )
        self.editor.load(self.practice.orders.data(order), ids)
        self.recompute()

    def show_imported(self, order: Order) -> None:
        """An order read from a file, as one undoable change: tied to the payer set up
        with its payer's details, never to the order or patient shown before."""
        ids = ScreenIds(payer_id=self.practice.setup.payer_id_of(order.payer))
        self.editor.change(self.practice.orders.data(order), "Import order", ids)
        self.recompute()

    def _with_coverage(self, state: dict[str, Any], coverage: Coverage, ids: ScreenIds) -> ScreenIds:
        """Put a patient's insurance (payer and its profile, insured) into ``state``: the
        order takes a copy, so editing it here leaves the patient's coverage as it is.
        Returns ``ids`` with the payer's row."""
        state["insured"] = value_dict(self.practice.patients.coverage_insured(coverage))
        record = next((r for r in self.practice.setup.payers() if r.id == coverage.payer_id), None)
        if record is not None:
            state["payer"], state["payer_profile"] = value_dict(record.payer), record.profile
            return replace(ids, payer_id=record.id)
        return ids

    def set_patient(self, patient: Any, patient_id: int) -> None:
        """The patient found for this order; an order without insurance yet takes the
        patient's coverage."""
        state, ids = self.editor.state, self.editor.ids
        if ids.order_id is not None and ids.patient_id not in (None, patient_id):
            # Another patient's order is never a version of this one: it becomes a new
            # order, and the order that was open stays its patient's, as it was saved.
            self.status.emit(f"A new order for this patient; order {ids.order_id} stays as saved.")
            ids = replace(ids, order_id=None)
        state["patient"] = value_dict(patient)
        ids = replace(ids, patient_id=patient_id)
        if not state.get("insured") and not state.get("payer"):
            ids = self._with_coverage(state, self.practice.patients.coverage(patient_id), ids)
        self.editor.change(state, "Choose patient", ids)

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> int | None:
        """Save the order (a new version when it exists); returns its id."""
        self.flush()
        state, ids = self.editor.state, self.editor.ids
        order = self.practice.orders.parse(state)  # raises OrderFileError
        saved = self.practice.orders.save(order, ids.order_id, ids.patient_id)
        self.editor.load(state, replace(ids, order_id=saved.id, patient_id=saved.patient_id))
        self.practice.drafts.clear()
        self._draft_timer.stop()
        self.status.emit(f"Saved order {saved.id} (version {saved.version}).")
        self.saved.emit(saved.id)
        return saved.id

    def stop(self) -> None:
        """No more pending work: the window is closing (or the database is)."""
        self._compute_timer.stop()
        self._draft_timer.stop()

    @property
    def order_id(self) -> int | None:
        return self.editor.ids.order_id


def _single_shot(parent: QWidget, delay: int, slot: Any) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay)
    timer.timeout.connect(slot)
    return timer
