"""Claims as printed: immutable snapshots, a status, and corrections as new claims.

A claim row holds the claim-v1 JSON that was printed and the order-v1 JSON of the
order version it came from, so what went to the payer can always be shown again,
whatever happens to the order later. After it leaves draft, a trigger lets only its
status, the payer's claim number and the status time change (db/0001_initial.sql).
A correction is a new claim with box 22 code 7 (replacement) or 8 (void) and the
original's reference (NUCC 1500 instructions, item 22). Beside the snapshot a claim
keeps copies for listing (its payer and service span, db/0004_claim_listing.sql) and
the payer profile settings it was printed under, so a reprint is exact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from infusiondesk.rules.vocabulary import CLAIM_STATUSES
from infusiondesk.store import audit
from infusiondesk.store.errors import NotFound, Refused
from infusiondesk.store.packing import pack, unpack
from infusiondesk.store.rows import day, decimal, fetch, insert

if TYPE_CHECKING:
    from infusiondesk.store.database import Store

STATUSES = CLAIM_STATUSES
# Where a claim may go next; a denied claim is fixed by a correction, or resubmitted.
NEXT_STATUS = {
    "draft": {"printed"},
    "printed": {"submitted"},
    "submitted": {"paid", "denied"},
    "denied": {"submitted"},
    "paid": set(),
}
RESUBMISSION_CODES = {"7": "replacement of prior claim", "8": "void/cancel of prior claim"}


@dataclass(frozen=True)
class ClaimRecord:
    """A recorded claim. The snapshots are decoded when first read, not when listed:
    parsing a claim's JSON costs far more than reading its row, and a list of
    thousands of claims mostly shows the columns beside it."""

    id: int
    order_id: int
    order_version: int
    status: str
    total_charge: Decimal | None
    original_claim_id: int | None
    resubmission_code: str | None
    original_ref: str | None
    payer_claim_number: str
    created_at: str
    status_changed_at: str
    payer_id: int | None  # the order's payer when recorded
    service_from: date | None  # first and last service day of its lines
    service_to: date | None
    claim_blob: bytes = field(repr=False)  # packed claim-v1
    order_blob: bytes = field(repr=False)  # packed order-v1 of order_version
    profile_blob: bytes | None = field(default=None, repr=False)

    @cached_property
    def claim(self) -> dict[str, Any]:
        """The claim-v1 that was printed."""
        return unpack(self.claim_blob)

    @cached_property
    def order(self) -> dict[str, Any]:
        """The order-v1 of the order version it was built from."""
        return unpack(self.order_blob)

    @cached_property
    def profile(self) -> dict[str, Any] | None:
        """The PayerProfile settings it was printed under (None: recorded before schema 4)."""
        return None if self.profile_blob is None else unpack(self.profile_blob)


def service_span(claim: dict[str, Any]) -> tuple[str | None, str | None]:
    """The first and last service day (ISO) of a claim-v1's lines."""
    lines = claim.get("lines") or []
    if not lines:
        return None, None
    return min(line["from"] for line in lines), max(line["to"] for line in lines)


def _record(row: dict[str, Any]) -> ClaimRecord:
    return ClaimRecord(
        id=row["id"],
        order_id=row["order_id"],
        order_version=row["order_version"],
        status=row["status"],
        total_charge=decimal(row["total_charge"]),
        original_claim_id=row["original_claim_id"],
        resubmission_code=row["resubmission_code"],
        original_ref=row["original_ref"],
        payer_claim_number=row["payer_claim_number"],
        created_at=row["created_at"],
        status_changed_at=row["status_changed_at"],
        payer_id=row["payer_id"],
        service_from=day(row["service_from"]),
        service_to=day(row["service_to"]),
        claim_blob=row["claim_json"],
        order_blob=row["order_json"],
        profile_blob=row["profile_json"],
    )


def record_claim(
    store: Store,
    order_id: int,
    order_version: int,
    claim: dict[str, Any],
    order: dict[str, Any],
    *,
    total_charge: Decimal | None = None,
    status: str = "printed",
    original_claim_id: int | None = None,
    resubmission_code: str | None = None,
    original_ref: str | None = None,
    payer_id: int | None = None,
    profile: dict[str, Any] | None = None,
) -> int:
    """Store a snapshot; returns the claim's id. ``payer_id``: the order's payer row;
    ``profile``: the settings of the payer profile it was built under."""
    if status not in ("draft", "printed"):
        raise Refused(f"A new claim starts as draft or printed, not {status!r}.")
    now = store.now()
    service_from, service_to = service_span(claim)
    with store.write() as db:
        claim_id = insert(
            db,
            "claims",
            {
                "order_id": order_id,
                "order_version": order_version,
                "original_claim_id": original_claim_id,
                "resubmission_code": resubmission_code,
                "original_ref": original_ref,
                "status": status,
                "total_charge": None if total_charge is None else str(total_charge),
                "claim_json": pack(claim),
                "order_json": pack(order),
                "created_at": now,
                "status_changed_at": now,
                "payer_id": payer_id,
                "service_from": service_from,
                "service_to": service_to,
                "profile_json": None if profile is None else pack(profile),
            },
        )
        audit.record_change(
            store,
            "claim",
            claim_id,
            "create",
            None,
            {
                "order_id": order_id,
                "order_version": order_version,
                "status": status,
                "resubmission_code": resubmission_code,
                "original_claim_id": original_claim_id,
            },
        )
    return claim_id


def same_claim(store: Store, order_id: int, order_version: int, claim: dict[str, Any]) -> ClaimRecord | None:
    """The claim already recorded with exactly this content for this order version (not
    a correction), if any: printing it again is a reprint, not another claim."""
    wanted = _canonical(claim)
    with store.reading() as db:
        rows = list(
            db.query(
                "SELECT * FROM claims WHERE order_id = ? AND order_version = ? "
                "AND original_claim_id IS NULL ORDER BY id",
                [order_id, order_version],
            )
        )
    return next((_record(r) for r in rows if _canonical(unpack(r["claim_json"])) == wanted), None)


def _canonical(claim: dict[str, Any]) -> str:
    return json.dumps(claim, sort_keys=True, separators=(",", ":"), default=str)


def record_reprint(store: Store, claim_id: int, how: str = "printed") -> None:
    """A recorded claim printed or saved again: an audit event, never a second claim."""
    with store.write():
        audit.record_change(store, "claim", claim_id, "reprint", None, {"how": how})


def correction_of(
    store: Store, original_id: int, code: str, original_ref: str | None = None
) -> tuple[ClaimRecord, str]:
    """Check that ``original_id`` can be corrected with ``code``; returns it and the
    reference for box 22 (the payer's claim number unless one is given)."""
    if code not in RESUBMISSION_CODES:
        raise Refused(f"Box 22 code must be 7 (replacement) or 8 (void), not {code!r}.")
    original = get_claim(store, original_id)
    if original.status == "draft":
        raise Refused("A draft was never sent, so it needs no correction: print it instead.")
    reference = original_ref or original.payer_claim_number
    if not reference:
        raise Refused(
            f"Enter the payer's claim number for claim {original_id} first: box 22 of the "
            "correction must show it as the original reference."
        )
    return original, reference


def set_status(store: Store, claim_id: int, status: str, payer_claim_number: str | None = None) -> None:
    claim = get_claim(store, claim_id)
    if status != claim.status and status not in NEXT_STATUS[claim.status]:
        raise Refused(f"Claim {claim_id} is {claim.status}; it cannot become {status}.")
    changes: dict[str, Any] = {"status": status, "status_changed_at": store.now()}
    if payer_claim_number is not None:
        changes["payer_claim_number"] = payer_claim_number
    with store.write() as db:
        sets = ", ".join(f"{name} = ?" for name in changes)
        db.execute(f"UPDATE claims SET {sets} WHERE id = ?", [*changes.values(), claim_id])
        audit.record_change(
            store,
            "claim",
            claim_id,
            "status",
            {"status": claim.status, "payer_claim_number": claim.payer_claim_number},
            {k: v for k, v in changes.items() if k != "status_changed_at"},
        )


def get_claim(store: Store, claim_id: int) -> ClaimRecord:
    with store.reading() as db:
        row = fetch(db, "claims", claim_id)
    if row is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    return _record(row)


def claims_for_order(store: Store, order_id: int) -> list[ClaimRecord]:
    with store.reading() as db:
        rows = list(db.query("SELECT * FROM claims WHERE order_id = ? ORDER BY id", [order_id]))
    return [_record(row) for row in rows]


def latest_claim(store: Store, order_id: int) -> ClaimRecord | None:
    with store.reading() as db:
        rows = list(db.query("SELECT * FROM claims WHERE order_id = ? ORDER BY id DESC LIMIT 1", [order_id]))
    return _record(rows[0]) if rows else None


def list_claims(
    store: Store,
    *,
    status: str | None = None,
    since: date | None = None,
    until: date | None = None,
    payer_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ClaimRecord]:
    """Claims newest first, in one query. ``since``/``until``: claims whose service
    span meets that period (either end may be open); a claim without lines has no span
    and is left out when a period is given."""
    if status is not None and status not in STATUSES:
        raise Refused(f"A claim's status is one of {', '.join(STATUSES)}, not {status!r}.")
    conditions, params = [], []
    for sql, value in (
        ("status = ?", status),
        ("payer_id = ?", payer_id),
        ("service_to >= ?", since and since.isoformat()),
        ("service_from <= ?", until and until.isoformat()),
    ):
        if value is not None:
            conditions.append(sql)
            params.append(value)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = f"SELECT * FROM claims {where} ORDER BY id DESC LIMIT ? OFFSET ?"
    with store.reading() as db:
        rows = list(db.query(sql, [*params, -1 if limit is None else limit, offset]))
    return [_record(row) for row in rows]
