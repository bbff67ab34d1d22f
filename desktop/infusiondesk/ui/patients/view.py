"""Patients: search as you type (name, member ID, date of birth), add and edit, their orders.

With nothing typed the list shows every patient by name, loaded page by page as
it scrolls; typing searches the whole practice (``search_patients``) after a short
pause. The selected patient's orders are listed beside; Enter opens one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from infusiondesk.services.practice import Practice
from infusiondesk.ui.errors import show_error
from infusiondesk.ui.patients.dialog import PatientDialog
from infusiondesk.ui.signals import AppSignals, Changes
from infusiondesk.ui.widgets.list_models import OrdersModel, PatientListModel
from infusiondesk.ui.widgets.views import list_view

SEARCH_DELAY_MS = 150


class PatientsView(QWidget):
    open_order = Signal(int)
    new_order = Signal(object, int, object)  # Patient, patient id, Coverage (insurance)

    def __init__(self, practice: Practice, signals: AppSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice, self.signals = practice, signals
        self.model = PatientListModel(practice.patients.list, practice.patients.count)
        self.orders_model = OrdersModel(self._orders_page)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: last name, first name, member ID or birth date (3/1/1950)")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.table = list_view(self.model, {0: 180, 1: 160, 2: 100})
        self.orders = list_view(self.orders_model, {0: 60, 2: 170, 3: 150, 4: 90, 5: 90})
        self.orders.setColumnHidden(OrdersModel.PATIENT, True)  # it is the selected patient
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self._focus_first)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_orders())
        self.table.doubleClicked.connect(lambda _index: self.edit_patient())
        self.table.activated.connect(lambda _index: self.edit_patient())
        self.orders.activated.connect(self._open_selected_order)
        self.orders.doubleClicked.connect(self._open_selected_order)
        self._layout()
        signals.changed.connect(self._changed)
        self.refresh()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for text, slot in (
            ("&New patient…", self.add_patient),
            ("Ed&it patient…", self.edit_patient),
            ("New &order for patient", self._new_order),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Orders of this patient</b> — Enter opens one"))
        column.addWidget(self.orders, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([700, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.setFocusProxy(self.search)

    # --- listing and searching --------------------------------------------------------------

    def refresh(self) -> None:
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        if text:
            self.model.show_matches(self.practice.patients.search(text))
            self.count.setText(f"{self.model.rowCount()} found")
        else:
            self.model.show_all()
            self.count.setText(f"{self.model.total:,} patients")
        self._show_orders()

    def _focus_first(self) -> None:
        self.run_search()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def selected_patient_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()).id if index.isValid() else None

    def _orders_page(self, offset: int, limit: int) -> list[Any]:
        patient_id = self.selected_patient_id()
        if patient_id is None:
            return []
        return self.practice.orders.list(patient_id=patient_id, limit=limit, offset=offset)

    def _show_orders(self) -> None:
        self.orders_model.show_all()

    def _changed(self, changes: Changes) -> None:
        if changes.patients:
            self.refresh()  # the patient's orders too
        elif changes.orders:
            self._show_orders()

    # --- actions ------------------------------------------------------------------------------

    def add_patient(self) -> None:
        dialog = PatientDialog(self.practice, None, self, self.signals)  # its save announces itself
        if dialog.exec() and dialog.saved_patient is not None:  # accepted: saved
            self.search.setText(dialog.saved_patient.last_name)

    def edit_patient(self) -> None:
        patient_id = self.selected_patient_id()
        if patient_id is None:
            return
        PatientDialog(self.practice, patient_id, self, self.signals).exec()  # its save announces itself

    def _new_order(self) -> None:
        patient_id = self.selected_patient_id()
        if patient_id is None:
            show_error(self, "New order", "Choose a patient in the list first.")
            return
        coverage = self.practice.patients.coverage(patient_id)  # the order takes a copy
        self.new_order.emit(self.practice.patients.get(patient_id), patient_id, coverage)

    def _open_selected_order(self, *_args: Any) -> None:
        index = self.orders.currentIndex()
        if index.isValid():
            self.open_order.emit(self.orders_model.row_at(index.row()).id)
