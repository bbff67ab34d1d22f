"""Quiet work while the app is open: timed backups, the open-time integrity check,
and a warning when the database sits somewhere risky (a USB stick, a network share).
A read-only window watches for another window restoring a backup under it. What to
do about damage or a restored file is not decided here: ``damaged`` and ``replaced``
are signals, answered by ``restore.start_housekeeping`` (so housekeeping never imports
the restore screens that start it).

A timed backup runs on a worker thread with a connection of its own (a verified copy
of a 300,000-order database takes seconds); closing waits for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from infusiondesk.ui.errors import show_error
from infusiondesk.ui.worker import Task, run_in_background

if TYPE_CHECKING:
    from infusiondesk.services.practice import Practice
    from infusiondesk.ui.shell.main_window import MainWindow

BACKUP_CHECK_MS = 60_000  # the scheduler decides; 30 minutes between backups
INTEGRITY_POLL_MS = 300
REPLACED_POLL_MS = 2000  # read-only windows: was the file replaced by a restore?


class Housekeeping(QObject):
    damaged = Signal(object)  # the exception that found the damage
    replaced_under_us = Signal()  # another window restored a backup over this database

    def __init__(self, window: MainWindow, practice: Practice) -> None:
        super().__init__(window)
        self.window, self.practice = window, practice
        self.scheduler = practice.backups.scheduler()
        self.backups = QTimer(self, interval=BACKUP_CHECK_MS)
        self.backups.timeout.connect(self._maybe_backup)
        self.backup_task: Task | None = None
        self.integrity = QTimer(self, interval=INTEGRITY_POLL_MS)
        self.integrity.timeout.connect(self._check_integrity)
        self.replaced = QTimer(self, interval=REPLACED_POLL_MS)
        self.replaced.timeout.connect(self._check_replaced)

    def start(self) -> None:
        if not self.practice.read_only:
            self.backups.start()
        else:
            self.replaced.start()
        self.integrity.start()
        warning = self.practice.location_warning()
        if warning:
            QTimer.singleShot(0, lambda: show_error(self.window, "Where your data is", warning))

    def stop(self) -> None:
        """Stop the timers; a backup under way is finished first (the database may close next)."""
        self.backups.stop()
        self.integrity.stop()
        self.replaced.stop()
        if self.backup_task is not None:
            self.backup_task.wait()

    def _maybe_backup(self) -> None:
        if self.backup_task is not None and not self.backup_task.done:
            return
        if not self.scheduler.due():
            return
        work = self.scheduler.start_backup()
        self.backup_task = run_in_background(
            self.window,
            lambda _progress, _cancelled: work(),
            on_success=self._backed_up,
            on_failure=self._backup_failed,
            title="Backing up…",
            quiet=True,
        )

    def _backed_up(self, path: Path) -> None:
        self.window.statusBar().showMessage(f"Backed up to {path.name}", 5000)

    def _backup_failed(self, problem: BaseException) -> None:
        # Say so and keep working: the data itself is saved; the next backup is on close.
        self.scheduler.backup_failed()
        self.backups.stop()
        show_error(self.window, "Automatic backup failed", problem)

    def _check_integrity(self) -> None:
        try:
            verdict = self.practice.integrity_ok()
        except Exception as problem:  # CorruptDatabase: offer the backups right away
            self.integrity.stop()
            self.damaged.emit(problem)
            return
        if verdict is not None:
            self.integrity.stop()

    def _check_replaced(self) -> None:
        if not self.practice.store.replaced():
            return
        self.replaced.stop()
        self.replaced_under_us.emit()
