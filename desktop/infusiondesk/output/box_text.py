"""Claim -> the text of every CMS-1500 box, formatted as billing-rules.md §9 says.

Formats (*nucc* 1500 instructions, billing-rules.md §9): data uppercase without
``.`` or ``#``; dates ``MM DD YY`` (service lines) or ``MM DD YYYY`` (birth dates);
money without ``$`` or commas, dollars before the dotted line and cents after it;
units left-justified with decimals only when fractional; ICD-10-CM codes without
the decimal point; EIN and ZIP digits only. Nothing here cuts a value to fit: a
value longer than its box is left whole for ``fit`` to report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from infusiondesk.claims.claim import Claim, ClaimPage, paginate
from infusiondesk.output import people
from infusiondesk.rules.lines import ClaimLine, Units
from infusiondesk.rules.profile import PayerProfile

CENT = Decimal("0.01")
THOUSANDTH = Decimal("0.001")
X = "X"
HOME = "12"  # place of service 12: box 32 stays blank (billing-rules.md §9)
DIAGNOSIS_LETTERS = "ABCDEFGHIJKL"
_TWO = tuple(f"{n:02d}" for n in range(100))  # MM, DD, YY: the hot path of big batches


@dataclass(frozen=True, slots=True)
class PageText:
    """One printed form: the header shared by every page, this page's own boxes
    (page number, 19, 28) and one mapping per service line (row 1 first)."""

    number: int
    of: int
    header: Mapping[str, str]
    own: Mapping[str, str]
    rows: tuple[Mapping[str, str], ...]
    line_indexes: tuple[int, ...]  # index in claim.lines of each row


@dataclass(frozen=True, slots=True)
class ClaimText:
    claim: Claim
    header: Mapping[str, str]
    lines: tuple[Mapping[str, str], ...]  # one per claim line
    pages: tuple[PageText, ...]


def money(amount: Decimal) -> str:
    """``1234.5`` -> ``' 1234 50'``: dollars right-aligned before the dotted line (five
    places), cents after it (*nucc* 24F/28). Over 99999.99 it is longer than 8 characters."""
    dollars, _, cents = f"{amount.quantize(CENT, ROUND_HALF_UP):f}".partition(".")
    return f"{dollars:>5} {cents}"


def number(value: Units | Decimal) -> str:
    """Units and NDC quantities: no decimal point for whole numbers, no commas."""
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def ndc_quantity(quantity: Decimal) -> str:
    """Up to three decimals (*nucc* 24 shaded area)."""
    return number(quantity.quantize(THOUSANDTH, ROUND_HALF_UP))


def ndc_line(line: ClaimLine, separator: str) -> str:
    """``N4`` + 11-digit NDC + separator + unit qualifier + quantity, e.g.
    ``N400143992490 UN2`` (billing-rules.md §9; separator is the profile's)."""
    text = "N4" + people.digits(line.ndc or "")
    if line.ndc_unit and line.ndc_quantity is not None:
        text += separator + line.ndc_unit.upper() + ndc_quantity(line.ndc_quantity)
    return text


def icd(code: str) -> str:
    """Box 21: ICD-10-CM without the decimal point (*nucc* 21)."""
    return code.replace(".", "").strip().upper()


def line_text(line: ClaimLine, profile: PayerProfile) -> dict[str, str]:
    """The boxes of one service line (24A-J)."""
    first, last = line.first, line.last
    text = {
        "24A.from.mm": _TWO[first.month],
        "24A.from.dd": _TWO[first.day],
        "24A.from.yy": _TWO[first.year % 100],
        "24A.to.mm": _TWO[last.month],
        "24A.to.dd": _TWO[last.day],
        "24A.to.yy": _TWO[last.year % 100],
        "24B": line.place_of_service,
        "24D.code": line.code.upper(),
        # Medicare: "Enter only one reference number per line item" (profile setting).
        "24E": line.diagnosis_pointers.upper()[: profile.diagnosis_pointers_per_line],
        "24G": number(line.units),
    }
    if line.modifiers:
        text["24D.modifiers"] = " ".join(m.upper() for m in line.modifiers)
    total = line.total_charge
    if total is not None:
        text["24F"] = money(total)
    if line.ndc:
        text["24.supplemental"] = ndc_line(line, profile.ndc_separator)
    return text


def header_text(claim: Claim, printed_on: date) -> dict[str, str]:
    """Every box that is the same on each page of the claim."""
    order = claim.order
    text: dict[str, str] = {"21.ind": "0"}  # ICD indicator 0 = ICD-10-CM (*nucc* 21)
    text.update(people.payer_fields(order.payer))
    patient = people.patient_fields(order)
    text.update(patient)
    text.update(people.insured_fields(order, patient, claim.profile.insured_boxes_when_self))
    for key in ("10a.no", "10b.no", "10c.no"):
        # The order records no employment or accident: home infusion is billed as not
        # accident-related (*nucc* 10a-c ask for an X in YES or NO).
        text[key] = X
    text["12"] = text["13"] = "SIGNATURE ON FILE"  # *nucc* 12/13: "SOF" or the phrase
    text.update(people.prescriber_fields(order.prescriber))
    for letter, code in zip(DIAGNOSIS_LETTERS, order.diagnoses, strict=False):
        text[f"21.{letter}"] = icd(code)
    if order.resubmission is not None:  # box 22 only on corrected claims (*nucc* 22)
        text["22.code"] = order.resubmission.code.strip()
        text["22.ref"] = people.identifier(order.resubmission.original_ref)
    if order.prior_authorization:  # no hyphens or spaces (billing-rules.md §9)
        text["23"] = people.identifier(order.prior_authorization)
    text.update(people.provider_fields(order.provider, claim.profile.taxonomy_in_33b))
    if not all(line.place_of_service == HOME for line in claim.lines) or (order.place_of_service != HOME):
        text.update(people.facility_fields(order.facility, order.provider))
    # 27: always an X; a blank box reads as "not assigned" (NUCC 27)
    text["27.yes" if claim.profile.accept_assignment else "27.no"] = X
    text["31"] = "SIGNATURE ON FILE"
    text["31.date"] = f"{printed_on:%m %d %y}"  # 6-digit date: the form's date field holds 8
    return text


def _box19(lines: tuple[ClaimLine, ...]) -> str:
    """NOC drug descriptions of this page's lines (billing-rules.md §7: box 19)."""
    notes = dict.fromkeys(people.clean(line.note) for line in lines if line.note.strip())
    return "; ".join(notes)


def page_own_text(page: ClaimPage) -> dict[str, str]:
    """Page number and box 28: each form carries the total of its own lines (NUCC 28;
    never CONTINUED, never letters in a money box), whatever an old profile copy says."""
    own = {}
    if page.of > 1:
        own["page"] = f"PAGE {page.number} OF {page.of}"
    totals = [line.total_charge for line in page.lines]
    if totals and all(total is not None for total in totals):
        own["28"] = money(sum((t for t in totals if t is not None), Decimal(0)))
    if note := _box19(page.lines):
        own["19"] = note
    return own


def claim_text(claim: Claim, printed_on: date) -> ClaimText:
    header = header_text(claim, printed_on)
    lines = tuple(line_text(line, claim.profile) for line in claim.lines)
    pages = []
    start = 0
    for page in paginate(claim):
        indexes = tuple(range(start, start + len(page.lines)))
        start += len(page.lines)
        pages.append(
            PageText(
                page.number,
                page.of,
                header,
                page_own_text(page),
                tuple(lines[i] for i in indexes),
                indexes,
            )
        )
    return ClaimText(claim, header, lines, tuple(pages))
