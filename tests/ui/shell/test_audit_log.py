"""Help › Audit log in the real main window: the entries newest first, filtered by user,
by a patient chosen by search and by days; Export… writes them as CSV for a compliance
review; a log tampered with behind the app's back is flagged at the top."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate

from infusiondesk.rules.order import Patient
from infusiondesk.ui.patients.dialog import PatientPicker
from infusiondesk.ui.shell.audit_log import AuditLogDialog, AuditLogModel
from infusiondesk.ui.shell.main_window import MainWindow


def _open_log(qtbot: Any, window: MainWindow) -> AuditLogDialog:
    window.menu_actions["audit_log"].trigger()
    dialog = window.audit_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.chain.text().startswith("Verifying"), timeout=3000)
    return dialog


def _column(dialog: AuditLogDialog, column: int) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


@pytest.fixture
def day_of_work(window: MainWindow) -> dict[str, int]:
    """Two users: alice adds and opens two patients, bob opens one and searches."""
    practice = window.practice
    practice.store.actor = "alice"
    zed = practice.patients.save(Patient("Zedmore", "Ann", date(1950, 1, 2)))
    quill = practice.patients.save(Patient("Quillfeather", "Bo", date(1960, 3, 4)))
    practice.patients.get(zed)
    practice.patients.get(quill)
    practice.store.actor = "bob"
    practice.patients.get(quill)
    practice.patients.search("zedm")
    return {"zed": zed, "quill": quill}


def test_the_log_lists_newest_first_and_filters_by_user(qtbot, window, day_of_work) -> None:
    dialog = _open_log(qtbot, window)
    ids = [int(i) for i in _column(dialog, AuditLogModel.ID)]
    assert ids == sorted(ids, reverse=True)
    assert _column(dialog, AuditLogModel.ACTION)[:2] == ["search", "view"]
    assert _column(dialog, AuditLogModel.DETAILS)[0] == "results: 1"
    assert "The audit log verifies" in dialog.chain.text()
    dialog.user.setCurrentText("bob")
    assert set(_column(dialog, AuditLogModel.USER)) == {"bob"}
    assert _column(dialog, AuditLogModel.ACTION) == ["search", "view"]
    dialog.user.setCurrentIndex(0)  # everyone again
    assert {"alice", "bob"} <= set(_column(dialog, AuditLogModel.USER))


def test_a_patient_chosen_by_search_shows_only_their_entries(qtbot, window, day_of_work, monkeypatch) -> None:
    def choose_by_typing(picker: PatientPicker) -> int:
        picker.search.setText("quill")
        picker._enter()  # one match: Enter chooses it
        picker._timer.stop()  # the as-you-type search already ran
        return picker.result()

    monkeypatch.setattr(PatientPicker, "exec", choose_by_typing)
    dialog = _open_log(qtbot, window)
    qtbot.mouseClick(dialog.choose_patient, qtbot_left())
    assert dialog.patient.text() == "Quillfeather, Bo"
    quill = str(day_of_work["quill"])
    whats = _column(dialog, AuditLogModel.WHAT)
    assert whats and set(whats) == {f"patient {quill}"}
    # created by alice, opened by alice and bob, and opened once more by the picker itself
    assert _column(dialog, AuditLogModel.ACTION)[-1] == "create"
    assert _column(dialog, AuditLogModel.USER).count("bob") >= 1
    dialog.any_patient.click()
    assert f"patient {day_of_work['zed']}" in _column(dialog, AuditLogModel.WHAT)


def qtbot_left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_days_filter_the_entries(qtbot, window, day_of_work) -> None:
    dialog = _open_log(qtbot, window)
    everything = dialog.model.rowCount()
    today = date.today()
    dialog.since_on.setChecked(True)
    dialog.since.setDate(QDate(*(today + timedelta(days=1)).timetuple()[:3]))
    assert dialog.model.rowCount() == 0  # nothing happened tomorrow
    dialog.since.setDate(QDate(today.year, today.month, today.day))
    dialog.until_on.setChecked(True)
    dialog.until.setDate(QDate(today.year, today.month, today.day))
    assert dialog.model.rowCount() == everything  # all of it today
    dialog.until.setDate(QDate(*(today - timedelta(days=1)).timetuple()[:3]))
    assert dialog.model.rowCount() == 0


def test_export_writes_the_filtered_entries_as_csv_and_is_itself_audited(
    qtbot, window, day_of_work, tmp_path
) -> None:
    dialog = _open_log(qtbot, window)
    dialog.user.setCurrentText("bob")
    shown = dialog.model.rowCount()
    target = tmp_path / "review.csv"
    dialog.export_csv(str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == shown and {r["user"] for r in rows} == {"bob"}
    assert [r["action"] for r in rows] == ["search", "view"]
    assert rows[0]["after"] == '{"results":1}' and "zedm" not in target.read_text()
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    # the export is in the log, by the user who made it
    assert _column(dialog, AuditLogModel.WHAT)[0] == "audit log"
    assert _column(dialog, AuditLogModel.ACTION)[0] == "export"


def test_a_log_edited_behind_the_app_is_flagged(qtbot, window, day_of_work) -> None:
    path = window.practice.store.path
    conn = sqlite3.connect(path)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = (SELECT max(id) FROM audit_log)")
        conn.commit()
    finally:
        conn.close()
    dialog = _open_log(qtbot, window)
    newest = _column(dialog, AuditLogModel.ID)[0]
    assert f"audit entry {newest} was changed" in dialog.chain.text()
    assert dialog.chain.text().startswith("Warning")


def test_a_log_that_cannot_be_read_is_said_without_the_database_s_words(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What SQLite says about a damaged page may quote a row, so a patient's name: the
    chain line says the log could not be verified in our words only."""

    def unreadable() -> Any:
        raise sqlite3.DatabaseError("malformed row near 'Doe, Jane 04/02/1961'")

    monkeypatch.setattr(window.practice.audit, "chain_status", unreadable)
    dialog = _open_log(qtbot, window)
    assert dialog.chain.text().startswith("The audit log could not be verified")
    assert "Doe" not in dialog.chain.text()
