"""The audit log is append-only, and printed claims are never edited in place."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from infusiondesk.rules.order import Patient
from infusiondesk.store import audit
from infusiondesk.store.claims import record_claim, set_status
from infusiondesk.store.errors import Refused
from infusiondesk.store.orders import delete_order, save_order
from infusiondesk.store.patients import save_patient
from tests.test_store_support import FakeClock, full_order, new_store


@pytest.fixture
def store(tmp_path: Path):
    opened = new_store(tmp_path, clock=FakeClock(), actor="biller1")
    yield opened
    opened.close()


def test_changes_are_logged_with_who_when_and_what(store) -> None:
    patient_id = save_patient(store, Patient("Doe", "Jane", phone="1"))
    save_patient(store, Patient("Doe", "Jane", phone="2"))
    rows = audit.history(store.db, "patient", patient_id)
    assert [r["action"] for r in rows] == ["create", "update"]
    assert json.loads(rows[1]["before"]) == {"phone": "1"}
    assert json.loads(rows[1]["after"]) == {"phone": "2"}
    assert {r["at"] for r in rows} == {"2026-03-01T09:00:00+00:00"}
    assert store.db.execute("SELECT DISTINCT actor FROM audit_log").fetchall() == [("biller1",)]


def test_order_edits_log_only_the_fields_that_changed(store) -> None:
    from dataclasses import replace

    saved = save_order(store, full_order(1))
    save_order(store, replace(full_order(1), prior_authorization="PA-NEW"), saved.id)
    last = audit.history(store.db, "order", saved.id)[-1]
    assert last["action"] == "update"
    assert json.loads(last["after"]) == {"version": 2, "prior_authorization": "PA-NEW"}
    delete_order(store, saved.id)
    deleted = audit.history(store.db, "order", saved.id)[-1]
    assert deleted["action"] == "delete" and "PA-NEW" in deleted["before"]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'mallory'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = 1",
    ],
)
def test_audit_rows_cannot_be_changed_or_removed(store, statement: str) -> None:
    save_patient(store, Patient("Doe", "Jane"))
    before = store.db.execute("SELECT * FROM audit_log").fetchall()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute(statement)
    assert store.db.execute("SELECT * FROM audit_log").fetchall() == before


def _printed_claim(store) -> int:
    saved = save_order(store, full_order(1))
    return record_claim(store, saved.id, saved.version, {"lines": []}, {"format": "x"})


@pytest.mark.parametrize(
    "change",
    [
        "claim_json = x'00'",
        "order_json = x'00'",
        "order_version = 9",
        "total_charge = '1'",
        "status = 'draft'",
        "resubmission_code = '7'",
    ],
)
def test_a_printed_claim_is_never_edited_in_place(store, change: str) -> None:
    claim_id = _printed_claim(store)
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        store.db.execute(f"UPDATE claims SET {change} WHERE id = ?", [claim_id])
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        store.db.execute("DELETE FROM claims WHERE id = ?", [claim_id])


def test_status_moves_forward_only(store) -> None:
    claim_id = _printed_claim(store)
    set_status(store, claim_id, "submitted", payer_claim_number="ICN1")
    set_status(store, claim_id, "denied")
    set_status(store, claim_id, "submitted")
    set_status(store, claim_id, "paid")
    with pytest.raises(Refused, match="cannot become"):
        set_status(store, claim_id, "printed")
    actions = [r["action"] for r in audit.history(store.db, "claim", claim_id)]
    assert actions == ["create", "status", "status", "status", "status"]


def test_an_order_with_a_printed_claim_cannot_be_deleted(store) -> None:
    claim_id = _printed_claim(store)
    order_id = store.db.execute("SELECT order_id FROM claims WHERE id = ?", [claim_id]).fetchone()[0]
    with pytest.raises(Refused, match="printed claim"):
        delete_order(store, order_id)
    assert store.db.execute("SELECT count(*) FROM orders").fetchone()[0] == 1
