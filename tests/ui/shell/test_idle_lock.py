"""The idle lock in the real main window: after the idle time nothing a passer-by can
see names a patient (not a field, a list, a dialog or the title), the order being
typed is kept as its draft, and unlocking brings the window back as it was."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from infusiondesk.ui.preferences import DEFAULT_LOCK_MINUTES, LOCK_SETTING, lock_minutes
from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import ORDER
from tests.ui.support import type_into

PHI = ("Zedmore", "Quentina", "FAKE31415")


def _texts(widget: QWidget) -> list[str]:
    """Everything a widget shows: its text, title, placeholder, and a list's cells."""
    found = [widget.windowTitle()]
    for name in ("text", "placeholderText", "title", "currentText", "toPlainText"):
        getter = getattr(widget, name, None)
        if callable(getter):
            try:
                value = getter()
            except TypeError:
                continue
            if isinstance(value, str):
                found.append(value)
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
        for row in range(model.rowCount(QModelIndex())):
            found += [str(model.data(model.index(row, column))) for column in range(columns)]
    return found


def visible_text() -> str:
    shown = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for widget in [top, *top.findChildren(QWidget)]:
            if widget.isVisible():
                shown += _texts(widget)
    return "\n".join(shown)


def _lock_after_idle(qtbot: Any, window: MainWindow) -> None:
    window.idle_lock.set_idle_ms(20)  # the 15 minutes, made short
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=3000)


@pytest.fixture
def typing_an_order(qtbot: Any, window: MainWindow) -> MainWindow:
    window.show_screen(ORDER)
    header = window.screens[ORDER].editor.header
    type_into(qtbot, header.last_name, PHI[0])
    type_into(qtbot, header.first_name, PHI[1])
    type_into(qtbot, header.member_id, PHI[2])
    window.setWindowTitle(f"Infusion Desk — {PHI[0]}")  # as if a screen named the patient
    window.menu_actions["audit_log"].trigger()  # a dialog open over the window
    return window


def test_a_locked_window_shows_no_patient_data_and_keeps_the_draft(qtbot, typing_an_order) -> None:
    window = typing_an_order
    assert all(value in visible_text() for value in PHI)  # the check sees them when shown
    _lock_after_idle(qtbot, window)
    shown = visible_text()
    for value in PHI:
        assert value not in shown
    assert window.windowTitle() == "Infusion Desk — locked"
    assert window.idle_lock.panel.isVisible()
    assert not any(action.isEnabled() for action in window.menu_actions.values())  # no menu command
    draft = json.dumps(window.practice.drafts.load())
    assert all(value in draft for value in PHI)  # kept at once, not a moment later
    qtbot.mouseClick(window.idle_lock.panel.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.idle_lock.locked
    assert window.screens[ORDER].editor.header.last_name.text() == PHI[0]
    assert window.screens[ORDER].isVisible()
    assert window.windowTitle() == f"Infusion Desk — {PHI[0]}"
    assert window.menu_actions["audit_log"].isEnabled()
    actions = [e.action for e in window.practice.audit.entries(_session_only(), 10)]
    assert actions[:2] == ["unlock", "lock"]


def _session_only() -> Any:
    from infusiondesk.services import AuditFilter

    return AuditFilter()


def test_the_password_hook_keeps_it_locked_until_the_check_passes(qtbot, typing_an_order) -> None:
    window = typing_an_order
    window.idle_lock.unlock_check = lambda password: password == "correct horse"
    _lock_after_idle(qtbot, window)
    panel = window.idle_lock.panel
    assert panel.password.isVisible()
    type_into(qtbot, panel.password, "wrong", leave=False)
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert window.idle_lock.locked and "not right" in panel.problem.text()
    assert PHI[0] not in visible_text()
    type_into(qtbot, panel.password, "correct horse", leave=False)
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert not window.idle_lock.locked
    assert panel.password.text() == ""  # the password is not kept in the widget


def test_typing_restarts_the_idle_clock(qtbot, window) -> None:
    lock = window.idle_lock
    lock.set_idle_ms(60_000)
    qtbot.wait(200)
    before = lock.timer.remainingTime()
    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    QApplication.sendEvent(window, press)
    assert lock.timer.remainingTime() > before
    assert not lock.locked


def test_the_idle_minutes_come_from_the_settings(settings) -> None:
    assert lock_minutes(settings) == DEFAULT_LOCK_MINUTES == 15
    settings.setValue(LOCK_SETTING, 5)
    assert lock_minutes(settings) == 5
    settings.setValue(LOCK_SETTING, "soon")
    assert lock_minutes(settings) == DEFAULT_LOCK_MINUTES


def test_a_window_rebuilt_under_the_lock_stays_locked(qtbot, window) -> None:
    """Another window restored a backup while this one was locked: it reopens the data
    behind the lock, commands still off."""
    _lock_after_idle(qtbot, window)
    practice = window.practice
    window.detach("Opening the restored data…")
    window.attach(practice)
    assert window.idle_lock.locked
    assert not any(action.isEnabled() for action in window.menu_actions.values())
    assert not window.centralWidget().isVisible()
    window.idle_lock.try_unlock()
    assert window.menu_actions["audit_log"].isEnabled() and window.centralWidget().isVisible()


def test_setup_s_practice_page_sets_the_minutes(qtbot, window, monkeypatch) -> None:
    from infusiondesk.ui.setup.dialogs import SetupDialog

    def set_five(dialog: SetupDialog) -> int:
        dialog.pages["practice"].lock_minutes.setValue(5)
        return 0

    monkeypatch.setattr(SetupDialog, "exec", set_five)
    assert window.idle_lock.timer.interval() == DEFAULT_LOCK_MINUTES * 60_000
    window.menu_actions["setup_practice"].trigger()
    assert lock_minutes(window.settings) == 5
    assert window.idle_lock.timer.interval() == 5 * 60_000 and window.idle_lock.timer.isActive()
