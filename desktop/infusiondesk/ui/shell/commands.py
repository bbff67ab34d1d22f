"""What the menus and shortcuts do, one function per command (window first).

Kept apart from ``main_window`` so the window stays a frame and each command is
short; every failure is shown in plain words, none escapes as a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from infusiondesk.ui.errors import show_error
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.shell.screen_names import ORDER
from infusiondesk.ui.signals import SETUP_CHANGED, Changes

if TYPE_CHECKING:
    from infusiondesk.rules.order import Order
    from infusiondesk.ui.order.screen import OrderScreen
    from infusiondesk.ui.shell.main_window import MainWindow


def _order(window: MainWindow) -> OrderScreen:
    return window.built().order


def new_order(window: MainWindow) -> None:
    _order(window).new_order()
    window.show_screen(ORDER)
    _order(window).editor.header.last_name.setFocus()


def save_order(window: MainWindow) -> int | None:
    saved: list[int | None] = []
    run_op(window, _order(window).save, title="Order not saved", on_success=saved.append)
    return saved[0] if saved else None


def choose_patient(window: MainWindow) -> None:
    from infusiondesk.ui.patients.dialog import PatientPicker

    picker = PatientPicker(window.opened(), window)
    if picker.exec() and picker.chosen is not None:
        patient_id, patient = picker.chosen
        _order(window).set_patient(patient, patient_id)
        window.show_screen(ORDER)


def import_order(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "Import order file", "", "Order files (*.json)")
    if not path:
        return

    def imported(order: Order) -> None:
        _order(window).show_imported(order)  # a new order: saving it never touches another
        window.show_screen(ORDER)

    run_op(
        window,
        lambda: window.opened().orders.read_file(path),
        title="Order not imported",
        on_success=imported,
    )


def export_order(window: MainWindow) -> None:
    screen = _order(window)
    screen.flush()
    if screen.order is None:
        show_error(window, "Export order", "Fix the fields outlined in red first.")
        return
    path, _ = QFileDialog.getSaveFileName(window, "Export order file", "order.json", "Order files (*.json)")
    if not path:
        return
    order, order_id, orders = screen.order, screen.order_id, window.opened().orders
    run_op(window, lambda: orders.save_file(order, path, order_id), title="Order not exported")


def print_order(window: MainWindow) -> None:
    """Save the order (a claim is printed from the order as stored), then preview it."""
    from infusiondesk.ui.printing.session import print_orders

    order_id = save_order(window)
    if order_id is None:
        return
    window.print_session = print_orders(window, window.opened(), [order_id], signals=window.signals)


def backup(window: MainWindow) -> None:
    """File › Back up now: on a worker thread (seconds for a large practice), with progress."""
    practice = window.opened()
    run_op(
        window,
        practice.backups.start(),
        title="Backup failed",
        progress="Backing up…",
        long=True,
        on_success=lambda path: window.statusBar().showMessage(f"Backed up to {path}", 10000),
        on_failure=lambda _problem: practice.backups.failed(),  # still unsaved: the next backup takes it
    )


def open_setup(window: MainWindow, tab: str = "practice", code: str | None = None) -> None:
    """Setup at ``tab``; ``code``: the charge master opened at a code the claim has no
    charge for (for the order's payer), the amount field ready to type."""
    from infusiondesk.ui.setup.dialogs import SetupDialog

    dialog = SetupDialog(window.opened(), window.settings, tab, window)
    if code is not None:
        charges = dialog.charges
        charges.code.set_value(code)
        charges.payer.set_value(_order(window).editor.ids.payer_id)
        charges.amount.setFocus()
    dialog.exec()
    if window.idle_lock is not None:  # the practice page may have changed its minutes
        from infusiondesk.ui.preferences import lock_minutes

        window.idle_lock.set_minutes(lock_minutes(window.settings))
    if window.signals is not None:
        window.signals.announce(SETUP_CHANGED)


def offer_demo_data(window: MainWindow, asked: bool = False) -> None:
    text = (
        "Load a fictional practice with payers, prescribers, charges and 20 patients' "
        "orders, to explore the app? Everyone in it is invented."
    )
    if asked and window.opened().patients.count():
        text += "\n\nYour own data stays as it is; the sample is added beside it."
    answer = QMessageBox.question(window, "Sample data", text)
    if answer != QMessageBox.StandardButton.Yes:
        return
    run_op(
        window,
        window.opened().setup.load_demo_data,  # keeps the biller's practice if one is set
        title="Sample data not loaded",
        on_success=lambda _summary: window.statusBar().showMessage("Sample practice loaded.", 8000),
        changes=Changes.everything(),
        signals=window.signals,
    )


def first_run(window: MainWindow) -> None:
    """No practice yet: set it up first (every claim needs it), then offer the sample."""
    if window.practice is None or window.practice.read_only or window.practice.setup.practice():
        return
    QMessageBox.information(
        window,
        "Welcome to Infusion Desk",
        "First, enter your practice: the billing provider printed on every claim (boxes 25 and 33).",
    )
    open_setup(window, "practice")
    if not window.opened().patients.count():
        offer_demo_data(window)
