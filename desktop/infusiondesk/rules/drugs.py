"""Drug lines: billing units, NDC quantity, JW/JZ and KP/KQ (billing-rules.md §7).

Units per date of service = the day's total dose ÷ the code's unit size, rounded
up (cefazolin J0690 "500 mg": 2 g → 4 units). Waste from single-dose containers
goes on its own JW line only where rounding the given dose up does not already
cover it (AllWays): ``ceil((dose + waste)/unit) − ceil(dose/unit)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from infusiondesk.rules.catalogue import DrugEntry, Reference
from infusiondesk.rules.lines import DayItem
from infusiondesk.rules.ndc import NdcError, format_quantity, normalize_ndc
from infusiondesk.rules.order import Drug
from infusiondesk.rules.problems import Problem, error, warning
from infusiondesk.rules.profile import PayerProfile

# Conversion factors to a common base per dimension: mass in mg, activity in units, volume in ml.
_TO_BASE = {
    "mg": ("mass", Decimal(1)),
    "g": ("mass", Decimal(1000)),
    "mcg": ("mass", Decimal("0.001")),
    "units": ("units", Decimal(1)),
    "ml": ("volume", Decimal(1)),
    "cc": ("volume", Decimal(1)),
}
NDC_UNIT_OF = {"ME": "mg", "GR": "g", "ML": "ml", "F2": "units"}
NOC_CODES = ("J3490", "J3590", "J9999", "J7999")
THREE_PLACES = Decimal("0.001")


def convert(amount: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """``amount`` in ``to_unit``; None when the units measure different things."""
    source, target = _TO_BASE.get(from_unit), _TO_BASE.get(to_unit)
    if source is None or target is None or source[0] != target[0]:
        return None
    return amount * source[1] / target[1]


def billing_units(amount: Decimal, unit_amount: Decimal) -> int:
    return int((amount / unit_amount).to_integral_value(rounding=ROUND_CEILING)) if amount > 0 else 0


@dataclass(frozen=True, slots=True)
class DrugContext:
    """What a drug's lines need from its therapy."""

    therapy_index: int
    drug_index: int
    days: Sequence[date]  # administration days inside the billing period
    doses_per_day: int
    pointers: str
    place_of_service: str
    compound_position: int | None  # 0 for the first ingredient of a compound, 1+ after


def check_ndc(drug: Drug, where: str) -> tuple[str | None, list[Problem]]:
    if not drug.ndc:
        if drug.hcpcs.startswith("J"):
            return None, [error(f"{where}.ndc", f"{drug.hcpcs} needs an NDC; the claim will deny without it")]
        return None, []
    try:
        return normalize_ndc(drug.ndc), []
    except NdcError as bad:
        return None, [error(f"{where}.ndc", str(bad))]


def _daily_units(
    drug: Drug, entry: DrugEntry | None, doses: int, where: str
) -> tuple[int, int, list[Problem]]:
    """(units a day, JW units a day, problems)."""
    if entry is None:
        return (
            doses,
            0,
            [
                warning(
                    f"{where}.hcpcs",
                    f"{drug.hcpcs} is not in the drug catalogue; "
                    "billed as one unit per dose: check the units",
                )
            ],
        )
    dose = convert(drug.dose * doses, drug.dose_unit, entry.unit)
    waste = convert(drug.wasted * doses, drug.dose_unit, entry.unit)
    if dose is None or waste is None:
        return (
            doses,
            0,
            [
                error(
                    f"{where}.dose_unit",
                    f"a dose in {drug.dose_unit} can't be billed in "
                    f"{drug.hcpcs}'s unit of {entry.unit_amount} {entry.unit}",
                )
            ],
        )
    units = billing_units(dose, entry.unit_amount)
    jw = billing_units(dose + waste, entry.unit_amount) - units if units else 0
    return units, jw, []


def _modifiers(drug: Drug, context: DrugContext, profile: PayerProfile, waste_line: bool) -> tuple[str, ...]:
    found: list[str] = []
    if waste_line:
        found.append("JW")
    elif profile.jz_on_full_use and drug.wasted == 0:
        found.append("JZ")  # CMS JW/JZ policy: JZ only when nothing was discarded
    if profile.kp_kq_for_compounds and context.compound_position is not None:
        found.append("KP" if context.compound_position == 0 else "KQ")
    return tuple(found)


def _waste_quantity(drug: Drug, doses: int) -> Decimal | None:
    unit = NDC_UNIT_OF.get(drug.ndc_unit or "")
    amount = convert(drug.wasted * doses, drug.dose_unit, unit) if unit else None
    return None if amount is None else amount.quantize(THREE_PLACES).normalize()


def drug_items(
    drug: Drug,
    context: DrugContext,
    reference: Reference,
    profile: PayerProfile,
    charges: Mapping[str, Decimal],
) -> tuple[list[DayItem], list[Problem]]:
    where = f"therapies[{context.therapy_index}].drugs[{context.drug_index}]"
    ndc, problems = check_ndc(drug, where)
    entry = reference.drug_by_code(drug.hcpcs)
    units, jw_units, unit_problems = _daily_units(drug, entry, context.doses_per_day, where)
    problems += unit_problems
    problems += _quantity_problems(drug, where)
    if drug.hcpcs in NOC_CODES and not drug.description:
        problems.append(
            error(
                f"{where}.description",
                f"{drug.hcpcs} is a not-otherwise-classified code: describe the drug (box 19)",
            )
        )
    if not context.days or units == 0:
        return [], problems  # never bill a drug or its waste when nothing was given
    quantity = None
    if drug.ndc_quantity_per_dose is not None:
        quantity = drug.ndc_quantity_per_dose * context.doses_per_day
    waste_quantity = _waste_quantity(drug, context.doses_per_day) if jw_units else None
    if jw_units and ndc and waste_quantity is None:
        problems.append(
            warning(f"{where}.wasted", "enter the NDC quantity of the discarded amount on the JW line")
        )
    explanation = _explain(drug, entry, units, quantity, context.doses_per_day)
    drug_line = DayItem(
        "drug",
        drug.hcpcs,
        _modifiers(drug, context, profile, False),
        tuple(context.days),
        units,
        explanation,
        charges.get(drug.hcpcs),
        ndc,
        drug.ndc_unit if ndc else None,
        quantity if ndc else None,
        context.pointers,
        context.place_of_service,
        drug.description if drug.hcpcs in NOC_CODES else "",
        where,
    )
    items = [drug_line]
    if jw_units:
        items.append(
            drug_line._replace(
                category="waste",
                modifiers=_modifiers(drug, context, profile, True),
                units=jw_units,
                explanation=f"{drug.hcpcs} JW: {jw_units} unit(s) a day discarded from single-dose "
                "containers beyond what rounding up the given dose covers (AllWays).",
                ndc_quantity=waste_quantity if ndc else None,
            )
        )
    return items, problems


def _quantity_problems(drug: Drug, where: str) -> list[Problem]:
    quantity = drug.ndc_quantity_per_dose
    if drug.ndc and quantity is None:
        return [error(f"{where}.ndc_quantity_per_dose", "enter the NDC quantity given per dose")]
    if drug.ndc and drug.ndc_unit is None:
        return [error(f"{where}.ndc_unit", "enter the NDC unit qualifier (F2, GR, ME, ML or UN)")]
    if quantity is not None and quantity != quantity.quantize(THREE_PLACES):
        return [error(f"{where}.ndc_quantity_per_dose", f"{quantity} has more than 3 decimals (NUCC)")]
    return []


def _explain(drug: Drug, entry: DrugEntry | None, units: int, quantity: Decimal | None, doses: int) -> str:
    if entry is None:
        return f"{drug.hcpcs}: one unit per dose ({doses} a day); the code is not in the drug catalogue."
    daily = format_quantity(drug.dose * doses)
    text = (
        f"{drug.hcpcs}: {daily} {drug.dose_unit} a day ÷ {format_quantity(entry.unit_amount)} "
        f"{entry.unit} per billing unit, rounded up = {units} unit(s) a day"
    )
    if quantity is not None and drug.ndc_unit:
        text += f"; NDC quantity {drug.ndc_unit} {format_quantity(quantity)} a day"
    return text + " (HCPCS descriptor units)."
