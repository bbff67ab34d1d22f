"""The one way to do long work (batch printing, backups) without freezing the window.

``run_in_background(parent, work, on_success=...)`` runs ``work(progress, cancelled)``
on Qt's thread pool and shows a progress dialog (only if the work takes longer than
a moment; ``quiet=True`` for housekeeping nobody waits for). ``on_success``/
``on_failure`` are called on the GUI thread. ``work`` must not touch widgets or the
app's database connection (one thread uses it: the GUI thread does the reads and
writes before and after; a backup opens a connection of its own). Tests set
``INLINE = True`` to run the work synchronously.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

INLINE = False  # tests: run work on the calling thread
SHOW_AFTER_MS = 400  # short jobs finish before a dialog would flash

Progress = Callable[[int, int], None]
Work = Callable[[Progress, Callable[[], bool]], Any]


class Task(QObject):
    """A running piece of work; its signals arrive on the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._finished = threading.Event()  # set by the worker thread itself
        self.done = False

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has returned (its callbacks may still be queued)."""
        return self._finished.wait(timeout)


class _Runner(QRunnable):
    def __init__(self, task: Task, work: Work) -> None:
        super().__init__()
        self.task, self.work = task, work

    def run(self) -> None:
        try:
            result = self.work(self.task.report, self.task.cancelled)
        except BaseException as problem:  # reported to on_failure, never lost in a thread
            self.task.failed.emit(problem)
        else:
            self.task.succeeded.emit(result)
        finally:
            self.task._finished.set()


_running: set[Task] = set()  # keep tasks alive until they report


def run_in_background(
    parent: QWidget | None,
    work: Work,
    *,
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    title: str = "Working…",
    cancellable: bool = False,
    quiet: bool = False,
) -> Task:
    """Start ``work``; ``on_failure`` defaults to a plain error dialog."""
    task = Task()
    if on_failure is None:
        from infusiondesk.ui.errors import show_error

        def on_failure(problem: BaseException) -> None:
            show_error(parent, title.rstrip("…."), problem)

    dialog = None if quiet else _progress_dialog(parent, title, cancellable, task)
    task.progressed.connect(lambda done, total: _show_progress(dialog, done, total))

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        task.done = True
        _running.discard(task)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()
        if task.cancelled() and isinstance(value, Cancelled):
            return
        callback(value)

    task.succeeded.connect(lambda value: finish(on_success, value))
    task.failed.connect(lambda problem: finish(on_failure, problem))
    _running.add(task)
    runner = _Runner(task, work)
    if INLINE:
        runner.run()
    else:
        QThreadPool.globalInstance().start(runner)
    return task


class Cancelled(Exception):
    """Raised by work that stopped because the user pressed Cancel."""


def _progress_dialog(
    parent: QWidget | None, title: str, cancellable: bool, task: Task
) -> QProgressDialog | None:
    if INLINE:
        return None
    dialog = QProgressDialog(title, "Cancel" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title.rstrip("…."))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.canceled.connect(task.cancel)
    return dialog


def _show_progress(dialog: QProgressDialog | None, done: int, total: int) -> None:
    if dialog is None:
        return
    dialog.setMaximum(max(total, 1))
    dialog.setValue(min(done, max(total, 1)))
    dialog.setLabelText(f"{done} of {total}")
