"""claim-v1 files (order-format.md): the claim as JSON for other programs and tests.

Beyond the spec's keys, each line carries ``charge`` (the line total, a decimal
string, or null), ``explanation`` (the one-sentence rule behind it),
``place_of_service`` (box 24B), ``note`` (a NOC drug's description) and ``source``
(the order field behind it); bundled supplies carry ``source`` too: additive keys a
claim-v1 reader ignores if it doesn't know them. With them, ``claim_from_dict`` rebuilds
the very claim that was written, given its order and profile (a printed snapshot is
reprinted from its JSON, never recomputed).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from infusiondesk.claims.claim import Claim
from infusiondesk.rules.lines import BundledSupply, ClaimLine, Units
from infusiondesk.rules.order import Order
from infusiondesk.rules.problems import Problem
from infusiondesk.rules.profile import PayerProfile

CLAIM_FORMAT = "infusiondesk/claim-v1"


def _number(value: int | Decimal) -> int | str:
    """Whole units as JSON integers; fractions as decimal strings (order-format.md)."""
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.quantize(Decimal('0.01'))}"


def line_to_dict(line: ClaimLine) -> dict[str, Any]:
    return {
        "category": line.category,
        "code": line.code,
        "modifiers": list(line.modifiers),
        "from": line.first.isoformat(),
        "to": line.last.isoformat(),
        "units": _number(line.units),
        "ndc": line.ndc,
        "ndc_unit": line.ndc_unit,
        "ndc_quantity": None if line.ndc_quantity is None else _number(line.ndc_quantity),
        "diagnosis_pointers": line.diagnosis_pointers,
        "charge": _money(line.total_charge),
        "explanation": line.explanation,
        "place_of_service": line.place_of_service,
        "note": line.note,
        "source": line.source,
    }


def bundled_to_dict(item: BundledSupply) -> dict[str, Any]:
    return {
        "code": item.code,
        "quantity": _number(item.quantity),
        "date": item.date.isoformat(),
        "reason": item.reason,
        "source": item.source,
    }


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    return {
        "format": CLAIM_FORMAT,
        "payer_profile": claim.profile.key,
        "lines": [line_to_dict(line) for line in claim.lines],
        "bundled": [bundled_to_dict(item) for item in claim.bundled],
        "pages": claim.pages,
        "problems": [problem.as_dict() for problem in claim.problems],
    }


# --- reading a claim back ------------------------------------------------------------


class ClaimFileError(ValueError):
    """A claim-v1 mapping that cannot be read; the message names the key."""


def claim_from_dict(data: dict[str, Any], order: Order, profile: PayerProfile) -> Claim:
    """The inverse of ``claim_to_dict`` given the ``order`` and ``profile`` the claim was
    built from: each line's per-unit charge is its total divided by its units. Keys an
    older snapshot lacks take what the claim would have had: the order's place of
    service, no note, no source."""
    if data.get("format") != CLAIM_FORMAT:
        raise ClaimFileError(f"format must be {CLAIM_FORMAT!r}, not {data.get('format')!r}")
    try:
        lines = tuple(_line(item, order) for item in data.get("lines", ()))
        bundled = tuple(_bundled(item) for item in data.get("bundled", ()))
        problems = tuple(
            Problem(item["severity"], item["where"], item["message"]) for item in data.get("problems", ())
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as bad:
        raise ClaimFileError(f"the claim's lines cannot be read ({type(bad).__name__}: {bad})") from None
    return Claim(order, profile, lines, bundled, problems)


def _units(value: int | str) -> Units:
    return value if isinstance(value, int) else Decimal(value)


def _per_unit(total: str | None, units: Units) -> Decimal | None:
    if total is None:
        return None
    # A line's total is charge x units (ClaimLine.total_charge); zero units total zero.
    return Decimal(total) / units if units else Decimal(total)


def _line(item: dict[str, Any], order: Order) -> ClaimLine:
    units = _units(item["units"])
    quantity = item.get("ndc_quantity")
    return ClaimLine(
        category=item["category"],
        code=item["code"],
        modifiers=tuple(item["modifiers"]),
        first=date.fromisoformat(item["from"]),
        last=date.fromisoformat(item["to"]),
        units=units,
        explanation=item.get("explanation", ""),
        charge=_per_unit(item.get("charge"), units),
        ndc=item.get("ndc"),
        ndc_unit=item.get("ndc_unit"),
        ndc_quantity=None if quantity is None else Decimal(str(quantity)),
        diagnosis_pointers=item.get("diagnosis_pointers", "A"),
        place_of_service=item.get("place_of_service", order.place_of_service),
        note=item.get("note", ""),
        source=item.get("source", ""),
    )


def _bundled(item: dict[str, Any]) -> BundledSupply:
    return BundledSupply(
        code=item["code"],
        quantity=Decimal(str(item["quantity"])),
        date=date.fromisoformat(item["date"]),
        reason=item["reason"],
        source=item.get("source", ""),
    )
