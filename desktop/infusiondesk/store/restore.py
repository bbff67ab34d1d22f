"""Restore the database from a backup, keeping the current file beside it first.

Only while no other instance has the database open for writing (we take the writer
lock); a read-only window notices the file was replaced and reloads (``Store.replaced``).
The backup must pass ``integrity_check`` and be from this version or older; the
current database is copied to ``before-restore-<time>.sqlite3`` (or, when it is
damaged, its bytes to ``damaged-<time>.sqlite3``) so a restore can itself be undone.
Every failure is a StoreError with a plain message, and the current data is untouched.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from infusiondesk.store import cipher, files, migrations
from infusiondesk.store.backups import (
    DAMAGED_KIND,
    SIDECARS,
    backup_lock_path,
    copy_database,
    copy_raw,
    unique_backup_path,
)
from infusiondesk.store.database import SQLITE_HEADER, utc_now
from infusiondesk.store.errors import (
    DamagedBackup,
    DatabaseInUse,
    NewerDatabase,
    NotADatabase,
    StoreError,
    classify,
)
from infusiondesk.store.location import backup_dir
from infusiondesk.store.lock import WriterLock, folder_lock

FAILURES = (*cipher.ERRORS, OSError, UnicodeError)


def restore(
    backup: Path, database: Path, now: datetime | None = None, key: bytes | None = None
) -> Path | None:
    """Replace ``database`` with ``backup``; returns the copy of the replaced file.
    ``key``: the SQLCipher key of both (None: plain files). A plain backup (taken by a
    version before encryption, say on the old computer) is restored encrypted."""
    now = now or utc_now()
    lock = WriterLock(database)
    try:
        files.private_folder(database.parent)
        if not lock.acquire():
            raise DatabaseInUse(database)
    except OSError as exc:
        raise classify(exc, database) from None
    staged = database.with_name(f".{database.name}.restoring")
    try:
        backup_key = None if key is not None and cipher.is_plain(backup) else key
        source = _open_checked_backup(backup, backup_key)
        try:
            kept = _keep_current(database, now, key)
            staged = copy_database(source, staged, backup_key)
        finally:
            source.close()
        if key is not None and backup_key is None:
            cipher.encrypt_in_place(staged, key)  # verified, the plain copy zeroed
        _replace(staged, database)
        return kept
    except FAILURES as exc:
        raise classify(exc, database) from None
    finally:
        for leftover in (staged, *(Path(f"{staged}{s}") for s in SIDECARS)):
            leftover.unlink(missing_ok=True)
        lock.release()


def _replace(staged: Path, database: Path) -> None:
    try:
        os.replace(staged, database)
    except PermissionError:
        # Windows: a read-only window still has the file open, and it cannot be replaced.
        raise StoreError(
            "Another Infusion Desk window is showing the data, so it cannot be replaced. "
            "Close that window, then restore again; nothing was changed."
        ) from None
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def _open_checked_backup(backup: Path, key: bytes | None) -> cipher.Connection:
    if not backup.is_file():
        raise StoreError(f"There is no backup file at {backup}.")
    with backup.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if not head:
        raise DamagedBackup(backup)  # empty: a copy cut short
    if key is None and head != SQLITE_HEADER:
        raise NotADatabase(backup)
    conn = cipher.connect(f"{backup.resolve().as_uri()}?mode=ro", key, uri=True)
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        if verdict != ["ok"]:
            raise DamagedBackup(backup)
        db = Database(conn, execute_plugins=False, recursive_triggers=False)
        if not migrations.applied_names(db):
            raise NotADatabase(backup)
        unknown = migrations.unknown_names(db)
        if unknown:
            raise NewerDatabase(backup, unknown)
    except (*cipher.DATABASE_ERRORS, UnicodeError):
        conn.close()
        raise DamagedBackup(backup) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _keep_current(database: Path, now: datetime, key: bytes | None) -> Path | None:
    if not database.exists():
        return None
    folder = backup_dir(database)
    files.private_folder(folder)
    with folder_lock(backup_lock_path(folder)):
        try:
            with database.open("rb") as handle:
                head = handle.read(len(SQLITE_HEADER))
                if (head != SQLITE_HEADER) if key is None else len(head) < len(SQLITE_HEADER):
                    raise DamagedBackup(database)  # empty or overwritten: keep its bytes
            dest = unique_backup_path(folder, "before-restore", now)
            conn = cipher.connect(f"{database.resolve().as_uri()}?mode=rw", key, uri=True)
            try:
                with contextlib.suppress(*cipher.ERRORS):
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                copy_database(conn, dest, key)
            finally:
                conn.close()
        except (*cipher.ERRORS, UnicodeError, StoreError):
            dest = unique_backup_path(folder, DAMAGED_KIND, now)
            copy_raw(database, dest)  # damaged: keep its bytes for whoever can rescue it
    return dest
