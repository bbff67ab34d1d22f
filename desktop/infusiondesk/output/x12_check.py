"""What stops an 837P before a byte is written, as problems at the field.

A clearinghouse rejects a whole file for one bad claim (a 999 rejection names a
segment, not the biller's field), so every value the 005010X222A1 guide requires is
checked here first and reported where the biller fixes it: ``payer.payer_id``,
``patient.member_id``, ``provider.npi``, ``clearinghouse.sender_id``, …
"""

from __future__ import annotations

from infusiondesk.claims.claim import Claim
from infusiondesk.output import people
from infusiondesk.output.x12_settings import FILING_CODES, ID_QUALIFIERS, USAGES, X12Settings
from infusiondesk.rules.identifiers import ein_problem, npi_problem
from infusiondesk.rules.lines import ClaimLine
from infusiondesk.rules.order import Address
from infusiondesk.rules.problems import Problem, error
from infusiondesk.rules.vocabulary import NDC_UNITS  # CTP05-1 (2410)

HOME = "12"  # place of service 12: no service facility loop, as box 32 stays blank
SEPARATORS = ("*", ":", "^", "~")  # the file's own separators (ISA)
MAX_DIAGNOSES = 12  # HI holds 12 (2300 HI01-HI12)
MAX_POINTERS = 4  # SV107-1..4
MAX_MODIFIERS = 4  # SV101-3..6
DIAGNOSIS_LETTERS = "ABCDEFGHIJKL"
# Longest value each element holds (005010X222A1 element attributes).
LONGEST = {"last": 60, "first": 35, "street": 55, "city": 30, "id": 80, "ref": 50, "account": 38}


def settings_problems(settings: X12Settings) -> list[Problem]:
    """The clearinghouse settings every file needs (ISA, GS, 1000A, 1000B)."""
    found = []
    need = {
        "sender_id": "the ID the clearinghouse gave you (ISA06)",
        "receiver_id": "the clearinghouse's ID (ISA08)",
        "receiver_name": "the clearinghouse's name (1000B)",
        "contact_name": "a contact person for the submitter (1000A PER)",
    }
    for name, what in need.items():
        if not getattr(settings, name).strip():
            found.append(error(f"clearinghouse.{name}", f"is required: {what}"))
    found += _lengths(settings)
    for name in ("sender_qualifier", "receiver_qualifier"):
        if getattr(settings, name) not in ID_QUALIFIERS:
            found.append(error(f"clearinghouse.{name}", f"must be one of {', '.join(ID_QUALIFIERS)}"))
    if len(people.digits(settings.contact_phone)) != 10:
        found.append(error("clearinghouse.contact_phone", "must be a 10-digit phone number (1000A PER04)"))
    if settings.usage not in USAGES:
        found.append(error("clearinghouse.usage", "must be T (test) or P (production)"))
    if settings.claim_filing and settings.claim_filing not in FILING_CODES:
        found.append(error("clearinghouse.claim_filing", f"'{settings.claim_filing}' is not an SBR09 code"))
    return found


def _lengths(settings: X12Settings) -> list[Problem]:
    """IDs that fit their elements and hold none of the file's separators."""
    found = []
    for name, value in settings.as_dict().items():
        if any(mark in value for mark in SEPARATORS):
            found.append(error(f"clearinghouse.{name}", f"may not contain {' '.join(SEPARATORS)}"))
    for name in ("sender_id", "receiver_id"):
        if len(getattr(settings, name)) > 15:
            found.append(error(f"clearinghouse.{name}", "holds at most 15 characters (ISA)"))
    for name in ("application_sender", "application_receiver"):
        if getattr(settings, name) and not 2 <= len(getattr(settings, name)) <= 15:
            found.append(error(f"clearinghouse.{name}", "holds 2 to 15 characters (GS)"))
    return found


def _address(where: str, address: Address, zip9: bool = False) -> list[Problem]:
    found = []
    for name, value in (("street", address.street), ("city", address.city)):
        if not people.clean_address(value):
            found.append(error(f"{where}.{name}", "is required in the 837P"))
        elif len(people.clean_address(value)) > LONGEST[name]:
            found.append(error(f"{where}.{name}", f"holds at most {LONGEST[name]} characters in the 837P"))
    if len(people.clean(address.state)) != 2:
        found.append(error(f"{where}.state", "must be the 2-letter state code"))
    digits = people.digits(address.zip)
    if zip9 and len(digits) != 9:
        # 2010AA N403: "The ZIP code must be nine digits" (005010X222A1).
        found.append(error(f"{where}.zip", "must be the 9-digit ZIP+4 for the billing provider"))
    elif len(digits) not in (5, 9):
        found.append(error(f"{where}.zip", "must be 5 or 9 digits"))
    return found


def _name(where: str, last: str, first: str) -> list[Problem]:
    found = []
    if not people.clean(last):
        found.append(error(f"{where}.last_name", "is required in the 837P"))
    elif len(people.clean(last)) > LONGEST["last"]:
        found.append(error(f"{where}.last_name", "holds at most 60 characters in the 837P"))
    if len(people.clean(first)) > LONGEST["first"]:
        found.append(error(f"{where}.first_name", "holds at most 35 characters in the 837P"))
    return found


def _provider(claim: Claim) -> list[Problem]:
    provider = claim.order.provider
    if provider is None:
        return [error("provider", "the billing provider is required (2010AA)")]
    found = []
    if not people.clean(provider.name):
        found.append(error("provider.name", "is required (2010AA)"))
    if why := npi_problem(provider.npi):
        found.append(error("provider.npi", why))
    if why := ein_problem(provider.ein):
        found.append(error("provider.ein", why))
    if provider.taxonomy and len(people.clean(provider.taxonomy)) != 10:
        found.append(error("provider.taxonomy", "a taxonomy code has 10 characters (PRV03)"))
    return found + _address("provider.address", provider.address, zip9=True)


def _people(claim: Claim) -> list[Problem]:
    order = claim.order
    patient = order.patient
    if patient is None:
        return [error("patient", "the patient is required")]
    found = _name("patient", patient.last_name, patient.first_name)
    if not people.clean(patient.member_id).replace(" ", ""):
        found.append(error("patient.member_id", "the subscriber's member ID is required (2010BA NM109)"))
    if patient.dob is None:
        found.append(error("patient.dob", "the patient's birth date is required (DMG)"))
    found += _address("patient.address", patient.address)
    insured = order.insured
    if insured is not None and insured.relationship != "self":
        found += _name("insured", insured.last_name, insured.first_name)
    return found


def _payer(claim: Claim, settings: X12Settings) -> list[Problem]:
    payer = claim.order.payer
    if payer is None:
        return [error("payer", "the payer is required (2010BB)")]
    found = []
    if not people.clean(payer.name):
        found.append(error("payer.name", "is required (2010BB)"))
    payer_id = payer.payer_id.strip() or settings.payer_id.strip()
    if not payer_id:
        found.append(
            error("payer.payer_id", "has no payer ID: enter the ID your clearinghouse lists for this payer")
        )
    elif any(mark in payer_id for mark in SEPARATORS):
        found.append(error("payer.payer_id", f"may not contain {' '.join(SEPARATORS)}"))
    elif len(payer_id) > LONGEST["id"]:
        found.append(error("payer.payer_id", "holds at most 80 characters"))
    return found


def _header(claim: Claim) -> list[Problem]:
    order = claim.order
    found = []
    if not order.diagnoses:
        found.append(error("diagnoses", "at least one diagnosis is required (HI)"))
    if len(order.diagnoses) > MAX_DIAGNOSES:
        found.append(error("diagnoses", f"the 837P holds {MAX_DIAGNOSES} diagnoses (HI)"))
    if order.prescriber is not None:
        if why := npi_problem(order.prescriber.npi):
            found.append(error("prescriber.npi", why))
        found += _name("prescriber", order.prescriber.last_name, order.prescriber.first_name)
    if order.resubmission is not None:
        if order.resubmission.code not in ("7", "8"):
            found.append(error("resubmission.code", "must be 7 (replacement) or 8 (void)"))
        if not people.clean(order.resubmission.original_ref):
            found.append(error("resubmission.original_ref", "the payer's claim number is required (REF F8)"))
    facility = order.facility
    if facility is not None and (
        order.place_of_service != HOME or any(ln.place_of_service != HOME for ln in claim.lines)
    ):
        # 2310C service facility: name, address, and the NPI when it has one.
        if not people.clean(facility.name):
            found.append(error("facility.name", "is required (2310C)"))
        if facility.npi.strip() and (why := npi_problem(facility.npi)):
            found.append(error("facility.npi", why))
        found += _address("facility.address", facility.address)
    if len(people.clean(order.patient.account_number if order.patient else "")) > LONGEST["account"]:
        found.append(error("patient.account_number", "holds at most 38 characters (CLM01)"))
    return found


def _lines(claim: Claim) -> list[Problem]:
    if not claim.lines:
        return [error("lines", "a claim needs at least one service line")]
    found = []
    count = len(claim.order.diagnoses)
    for index, line in enumerate(claim.lines):
        where = f"lines[{index}]"
        if line.charge is None:
            found.append(error(f"{where}.charge", f"{line.code} has no charge: set it in the charge master"))
        if len(line.modifiers) > MAX_MODIFIERS:
            found.append(error(f"{where}.modifiers", "a line holds 4 modifiers"))
        pointers = line.diagnosis_pointers.upper()
        if not pointers or len(pointers) > MAX_POINTERS:
            found.append(error(f"{where}.diagnosis_pointers", "a line points to 1 to 4 diagnoses"))
        elif any(DIAGNOSIS_LETTERS.find(p) < 0 or DIAGNOSIS_LETTERS.find(p) >= count for p in pointers):
            found.append(error(f"{where}.diagnosis_pointers", f"'{pointers}' points past the diagnoses"))
        if line.ndc:
            found += _ndc(where, line)
    return found


def _ndc(where: str, line: ClaimLine) -> list[Problem]:
    """2410 needs the 11-digit NDC, its unit and quantity; named at the order's drug."""
    drug = line.source or where
    found = []
    if len(people.digits(line.ndc or "")) != 11:
        found.append(error(f"{drug}.ndc", "the NDC must have 11 digits (2410 LIN03)"))
    if (line.ndc_unit or "").upper() not in NDC_UNITS:
        found.append(
            error(f"{drug}.ndc_unit", "the NDC unit (F2, GR, ME, ML or UN) is required (2410 CTP05)")
        )
    elif line.ndc_quantity is None and line.category == "waste":
        found.append(
            error(f"{drug}.wasted", "the 837P needs the NDC quantity of the discarded amount on the JW line")
        )
    elif line.ndc_quantity is None:
        found.append(error(f"{drug}.ndc_quantity_per_dose", "the NDC quantity is required (2410 CTP04)"))
    return found


def claim_problems(claim: Claim, settings: X12Settings) -> tuple[Problem, ...]:
    """Everything missing or wrong for this claim's 837P (not the claim's own problems)."""
    found = _provider(claim) + _people(claim) + _payer(claim, settings) + _header(claim) + _lines(claim)
    if settings.claim_filing and settings.claim_filing not in FILING_CODES:
        found.append(error("clearinghouse.claim_filing", f"'{settings.claim_filing}' is not an SBR09 code"))
    return tuple(dict.fromkeys(found))
