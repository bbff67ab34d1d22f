"""The app's start: the first run creates the administrator and shows the recovery key
once; later starts ask for a user and password before any data is opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from infusiondesk.services import users
from infusiondesk.store import cipher, keys
from infusiondesk.ui.shell.app import launch
from infusiondesk.ui.shell.sign_in import FirstRunDialog, RecoveryDialog, RecoveryKeyDialog, SignInDialog
from infusiondesk.ui.shell.users_dialog import UsersDialog

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def quick_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(keys, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    yield
    users._SESSIONS.clear()


def _close(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: not window.housekeeping.integrity.isActive(), timeout=5000)
    window.close()
    window.practice.store.close()


def test_first_run_creates_the_administrator_and_shows_the_recovery_key_once(
    qtbot: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def create(dialog: FirstRunDialog) -> int:
        dialog.name.setText("Ana Ortiz")
        dialog.password.setText(PASSWORD)
        dialog.repeat.setText("a different one")
        dialog.accept()  # refused: the two differ
        seen["differ"] = dialog.message.text()
        dialog.repeat.setText(PASSWORD)
        dialog.accept()
        return dialog.result()

    def show_key(dialog: RecoveryKeyDialog) -> int:
        seen["key"] = dialog.key.text()
        seen["continue_at_first"] = dialog.proceed.isEnabled()
        finished: list[int] = []
        dialog.finished.connect(finished.append)
        dialog.reject()  # Escape does not skip it before it is ticked
        seen["skipped"] = bool(finished)
        dialog.kept.setChecked(True)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(FirstRunDialog, "exec", create)
    monkeypatch.setattr(RecoveryKeyDialog, "exec", show_key)
    folder = tmp_path / "data"
    window = launch(folder, settings, first_run=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.practice is not None, timeout=10000)
    assert "differ" in seen["differ"]
    assert seen["continue_at_first"] is False and seen["skipped"] is False
    assert window.practice.store.actor == "Ana Ortiz"
    assert not cipher.is_plain(folder / "infusiondesk.sqlite3")
    _close(qtbot, window)
    users.sign_out(folder)
    key = users.unlock_with_recovery(folder, seen["key"], "Ana Ortiz", "another password")
    assert key == keys.unlock(folder, "Ana Ortiz", "another password")[0]


def test_a_wrong_password_is_said_in_the_dialog_and_the_right_one_opens(
    qtbot: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    users.create_administrator(folder, "Ana", PASSWORD)
    users.sign_out(folder)
    said: list[str] = []

    def sign_in(dialog: SignInDialog) -> int:
        dialog.name.setText("Ana")
        dialog.password.setText("not the password")
        dialog.accept()
        said.append(dialog.message.text())
        assert dialog.result() != QDialog.DialogCode.Accepted and dialog.password.text() == ""
        dialog.password.setText(PASSWORD)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    window = launch(folder, settings, first_run=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.practice is not None, timeout=10000)
    assert said == ["Wrong user name or password."]
    assert window.practice.store.actor == "Ana" and window.practice.store.key is not None
    assert "signed in as Ana" in window.statusBar().currentMessage()
    _close(qtbot, window)


def test_quit_at_sign_in_opens_nothing(
    qtbot: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    users.create_administrator(folder, "Ana", PASSWORD)
    users.sign_out(folder)
    monkeypatch.setattr(SignInDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    window = launch(folder, settings, first_run=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert window.practice is None and users.session(folder) is None


def test_forgot_password_the_recovery_key_sets_a_new_one_and_opens(
    qtbot: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    recovery = users.create_administrator(folder, "Ana", PASSWORD)
    users.sign_out(folder)
    said: list[str] = []

    def recover(dialog: RecoveryDialog) -> int:
        dialog.recovery.setText("BBBBB" * 8)  # not this practice's
        dialog.password.setText("new password 1")
        dialog.repeat.setText("new password 1")
        dialog.accept()
        said.append(dialog.message.text())
        dialog.recovery.setText(recovery.lower())
        dialog.accept()
        return dialog.result()

    def forgot(dialog: SignInDialog) -> int:
        dialog.name.setText("Ana")
        dialog.recover()
        return dialog.result()

    monkeypatch.setattr(RecoveryDialog, "exec", recover)
    monkeypatch.setattr(SignInDialog, "exec", forgot)
    window = launch(folder, settings, first_run=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.practice is not None, timeout=10000)
    assert "not this practice's recovery key" in said[0]
    _close(qtbot, window)
    users.sign_out(folder)
    users.unlock(folder, "Ana", "new password 1")
    with pytest.raises(users.WrongPassword):
        users.unlock(folder, "Ana", PASSWORD)


def test_a_damaged_key_file_is_said_in_plain_words(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "keys.json").write_text("{not json")
    dialog = SignInDialog(folder)
    qtbot.addWidget(dialog)
    dialog.name.setText("Ana")
    dialog.password.setText(PASSWORD)
    dialog.accept()
    assert "keys.json" in dialog.message.text() and "damaged" in dialog.message.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and users.session(folder) is None


def test_users_dialog_adds_a_biller_who_then_sets_only_their_own_password(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    users.create_administrator(folder, "Ana", PASSWORD)
    dialog = UsersDialog(folder)
    qtbot.addWidget(dialog)
    dialog.name.setText("Bo")
    dialog.password.setText("biller password")
    dialog.repeat.setText("biller password")
    dialog.add.click()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "Ana (administrator)",
        "Bo (biller)",
    ]
    users.sign_out(folder)
    users.unlock(folder, "Bo", "biller password")
    as_biller = UsersDialog(folder)
    qtbot.addWidget(as_biller)
    assert not as_biller.add.isEnabled()
    as_biller.list.setCurrentRow(0)  # Ana: not Bo's to change
    as_biller.password.setText("taken over 1")
    as_biller.repeat.setText("taken over 1")
    as_biller.set_password.click()
    assert "Only an administrator" in as_biller.message.text()
    as_biller.list.setCurrentRow(1)
    as_biller.password.setText("bo's own new one")
    as_biller.repeat.setText("bo's own new one")
    as_biller.set_password.click()
    users.sign_out(folder)
    users.unlock(folder, "Bo", "bo's own new one")
    users.unlock(folder, "Ana", PASSWORD)


def test_the_idle_lock_of_a_signed_in_practice_asks_for_the_password(
    qtbot: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HIPAA automatic logoff: after the idle time, only the signed-in user's password
    brings the window back (a wrong one leaves it locked)."""
    folder = tmp_path / "data"
    users.create_administrator(folder, "Ana", PASSWORD)
    users.sign_out(folder)

    def sign_in(dialog: SignInDialog) -> int:
        dialog.name.setText("Ana")
        dialog.password.setText(PASSWORD)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    window = launch(folder, settings, first_run=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.practice is not None, timeout=10000)
    lock = window.idle_lock
    assert lock.unlock_check is not None
    lock.set_idle_ms(20)
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    lock.panel.password.setText("not the password")
    assert not lock.try_unlock() and lock.locked
    lock.panel.password.setText(PASSWORD)
    assert lock.try_unlock() and not lock.locked
    _close(qtbot, window)
