"""What can go wrong with the store, as exceptions whose message a biller can act on.

The UI shows ``str(error)`` in a dialog and the CLI prints it on one line; neither
shows a traceback. Every message says what happened and what to do next.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from infusiondesk.store import cipher


class StoreError(Exception):
    """Base class: anything the store refuses or cannot do."""


class DatabaseInUse(StoreError):
    def __init__(self, path: object) -> None:
        super().__init__(
            f"The database {path} is open in another Infusion Desk window or program. "
            "Close it there first, or open this one read-only."
        )


class NewerDatabase(StoreError):
    def __init__(self, path: object, unknown: list[str]) -> None:
        super().__init__(
            f"The database {path} was written by a newer version of Infusion Desk "
            f"(it has changes this version does not know: {', '.join(unknown)}). "
            "Install the newer version to open it."
        )
        self.unknown = unknown


class CorruptDatabase(StoreError):
    """The database file cannot be used as it is: damaged, cut short, emptied, or
    overwritten. One message for every such case, naming the newest backup to restore
    (``newest``: its path and when it was taken, found by the opener). ``detail`` (what
    SQLite found) is kept for ``check`` and never shown: a garbled row may quote a patient."""

    def __init__(self, path: object, detail: str = "", newest: tuple[Path, datetime] | None = None) -> None:
        self.path, self.detail, self.newest = path, detail, newest
        super().__init__(damaged_message(path, newest))


def damaged_message(path: object, newest: tuple[Path, datetime] | None) -> str:
    if newest is None:
        folder = f" in {Path(path).parent / 'backups'}" if isinstance(path, Path) else ""
        way_back = (
            f"Nothing in it was changed. No backup of it was found{folder}: if you have a copy "
            "elsewhere (a USB stick, another computer), restore that one."
        )
    else:
        backup, taken = newest
        way_back = (
            f"Nothing in it was changed. Restore the newest backup, taken "
            f"{taken.astimezone().strftime('%m/%d/%Y %H:%M')}: {backup} "
            "(in the app, choose it in the list of backups; on the command line, "
            "infusiondesk restore followed by that file)."
        )
    return f"The database {path} is damaged or incomplete, so Infusion Desk cannot use it. {way_back}"


class DamagedBackup(StoreError):
    def __init__(self, path: object) -> None:
        super().__init__(
            f"The backup {path} is damaged, so it cannot be restored. Choose another backup; "
            "the current data was not changed."
        )


class NotADatabase(StoreError):
    def __init__(self, path: object) -> None:
        super().__init__(
            f"{path} is not an Infusion Desk database. Choose another file or restore from a backup."
        )


class DiskFull(StoreError):
    def __init__(self, folder: object = None) -> None:
        where = f" on the disk that holds {folder}" if folder is not None else ""
        super().__init__(
            "The disk is full, so this change was not saved (or the data could not be opened); "
            f"everything saved before it is safe. Free some space{where} and try again."
        )


class ReadOnlyStore(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "This database is open read-only (another window is using it), so changes cannot be saved here."
        )


class ReadOnlyPlace(StoreError):
    """The file or its folder may not be written by this user (or sits on a read-only
    disk): not another window's doing, so the message says what is read-only."""

    def __init__(self, path: Path, folder: bool) -> None:
        what = f"The folder {path.parent}" if folder else f"The database file {path}"
        super().__init__(
            f"{what} is read-only for Infusion Desk, so nothing can be saved there. Ask whoever "
            "manages this computer to let you change it (or move the data to a folder you can "
            "write, with --data-dir or INFUSIONDESK_DATA_DIR)."
        )


class DiskError(StoreError):
    def __init__(self, path: object) -> None:
        super().__init__(
            f"The disk holding {path} reported an error while Infusion Desk read or wrote it. "
            "If it is a USB stick or a network share, check that it is still connected; then "
            "start again. Everything saved before is safe."
        )


class NotFound(StoreError):
    """A record asked for by id does not exist (deleted, or never saved)."""


class Refused(StoreError):
    """A change the store's rules forbid (editing a printed claim, deleting an order
    that has printed claims, …)."""


# --- one classification of what SQLite and the OS report --------------------------------

FULL_BELOW = 1024 * 1024  # bytes free: SQLite's "disk I/O error" on a full disk (the -shm
# cannot grow) is a full disk, not a failing one


def classify(problem: BaseException, path: Path | str = "the database") -> StoreError:
    """The StoreError a biller sees for any failure opening, reading or writing ``path``.

    Result codes: https://www.sqlite.org/rescode.html. A garbled row or schema is damage,
    whatever SQLite calls it (a UnicodeDecodeError of its error message included); SQLite's
    "attempt to write a readonly database" and "disk I/O error" are checked against the
    file system, so the message names what is really wrong."""
    if isinstance(problem, StoreError):
        return problem
    where = path
    if isinstance(problem, UnicodeError):
        return CorruptDatabase(where, "text that is not UTF-8")
    if isinstance(problem, OSError):
        return _os_problem(problem, where)
    if not isinstance(problem, cipher.ERRORS):
        return StoreError(f"The database could not be read or written ({type(problem).__name__}).")
    code = getattr(problem, "sqlite_errorcode", 0) & 0xFF
    text = str(problem)
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return DiskFull(_folder(where))
    if code == sqlite3.SQLITE_READONLY or "readonly database" in text:
        return _read_only_place(where) or ReadOnlyStore()
    if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN) or "disk I/O error" in text:
        return _disk_problem(where, code == sqlite3.SQLITE_CANTOPEN)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or _garbled(text):
        return CorruptDatabase(where, text)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DatabaseInUse(where)
    if code == sqlite3.SQLITE_CONSTRAINT and "FOREIGN KEY" not in text:
        return Refused(text)
    return StoreError(f"The database could not be read or written: {text.splitlines()[0] if text else code}")


def _garbled(text: str) -> bool:
    return any(
        sign in text
        for sign in ("malformed", "not a database", "Could not decode to UTF-8", "file is not a database")
    )


def _folder(path: object) -> object:
    return path.parent if isinstance(path, Path) else None


def _os_problem(problem: OSError, path: object) -> StoreError:
    if problem.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(_folder(path))
    if isinstance(problem, PermissionError) or problem.errno == errno.EROFS:
        if isinstance(path, Path):
            return _read_only_place(path) or ReadOnlyPlace(path, folder=True)
        return StoreError(f"Infusion Desk may not use {problem.filename or path}.")
    return _disk_problem(path, cannot_open=isinstance(problem, FileNotFoundError))


def _read_only_place(path: object) -> StoreError | None:
    """ReadOnlyPlace when the file or its folder cannot be written, else None."""
    if not isinstance(path, Path):
        return None
    for each in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if each.exists() and not writable(each):
            return ReadOnlyPlace(path, folder=False)
    if not writable(path.parent):
        return ReadOnlyPlace(path, folder=True)
    return None


def writable(path: Path) -> bool:
    """os.access says yes to root on a read-only mount: statvfs says ro then."""
    if not os.access(path, os.W_OK):
        return False
    try:
        return not os.statvfs(path).f_flag & os.ST_RDONLY
    except (OSError, AttributeError):  # Windows has no statvfs: os.access is enough there
        return True


def _disk_problem(path: object, cannot_open: bool) -> StoreError:
    if isinstance(path, Path):
        folder = path.parent
        if not folder.is_dir():
            return StoreError(
                f"The data folder {folder} is not there (was a drive disconnected, or the folder "
                "moved?). Reconnect it, or choose the folder with --data-dir."
            )
        read_only = _read_only_place(path)
        if read_only is not None:
            return read_only
        try:
            if shutil.disk_usage(folder).free < FULL_BELOW:
                return DiskFull(folder)
        except OSError:
            pass
    return DiskError(path)
