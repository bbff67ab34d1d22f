"""``run_op``: an operation's failure is shown once, in plain words under the caller's
title, and nothing is announced; its success announces its ``Changes`` once, before
the caller sees the result; a long one runs through the worker the same way."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from infusiondesk.services import Refused
from infusiondesk.ui import operations, worker
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.signals import CLAIMS_CHANGED, ORDERS_CHANGED, AppSignals, Changes


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Each message box opened: (title, text), answered with OK."""
    boxes: list[tuple[str, str]] = []

    def answer(box: QMessageBox) -> int:
        boxes.append((box.windowTitle(), box.text()))
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return boxes


def _heard(signals: AppSignals, log: list[Any]) -> None:
    signals.changed.connect(lambda changes: log.append(("announced", changes)))


def test_a_failure_is_shown_once_and_announces_nothing(qtbot: Any, shown: list[tuple[str, str]]) -> None:
    parent, signals, log = QWidget(), AppSignals(), []
    qtbot.addWidget(parent)
    _heard(signals, log)

    def refused() -> None:
        raise Refused("Order 7 has printed claims: it can't be deleted.")

    ran = run_op(
        parent,
        refused,
        title="Order not deleted",
        on_success=lambda result: log.append(("success", result)),
        changes=ORDERS_CHANGED,
        signals=signals,
    )
    assert ran is False
    assert shown == [("Order not deleted", "Order 7 has printed claims: it can't be deleted.")]
    assert log == []


def test_a_success_announces_its_changes_once_before_the_caller_sees_the_result(
    qtbot: Any, shown: list[tuple[str, str]]
) -> None:
    parent, signals, log = QWidget(), AppSignals(), []
    qtbot.addWidget(parent)
    _heard(signals, log)
    ran = run_op(
        parent,
        lambda: 42,
        title="Status not changed",
        on_success=lambda result: log.append(("success", result)),
        changes=CLAIMS_CHANGED,
        signals=signals,
    )
    assert ran is True
    assert log == [("announced", CLAIMS_CHANGED), ("success", 42)]
    assert shown == []


def test_nothing_changed_is_not_announced(qtbot: Any) -> None:
    parent, signals, log = QWidget(), AppSignals(), []
    qtbot.addWidget(parent)
    _heard(signals, log)
    assert run_op(parent, lambda: None, title="x", changes=Changes(), signals=signals)
    assert log == []


def test_changes_read_off_the_result_are_announced_once_and_only_when_something_changed(qtbot: Any) -> None:
    """A batch that recorded some claims says so once; one that recorded none says nothing."""
    parent, signals, log = QWidget(), AppSignals(), []
    qtbot.addWidget(parent)
    _heard(signals, log)

    def recorded(count: int) -> Changes:
        return CLAIMS_CHANGED if count else Changes()

    assert run_op(parent, lambda: 2, title="Claim not recorded", changes=recorded, signals=signals)
    assert log == [("announced", CLAIMS_CHANGED)]
    assert run_op(parent, lambda: 0, title="Claim not recorded", changes=recorded, signals=signals)
    assert log == [("announced", CLAIMS_CHANGED)]


def test_a_long_operation_runs_in_the_background_with_the_same_outcome(
    qtbot: Any, shown: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "INLINE", True)  # the worker runs it on this thread
    parent, signals, log = QWidget(), AppSignals(), []
    qtbot.addWidget(parent)
    _heard(signals, log)
    run_op(
        parent,
        lambda: "done",
        title="Removing…",
        on_success=lambda result: log.append(("success", result)),
        changes=Changes.everything(),
        signals=signals,
        long=True,
    )
    qtbot.waitUntil(lambda: len(log) == 2)
    assert log == [("announced", Changes.everything()), ("success", "done")]

    def broken() -> None:
        raise Refused("The database is read-only here.")

    run_op(parent, broken, title="Sample data not removed", signals=signals, long=True)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [("Sample data not removed", "The database is read-only here.")]


def test_a_failure_is_shown_before_the_flow_puts_things_back(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed restore says why, then reopens the data as it was: in that order, quick or long."""
    monkeypatch.setattr(worker, "INLINE", True)
    parent, events = QWidget(), []
    qtbot.addWidget(parent)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: events.append(("shown", box.windowTitle())) or 0)

    def damaged() -> None:
        raise Refused("The backup is damaged: choose another one.")

    for long in (False, True):
        run_op(
            parent,
            damaged,
            title="The backup was not restored",
            on_failure=lambda problem: events.append(("reopened", str(problem))),
            long=long,
        )
    qtbot.waitUntil(lambda: len(events) == 4)
    said = [
        ("shown", "The backup was not restored"),
        ("reopened", "The backup is damaged: choose another one."),
    ]
    assert events == said + said


def test_a_long_operation_says_its_progress_and_fails_under_its_title(
    qtbot: Any, shown: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "INLINE", True)
    started: list[str] = []
    real = operations.run_in_background

    def watched(*args: Any, **kwargs: Any) -> Any:
        started.append(kwargs["title"])
        return real(*args, **kwargs)

    monkeypatch.setattr(operations, "run_in_background", watched)
    parent = QWidget()
    qtbot.addWidget(parent)

    def broken() -> None:
        raise Refused("The backup is damaged: choose another one.")

    run_op(parent, broken, title="The backup was not restored", progress="Restoring the backup…", long=True)
    qtbot.waitUntil(lambda: bool(shown))
    assert started == ["Restoring the backup…"]
    assert shown == [("The backup was not restored", "The backup is damaged: choose another one.")]


def test_changes_without_signals_outside_the_main_window_is_a_mistake_named_at_once(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    with pytest.raises(TypeError, match="pass signals="):
        run_op(parent, lambda: None, title="x", changes=ORDERS_CHANGED)
