"""``run_op``: run one operation on the practice, as Anki's ``CollectionOp`` does.

Every screen that changes data goes through here: the operation runs (on a worker
thread when ``long``), a failure is shown in ONE place (``show_error``, in plain
words, under the caller's title) and a success announces its typed ``Changes`` once,
before the caller's ``on_success`` sees the result. So no screen writes its own
``try/except show_error`` or remembers which views to refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from infusiondesk.ui.errors import show_error
from infusiondesk.ui.signals import AppSignals, Changes
from infusiondesk.ui.worker import run_in_background

T = TypeVar("T")


def run_op(
    parent: QWidget | None,
    op: Callable[[], T],
    *,
    title: str,
    on_success: Callable[[T], object] | None = None,
    changes: Changes | Callable[[T], Changes] | None = None,
    signals: AppSignals | None = None,
    long: bool = False,
    progress: str | None = None,
    on_failure: Callable[[BaseException], object] | None = None,
) -> bool:
    """Run ``op``; on failure show ``title`` and the problem, and return False. On
    success announce ``changes`` (on ``signals``, by default the window's) and call
    ``on_success(result)``; True. ``changes`` may be read off the result, for an
    operation whose changes depend on what it did (a batch where some claims were
    recorded, or none). ``long``: run it in the background with a progress dialog
    saying ``progress`` (by default ``title``); True once started, the outcome comes
    later. ``on_failure(problem)`` runs after the failure was shown, for a flow that
    puts things back (a failed restore reopens the data as it was)."""

    def failed(problem: BaseException) -> None:
        show_error(parent, title, problem)
        if on_failure is not None:
            on_failure(problem)

    def succeeded(result: T) -> None:
        if changes is not None:
            announcer = signals if signals is not None else _window_signals(parent)
            announcer.announce(changes(result) if callable(changes) else changes)
        if on_success is not None:
            on_success(result)

    if long:
        run_in_background(
            parent,
            lambda _progress, _cancelled: op(),
            on_success=succeeded,
            on_failure=failed,
            title=progress or title,
        )
        return True
    try:
        result = op()
    except Exception as problem:  # shown in plain words; the screen stays as it was
        failed(problem)
        return False
    succeeded(result)
    return True


def _window_signals(parent: QWidget | None) -> AppSignals:
    found: Any = getattr(parent.window(), "signals", None) if parent is not None else None
    if not isinstance(found, AppSignals):
        raise TypeError("run_op announces changes: pass signals=, or run it inside the main window")
    return found
