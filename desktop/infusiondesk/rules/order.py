"""The order a biller enters: immutable values mirroring ``order-v1`` (order-format.md).

Fields beyond the spec's example (middle initial, phone, insured, resubmission, …)
are optional and exist because a complete CMS-1500 needs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.vocabulary import (
    DEFAULT_DOSE_UNIT,
    DEFAULT_PLAN_TYPE,
    DoseUnit,
    Method,
    NdcUnit,
    PlanType,
    Relationship,
    Sex,
)

EMPTY_CHARGES: Mapping[str, Decimal] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Address:
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""


@dataclass(frozen=True, slots=True)
class Patient:
    last_name: str
    first_name: str
    dob: date | None = None
    sex: Sex = ""
    member_id: str = ""
    middle_initial: str = ""
    phone: str = ""
    account_number: str = ""
    address: Address = Address()


@dataclass(frozen=True, slots=True)
class Insured:
    """Box 4/7/11: the policyholder when it is not the patient."""

    last_name: str
    first_name: str
    relationship: Relationship = "self"
    middle_initial: str = ""
    dob: date | None = None
    sex: Sex = ""
    group_number: str = ""
    plan_name: str = ""
    phone: str = ""
    address: Address = Address()


@dataclass(frozen=True, slots=True)
class Payer:
    name: str
    payer_id: str = ""
    address: Address = Address()
    plan_type: PlanType = DEFAULT_PLAN_TYPE  # box 1
    requires_prior_authorization: bool = False


@dataclass(frozen=True, slots=True)
class Prescriber:
    last_name: str
    first_name: str
    npi: str = ""


@dataclass(frozen=True, slots=True)
class Provider:
    """Billing provider (box 25, 33)."""

    name: str
    npi: str = ""
    ein: str = ""
    taxonomy: str = ""
    phone: str = ""
    address: Address = Address()


@dataclass(frozen=True, slots=True)
class Facility:
    """Box 32: service facility (left blank for place of service 12, home)."""

    name: str
    npi: str = ""
    address: Address = Address()


@dataclass(frozen=True, slots=True)
class Resubmission:
    """Box 22: 7 = replacement, 8 = void, with the original claim's reference."""

    code: str
    original_ref: str


@dataclass(frozen=True, slots=True)
class Drug:
    hcpcs: str
    ndc: str | None = None
    dose: Decimal = Decimal(0)
    dose_unit: DoseUnit = DEFAULT_DOSE_UNIT
    ndc_unit: NdcUnit | None = None
    ndc_quantity_per_dose: Decimal | None = None
    wasted: Decimal = Decimal(0)
    description: str = ""  # needed for NOC codes (J3490/J3590): box 19
    compound: bool = False  # part of a multi-ingredient compound (KP/KQ)
    # The discarded amount per administration in the NDC's unit (the JW line's NDC
    # quantity), when it can't be converted from ``wasted`` (IVIG wasted in g, NDC in mL).
    wasted_ndc_quantity: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Therapy:
    therapy: str  # key of the therapy catalogue
    frequency: str  # normalised frequency text, see rules.schedule
    start: date
    stop: date
    method: Method | None = None
    daily_volume_ml: Decimal | None = None
    holds: tuple[DateRange, ...] = ()
    administration_dates: tuple[date, ...] | None = None
    drugs: tuple[Drug, ...] = ()
    diagnosis_pointers: str = ""  # letters A–L; default: "A"

    @property
    def range(self) -> DateRange:
        return DateRange(self.start, self.stop)


@dataclass(frozen=True, slots=True)
class NursingVisit:
    date: date
    minutes: int
    start_time: str = ""  # "HH:MM", kept for display when the visit was entered by times
    end_time: str = ""
    ends_next_day: bool = False  # end_time is on the day after ``date`` (past midnight)


@dataclass(frozen=True, slots=True)
class Supply:
    hcpcs: str
    quantity: Decimal
    date: date
    lumens: int | None = None  # for catheter care: 1 = single lumen, 2+ = multi
    patient_owned: bool = False  # NHIA: the per diem excludes service of patient-owned equipment


@dataclass(frozen=True, slots=True)
class Order:
    payer_profile: str
    therapies: tuple[Therapy, ...]
    place_of_service: str = "12"
    billing_period: DateRange | None = None
    patient: Patient | None = None
    insured: Insured | None = None
    payer: Payer | None = None
    prescriber: Prescriber | None = None
    provider: Provider | None = None
    facility: Facility | None = None
    diagnoses: tuple[str, ...] = ()
    prior_authorization: str = ""
    nursing_visits: tuple[NursingVisit, ...] = ()
    supplies: tuple[Supply, ...] = ()
    charges: Mapping[str, Decimal] = field(default_factory=lambda: EMPTY_CHARGES)
    resubmission: Resubmission | None = None
    primary_therapy: int | None = None  # biller's override of SH/SJ ranking (index)

    def service_range(self) -> DateRange | None:
        """The whole order's dates, clipped to the billing period."""
        if not self.therapies:
            return None
        whole = DateRange(min(t.start for t in self.therapies), max(t.stop for t in self.therapies))
        return whole.clip(self.billing_period)
