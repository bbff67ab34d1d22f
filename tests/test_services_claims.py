"""Claims through services: listing and filtering in one query, reading one, and a
printed snapshot rebuilt exactly as printed (claim_from_dict); schema 4's upgrade."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from infusiondesk import services
from infusiondesk.claims.claim_file import ClaimFileError, claim_from_dict, claim_to_dict
from infusiondesk.codesets import load_profiles
from infusiondesk.rules.order import Payer
from infusiondesk.store import claims as claim_table
from infusiondesk.store.errors import NotFound, Refused, StoreError
from infusiondesk.store.migrations import MIGRATION_SET, migration_files
from tests.conftest import DATA
from tests.helpers import compute
from tests.test_store_support import full_order, small_order_file

EXAMPLES = json.loads((DATA / "worked-examples.json").read_text())["examples"]
SAMPLE_V1 = Path(__file__).parent / "data" / "store-v1.sqlite3"


@pytest.fixture
def store(tmp_path: Path):
    opened = services.open_store(tmp_path)
    yield opened
    services.close_store(opened, backup=False)


def _printed(store, n: int, payer: str = "Acme", status: str = "printed", **changes) -> int:
    """Order ``n`` (payer ``payer``) saved and its claim recorded; returns the claim id."""
    data = {**small_order_file(n), "payer": {"name": payer, "payer_id": payer[:3]}, **changes}
    saved = services.import_order(store, data)
    return services.record_printed_claim(store, saved.id, status=status).record.id


# --- list_claims / get_claim ------------------------------------------------------------------


def test_list_claims_newest_first_filtered_by_status_payer_and_dates(store) -> None:
    a1 = _printed(store, 1)  # service 2026-01-02 .. 01-11
    b = _printed(store, 40, payer="Beta Plan")  # 2026-02-10 .. 02-19
    a2 = _printed(store, 80, status="draft")  # 2026-03-22 .. 03-31
    services.set_claim_status(store, b, "submitted")
    acme = next(r.id for r in services.list_payers(store) if r.payer.name == "Acme")

    def ids(**filters) -> list[int]:
        return [r.id for r in services.list_claims(store, **filters)]

    assert ids() == [a2, b, a1]
    assert ids(status="printed") == [a1]
    assert ids(status="submitted") == [b]
    assert ids(payer_id=acme) == [a2, a1]
    assert ids(since=date(2026, 2, 19)) == [a2, b]  # the last day of b still meets it
    assert ids(until=date(2026, 1, 2)) == [a1]
    assert ids(since=date(2026, 1, 12), until=date(2026, 2, 9)) == []
    assert ids(payer_id=acme, status="draft", since=date(2026, 3, 1)) == [a2]
    assert ids(limit=2) == [a2, b] and ids(limit=2, offset=2) == [a1]
    with pytest.raises(Refused, match="status"):
        services.list_claims(store, status="lost")


def test_a_claim_keeps_its_payer_span_and_profile(store) -> None:
    claim_id = _printed(store, 1)
    record = services.get_claim(store, claim_id)
    assert (record.service_from, record.service_to) == (date(2026, 1, 2), date(2026, 1, 11))
    assert record.payer_id == services.list_payers(store)[0].id
    assert record.profile == load_profiles()["nhia"].as_dict()
    with pytest.raises(NotFound, match="Claim 999"):
        services.get_claim(store, 999)


def test_list_claims_is_one_query_and_needs_no_sort(store) -> None:
    for n in range(3):
        _printed(store, n)
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        services.list_claims(store, status="printed", since=date(2026, 1, 1))
    finally:
        store.db.conn.set_trace_callback(None)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    for where in ("status = 'printed'", "payer_id = 1"):
        plan = store.db.execute(
            f"EXPLAIN QUERY PLAN SELECT * FROM claims WHERE {where} ORDER BY id DESC"
        ).fetchall()
        text = " ".join(row[-1] for row in plan)
        assert "USING INDEX" in text and "TEMP B-TREE" not in text, text


def test_printed_claim_listing_copies_cannot_be_changed(store) -> None:
    claim_id = _printed(store, 1)
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"), store.db.conn:
        store.db.execute("UPDATE claims SET service_to = '2030-01-01' WHERE id = ?", [claim_id])


# --- claim_from_dict and claim_for_printing -------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_claim_from_dict_inverts_claim_to_dict(example) -> None:
    data = {**example["order"], "charges": {"S9502": "185.00", "S9504": "201.25", "99601": "150"}}
    claim = compute(data)
    assert claim.lines
    assert claim_from_dict(claim_to_dict(claim), claim.order, claim.profile) == claim


def test_a_full_order_round_trips_with_notes_place_and_sources() -> None:
    from infusiondesk.claims.build import build_claim

    claim = build_claim(full_order(3))
    back = claim_from_dict(json.loads(json.dumps(claim_to_dict(claim))), claim.order, claim.profile)
    assert back == claim
    assert any(line.note for line in back.lines) and {line.place_of_service for line in back.lines} == {"49"}
    assert all(line.source for line in back.lines)


def test_an_older_snapshot_without_the_new_keys_takes_the_orders_values() -> None:
    claim = compute(EXAMPLES[0]["order"])
    data = claim_to_dict(claim)
    for line in data["lines"]:
        for key in ("place_of_service", "note", "source"):
            del line[key]
    back = claim_from_dict(data, claim.order, claim.profile)
    assert [line.place_of_service for line in back.lines] == [claim.order.place_of_service] * len(back.lines)
    assert [line._replace(source="") for line in claim.lines] == list(back.lines)
    with pytest.raises(ClaimFileError, match="format"):
        claim_from_dict({**data, "format": "other"}, claim.order, claim.profile)
    with pytest.raises(ClaimFileError, match="lines"):
        claim_from_dict({**data, "lines": [{"code": "S9502"}]}, claim.order, claim.profile)


def test_claim_for_printing_is_the_snapshot_whatever_changed_since(store) -> None:
    data = small_order_file(1)
    del data["charges"]
    saved = services.import_order(store, data)
    services.set_charge(store, "S9502", Decimal("185.00"))
    services.set_charge(store, "J0690", Decimal("4.10"))
    settings = {**load_profiles()["nhia"].as_dict()}
    services.save_profile_copy(store, "ours", "Ours", "nhia", settings)
    services.save_order(store, replace(services.load_order(store, saved.id), payer_profile="ours"), saved.id)
    printed = services.record_printed_claim(store, saved.id)
    # Afterwards: new charges, an edited order, and the profile copy changed.
    services.set_charge(store, "S9502", Decimal("999.00"))
    order = services.load_order(store, saved.id)
    services.save_order(
        store, replace(order, therapies=order.therapies[:1], prior_authorization="NEW"), saved.id
    )
    services.save_profile_copy(store, "ours", "Ours", "nhia", {**settings, "multipage_box28": "continued"})
    assert services.compute_claim(store, saved.id) != printed.claim  # the order's claim moved on
    again = services.claim_for_printing(store, printed.record.id)
    assert again == printed.claim
    assert next(line.charge for line in again.lines if line.code == "S9502") == Decimal("185.00")
    assert again.order.prior_authorization == "PA1" and again.profile.multipage_box28 == "page-totals"


def test_claim_for_printing_a_correction_keeps_box_22(store) -> None:
    original = _printed(store, 1)
    services.set_claim_status(store, original, "submitted", payer_claim_number="ICN-5")
    corrected = services.record_correction(store, original, "8")
    again = services.claim_for_printing(store, corrected.record.id)
    assert again == corrected.claim
    assert again.order.resubmission is not None and again.order.resubmission.code == "8"


# --- schema 4 upgrade: claims recorded before it get their listing columns ---------------


def _schema_2_with_a_claim(folder: Path) -> Path:
    database = folder / "infusiondesk.sqlite3"
    shutil.copy(SAMPLE_V1, database)
    db = Database(database)
    migrations = Migrations(MIGRATION_SET)
    for path in migration_files()[:2]:
        sql = path.read_text()
        migrations(name=path.stem)(lambda d, sql=sql: d.executescript(sql))
    migrations.apply(db)
    claim = claim_to_dict(compute(EXAMPLES[1]["order"]))  # 2026-01-01 .. 01-14
    with db.conn:
        db.execute(
            "INSERT INTO claims (order_id, order_version, status, claim_json, order_json, "
            "created_at, status_changed_at) VALUES (1, 1, 'printed', ?, ?, 'then', 'then')",
            [claim_table.pack(claim), claim_table.pack({"format": "infusiondesk/order-v1"})],
        )
    db.close()
    return database


def test_upgrade_fills_the_listing_columns_of_older_claims(tmp_path: Path) -> None:
    _schema_2_with_a_claim(tmp_path)
    store = services.open_store(tmp_path)
    try:
        record = services.list_claims(store)[0]
        assert (record.service_from, record.service_to) == (date(2026, 1, 1), date(2026, 1, 14))
        assert record.payer_id == 1 and record.profile is None  # the sample order's payer
        assert [r.id for r in services.list_claims(store, payer_id=1, since=date(2026, 1, 14))] == [record.id]
        with pytest.raises(StoreError, match=f"Claim {record.id}'s snapshot cannot be read .payer_profile"):
            services.claim_for_printing(store, record.id)  # its order snapshot is a stub
    finally:
        services.close_store(store, backup=False)


def test_new_payer_rows_from_orders_show_in_the_payer_filter(store) -> None:
    claim_id = _printed(store, 2, payer="Gamma Care")
    gamma = services.add_payer(store, Payer("Gamma Care", "Gam"))
    assert [r.id for r in services.list_claims(store, payer_id=gamma)] == [claim_id]


def test_a_claim_without_its_profile_is_reprinted_with_the_profile_of_that_name(store) -> None:
    claim_id = _printed(store, 1, status="draft")
    with store.db.conn:  # as a claim recorded before schema 4 (a draft may be changed)
        store.db.execute("UPDATE claims SET profile_json = NULL WHERE id = ?", [claim_id])
    settings = {**load_profiles()["nhia"].as_dict(), "multipage_box28": "page-totals"}
    services.save_profile_copy(store, "nhia", "NHIA, ours", "nhia", settings)
    assert services.claim_for_printing(store, claim_id).profile.multipage_box28 == "page-totals"
