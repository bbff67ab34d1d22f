"""The self-test's sample: a fictional patient's order, and reading the printed PDF.

Everyone here is invented (the payer, prescriber and practice come from the demo
data, see ``demo_data``), so running the self-test on a biller's computer puts no
real patient anywhere, not even in the temporary database it deletes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from infusiondesk import demo_data
from infusiondesk.claims.claim import Claim
from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import Address, NursingVisit, Order, Patient, Therapy

SAMPLE_LAST_NAME = "Selftest"  # looked for on the printed page
SAMPLE_CHARGES = {"S9374": "140.00", "99601": "160.00", "99602": "75.00"}


def sample_order(today: date) -> Order:
    """A fictional patient's week of hydration at home, with one nursing visit."""
    start = today - timedelta(days=14)
    stop = start + timedelta(days=6)
    payer, profile = demo_data.PAYERS[0]
    return Order(
        payer_profile=profile,
        therapies=(Therapy("hydration", "q24h", start, stop, "intermittent", Decimal(1000)),),
        patient=Patient(
            last_name=SAMPLE_LAST_NAME,
            first_name="Sample",
            dob=date(1950, 1, 2),
            sex="F",
            member_id="SELFTEST01",
            address=Address("1 Test St", "Austin", "TX", "78701"),
        ),
        payer=payer,
        prescriber=demo_data.PRESCRIBERS[0],
        provider=replace(demo_data.PRACTICE, name="Self-Test Home Infusion"),
        diagnoses=("E86.0",),
        billing_period=DateRange(start, stop),
        nursing_visits=(NursingVisit(start, 120),),
    )


def per_diem_codes(claim: Claim) -> list[str]:
    """The claim's per-diem codes (HCPCS S-codes), in line order, once each."""
    return list(dict.fromkeys(line.code for line in claim.lines if line.code.startswith("S")))


def first_page_text(pdf: bytes) -> str:
    """Page 1's text, read with pdfium (the library print preview uses)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_range())
        finally:
            textpage.close()
            page.close()
    finally:
        document.close()
