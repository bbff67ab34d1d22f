"""The parties' boxes: payer block, patient and insured (1-11), prescriber (17),
billing provider (25, 33) and service facility (32).

Text rules (*nucc* 1500 instructions): uppercase; no periods or ``#``; names as
``LAST, FIRST, MI`` with commas; addresses without punctuation; ZIP codes and phone
numbers as digits only (billing-rules.md §9: "9-digit ZIP without hyphen").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from infusiondesk.rules import vocabulary
from infusiondesk.rules.order import (
    Address,
    Facility,
    Insured,
    Order,
    Patient,
    Payer,
    Prescriber,
    Provider,
)

X = "X"
# Box 1's checkbox keys, looked up by any text: a payer row's plan type, lowercased.
PLAN_TYPES: dict[str, str] = {plan: f"1.{plan}" for plan in vocabulary.PLAN_TYPES}
RELATIONSHIPS = vocabulary.RELATIONSHIPS

# The order field behind each header box, so a problem can name it for the GUI.
WHERE = {
    "payer.name": "payer.name",
    "payer.street": "payer.address.street",
    "payer.city_state_zip": "payer.address",
    "1a": "patient.member_id",
    "2": "patient",
    "4": "insured",
    "5.street": "patient.address.street",
    "5.city": "patient.address.city",
    "5.state": "patient.address.state",
    "5.zip": "patient.address.zip",
    "5.phone": "patient.phone",
    "5.area": "patient.phone",
    "7.street": "insured.address.street",
    "7.city": "insured.address.city",
    "7.state": "insured.address.state",
    "7.zip": "insured.address.zip",
    "7.phone": "insured.phone",
    "7.area": "insured.phone",
    "11": "insured.group_number",
    "11c": "insured.plan_name",
    "17.name": "prescriber",
    "17b": "prescriber.npi",
    "19": "therapies",
    "22.code": "resubmission.code",
    "22.ref": "resubmission.original_ref",
    "23": "prior_authorization",
    "25": "provider.ein",
    "26": "patient.account_number",
    "32.name": "facility.name",
    "32.street": "facility.address.street",
    "32.city_state_zip": "facility.address",
    "32a": "facility.npi",
    "33.name": "provider.name",
    "33.street": "provider.address.street",
    "33.city_state_zip": "provider.address",
    "33.phone": "provider.phone",
    "33.area": "provider.phone",
    "33a": "provider.npi",
    "33b.id": "provider.taxonomy",
}


# Latin letters that NFKD does not decompose into a plain letter and a mark (Unicode
# gives them no decomposition): the usual ASCII spellings (ISO/IEC 8859 transliteration
# practice, as passports' machine-readable zones write them).
_LATIN = str.maketrans(
    {
        "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "ß": "SS", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe",
        "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th", "Ħ": "H", "ħ": "h", "ı": "i",
        "Ŀ": "L", "ŀ": "l", "Ŧ": "T", "ŧ": "t", "Ŋ": "N", "ŋ": "n", "ĸ": "K",
        "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-",
    }
)  # fmt: skip


def plain(text: str) -> str:
    """Letters outside plain Latin transliterated for the OCR form (Ø -> O, Ñ -> N,
    Ü -> U: cms1500-layout.md, never a ``?``). A character with no Latin form is kept
    as it is, so ``fit`` can refuse the claim at its field instead of printing a guess."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def not_latin(text: str) -> str:
    """The characters of ``text`` that have no plain-Latin form ('' when it prints)."""
    return "".join(dict.fromkeys(ch for ch in text if not ch.isascii()))


def clean(text: str) -> str:
    """Uppercase, no ``.`` or ``#``, single spaces (cms1500-layout.md)."""
    return " ".join(plain(text).upper().replace(".", "").replace("#", " ").split())


def clean_address(text: str) -> str:
    """Addresses also drop commas: 'no punctuation in the address' (*nucc* 5, 33)."""
    return clean(text.replace(",", " "))


def identifier(text: str) -> str:
    """Member IDs, group numbers, account numbers, references: letters and digits only,
    no hyphens, spaces or commas (*nucc*: "Do not use punctuation" in identifiers)."""
    return "".join(ch for ch in clean(text) if ch.isalnum())


def digits(text: str) -> str:
    return "".join(filter(str.isdigit, text))


def person(last: str, first: str, middle: str = "") -> str:
    """``LAST, FIRST, MI``: commas separate the parts (*nucc* 2, 4)."""
    parts = [clean(last), clean(first)]
    if middle.strip():
        parts.append(clean(middle)[:1])
    return ", ".join(p for p in parts if p)


def city_state_zip(address: Address) -> str:
    return " ".join(p for p in (clean_address(address.city), clean(address.state), digits(address.zip)) if p)


def phone(prefix: str, number: str) -> dict[str, str]:
    """Area code and number in their own places, digits only (*nucc* 5, 33). A number
    that is not 10 digits (after a leading 1) goes whole into the number place, where
    ``fit`` reports it when it is too long."""
    found = digits(number)
    if len(found) == 11 and found.startswith("1"):
        found = found[1:]
    if not found:
        return {}
    if len(found) == 10:
        return {f"{prefix}.area": found[:3], f"{prefix}.phone": found[3:]}
    return {f"{prefix}.phone": found}


def _address(prefix: str, address: Address) -> dict[str, str]:
    text = {
        f"{prefix}.street": clean_address(address.street),
        f"{prefix}.city": clean_address(address.city),
        f"{prefix}.state": clean(address.state),
        f"{prefix}.zip": digits(address.zip),
    }
    return {key: value for key, value in text.items() if value}


# The parties' boxes are cached by value: a batch of claims mostly shares its payer,
# prescriber and billing provider (values are frozen, so the cache can't go stale).
# Callers copy from the returned mappings and never change them.


@lru_cache(maxsize=256)
def payer_fields(payer: Payer | None) -> Mapping[str, str]:
    if payer is None:
        return {}
    text = {
        "payer.name": clean_address(payer.name),  # no commas in the payer block (NUCC)
        "payer.street": clean_address(payer.address.street),
        "payer.city_state_zip": city_state_zip(payer.address),
    }
    if key := PLAN_TYPES.get(payer.plan_type.lower()):
        text[key] = X
    return {key: value for key, value in text.items() if value}


def _who(prefix: dict[str, str], someone: Patient | Insured) -> dict[str, str]:
    """Name, birth date, sex, address and phone of the patient (boxes 2, 3, 5) or the
    insured (4, 11a, 7): the same values, in the boxes ``prefix`` names."""
    text = {prefix["name"]: person(someone.last_name, someone.first_name, someone.middle_initial)}
    if someone.dob is not None:
        born = someone.dob
        date_box = prefix["dob"]
        text.update(
            {f"{date_box}.mm": f"{born:%m}", f"{date_box}.dd": f"{born:%d}", f"{date_box}.yyyy": f"{born:%Y}"}
        )
    if (sex := {"M": "m", "F": "f"}.get(someone.sex.upper())) is not None:
        text[f"{prefix['dob']}.sex.{sex}"] = X
    text.update(_address(prefix["address"], someone.address))
    text.update(phone(prefix["address"], someone.phone))
    return text


PATIENT_BOXES = {"name": "2", "dob": "3", "address": "5"}
INSURED_BOXES = {"name": "4", "dob": "11a", "address": "7"}
_AS_INSURED = {"2": "4", "3": "11a", "5": "7"}


def patient_fields(order: Order) -> dict[str, str]:
    patient = order.patient
    if patient is None:
        return {}
    text = {"1a": identifier(patient.member_id), "26": identifier(patient.account_number)}
    text.update(_who(PATIENT_BOXES, patient))
    return {key: value for key, value in text.items() if value}


def insured_fields(
    order: Order, patient_text: Mapping[str, str], when_self: str = "patient"
) -> dict[str, str]:
    """Boxes 4, 6, 7, 11: the insured, who is the patient unless the order says
    otherwise (relationship 'self'); then the patient's boxes are copied over (NUCC 4,
    7, 11a), or left blank under the profile's ``insured_boxes_when_self = "blank"``
    (Medicare ch. 26: item 4 "If Medicare is primary, leave blank"; item 7 only when
    4, 6 and 11 are completed; 11a only "if different from item 3")."""
    insured = order.insured
    text: dict[str, str] = {}
    if (insured is None or insured.relationship == "self") and when_self == "blank":
        pass
    elif insured is None or insured.relationship == "self":
        text["6.self"] = X
        for key, value in patient_text.items():
            box, dot, rest = key.partition(".")
            if box in _AS_INSURED:
                text[_AS_INSURED[box] + dot + rest] = value
    else:
        relation = insured.relationship if insured.relationship in RELATIONSHIPS else "other"
        text[f"6.{relation}"] = X
        text.update(_who(INSURED_BOXES, insured))
    if insured is not None:
        text["11"] = identifier(insured.group_number)
        text["11c"] = clean(insured.plan_name)
    if not text.get("11") and order.payer is not None and order.payer.plan_type == "medicare":
        text["11"] = "NONE"  # Medicare Claims Processing Manual ch. 26, item 11
    return {key: value for key, value in text.items() if value}


@lru_cache(maxsize=256)
def prescriber_fields(prescriber: Prescriber | None) -> Mapping[str, str]:
    """Box 17: qualifier DK (ordering provider) and the name, first name first
    (*nucc* 17); 17b the NPI."""
    if prescriber is None:
        return {}
    name = " ".join(p for p in (clean(prescriber.first_name), clean(prescriber.last_name)) if p)
    text = {"17.qual": "DK", "17.name": name, "17b": digits(prescriber.npi)}
    return {key: value for key, value in text.items() if value}


@lru_cache(maxsize=256)
def provider_fields(provider: Provider | None, taxonomy: bool = True) -> Mapping[str, str]:
    """Boxes 25 (EIN without hyphen, EIN box X) and 33/33a/33b (*nucc*); 33b only when
    the profile reports a taxonomy there (Medicare: "Item 33b is not to be reported")."""
    if provider is None:
        return {}
    text = {
        "33.name": clean(provider.name),
        "33.street": clean_address(provider.address.street),
        "33.city_state_zip": city_state_zip(provider.address),
        "33a": digits(provider.npi),
    }
    if provider.ein:
        text["25"] = digits(provider.ein)
        text["25.ein"] = X
    if provider.taxonomy and taxonomy:  # qualifier ZZ = provider taxonomy (*nucc* 33b)
        text["33b.qual"] = "ZZ"
        text["33b.id"] = clean(provider.taxonomy)
    text.update(phone("33", provider.phone))
    return {key: value for key, value in text.items() if value}


@lru_cache(maxsize=256)
def facility_fields(place: Facility | None, provider: Provider | None) -> Mapping[str, str]:
    """Box 32 when service is not at home: the order's facility, else the billing
    provider's own location (the pharmacy's ambulatory infusion suite, §8)."""
    if place is not None:
        name, npi, address = place.name, place.npi, place.address
    elif provider is not None:
        name, npi, address = provider.name, provider.npi, provider.address
    else:
        return {}
    text = {
        "32.name": clean(name),
        "32.street": clean_address(address.street),
        "32.city_state_zip": city_state_zip(address),
        "32a": digits(npi),
    }
    return {key: value for key, value in text.items() if value}
