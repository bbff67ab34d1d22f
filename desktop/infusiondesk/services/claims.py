"""Claims as printed: record a snapshot, correct it, move its status, list them, and
rebuild a snapshot exactly as it was printed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from infusiondesk.claims.claim import Claim
from infusiondesk.claims.claim_file import claim_from_dict, claim_to_dict
from infusiondesk.claims.order_file import order_to_dict, parse_order
from infusiondesk.claims.reading import OrderFileError
from infusiondesk.codesets import profile_from_mapping
from infusiondesk.rules.order import Order, Resubmission
from infusiondesk.services.billing import compute_order, order_for_claim, profile_for
from infusiondesk.store import claims, orders
from infusiondesk.store.claims import ClaimRecord
from infusiondesk.store.database import Store
from infusiondesk.store.errors import Refused, StoreError


@dataclass(frozen=True, slots=True)
class RecordedClaim:
    claim: Claim
    record: ClaimRecord


def record_printed_claim(
    store: Store, order_id: int, claim: Claim | None = None, status: str = "printed", how: str = "printed"
) -> RecordedClaim:
    """Keep the snapshot of a claim that was printed (or saved as draft), once per claim
    content: printing the same claim again is logged as a reprint of the recorded one,
    so status tracking and box 22 corrections have exactly one claim to follow.

    ``claim`` is what was printed; it must come from the order as stored now
    (``compute_claim``), so the snapshot names the right order version."""
    with store.write():
        version = orders.order_version(store, order_id)
        expected = order_for_claim(store, order_id)
        if claim is None:
            profile_for(store, expected.payer_profile)  # refuse an unknown profile plainly
            claim = compute_order(store, expected, _payer_id(store, order_id))
        elif claim.order != expected:
            raise Refused(
                "The order changed after this claim was computed; compute it again before printing."
            )
        same = claims.same_claim(store, order_id, version, claim_to_dict(claim))
        if same is None:
            claim_id = _store_claim(store, order_id, version, claim, status=status)
        elif same.status == "draft" and status != "draft":  # the draft is printed now
            claim_id = same.id
            claims.set_status(store, claim_id, status)
        else:  # the same snapshot again: worksheet then red form, a reprint, a batch
            claim_id = same.id
            claims.record_reprint(store, claim_id, how)
    return RecordedClaim(claim, claims.get_claim(store, claim_id))


def exported_among(store: Store, claim_ids: Iterable[int]) -> frozenset[int]:
    """Those of ``claim_ids`` that went out in an 837P file: the Claims list shows
    their status as "Submitted (837P)" (``services.electronic`` records them)."""
    from infusiondesk.store import exports

    return exports.exported_claim_ids(store, claim_ids)


def record_reprint(store: Store, claim_id: int, how: str = "printed") -> None:
    """A claim on file printed or saved again from its snapshot (the Claims screen):
    logged as a reprint of that claim, never a second claim."""
    claims.get_claim(store, claim_id)  # NotFound for a claim that is not on file
    claims.record_reprint(store, claim_id, how)


def _payer_id(store: Store, order_id: int) -> int | None:
    payer_id = orders.order_row(store, order_id)["payer_id"]
    return None if payer_id is None else int(payer_id)


def _store_claim(store: Store, order_id: int, version: int, claim: Claim, **extra: Any) -> int:
    return claims.record_claim(
        store,
        order_id,
        version,
        claim_to_dict(claim),
        order_to_dict(claim.order),
        total_charge=claim.total_charge,
        payer_id=_payer_id(store, order_id),
        profile=claim.profile.as_dict(),
        **extra,
    )


def record_correction(
    store: Store, original_claim_id: int, code: str, original_ref: str | None = None
) -> RecordedClaim:
    """A corrected claim (box 22 code 7 replace or 8 void) from the order as it is now."""
    with store.write():
        original, reference = claims.correction_of(store, original_claim_id, code, original_ref)
        order = replace(order_for_claim(store, original.order_id), resubmission=Resubmission(code, reference))
        profile_for(store, order.payer_profile)
        claim = compute_order(store, order, _payer_id(store, original.order_id))
        version = orders.order_version(store, original.order_id)
        claim_id = _store_claim(
            store,
            original.order_id,
            version,
            claim,
            original_claim_id=original_claim_id,
            resubmission_code=code,
            original_ref=reference,
        )
    return RecordedClaim(claim, claims.get_claim(store, claim_id))


def set_claim_status(
    store: Store, claim_id: int, status: str, payer_claim_number: str | None = None
) -> ClaimRecord:
    claims.set_status(store, claim_id, status, payer_claim_number)
    return claims.get_claim(store, claim_id)


def next_statuses(status: str) -> list[str]:
    """Where a claim in ``status`` may go next (empty: final)."""
    return sorted(claims.NEXT_STATUS.get(status, ()))


def load_order_with_claim(store: Store, order_id: int) -> tuple[Order, ClaimRecord | None]:
    """What the order screen shows: the order and its latest claim snapshot."""
    return orders.load_order(store, order_id), claims.latest_claim(store, order_id)


def claim_for_printing(store: Store, claim_id: int) -> Claim:
    """The recorded claim exactly as it was printed, to preview or print again: rebuilt
    from its snapshot (claim-v1, order-v1 and the profile it was printed under), never
    recomputed, so later changes to the order or the charge master do not show.

    A claim recorded before profiles were kept with it (schema 4) uses the profile
    of that name as it is now."""
    record = claims.get_claim(store, claim_id)
    try:
        order = parse_order(record.order)
        if record.profile is not None:
            profile = profile_from_mapping(record.profile)
        else:
            profile = profile_for(store, record.claim.get("payer_profile") or order.payer_profile)
        return claim_from_dict(record.claim, order, profile)
    except OrderFileError as bad:
        problem = bad.problems[0] if bad.problems else None
        detail = f" ({problem.where}: {problem.message})" if problem else ""
        raise StoreError(f"Claim {claim_id}'s snapshot cannot be read{detail}.") from None
    except ValueError as bad:  # ClaimFileError, or stored profile settings no longer valid
        raise StoreError(f"Claim {claim_id}'s snapshot cannot be read: {bad}.") from None
