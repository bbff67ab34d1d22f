"""Opening, checking, backing up and restoring the practice's database."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import infusiondesk.services.audit as auditing
import infusiondesk.services.drafts as drafts
import infusiondesk.services.users as users
from infusiondesk.store import backup_jobs, backups, database, location
from infusiondesk.store import restore as restoring
from infusiondesk.store.audit import AuditSummary, ChainVerdict, summary, verify_chain
from infusiondesk.store.database import Clock, Store, utc_now
from infusiondesk.store.errors import CorruptDatabase

PathLike = str | os.PathLike[str]


def open_store(
    data_dir: PathLike | None = None,
    *,
    read_only: bool = False,
    if_in_use: str = "error",
    clock: Clock = utc_now,
    actor: str | None = None,
    check: str = "background",
    key: bytes | None = None,
) -> Store:
    """Open the practice's database in ``data_dir`` (default: the user data dir or
    $INFUSIONDESK_DATA_DIR). ``if_in_use="read-only"``: a second instance reads only.

    The open-time quick_check runs in the background by default (the GUI polls
    ``integrity_status``); the CLI passes ``check="now"``. A draft left in a file by
    an older version is moved into the database here (``drafts.adopt_draft_file``).

    ``key``: by default the signed-in user's (``users.unlock``), who is also the audit
    actor; a folder with users and nobody signed in is refused, one without users opens
    plain (tests, scripts). A plain database with a key is first encrypted in place."""
    key = key if key is not None else users.key_for(data_dir)
    if key is not None and not read_only:
        users.encrypt_plain_files(location.data_dir(data_dir), key)
    store = database.open_store(
        location.database_path(data_dir),
        read_only=read_only,
        if_in_use=if_in_use,
        clock=clock,
        actor=actor or users.actor_for(data_dir),
        check=check,
        key=key,
    )
    try:
        drafts.adopt_draft_file(store)
    except BaseException:
        store.close()
        raise
    return store


def integrity_status(store: Store, wait: float | None = 0) -> bool | None:
    """The open-time check: True when sound, None while it runs; raises
    CorruptDatabase (offer a restore) when the file is damaged."""
    return store.integrity_ok(wait)


def close_store(store: Store, *, backup: bool = True) -> Path | None:
    """Close, then back up the closed file if anything changed since the last backup.

    The lock goes first: a verified copy of a large practice takes seconds (24 s at
    300,000 orders), and the app reopened meanwhile must get its database, not a
    read-only second window."""
    work = None
    try:
        if backup and store.changed and not store.read_only:
            auditing.database_backed_up(store, "on close")
            work = backup_jobs.start_backup(store)
    finally:
        store.close()
    return work() if work is not None else None


def location_warning(store: Store) -> str | None:
    return location.location_warning(store.path)


# --- safety: check, backup, restore ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckReport:
    integrity: tuple[str, ...]  # ("ok",) when sound
    audit: AuditSummary
    counts: dict[str, int]
    advice: str = ""  # when damaged: the same message as at open, naming the newest backup
    chain: ChainVerdict = field(default_factory=lambda: ChainVerdict(0))  # the audit hash chain

    @property
    def ok(self) -> bool:
        return self.integrity == ("ok",) and self.chain.ok


NOT_CHECKED = "not checked: the database is damaged"


def check(store: Store) -> CheckReport:
    with store.reading() as db:
        verdict = tuple(row[0] for row in db.execute("PRAGMA integrity_check").fetchall())
        counts = {
            table: int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("patients", "orders", "claims", "payers", "prescribers")
        }
        audit = summary(db)
        sound = verdict == ("ok",)
        chain = verify_chain(store) if sound else ChainVerdict(audit.entries, NOT_CHECKED)
    advice = "" if verdict == ("ok",) else str(database.explain(CorruptDatabase(store.path), store.path))
    return CheckReport(verdict, audit, counts, advice, chain)


def audit_chain_status(store: Store) -> ChainVerdict:
    """The audit log's hash chain, verified entry by entry (Help › Audit log shows it)."""
    with store.reading():
        return verify_chain(store)


def backup(store: Store) -> Path:
    """A backup now (File › Back up now, ``infusiondesk backup``): audited."""
    auditing.database_backed_up(store, "by hand")
    return backup_jobs.backup_now(store)


def start_backup(store: Store) -> Callable[[], Path]:
    """Work for a worker thread (seconds for a large practice); the backup is audited
    now, on the store's thread."""
    auditing.database_backed_up(store, "by hand")
    return backup_jobs.start_backup(store)


class _AuditedScheduler(backup_jobs.BackupScheduler):
    def start_backup(self, now: datetime | None = None) -> Callable[[], Path]:
        auditing.database_backed_up(self.store, "automatic")
        return super().start_backup(now)

    def on_close(self) -> Path | None:
        if self.store.changed and not self.store.read_only:
            auditing.database_backed_up(self.store, "on close")
        return super().on_close()


def backup_scheduler(store: Store) -> backup_jobs.BackupScheduler:
    """For the GUI: from a timer, when ``due()``, run ``start_backup()``'s work on a worker
    thread; ``on_close()`` at exit. Each backup is audited."""
    return _AuditedScheduler(store)


def list_backups(data_dir: PathLike | None = None) -> list[backups.BackupInfo]:
    return backups.list_backups(location.backup_dir(location.database_path(data_dir)))


def restorable_backups(data_dir: PathLike | None = None) -> list[backups.BackupInfo]:
    """The backups worth offering, newest first: each was verified by integrity_check
    when written, and still has the header and length it was written with (the restore
    runs integrity_check again before replacing anything). Damaged byte copies kept by
    an earlier restore are left out."""
    return [
        b for b in list_backups(data_dir) if b.kind != backups.DAMAGED_KIND and backups.looks_sound(b.path)
    ]


def restore_backup(
    backup_file: PathLike, data_dir: PathLike | None = None, actor: str | None = None
) -> Path | None:
    """Replace the database by a backup (no store may be open); returns where the
    replaced database was kept. The restore is audited in the restored database (whose
    log carries on from the backup's), by ``actor`` (default: the signed-in user)."""
    key = users.key_for(data_dir)
    users.require_administrator(data_dir, "restore a backup")
    database_path = location.database_path(data_dir)
    kept = restoring.restore(Path(backup_file), database_path, key=key)
    restored = database.open_store(
        database_path, actor=actor or users.actor_for(data_dir), check="background", key=key
    )
    try:
        auditing.database_restored(restored, Path(backup_file).name)
    finally:
        restored.close()
    return kept
