"""Saving, loading, listing and deleting orders.

An order is saved whole, in one transaction: its row, its references (patient,
payer, prescriber, provider, facility) and every child row. Each save that changes
something bumps the order's version; claims record the version they were built
from. ``load_order`` rebuilds exactly the ``Order`` that was saved (the patient as
it is now: a patient edited since is the same person with new details).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from infusiondesk.rules.order import EMPTY_CHARGES, Order
from infusiondesk.store import audit, order_rows, patients, setup
from infusiondesk.store.errors import NotFound, Refused
from infusiondesk.store.rows import day, fetch, insert, update

if TYPE_CHECKING:
    from infusiondesk.store.database import Store

_REFERENCES = (
    ("patient_id", "patients", "patient", patients.patient_from_row),
    ("payer_id", "payers", "payer", setup.payer_from_row),
    ("prescriber_id", "prescribers", "prescriber", setup.prescriber_from_row),
    ("provider_id", "providers", "provider", setup.provider_from_row),
    ("facility_id", "facilities", "facility", setup.facility_from_row),
)


@dataclass(frozen=True, slots=True)
class SavedOrder:
    id: int
    version: int
    patient_id: int | None


@dataclass(frozen=True, slots=True)
class OrderSummary:
    """One line of the orders list."""

    id: int
    version: int
    patient_id: int | None
    patient_name: str
    payer_name: str
    first_day: date | None
    last_day: date | None
    therapies: str  # therapy keys, comma-separated
    updated_at: str


def save_order(
    store: Store, order: Order, order_id: int | None = None, patient_id: int | None = None
) -> SavedOrder:
    """Save a new order (``order_id`` None) or a new version of an existing one."""
    with store.write() as db:
        old = _load(store, order_id) if order_id is not None else None
        if order_id is not None and old is None:
            raise NotFound(f"Order {order_id} does not exist (was it deleted?).")
        if old is not None and old[1] == order:
            return SavedOrder(order_id, old[0]["version"], old[0]["patient_id"])
        if patient_id is None and old is not None and order.patient is not None:
            patient_id = _patient_to_update(store, order, old[0])
        columns = {
            **order_columns_with_references(store, order, patient_id),
            "updated_at": store.now(),
        }
        if old is None:
            columns |= {"version": 1, "created_at": columns["updated_at"]}
            order_id = insert(db, "orders", columns)
            audit.record_change(store, "order", order_id, "create", None, {"version": 1})
        else:
            columns["version"] = old[0]["version"] + 1
            update(db, "orders", order_id, columns)
            db.execute("DELETE FROM therapies WHERE order_id = ?", [order_id])
            for table in ("nursing_visits", "supplies", "order_charges"):
                db.execute(f"DELETE FROM {table} WHERE order_id = ?", [order_id])
            before, after = _diff(old[1], order)
            audit.record_change(
                store,
                "order",
                order_id,
                "update",
                {"version": old[0]["version"], **before},
                {"version": columns["version"], **after},
            )
        order_rows.insert_children(db, order_id, order)
        return SavedOrder(order_id, columns["version"], columns["patient_id"])


def _patient_to_update(store: Store, order: Order, old_row: dict[str, Any]) -> int | None:
    """The patient row an edited order's patient goes to: the one it names if it exists;
    else its old patient, renamed in place (a typo fixed) when no other order uses it."""
    assert order.patient is not None
    found = patients.find_patient_id(store, order.patient)
    old_id = old_row["patient_id"]
    if found is not None or old_id is None:
        return found
    shared = store.db.execute(
        "SELECT 1 FROM orders WHERE patient_id = ? AND id <> ? LIMIT 1", [old_id, old_row["id"]]
    ).fetchone()
    return None if shared else int(old_id)


def order_columns_with_references(store: Store, order: Order, patient_id: int | None) -> dict[str, Any]:
    columns = order_rows.order_columns(order)
    columns["patient_id"] = patients.save_patient(store, order.patient, patient_id) if order.patient else None
    columns["payer_id"] = (
        setup.add_payer(store, order.payer, profile=order.payer_profile) if order.payer else None
    )
    columns["prescriber_id"] = setup.add_prescriber(store, order.prescriber) if order.prescriber else None
    columns["provider_id"] = setup.add_provider(store, order.provider) if order.provider else None
    columns["facility_id"] = setup.add_facility(store, order.facility) if order.facility else None
    return columns


def _diff(before: Order, after: Order) -> tuple[dict[str, Any], dict[str, Any]]:
    names = [f.name for f in fields(Order)]
    return audit.changed_fields(
        {n: audit.jsonable(getattr(before, n)) for n in names},
        {n: audit.jsonable(getattr(after, n)) for n in names},
    )


def load_order(store: Store, order_id: int) -> Order:
    found = _load(store, order_id)
    if found is None:
        raise NotFound(f"Order {order_id} does not exist (was it deleted?).")
    return found[1]


def order_version(store: Store, order_id: int) -> int:
    with store.reading() as db:
        row = db.execute("SELECT version FROM orders WHERE id = ?", [order_id]).fetchone()
    if row is None:
        raise NotFound(f"Order {order_id} does not exist (was it deleted?).")
    return int(row[0])


def order_row(store: Store, order_id: int) -> dict[str, Any]:
    with store.reading() as db:
        row = fetch(db, "orders", order_id)
    if row is None:
        raise NotFound(f"Order {order_id} does not exist (was it deleted?).")
    return row


def _load(store: Store, order_id: int) -> tuple[dict[str, Any], Order] | None:
    with store.reading() as db:
        row = fetch(db, "orders", order_id)
        if row is None:
            return None
        values = order_rows.order_fields_from_row(row)
        for column, table, name, convert in _REFERENCES:
            ref = fetch(db, table, row[column]) if row[column] is not None else None
            values[name] = convert(ref) if ref is not None else None
        charges = order_rows.load_charges(db, order_id)
        order = Order(
            therapies=order_rows.load_therapies(db, order_id),
            nursing_visits=order_rows.load_visits(db, order_id),
            supplies=order_rows.load_supplies(db, order_id),
            charges=MappingProxyType(charges) if charges else EMPTY_CHARGES,
            **values,
        )
    return row, order


def delete_order(store: Store, order_id: int) -> None:
    """Delete an order and its drafts; refused once a claim of it was printed."""
    with store.write() as db:
        found = _load(store, order_id)
        if found is None:
            raise NotFound(f"Order {order_id} does not exist (was it deleted?).")
        printed = db.execute(
            "SELECT count(*) FROM claims WHERE order_id = ? AND status <> 'draft'", [order_id]
        ).fetchone()[0]
        if printed:
            raise Refused(
                f"Order {order_id} has {printed} printed claim(s), so it is kept; "
                "void the claim with a correction instead."
            )
        db.execute("DELETE FROM claims WHERE order_id = ?", [order_id])
        db.execute("DELETE FROM orders WHERE id = ?", [order_id])
        audit.record_change(store, "order", order_id, "delete", audit.jsonable(found[1]), None)


def list_orders(
    store: Store, *, patient_id: int | None = None, limit: int = 200, offset: int = 0
) -> list[OrderSummary]:
    where, params = ("WHERE o.patient_id = ?", [patient_id]) if patient_id else ("", [])
    sql = f"""
        SELECT o.id, o.version, o.patient_id,
               coalesce(p.last_name || ', ' || p.first_name, '') AS patient_name,
               coalesce(y.name, '') AS payer_name,
               (SELECT min(start) FROM therapies t WHERE t.order_id = o.id) AS first_day,
               (SELECT max(stop) FROM therapies t WHERE t.order_id = o.id) AS last_day,
               (SELECT group_concat(therapy, ', ') FROM
                   (SELECT therapy FROM therapies t WHERE t.order_id = o.id ORDER BY position))
                   AS therapies,
               o.updated_at
        FROM orders o LEFT JOIN patients p ON p.id = o.patient_id
                      LEFT JOIN payers y ON y.id = o.payer_id
        {where} ORDER BY o.id DESC LIMIT ? OFFSET ?"""
    with store.reading() as db:
        rows = db.execute(sql, [*params, limit, offset]).fetchall()
    return [OrderSummary(r[0], r[1], r[2], r[3], r[4], day(r[5]), day(r[6]), r[7] or "", r[8]) for r in rows]


def count_orders(store: Store) -> int:
    with store.reading() as db:
        return int(db.execute("SELECT count(*) FROM orders").fetchone()[0])
