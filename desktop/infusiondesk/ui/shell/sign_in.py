"""Signing in before any data is shown, and the first run that creates the administrator.

The practice's database is encrypted; its key is unwrapped with a user's password
(``services.users``). So the first thing the app asks, when the data folder has users,
is a user name and password (``SignInDialog``); a folder without users gets the
administrator created first (``FirstRunDialog``, which also encrypts a database left
by a version without encryption) and the recovery key shown once
(``RecoveryKeyDialog``). A wrong password is said in the dialog, which stays open.

The dialog is the app's first paint after the empty window: it needs only to know
whether keys.json exists (``paths``), so ``services`` (half a second of imports: the
store, sqlite-utils, the rules) loads in a thread while the biller types.
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from infusiondesk import paths

DataDir = str | Path | None
USERS = "infusiondesk.services.users"


def _users() -> ModuleType:
    return importlib.import_module(USERS)


def _store_error() -> type[Exception]:
    from infusiondesk.services.errors import StoreError

    return StoreError


def sign_in(parent: QWidget | None, data_dir: DataDir) -> bool:
    """True once someone is signed in to ``data_dir`` (after creating the administrator
    when it has no users yet); False when the biller chose Quit."""
    loaded = sys.modules.get(USERS)  # not loaded yet: nobody can have signed in
    if loaded is not None and loaded.session(data_dir) is not None:
        return True
    if loaded is None:
        threading.Thread(target=_users, name="load-services", daemon=True).start()
    if (paths.data_dir(data_dir) / paths.KEYS_NAME).exists():
        return SignInDialog(data_dir, parent).exec() == QDialog.DialogCode.Accepted
    first = FirstRunDialog(data_dir, parent)
    if first.exec() != QDialog.DialogCode.Accepted:
        return False
    RecoveryKeyDialog(first.recovery_key, parent).exec()
    return True


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _message_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b00020")
    label.setWordWrap(True)
    return label


class SignInDialog(QDialog):
    """User name and password; Sign in checks them and stays open on a wrong one."""

    def __init__(self, data_dir: DataDir, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle("Sign in to Infusion Desk")
        self.name = QLineEdit()
        self.password = _password_field()
        self.message = _message_label()
        form = QFormLayout()
        form.addRow("&User name:", self.name)
        form.addRow("&Password:", self.password)
        buttons = QDialogButtonBox()
        buttons.addButton("&Sign in", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.forgot = buttons.addButton("&Forgot the password…", QDialogButtonBox.ButtonRole.ActionRole)
        self.forgot.clicked.connect(self.recover)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def recover(self) -> None:
        """The recovery key sets a new password and signs in (``RecoveryDialog``)."""
        dialog = RecoveryDialog(self.data_dir, self)
        dialog.name.setText(self.name.text())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            super().accept()

    def accept(self) -> None:
        try:
            _users().unlock(self.data_dir, self.name.text(), self.password.text())
        except _store_error() as problem:
            self.message.setText(str(problem))
            self.password.clear()
            self.password.setFocus()
            return
        super().accept()


class _NewPasswordDialog(QDialog):
    """A user name and a new password typed twice (below ``rows`` asked first), with the
    store's refusal said in the dialog; ``save`` does the work once both passwords agree."""

    def __init__(
        self, data_dir: DataDir, title: str, intro: str, go: str, leave: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle(title)
        text = QLabel(intro)
        text.setWordWrap(True)
        self.name = QLineEdit()
        self.password = _password_field()
        self.repeat = _password_field()
        self.message = _message_label()
        self.form = QFormLayout()
        for label, field in (*self.rows(), ("&User name:", self.name)):
            self.form.addRow(label, field)
        self.form.addRow(self.password_label, self.password)
        self.form.addRow("&Repeat it:", self.repeat)
        buttons = QDialogButtonBox()
        buttons.addButton(go, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(leave, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    password_label = "&Password:"

    def rows(self) -> tuple[tuple[str, QWidget], ...]:
        return ()

    def save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.setText("The two passwords differ: type the same password twice.")
            return
        try:
            self.save()
        except _store_error() as problem:
            self.message.setText(str(problem))
            return
        super().accept()


class FirstRunDialog(_NewPasswordDialog):
    """The administrator's name and password, typed twice; creates the users."""

    def __init__(self, data_dir: DataDir, parent: QWidget | None = None) -> None:
        self.recovery_key = ""
        super().__init__(
            data_dir,
            "Welcome to Infusion Desk",
            "The practice's data is kept encrypted on this computer. Choose the "
            "administrator's user name and a password (at least 8 characters): they open "
            "the app, add users and manage backups.",
            "&Create",
            "&Quit",
            parent,
        )

    def save(self) -> None:
        self.recovery_key = _users().create_administrator(
            self.data_dir, self.name.text(), self.password.text()
        )


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown this once; Continue only after saying it is kept."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your recovery key")
        text = QLabel(
            "If every password is forgotten, this recovery key is the only way to open the "
            "practice's data: nobody else, us included, can. Print it or write it down now "
            "and keep it in a safe place away from this computer. It is not shown again."
        )
        text.setWordWrap(True)
        self.key = QLabel(recovery_key)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(max(font.pointSize(), 12) + 2)
        font.setWeight(QFont.Weight.Bold)
        self.key.setFont(font)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kept = QCheckBox("I have printed or written down the recovery key")
        buttons = QDialogButtonBox()
        self.proceed = buttons.addButton("&Continue", QDialogButtonBox.ButtonRole.AcceptRole)
        self.proceed.setEnabled(False)
        self.kept.toggled.connect(self.proceed.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.key)
        layout.addWidget(self.kept)
        layout.addWidget(buttons)

    def reject(self) -> None:
        """Escape does not skip it: the key is shown once."""
        if self.kept.isChecked():
            super().reject()


class RecoveryDialog(_NewPasswordDialog):
    """Every password forgotten: the recovery key, the user, and a new password."""

    password_label = "&New password:"

    def __init__(self, data_dir: DataDir, parent: QWidget | None = None) -> None:
        self.recovery = QLineEdit()
        super().__init__(
            data_dir,
            "Use the recovery key",
            "Type the recovery key kept when the practice was set up (groups of letters; "
            "dashes and case do not matter), then a new password for the user.",
            "&Set password and sign in",
            "&Cancel",
            parent,
        )

    def rows(self) -> tuple[tuple[str, QWidget], ...]:
        return (("Recovery &key:", self.recovery),)

    def save(self) -> None:
        _users().unlock_with_recovery(
            self.data_dir, self.recovery.text(), self.name.text(), self.password.text()
        )
