"""Errors in plain words: what happened, what to do, never a traceback.

``plain_message`` turns any exception into sentences a biller can act on. The
store's and the order reader's messages are written for billers already; anything
else is a fault of ours, reported without its details (which may hold patient data).
``install_excepthook`` makes an unexpected error a dialog plus one log line naming
only the exception type and where in our code it happened (no values: no PHI).
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("infusiondesk.ui")

UNEXPECTED = (
    "Something went wrong inside Infusion Desk, so the last action did not finish. "
    "Everything you saved before is safe. If it happens again, restart the app "
    "and tell your support contact what you were doing."
)


def plain_message(problem: BaseException) -> str:
    """Sentences for the biller; the exception's own text only when it was written for them."""
    from infusiondesk.services.errors import OrderFileError, StoreError

    if isinstance(problem, OrderFileError):
        from infusiondesk.ui.widgets.text import field_label

        lines = [f"• {field_label(p.where)}: {p.message}" for p in problem.problems]
        return "The order has fields to fix first:\n" + "\n".join(lines)
    ours = type(problem).__module__.startswith("infusiondesk.")  # messages written for billers
    if (isinstance(problem, StoreError) or ours) and str(problem):
        return str(problem)
    if isinstance(problem, PermissionError):
        return (
            f"Infusion Desk may not use {_file(problem)}. Choose another folder, or ask "
            "whoever manages this computer for access."
        )
    if isinstance(problem, FileNotFoundError):
        return f"{_file(problem)} does not exist (was it moved or deleted?)."
    if isinstance(problem, OSError):
        reason = problem.strerror or "the system refused"
        return f"Infusion Desk could not use {_file(problem)}: {reason}."
    if isinstance(problem, MemoryError):
        return "The computer ran out of memory. Close other programs and try again."
    return UNEXPECTED


def _file(problem: OSError) -> str:
    return f"the file {Path(problem.filename).name}" if problem.filename else "the file"


def show_error(parent: QWidget | None, title: str, problem: BaseException | str) -> None:
    """A modal message box with plain words (a string is shown as is)."""
    text = problem if isinstance(problem, str) else plain_message(problem)
    if not isinstance(problem, str) and text == UNEXPECTED:
        log_without_phi(type(problem), problem, problem.__traceback__)
    box = QMessageBox(
        QMessageBox.Icon.Warning, title or "Infusion Desk", text, QMessageBox.StandardButton.Ok, parent
    )
    box.exec()


def where_it_happened(tb: TracebackType | None) -> str:
    """``module.py:123 in function`` for each of our frames: code locations, no values."""
    frames = traceback.extract_tb(tb) if tb is not None else []
    ours = [f for f in frames if "infusiondesk" in f.filename] or frames[-1:]
    return " <- ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in reversed(ours))


def log_without_phi(kind: type[BaseException], problem: BaseException, tb: TracebackType | None) -> None:
    # The message and locals may quote a patient's name or member ID: log neither.
    log.error("unexpected %s at %s", kind.__name__, where_it_happened(tb))


def install_excepthook() -> None:
    """Unexpected errors in slots and event handlers: one plain dialog, one PHI-free log line."""

    def hook(kind: type[BaseException], problem: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, problem, tb)
            return
        message = plain_message(problem)
        if message == UNEXPECTED:
            log_without_phi(kind, problem, tb)
        if QApplication.instance() is not None:
            show_error(QApplication.activeWindow(), "Infusion Desk", message)

    sys.excepthook = hook
