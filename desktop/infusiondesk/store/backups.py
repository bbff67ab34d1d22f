"""Backups through the SQLite backup API, verified before they count, and rotated.

A backup is written to a temporary file, checked with ``integrity_check`` and only
then renamed into place, so a bad copy never replaces a good one. Rotation keeps the
newest backup of each of the last 12 days, 10 weeks and 9 months that have one
(the grandfather-father-son scheme of borg/restic ``prune``). Copies taken before a
schema upgrade or a restore, and byte copies of a damaged database a restore
replaced, are named by kind and rotated apart: the newest few of each kind stay.
Backups by another process (the command line while the app is open) take a lock
in the backups folder, and whatever a killed backup left there is cleaned first.
This is file work that needs no open ``Store`` (``database`` backs up before an
upgrade with it); backing up the open store, now or on a schedule, is ``backup_jobs``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from infusiondesk.store import cipher, files
from infusiondesk.store.errors import CorruptDatabase, StoreError, classify
from infusiondesk.store.location import backup_dir
from infusiondesk.store.lock import folder_lock

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
STAMP = "%Y-%m-%d-%H%M%S"
_NAME = re.compile(r"^(?P<kind>[a-z-]+)-(?P<stamp>\d{4}-\d\d-\d\d-\d{6})(?:-(?P<seq>\d+))?\.sqlite3$")
ROTATED_KIND = "backup"
DAMAGED_KIND = "damaged"  # byte copy of a database a restore replaced; never offered
KEEP_PER_SPECIAL_KIND = 5  # before-upgrade, before-restore, damaged: the newest of each
SIDECARS = ("-journal", "-wal", "-shm")
ENCRYPTED_PAGE_SIZE = 4096  # SQLCipher 4's default page size


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    kind: str  # "backup", "before-upgrade", "before-restore"
    taken_at: datetime
    sequence: int = 0  # several in one second: -1, -2, … (newer)

    @property
    def order_key(self) -> tuple[datetime, int]:
        return (self.taken_at, self.sequence)


class SourceDamaged(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "The backup was not written: the data being copied is damaged, and a damaged copy "
            "would replace nothing. The backups taken before are kept; restore the newest of "
            "them (File › Restore from backup…)."
        )


def copy_database(source: sqlite3.Connection, dest: Path, key: bytes | None = None) -> Path:
    """Copy a live database to ``dest`` with the backup API; verify before renaming.
    ``key``: the source's SQLCipher key, which the copy is encrypted with too (the
    backup API copies pages between connections of the same key)."""
    temp = dest.with_name(f".{dest.name}.partial")
    try:
        files.private_folder(dest.parent)
        temp.unlink(missing_ok=True)
        files.create_private(temp)  # a backup holds PHI: owner-only, as the database
        target = cipher.connect(temp, key)
        try:
            source.backup(target)
            verdict = target.execute("PRAGMA integrity_check").fetchall()
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        if [row[0] for row in verdict] != ["ok"]:
            raise SourceDamaged()  # a bad copy never counts
        _fsync(temp)
        os.replace(temp, dest)
        _fsync_dir(dest.parent)
    except (*cipher.ERRORS, OSError, UnicodeError) as exc:
        problem = classify(exc, dest)
        if isinstance(problem, CorruptDatabase):  # SQLite found damage reading the source
            raise SourceDamaged() from None
        raise StoreError(f"The backup could not be written: {problem}") from None
    finally:
        for leftover in (temp, *(Path(f"{temp}{suffix}") for suffix in SIDECARS)):
            leftover.unlink(missing_ok=True)
    return dest


def copy_database_file(database: Path, dest: Path, key: bytes | None = None) -> Path:
    """``copy_database`` through a connection of its own, so another thread can take the
    backup while the app keeps working: in WAL mode the copy reads one consistent
    snapshot (one backup step) and writers are never blocked by it. Not ``mode=ro``: a
    read-only last connection would leave the -wal and -shm files beside a closed file."""
    try:
        source = cipher.connect(f"{database.resolve().as_uri()}?mode=rw", key, uri=True)  # never creates
    except cipher.ERRORS as exc:
        raise StoreError(f"The backup could not be written: {classify(exc, database)}") from None
    try:
        return copy_database(source, dest, key)
    finally:
        source.close()


def unique_backup_path(folder: Path, kind: str, now: datetime) -> Path:
    base = f"{kind}-{now.astimezone(UTC).strftime(STAMP)}"
    path, n = folder / f"{base}.sqlite3", 1
    while path.exists():
        path, n = folder / f"{base}-{n}.sqlite3", n + 1
    return path


def pre_migration_backup(
    conn: sqlite3.Connection, database: Path, now: datetime, key: bytes | None = None
) -> Path:
    folder = backup_dir(database)
    with backup_lock(folder):
        return copy_database(conn, unique_backup_path(folder, "before-upgrade", now), key)


def backup_lock(folder: Path) -> contextlib.AbstractContextManager[None]:
    """One backup at a time across processes too (``infusiondesk backup`` while the app
    runs its timed one): else each could delete the other's partial copy."""
    try:
        files.private_folder(folder)
    except OSError as exc:
        raise StoreError(f"The backup could not be written: {classify(exc, folder / 'x')}") from None
    return folder_lock(backup_lock_path(folder))


def backup_lock_path(folder: Path) -> Path:
    """Beside the backups folder, not in it: the folder holds backups only."""
    return folder.with_name(f"{folder.name}.lock")


def clean_leftovers(folder: Path) -> list[Path]:
    """Delete what a backup or restore killed midway left: partial copies, and SQLite's
    -journal, -wal and -shm files whose database is not there (a byte copy of a damaged
    database keeps its -wal beside it)."""
    removed = []
    for stale in folder.glob(".*") if folder.is_dir() else ():
        name = stale.name
        base = next((name[: -len(s)] for s in SIDECARS if name.endswith(s)), name)
        partial = base.endswith((".partial", ".restoring"))
        if partial and stale.is_file():
            removed.append(stale)
    for suffix in SIDECARS:
        for sidecar in folder.glob(f"*{suffix}") if folder.is_dir() else ():
            if not Path(str(sidecar)[: -len(suffix)]).exists():
                removed.append(sidecar)
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


KEEP_ALL_WITHIN = timedelta(days=1)


def list_backups(folder: Path) -> list[BackupInfo]:
    """Every backup in ``folder``, newest first."""
    found = []
    for path in folder.glob("*.sqlite3") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match:
            taken = datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC)
            found.append(BackupInfo(path, match["kind"], taken, int(match["seq"] or 0)))
    return sorted(found, key=lambda b: b.order_key, reverse=True)


def backups_to_keep(backups: Iterable[BackupInfo]) -> set[Path]:
    """12 daily, 10 weekly, 9 monthly, and every backup of the last day.

    The last day's are all kept so a backup the user is choosing to restore (or
    just made) is never rotated away by the next one taken the same day.
    """
    newest_first = sorted(backups, key=lambda b: b.order_key, reverse=True)
    if not newest_first:
        return set()
    recent = newest_first[0].taken_at - KEEP_ALL_WITHIN
    keep: set[Path] = {b.path for b in newest_first if b.taken_at > recent}
    for count, period in (
        (KEEP_DAILY, lambda t: t.date()),
        (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda t: (t.year, t.month)),
    ):
        keep |= _newest_per_period(newest_first, period, count)
    return keep


def _newest_per_period(
    newest_first: list[BackupInfo], period: Callable[[datetime], object], count: int
) -> set[Path]:
    seen: dict[object, Path] = {}
    for backup in newest_first:
        key = period(backup.taken_at)
        if key not in seen and len(seen) < count:
            seen[key] = backup.path
    return set(seen.values())


def rotate(folder: Path) -> list[Path]:
    """Delete backups no rule keeps; returns the deleted paths. Regular backups by the
    12/10/9 rule; the copies kept before an upgrade or a restore, and damaged files a
    restore replaced, the newest ``KEEP_PER_SPECIAL_KIND`` of each kind (a restore done
    again and again must not fill the disk)."""
    found = list_backups(folder)
    regular = [b for b in found if b.kind == ROTATED_KIND]
    keep = backups_to_keep(regular)
    seen: dict[str, int] = {}
    for backup in found:  # newest first
        if backup.kind != ROTATED_KIND:
            seen[backup.kind] = seen.get(backup.kind, 0) + 1
            if seen[backup.kind] <= KEEP_PER_SPECIAL_KIND:
                keep.add(backup.path)
    removed = [b.path for b in found if b.path not in keep]
    for path in removed:
        for each in (path, *(Path(f"{path}{suffix}") for suffix in SIDECARS)):
            each.unlink(missing_ok=True)
    return removed


def looks_sound(path: Path) -> bool:
    """A cheap look at a backup, for lists: an SQLite header, and as many bytes as the
    header says the file has (a copy cut short fails). The restore itself runs the full
    integrity_check. Header fields: https://www.sqlite.org/fileformat2.html#database_header"""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    if len(header) < 100:
        return False
    if not header.startswith(b"SQLite format 3\x00"):  # SQLCipher: the header is encrypted too
        return size % ENCRYPTED_PAGE_SIZE == 0
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size_is_valid = header[24:28] == header[92:96] and pages > 0  # "version-valid-for"
    return size % page_size == 0 and (not size_is_valid or size == pages * page_size)


def newest_backup(database: Path) -> BackupInfo | None:
    """The newest backup of ``database`` fit to restore (a damaged byte copy never is)."""
    for backup in list_backups(backup_dir(database)):
        if backup.kind != DAMAGED_KIND and looks_sound(backup.path):
            return backup
    return None


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename
    with contextlib.suppress(OSError):
        _fsync(folder)


def copy_raw(path: Path, dest: Path) -> None:
    """Byte copy of a damaged database and its WAL, kept before a restore replaces it."""
    for suffix in ("", "-wal"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            shutil.copy2(source, Path(f"{dest}{suffix}"))
            files.make_private(Path(f"{dest}{suffix}"))
