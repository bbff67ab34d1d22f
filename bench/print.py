"""Print 1,000 one-page claims into one PDF, against a bare reportlab canvas.

Targets (issue 4): under 5 s on a 2-core machine, and within 1.3x of a bare canvas
writing the same strings at the same positions. Run by hand:

    uv run python bench/print.py [--claims 1000] [--repeat 3]

Claims are built from the value types before the clock starts (full header, four to
six lines with a drug line and its NDC), so the figure is printing alone: format,
fit, draw, save. The bare canvas gets the exact strings and positions our red-form
print draws, worked out beforehand, and draws them two ways: with the same
text-object calls as ours (the fair baseline: the ratio is then our overhead), and
with one ``drawString`` per value (the simplest code). ``render_claims`` pauses the
cycle collector while it builds (reportlab keeps every page's objects until save);
a fourth variant gives the bare canvas the same pause, so the ratio to it is the cost
of formatting and fitting alone. Ratios are medians of side-by-side runs (the
machine is shared; run-to-run noise is larger than the differences).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from reportlab.pdfgen.canvas import Canvas

from infusiondesk.claims.claim import Claim
from infusiondesk.output.layout import load_layout
from infusiondesk.output.pdf import prepare, render_claims
from infusiondesk.output.redform import DataPainter
from infusiondesk.rules.lines import ClaimLine
from infusiondesk.rules.order import (
    Address,
    Order,
    Patient,
    Payer,
    Prescriber,
    Provider,
)
from infusiondesk.rules.profile import PayerProfile

PRINTED_ON = date(2026, 4, 1)
PROFILE = PayerProfile("nhia", "NHIA")
LAST_NAMES = ["Doe", "Garcia", "Nguyen", "Okafor", "Smith", "Kowalski", "Haddad", "Lee"]
FIRST_NAMES = ["Jane", "Luis", "Mai", "Chidi", "Ann", "Piotr", "Rana", "Min"]


def make_claim(number: int) -> Claim:
    start = date(2026, 1, 1) + timedelta(days=number % 60)
    patient = Patient(
        LAST_NAMES[number % 8],
        FIRST_NAMES[number // 8 % 8],
        date(1950, 1, 1) + timedelta(days=number * 37),
        "MF"[number % 2],
        f"MBR{number:09d}",
        "Q",
        "512-555-1234",
        f"ACC{number}",
        Address(f"{number} Main St", "Austin", "TX", "78701"),
    )
    order = Order(
        "nhia",
        (),
        patient=patient,
        payer=Payer("Acme Health Plan", "12345", Address("PO Box 1", "Dallas", "TX", "75201")),
        prescriber=Prescriber("Smith", "Ann", "1234567893"),
        provider=Provider(
            "Sunrise Infusion Pharmacy",
            "1245319599",
            "12-3456789",
            "3336H0001X",
            "512-555-9876",
            Address("9 Elm St", "Austin", "TX", "78702-1234"),
        ),
        diagnoses=("A41.9", "T82.7XXA", "Z45.2"),
        prior_authorization="PA-2026-0001",
    )
    stop = start + timedelta(days=13)
    lines = [
        ClaimLine("per-diem", "S9502", (), start, stop, 14, "per diem", Decimal("185.00")),
        ClaimLine(
            "drug",
            "J0690",
            (),
            start,
            stop,
            168,
            "drug",
            Decimal("4.10"),
            ndc="00143992490",
            ndc_unit="UN",
            ndc_quantity=Decimal(42),
        ),
        ClaimLine("nursing", "99601", (), start, start, 1, "visit", Decimal("160.00")),
        ClaimLine("nursing", "99602", (), start, start, 1, "visit", Decimal("75.00")),
        ClaimLine(
            "supply", "A4222", (), start, start, 2, "supply", Decimal("12.50"), diagnosis_pointers="AB"
        ),
        ClaimLine(
            "waste",
            "J0690",
            ("JW",),
            start,
            stop,
            14,
            "waste",
            Decimal("4.10"),
            ndc="00143992490",
            ndc_unit="UN",
            ndc_quantity=Decimal("3.5"),
        ),
    ]
    return Claim(order, PROFILE, tuple(lines[: 4 + number % 3]), (), ())


def bare_strings(claims: list[Claim]) -> list[list[tuple[float, float, str]]]:
    """Per page, the (x, y, text) our red-form print draws: the baseline's input."""
    painter = DataPainter(load_layout())
    return [
        list(painter.placed(page))
        for item in prepare(claims, printed_on=PRINTED_ON)
        for page in item.fitted.text.pages
    ]


def bare_text_objects(pages: list[list[tuple[float, float, str]]]) -> bytes:
    layout = load_layout()
    painter = DataPainter(layout)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.page_width, layout.page_height), invariant=1)
    for strings in pages:
        text = canvas.beginText()
        text.setFont(painter.font, painter.size)
        text.setCharSpace(painter.char_space)
        for x, y, value in strings:
            text.setTextOrigin(x, y)
            text.textOut(value)
        canvas.drawText(text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bare_draw_string(pages: list[list[tuple[float, float, str]]]) -> bytes:
    layout = load_layout()
    painter = DataPainter(layout)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.page_width, layout.page_height), invariant=1)
    for strings in pages:
        canvas.setFont(painter.font, painter.size)
        for x, y, value in strings:
            canvas.drawString(x, y, value, charSpace=painter.char_space)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def paused(work: Callable[[], bytes]) -> bytes:
    """The bare canvas with the cycle collector paused, as render_claims pauses it: the
    ratio to this one is what formatting and fitting the claims cost."""
    gc.disable()
    try:
        return work()
    finally:
        gc.enable()


def measure(repeat: int, variants: dict[str, Callable[[], bytes]]) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds of each run of each variant. Runs are interleaved, so load
    from other processes on a shared machine falls on all variants alike."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, work in variants.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            work()
            runs[name].append((time.perf_counter() - started, time.process_time() - started_cpu))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    claims = [make_claim(n) for n in range(args.claims)]
    pages = bare_strings(claims)
    assert len(pages) == args.claims, "every benchmark claim must fit one form"
    strings = sum(len(page) for page in pages)
    render_claims(claims[:5], "red-form", printed_on=PRINTED_ON)  # warm caches (layout)
    results = measure(
        args.repeat,
        {
            "red-form render_claims": lambda: render_claims(claims, "red-form", printed_on=PRINTED_ON),
            "bare canvas, text object": lambda: bare_text_objects(pages),
            "bare canvas, drawString": lambda: bare_draw_string(pages),
            "bare text object, no gc": lambda: paused(lambda: bare_text_objects(pages)),
            "worksheet render_claims": lambda: render_claims(claims, "worksheet", printed_on=PRINTED_ON),
        },
    )
    print(
        f"{args.claims} one-page claims, {strings} strings, {os.cpu_count()} CPUs, "
        f"{args.repeat} interleaved runs: best wall / best CPU seconds"
    )
    ours = results["red-form render_claims"]
    for name, runs in results.items():
        ratios = [a[1] / b[1] for a, b in zip(ours, runs, strict=True)]
        print(
            f"  {name:26} {min(r[0] for r in runs):6.3f} / {min(r[1] for r in runs):6.3f}"
            f"   ours / this (CPU, median of side-by-side runs): {median(ratios):.2f}x"
        )
    bare = results["bare canvas, text object"]
    ratio = median(a[1] / b[1] for a, b in zip(ours, bare, strict=True))
    ok = min(r[0] for r in ours) < 5.0 and ratio <= 1.3
    print("targets (< 5 s wall, <= 1.3x bare text-object CPU):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
