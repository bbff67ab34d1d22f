"""Backing up the open store: now, on a worker thread, and every 30 minutes while data
changed. The copying, naming, rotating and locking are ``backups``' file work, which
needs no open ``Store``: the database uses it to back up before an upgrade, so it sits
below ``database`` and these jobs above it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from infusiondesk.store import backups
from infusiondesk.store.database import Store
from infusiondesk.store.errors import StoreError
from infusiondesk.store.location import backup_dir

# A timed backup and File › Back up now may overlap: one at a time, or they could pick
# the same name in the same second and delete each other's partial copy.
_ONE_AT_A_TIME = threading.Lock()
BACKUP_INTERVAL = timedelta(minutes=30)


def backup_now(store: Store, now: datetime | None = None) -> Path:
    """Back up the open store, then rotate old backups; clears ``store.changed``."""
    now = now or store.clock()
    folder = backup_dir(store.path)
    with _ONE_AT_A_TIME, backups.backup_lock(folder):
        backups.clean_leftovers(folder)
        target = backups.unique_backup_path(folder, backups.ROTATED_KIND, now)
        path = backups.copy_database(store.db.conn, target, store.key)
        store.changed = False
        backups.rotate(folder)
    return path


def start_backup(store: Store, now: datetime | None = None) -> Callable[[], Path]:
    """Count a backup as taken now (changes from here on wait for the next one) and
    return the work that writes and rotates it: file work on a connection of its own,
    for a worker thread. If the work fails, call ``backup_failed(store)``."""
    now = now or store.clock()
    store.changed = False
    database, folder, key = store.path, backup_dir(store.path), store.key

    def work() -> Path:
        with _ONE_AT_A_TIME, backups.backup_lock(folder):
            backups.clean_leftovers(folder)
            target = backups.unique_backup_path(folder, backups.ROTATED_KIND, now)
            path = backups.copy_database_file(database, target, key)
            backups.rotate(folder)
        return path

    return work


def backup_failed(store: Store) -> None:
    """A started backup was not written: what it would have saved is still unsaved."""
    store.changed = True


class BackupScheduler:
    """Backs up every 30 minutes while data changed, and on close.

    The GUI asks ``due()`` from a timer (say each minute) and runs the work
    ``start_backup()`` returns on a worker thread: at 300,000 orders a verified copy
    takes seconds, too long to hold the window. Tests pass ``now`` or give the store a
    fake clock; ``maybe_backup`` does both steps on the calling thread.
    """

    def __init__(self, store: Store, interval: timedelta = BACKUP_INTERVAL) -> None:
        self.store = store
        self.interval = interval
        self.last = store.clock()

    def due(self, now: datetime | None = None) -> bool:
        now = now or self.store.clock()
        return self.store.changed and now - self.last >= self.interval

    def start_backup(self, now: datetime | None = None) -> Callable[[], Path]:
        now = now or self.store.clock()
        self.last = now
        return start_backup(self.store, now)

    def backup_failed(self) -> None:
        backup_failed(self.store)

    def maybe_backup(self, now: datetime | None = None) -> Path | None:
        if not self.due(now):
            return None
        work = self.start_backup(now)
        try:
            return work()
        except StoreError:
            self.backup_failed()
            raise

    def on_close(self) -> Path | None:
        if not self.store.changed or self.store.read_only:
            return None
        return backup_now(self.store)
