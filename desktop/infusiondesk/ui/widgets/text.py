"""How values read on screen: dates as a US biller writes them, money, units, field names.

Formatting lives here only, so models keep raw values and every screen agrees.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from infusiondesk.rules.vocabulary import CLAIM_STATUS_LABELS

DATE_INPUTS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%m%d%Y")
_INDEX = re.compile(r"^(\w+)\[(\d+)\]$")
_NAMES = {
    "therapies": "Therapy",
    "drugs": "drug",
    "holds": "hold",
    "nursing_visits": "Visit",
    "supplies": "Supply",
    "diagnoses": "Diagnosis",
}
_FIELDS = {
    "npi": "NPI",
    "ein": "EIN",
    "ndc": "NDC",
    "dob": "date of birth",
    "daily_volume_ml": "daily volume",
    "payer_profile": "payer profile",
    "prior_authorization": "prior authorization",
    "member_id": "member ID",
    "ndc_unit": "NDC unit",
    "ndc_quantity_per_dose": "NDC quantity",
    "hcpcs": "code",
    "start_time": "start time",
    "end_time": "end time",
    "place_of_service": "place of service",
    "billing_period": "billing period",
}


def short_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%m/%d/%Y")


def parse_date(text: str) -> date | None:
    """A date typed as 2026-03-01, 3/1/2026, 3/1/26 or 03012026; None when it is not one."""
    text = text.strip()
    for pattern in DATE_INPUTS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def money(value: Decimal | None) -> str:
    return "" if value is None else f"${value:,.2f}"


def units_text(value: int | Decimal | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    return str(value)


def field_label(where: str) -> str:
    """``therapies[0].drugs[1].ndc`` → ``Therapy 1 › drug 2 › NDC``: what the biller reads."""
    parts = []
    for part in where.split("."):
        match = _INDEX.match(part)
        if match:
            name = _NAMES.get(match.group(1), match.group(1).replace("_", " "))
            if match.group(1) == "diagnoses":
                parts.append(f"Diagnosis {'ABCDEFGHIJKL'[int(match.group(2)) % 12]}")
            else:
                parts.append(f"{name} {int(match.group(2)) + 1}")
        else:
            parts.append(_FIELDS.get(part, part.replace("_", " ")))
    text = " › ".join(parts)
    return text[:1].upper() + text[1:]


def status_label(status: str) -> str:
    """A claim status as the biller reads it (the vocabulary's label); a status the
    vocabulary does not know (an older database) as it is stored."""
    return next((label for value, label in CLAIM_STATUS_LABELS.items() if value == status), status)
