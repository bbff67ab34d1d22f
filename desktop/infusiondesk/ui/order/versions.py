"""An order's versions, and restoring an earlier one as an order of its own.

Shown from Orders (Versions…). An order saved over another patient's before issue 9
was fixed is listed there with "patient changed"; restoring the version before
gives the earlier patient their order back and leaves the later one as it is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.services.practice import Practice
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.signals import ORDER_SAVED, AppSignals
from infusiondesk.ui.widgets.list_models import local_time


def describe(version: Any) -> str:
    patient = version.order.patient
    name = f"{patient.last_name}, {patient.first_name}" if patient is not None else "(no patient)"
    therapies = ", ".join(t.therapy for t in version.order.therapies) or "no therapy"
    changed = "  ⚠ patient changed in this version" if version.patient_changed else ""
    return f"Version {version.version} · saved {local_time(version.saved_at)} · {name} · {therapies}{changed}"


class OrderVersionsDialog(QDialog):
    """The versions of one order; "Restore as its own order" saves the chosen one anew."""

    def __init__(
        self,
        practice: Practice,
        order_id: int,
        parent: QWidget | None = None,
        signals: AppSignals | None = None,
    ) -> None:
        super().__init__(parent)
        self.practice, self.order_id, self.signals = practice, order_id, signals
        self.restored_id: int | None = None
        self.setWindowTitle(f"Versions of order {order_id}")
        self.versions = practice.orders.versions(order_id)
        self.list = QListWidget()
        for version in self.versions:
            self.list.addItem(describe(version))
        changed = [v for v in self.versions if v.patient_changed]
        if changed:  # the version before the change is the one that was lost
            self.list.setCurrentRow(self.versions.index(changed[0]) - 1)
        else:
            self.list.setCurrentRow(len(self.versions) - 1)
        self.restore = QPushButton("&Restore as its own order")
        self.restore.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.restore, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Each saved version of this order. Restoring one saves it as a new order "
                "for its own patient; this order stays as it is."
            )
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(720, 320)

    def restore_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return

        def restored(saved: Any) -> None:
            self.restored_id = saved.id
            self.accept()

        run_op(
            self,
            lambda: self.practice.orders.restore_version(self.order_id, self.versions[row].version),
            title="Version not restored",
            on_success=restored,
            # saved as a new order: its patient may be new too
            changes=None if self.signals is None else ORDER_SAVED,
            signals=self.signals,
        )
