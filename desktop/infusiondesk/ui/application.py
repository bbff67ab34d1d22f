"""The running application, typed: ``QApplication.instance()`` is declared as the core
application or None, but every window of the GUI lives in a ``QApplication``."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def running_application() -> QApplication:
    """The ``QApplication`` the GUI runs in (a RuntimeError before one is made)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("the GUI needs a running QApplication")
    return app
