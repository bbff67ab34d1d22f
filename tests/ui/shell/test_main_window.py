"""The main window: screens and shortcuts, remembered layout, first run, plain errors."""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from infusiondesk.claims.reading import OrderFileError
from infusiondesk.rules.problems import error
from infusiondesk.services.practice import Practice
from infusiondesk.store.errors import DiskFull
from infusiondesk.ui import errors
from infusiondesk.ui.setup.dialogs import SetupDialog
from infusiondesk.ui.shell import commands
from infusiondesk.ui.shell.app import build_main_window, launch, make_settings
from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import CLAIMS, ORDER, PATIENTS


def test_ctrl_and_a_number_switch_screens(qtbot: Any, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.screens[PATIENTS]
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() == CLAIMS
    assert window.stack.currentWidget() is window.screens[CLAIMS]


def test_the_window_layout_is_remembered(qtbot: Any, practice: Practice, tmp_path: Any) -> None:
    settings = make_settings(tmp_path / "layout.ini")
    first = build_main_window(practice, settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(first.width(), 530)  # the offscreen screen is only 800 wide
    height = first.height()
    first.show_screen(CLAIMS)
    first.close()
    again = build_main_window(practice, make_settings(tmp_path / "layout.ini"))
    qtbot.addWidget(again)
    assert again.current_screen() == CLAIMS
    assert again.height() == height == 530
    for shown in (first, again):
        shown.screens[ORDER].stop()


def test_undo_and_new_order_are_in_the_menus(window: MainWindow) -> None:
    assert (
        window.menu_actions["undo"].shortcut().matches(window.menu_actions["undo"].shortcut())
        and window.menu_actions["new"].isEnabled()
    )
    commands.new_order(window)
    assert window.current_screen() == ORDER
    assert window.screens[ORDER].editor.undo_stack.canUndo()


def test_first_run_opens_practice_setup_and_offers_the_sample(
    qtbot: Any, tmp_path: Any, settings: Any, shown_messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened_tabs: list[str] = []

    def fake_exec(dialog: SetupDialog) -> int:
        opened_tabs.append(dialog.tabs.tabText(dialog.tabs.currentIndex()))
        page = dialog.pages["practice"]
        page.name.set_value("New Practice")
        assert page.save()
        return 1

    monkeypatch.setattr(SetupDialog, "exec", fake_exec)
    fresh = Practice.open(tmp_path / "fresh", if_in_use="read-only")
    window = build_main_window(fresh, settings)
    qtbot.addWidget(window)
    commands.first_run(window)
    assert opened_tabs == ["Practice"]
    assert fresh.setup.practice().name == "New Practice"
    assert any("fictional practice" in text for text in shown_messages)
    assert fresh.patients.count() == 20
    commands.first_run(window)  # set up now: nothing asked again
    assert opened_tabs == ["Practice"]
    window.screens[ORDER].stop()
    fresh.store.close()


def test_the_window_paints_before_the_database_opens(qtbot: Any, tmp_path: Any, settings: Any) -> None:
    window = launch(tmp_path / "started", settings, first_run=False, sign_in=False)
    qtbot.addWidget(window)
    assert window.isVisible()
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Setup", "&Help"]
    new_order = window.menu_actions["new"]
    assert not new_order.isEnabled()  # filled after the first paint, usable once the data is open
    qtbot.waitUntil(lambda: window.practice is not None, timeout=5000)
    assert window.screens
    assert new_order.isEnabled() and new_order.shortcut() == QKeySequence("Ctrl+N")
    qtbot.waitUntil(lambda: not window.housekeeping.integrity.isActive(), timeout=5000)
    window.close()  # stops the timers before the database closes
    window.practice.store.close()


def test_timed_backup_runs_off_the_gui_thread_without_a_dialog(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta
    from decimal import Decimal

    from PySide6.QtWidgets import QProgressDialog

    from infusiondesk.store import backups
    from infusiondesk.ui import worker
    from infusiondesk.ui.shell.housekeeping import Housekeeping

    monkeypatch.setattr(worker, "INLINE", False)
    threads: list[threading.Thread] = []
    copy = backups.copy_database_file

    def watched_copy(database: Any, dest: Any, key: Any = None) -> Any:
        threads.append(threading.current_thread())
        return copy(database, dest, key)

    monkeypatch.setattr(backups, "copy_database_file", watched_copy)
    assert window.practice is not None
    window.practice.setup.set_charge("S9500", Decimal("151.00"))  # something to back up
    keeper = Housekeeping(window, window.practice)
    keeper.scheduler.interval = timedelta(0)
    keeper._maybe_backup()
    assert not window.findChildren(QProgressDialog)  # nothing modal for quiet housekeeping
    task = keeper.backup_task
    assert task is not None
    keeper.stop()  # what closing does: waits for the backup under way
    assert task.wait(0)
    assert threads and threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=5000)
    (backup,) = window.practice.store.path.parent.joinpath("backups").glob("backup-*.sqlite3")
    assert backup.stat().st_size > 0


def test_housekeeping_reports_a_damaged_database_and_failed_backups(
    qtbot: Any, window: MainWindow, shown_messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from infusiondesk.store.errors import CorruptDatabase

    failed: list[bool] = []

    class Backups:
        def scheduler(self) -> Any:
            class Scheduler:
                def due(self) -> bool:
                    return True

                def start_backup(self) -> Any:
                    def work() -> None:
                        raise DiskFull()

                    return work

                def backup_failed(self) -> None:
                    failed.append(True)

            return Scheduler()

    class Damaged:
        read_only = False
        backups = Backups()

        def integrity_ok(self) -> bool:
            raise CorruptDatabase("practice.sqlite3", "page 7 is wrong")

        def location_warning(self) -> str:
            return "The database is on a removable drive."

    from infusiondesk.ui.shell.restore import StartupRestoreDialog, housekeeping_for

    offered: list[str] = []

    def not_now(dialog: StartupRestoreDialog) -> int:
        offered.append(dialog.windowTitle() + ": " + dialog.problem.text())
        return 0  # "Not now": the window stays open on the data as it is

    monkeypatch.setattr(StartupRestoreDialog, "exec", not_now)
    keeper = housekeeping_for(window, Damaged())  # wired as the app wires it
    keeper.start()
    keeper._check_integrity()
    keeper._maybe_backup()
    qtbot.waitUntil(lambda: len(shown_messages) == 2, timeout=2000)
    # The damage is answered with the backups that can replace it, not just a message.
    (offer,) = offered
    assert offer.startswith("The data is damaged")
    assert "page 7 is wrong" not in offer  # what SQLite found may quote a patient: never shown
    assert any("disk is full" in text for text in shown_messages)
    assert any("removable" in text for text in shown_messages)
    assert not keeper.integrity.isActive() and not keeper.backups.isActive()
    assert failed == [True]  # the changes it would have saved count as unsaved again


def test_errors_read_as_plain_words() -> None:
    assert "disk is full" in errors.plain_message(DiskFull())
    unreadable = OrderFileError((error("therapies[0].frequency", "'q5h' is not known"),))
    assert "Therapy 1 › frequency: 'q5h' is not known" in errors.plain_message(unreadable)
    assert errors.plain_message(KeyError("Doe")) == errors.UNEXPECTED
    assert "No space" in errors.plain_message(OSError(28, "No space left on device", "x.pdf"))


def test_the_excepthook_shows_a_message_and_logs_no_patient_data(
    qapp: Any, shown_messages: list[str], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    try:
        raise KeyError("Jane Doe, member XYZ123456789")
    except KeyError as problem:
        with caplog.at_level(logging.ERROR, logger="infusiondesk.ui"):
            sys.excepthook(type(problem), problem, problem.__traceback__)
    assert shown_messages == [errors.UNEXPECTED]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "KeyError" in logged and "test_main_window.py" in logged
    assert "Jane" not in logged and "XYZ" not in logged
