"""Build a claim from an order: every rule module in turn, then lines and edits.

The one function the GUI, the CLI and the store call. It is pure: reference data
and the payer profile come in as values (loaded once by ``codesets``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from infusiondesk.claims.claim import Claim
from infusiondesk.rules.catalogue import Reference, TherapyEntry
from infusiondesk.rules.concurrency import concurrency_modifiers, explain_modifier, rank_therapies
from infusiondesk.rules.dates import sorted_days, us_date, us_runs
from infusiondesk.rules.diagnoses import diagnosis_problems
from infusiondesk.rules.drugs import DrugContext, drug_items
from infusiondesk.rules.edits import header_problems
from infusiondesk.rules.lines import ClaimLine, DayItem, group_into_lines
from infusiondesk.rules.nursing import nursing_items
from infusiondesk.rules.order import Order, Therapy
from infusiondesk.rules.per_diem import TherapyDays, explain, therapy_days, therapy_problems
from infusiondesk.rules.problems import Problem, error, warning
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.rules.supplies import PerDiemCoverage, supply_items

MAX_MODIFIERS = 4  # *nucc* 24D


@dataclass(frozen=True, slots=True)
class _Planned:
    index: int
    therapy: Therapy
    entry: TherapyEntry
    days: TherapyDays


def build_claim(
    order: Order, reference: Reference | None = None, profile: PayerProfile | None = None
) -> Claim:
    """Each step returns its items and its own problems (as the rule modules do), so no
    step can lose or reorder another's; they are put together here, in one fixed order:
    the profile and header, the diagnoses, then therapies, drugs, visits, supplies."""
    if reference is None:
        from infusiondesk.codesets import load_reference

        reference = load_reference()
    profile_problems: list[Problem] = []
    if profile is None:
        profile, profile_problems = _payer_profile(order, reference)
    planned, plan_problems = _plan_therapies(order, reference, profile)
    per_diems, per_diem_problems = _per_diem_items(order, planned, profile, reference)
    drugs, drug_problems = _drug_items(order, planned, reference, profile)
    billed = _billed_days([*per_diems, *drugs])
    service_days = set[date]().union(*billed.values())
    visit_items, visit_problems = nursing_items(
        order.nursing_visits,
        profile,
        order.charges,
        service_days,
        order.billing_period,
        order.place_of_service,
    )
    supply_lines, bundled, supply_problems = supply_items(
        order.supplies,
        reference,
        profile,
        _coverage(planned, billed, {s.date for s in order.supplies}),
        [p.therapy.range for p in planned],
        order.charges,
        order.place_of_service,
        order.billing_period,
    )
    items = _with_claim_modifiers([*per_diems, *drugs, *visit_items, *supply_lines], profile)
    lines = group_into_lines(items, profile)
    modifier_problems: list[Problem] = []
    if any(len(item.modifiers) > MAX_MODIFIERS for item in items):  # a line has its items' modifiers
        modifier_problems = _modifier_problems(lines)
    problems = [
        *profile_problems,
        *header_problems(order, profile),
        *_diagnosis_problems(order, reference, items),  # judged once the dates of service are known
        *plan_problems,
        *per_diem_problems,
        *drug_problems,
        *_uncovered_drugs(planned, billed),
        *visit_problems,
        *supply_problems,
        *modifier_problems,
    ]
    return Claim(order, profile, tuple(lines), tuple(bundled), tuple(_unique(problems)))


def _payer_profile(order: Order, reference: Reference) -> tuple[PayerProfile, list[Problem]]:
    """The order's payer profile; an unknown one is an error, and the claim is computed
    with the first profile so the biller still sees every other problem."""
    profile = reference.profiles.get(order.payer_profile)
    if profile is not None:
        return profile, []
    fallback = next(iter(reference.profiles.values()))
    return fallback, [
        error(
            "payer_profile",
            f"'{order.payer_profile}' is not a known payer profile; computed with '{fallback.key}'",
        )
    ]


def _diagnosis_problems(order: Order, reference: Reference, items: list[DayItem]) -> list[Problem]:
    """Each diagnosis judged by the ICD-10-CM release in force on each date of service
    billed (with nothing billed, the order's first and last dates)."""
    codes = reference.icd10cm
    if codes is None:
        from infusiondesk.codesets import load_icd10cm

        codes = load_icd10cm()
    days = [day for item in items for day in item.days]
    whole = order.service_range()
    if not days and whole is not None:
        days = [whole.first, whole.last]
    return diagnosis_problems(order.diagnoses, codes, days)


def _plan_therapies(
    order: Order, reference: Reference, profile: PayerProfile
) -> tuple[list[_Planned], list[Problem]]:
    planned = []
    problems: list[Problem] = []
    for index, therapy in enumerate(order.therapies):
        where = f"therapies[{index}]"
        entry = reference.therapies.get(therapy.therapy)
        if entry is None:
            problems.append(error(f"{where}.therapy", f"'{therapy.therapy}' is not in the therapy catalogue"))
            continue
        problems += therapy_problems(therapy, entry, profile, order.billing_period, where)
        planned.append(
            _Planned(index, therapy, entry, therapy_days(therapy, entry, profile, order.billing_period))
        )
    return planned, problems


def _per_diem_items(
    order: Order, planned: list[_Planned], profile: PayerProfile, reference: Reference
) -> tuple[list[DayItem], list[Problem]]:
    billed = [p for p in planned if p.days.code is not None]
    ranking = rank_therapies(
        [p.days.code for p in billed], order.charges, _primary_position(billed, order.primary_therapy)
    )
    days, problems = _without_double_billing(billed, ranking)
    modifiers = concurrency_modifiers(days, ranking, profile)
    suite = order.place_of_service == profile.suite_place_of_service
    items = []
    for position, plan in enumerate(billed):
        code = plan.days.code
        assert code is not None
        where = f"therapies[{plan.index}]"
        problems += _check_effective(code, days[position], reference, where)
        base = explain(code, plan.entry, plan.days, profile)
        for found, found_days in modifiers.get(position, {}).items():
            explanation = base + explain_modifier(found)
            if suite:
                found = (*found, profile.suite_modifier)  # NHIA recommendation 5: suite per diem + SS
                explanation += (
                    f" {profile.suite_modifier}: given in the pharmacy's infusion suite (NHIA rec. 5)."
                )
            items.append(
                DayItem(
                    category="per-diem",
                    code=code,
                    modifiers=found,
                    days=tuple(found_days),
                    units=1,
                    explanation=explanation,
                    charge=order.charges.get(code),
                    diagnosis_pointers=plan.therapy.diagnosis_pointers or "A",
                    place_of_service=order.place_of_service,
                    source=where,
                )
            )
    return items, problems + _code_conflicts(billed, days, reference)


def _primary_position(billed: list[_Planned], primary: int | None) -> int | None:
    for position, plan in enumerate(billed):
        if plan.index == primary:
            return position
    return None


def _entry_key(therapy: Therapy) -> tuple[str, frozenset[str]]:
    """What makes two entries one therapy: its key and its drugs (without drugs, its frequency)."""
    drugs = frozenset(drug.hcpcs for drug in therapy.drugs)
    return therapy.therapy, drugs or frozenset({therapy.frequency})


def _without_double_billing(
    billed: list[_Planned], ranking: list[int]
) -> tuple[dict[int, list[date]], list[Problem]]:
    """§3.4: the same therapy entered twice (same therapy key and drug, overlapping days) is
    billed once a day; the lower-ranked copy yields. Two different therapies with the same
    S-code are concurrent (SH/SJ, NHIA recommendation 7: "Multiple anti-infective therapies")."""
    taken: dict[tuple[str, frozenset[str]], set[date]] = {}
    owner: dict[tuple[str, frozenset[str]], int] = {}
    days: dict[int, list[date]] = {}
    problems: list[Problem] = []
    for position in ranking:
        plan = billed[position]
        key = _entry_key(plan.therapy)
        mine = set(plan.days.service_days)
        clash = mine & taken.get(key, set())
        if clash:
            mine -= clash
            problems.append(
                error(
                    f"therapies[{plan.index}].start",
                    f"repeats therapies[{billed[owner[key]].index}] (the same therapy and drug) on "
                    f"{us_runs(sorted(clash))}: its per diem is billed once a day",
                )
            )
        owner.setdefault(key, position)
        taken.setdefault(key, set()).update(mine)
        days[position] = sorted_days(mine, plan.days.service_days)
    return days, problems


def _code_conflicts(
    billed: list[_Planned], days: dict[int, list[date]], reference: Reference
) -> list[Problem]:
    """§2: the catch-all code never on a day with a specific code of the same rule (e.g. S9494 and S9502)."""
    problems = []
    for position, plan in enumerate(billed):
        rule = plan.entry.code_rule
        if plan.days.code != rule.other_code or not rule.by_key:
            continue
        specific = set(rule.by_key.values())
        for other_position, other in enumerate(billed):
            if other.days.code in specific and set(days[position]) & set(days[other_position]):
                problems.append(
                    error(
                        f"therapies[{plan.index}].frequency",
                        f"{rule.other_code} can't be billed on the same day as "
                        f"{other.days.code} (therapies[{other.index}])",
                    )
                )
    return problems


def _check_effective(code: str, days: list[date], reference: Reference, where: str) -> list[Problem]:
    # A code's versions cover one unbroken period, so its ends decide (HCPCS effective dates).
    if not days or reference.in_effect(code, days[0], days[-1]) or reference.descriptor(code) is None:
        return []
    early = next(day for day in days if reference.descriptor(code, on=day) is None)
    return [warning(where, f"{code} is not in effect on {us_date(early)}: check the code for that date")]


def _drug_items(
    order: Order, planned: list[_Planned], reference: Reference, profile: PayerProfile
) -> tuple[list[DayItem], list[Problem]]:
    items: list[DayItem] = []
    problems: list[Problem] = []
    for plan in planned:
        compounds = [i for i, drug in enumerate(plan.therapy.drugs) if drug.compound]
        for drug_index, drug in enumerate(plan.therapy.drugs):
            context = DrugContext(
                plan.index,
                drug_index,
                plan.days.administration_days,
                plan.days.frequency.doses_per_administration_day,
                plan.therapy.diagnosis_pointers or "A",
                order.place_of_service,
                compounds.index(drug_index) if drug_index in compounds else None,
            )
            found, drug_problems = drug_items(drug, context, reference, profile, order.charges)
            items += found
            problems += drug_problems
    return items, problems


def _billed_days(items: list[DayItem]) -> dict[str, set[date]]:
    """Per therapy (its ``source``), the days its per-diem lines really bill on this claim."""
    billed: dict[str, set[date]] = {}
    for item in items:
        if item.category == "per-diem":
            billed.setdefault(item.source, set()).update(item.days)
    return billed


def _coverage(
    planned: list[_Planned], billed: dict[str, set[date]], days: set[date]
) -> dict[date, list[PerDiemCoverage]]:
    """The per diems paying for each of ``days``, with the lines that bill them (§6).

    Dosed every 72 hours or more often: every day of the course, holds excluded, as long
    as its per diem is on the claim. Less often: only the dose days billed, because between
    doses the patient is "outside of the per diem structure" (NHIA per-diem definition)."""
    coverage: dict[date, list[PerDiemCoverage]] = {}
    if not days:
        return coverage
    for plan in planned:
        own = billed.get(f"therapies[{plan.index}]")
        if plan.days.code is None or not own:
            continue
        therapy = plan.therapy
        covering = PerDiemCoverage(plan.days.code, plan.entry, tuple(sorted(own)))
        for day in days:
            if plan.days.per_dose:
                if day in own:
                    coverage.setdefault(day, []).append(covering)
            elif therapy.start <= day <= therapy.stop and not any(day in h for h in therapy.holds):
                coverage.setdefault(day, []).append(covering)
    return coverage


def _uncovered_drugs(planned: list[_Planned], billed: dict[str, set[date]]) -> list[Problem]:
    """HCSC CPCP019: "The per diem HCPCS code must be billed on the same claim as the
    corresponding drug for the same dates of service" — warn where a drug's dates lack it."""
    problems = []
    for plan in planned:
        if not plan.therapy.drugs or not plan.entry.drugs_billed_separately:
            continue
        missing = sorted(set(plan.days.administration_days) - billed.get(f"therapies[{plan.index}]", set()))
        if missing:
            problems.append(
                warning(
                    f"therapies[{plan.index}].drugs",
                    f"the drug is billed on {us_runs(missing)} without its therapy's per diem on this "
                    "claim; HCSC: the per diem must be billed on the same claim as the drug for the same "
                    "dates of service",
                )
            )
    return problems


def _with_claim_modifiers(items: list[DayItem], profile: PayerProfile) -> list[DayItem]:
    if not profile.medicare_secondary_gy:
        return items
    # NHIA recommendation 11: GY on items statutorily excluded from Medicare (a profile setting).
    return [
        item._replace(
            modifiers=(*item.modifiers, "GY"),
            explanation=item.explanation + " GY: statutorily excluded from Medicare (NHIA rec. 11).",
        )
        for item in items
    ]


def _modifier_problems(lines: list[ClaimLine]) -> list[Problem]:
    return [
        error(
            line.source or "lines",
            f"{line.code} has {len(line.modifiers)} modifiers; box 24D holds {MAX_MODIFIERS}",
        )
        for line in lines
        if len(line.modifiers) > MAX_MODIFIERS
    ]


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
