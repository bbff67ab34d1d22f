"""Concurrent per diems: SH on the second, SJ on the third and further (billing-rules.md §4).

HCSC CPCP019, AllWays and NHIA recommendation 7: on each day two or more per-diem
therapies share, the primary has no concurrency modifier. The primary is the therapy
with the highest per-diem charge (ties or no charges: the one entered first); the
biller may name another. Modifiers are decided per day, so a therapy that overlaps
another only partly carries SH only on the shared days (its lines split there).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from infusiondesk.rules.dates import sorted_days
from infusiondesk.rules.profile import PayerProfile

SECOND = "SH"
THIRD_AND_LATER = "SJ"


def rank_therapies(
    codes: Sequence[str | None], charges: Mapping[str, Decimal], primary: int | None = None
) -> list[int]:
    """Therapy indexes, primary first: highest per-diem charge, then entry order."""

    def key(index: int) -> tuple[int, Decimal, int]:
        code = codes[index]
        charge = charges.get(code, Decimal(0)) if code else Decimal(0)
        return (0 if index == primary else 1, -charge, index)

    return sorted(range(len(codes)), key=key)


def concurrency_modifiers(
    days_by_therapy: Mapping[int, Sequence[date]], ranking: Sequence[int], profile: PayerProfile
) -> dict[int, dict[tuple[str, ...], list[date]]]:
    """For each therapy, its days grouped by their concurrency modifiers.

    Walking the therapies from the primary down, a day already covered by one
    higher-ranked therapy gets SH, by two or more SJ (set algebra, not a day loop).
    """
    extra = ("59",) if profile.concurrency_modifier_59 else ()  # payers that also want 59: a setting
    covered_once: set[date] = set()
    covered_twice: set[date] = set()
    grouped: dict[int, dict[tuple[str, ...], list[date]]] = {}
    for index in ranking:
        ordered = days_by_therapy.get(index, ())
        days = set(ordered)
        if days.isdisjoint(covered_once):  # the primary, and every therapy sharing no day
            grouped[index] = {(): sorted_days(days, ordered)} if days else {}
            covered_once |= days
            continue
        groups = {
            (): days - covered_once,
            (SECOND, *extra): (days & covered_once) - covered_twice,
            (THIRD_AND_LATER, *extra): days & covered_twice,
        }
        grouped[index] = {mods: sorted(found) for mods, found in groups.items() if found}
        covered_twice |= covered_once & days
        covered_once |= days
    return grouped


def explain_modifier(modifiers: tuple[str, ...]) -> str:
    extra = " 59: a distinct service, as this payer's profile asks beside SH/SJ." if "59" in modifiers else ""
    if SECOND in modifiers:
        return " SH: the second therapy given on the same days (HCSC CPCP019; NHIA recommendation 7)." + extra
    if THIRD_AND_LATER in modifiers:
        return (
            " SJ: a third or later therapy given on the same days (HCSC CPCP019; NHIA recommendation 7)."
            + extra
        )
    return ""
