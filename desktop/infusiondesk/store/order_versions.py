"""An order's earlier versions, rebuilt from the audit log, and the orders whose
patient changed between versions.

Before issue 9 was fixed, a new order started after another was open could be saved
as "version 2" of that order: the earlier patient's order vanished from its patient.
Each save logs the fields it changed with their values before and after
(store/orders.py), so walking the log back from the order as it is now gives every
earlier version; a biller restores the lost one as its own order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType, UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

from infusiondesk.rules.order import Order, Patient
from infusiondesk.store import audit
from infusiondesk.store.orders import load_order, same_person

if TYPE_CHECKING:
    from infusiondesk.store.database import Store


@dataclass(frozen=True, slots=True)
class OrderVersion:
    version: int
    saved_at: str
    order: Order
    patient_changed: bool  # this version names another patient than the one before


def order_versions(store: Store, order_id: int) -> list[OrderVersion]:
    """Every version of an order, oldest first (the last one is the order as it is)."""
    current = audit.jsonable(load_order(store, order_id))
    with store.reading() as db:
        rows = db.execute(
            "SELECT at, action, before, after FROM audit_log "
            "WHERE entity = 'order' AND entity_id = ? AND action IN ('create', 'update') ORDER BY id",
            [str(order_id)],
        ).fetchall()
    states: list[tuple[int, str, dict[str, Any], bool]] = []
    state = current
    for at, action, before_text, after_text in reversed(rows):
        after = json.loads(after_text or "{}")
        if action == "create":
            states.append((int(after.get("version", 1)), at, state, False))
            break
        before = json.loads(before_text or "{}")
        states.append((int(after["version"]), at, state, _patient_changed(before, after)))
        state = {**state, **{k: v for k, v in before.items() if k != "version"}}
    return [OrderVersion(v, at, decode(Order, s), changed) for v, at, s, changed in reversed(states)]


def orders_with_patient_changes(store: Store) -> list[int]:
    """Orders saved with another patient than their version before (newest first)."""
    with store.reading() as db:
        rows = db.execute(
            "SELECT DISTINCT entity_id, before, after FROM audit_log WHERE entity = 'order' "
            "AND action = 'update' AND json_type(before, '$.patient') IS NOT NULL "
            "AND EXISTS (SELECT 1 FROM orders WHERE orders.id = CAST(entity_id AS INTEGER))"
        ).fetchall()
    found = {int(r[0]) for r in rows if _patient_changed(json.loads(r[1]), json.loads(r[2]))}
    return sorted(found, reverse=True)


def _patient_changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    if "patient" not in before and "patient" not in after:
        return False
    old, new = before.get("patient"), after.get("patient")
    if old is None or new is None:
        return old is not new
    return not same_person(decode(Patient, old), decode(Patient, new))


def decode(hint: Any, value: Any) -> Any:
    """Plain JSON from ``audit.jsonable`` back into the order's frozen values."""
    if value is None:
        return None
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, UnionType):
        return decode(next(a for a in args if a is not type(None)), value)
    if origin is tuple:
        return tuple(decode(args[0], item) for item in value)
    if origin is Mapping:
        return MappingProxyType({key: decode(args[1], item) for key, item in value.items()})
    if isinstance(hint, type) and is_dataclass(hint):
        hints = get_type_hints(hint)
        return hint(**{f.name: decode(hints[f.name], value[f.name]) for f in fields(hint) if f.name in value})
    if hint is date:
        return date.fromisoformat(value)
    if hint is Decimal:
        return Decimal(value)
    return value
