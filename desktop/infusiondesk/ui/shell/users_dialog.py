"""Setup › Users and passwords…: who can sign in, adding a user, setting a password.

An administrator adds users (administrator or biller) and sets a new password for a
user who forgot theirs; anyone changes their own. Each is a re-wrap of the database
key in keys.json (``services.users``); the database itself is not touched.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.services import users
from infusiondesk.services.errors import StoreError


class UsersDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle("Users and passwords")
        current = users.session(data_dir)
        self.me = current.user if current is not None else None
        self.list = QListWidget()
        self.name = QLineEdit()
        self.role = QComboBox()
        self.role.addItems(["biller", "administrator"])
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Role:", self.role)
        form.addRow("&Password:", self.password)
        form.addRow("R&epeat it:", self.repeat)
        self.add = QPushButton("&Add user")
        self.add.clicked.connect(self.add_user)
        self.set_password = QPushButton("&Set this password for the selected user")
        self.set_password.clicked.connect(self.set_selected_password)
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addWidget(self.set_password)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        if self.me is None:
            self.message.setText("This practice has no users to manage (nobody is signed in).")
            for widget in (self.add, self.set_password, self.name, self.password, self.repeat):
                widget.setEnabled(False)
            return
        for user in users.list_users(self.data_dir):
            self.list.addItem(f"{user.name} ({user.role})")
            if user.name == self.me.name:
                self.list.setCurrentRow(self.list.count() - 1)
        self.add.setEnabled(self.me.administrator)
        self.name.setEnabled(self.me.administrator)
        self.role.setEnabled(self.me.administrator)

    def _new_password(self) -> str | None:
        if self.password.text() != self.repeat.text():
            self.message.setText("The two passwords differ: type the same password twice.")
            return None
        return self.password.text()

    def _selected_name(self) -> str | None:
        item = self.list.currentItem()
        return item.text().rsplit(" (", 1)[0] if item is not None else None

    def add_user(self) -> None:
        password = self._new_password()
        if password is None:
            return
        try:
            user = users.add_user(self.data_dir, self.name.text(), password, self.role.currentText())
        except StoreError as problem:
            self.message.setText(str(problem))
            return
        self._done(f"{user.name} can now sign in as {user.role}.")

    def set_selected_password(self) -> None:
        name, password = self._selected_name(), self._new_password()
        if name is None or password is None or self.me is None:
            return
        try:
            if name == self.me.name:
                users.set_own_password(self.data_dir, password)
            else:
                users.reset_password(self.data_dir, name, password)
        except StoreError as problem:
            self.message.setText(str(problem))
            return
        self._done(f"The password of {name} is changed.")

    def _done(self, text: str) -> None:
        for field in (self.name, self.password, self.repeat):
            field.clear()
        self.refresh()
        self.message.setText(text)


def show_users(parent: QWidget, data_dir: Path) -> None:
    UsersDialog(data_dir, parent).exec()
