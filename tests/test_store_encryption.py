"""Encryption at rest: the database, its WAL and its backups are SQLCipher files, and
nothing a biller saved can be read from their bytes (what `strings` would show)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from infusiondesk.store import backup_jobs, backups, cipher
from infusiondesk.store.errors import StoreError
from infusiondesk.store.orders import count_orders, load_order, save_order
from infusiondesk.store.restore import restore
from tests.test_store_support import full_order, new_store

KEY = bytes(range(32))
SAVED = (b"XYZ000000007", b"Jane7", b"Acme Health Plan", b"Sunrise Infusion")


def _readable(path: Path) -> list[bytes]:
    data = path.read_bytes()
    return [text for text in SAVED if text in data]


def test_database_wal_and_backup_hold_no_saved_text(tmp_path: Path) -> None:
    store = new_store(tmp_path, key=KEY)
    try:
        order_id = save_order(store, full_order(7)).id
        wal = Path(f"{store.path}-wal")
        assert wal.stat().st_size > 0  # the save is in the WAL, not yet in the file
        backup = backup_jobs.backup_now(store)
        for path in (store.path, wal, backup):
            assert _readable(path) == [], path.name
        assert load_order(store, order_id).patient.member_id == "XYZ000000007"
    finally:
        store.close()
    # The same save in a plain file shows each of them: the scan itself can find them.
    plain = new_store(tmp_path / "plain")
    try:
        save_order(plain, full_order(7))
        plain.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert _readable(plain.path) == list(SAVED)
    finally:
        plain.close()


def test_without_the_key_the_file_is_not_a_database(tmp_path: Path) -> None:
    store = new_store(tmp_path, key=KEY)
    save_order(store, full_order(1))
    store.close()
    with pytest.raises(sqlite3.DatabaseError, match="not a database"), sqlite3.connect(store.path) as conn:
        conn.execute("SELECT count(*) FROM patients").fetchone()
    with pytest.raises(StoreError):
        new_store(tmp_path, key=bytes(32)).close()  # another key: refused, never a traceback
    with pytest.raises(StoreError):
        new_store(tmp_path).close()  # no key


def test_an_encrypted_backup_restores_with_the_key(tmp_path: Path) -> None:
    store = new_store(tmp_path, key=KEY)
    save_order(store, full_order(1))
    backup = backup_jobs.backup_now(store)
    save_order(store, full_order(2))
    path = store.path
    store.close()
    assert backups.newest_backup(path) is not None  # offered, though its header is encrypted
    kept = restore(backup, path, key=KEY)
    assert kept is not None and _readable(kept) == []  # the replaced database is kept encrypted
    store = new_store(tmp_path, key=KEY)
    try:
        assert count_orders(store) == 1
    finally:
        store.close()


def test_a_plain_database_is_encrypted_in_place(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    for n in (7, 8, 9):
        save_order(store, full_order(n))
    path = store.path
    store.close()
    assert cipher.is_plain(path)
    with pytest.raises(StoreError, match="not encrypted yet"):
        new_store(tmp_path, key=KEY)
    counts = cipher.encrypt_in_place(path, KEY)
    assert counts["orders"] == 3
    assert not cipher.is_plain(path) and _readable(path) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no plain copy left
    store = new_store(tmp_path, key=KEY)
    try:
        assert count_orders(store) == 3
        assert store.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        store.close()


def test_the_background_check_reads_the_encrypted_file(tmp_path: Path) -> None:
    store = new_store(tmp_path, key=KEY)
    save_order(store, full_order(1))
    store.close()
    store = new_store(tmp_path, key=KEY, check="background")  # what the app does
    try:
        assert store.integrity is not None and store.integrity_ok(wait=30) is True
        assert store.db.execute("PRAGMA temp_store").fetchone()[0] == 2  # memory
    finally:
        store.close()


def test_a_stop_between_the_two_renames_loses_nothing(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    save_order(store, full_order(7))
    path = store.path
    store.close()
    path.rename(cipher.plain_copy(path))  # as if stopped right after the first rename
    cipher.resume(path)
    cipher.encrypt_in_place(path, KEY)
    store = new_store(tmp_path, key=KEY)
    try:
        assert count_orders(store) == 1 and not cipher.plain_copy(path).exists()
    finally:
        store.close()


def test_a_plain_copy_left_beside_the_encrypted_file_is_removed(tmp_path: Path) -> None:
    store = new_store(tmp_path, key=KEY)
    save_order(store, full_order(7))
    path = store.path
    store.close()
    cipher.plain_copy(path).write_bytes(b"XYZ000000007 left by a stop while zeroing")
    cipher.resume(path)
    assert not cipher.plain_copy(path).exists() and not cipher.is_plain(path)
