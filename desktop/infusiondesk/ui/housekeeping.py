"""Quiet work while the app is open: timed backups, the open-time integrity check,
and a warning when the database sits somewhere risky (a USB stick, a network share).

Backups use the one database connection, so they run on the GUI thread, between
events; a practice's database copies in milliseconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from infusiondesk.ui.errors import show_error

if TYPE_CHECKING:
    from infusiondesk.ui.backend import Backend
    from infusiondesk.ui.main_window import MainWindow

BACKUP_CHECK_MS = 60_000  # the scheduler decides; 30 minutes between backups
INTEGRITY_POLL_MS = 300


class Housekeeping(QObject):
    def __init__(self, window: MainWindow, backend: Backend) -> None:
        super().__init__(window)
        self.window, self.backend = window, backend
        self.scheduler = backend.backup_scheduler()
        self.backups = QTimer(self, interval=BACKUP_CHECK_MS)
        self.backups.timeout.connect(self._maybe_backup)
        self.integrity = QTimer(self, interval=INTEGRITY_POLL_MS)
        self.integrity.timeout.connect(self._check_integrity)

    def start(self) -> None:
        if not self.backend.read_only:
            self.backups.start()
        self.integrity.start()
        warning = self.backend.location_warning()
        if warning:
            QTimer.singleShot(0, lambda: show_error(self.window, "Where your data is", warning))

    def stop(self) -> None:
        self.backups.stop()
        self.integrity.stop()

    def _maybe_backup(self) -> None:
        try:
            path = self.scheduler.maybe_backup()
        except Exception as problem:  # say so, keep working: the data itself is saved
            self.backups.stop()
            show_error(self.window, "Automatic backup failed", problem)
            return
        if path is not None:
            self.window.statusBar().showMessage(f"Backed up to {path.name}", 5000)

    def _check_integrity(self) -> None:
        try:
            verdict = self.backend.integrity_ok()
        except Exception as problem:  # CorruptDatabase: its message says to restore
            self.integrity.stop()
            show_error(self.window, "The database is damaged", problem)
            return
        if verdict is not None:
            self.integrity.stop()
