"""Reads are audited too (HIPAA audit controls): opening a patient or an order, a patient
search, printing and saving claims, an order file or 837P export, a backup and a restore
each leave an entry naming the user, and none of those entries holds the patient's data
or what was typed into the search."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.rules.order import Patient
from infusiondesk.services import electronic
from tests.helpers import order, therapy
from tests.x12_helpers import SETTINGS

READ_ACTIONS = {"view", "search", "export", "export-837p", "backup", "restore", "reprint"}


@pytest.fixture
def store(tmp_path: Path):
    opened = services.open_store(tmp_path, actor="alice")
    yield opened
    services.close_store(opened, backup=False)


def _saved_order(store) -> tuple[int, int, dict]:
    services.set_charge(store, "S9500", Decimal("185.00"))
    data = order([therapy(stop="2026-01-05")], complete=True, charges={"S9500": "185.00"})
    saved = services.import_order(store, data)
    return saved.id, services.order_patient_id(store, saved.id), data


def _new_entries(store, since: int) -> list[dict]:
    return [
        dict(row)
        for row in store.db.query(
            "SELECT id, actor, entity, entity_id, action, before, after FROM audit_log "
            "WHERE id > ? ORDER BY id",
            [since],
        )
    ]


def _last_id(store) -> int:
    return store.db.execute("SELECT IFNULL(max(id), 0) FROM audit_log").fetchone()[0]


def _phi(data: dict) -> list[str]:
    """What identifies the patient in the order file: none of it may reach a read entry."""
    patient = data["patient"]
    values = [patient["last_name"], patient["first_name"], patient["dob"], patient.get("member_id", "")]
    return [v for v in values if v]


def _assert_no_phi(entries: list[dict], phi: list[str]) -> None:
    for entry in entries:
        text = json.dumps(entry).lower()
        for value in phi:
            assert value.lower() not in text, (entry, value)


def test_opening_a_patient_and_an_order_is_recorded_with_the_user(store) -> None:
    order_id, patient_id, data = _saved_order(store)
    since = _last_id(store)
    services.get_patient(store, patient_id)
    services.load_order(store, order_id)
    entries = _new_entries(store, since)
    assert [(e["entity"], e["entity_id"], e["action"], e["actor"]) for e in entries] == [
        ("patient", str(patient_id), "view", "alice"),
        ("order", str(order_id), "view", "alice"),
    ]
    assert json.loads(entries[1]["after"]) == {"patient_id": patient_id}
    _assert_no_phi(entries, _phi(data))


def test_a_search_records_how_many_it_found_never_the_words(store) -> None:
    _order_id, _patient_id, data = _saved_order(store)
    typed = data["patient"]["last_name"][:4]
    since = _last_id(store)
    found = services.search_patients(store, typed)
    services.search_patients(store, "nobody-by-that-name")
    entries = _new_entries(store, since)
    assert [(e["action"], json.loads(e["after"])) for e in entries] == [
        ("search", {"results": len(found)}),
        ("search", {"results": 0}),
    ]
    assert len(found) == 1
    _assert_no_phi(entries, [*_phi(data), typed, "nobody-by-that-name"])


def test_printing_saving_and_exporting_are_recorded(store, tmp_path: Path) -> None:
    order_id, _patient_id, data = _saved_order(store)
    since = _last_id(store)
    claim_id = services.record_printed_claim(store, order_id).record.id  # printed
    services.record_printed_claim(store, order_id, how="saved")  # the same claim saved as PDF
    services.export_order(store, order_id)  # an order file
    electronic.save_clearinghouse_settings(store, SETTINGS)
    record = services.get_claim(store, claim_id)
    item = electronic.ExportItem(services.claim_for_printing(store, claim_id), claim_id, record.payer_id)
    electronic.export_837(store, [item], tmp_path / "monday.x12")
    entries = _new_entries(store, since)
    done = [(e["entity"], e["action"]) for e in entries]
    assert ("claim", "create") in done  # the first print records the claim
    reprint = next(e for e in entries if e["action"] == "reprint")
    assert json.loads(reprint["after"]) == {"how": "saved"}
    assert ("order", "export") in done and ("claim", "export-837p") in done
    assert {e["actor"] for e in entries} == {"alice"}
    _assert_no_phi([e for e in entries if e["action"] in READ_ACTIONS], _phi(data))


def test_backup_and_restore_are_recorded(tmp_path: Path) -> None:
    store = services.open_store(tmp_path, actor="alice")
    try:
        services.save_patient(store, Patient("Doe", "Jane"))
        backup = services.backup(store)
        assert _new_entries(store, 0)[-1]["action"] == "backup"
    finally:
        services.close_store(store, backup=False)
    services.restore_backup(backup, tmp_path, actor="bob")
    store = services.open_store(tmp_path)
    try:
        entries = _new_entries(store, 0)
        assert [(e["entity"], e["action"], e["actor"]) for e in entries[-2:]] == [
            ("database", "backup", "alice"),  # the backup holds its own entry
            ("database", "restore", "bob"),
        ]
        assert json.loads(entries[-1]["after"]) == {"from": backup.name}
        assert services.check(store).chain.ok
    finally:
        services.close_store(store, backup=False)


def test_a_read_only_window_reads_without_failing_and_records_nothing(store, tmp_path: Path) -> None:
    _order_id, patient_id, _data = _saved_order(store)
    since = _last_id(store)
    second = services.open_store(tmp_path, if_in_use="read-only", actor="bob")
    try:
        assert second.read_only
        services.get_patient(second, patient_id)
        services.search_patients(second, "doe")
    finally:
        services.close_store(second, backup=False)
    assert _new_entries(store, since) == []


def test_reads_do_not_make_a_backup_due(store) -> None:
    _order_id, patient_id, _data = _saved_order(store)
    store.changed = False  # as after a backup
    services.get_patient(store, patient_id)
    services.search_patients(store, "doe")
    assert store.changed is False
    # a read's entry skips the fsync, and changes are synced again right after
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_an_order_file_written_from_the_editor_is_recorded(store, tmp_path: Path) -> None:
    order_id, patient_id, data = _saved_order(store)
    since = _last_id(store)
    target = tmp_path / "order.json"
    services.save_order_file(store, services.load_order(store, order_id), target, order_id)
    assert json.loads(target.read_text())["patient"]["last_name"] == data["patient"]["last_name"]
    entries = _new_entries(store, since)
    assert [(e["entity"], e["action"]) for e in entries] == [("order", "view"), ("order", "export")]
    assert json.loads(entries[-1]["after"]) == {"patient_id": patient_id}
    _assert_no_phi(entries, _phi(data))
