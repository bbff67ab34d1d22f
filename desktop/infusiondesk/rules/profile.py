"""Payer profiles: every way payers differ is a setting here, never a branch in code.

Settings and shipped values: billing-rules.md §9a. A user profile starts as a copy
of a shipped one (the store keeps user copies).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Literal

ServiceDays = Literal["access", "administration"]
LineDates = Literal["span", "per-date"]
# "continued" is still read from user copies made before the NUCC correction (§9a); every
# form prints the total of its own lines either way (cms1500-layout.md, item 28).
Box28 = Literal["continued", "page-totals"]
InsuredWhenSelf = Literal["patient", "blank"]
Scheme = Literal["volume", "flat"]

# A new order and a new payer start on NHIA's per-diem definition, the standard the
# other shipped profiles vary.
DEFAULT_PROFILE = "nhia"


@dataclass(frozen=True, slots=True)
class PayerProfile:
    key: str
    label: str
    service_days: ServiceDays = "access"
    line_dates: LineDates = "span"
    split_at_month_end: bool = True
    max_span_days: int | None = None
    nursing_partial_hour_minutes: int = 31
    # "99601": every visit is its own 99601; "99602": a second visit on one day
    # continues the first visit's time as 99602 units (payers that pay one 99601 a day).
    same_day_second_visit: Literal["99601", "99602"] = "99601"
    implanted_access_devices: Literal["billable", "bundled"] = "billable"
    tpn_scheme: Scheme = "volume"
    hydration_scheme: Scheme = "volume"
    concurrency_modifier_59: bool = False
    jz_on_full_use: bool = False
    kp_kq_for_compounds: bool = False
    requires_prior_authorization: bool = False
    ndc_separator: str = " "
    multipage_box28: Box28 = "page-totals"
    suite_place_of_service: str = "49"
    suite_modifier: str = "SS"
    medicare_secondary_gy: bool = False
    daily_nursing_minutes_cap: int | None = None  # §9a: caps warn, never cut
    # Print settings (cms1500-layout.md; Medicare's differ, §9a `medicare-secondary`):
    accept_assignment: bool = True  # box 27: always an X, YES unless the practice says NO
    diagnosis_pointers_per_line: int = 4  # 24E; Medicare: one
    # Boxes 4, 7, 11a (and 6) when the patient is the insured: "patient" repeats the
    # patient's (NUCC); "blank" leaves them empty (Medicare primary, 11 reads NONE).
    insured_boxes_when_self: InsuredWhenSelf = "patient"
    taxonomy_in_33b: bool = True  # Medicare: 33b is not reported

    def with_changes(self, **changes: Any) -> PayerProfile:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in fields(PayerProfile))
