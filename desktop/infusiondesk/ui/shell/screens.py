"""Builds the screens on an open database and wires them together through signals.

Screens don't know each other: a screen asks for "open order 12" with a signal,
and this module connects that to the order screen and switches the view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from infusiondesk.rules.order import Patient
from infusiondesk.services import Coverage
from infusiondesk.services.practice import Practice
from infusiondesk.ui.claims.view import ClaimsView
from infusiondesk.ui.order.orders_view import OrdersView
from infusiondesk.ui.order.screen import OrderScreen
from infusiondesk.ui.patients.view import PatientsView
from infusiondesk.ui.shell.screen_names import CLAIMS, ORDER, ORDERS, PATIENTS
from infusiondesk.ui.signals import ORDER_SAVED, AppSignals

if TYPE_CHECKING:
    from infusiondesk.ui.shell.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class Screens:
    """The screens of an open practice, each as its own type: what the window asks of
    one (the order's draft, Claims' export) is checked against that screen."""

    patients: PatientsView
    orders: OrdersView
    order: OrderScreen
    claims: ClaimsView

    def by_place(self) -> dict[int, QWidget]:
        """By their place in the navigation (screen_names)."""
        return {PATIENTS: self.patients, ORDERS: self.orders, ORDER: self.order, CLAIMS: self.claims}


def build_screens(window: MainWindow, practice: Practice) -> None:
    signals = AppSignals(window)
    window.signals = signals
    order = OrderScreen(practice)
    try:
        screens = Screens(
            PatientsView(practice, signals),
            OrdersView(practice, signals),
            order,
            ClaimsView(practice, signals),
        )
    except Exception:
        # A screen could not read the database (damage): the order screen's live
        # timers must not run on after the caller closes it.
        order.stop()
        order.deleteLater()
        raise
    while window.stack.count():  # the "opening…" note, or the screens before a restore
        left = window.stack.widget(0)
        if left is not None:
            window.stack.removeWidget(left)
            left.deleteLater()
    window.open_screens = screens
    for _place, screen in sorted(screens.by_place().items()):
        window.stack.addWidget(screen)
    _wire(window, screens, signals)
    splitter = window.settings.value("order/splitter")
    if isinstance(splitter, QByteArray) and not splitter.isEmpty():
        order.restoreState(splitter)
    else:
        order.setSizes([770, 530])
    if order.restore_draft():
        signals.status.emit("Restored the order you were working on (not saved yet).")


def _wire(window: MainWindow, screens: Screens, signals: AppSignals) -> None:
    patients, orders, order = screens.patients, screens.orders, screens.order

    def open_order(order_id: int) -> None:
        order.open_order(order_id)
        window.show_screen(ORDER)

    def new_order(patient: Patient, patient_id: int, coverage: Coverage | None = None) -> None:
        order.new_order(patient, patient_id, coverage)
        window.show_screen(ORDER)

    patients.open_order.connect(open_order)
    patients.new_order.connect(new_order)
    orders.open_order.connect(open_order)
    order.saved.connect(lambda _id: signals.announce(ORDER_SAVED))
    order.status.connect(signals.status)
    signals.status.connect(lambda text: window.statusBar().showMessage(text, 8000))
    signals.changed.connect(lambda changes: _setup_changed(order) if changes.setup else None)
    order.editor.choose_patient.connect(lambda: window._call("choose_patient"))
    order.panel.open_charge.connect(lambda code: window._call("open_setup", "charges", code))
    stack = order.editor.undo_stack
    undo = stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
    menu = window.edit_menu
    if menu.actions():  # before the menu's first item
        first = menu.actions()[0]
        menu.insertActions(first, [undo, redo])
        window.undo_separator = menu.insertSeparator(first)
    else:
        menu.addActions([undo, redo])
        window.undo_separator = menu.addSeparator()
    window.menu_actions["undo"], window.menu_actions["redo"] = undo, redo


def _setup_changed(order: OrderScreen) -> None:
    """Setup changed (a charge, a payer, a profile): the pick lists and the live claim."""
    order.refresh_choices()
    order.recompute()
