"""Restore the database from a backup, keeping the current file beside it first.

Only while no other instance has the database open (we take the writer lock). The
backup must pass ``integrity_check`` and be from this version or older; the current
database is copied to ``before-restore-<time>.sqlite3`` (a byte copy if it is
damaged) so a restore can itself be undone.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from infusiondesk.store import migrations
from infusiondesk.store.backups import copy_database, copy_raw, unique_backup_path
from infusiondesk.store.database import SQLITE_HEADER, utc_now
from infusiondesk.store.errors import (
    CorruptDatabase,
    DatabaseInUse,
    NewerDatabase,
    NotADatabase,
    StoreError,
)
from infusiondesk.store.location import backup_dir
from infusiondesk.store.lock import WriterLock


def restore(backup: Path, database: Path, now: datetime | None = None) -> Path | None:
    """Replace ``database`` with ``backup``; returns the copy of the replaced file."""
    now = now or utc_now()
    lock = WriterLock(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    if not lock.acquire():
        raise DatabaseInUse(database)
    try:
        source = _open_checked_backup(backup)
        try:
            kept = _keep_current(database, now)
            staged = copy_database(source, database.with_name(f".{database.name}.restoring"))
        finally:
            source.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(staged, database)
        return kept
    finally:
        lock.release()


def _open_checked_backup(backup: Path) -> sqlite3.Connection:
    if not backup.is_file():
        raise StoreError(f"There is no backup file at {backup}.")
    with backup.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotADatabase(backup)
    conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        if verdict != ["ok"]:
            raise CorruptDatabase(backup, "; ".join(verdict[:3]))
        db = Database(conn, execute_plugins=False, recursive_triggers=False)
        if not migrations.applied_names(db):
            raise NotADatabase(backup)
        unknown = migrations.unknown_names(db)
        if unknown:
            raise NewerDatabase(backup, unknown)
    except sqlite3.Error as exc:
        conn.close()
        raise CorruptDatabase(backup, str(exc)) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _keep_current(database: Path, now: datetime) -> Path | None:
    if not database.exists():
        return None
    dest = unique_backup_path(backup_dir(database), "before-restore", now)
    try:
        conn = sqlite3.connect(database)
        try:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            copy_database(conn, dest)
        finally:
            conn.close()
    except (sqlite3.Error, StoreError):
        dest.parent.mkdir(parents=True, exist_ok=True)
        copy_raw(database, dest)  # damaged: keep its bytes for whoever can rescue it
    return dest
