"""The audit log is tamper-evident: someone with the file and an SQLite shell who edits,
removes or slips in an entry (dropping the append-only triggers first and recreating
them after) is caught by ``check``, which names the first broken entry."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from infusiondesk.cli import main
from infusiondesk.rules.order import Patient
from infusiondesk.services.opening import check
from infusiondesk.store import audit
from infusiondesk.store.patients import save_patient
from tests.test_store_support import FakeClock, new_store

SAMPLE = Path(__file__).parent / "data" / "store-v1.sqlite3"
TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def _practice_with_history(folder: Path, changes: int = 6) -> Path:
    """A database whose log holds ``changes`` entries (ids 1..changes), closed."""
    store = new_store(folder, clock=FakeClock(), actor="biller1")
    try:
        patient_id = save_patient(store, Patient("Doe", "Jane", phone="0"))
        for n in range(1, changes):
            save_patient(store, Patient("Doe", "Jane", phone=str(n)), patient_id)
    finally:
        store.close()
    return folder / "infusiondesk.sqlite3"


def _tamper(database: Path, *statements: str) -> None:
    """What an SQLite shell can do: drop the triggers, change rows, recreate them."""
    conn = sqlite3.connect(database)
    try:
        saved = [
            row[0]
            for row in conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)", TRIGGERS
            )
        ]
        assert len(saved) == 2
        for name in TRIGGERS:
            conn.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            conn.execute(statement)
        for sql in saved:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def _verdict(folder: Path) -> audit.ChainVerdict:
    store = new_store(folder)
    try:
        return check(store).chain
    finally:
        store.close()


def test_an_untouched_log_verifies(tmp_path: Path) -> None:
    _practice_with_history(tmp_path)
    verdict = _verdict(tmp_path)
    assert verdict.ok and verdict.entries == 6


def test_the_empty_log_of_a_new_database_verifies(tmp_path: Path) -> None:
    assert _verdict(tmp_path).ok


@pytest.mark.parametrize(
    ("statements", "named"),
    [
        # an entry's values changed: the entry itself is named
        (['UPDATE audit_log SET after = \'{"phone":"555"}\' WHERE id = 3'], 3),
        (["UPDATE audit_log SET actor = 'someone' WHERE id = 2"], 2),
        (["UPDATE audit_log SET at = '2020-01-01T00:00:00+00:00' WHERE id = 5"], 5),
        # an entry removed from the middle, the first one, or the newest one
        (["DELETE FROM audit_log WHERE id = 4"], 4),
        (["DELETE FROM audit_log WHERE id = 1"], 1),
        (["DELETE FROM audit_log WHERE id = 6"], 6),
        (["DELETE FROM audit_log"], 1),
        # an entry slipped in with a made-up hash
        (
            [
                "INSERT INTO audit_log (at, actor, entity, entity_id, action, prev_hash, hash) "
                "SELECT at, actor, entity, entity_id, 'view', hash, hash FROM audit_log WHERE id = 6"
            ],
            7,
        ),
    ],
)
def test_tampering_behind_the_triggers_is_detected(tmp_path: Path, statements: list[str], named: int) -> None:
    database = _practice_with_history(tmp_path)
    _tamper(database, *statements)
    verdict = _verdict(tmp_path)
    assert not verdict.ok
    assert verdict.entry_id == named
    assert verdict.problem is not None and verdict.problem.startswith(f"audit entry {named} was ")


def test_check_on_the_command_line_names_the_broken_entry(tmp_path: Path, capsys) -> None:
    database = _practice_with_history(tmp_path)
    assert main(["--data-dir", str(tmp_path), "check"]) == 0
    assert "audit chain: ok" in capsys.readouterr().out
    _tamper(database, 'UPDATE audit_log SET after = \'{"phone":"1"}\' WHERE id = 3')
    assert main(["--data-dir", str(tmp_path), "check"]) == 1
    assert "audit chain: BROKEN: audit entry 3 was changed" in capsys.readouterr().out


def test_entries_from_before_the_chain_are_chained_on_upgrade(tmp_path: Path) -> None:
    database = tmp_path / "infusiondesk.sqlite3"
    shutil.copy(SAMPLE, database)  # schema 1: one unchained entry
    store = new_store(tmp_path)
    try:
        save_patient(store, Patient("After", "Upgrade"))
        assert check(store).chain == audit.ChainVerdict(2)
        unchained = store.db.execute("SELECT count(*) FROM audit_log WHERE hash IS NULL").fetchone()[0]
        assert unchained == 0
    finally:
        store.close()
    _tamper(database, "UPDATE audit_log SET actor = 'x' WHERE id = 1")
    assert _verdict(tmp_path).entry_id == 1


def test_a_sealed_entry_cannot_be_updated_even_to_fill_its_hash(tmp_path: Path) -> None:
    _practice_with_history(tmp_path, changes=1)
    store = new_store(tmp_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.db.execute("UPDATE audit_log SET hash = 'x' WHERE id = 1")
    finally:
        store.close()


def test_rechaining_under_a_new_key_verifies_under_it_only(tmp_path: Path) -> None:
    _practice_with_history(tmp_path)
    store = new_store(tmp_path)
    try:
        old, new = audit.chain_key(store), b"k" * 32
        assert audit.rechain(store, old, new) == 6
        assert audit.verify_chain(store, new).ok
        assert audit.verify_chain(store, old).entry_id == 1
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):  # the trigger is back
            store.db.execute("UPDATE audit_log SET actor = 'x' WHERE id = 1")
    finally:
        store.close()


def test_a_tampered_log_is_not_rechained(tmp_path: Path) -> None:
    database = _practice_with_history(tmp_path)
    _tamper(database, "DELETE FROM audit_log WHERE id = 2")
    store = new_store(tmp_path)
    try:
        with pytest.raises(audit.BrokenChain, match="audit entry 2 was removed"):
            audit.rechain(store, audit.chain_key(store), b"k" * 32)
    finally:
        store.close()


def test_the_chain_is_keyed_with_the_database_key_once_the_practice_is_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: "a hash chain, keyed with the database key". A log chained while the
    practice was plain is re-keyed once when it is first opened encrypted; from then on
    the stored secret no longer verifies it, the database key does, and entries appended
    later chain under it."""
    from infusiondesk import services
    from infusiondesk.services import users
    from infusiondesk.store import keys

    monkeypatch.setattr(keys, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    _practice_with_history(tmp_path)
    plain = new_store(tmp_path)
    secret = audit.chain_key(plain)  # no database key yet: the stored secret
    plain.close()
    try:
        users.create_administrator(tmp_path, "Ana", "correct horse battery")
        store = services.open_store(tmp_path, check="now")
        try:
            assert store.key is not None
            assert audit.verify_chain(store).ok and audit.verify_chain(store).entries == 6
            assert audit.verify_chain(store, audit.database_chain_key(store.key)).ok
            assert not audit.verify_chain(store, secret).ok
            save_patient(store, Patient("Roe", "Rick", phone="1"))
            assert audit.verify_chain(store).entries == 7 and audit.verify_chain(store).ok
        finally:
            services.close_store(store, backup=False)
    finally:
        users._SESSIONS.clear()
