"""Rules values as the editor's order-v1 mappings, and finding a setup row by its value."""

from __future__ import annotations

from dataclasses import asdict, fields, is_dataclass
from datetime import date
from typing import Any


def value_dict(value: Any) -> dict[str, Any] | None:
    """A rules value (Patient, Payer, …) as its order-v1 mapping (ISO dates, no blanks)."""
    if value is None:
        return None

    def clean(item: Any) -> Any:
        if isinstance(item, dict):
            return {k: clean(v) for k, v in item.items() if v not in (None, "", False, {})}
        return item.isoformat() if isinstance(item, date) else item

    raw = asdict(value) if is_dataclass(value) else dict(value)
    return clean({f.name: raw[f.name] for f in fields(value)} if is_dataclass(value) else raw)


def id_of(rows: dict[int, Any], mapping: dict[str, Any] | None) -> int | None:
    """The id of the setup row (payer, prescriber) whose value is ``mapping``, if any."""
    for row_id, value in rows.items():
        if mapping and value_dict(value) == mapping:
            return row_id
    return None
