"""Drug lines: billing units, NDC quantity, JW/JZ and KP/KQ (billing-rules.md §7).

Units per date of service = the day's total dose ÷ the code's unit size, rounded
up (cefazolin J0690 "500 mg": 2 g → 4 units). Waste from single-dose containers
goes on its own JW line only where rounding the given dose up does not already
cover it (AllWays): ``ceil((dose + waste)/unit) − ceil(dose/unit)``; never from a
multi-use vial (AllWays: "Do not bill for drug wastage associated with multi use vial
drugs"). Not-otherwise-classified codes have no unit size: one unit per date of
service, the NDC quantity carries the amount (billing-rules.md §7).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from infusiondesk.rules.catalogue import DrugEntry, Reference
from infusiondesk.rules.lines import DAYS, UNITS, DayItem
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
    if drug.hcpcs in NOC_CODES:
        # No unit size to divide by: one unit per date of service (billing-rules.md §7).
        return 1, 1 if drug.wasted > 0 else 0, []
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
                    f"{drug.hcpcs}'s unit of {format_quantity(entry.unit_amount)} {entry.unit}",
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


def _waste_quantity(drug: Drug, entry: DrugEntry | None, doses: int) -> Decimal | None:
    """The JW line's NDC quantity a day: entered, converted, or from the product's concentration."""
    if drug.wasted_ndc_quantity is not None:
        return drug.wasted_ndc_quantity * doses
    unit = NDC_UNIT_OF.get(drug.ndc_unit or "")
    amount = convert(drug.wasted * doses, drug.dose_unit, unit) if unit else None
    if amount is None and drug.ndc_unit == "ML" and entry is not None and entry.per_ml:
        in_code_unit = convert(drug.wasted * doses, drug.dose_unit, entry.unit)
        amount = None if in_code_unit is None else in_code_unit / entry.per_ml
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
    if jw_units and entry is not None and entry.multi_dose:
        jw_units = 0  # AllWays: "Do not bill for drug wastage associated with multi use vial drugs."
        problems.append(
            error(
                f"{where}.wasted",
                f"{drug.hcpcs} comes in multi-use vials: no waste is billed from them (AllWays); "
                "set the wasted amount to 0",
            )
        )
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
    waste_quantity = _waste_quantity(drug, entry, context.doses_per_day) if jw_units else None
    if jw_units and ndc and waste_quantity is None:
        problems.append(
            warning(
                f"{where}.wasted_ndc_quantity",
                f"enter the discarded amount in the NDC's unit ({drug.ndc_unit}) for the JW line's "
                "NDC quantity",
            )
        )
    modifiers = _modifiers(drug, context, profile, False)
    explanation = _explain(drug, entry, units, quantity, context.doses_per_day) + _explain_modifiers(
        modifiers
    )
    drug_line = DayItem(
        category="drug",
        code=drug.hcpcs,
        modifiers=modifiers,
        days=tuple(context.days),
        units=units,
        explanation=explanation,
        charge=charges.get(drug.hcpcs),
        ndc=ndc,
        ndc_unit=drug.ndc_unit if ndc else None,
        ndc_quantity=quantity if ndc else None,
        diagnosis_pointers=context.pointers,
        place_of_service=context.place_of_service,
        note=drug.description if drug.hcpcs in NOC_CODES else "",
        source=where,
    )
    items = [drug_line]
    if jw_units:
        waste_modifiers = _modifiers(drug, context, profile, True)  # JW first, then KP/KQ
        items.append(
            drug_line._replace(
                category="waste",
                modifiers=waste_modifiers,
                units=jw_units,
                explanation=_explain_waste(drug, entry, units, jw_units, context.doses_per_day)
                + _explain_modifiers(waste_modifiers[1:]),
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


_MODIFIER_REASONS = {
    "JZ": " JZ: nothing was discarded (CMS JW/JZ policy).",
    "KP": " KP: the first drug of a multiple-drug formulation (AllWays).",
    "KQ": " KQ: a second or later drug of a multiple-drug formulation (AllWays).",
}


def _explain_modifiers(modifiers: tuple[str, ...]) -> str:
    return "".join(_MODIFIER_REASONS.get(modifier, "") for modifier in modifiers)


def _per_day(units: int) -> str:
    return f"{units} unit a day" if units == 1 else f"{units} units a day"


def _explain(drug: Drug, entry: DrugEntry | None, units: int, quantity: Decimal | None, doses: int) -> str:
    """The numbers the unit rule used, the line's own days and units filled in by the line."""
    total = f"× {DAYS} = {UNITS}"
    ndc = ""
    if quantity is not None and drug.ndc_unit:
        ndc = f"; NDC quantity {drug.ndc_unit} {format_quantity(quantity)} a day carries the amount given"
    if drug.hcpcs in NOC_CODES:
        return (
            f"{drug.hcpcs}: {_per_day(units)} {total}, one per date of service: a not-otherwise-classified "
            f"code has no unit size, so no dose conversion applies{ndc} (billing-rules.md §7)."
        )
    if entry is None:
        return (
            f"{drug.hcpcs}: one unit per dose, {_per_day(units)} {total}; "
            "the code is not in the drug catalogue."
        )
    daily = drug.dose * doses
    in_unit = convert(daily, drug.dose_unit, entry.unit)
    if in_unit is None:  # no conversion happened: say so, never print one
        return (
            f"{drug.hcpcs}: one unit per dose, {_per_day(units)} {total}, because a dose in "
            f"{drug.dose_unit} can't be converted to the code's unit ({entry.unit}): fix the dose unit."
        )
    given = f"{format_quantity(drug.dose)} {drug.dose_unit}"
    if doses > 1:
        given += f" × {doses} doses = {format_quantity(daily)} {drug.dose_unit} a day"
    else:
        given += " a day"
    if drug.dose_unit != entry.unit:
        given += f" = {format_quantity(in_unit)} {entry.unit}"
    return (
        f"{drug.hcpcs}: {given} ÷ {format_quantity(entry.unit_amount)} {entry.unit} per billing unit "
        f"(HCPCS descriptor), rounded up = {_per_day(units)} {total}{ndc}."
    )


def _explain_waste(drug: Drug, entry: DrugEntry | None, units: int, jw_units: int, doses: int) -> str:
    if entry is None or drug.hcpcs in NOC_CODES:
        return (
            f"{drug.hcpcs} JW: {_per_day(jw_units)} × {DAYS} = {UNITS}, one per date of service with waste "
            "from a single-use container (AllWays: drug wastage on a separate line with JW)."
        )
    given = convert(drug.dose * doses, drug.dose_unit, entry.unit) or Decimal(0)
    waste = convert(drug.wasted * doses, drug.dose_unit, entry.unit) or Decimal(0)
    return (
        f"{drug.hcpcs} JW: ({format_quantity(given)} {entry.unit} given + {format_quantity(waste)} "
        f"{entry.unit} discarded a day) ÷ "
        f"{format_quantity(entry.unit_amount)} {entry.unit}, rounded up = {units + jw_units}, less the "
        f"{units} given = {_per_day(jw_units)} × {DAYS} = {UNITS} discarded from single-use containers "
        "(AllWays: drug wastage on a separate line with JW)."
    )
