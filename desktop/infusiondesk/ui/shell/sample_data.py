"""File › Remove sample data: take the fictional practice away again, leaving the
biller's own (``demo_data.remove_demo_data`` deletes exactly what the sample added)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from infusiondesk.services import NotFound
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.order.editor import empty_state
from infusiondesk.ui.signals import Changes

if TYPE_CHECKING:
    from infusiondesk.services.practice import Practice
    from infusiondesk.ui.shell.main_window import MainWindow

WHAT = {
    "orders": "orders",
    "patients": "patients",
    "payers": "payers",
    "prescribers": "prescribers",
    "providers": "practice",
    "charge_master": "charges",
}


def remove_sample_data(window: MainWindow) -> None:
    practice = window.practice
    if practice is None or practice.read_only:
        return
    if not practice.setup.has_demo_data():
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

    def removed(result: Any) -> None:
        order = None if window.open_screens is None else window.open_screens.order
        if order is not None and order.order_id is not None and not _exists(practice, order.order_id):
            order.editor.load(empty_state())  # the sample order it showed is gone
            order.recompute()
        if window.signals is not None:  # after the editor let the gone order go
            window.signals.announce(Changes.everything())
        window.statusBar().showMessage(summary(result.removed, result.kept), 10000)

    run_op(window, practice.setup.remove_demo_data, title="Sample data not removed", on_success=removed)


def summary(removed: dict[str, int], kept: dict[str, int]) -> str:
    text = "Sample data removed: " + (
        ", ".join(f"{count} {WHAT.get(table, table)}" for table, count in removed.items() if table in WHAT)
        or "nothing left to remove"
    )
    if kept:
        text += f"; {sum(kept.values())} kept because your own data uses them (or a claim was printed)"
    return text + "."


def _exists(practice: Practice, order_id: int) -> bool:
    try:
        practice.orders.patient_id(order_id)  # not load_order: that is audited as a view
    except NotFound:
        return False
    return True
