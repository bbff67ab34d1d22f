"""Opening the database safely, and turning SQLite failures into plain messages.

``open_store`` checks the file before trusting it (header, ``quick_check``, schema
version), takes the single-writer lock, applies pending migrations after a backup
copy, and sets the pragmas that make a committed save survive a crash or power cut:
WAL, ``synchronous=FULL`` (``fullfsync`` on macOS, where plain fsync does not reach
the platter: https://www.sqlite.org/pragma.html#pragma_fullfsync) and foreign keys.
"""

from __future__ import annotations

import getpass
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from infusiondesk.store import migrations
from infusiondesk.store.backups import pre_migration_backup
from infusiondesk.store.errors import (
    CorruptDatabase,
    DatabaseInUse,
    DiskFull,
    NewerDatabase,
    NotADatabase,
    ReadOnlyStore,
    Refused,
    StoreError,
)
from infusiondesk.store.integrity import IntegrityCheck, quick_check
from infusiondesk.store.lock import WriterLock

SQLITE_HEADER = b"SQLite format 3\x00"
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """An open database: the connection, its lock, and who is making changes."""

    def __init__(
        self,
        path: Path,
        db: Database,
        lock: WriterLock,
        *,
        read_only: bool,
        clock: Clock,
        actor: str,
    ) -> None:
        self.path = path
        self.db = db
        self.read_only = read_only
        self.clock = clock
        self.actor = actor
        self.changed = False  # data changed since the last backup
        self.integrity: IntegrityCheck | None = None  # the background quick_check, if any
        self._lock = lock

    def now(self) -> str:
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction: every change inside is saved together or not at all."""
        if self.read_only:
            raise ReadOnlyStore()
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from None
        self.changed = True

    @contextmanager
    def reading(self) -> Iterator[Database]:
        try:
            yield self.db
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from None

    def integrity_ok(self, wait: float | None = 0) -> bool | None:
        """The open-time quick_check: True, None while it runs; raises CorruptDatabase."""
        return True if self.integrity is None else self.integrity.verdict(wait)

    def close(self) -> None:
        try:
            if self.integrity is not None:
                self.integrity.cancel()
            self.db.close()
        finally:
            self._lock.release()


def translate(exc: sqlite3.Error, path: object = "the database") -> StoreError:
    """The StoreError a biller sees for a SQLite failure (result codes: sqlite.org/rescode)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    text = str(exc)
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return DiskFull()
    if code == sqlite3.SQLITE_READONLY:
        return ReadOnlyStore()
    if code == sqlite3.SQLITE_CORRUPT or "malformed" in text:
        return CorruptDatabase(path, text)
    if code == sqlite3.SQLITE_NOTADB or "not a database" in text:
        return NotADatabase(path)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DatabaseInUse(path)
    if code == sqlite3.SQLITE_CONSTRAINT and "FOREIGN KEY" not in text:
        return Refused(text)
    return StoreError(f"The database could not be read or written: {text}")


def open_store(
    path: Path,
    *,
    read_only: bool = False,
    if_in_use: str = "error",
    clock: Clock = utc_now,
    actor: str | None = None,
    check: str = "now",
) -> Store:
    """Open (creating or upgrading) the database at ``path``.

    A second instance gets ``DatabaseInUse`` by default; with ``if_in_use="read-only"``
    it opens the file read-only instead (the GUI does this and says so in its title).
    ``check="now"`` runs quick_check before returning (raising CorruptDatabase);
    ``check="background"`` runs it in a worker thread (``Store.integrity_ok()``), so
    a large database opens at once. Before an upgrade it always runs first.
    """
    _check_header(path)
    lock = WriterLock(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not lock.acquire():
            if if_in_use != "read-only":
                raise DatabaseInUse(path)
            read_only = True
    try:
        db = _connect(path, read_only)
    except BaseException:
        lock.release()
        raise
    store = Store(path, db, lock, read_only=read_only, clock=clock, actor=actor or _os_user())
    try:
        _prepare(store, background=check == "background")
    except BaseException:
        store.close()
        raise
    return store


def _check_header(path: Path) -> None:
    if not path.exists():
        return
    if path.is_dir():
        raise NotADatabase(path)
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if head and head != SQLITE_HEADER:
        raise NotADatabase(path)


def _connect(path: Path, read_only: bool) -> Database:
    if read_only:
        if not path.exists():
            raise StoreError(f"There is no database at {path} to open read-only.")
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5, check_same_thread=False
        )
    else:
        conn = sqlite3.connect(str(path), timeout=5, check_same_thread=False)
    try:
        return _configure(Database(conn, execute_plugins=False), read_only)
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from None


def _configure(db: Database, read_only: bool) -> Database:
    if not read_only:
        db.enable_wal()
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    if sys.platform == "darwin":
        db.execute("PRAGMA fullfsync=ON")
        db.execute("PRAGMA checkpoint_fullfsync=ON")
    return db


def _prepare(store: Store, background: bool) -> None:
    """quick_check, refuse newer files, back up and migrate older ones."""
    db = store.db
    with store.reading():
        unknown = migrations.unknown_names(db)
        if unknown:
            raise NewerDatabase(store.path, unknown)
        pending = migrations.pending_names(db)
        if background and not pending and store.path.stat().st_size > 0:
            store.integrity = IntegrityCheck(store.path).start()
        else:
            result = quick_check(db.conn)
            if result != ["ok"]:
                raise CorruptDatabase(store.path, "; ".join(result[:3]))
    if not pending:
        return
    if store.read_only:
        raise StoreError(
            f"The database {store.path} needs upgrading, which cannot be done while "
            "another window has it open. Close the other window and try again."
        )
    if not migrations.applied_names(db) and db.table_names():
        raise NotADatabase(store.path)  # someone else's SQLite file: never write into it
    if migrations.applied_names(db):
        pre_migration_backup(db.conn, store.path, store.clock())
    try:
        migrations.apply(db)
    except sqlite3.Error as exc:
        raise translate(exc, store.path) from None


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (services, containers): still audit something
        return "unknown"
