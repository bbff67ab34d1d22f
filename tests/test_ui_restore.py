"""File › Restore from backup…: the backups listed with date and size, a plain warning,
the data replaced (a dated copy kept first) and the window working on the restored data."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from infusiondesk.ui.app import build_main_window
from infusiondesk.ui.backend_extra import list_backups
from infusiondesk.ui.main_window import ORDER, ORDERS
from infusiondesk.ui.restore import RestoreDialog
from tests.helpers import order, therapy

pytest_plugins = ["tests.ui_fixtures"]


@pytest.fixture(autouse=True)
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error boxes record their text instead of waiting for a click."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.text()) or 0)
    return seen


def save_order(backend: Any, last_name: str) -> int:
    data = order([therapy(frequency="q24h", start="2026-03-01", stop="2026-03-10")], complete=True)
    data["patient"]["last_name"] = last_name
    return backend.save_order(backend.parse_order(data)).id


def order_names(backend: Any) -> set[str]:
    return {summary.patient_name.split(",")[0] for summary in backend.list_orders()}


def test_restoring_a_backup_brings_back_its_data(
    qtbot: Any, backend: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    window = build_main_window(backend, settings)
    qtbot.addWidget(window)
    window.show()
    first = save_order(backend, "Before")
    window.actions["backup"].trigger()  # File › Back up now
    save_order(backend, "After")
    assert order_names(backend) == {"Before", "After"}

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
    window.actions["restore"].trigger()  # File › Restore from backup…
    assert shown_errors == []

    assert len(seen["rows"]) == 1
    taken, kind, size = seen["rows"][0]
    assert kind == "Backup" and "/" in taken and size.endswith("KB")
    assert "replaces all the data" in seen["warning"] and "dated copy" in seen["warning"]
    assert "Replace all the current data" in seen["question"]

    restored = window.backend
    assert restored is not backend and not restored.read_only
    assert order_names(restored) == {"Before"}
    assert restored.load_order(first).patient.last_name == "Before"
    kinds = [b.kind for b in list_backups(restored.data_dir)]
    assert "before-restore" in kinds  # the replaced data, kept first
    assert window.screens[ORDERS].model.rowCount() == 1  # the screens show the restored data
    assert "Restored the backup" in window.statusBar().currentMessage()
    assert window.actions["save"].isEnabled()
    assert len([a for a in window.edit_menu.actions() if a.text() == "&Undo"]) <= 1
    window.close()
    window.screens[ORDER].stop()
    restored.store.close()


def test_a_damaged_backup_is_refused_and_the_data_stays(
    qtbot: Any, backend: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    window = build_main_window(backend, settings)
    qtbot.addWidget(window)
    save_order(backend, "Kept")
    path = backend.backup()
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)  # a backup that was damaged
    monkeypatch.setattr(RestoreDialog, "exec", lambda dialog: dialog.accept() or 1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.actions["restore"].trigger()
    assert len(shown_errors) == 1 and "damaged" in shown_errors[0]
    assert order_names(window.backend) == {"Kept"}
    window.close()
    window.screens[ORDER].stop()
    window.backend.store.close()


def test_back_up_now_works_in_the_background_and_says_when_it_fails(
    qtbot: Any, backend: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    from infusiondesk.store import backups
    from infusiondesk.store.errors import StoreError
    from infusiondesk.ui import worker

    monkeypatch.setattr(worker, "INLINE", False)
    window = build_main_window(backend, settings)
    qtbot.addWidget(window)
    save_order(backend, "Kept")
    window.actions["backup"].trigger()
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=10000)
    assert [b.kind for b in list_backups(backend.store.path.parent)] == ["backup"]
    assert not backend.store.changed

    def full_disk(*_args: object) -> Any:
        raise StoreError("The backup could not be written: database or disk is full")

    monkeypatch.setattr(backups, "copy_database_file", full_disk)
    save_order(backend, "Later")
    window.actions["backup"].trigger()
    qtbot.waitUntil(lambda: len(shown_errors) == 1, timeout=10000)
    assert "disk is full" in shown_errors[0] and "Traceback" not in shown_errors[0]
    assert backend.store.changed  # still to be backed up (on close at the latest)
    window.close()
    window.screens[ORDER].stop()
