"""Claims built directly from the value types, and PDF reading, for the printing tests."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pdfplumber

from infusiondesk.claims.claim import Claim
from infusiondesk.output.layout import Layout, Rect, load_layout
from infusiondesk.rules.lines import BundledSupply, ClaimLine
from infusiondesk.rules.order import (
    Address,
    Order,
    Patient,
    Payer,
    Prescriber,
    Provider,
)
from infusiondesk.rules.problems import Problem
from infusiondesk.rules.profile import PayerProfile

PRINTED_ON = date(2026, 4, 1)
NHIA = PayerProfile("nhia", "NHIA")

ORDER = Order(
    payer_profile="nhia",
    therapies=(),
    patient=Patient(
        "Doe",
        "Jane",
        date(1961, 4, 2),
        "F",
        "XYZ123456789",
        "q",
        "512-555-1234",
        "ACC-77",
        Address("1 Main St.", "Austin", "TX", "78701"),
    ),
    payer=Payer("Acme Health Plan", "12345", Address("PO Box 1", "Dallas", "TX", "75201")),
    prescriber=Prescriber("Smith", "Ann", "1234567893"),
    provider=Provider(
        "Sunrise Infusion Pharmacy",
        "1245319599",
        "12-3456789",
        "3336H0001X",
        "(512) 555-9876",
        Address("9 Elm St", "Austin", "TX", "78702-1234"),
    ),
    diagnoses=("A41.9", "T82.7XXA"),
    prior_authorization="PA-2026-0001",
)

PER_DIEM = ClaimLine(
    "per-diem",
    "S9502",
    (),
    date(2026, 3, 1),
    date(2026, 3, 14),
    14,
    "S9502: q8h anti-infective, 14 days",
    Decimal("185.00"),
)
DRUG = ClaimLine(
    "drug",
    "J0690",
    (),
    date(2026, 3, 1),
    date(2026, 3, 14),
    168,
    "J0690: 12 units a day",
    Decimal("4.10"),
    ndc="00143992490",
    ndc_unit="UN",
    ndc_quantity=Decimal(42),
)
NURSING = ClaimLine(
    "nursing",
    "99602",
    ("SS", "JW"),
    date(2026, 3, 1),
    date(2026, 3, 1),
    Decimal("1.5"),
    "each added hour",
    Decimal("75.00"),
    diagnosis_pointers="AB",
)
BUNDLED = BundledSupply("A4221", Decimal(2), date(2026, 3, 1), "included in the per diem S9502")


def changed(line: ClaimLine, **changes: Any) -> ClaimLine:
    """A copy of a claim line with some fields changed."""
    return line._replace(**changes)


def make_claim(
    lines: tuple[ClaimLine, ...] = (PER_DIEM, DRUG, NURSING),
    *,
    order: Order = ORDER,
    profile: PayerProfile = NHIA,
    problems: tuple[Problem, ...] = (),
    **order_changes: Any,
) -> Claim:
    if order_changes:
        order = replace(order, **order_changes)
    return Claim(order, profile, lines, (BUNDLED,), problems)


def numbered_lines(count: int, charge: str = "10.00") -> tuple[ClaimLine, ...]:
    """``count`` one-day lines on consecutive days, each distinguishable by its date."""
    start = date(2026, 3, 1)
    return tuple(
        ClaimLine(
            "supply",
            "A4222",
            (),
            start + timedelta(days=i),
            start + timedelta(days=i),
            1,
            f"line {i + 1}",
            Decimal(charge),
        )
        for i in range(count)
    )


def pdf_pages(data: bytes) -> list[Any]:
    return list(pdfplumber.open(io.BytesIO(data)).pages)


def data_chars(page: Any, layout: Layout | None = None) -> list[dict[str, Any]]:
    """The claim data: characters in the grid's fixed-pitch font (labels are Helvetica)."""
    font = (layout or load_layout()).grid.font
    return [c for c in page.chars if c["fontname"] == font]


def read_field(chars: list[dict[str, Any]], layout: Layout, key: str, row: int | None = None) -> str:
    """What the PDF shows in one field: characters whose origin lies in the field's
    cells, put back at their columns (so right-aligned money keeps its spaces)."""
    spec, rect, grid = layout.field(key, row), layout.field_rect(key, row), layout.grid
    cells = [" "] * (spec.width + 4)
    for char in chars_in(chars, rect):
        index = round((char["x0"] - grid.x(spec.col)) / grid.column_pitch)
        cells[index] = char["text"]
    return "".join(cells).rstrip()


def chars_in(chars: list[dict[str, Any]], rect: Rect) -> list[dict[str, Any]]:
    """Characters whose origin (left end of the baseline) lies inside ``rect``."""
    return [c for c in chars if rect.x0 <= c["x0"] < rect.x1 and rect.top <= c["bottom"] - 1.0 <= rect.bottom]


def inside(char: dict[str, Any], rect: Rect) -> bool:
    return rect.contains(char["x0"], char["top"], char["x1"], char["bottom"])
