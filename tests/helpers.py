"""Small builders shared by rule tests: an order in, the claim out."""

from __future__ import annotations

import copy
from collections import defaultdict
from pathlib import Path
from typing import Any

from infusiondesk.claims.build import build_claim
from infusiondesk.claims.claim import Claim
from infusiondesk.claims.claim_file import claim_to_dict
from infusiondesk.claims.order_file import parse_order
from infusiondesk.codesets import load_reference

COMPLETE_HEADER: dict[str, Any] = {
    "patient": {
        "last_name": "Doe",
        "first_name": "Jane",
        "dob": "1961-04-02",
        "sex": "F",
        "member_id": "XYZ123456789",
        "address": {"street": "1 Main St", "city": "Austin", "state": "TX", "zip": "78701"},
    },
    "payer": {
        "name": "Acme Health Plan",
        "payer_id": "12345",
        "address": {"street": "PO Box 1", "city": "Dallas", "state": "TX", "zip": "75201"},
    },
    "prescriber": {"last_name": "Smith", "first_name": "Ann", "npi": "1234567893"},
    "provider": {
        "name": "Sunrise Infusion Pharmacy",
        "npi": "1245319599",
        "ein": "12-3456789",
        "address": {"street": "9 Elm St", "city": "Austin", "state": "TX", "zip": "787021234"},
    },
    "diagnoses": ["A41.9", "T82.7XXA"],
    "prior_authorization": "PA20260001",
}


def order(
    therapies: list[dict[str, Any]], profile: str = "nhia", complete: bool = False, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "infusiondesk/order-v1",
        "payer_profile": profile,
        "therapies": therapies,
    }
    if complete:
        data.update(copy.deepcopy(COMPLETE_HEADER))
    data.update(extra)
    return data


def therapy(
    kind: str = "anti-infective",
    frequency: str = "q24h",
    start: str = "2026-01-01",
    stop: str = "2026-01-14",
    **extra: Any,
) -> dict[str, Any]:
    return {"therapy": kind, "frequency": frequency, "start": start, "stop": stop, **extra}


def compute(data: dict[str, Any]) -> Claim:
    reference = load_reference()
    return build_claim(
        parse_order(data, therapies=reference.therapies, profiles=reference.profiles), reference
    )


def compute_dict(data: dict[str, Any]) -> dict[str, Any]:
    return claim_to_dict(compute(data))


def units_by_code(
    claim: dict[str, Any], category: str | None = None
) -> dict[tuple[str, tuple[str, ...]], Any]:
    """Units summed per (code, modifiers) over all lines: the worked examples' measure."""
    totals: dict[tuple[str, tuple[str, ...]], Any] = defaultdict(int)
    for line in claim["lines"]:
        if category is None or line["category"] == category:
            totals[(line["code"], tuple(line["modifiers"]))] += line["units"]
    return dict(totals)


def problem_at(claim: dict[str, Any], where: str, severity: str | None = None) -> list[dict[str, str]]:
    return [
        p
        for p in claim["problems"]
        if p["where"] == where and (severity is None or p["severity"] == severity)
    ]


SOURCES = Path(__file__).resolve().parent / "data" / "sources"
"""Copies of the primary sources (tests/data/README.md names each)."""


def source_passage(source: str, passage: str) -> str:
    """Return `passage` after checking it stands in the copied primary source `source`.

    A test that derives its expected value from a published rule quotes the passage
    through this, so a misquoted or invented rule fails instead of passing silently.
    Whitespace and line breaks are folded; case is kept.
    """

    def fold(text: str) -> str:
        return " ".join(text.split())

    text = fold((SOURCES / source).read_text(encoding="utf-8"))
    assert fold(passage) in text, f"not in {source}: {passage!r}"
    return passage
