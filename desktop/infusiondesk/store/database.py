"""Opening the database safely, and turning SQLite failures into plain messages.

``open_store`` checks the file before trusting it (header, ``quick_check``, schema
version), takes the single-writer lock, applies pending migrations after a backup
copy, and sets the pragmas that make a committed save survive a crash or power cut:
WAL, ``synchronous=FULL`` (``fullfsync`` on macOS, where plain fsync does not reach
the platter: https://www.sqlite.org/pragma.html#pragma_fullfsync) and foreign keys.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from infusiondesk.store import audit, cipher, files, migrations
from infusiondesk.store.backups import newest_backup, pre_migration_backup
from infusiondesk.store.errors import (
    CorruptDatabase,
    DatabaseInUse,
    NewerDatabase,
    NotADatabase,
    ReadOnlyPlace,
    ReadOnlyStore,
    StoreError,
    classify,
    writable,
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
        key: bytes | None = None,
    ) -> None:
        self.path = path
        self.key = key  # the SQLCipher key, None for a plain file (tests); backups use it
        self.db = db
        self.read_only = read_only
        self.clock = clock
        self.actor = actor
        self.changed = False  # data changed since the last backup
        self.integrity: IntegrityCheck | None = None  # the background quick_check, if any
        self._lock = lock
        opened = path.stat()
        self._identity = (opened.st_dev, opened.st_ino)

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
        except FAILURES as exc:
            raise explain(exc, self.path) from None
        self.changed = True

    @contextmanager
    def reading(self) -> Iterator[Database]:
        try:
            yield self.db
        except FAILURES as exc:
            raise explain(exc, self.path) from None

    def integrity_ok(self, wait: float | None = 0) -> bool | None:
        """The open-time quick_check: True, None while it runs; raises CorruptDatabase."""
        try:
            return True if self.integrity is None else self.integrity.verdict(wait)
        except CorruptDatabase as damaged:
            raise explain(damaged, self.path) from None

    def replaced(self) -> bool:
        """True when the file at ``path`` is no longer the one this store opened (a
        restore in another window replaced it): a read-only window must reload."""
        try:
            now = self.path.stat()
        except OSError:
            return True
        return (now.st_dev, now.st_ino) != self._identity

    def close(self) -> None:
        try:
            if self.integrity is not None:
                self.integrity.cancel()
            self.db.close()
        finally:
            self._lock.release()


# Everything SQLite or the OS may raise while the database is used; ``explain`` turns
# each into the StoreError a biller reads (a garbled row can raise UnicodeDecodeError).
FAILURES = (*cipher.ERRORS, UnicodeError, OSError)


def explain(problem: BaseException, path: Path) -> StoreError:
    """``errors.classify``, naming the newest backup when the database is damaged."""
    error = classify(problem, path)
    if isinstance(error, CorruptDatabase) and error.newest is None and error.path == path:
        newest = newest_backup(path)
        if newest is not None:
            return CorruptDatabase(path, error.detail, (newest.path, newest.taken_at))
    return error


def translate(exc: BaseException, path: object = "the database") -> StoreError:
    """Kept for callers of the old name: ``errors.classify``."""
    return classify(exc, path)  # type: ignore[arg-type]


def open_store(
    path: Path,
    *,
    read_only: bool = False,
    if_in_use: str = "error",
    clock: Clock = utc_now,
    actor: str | None = None,
    check: str = "now",
    key: bytes | None = None,
) -> Store:
    """Open (creating or upgrading) the database at ``path``.

    A second instance gets ``DatabaseInUse`` by default; with ``if_in_use="read-only"``
    it opens the file read-only instead (the GUI does this and says so in its title).
    ``check="now"`` runs quick_check before returning (raising CorruptDatabase);
    ``check="background"`` runs it in a worker thread (``Store.integrity_ok()``), so
    a large database opens at once. Before an upgrade it always runs first.
    ``key``: the SQLCipher key (``store.cipher``); None opens or creates a plain file,
    which only tests and programmatic use do: the app always passes a key.
    Every failure is a StoreError from ``explain``: never a traceback.
    """
    try:
        return _open(path, read_only, if_in_use, clock, actor, check, key)
    except FAILURES as exc:
        raise explain(exc, path) from None
    except CorruptDatabase as damaged:
        raise explain(damaged, path) from None


def _open(
    path: Path,
    read_only: bool,
    if_in_use: str,
    clock: Clock,
    actor: str | None,
    check: str,
    key: bytes | None,
) -> Store:
    _check_file(path, key)
    lock = WriterLock(path)
    if not read_only:
        if path.exists() and not writable(path):
            raise ReadOnlyPlace(path, folder=False)  # SQLite would open it read-only, silently
        files.private_folder(path.parent)
        if not lock.acquire():
            if if_in_use != "read-only":
                raise DatabaseInUse(path)
            read_only = True
    try:
        if not read_only:
            _owner_only(path)
        _refuse_foreign_or_newer(path, key)  # before anything is written, WAL included
        db = _connect(path, read_only, key)
    except BaseException:
        lock.release()
        raise
    store = Store(path, db, lock, read_only=read_only, clock=clock, actor=actor or _os_user(), key=key)
    try:
        _prepare(store, background=check == "background")
        if not read_only:
            audit.adopt_database_key(store)  # a log chained while the practice was plain
            audit.seal_unchained(store)  # entries from before the audit chain (schema 12)
    except BaseException:
        store.close()
        raise
    return store


def _owner_only(path: Path) -> None:
    """The database is created 0600 before SQLite writes a byte (its -wal and -shm then
    get the same mode); one left 0644 by an older version is made 0600 (issue 14)."""
    if path.exists():
        files.make_database_private(path)
    else:
        files.create_private(path)


def _check_file(path: Path, key: bytes | None) -> None:
    """Refuse what is not a usable database before taking any lock: a folder, a file
    that does not start as SQLite files do, or an empty file where a practice's data
    was (there are backups of it): SQLite would open that as a new, empty practice."""
    if not path.exists():
        return
    if path.is_dir():
        raise NotADatabase(path)
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if not head:
        if newest_backup(path) is not None:
            raise CorruptDatabase(path, "the file is empty")
        return  # an empty file and never a backup: a first start cut short, nothing lost
    if key is not None and head == SQLITE_HEADER:
        raise StoreError(f"The database {path} is not encrypted yet; sign in to the app to encrypt it.")
    if key is None and head != SQLITE_HEADER:
        raise CorruptDatabase(path, "the file does not start as a database does")


def _refuse_foreign_or_newer(path: Path, key: bytes | None) -> None:
    """Look (read-only, changing nothing) before opening for writing: someone else's
    SQLite file is refused untouched, a newer version's file too."""
    if not path.exists() or path.stat().st_size == 0:
        return
    conn = cipher.connect(f"{path.resolve().as_uri()}?mode=ro", key, uri=True)
    try:
        db = Database(conn, execute_plugins=False)
        applied = migrations.applied_names(db)
        if not applied and db.table_names():
            raise NotADatabase(path)
        unknown = migrations.unknown_names(db)
        if unknown:
            raise NewerDatabase(path, unknown)
    finally:
        conn.close()


def _connect(path: Path, read_only: bool, key: bytes | None) -> Database:
    if read_only:
        if not path.exists():
            raise StoreError(f"There is no database at {path} to open read-only.")
        conn = cipher.connect(
            f"{path.resolve().as_uri()}?mode=ro", key, uri=True, timeout=5, check_same_thread=False
        )
    else:
        conn = cipher.connect(str(path), key, timeout=5, check_same_thread=False)
    try:
        return _configure(Database(conn, execute_plugins=False), read_only)
    except BaseException:
        conn.close()
        raise


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
            store.integrity = IntegrityCheck(store.path, key=store.key).start()
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
        pre_migration_backup(db.conn, store.path, store.clock(), store.key)
    with store.reading():
        migrations.apply(db)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (services, containers): still audit something
        return "unknown"
