"""Named users, signing in, and the key that opens the encrypted database.

``create_administrator`` is the first run: a random database key, wrapped for the
administrator and for a recovery key shown once (``store.keys``); a plain database
left by an earlier version is encrypted in place, its backups too. ``unlock`` signs a
user in and keeps the key in memory for this process (``session``): every later
``open_store`` and restore of that data folder uses it, and the user's name is the
audit actor. A data folder with no users (no keys.json) is a plain SQLite file: that
is what tests and scripts building a scratch practice get; the app never opens one
without first creating its administrator (see docs/security.md).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from infusiondesk.store import backups, cipher, keys, location
from infusiondesk.store.errors import DatabaseInUse, StoreError, classify
from infusiondesk.store.keys import User, WrongPassword, WrongRecoveryKey
from infusiondesk.store.lock import WriterLock

PathLike = str | os.PathLike[str]
P = ParamSpec("P")
R = TypeVar("R")
SETUP = "change the practice's setup"
PASSWORD_VARIABLE = "INFUSIONDESK_PASSWORD"  # for scripts: the CLI reads it instead of asking

__all__ = [
    "PASSWORD_VARIABLE",
    "Session",
    "User",
    "WrongPassword",
    "WrongRecoveryKey",
    "add_user",
    "administrators_only",
    "change_password",
    "create_administrator",
    "has_users",
    "list_users",
    "password_ok",
    "require_administrator",
    "reset_password",
    "session",
    "set_own_password",
    "sign_out",
    "unlock",
    "unlock_with_recovery",
]


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    key: bytes


_SESSIONS: dict[Path, Session] = {}


def _folder(data_dir: PathLike | None) -> Path:
    return location.data_dir(data_dir).resolve()


def has_users(data_dir: PathLike | None = None) -> bool:
    return keys.has_users(_folder(data_dir))


def list_users(data_dir: PathLike | None = None) -> list[User]:
    return keys.list_users(_folder(data_dir))


def session(data_dir: PathLike | None = None) -> Session | None:
    """Who is signed in to ``data_dir`` in this process, with the key; None if nobody."""
    return _SESSIONS.get(_folder(data_dir))


def sign_out(data_dir: PathLike | None = None) -> None:
    _SESSIONS.pop(_folder(data_dir), None)


def create_administrator(data_dir: PathLike | None, name: str, password: str) -> str:
    """First run: users begin here. Returns the recovery key, to show once. A plain
    database already in the folder is encrypted in place (verified) before this returns."""
    folder = _folder(data_dir)
    key = cipher.new_key()
    recovery = keys.create(folder, name, password, key)
    user = keys.list_users(folder)[0]
    _SESSIONS[folder] = Session(user, key)
    # If another window has the plain database open, open_store encrypts it before any
    # use; the recovery key must still reach the administrator, so this never raises.
    with contextlib.suppress(StoreError):
        encrypt_plain_files(folder, key)
    return recovery


def unlock(data_dir: PathLike | None, name: str, password: str) -> bytes:
    """Sign ``name`` in: returns the database key and remembers it for this process.
    WrongPassword ("Wrong user name or password.") for any mismatch."""
    folder = _folder(data_dir)
    key, user = keys.unlock(folder, name, password)
    _SESSIONS[folder] = Session(user, key)
    return key


def password_ok(data_dir: PathLike | None, name: str, password: str) -> bool:
    """Whether ``password`` is ``name``'s (the idle lock asks it again); nothing else
    changes. The same scrypt work as signing in, so it is no faster to guess."""
    try:
        keys.unlock(_folder(data_dir), name, password)
    except keys.WrongPassword:
        return False
    return True


def unlock_with_recovery(data_dir: PathLike | None, recovery: str, name: str, new_password: str) -> bytes:
    """Every password lost: the recovery key sets a new password for ``name`` and signs in."""
    folder = _folder(data_dir)
    key = keys.unlock_with_recovery(folder, recovery)
    keys.set_password(folder, key, name, new_password)
    return unlock(folder, name, new_password)


def change_password(data_dir: PathLike | None, name: str, old: str, new: str) -> None:
    keys.change_password(_folder(data_dir), name, old, new)


def set_own_password(data_dir: PathLike | None, new: str) -> None:
    """The signed-in user's new password (the CLI, signed in with the old one)."""
    folder = _folder(data_dir)
    current = _SESSIONS.get(folder)
    if current is None:
        raise StoreError("Sign in first to change your password.")
    keys.set_password(folder, current.key, current.user.name, new)


def add_user(data_dir: PathLike | None, name: str, password: str, role: str) -> User:
    """An administrator, signed in, adds a user (role "administrator" or "biller")."""
    folder = _folder(data_dir)
    current = _SESSIONS.get(folder)
    if current is None or not current.user.administrator:
        raise StoreError("Only an administrator, signed in, can add users.")
    return keys.add_user(folder, current.key, name, password, role)


def reset_password(data_dir: PathLike | None, name: str, password: str) -> None:
    """An administrator, signed in, sets another user's forgotten password."""
    folder = _folder(data_dir)
    current = _SESSIONS.get(folder)
    if current is None or not current.user.administrator:
        raise StoreError("Only an administrator, signed in, can reset a password.")
    keys.set_password(folder, current.key, name, password)


def require_administrator(data_dir: PathLike | None, doing: str) -> None:
    """Refuse a biller what only an administrator does (restore, users); a folder without
    users has nobody to refuse."""
    current = _SESSIONS.get(_folder(data_dir))
    if current is not None and not current.user.administrator:
        raise StoreError(f"Only an administrator can {doing}; sign in as one.")


def administrators_only(doing: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A setup change on an open store (its first argument) is an administrator's."""

    def wrap(change: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(change)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            store = args[0]
            require_administrator(store.path.parent, doing)  # type: ignore[attr-defined]
            return change(*args, **kwargs)

        return checked

    return wrap


def key_for(data_dir: PathLike | None) -> bytes | None:
    """The key to open ``data_dir`` with: the session's; None for a folder without users
    (a plain database); refuses a folder with users and nobody signed in."""
    folder = _folder(data_dir)
    current = _SESSIONS.get(folder)
    if current is not None:
        return current.key
    if keys.has_users(folder):
        raise StoreError("The practice's data is locked: sign in with your user name and password.")
    return None


def actor_for(data_dir: PathLike | None) -> str | None:
    current = _SESSIONS.get(_folder(data_dir))
    return current.user.name if current is not None else None


def encrypt_plain_files(folder: Path, key: bytes) -> None:
    """The upgrade from a version without encryption: the database (under the writer
    lock, so no other window has it open) and each plain backup, encrypted in place."""
    database = folder / location.DATABASE_NAME
    cipher.resume(database)
    if cipher.is_plain(database):
        lock = WriterLock(database)
        if not lock.acquire():
            raise DatabaseInUse(database)
        try:
            cipher.encrypt_in_place(database, key)
        except (*cipher.ERRORS, OSError) as exc:
            raise classify(exc, database) from None
        finally:
            lock.release()
    for backup in backups.list_backups(location.backup_dir(database)):
        if cipher.is_plain(backup.path):
            try:
                cipher.encrypt_in_place(backup.path, key)
            except (*cipher.ERRORS, OSError):
                continue  # a damaged copy stays as it was (docs/security.md)
