"""Small conversions between values and SQLite columns, shared by the table modules.

Dates are ISO text; Decimals are stored as their exact text (``str``) so that a
value read back equals, digit for digit, the value saved.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from infusiondesk.rules.order import Address

ADDRESS_COLUMNS = tuple(f.name for f in fields(Address))


def iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def address_columns(address: Address) -> dict[str, str]:
    return {name: getattr(address, name) for name in ADDRESS_COLUMNS}


def address_from(row: dict[str, Any]) -> Address:
    return Address(**{name: row[name] for name in ADDRESS_COLUMNS})


def find_id(db: Database, table: str, values: dict[str, Any]) -> int | None:
    """Id of a row whose columns equal ``values`` exactly (NULLs match NULLs)."""
    where = " AND ".join(f"[{column}] IS ?" for column in values)
    row = db.execute(
        f"SELECT id FROM [{table}] WHERE {where} ORDER BY id LIMIT 1", list(values.values())
    ).fetchone()
    return None if row is None else int(row[0])


def insert(db: Database, table: str, values: dict[str, Any]) -> int:
    columns = ", ".join(f"[{c}]" for c in values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(values.values()))
    return int(cursor.lastrowid or 0)


def update(db: Database, table: str, row_id: int, values: dict[str, Any]) -> None:
    sets = ", ".join(f"[{c}] = ?" for c in values)
    db.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", [*values.values(), row_id])


def fetch(db: Database, table: str, row_id: int) -> dict[str, Any] | None:
    cursor = db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id])
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))
