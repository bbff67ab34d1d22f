"""Rules values as the editor's order-v1 mappings, and finding a setup row by its value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from infusiondesk.claims.order_file import record_dict
from infusiondesk.rules.order import Prescriber, Provider
from infusiondesk.services import PayerRecord


def value_dict(value: Any) -> dict[str, Any] | None:
    """A rules value (Patient, Payer, …) as its order-v1 mapping, written as order files are."""
    return None if value is None else record_dict(value)


def id_of(rows: dict[int, Any], mapping: dict[str, Any] | None) -> int | None:
    """The id of the setup row (payer, prescriber) whose value is ``mapping``, if any."""
    for row_id, value in rows.items():
        if mapping and value_dict(value) == mapping:
            return row_id
    return None


def setup_parties(
    practice: Provider | None, payers: Sequence[PayerRecord], prescribers: Sequence[tuple[int, Prescriber]]
) -> dict[str, dict[int, Any]]:
    """Setup's practice, payers and prescribers by id, as an order's mappings hold them."""
    return {
        "provider": {0: value_dict(practice)} if practice is not None else {},
        "payer": {record.id: value_dict(record.payer) for record in payers},
        "prescriber": {row_id: value_dict(prescriber) for row_id, prescriber in prescribers},
    }


def follow_setup(
    state: dict[str, Any], before: dict[str, dict[int, Any]], after: dict[str, dict[int, Any]]
) -> dict[str, Any] | None:
    """``state`` with each party that was a Setup row as it stood (``before``) replaced by
    that row as corrected (``after``); None when no party of it changed. An order refers
    to Setup's parties: a corrected NPI reaches the open order too, not only saved ones."""
    changed = dict(state)
    for key, rows in before.items():
        value = state.get(key)
        row_id = next((i for i, row in rows.items() if value is not None and row == value), None)
        now = after.get(key, {}).get(row_id) if row_id is not None else None
        if now is not None and now != value:
            changed[key] = now
    return changed if changed != state else None
