"""Claims -> one ASC X12 005010X222A1 837P (professional claim) file, built in memory.

The 837P is fed by the same claims the CMS-1500 printers take, prepared the same way
(``output.split.split_for_print``, which ``output.pdf.prepare`` uses), so a claim's
paper form and its electronic claim carry the same lines. Content follows the
implementation guide loop by loop: ISA/GS/ST/BHT; 1000A submitter, 1000B receiver;
2000A/2010AA billing provider; 2000B/2010BA subscriber, 2010BB payer; 2000C/2010CA
patient when the insured is someone else; 2300 claim; 2310C service facility away
from home; 2400 service lines with 2410 drug identification and 2420E ordering
provider. Each claim is its own transaction set (ST/SE) inside one group (GS/GE)
inside one interchange (ISA/IEA). Check ``output.x12_check`` first: this module
assumes every required value is there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from infusiondesk.claims.claim import Claim
from infusiondesk.output import people
from infusiondesk.output.errors import ExportCancelled
from infusiondesk.output.split import fit_units, split_for_print
from infusiondesk.output.x12_settings import FILING_BY_PLAN, X12Settings
from infusiondesk.rules.lines import ClaimLine, Units
from infusiondesk.rules.order import Address, Order

VERSION = "005010X222A1"
TERMINATOR = "~\n"  # a line break after each segment: readable, and allowed by X12
ELEMENT, COMPONENT, REPETITION = "*", ":", "^"
HOME = "12"
RELATIONSHIP = {"spouse": "01", "child": "19", "other": "G8"}  # 2000C PAT01
SEX = {"M": "M", "F": "F"}
_SEPARATORS = str.maketrans({ELEMENT: " ", COMPONENT: " ", REPETITION: " ", "~": " "})

Progress = Callable[[int, int], object]
Cancel = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Envelope:
    """The interchange's numbers and time: ISA13 and GS06 come from the store, which
    never hands out the same one twice."""

    interchange: int
    group: int
    created: datetime


@dataclass(frozen=True, slots=True)
class ClaimSettings:
    """The settings one claim is written under (its payer's laid over the default)."""

    claim: Claim
    settings: X12Settings
    reference: str = ""  # CLM01 when the patient has no account number


def claims_for_837(claims: Iterable[Claim]) -> list[Claim]:
    """The claims as the CMS-1500 prints them: ``fit_units`` then ``split_for_print`` (the printers' own
    preparation) leaves a claim that fits the form as it is and splits one that
    doesn't, so the 837P never carries lines the form could not."""
    return [part for claim in claims for part in split_for_print(fit_units(claim))]


@lru_cache(maxsize=4096)
def text(value: str) -> str:
    """An element's text: the form's rules (uppercase, no ``.`` or ``#``) and no
    character the file uses as a separator."""
    return " ".join(people.clean(value).translate(_SEPARATORS).split())


def amount(value: Decimal | Units) -> str:
    """X12 decimal (R): no trailing zeros, no exponent (``185.00`` -> ``185``)."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def segment(*elements: str) -> str:
    """Trailing empty elements are dropped, as X12 requires."""
    items = list(elements)
    while items and items[-1] == "":
        items.pop()
    return ELEMENT.join(items) + TERMINATOR


def _n3_n4(address: Address) -> list[str]:
    return [
        segment("N3", text(people.clean_address(address.street))),
        segment(
            "N4", text(people.clean_address(address.city)), text(address.state), people.digits(address.zip)
        ),
    ]


def complete_address(address: Address) -> bool:
    """An optional address (insured, payer) is sent only whole: N3 and N4 with city,
    state and ZIP, or not at all (a half address is a 999 rejection)."""
    return bool(
        text(people.clean_address(address.street))
        and text(people.clean_address(address.city))
        and len(people.clean(address.state)) == 2
        and len(people.digits(address.zip)) in (5, 9)
    )


def _dmg(dob: object, sex: str) -> str:
    born = f"{dob:%Y%m%d}" if dob is not None else ""
    return segment("DMG", "D8", born, SEX.get(sex.upper(), "U"))


def envelope_head(settings: X12Settings, envelope: Envelope) -> list[str]:
    when = envelope.created
    isa = [
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        settings.sender_qualifier,
        f"{settings.sender_id:<15}",
        settings.receiver_qualifier,
        f"{settings.receiver_id:<15}",
        f"{when:%y%m%d}",
        f"{when:%H%M}",
        REPETITION,
        "00501",
        f"{envelope.interchange:09d}",
        "0",
        settings.usage,
        COMPONENT,
    ]
    gs = ("GS", "HC", settings.gs_sender, settings.gs_receiver, f"{when:%Y%m%d}", f"{when:%H%M}")
    return [ELEMENT.join(isa) + TERMINATOR, segment(*gs, str(envelope.group), "X", VERSION)]


def _submitter_receiver(settings: X12Settings, order: Order) -> list[str]:
    provider_name = order.provider.name if order.provider else ""
    return [
        segment(
            "NM1",
            "41",
            "2",
            text(settings.submitter_name or provider_name),
            "",
            "",
            "",
            "",
            "46",
            settings.submitter_id or settings.sender_id,
        ),
        segment("PER", "IC", text(settings.contact_name), "TE", people.digits(settings.contact_phone)),
        segment("NM1", "40", "2", text(settings.receiver_name), "", "", "", "", "46", _receiver(settings)),
    ]


def _receiver(settings: X12Settings) -> str:
    return settings.receiver_code or settings.receiver_id


def _billing_provider(order: Order) -> list[str]:
    provider = order.provider
    assert provider is not None  # x12_check requires it
    out = [segment("HL", "1", "", "20", "1")]
    if provider.taxonomy:
        out.append(segment("PRV", "BI", "PXC", text(provider.taxonomy)))
    out.append(segment("NM1", "85", "2", text(provider.name), "", "", "", "", "XX", provider.npi.strip()))
    out += _n3_n4(provider.address)
    out.append(segment("REF", "EI", people.digits(provider.ein)))
    return out


def _insured_is_patient(order: Order) -> bool:
    return order.insured is None or order.insured.relationship == "self"


def _subscriber(order: Order, settings: X12Settings) -> list[str]:
    patient, insured, payer = order.patient, order.insured, order.payer
    assert patient is not None and payer is not None  # x12_check requires them
    self_ = _insured_is_patient(order)
    group = text(insured.group_number).replace(" ", "") if insured else ""
    plan = text(insured.plan_name) if insured and not group else ""
    filing = settings.claim_filing or FILING_BY_PLAN.get(payer.plan_type.lower(), "ZZ")
    out = [
        segment("HL", "2", "1", "22", "0" if self_ else "1"),
        segment("SBR", "P", "18" if self_ else "", group, plan, "", "", "", "", filing),
    ]
    member = text(patient.member_id).replace(" ", "")
    if self_:
        name = (patient.last_name, patient.first_name, patient.middle_initial)
        out.append(_person("IL", name, "MI", member))
        out += _n3_n4(patient.address)
        out.append(_dmg(patient.dob, patient.sex))
    else:
        assert insured is not None
        out.append(
            _person("IL", (insured.last_name, insured.first_name, insured.middle_initial), "MI", member)
        )
        if complete_address(insured.address):
            out += _n3_n4(insured.address)
        if insured.dob is not None:
            out.append(_dmg(insured.dob, insured.sex))
    payer_id = payer.payer_id.strip() or settings.payer_id.strip()
    out.append(segment("NM1", "PR", "2", text(payer.name), "", "", "", "", "PI", payer_id))
    if complete_address(payer.address):
        out += _n3_n4(payer.address)
    return out


def _person(entity: str, name: tuple[str, str, str], qualifier: str = "", ident: str = "") -> str:
    last, first, middle = name
    return segment(
        "NM1",
        entity,
        "1",
        text(last),
        text(first),
        text(middle)[:1],
        "",
        "",
        qualifier if ident else "",
        ident,
    )


def _patient(order: Order) -> list[str]:
    if _insured_is_patient(order):
        return []
    patient, insured = order.patient, order.insured
    assert patient is not None and insured is not None
    return [
        segment("HL", "3", "2", "23", "0"),
        segment("PAT", RELATIONSHIP.get(insured.relationship, "G8")),
        _person("QC", (patient.last_name, patient.first_name, patient.middle_initial)),
        *_n3_n4(patient.address),
        _dmg(patient.dob, patient.sex),
    ]


def _clm(item: ClaimSettings) -> str:
    claim, order = item.claim, item.claim.order
    patient = order.patient
    account = text(patient.account_number).replace(" ", "") if patient else ""
    frequency = order.resubmission.code if order.resubmission else "1"
    place = order.place_of_service or HOME
    # CLM06 provider signature on file, CLM07 assignment accepted (box 27), CLM08
    # benefits assigned (box 13 "SIGNATURE ON FILE"), CLM09 release of information
    # (box 12 "SIGNATURE ON FILE"): what the printed form says, in X12 codes.
    return segment(
        "CLM",
        account or item.reference,
        amount(claim.total_charge or 0),
        "",
        "",
        COMPONENT.join((place, "B", frequency)),
        "Y",
        "A",
        "Y",
        "Y",
    )


def _claim_loop(item: ClaimSettings) -> list[str]:
    claim, order = item.claim, item.claim.order
    out = [_clm(item)]
    if order.prior_authorization:  # REF G1, box 23: no hyphens or spaces, as on paper
        out.append(segment("REF", "G1", text(order.prior_authorization).replace("-", "").replace(" ", "")))
    if order.resubmission is not None:  # REF F8, box 22's original reference
        out.append(segment("REF", "F8", text(order.resubmission.original_ref).replace(" ", "")))
    notes = dict.fromkeys(text(line.note) for line in claim.lines if line.note.strip())
    if notes:  # box 19: NOC drug descriptions (billing-rules.md §7)
        out.append(segment("NTE", "ADD", "; ".join(notes)[:80]))
    codes = [c.replace(".", "").strip().upper() for c in order.diagnoses]
    out.append(segment("HI", *(f"{'ABK' if i == 0 else 'ABF'}{COMPONENT}{c}" for i, c in enumerate(codes))))
    if order.facility is not None and (order.place_of_service != HOME or _away(claim)):
        facility = order.facility
        npi = facility.npi.strip()
        out.append(segment("NM1", "77", "2", text(facility.name), "", "", "", "", "XX" if npi else "", npi))
        out += _n3_n4(facility.address)
    return out


def _away(claim: Claim) -> bool:
    return any(line.place_of_service != HOME for line in claim.lines)


@lru_cache(maxsize=512)
def _pointers(letters: str) -> str:
    """Box 24E letters as SV107 numbers: ``AB`` -> ``1:2``."""
    return COMPONENT.join(str("ABCDEFGHIJKL".index(p) + 1) for p in letters.upper())


@lru_cache(maxsize=4096)
def _procedure(code: str, modifiers: tuple[str, ...], note: str) -> str:
    """SV101: ``HC:code:modifiers``, and a NOC code's description in SV101-7."""
    parts = ["HC", code.upper(), *(m.upper() for m in modifiers)]
    if note.strip():
        parts += [""] * (6 - len(parts)) + [text(note)[:80]]
    return COMPONENT.join(parts)


@lru_cache(maxsize=4096)
def _service_dates(first: date, last: date) -> str:
    """DTP*472: one date (D8) or a range (RD8)."""
    if first == last:
        return f"DTP*472*D8*{first.year:04d}{first.month:02d}{first.day:02d}{TERMINATOR}"
    return (
        f"DTP*472*RD8*{first.year:04d}{first.month:02d}{first.day:02d}-"
        f"{last.year:04d}{last.month:02d}{last.day:02d}{TERMINATOR}"
    )


def _quantity(value: Units) -> str:
    return str(value) if isinstance(value, int) else amount(value)


def _service_line(number: int, line: ClaimLine, place_of_claim: str, ordering: str) -> tuple[str, int]:
    """One 2400 loop (with its 2410 and 2420E) as text, and how many segments it has.
    Written with f-strings, not ``segment``: a batch has tens of thousands of lines."""
    place = line.place_of_service if line.place_of_service != place_of_claim else ""
    charge = amount(line.charge * line.units) if line.charge is not None else "0"
    code = _procedure(line.code, line.modifiers, line.note)
    pointers = _pointers(line.diagnosis_pointers)
    out = (
        f"LX*{number}{TERMINATOR}SV1*{code}*{charge}*UN*{_quantity(line.units)}*{place}**{pointers}{TERMINATOR}"
        + _service_dates(line.first, line.last)
    )
    count = 3
    if line.note.strip():
        out += segment("NTE", "ADD", text(line.note)[:80])
        count += 1
    if line.ndc:
        quantity = amount(line.ndc_quantity or 0)
        unit = (line.ndc_unit or "").upper()
        ndc = line.ndc if line.ndc.isdigit() else people.digits(line.ndc)
        out += f"LIN**N4*{ndc}{TERMINATOR}CTP****{quantity}*{unit}{TERMINATOR}"
        count += 2
    if ordering:
        out += ordering
        count += 1
    return out, count


def _ordering(order: Order) -> str:
    """2420E: the prescriber as ordering provider on every line (box 17 qualifier DK)."""
    prescriber = order.prescriber
    if prescriber is None:
        return ""
    name = (prescriber.last_name, prescriber.first_name, "")
    return _person("DK", name, "XX", prescriber.npi.strip())


def transaction(item: ClaimSettings, control: int, envelope: Envelope) -> list[str]:
    """One claim's ST..SE."""
    order, settings = item.claim.order, item.settings
    st = f"{control:04d}"
    body = [
        segment("ST", "837", st, VERSION),
        segment(
            "BHT",
            "0019",
            "00",
            f"{envelope.interchange}{control:04d}",
            f"{envelope.created:%Y%m%d}",
            f"{envelope.created:%H%M}",
            "CH",
        ),
        *_submitter_receiver(settings, order),
        *_billing_provider(order),
        *_subscriber(order, settings),
        *_patient(order),
        *_claim_loop(item),
    ]
    ordering = _ordering(order)
    place = order.place_of_service or HOME
    count = len(body) + 1  # and SE
    for number, line in enumerate(item.claim.lines, start=1):
        written, segments = _service_line(number, line, place, ordering)
        body.append(written)
        count += segments
    body.append(segment("SE", str(count), st))
    return body


def render_837(
    items: Sequence[ClaimSettings],
    envelope: Envelope,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> bytes:
    """The interchange of all ``items``, one transaction set each; ``items`` share
    their envelope settings (``X12Settings.envelope_key``)."""
    if not items:
        raise ValueError("an 837P needs at least one claim")
    settings = items[0].settings
    parts = envelope_head(settings, envelope)
    total = len(items)
    for done, item in enumerate(items):
        if cancel is not None and cancel():
            raise ExportCancelled()
        parts += transaction(item, done + 1, envelope)
        if progress is not None:
            progress(done + 1, total)
    parts.append(segment("GE", str(total), str(envelope.group)))
    parts.append(segment("IEA", "1", f"{envelope.interchange:09d}"))
    return "".join(parts).encode("ascii", "replace")
