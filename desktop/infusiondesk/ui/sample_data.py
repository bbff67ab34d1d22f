"""File › Remove sample data: take the fictional practice away again, leaving the
biller's own (``demo_data.remove_demo_data`` deletes exactly what the sample added)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from infusiondesk.services import NotFound
from infusiondesk.ui.errors import show_error
from infusiondesk.ui.main_window import ORDER
from infusiondesk.ui.order_editor import empty_state
from infusiondesk.ui.signals import Changes

if TYPE_CHECKING:
    from infusiondesk.ui.backend import Backend
    from infusiondesk.ui.main_window import MainWindow

WHAT = {
    "orders": "orders",
    "patients": "patients",
    "payers": "payers",
    "prescribers": "prescribers",
    "providers": "practice",
    "charge_master": "charges",
}


def remove_sample_data(window: MainWindow) -> None:
    backend = window.backend
    if backend is None or backend.read_only:
        return
    if not backend.has_demo_data():
        QMessageBox.information(window, "Remove sample data", "There is no sample data to remove.")
        return
    answer = QMessageBox.question(
        window,
        "Remove sample data",
        "Remove the fictional practice's patients, orders, payers, prescribers and charges? "
        "Your own data stays as it is.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    try:
        result = backend.remove_demo_data()
    except Exception as problem:
        show_error(window, "Sample data not removed", problem)
        return
    order = window.screens.get(ORDER)
    if order is not None and order.order_id is not None and not _exists(backend, order.order_id):
        order.editor.load(empty_state())  # the sample order it showed is gone
        order.recompute()
    window.signals.announce(Changes.everything())
    window.statusBar().showMessage(summary(result.removed, result.kept), 10000)


def summary(removed: dict[str, int], kept: dict[str, int]) -> str:
    text = "Sample data removed: " + (
        ", ".join(f"{count} {WHAT.get(table, table)}" for table, count in removed.items() if table in WHAT)
        or "nothing left to remove"
    )
    if kept:
        text += f"; {sum(kept.values())} kept because your own data uses them (or a claim was printed)"
    return text + "."


def _exists(backend: Backend, order_id: int) -> bool:
    try:
        backend.order_patient_id(order_id)  # not load_order: that is audited as a view
    except NotFound:
        return False
    return True
