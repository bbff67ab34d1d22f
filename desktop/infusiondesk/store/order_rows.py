"""The mapping between an ``Order`` and its rows: therapies, holds, drugs, nursing
visits, supplies and charges, each with its position so order is kept exactly.

Kept apart from ``orders`` (which decides *when* to write) so the mapping can be
read in one place. A row's columns are the dataclass's fields under their own names,
each converted by its value's type (``_column``) and read back by its declared type
(``_from_column``): a field added to a dataclass is written and read without code
here (a table without its column refuses the row, loudly), and the store's round-trip
test with every field set (tests/test_store_orders.py) checks it. Only what is not one
column per field is written out: the references and child rows, the billing period,
the resubmission and the insured (JSON).
"""

from __future__ import annotations

import functools
import json
import types
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from sqlite_utils import Database

from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import (
    Drug,
    Insured,
    NursingVisit,
    Order,
    Resubmission,
    Supply,
    Therapy,
)
from infusiondesk.store.rows import dec, insert, iso

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")

# The Order's fields that are not a column of its own in the ``orders`` row: references
# to other tables (``orders.order_columns_with_references``), rows of their own, and
# the fields stored flattened (below).
ORDER_REFERENCES = frozenset({"patient", "payer", "prescriber", "provider", "facility"})
ORDER_CHILDREN = frozenset({"therapies", "nursing_visits", "supplies", "charges"})
ORDER_FLATTENED = frozenset({"billing_period", "resubmission", "insured"})
ORDER_NOT_IN_ROW = ORDER_REFERENCES | ORDER_CHILDREN | ORDER_FLATTENED
THERAPY_CHILDREN = frozenset({"holds", "drugs"})


def _column(value: Any) -> Any:
    """One field's value as its column: dates ISO text, Decimals their exact text,
    flags 0/1, a tuple of plain values a JSON list."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return dec(value)
    if isinstance(value, date):
        return iso(value)
    if isinstance(value, tuple):
        return json.dumps([_column(item) for item in value])
    return value


def _columns(value: Any, leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A dataclass's fields as columns under their own names."""
    return {f.name: _column(getattr(value, f.name)) for f in fields(value) if f.name not in leave_out}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _not_none(hint: Any) -> Any:
    """``X`` for ``X | None`` (and ``Optional[X]``)."""
    if get_origin(hint) in (Union, types.UnionType):
        rest = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return hint


def _from_column(hint: Any, stored: Any) -> Any:
    """A column read back as the type its field declares (``_column`` reversed)."""
    if stored is None:
        return None
    kind = _not_none(hint)
    if kind is Decimal:
        return Decimal(stored)
    if kind is date:
        return date.fromisoformat(stored)
    if kind is bool:
        return bool(stored)
    if get_origin(kind) is tuple:
        item = get_args(kind)[0]
        return tuple(_from_column(item, each) for each in json.loads(stored))
    return stored


def _from_row(cls: type[T], row: dict[str, Any], **given: Any) -> T:
    """A dataclass from a row with a column per field; ``given``: the fields kept elsewhere."""
    hints = _hints(cls)
    values = {f.name: _from_column(hints[f.name], row[f.name]) for f in fields(cls) if f.name not in given}
    return cls(**values, **given)


def _plain(value: Any) -> Any:
    """A value as JSON data, a dataclass as the mapping of its fields."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, date):
        return iso(value)
    return value


def _from_plain(hint: Any, data: Any) -> Any:
    kind = _not_none(hint)
    if data is None:
        return None
    if is_dataclass(kind) and isinstance(kind, type):
        hints = _hints(kind)
        return kind(**{name: _from_plain(hints[name], item) for name, item in data.items()})
    if kind is date:
        return date.fromisoformat(data)
    return data


def insured_json(insured: Insured | None) -> str | None:
    return None if insured is None else json.dumps(_plain(insured), sort_keys=True)


def insured_from_json(text: str | None) -> Insured | None:
    return None if text is None else _from_plain(Insured, json.loads(text))


def order_columns(order: Order) -> dict[str, Any]:
    """Columns of the ``orders`` row that come from the order itself (not references)."""
    period = order.billing_period
    resubmission = order.resubmission
    return {
        **_columns(order, leave_out=ORDER_NOT_IN_ROW),
        "billing_from": iso(period.first) if period else None,
        "billing_to": iso(period.last) if period else None,
        "resubmission_code": resubmission.code if resubmission else None,
        "resubmission_ref": resubmission.original_ref if resubmission else None,
        "insured": insured_json(order.insured),
    }


def insert_children(db: Database, order_id: int, order: Order) -> None:
    for position, therapy in enumerate(order.therapies):
        row = {"order_id": order_id, "position": position, **_columns(therapy, THERAPY_CHILDREN)}
        therapy_id = insert(db, "therapies", row)
        for index, hold in enumerate(therapy.holds):
            insert(db, "holds", {"therapy_id": therapy_id, "position": index, **_columns(hold)})
        for index, drug in enumerate(therapy.drugs):
            insert(db, "drugs", {"therapy_id": therapy_id, "position": index, **_columns(drug)})
    for position, visit in enumerate(order.nursing_visits):
        insert(db, "nursing_visits", {"order_id": order_id, "position": position, **_columns(visit)})
    for position, supply in enumerate(order.supplies):
        insert(db, "supplies", {"order_id": order_id, "position": position, **_columns(supply)})
    for code, amount in order.charges.items():
        insert(db, "order_charges", {"order_id": order_id, "code": code, "amount": dec(amount)})


def _rows(db: Database, sql: str, params: Iterable[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def load_therapies(db: Database, order_id: int) -> tuple[Therapy, ...]:
    therapies = _rows(db, "SELECT * FROM therapies WHERE order_id = ? ORDER BY position", [order_id])
    ids = [t["id"] for t in therapies]
    marks = ",".join("?" * len(ids))
    holds: dict[int, list[DateRange]] = {i: [] for i in ids}
    drugs: dict[int, list[Drug]] = {i: [] for i in ids}
    if ids:
        for row in _rows(
            db,
            f"SELECT * FROM holds WHERE therapy_id IN ({marks}) ORDER BY therapy_id, position",
            ids,
        ):
            holds[row["therapy_id"]].append(_from_row(DateRange, row))
        for row in _rows(
            db,
            f"SELECT * FROM drugs WHERE therapy_id IN ({marks}) ORDER BY therapy_id, position",
            ids,
        ):
            drugs[row["therapy_id"]].append(_from_row(Drug, row))
    return tuple(
        _from_row(Therapy, t, holds=tuple(holds[t["id"]]), drugs=tuple(drugs[t["id"]])) for t in therapies
    )


def load_visits(db: Database, order_id: int) -> tuple[NursingVisit, ...]:
    rows = _rows(db, "SELECT * FROM nursing_visits WHERE order_id = ? ORDER BY position", [order_id])
    return tuple(_from_row(NursingVisit, r) for r in rows)


def load_supplies(db: Database, order_id: int) -> tuple[Supply, ...]:
    rows = _rows(db, "SELECT * FROM supplies WHERE order_id = ? ORDER BY position", [order_id])
    return tuple(_from_row(Supply, r) for r in rows)


def load_charges(db: Database, order_id: int) -> dict[str, Decimal]:
    rows = db.execute(
        "SELECT code, amount FROM order_charges WHERE order_id = ? ORDER BY rowid", [order_id]
    ).fetchall()
    return {code: Decimal(amount) for code, amount in rows}


def order_fields_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """Order keyword arguments held in the ``orders`` row itself."""
    period = None
    if row["billing_from"] is not None:  # written with ``billing_to``, both or neither
        period = DateRange(date.fromisoformat(row["billing_from"]), date.fromisoformat(row["billing_to"]))
    resubmission = None
    if row["resubmission_code"] is not None:
        resubmission = Resubmission(row["resubmission_code"], row["resubmission_ref"])
    hints = _hints(Order)
    in_row = (
        f.name for f in fields(Order) if f.name not in ORDER_REFERENCES | ORDER_CHILDREN | ORDER_FLATTENED
    )
    return {
        **{name: _from_column(hints[name], row[name]) for name in in_row},
        "billing_period": period,
        "resubmission": resubmission,
        "insured": insured_from_json(row["insured"]),
    }
