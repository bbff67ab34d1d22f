"""Opening the database: pragmas, the single-writer lock, and files we must refuse."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.rules.order import Patient
from infusiondesk.store import location, migrations
from infusiondesk.store.errors import (
    CorruptDatabase,
    DatabaseInUse,
    DiskFull,
    NewerDatabase,
    NotADatabase,
    ReadOnlyStore,
)
from infusiondesk.store.integrity import IntegrityCheck
from infusiondesk.store.orders import load_order, save_order
from infusiondesk.store.patients import save_patient
from tests.test_store_support import full_order, new_store


def test_new_database_has_every_migration_and_durable_pragmas(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    try:
        db = store.db
        assert migrations.applied_names(db) == migrations.known_names()
        assert len(migrations.known_names()) >= 2
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        store.close()


def test_data_dir_override_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(location.ENV_VAR, str(tmp_path / "env"))
    assert location.data_dir() == tmp_path / "env"
    assert location.data_dir(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.delenv(location.ENV_VAR)
    assert "InfusionDesk" in str(location.data_dir())


def test_second_writer_is_refused_or_reads_only(tmp_path: Path) -> None:
    first = new_store(tmp_path)
    try:
        save_patient(first, Patient("Doe", "Jane"))
        with pytest.raises(DatabaseInUse, match="open in another"):
            new_store(tmp_path)
        second = new_store(tmp_path, if_in_use="read-only")
        try:
            assert second.read_only
            assert second.db.execute("SELECT count(*) FROM patients").fetchone()[0] == 1
            with pytest.raises(ReadOnlyStore):
                save_patient(second, Patient("Roe", "Rick"))
        finally:
            second.close()
    finally:
        first.close()
    again = new_store(tmp_path)  # the lock goes with the store
    again.close()


def test_non_sqlite_file_is_refused_with_a_plain_message(tmp_path: Path) -> None:
    path = tmp_path / "infusiondesk.sqlite3"
    path.write_text("these are someone's notes, not a database\n" * 50)
    with pytest.raises(CorruptDatabase, match=r"damaged or incomplete.*No backup of it was found"):
        new_store(tmp_path)
    assert path.read_text().startswith("these are")  # untouched


def test_someone_elses_sqlite_file_is_not_written_into(tmp_path: Path) -> None:
    path = tmp_path / "infusiondesk.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
    with pytest.raises(NotADatabase):
        new_store(tmp_path)
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"bookmarks"}


def test_damaged_file_is_detected_at_open(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    for n in range(30):
        save_order(store, full_order(n))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = tmp_path / "infusiondesk.sqlite3"
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 2 * page):  # scribble over pages
        data[offset + 20 : offset + 400] = b"\xa5" * 380
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabase, match=r"damaged or incomplete"):
        new_store(tmp_path)


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    store.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('infusiondesk', '9999_from_the_future', 'x')"
    )
    store.close()
    with pytest.raises(NewerDatabase, match="newer version of Infusion Desk") as raised:
        new_store(tmp_path)
    assert raised.value.unknown == ["9999_from_the_future"]


def test_disk_full_fails_the_save_and_keeps_everything_before(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    try:
        kept = [save_order(store, full_order(n)) for n in range(3)]
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 1}")
        with pytest.raises(DiskFull, match="disk is full") as raised:
            for n in range(3, 200):
                save_order(store, full_order(n))
        assert "Traceback" not in str(raised.value)
        for saved, n in zip(kept, range(3), strict=True):
            assert load_order(store, saved.id) == full_order(n)
        assert store.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        store.db.execute(f"PRAGMA max_page_count = {pages + 10_000}")  # space freed
        later = save_order(store, full_order(500))
        assert load_order(store, later.id) == full_order(500)
    finally:
        store.close()


def test_services_open_uses_the_data_dir(tmp_path: Path) -> None:
    store = services.open_store(tmp_path / "mine")
    try:
        assert store.path == tmp_path / "mine" / "infusiondesk.sqlite3"
    finally:
        services.close_store(store)


def test_background_check_reports_a_sound_file(tmp_path: Path) -> None:
    new_store(tmp_path).close()
    store = services.open_store(tmp_path, check="background")
    try:
        assert store.integrity is not None
        assert services.integrity_status(store, wait=10) is True
    finally:
        services.close_store(store)


def test_background_check_reports_damage_without_blocking_open(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    for n in range(40):
        save_order(store, full_order(n))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = tmp_path / "infusiondesk.sqlite3"
    data = bytearray(path.read_bytes())
    tail = len(data) - 8 * 4096  # damage only late pages, so the open itself succeeds
    data[tail : tail + 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    store = services.open_store(tmp_path, check="background")
    try:
        with pytest.raises(CorruptDatabase, match="damaged or incomplete"):
            services.integrity_status(store, wait=10)
    finally:
        services.close_store(store, backup=False)


def test_closing_while_the_check_finishes_never_raises(tmp_path: Path) -> None:
    """CI once saw close() interrupt the check's connection just after the thread had
    closed it ("Cannot operate on a closed database"). Cancelling at every moment of the
    check's life, including the instant it ends, must be quiet."""
    new_store(tmp_path).close()
    path = tmp_path / "infusiondesk.sqlite3"
    for attempt in range(300):
        check = IntegrityCheck(path).start()
        if attempt % 3:
            time.sleep((attempt % 7) * 0.0002)
        check.cancel()
        assert check.result in (None, ["ok"])
