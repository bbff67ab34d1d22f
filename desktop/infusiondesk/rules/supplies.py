"""Supplies and equipment: bundled into the per diem, or billable (billing-rules.md §6).

A supply is bundled when a home-infusion per diem covers its date and its rule
says so (HCSC CPCP019 supply table; NHIA per-diem definition). A per diem of a
therapy dosed every 72 hours or more often covers the days of its course, holds
excluded: the supplies of a q48h course are in its per diem even on a day without a
dose. A therapy dosed less often is "outside of the per diem structure" (NHIA)
between doses: its per diem covers only its dose days. Catheter maintenance on a day
no per diem covers is billed as a catheter-care per diem (S5498/S5501/S5502). A
bundled item's reason names the per-diem line(s) really billed on the claim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from infusiondesk.rules.catalogue import Reference, SupplyRule, TherapyEntry
from infusiondesk.rules.dates import DateRange, us_date, us_runs
from infusiondesk.rules.lines import UNITS, BundledSupply, DayItem
from infusiondesk.rules.order import Supply
from infusiondesk.rules.problems import Problem, error, warning
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.rules.vocabulary import LineCategory

SINGLE_LUMEN, MULTI_LUMEN = "S5498", "S5501"


@dataclass(frozen=True, slots=True)
class PerDiemCoverage:
    """A per diem covering a day: its S-code, therapy, and the days its lines bill on this claim."""

    code: str
    therapy: TherapyEntry
    billed: tuple[date, ...] = ()

    def names_line(self, day: date) -> str:
        """The per-diem line(s) that pay for ``day``, as the claim shows them."""
        if day in self.billed:
            return f"the per diem {self.code} billed on {us_date(day)}"
        return f"the per diem {self.code} of this course, billed {us_runs(self.billed)}"


def _bundling(
    supply: Supply, rule: SupplyRule, covering: Sequence[PerDiemCoverage], profile: PayerProfile
) -> PerDiemCoverage | None:
    """The per diem that includes the supply (the one its reason names), or None: billable."""
    condition = rule.condition
    if rule.classification == "bundled":
        return covering[0]
    if condition == "fluid-unless-hydration":
        return None if any(c.therapy.fluid_is_drug for c in covering) else covering[0]
    if condition == "enteral-per-diem":  # kits and pump belong to the enteral per diem itself
        return next((c for c in covering if c.therapy.enteral), None)
    if condition == "unless-patient-owned":
        return None if supply.patient_owned else covering[0]  # NHIA: "(excluding patient owned equipment)"
    if condition.startswith("profile:"):
        bundled = str(getattr(profile, condition.removeprefix("profile:"))) == "bundled"
        return covering[0] if bundled else None
    return covering[0] if condition == "catheter-care" else None


def _billable_reason(supply: Supply, rule: SupplyRule | None, covered: bool) -> str:
    what = f"{supply.hcpcs}: {UNITS} on {us_date(supply.date)}, billed separately"
    if rule is None:
        return (
            f"{what}; it is not in the supply table, so check whether this payer includes it in the per diem."
        )
    if supply.patient_owned and rule.condition == "unless-patient-owned":
        return f"{what}: the device is the patient's own. {rule.reason}"
    if not covered:
        why = (
            f"{what}, because no home-infusion per diem pays for that date (NHIA: a per diem covers "
            "the days of access to a therapy; doses more than 72 hours apart fall outside the "
            "per-diem structure, so between them it covers nothing)."
        )
        return f"{why} {rule.reason}" if rule.condition == "catheter-care" else why
    return f"{what}. {rule.reason}"


def classify_supply(
    supply: Supply, rule: SupplyRule | None, covering: Sequence[PerDiemCoverage], profile: PayerProfile
) -> str | None:
    """The reason it is bundled, or None when it is billable."""
    if rule is None or not covering:
        return None
    bundling = _bundling(supply, rule, covering, profile)
    return None if bundling is None else f"{rule.reason} Included in {bundling.names_line(supply.date)}."


def _units(quantity: Decimal) -> int | Decimal:
    return int(quantity) if quantity == quantity.to_integral_value() else quantity


def _checks(supply: Supply, where: str, ranges: Sequence[DateRange]) -> list[Problem]:
    problems = []
    if not any(span.first <= supply.date <= span.last for span in ranges):
        problems.append(
            warning(f"{where}.date", f"{us_date(supply.date)} is outside every therapy of the order")
        )
    if supply.hcpcs == SINGLE_LUMEN and (supply.lumens or 1) > 1:
        problems.append(warning(f"{where}.hcpcs", f"{SINGLE_LUMEN} is for one lumen; use {MULTI_LUMEN}"))
    return problems


def supply_items(
    supplies: Sequence[Supply],
    reference: Reference,
    profile: PayerProfile,
    coverage: Mapping[date, Sequence[PerDiemCoverage]],
    therapy_ranges: Sequence[DateRange],
    charges: Mapping[str, Decimal],
    place_of_service: str,
    period: DateRange | None,
) -> tuple[list[DayItem], list[BundledSupply], list[Problem]]:
    items: list[DayItem] = []
    bundled: list[BundledSupply] = []
    problems: list[Problem] = []
    for index, supply in enumerate(supplies):
        where = f"supplies[{index}]"
        if period is not None and supply.date not in period:
            problems.append(
                warning(f"{where}.date", f"{us_date(supply.date)} is outside the billing period; not billed")
            )
            continue
        problems += _checks(supply, where, therapy_ranges)
        rule = reference.supply_rule(supply.hcpcs)
        covering = coverage.get(supply.date, ())
        reason = classify_supply(supply, rule, covering, profile)
        if reason is not None:
            bundled.append(BundledSupply(supply.hcpcs, supply.quantity, supply.date, reason, where))
            continue
        care = rule is not None and rule.condition == "catheter-care"
        category: LineCategory = "catheter-care" if care else "supply"
        if supply.hcpcs.startswith("J"):
            # A billable J-code needs its NDC on the claim (AllWays); supplies carry none.
            problems.append(
                error(
                    f"{where}.hcpcs",
                    f"{supply.hcpcs} is billable here and needs an NDC: enter it as a drug of its therapy",
                )
            )
        items.append(
            DayItem(
                category=category,
                code=supply.hcpcs,
                modifiers=(),
                days=(supply.date,),
                units=_units(supply.quantity),
                explanation=_billable_reason(supply, rule, bool(covering)),
                charge=charges.get(supply.hcpcs),
                place_of_service=place_of_service,
                source=where,
                group=f"{where}",
            )
        )
    return items, bundled, problems
