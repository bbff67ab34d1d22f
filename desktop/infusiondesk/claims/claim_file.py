"""claim-v1 files (order-format.md): the claim as JSON for other programs and tests.

Beyond the spec's keys, each line carries ``charge`` (the line total, a decimal
string, or null) and ``explanation`` (the one-sentence rule behind it): additive keys
a claim-v1 reader ignores if it doesn't know them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from infusiondesk.claims.claim import Claim
from infusiondesk.rules.lines import BundledSupply, ClaimLine

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
    }


def bundled_to_dict(item: BundledSupply) -> dict[str, Any]:
    return {
        "code": item.code,
        "quantity": _number(item.quantity),
        "date": item.date.isoformat(),
        "reason": item.reason,
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
