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

from infusiondesk.rules.order import EMPTY_CHARGES, Order, Patient
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
        if old is not None:
            patient_id = _same_patient(store, order, old, patient_id)
            if old[1] == order:
                return SavedOrder(old[0]["id"], old[0]["version"], old[0]["patient_id"])
        elif patient_id is not None and order.patient is not None:
            _chosen_patient(store, order.patient, patient_id)
        columns = {
            **order_columns_with_references(store, order, patient_id),
            "updated_at": store.now(),
        }
        if old is None:
            columns |= {"version": 1, "created_at": columns["updated_at"]}
            saved_id = insert(db, "orders", columns)
            audit.record_change(store, "order", saved_id, "create", None, {"version": 1})
        else:
            saved_id = int(old[0]["id"])  # ``order_id``, the row ``old`` was read from
            columns["version"] = old[0]["version"] + 1
            update(db, "orders", saved_id, columns)
            db.execute("DELETE FROM therapies WHERE order_id = ?", [saved_id])
            for table in ("nursing_visits", "supplies", "order_charges"):
                db.execute(f"DELETE FROM {table} WHERE order_id = ?", [saved_id])
            before, after = _diff(old[1], order)
            audit.record_change(
                store,
                "order",
                saved_id,
                "update",
                {"version": old[0]["version"], **before},
                {"version": columns["version"], **after},
            )
        order_rows.insert_children(db, saved_id, order)
        return SavedOrder(saved_id, columns["version"], columns["patient_id"])


def _same_patient(
    store: Store, order: Order, old: tuple[dict[str, Any], Order], patient_id: int | None
) -> int | None:
    """The patient row a new version of an order goes to: always the order's own.

    A new version may correct its patient's details (a typo in the name, the birth
    date or the member ID), never make it another patient's order: that lost orders
    when a form kept the id of the order opened before (issue 9). Raises Refused."""
    row, before = old
    old_id = row["patient_id"]
    if old_id is None:  # no patient yet: the first one is chosen now
        return patient_id
    found = _found(store, order) if order.patient is not None else None
    if (
        order.patient is None
        or (patient_id is not None and patient_id != old_id)
        or (found is not None and found != old_id)
        or (before.patient is not None and not same_person(before.patient, order.patient))
    ):
        raise Refused(
            f"Order {row['id']} belongs to another patient: a new version cannot change or remove "
            "whose order it is. Correct a patient's details in Patients › Edit patient; for "
            "another patient, start a new order (File › New order)."
        )
    return int(old_id)


def _chosen_patient(store: Store, patient: Patient, patient_id: int) -> None:
    """A new order for a chosen patient must still name that person: typing another
    person over the chosen one would otherwise rewrite the chosen patient's details."""
    if not same_person(patients.get_patient(store, patient_id).patient, patient):
        raise Refused(
            "The patient typed is not the patient chosen for this order: choose them again "
            "(Find patient) or start a new order (File › New order)."
        )


def _found(store: Store, order: Order) -> int | None:
    assert order.patient is not None
    return patients.find_patient_id(store, order.patient)


def same_person(before: Patient, after: Patient) -> bool:
    """Plausibly one person: the same full name, or (a name corrected) the same birth
    date and member ID. Twins share a surname and a birth date, never a member ID."""
    name = (before.last_name.casefold(), before.first_name.casefold()) == (
        after.last_name.casefold(),
        after.first_name.casefold(),
    )
    born = before.dob is not None and before.dob == after.dob
    member = bool(before.member_id) and before.member_id.upper() == after.member_id.upper()
    return name or (born and member)


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
