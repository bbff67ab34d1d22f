"""Each closed vocabulary of an order and a claim, written once (order-format.md).

The parser's allowed values, the editor's combo boxes, the form's box keys and the
store's checks all derive their tuples from these ``Literal`` types with
``typing.get_args``, so a value added here reaches every one of them and a copy
written out again elsewhere is caught by tests/test_vocabulary.py. The order of each
``Literal`` is the order a combo box shows it in.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, get_args

Method = Literal["continuous", "intermittent", "implanted-pump", "gravity", "pump", "bolus", "injection"]
DoseUnit = Literal["mg", "g", "mcg", "units", "ml"]
# NUCC 24A shaded-line unit qualifiers (X12 CTP05-1 in loop 2410): the most used first.
NdcUnit = Literal["UN", "ML", "GR", "ME", "F2"]
Sex = Literal["", "F", "M"]  # "" = unknown
Relationship = Literal["self", "spouse", "child", "other"]  # the patient's to the insured (box 6)
PlanType = Literal["medicare", "medicaid", "tricare", "champva", "group", "feca", "other"]  # box 1
LineCategory = Literal["per-diem", "catheter-care", "drug", "waste", "nursing", "supply", "other"]
ClaimStatus = Literal["draft", "printed", "submitted", "paid", "denied"]
# The worksheet (plain paper, the whole form drawn) or the red form (data only, onto a
# pre-printed CMS-1500): what the app prints a claim on.
PrintForm = Literal["worksheet", "red-form"]

METHODS: tuple[Method, ...] = get_args(Method)
DOSE_UNITS: tuple[DoseUnit, ...] = get_args(DoseUnit)
NDC_UNITS: tuple[NdcUnit, ...] = get_args(NdcUnit)
SEXES: tuple[Sex, ...] = get_args(Sex)
RELATIONSHIPS: tuple[Relationship, ...] = get_args(Relationship)
PLAN_TYPES: tuple[PlanType, ...] = get_args(PlanType)
LINE_CATEGORIES: tuple[LineCategory, ...] = get_args(LineCategory)  # also the lines' sort order
CLAIM_STATUSES: tuple[ClaimStatus, ...] = get_args(ClaimStatus)
PRINT_FORMS: tuple[PrintForm, ...] = get_args(PrintForm)

DEFAULT_PLAN_TYPE: PlanType = "group"
DEFAULT_DOSE_UNIT: DoseUnit = "mg"

# What a biller reads for each value, where it is not the value itself.
SEX_LABELS: Mapping[Sex, str] = MappingProxyType({"": "unknown", "F": "female", "M": "male"})
SEX_SHORT_LABELS: Mapping[Sex, str] = MappingProxyType({"": "—", "F": "F", "M": "M"})
RELATIONSHIP_LABELS: Mapping[Relationship, str] = MappingProxyType(
    {"self": "Self", "spouse": "Spouse", "child": "Child", "other": "Other"}
)
CLAIM_STATUS_LABELS: Mapping[ClaimStatus, str] = MappingProxyType(
    {"draft": "Draft", "printed": "Printed", "submitted": "Submitted", "paid": "Paid", "denied": "Denied"}
)
PRINT_FORM_LABELS: Mapping[PrintForm, str] = MappingProxyType(
    {
        "worksheet": "Worksheet (plain paper, with the form drawn)",
        "red-form": "Red form (data only, onto pre-printed CMS-1500)",
    }
)


def plan_types_default_first() -> tuple[PlanType, ...]:
    """The plan types with the default first, as a new payer's combo offers them."""
    return (DEFAULT_PLAN_TYPE, *(p for p in PLAN_TYPES if p != DEFAULT_PLAN_TYPE))
