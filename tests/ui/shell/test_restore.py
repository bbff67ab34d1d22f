"""File › Restore from backup…: the backups listed with date and size, a plain warning,
the data replaced (a dated copy kept first) and the window working on the restored data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from infusiondesk import services
from infusiondesk.services.practice import Backups
from infusiondesk.ui.shell.app import build_main_window, launch
from infusiondesk.ui.shell.restore import RestoreDialog, StartupRestoreDialog
from infusiondesk.ui.shell.screen_names import ORDER, ORDERS
from tests.helpers import order, therapy


@pytest.fixture(autouse=True)
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error boxes record their text instead of waiting for a click."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.text()) or 0)
    return seen


def save_order(practice: Any, last_name: str) -> int:
    data = order([therapy(frequency="q24h", start="2026-03-01", stop="2026-03-10")], complete=True)
    data["patient"]["last_name"] = last_name
    return practice.orders.save(practice.orders.parse(data)).id


def order_names(practice: Any) -> set[str]:
    return {summary.patient_name.split(",")[0] for summary in practice.orders.list()}


def test_restoring_a_backup_brings_back_its_data(
    qtbot: Any, practice: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    window = build_main_window(practice, settings)
    qtbot.addWidget(window)
    window.show()
    first = save_order(practice, "Before")
    window.menu_actions["backup"].trigger()  # File › Back up now
    save_order(practice, "After")
    assert order_names(practice) == {"Before", "After"}

    seen: dict[str, Any] = {}

    def choose_newest(dialog: RestoreDialog) -> int:
        seen["rows"] = [
            [dialog.model.index(row, column).data() for column in range(3)]
            for row in range(dialog.model.rowCount())
        ]
        seen["warning"] = dialog.findChildren(type(dialog.layout().itemAt(0).widget()))[0].text()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
        dialog.accept()
        return 1

    def confirm(parent: Any, title: str, text: str, *args: Any) -> Any:
        seen["question"] = text
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(RestoreDialog, "exec", choose_newest)
    monkeypatch.setattr(QMessageBox, "question", confirm)
    window.menu_actions["restore"].trigger()  # File › Restore from backup…
    assert shown_errors == []

    assert len(seen["rows"]) == 1
    taken, kind, size = seen["rows"][0]
    assert kind == "Backup" and "/" in taken and size.endswith("KB")
    assert "replaces all the data" in seen["warning"] and "dated copy" in seen["warning"]
    assert "Replace all the current data" in seen["question"]

    restored = window.practice
    assert restored is not practice and not restored.read_only
    assert order_names(restored) == {"Before"}
    assert restored.orders.load(first).patient.last_name == "Before"
    kinds = [b.kind for b in Backups.listed(restored.data_dir)]
    assert "before-restore" in kinds  # the replaced data, kept first
    assert window.screens[ORDERS].model.rowCount() == 1  # the screens show the restored data
    assert "Restored the backup" in window.statusBar().currentMessage()
    assert window.menu_actions["save"].isEnabled()
    assert len([a for a in window.edit_menu.actions() if a.text() == "&Undo"]) <= 1
    window.close()
    window.screens[ORDER].stop()
    restored.store.close()


def test_a_failure_closing_the_data_is_said_once_and_the_restore_goes_on(
    qtbot: Any, practice: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = build_main_window(practice, settings)
    qtbot.addWidget(window)
    save_order(practice, "Before")
    practice.backups.take()
    save_order(practice, "After")
    real_close = practice.close

    def close_then_fail(backup: bool = True) -> None:
        real_close(backup=backup)
        raise OSError(5, "Input/output error", "infusiondesk.sqlite3")

    boxes: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append((box.windowTitle(), box.text())) or 0)
    monkeypatch.setattr(practice, "close", close_then_fail)
    monkeypatch.setattr(RestoreDialog, "exec", lambda dialog: dialog.accept() or 1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.menu_actions["restore"].trigger()
    assert boxes == [
        (
            "Closing the database",
            "Infusion Desk could not use the file infusiondesk.sqlite3: Input/output error.",
        )
    ]
    assert window.practice is not practice and order_names(window.practice) == {"Before"}
    window.close()
    window.screens[ORDER].stop()
    window.practice.store.close()


def test_a_damaged_backup_is_refused_and_the_data_stays(
    qtbot: Any, practice: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    window = build_main_window(practice, settings)
    qtbot.addWidget(window)
    save_order(practice, "Kept")
    path = practice.backups.take()
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)  # a backup that was damaged
    monkeypatch.setattr(RestoreDialog, "exec", lambda dialog: dialog.accept() or 1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.menu_actions["restore"].trigger()
    assert len(shown_errors) == 1 and "damaged" in shown_errors[0]
    assert order_names(window.practice) == {"Kept"}
    window.close()
    window.screens[ORDER].stop()
    window.practice.store.close()


def test_back_up_now_works_in_the_background_and_says_when_it_fails(
    qtbot: Any, practice: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    from infusiondesk.store import backups
    from infusiondesk.store.errors import StoreError
    from infusiondesk.ui import worker

    monkeypatch.setattr(worker, "INLINE", False)
    window = build_main_window(practice, settings)
    qtbot.addWidget(window)
    save_order(practice, "Kept")
    window.menu_actions["backup"].trigger()
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=10000)
    assert [b.kind for b in Backups.listed(practice.store.path.parent)] == ["backup"]
    assert not practice.store.changed

    def full_disk(*_args: object) -> Any:
        raise StoreError("The backup could not be written: database or disk is full")

    monkeypatch.setattr(backups, "copy_database_file", full_disk)
    save_order(practice, "Later")
    window.menu_actions["backup"].trigger()
    qtbot.waitUntil(lambda: len(shown_errors) == 1, timeout=10000)
    assert "disk is full" in shown_errors[0] and "Traceback" not in shown_errors[0]
    assert practice.store.changed  # still to be backed up (on close at the latest)
    window.close()
    window.screens[ORDER].stop()


# --- the database cannot be opened: the restore is offered at start-up ------------------


def _practice_with_a_backup(folder: Path) -> Path:
    """A practice with an order "Before" in its newest backup and "After" saved since;
    returns the database file (closed, checkpointed)."""
    from infusiondesk.services.practice import Practice

    opened = Practice.open(folder, if_in_use="read-only")
    save_order(opened, "Before")
    opened.backups.take()
    save_order(opened, "After")
    path = opened.store.path
    opened.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    services.close_store(opened.store, backup=False)
    return path


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "zero-length":
        path.write_bytes(b"")
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 3 + 100])
    elif how == "corrupt":  # the schema page and the pages after it scribbled over
        path.write_bytes(data[:100] + b"\xa5" * 3 * 4096 + data[100 + 3 * 4096 :])


@pytest.mark.parametrize("how", ["zero-length", "truncated", "corrupt"])
def test_a_damaged_database_offers_its_backups_at_start_up(
    qtbot: Any,
    tmp_path: Path,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    shown_errors: list[str],
    how: str,
) -> None:
    folder = tmp_path / "data"
    database = _practice_with_a_backup(folder)
    _damage(database, how)
    offered: dict[str, Any] = {}

    def choose_newest(dialog: StartupRestoreDialog) -> int:
        offered["problem"] = dialog.problem.text()
        offered["kinds"] = [dialog.model.index(row, 1).data() for row in range(dialog.model.rowCount())]
        offered["selected"] = dialog.table.currentIndex().row()
        dialog.accept()
        return 1

    monkeypatch.setattr(StartupRestoreDialog, "exec", choose_newest)
    window = launch(folder, settings, first_run=False, sign_in=False)  # the app's own start-up path
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.practice is not None, timeout=10000)

    assert (
        "is damaged or incomplete" in offered["problem"] and "Restore the newest backup" in offered["problem"]
    )
    assert offered["kinds"][:1] == ["Backup"] and offered["selected"] == 0
    assert shown_errors == []
    restored = window.practice
    assert not restored.read_only and order_names(restored) == {"Before"}
    assert "Restored the backup" in window.statusBar().currentMessage()
    assert "damaged" in [b.kind for b in Backups.listed(folder)]  # the damaged bytes are kept
    qtbot.waitUntil(lambda: not window.housekeeping.integrity.isActive(), timeout=5000)
    window.close()
    window.screens[ORDER].stop()
    restored.store.close()


def test_quit_at_the_start_up_offer_changes_nothing(
    qtbot: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    database = _practice_with_a_backup(folder)
    _damage(database, "corrupt")
    damaged = database.read_bytes()
    monkeypatch.setattr(StartupRestoreDialog, "exec", lambda dialog: 0)  # Quit
    window = launch(folder, settings, first_run=False, sign_in=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert window.practice is None and database.read_bytes() == damaged


def choosing_the_newest_backup(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The backups offer answers itself: the newest (selected) backup is restored; the
    list records the label of the button that would have declined (Quit / Not now)."""
    offered: list[str] = []

    def choose_newest(dialog: StartupRestoreDialog) -> int:
        offered.append(dialog.quit_button.text())
        dialog.accept()
        return 1

    monkeypatch.setattr(StartupRestoreDialog, "exec", choose_newest)
    return offered


def test_damage_in_late_pages_offers_the_backups_before_the_window_shows_them(
    qtbot: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    """Damage the quick open-time check does not read (late pages) but the first screens
    do: the same offer as a file that cannot be opened, never a traceback."""
    from infusiondesk.services.practice import Practice

    folder = tmp_path / "data"
    opened = Practice.open(folder, if_in_use="read-only")
    for n in range(25):
        save_order(opened, f"Before{n}")
    opened.backups.take()
    save_order(opened, "After")
    opened.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database = opened.store.path
    services.close_store(opened.store, backup=False)
    data = bytearray(database.read_bytes())
    tail = len(data) - 4 * 4096
    data[tail : tail + 4096] = b"\xa5" * 4096
    database.write_bytes(bytes(data))

    offered = choosing_the_newest_backup(monkeypatch)
    window = launch(folder, settings, first_run=False, sign_in=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(offered), timeout=10000)
    qtbot.waitUntil(lambda: "Restored the backup" in window.statusBar().currentMessage(), timeout=10000)
    assert offered and set(offered) <= {"&Quit", "&Not now"} and shown_errors == []
    assert window.practice is not None
    assert "After" not in order_names(window.practice) and len(order_names(window.practice)) == 25
    window.close()
    window.screens[ORDER].stop()
    window.practice.store.close()


def test_damage_found_while_open_offers_the_backups_at_once(
    qtbot: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    """The background check finds damage after the window opened: the backups are
    offered with "Not now" (the window stays), and choosing one restores it in place."""
    from infusiondesk.services.practice import Practice
    from infusiondesk.store.errors import CorruptDatabase
    from infusiondesk.ui.shell.restore import offer_restore_while_open

    folder = tmp_path / "data"
    opened = Practice.open(folder, if_in_use="read-only")
    for n in range(3):
        save_order(opened, f"Before{n}")
    opened.backups.take()
    save_order(opened, "After")
    window = build_main_window(opened, settings)
    qtbot.addWidget(window)

    offered = choosing_the_newest_backup(monkeypatch)
    offer_restore_while_open(window, CorruptDatabase(opened.store.path, "page 9"))
    qtbot.waitUntil(lambda: "Restored the backup" in window.statusBar().currentMessage(), timeout=10000)
    assert offered == ["&Not now"] and shown_errors == []
    assert window.practice is not None and window.practice is not opened
    assert "After" not in order_names(window.practice) and len(order_names(window.practice)) == 3
    window.close()
    window.screens[ORDER].stop()
    window.practice.store.close()


def test_a_read_only_window_reloads_when_another_window_restores(
    qtbot: Any, practice: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    from infusiondesk.ui.shell import housekeeping

    monkeypatch.setattr(housekeeping, "REPLACED_POLL_MS", 20)
    save_order(practice, "Before")
    backup = practice.backups.take()
    save_order(practice, "After")
    reader = launch(practice.data_dir, settings, first_run=False, sign_in=False)  # a second window: read-only
    qtbot.addWidget(reader)
    qtbot.waitUntil(lambda: reader.practice is not None, timeout=10000)
    first_view = reader.practice
    assert first_view.read_only and order_names(first_view) == {"Before", "After"}

    services.close_store(practice.store, backup=False)  # the writer restores
    services.restore_backup(backup, practice.data_dir)

    qtbot.waitUntil(lambda: reader.practice is not first_view, timeout=10000)
    assert order_names(reader.practice) == {"Before"}
    assert "restored" in reader.statusBar().currentMessage()
    assert shown_errors == []
    reader.close()
    reader.screens[ORDER].stop()
    reader.practice.store.close()
