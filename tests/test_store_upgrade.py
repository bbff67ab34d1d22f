"""Upgrading a database saved by the first schema (tests/data/store-v1.sqlite3)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

from infusiondesk.store import migrations
from infusiondesk.store.backups import list_backups
from infusiondesk.store.orders import load_order
from infusiondesk.store.patients import search_patients
from tests.test_store_support import new_store

SAMPLE = Path(__file__).parent / "data" / "store-v1.sqlite3"


def _names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def test_schema_1_sample_upgrades_keeping_its_data(tmp_path: Path) -> None:
    database = tmp_path / "infusiondesk.sqlite3"
    shutil.copy(SAMPLE, database)
    assert _names(database) == ["0001_initial"]
    store = new_store(tmp_path)
    try:
        assert migrations.applied_names(store.db) == migrations.known_names()
        order = load_order(store, 1)
        assert order.patient is not None and order.patient.last_name == "Sampleton"
        assert order.therapies[0].drugs[0].hcpcs == "J0690"
        assert len(order.therapies[0].holds) == 1
        assert order.nursing_visits[0].minutes == 90
        # Schema 2 added patient search; rows saved under schema 1 are found too.
        assert [m.id for m in search_patients(store, "samp")] == [1]
        assert [m.id for m in search_patients(store, "FAKE000222")] == [2]
        assert [m.id for m in search_patients(store, "1950-02-03")] == [1]
        assert store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1
    finally:
        store.close()
    kept = [b for b in list_backups(tmp_path / "backups") if b.kind == "before-upgrade"]
    assert len(kept) == 1
    assert _names(kept[0].path) == ["0001_initial"]  # the copy is the file as it was


def test_new_database_needs_no_upgrade_copy(tmp_path: Path) -> None:
    new_store(tmp_path).close()
    new_store(tmp_path).close()
    assert list_backups(tmp_path / "backups") == []


def test_sample_is_untouched_by_the_suite() -> None:
    assert _names(SAMPLE) == ["0001_initial"]
    assert date.fromisoformat("1950-02-03")  # the sample's fake patient
