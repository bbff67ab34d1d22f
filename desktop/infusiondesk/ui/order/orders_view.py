"""Orders: every saved order, newest first; open one, delete a draft, batch-print claims.

Batch printing computes each selected order's claim on this thread (fast, and the
database stays on one thread), renders the PDF in the background with a progress
bar and Cancel, then opens the preview; printing or saving records each claim.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.services.practice import Practice
from infusiondesk.ui.errors import show_error
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.signals import ORDERS_CHANGED, AppSignals, Changes
from infusiondesk.ui.widgets.list_models import OrdersModel
from infusiondesk.ui.widgets.views import list_view


class OrdersView(QWidget):
    open_order = Signal(int)

    def __init__(self, practice: Practice, signals: AppSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice, self.signals = practice, signals
        self.model = OrdersModel(lambda offset, limit: practice.orders.list(limit=limit, offset=offset))
        self.table = list_view(self.model, {0: 60, 1: 170, 2: 190, 3: 220, 4: 90, 5: 90})
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.activated.connect(lambda index: self.open_order.emit(self.model.row_at(index.row()).id))
        buttons = QHBoxLayout()
        for text, slot in (
            ("&Open", self._open),
            ("Ve&rsions…", self.show_versions),
            ("&Print claims for selected orders…", self.print_selected),
            ("&Delete order…", self._delete),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        self.changed_patients = QLabel()
        self.changed_patients.setWordWrap(True)
        self.changed_patients.setStyleSheet("color: #b3261e")
        layout.addWidget(self.changed_patients)
        layout.addWidget(
            QLabel(
                "<b>Orders</b> — Enter opens one; select several "
                "(Shift/Ctrl+click) to print their claims together"
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        signals.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        self.model.show_all()
        changed = self.practice.orders.with_patient_changes()
        self.changed_patients.setVisible(bool(changed))
        self.changed_patients.setText(
            "Saved over another patient's order (before this was prevented): order "
            + ", ".join(str(i) for i in changed)
            + ". Select it and open Versions… to restore the earlier patient's order as its own."
        )

    def _changed(self, changes: Changes) -> None:
        if changes.orders or changes.setup:  # a payer renamed in Setup is renamed in the list
            self.refresh()

    def take_focus(self) -> None:
        """Ctrl+2 lands in the list: arrows, then Enter. (Not a focus proxy: Tab would then
        jump from the screen list straight to the table, past anything above it.)"""
        self.table.setFocus()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(row).id for row in rows]

    def _open(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.open_order.emit(ids[0])

    def show_versions(self) -> None:
        """The selected order's versions; an earlier one can be restored as its own order."""
        from infusiondesk.ui.order.versions import OrderVersionsDialog

        ids = self.selected_ids()
        if not ids:
            show_error(self, "Versions", "Select an order first.")
            return
        self.versions_dialog = OrderVersionsDialog(self.practice, ids[0], self, self.signals)
        if self.versions_dialog.exec() and self.versions_dialog.restored_id is not None:  # announced itself
            self.signals.status.emit(f"Restored as order {self.versions_dialog.restored_id}.")

    def _delete(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(self, "Delete order", f"Delete order {ids[0]}? This cannot be undone.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        run_op(
            self,
            lambda: self.practice.orders.delete(ids[0]),
            title="Order not deleted",
            changes=ORDERS_CHANGED,
            signals=self.signals,
        )

    def print_selected(self) -> None:
        from infusiondesk.ui.printing.session import print_orders

        ids = self.selected_ids()
        if not ids:
            show_error(self, "Print claims", "Select the orders to print first.")
            return
        print_orders(self, self.practice, ids, signals=self.signals)
