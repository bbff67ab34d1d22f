"""One app-level signal that says what changed, so screens never call each other.

A screen that saves something emits ``changed`` with a kind (``"patients"``,
``"orders"``, ``"claims"``, ``"setup"``); every screen that shows that kind
refreshes itself (after Anki's OpChanges).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

PATIENTS, ORDERS, CLAIMS, SETUP = "patients", "orders", "claims", "setup"


class AppSignals(QObject):
    changed = Signal(str)
    status = Signal(str)  # a short message for the status bar
