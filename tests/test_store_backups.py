"""Backups: verified copies, 12 daily / 10 weekly / 9 monthly, the 30-minute timer,
restore, and the copy taken before an upgrade."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.rules.order import Patient
from infusiondesk.store import backup_jobs, backups, location
from infusiondesk.store.backup_jobs import BackupScheduler
from infusiondesk.store.backups import BackupInfo, backups_to_keep, list_backups
from infusiondesk.store.errors import CorruptDatabase, DamagedBackup, DatabaseInUse, NotADatabase
from infusiondesk.store.orders import count_orders, load_order, save_order
from infusiondesk.store.patients import save_patient
from infusiondesk.store.restore import restore
from tests.test_store_support import FakeClock, full_order, new_store


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_backup_is_a_verified_copy_of_everything_saved(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    saved = save_order(store, full_order(1))
    path = services.backup(store)
    store.close()
    assert path.parent == tmp_path / "backups"
    assert _integrity(path) == "ok"
    assert not list(path.parent.glob(".*"))  # no partial file left behind
    (tmp_path / "other").mkdir()
    shutil.copy(path, tmp_path / "other" / "infusiondesk.sqlite3")
    other = new_store(tmp_path / "other")
    try:
        assert load_order(other, saved.id) == full_order(1)
    finally:
        other.close()


def _fake_backups(days: int, per_day: int = 2) -> list[BackupInfo]:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        BackupInfo(Path(f"b{d}-{h}"), "backup", start + timedelta(days=d, hours=h * 5))
        for d in range(days)
        for h in range(per_day)
    ]


def test_rotation_keeps_12_daily_10_weekly_9_monthly() -> None:
    every = _fake_backups(600)
    keep = backups_to_keep(every)
    kept = sorted((b for b in every if b.path in keep), key=lambda b: b.taken_at)
    newest = max(every, key=lambda b: b.taken_at)
    assert newest.path in keep
    last_day = [b for b in every if b.taken_at > newest.taken_at - timedelta(days=1)]
    assert len(last_day) == 2 and all(b.path in keep for b in last_day)  # the last day's all kept
    older = [b for b in kept if b not in last_day]
    days = {b.taken_at.date() for b in kept}
    months = {(b.taken_at.year, b.taken_at.month) for b in kept}
    assert len({b.taken_at.date() for b in older}) == len(older)  # before that, one a day at most
    last_12_days = {newest.taken_at.date() - timedelta(days=n) for n in range(12)}
    assert last_12_days <= days
    assert len(months) == 9  # daily and weekly ones fall in the newest months
    assert len({b.taken_at.isocalendar()[:2] for b in kept}) >= 10
    assert len(kept) <= 12 + 10 + 9 + 1
    assert backups_to_keep(_fake_backups(3, per_day=1)) == {b.path for b in _fake_backups(3, 1)}


def test_rotate_deletes_only_regular_backups(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for day in range(400):
        stamp = (start + timedelta(days=day)).strftime(backups.STAMP)
        (folder / f"backup-{stamp}.sqlite3").write_bytes(b"")
    (folder / "before-upgrade-2025-01-01-000000.sqlite3").write_bytes(b"")
    removed = backups.rotate(folder)
    left = list_backups(folder)
    assert len(removed) + len(left) == 401
    assert any(b.kind == "before-upgrade" for b in left)
    assert len([b for b in left if b.kind == "backup"]) <= 31


def test_scheduler_backs_up_every_30_minutes_only_while_data_changed(tmp_path: Path) -> None:
    clock = FakeClock()
    store = new_store(tmp_path, clock=clock)
    scheduler = BackupScheduler(store)
    try:
        assert scheduler.maybe_backup(clock.advance(minutes=45)) is None  # nothing changed
        save_patient(store, Patient("Doe", "Jane"))
        assert scheduler.maybe_backup(clock.advance(minutes=10)) is not None  # 55 min since
        save_patient(store, Patient("Roe", "Rick"))
        assert scheduler.maybe_backup(clock.advance(minutes=29)) is None
        first = scheduler.maybe_backup(clock.advance(minutes=1))
        assert first is not None and _integrity(first) == "ok"
        assert scheduler.maybe_backup(clock.advance(minutes=31)) is None  # no change since
        save_patient(store, Patient("Poe", "Ed"))
        closing = scheduler.on_close()
        assert closing is not None
    finally:
        store.close()
    left = list_backups(tmp_path / "backups")  # the last day's backups are all kept, newest first
    paths = [b.path for b in left]
    assert paths[0] == closing and first in paths and len(paths) == 3


def test_close_backs_up_when_something_changed(tmp_path: Path) -> None:
    store = services.open_store(tmp_path)
    assert services.close_store(store) is None  # nothing changed
    store = services.open_store(tmp_path)
    save_patient(store, Patient("Doe", "Jane"))
    made = services.close_store(store)
    assert made is not None and made.exists() and _integrity(made) == "ok"
    with sqlite3.connect(made) as conn:
        assert conn.execute("SELECT last_name FROM patients").fetchall() == [("Doe",)]


def test_the_closing_backup_lets_the_app_reopen_at_once(tmp_path: Path, monkeypatch) -> None:
    """The lock is released before the (slow, for a large practice) closing backup."""
    reopened: list[bool] = []
    copy = backups.copy_database_file

    def copy_while_reopening(database: Path, dest: Path, key: bytes | None = None) -> Path:
        again = services.open_store(tmp_path)  # DatabaseInUse if the lock were still held
        reopened.append(again.read_only)
        save_patient(again, Patient("Roe", "Rick"))  # and writes go on meanwhile
        try:
            return copy(database, dest, key)
        finally:
            services.close_store(again, backup=False)

    monkeypatch.setattr(backups, "copy_database_file", copy_while_reopening)
    store = services.open_store(tmp_path)
    save_patient(store, Patient("Doe", "Jane"))
    made = services.close_store(store)
    assert reopened == [False]
    assert made is not None and _integrity(made) == "ok"


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    first = save_order(store, full_order(1))
    backup = services.backup(store)
    save_order(store, full_order(2))
    with pytest.raises(DatabaseInUse):
        restore(backup, store.path)
    store.close()
    kept = services.restore_backup(backup, tmp_path)
    assert kept is not None and _integrity(kept) == "ok"
    store = new_store(tmp_path)
    try:
        assert count_orders(store) == 1
        assert load_order(store, first.id) == full_order(1)
    finally:
        store.close()
    with sqlite3.connect(kept) as conn:
        assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 2


def test_restore_over_a_damaged_database(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    save_order(store, full_order(1))
    backup = services.backup(store)
    store.close()
    database = location.database_path(tmp_path)
    database.write_bytes(b"garbage" * 1000)
    Path(f"{database}-wal").unlink(missing_ok=True)
    with pytest.raises(CorruptDatabase, match=rf"damaged.*Restore the newest backup.*{backup.name}"):
        new_store(tmp_path)
    kept = services.restore_backup(backup, tmp_path)
    assert kept is not None and kept.read_bytes().startswith(b"garbage")
    store = new_store(tmp_path)
    try:
        assert count_orders(store) == 1
    finally:
        store.close()


def test_restore_refuses_bad_backups_and_changes_nothing(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    save_order(store, full_order(1))
    store.close()
    database = location.database_path(tmp_path)
    before = database.read_bytes()
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a backup")
    with pytest.raises(NotADatabase):
        services.restore_backup(junk, tmp_path)
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(NotADatabase):
        services.restore_backup(foreign, tmp_path)
    broken = tmp_path / "broken.sqlite3"
    shutil.copy(database, broken)
    data = bytearray(broken.read_bytes())
    data[4096 * 3 : 4096 * 3 + 2000] = b"\x00\xff" * 1000
    broken.write_bytes(bytes(data))
    with pytest.raises(DamagedBackup, match=r"backup .* is damaged"):
        services.restore_backup(broken, tmp_path)
    assert database.read_bytes() == before


def test_a_backup_just_made_is_never_rotated_away(tmp_path: Path) -> None:
    clock = FakeClock()
    store = new_store(tmp_path, clock=clock)
    try:
        save_patient(store, Patient("Doe", "Jane"))
        first = backup_jobs.backup_now(store)
        save_patient(store, Patient("Roe", "Rick"))
        second = backup_jobs.backup_now(store)  # same second: named "-1", and newer
    finally:
        store.close()
    assert second != first and second.exists() and first.exists()
    assert [b.path for b in list_backups(second.parent)] == [second, first]


def test_a_started_backup_is_written_from_another_thread_while_orders_are_saved(tmp_path: Path) -> None:
    """The GUI's timed backup: its own read-only connection on a worker thread copies one
    consistent snapshot, and the app's writes carry on meanwhile (WAL)."""
    clock = FakeClock()
    store = new_store(tmp_path, clock=clock)
    try:
        for n in range(120):
            save_order(store, full_order(n))
        scheduler = BackupScheduler(store)
        work = scheduler.start_backup(clock.advance(minutes=31))
        assert not store.changed  # counted as taken: later changes wait for the next one
        result: list[Path] = []
        copier = threading.Thread(target=lambda: result.append(work()))
        copier.start()
        for n in range(120, 160):
            save_order(store, full_order(n))  # never "database is locked"
        copier.join(timeout=60)
        assert store.changed and count_orders(store) == 160
    finally:
        store.close()
    (copy,) = result
    assert _integrity(copy) == "ok"
    with sqlite3.connect(copy) as conn:
        copied = conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    assert 120 <= copied <= 160


def test_a_failed_backup_leaves_the_changes_unsaved(tmp_path: Path, monkeypatch) -> None:
    clock = FakeClock()
    store = new_store(tmp_path, clock=clock)
    scheduler = BackupScheduler(store)
    try:
        save_patient(store, Patient("Doe", "Jane"))

        def full_disk(*_args: object) -> Path:
            raise backups.StoreError("The backup could not be written: database or disk is full")

        monkeypatch.setattr(backups, "copy_database_file", full_disk)
        with pytest.raises(backups.StoreError, match="disk is full"):
            scheduler.maybe_backup(clock.advance(minutes=31))
        assert store.changed  # so the next timer tick or closing tries again
    finally:
        store.close()


def test_the_closing_backup_leaves_only_the_database_file(tmp_path: Path) -> None:
    store = services.open_store(tmp_path)
    save_patient(store, Patient("Doe", "Jane"))
    services.close_store(store)
    assert not list(tmp_path.glob("*-wal")) and not list(tmp_path.glob("*-shm"))


def test_backups_started_together_are_written_one_after_the_other(tmp_path: Path) -> None:
    """A timed backup and File › Back up now in the same second: two sound copies."""
    clock = FakeClock()
    store = new_store(tmp_path, clock=clock)
    try:
        for n in range(60):
            save_order(store, full_order(n))
        now = clock.advance(minutes=1)
        works = [backup_jobs.start_backup(store, now) for _ in range(3)]
        made: list[Path] = []
        threads = [threading.Thread(target=lambda w=w: made.append(w())) for w in works]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        store.close()
    assert len(set(made)) == 3
    assert all(_integrity(path) == "ok" for path in made)
