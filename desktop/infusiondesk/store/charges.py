"""The charge master: the practice's charge per unit of each code (box 24F).

A charge may be general or for one payer; a payer's own charge wins over the
general one (payers contract different rates). Amounts are exact Decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from infusiondesk.store import audit
from infusiondesk.store.errors import StoreError

if TYPE_CHECKING:
    from infusiondesk.store.database import Store


@dataclass(frozen=True, slots=True)
class Charge:
    code: str
    amount: Decimal
    payer_id: int | None  # None: every payer without its own charge


def _check(code: str, amount: Decimal) -> str:
    code = code.strip().upper()
    if not code:
        raise StoreError("A charge needs a code (HCPCS or CPT).")
    try:
        valid = amount.is_finite() and amount >= 0
    except (AttributeError, InvalidOperation):
        valid = False
    if not valid:
        raise StoreError(f"The charge for {code} must be a positive amount, not {amount!r}.")
    return code


def set_charge(store: Store, code: str, amount: Decimal, payer_id: int | None = None) -> None:
    code = _check(code, amount)
    with store.write() as db:
        old = db.execute(
            "SELECT amount FROM charge_master WHERE code = ? AND payer_id IS ?", [code, payer_id]
        ).fetchone()
        db.execute(
            "INSERT INTO charge_master (code, payer_id, amount) VALUES (?, ?, ?) "
            "ON CONFLICT (code, IFNULL(payer_id, 0)) DO UPDATE SET amount = excluded.amount",
            [code, payer_id, str(amount)],
        )
        audit.record_change(
            store,
            "charge",
            f"{code}/{payer_id or '*'}",
            "set",
            None if old is None else {"amount": old[0]},
            {"amount": str(amount)},
        )


def remove_charge(store: Store, code: str, payer_id: int | None = None) -> None:
    with store.write() as db:
        cursor = db.execute("DELETE FROM charge_master WHERE code = ? AND payer_id IS ?", [code, payer_id])
        if cursor.rowcount:
            audit.record_change(store, "charge", f"{code}/{payer_id or '*'}", "remove")


def charges_for(store: Store, payer_id: int | None) -> dict[str, Decimal]:
    """Charge per code for one payer: its own charges over the general ones."""
    with store.reading() as db:
        rows = db.execute(
            "SELECT code, amount FROM charge_master WHERE payer_id IS NULL OR payer_id IS ? "
            "ORDER BY payer_id IS NOT NULL",  # general first, so the payer's own overwrite
            [payer_id],
        ).fetchall()
    return {code: Decimal(amount) for code, amount in rows}


def list_charges(store: Store) -> list[Charge]:
    with store.reading() as db:
        rows = db.execute(
            "SELECT code, amount, payer_id FROM charge_master ORDER BY code, payer_id"
        ).fetchall()
    return [Charge(code, Decimal(amount), payer_id) for code, amount, payer_id in rows]
