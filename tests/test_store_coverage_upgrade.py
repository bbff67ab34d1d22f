"""Upgrading to schema 5: each patient's coverage is filled from their newest order."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

from infusiondesk import services
from infusiondesk.rules.order import Address, Insured
from tests.test_store_support import new_store
from tests.test_store_upgrade import SAMPLE

SPOUSE = {
    "last_name": "Sampleton",
    "first_name": "Sam",
    "relationship": "spouse",
    "middle_initial": "",
    "dob": "1949-05-06",
    "sex": "M",
    "group_number": "GRP-NEW",
    "plan_name": "Gold",
    "phone": "",
    "address": {"street": "1 Elm St", "city": "Austin", "state": "TX", "zip": "78701"},
}


def _schema_1_copy(tmp_path: Path) -> Path:
    """The schema-1 sample with a second, newer order for patient 1 carrying an insured."""
    database = tmp_path / "infusiondesk.sqlite3"
    shutil.copy(SAMPLE, database)
    with sqlite3.connect(database) as conn:
        conn.execute(
            "UPDATE orders SET insured = ? WHERE id = 1", [json.dumps({**SPOUSE, "group_number": "OLD"})]
        )
        conn.execute(
            "INSERT INTO orders (patient_id, payer_id, insured, payer_profile, created_at, updated_at) "
            "SELECT patient_id, payer_id, ?, payer_profile, created_at, created_at FROM orders WHERE id = 1",
            [json.dumps(SPOUSE)],
        )
    conn.close()
    return database


def test_upgrade_fills_coverage_from_the_newest_order(tmp_path: Path) -> None:
    _schema_1_copy(tmp_path)
    store = new_store(tmp_path)
    try:
        payer_id = store.db.execute("SELECT payer_id FROM orders WHERE id = 1").fetchone()[0]
        coverage = services.get_patient_coverage(store, 1)
        assert coverage == services.Coverage(
            payer_id,
            "GRP-NEW",
            "Gold",
            Insured(
                "Sampleton",
                "Sam",
                "spouse",
                dob=date(1949, 5, 6),
                sex="M",
                address=Address("1 Elm St", "Austin", "TX", "78701"),
            ),
        )
        assert services.get_patient_coverage(store, 2) == services.Coverage()  # no order
        assert len(services.list_orders(store, patient_id=1)) == 2  # orders untouched
    finally:
        store.close()


def test_upgrade_of_the_plain_sample_takes_the_payer_alone(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "infusiondesk.sqlite3")
    store = new_store(tmp_path)
    try:
        coverage = services.get_patient_coverage(store, 1)
        assert coverage.payer_id is not None and coverage.insured is None
        assert (coverage.group_number, coverage.plan_name) == ("", "")
    finally:
        store.close()
