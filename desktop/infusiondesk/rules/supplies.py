"""Supplies and equipment: bundled into the per diem, or billable (billing-rules.md §6).

A supply is bundled when a home-infusion per diem covers its date and its rule
says so (HCSC CPCP019 supply table; NHIA per-diem definition). A per diem covers
the days of its therapy's course, holds excluded: the supplies of a q48h course
are in its per diem even on a day without a dose. Catheter maintenance on a day
no per diem covers is billed as a catheter-care per diem (S5498/S5501/S5502).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from infusiondesk.rules.catalogue import Reference, SupplyRule, TherapyEntry
from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.lines import BundledSupply, DayItem
from infusiondesk.rules.order import Supply
from infusiondesk.rules.problems import Problem, error, warning
from infusiondesk.rules.profile import PayerProfile

SINGLE_LUMEN, MULTI_LUMEN = "S5498", "S5501"


@dataclass(frozen=True, slots=True)
class Coverage:
    """A per diem covering a day: its S-code and therapy."""

    code: str
    therapy: TherapyEntry


def _bundles(rule: SupplyRule, covering: Sequence[Coverage], profile: PayerProfile) -> bool:
    if rule.classification == "bundled":
        return True
    condition = rule.condition
    if condition == "fluid-unless-hydration":
        return not any(c.therapy.fluid_is_drug for c in covering)
    if condition == "enteral-per-diem":
        return any(c.therapy.enteral for c in covering)
    if condition.startswith("profile:"):
        return str(getattr(profile, condition.removeprefix("profile:"))) == "bundled"
    return condition == "catheter-care"


def _billable_reason(code: str, rule: SupplyRule | None, covered: bool) -> str:
    if rule is None:
        return (
            f"{code}: billed separately; it is not in the supply table, so check whether "
            "this payer includes it in the per diem."
        )
    if not covered:
        return f"{code}: billed separately, because no home-infusion per diem covers its date."
    return f"{code}: billed separately. {rule.reason}"


def classify_supply(
    supply: Supply, rule: SupplyRule | None, covering: Sequence[Coverage], profile: PayerProfile
) -> str | None:
    """The reason it is bundled, or None when it is billable."""
    if rule is None or not covering or not _bundles(rule, covering, profile):
        return None
    return f"{rule.reason} Included in the per diem {covering[0].code} on {supply.date}."


def _units(quantity: Decimal) -> int | Decimal:
    return int(quantity) if quantity == quantity.to_integral_value() else quantity


def _checks(supply: Supply, where: str, ranges: Sequence[DateRange]) -> list[Problem]:
    problems = []
    if not any(span.first <= supply.date <= span.last for span in ranges):
        problems.append(warning(f"{where}.date", f"{supply.date} is outside every therapy of the order"))
    if supply.hcpcs == SINGLE_LUMEN and (supply.lumens or 1) > 1:
        problems.append(warning(f"{where}.hcpcs", f"{SINGLE_LUMEN} is for one lumen; use {MULTI_LUMEN}"))
    return problems


def supply_items(
    supplies: Sequence[Supply],
    reference: Reference,
    profile: PayerProfile,
    coverage: Mapping[date, Sequence[Coverage]],
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
                warning(f"{where}.date", f"{supply.date} is outside the billing period; not billed")
            )
            continue
        problems += _checks(supply, where, therapy_ranges)
        rule = reference.supply_rule(supply.hcpcs)
        covering = coverage.get(supply.date, ())
        reason = classify_supply(supply, rule, covering, profile)
        if reason is not None:
            bundled.append(BundledSupply(supply.hcpcs, supply.quantity, supply.date, reason, where))
            continue
        category = "catheter-care" if rule is not None and rule.condition == "catheter-care" else "supply"
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
                category,
                supply.hcpcs,
                (),
                (supply.date,),
                _units(supply.quantity),
                _billable_reason(supply.hcpcs, rule, bool(covering)),
                charges.get(supply.hcpcs),
                place_of_service=place_of_service,
                source=where,
                group=f"{where}",
            )
        )
    return items, bundled, problems
