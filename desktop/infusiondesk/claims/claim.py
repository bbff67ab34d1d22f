"""The finished claim and its pages (six service lines a CMS-1500 form, *nucc*)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from infusiondesk.rules.lines import BundledSupply, ClaimLine
from infusiondesk.rules.order import Order
from infusiondesk.rules.problems import Problem
from infusiondesk.rules.profile import PayerProfile

LINES_PER_FORM = 6


@dataclass(frozen=True, slots=True)
class Claim:
    order: Order
    profile: PayerProfile
    lines: tuple[ClaimLine, ...]
    bundled: tuple[BundledSupply, ...]
    problems: tuple[Problem, ...]

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.lines) // LINES_PER_FORM))

    @property
    def total_charge(self) -> Decimal | None:
        """Sum of line charges; None when any line has no charge (box 24F left to the biller)."""
        totals = [line.total_charge for line in self.lines]
        if not totals or any(total is None for total in totals):
            return None
        return sum((t for t in totals if t is not None), Decimal(0))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def problems_at(self, where_prefix: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.where.startswith(where_prefix))


@dataclass(frozen=True, slots=True)
class ClaimPage:
    """One printed form. ``box28`` is what box 28 shows: a total, or ``None`` with
    ``continued`` set when the profile prints CONTINUED on all pages but the last."""

    number: int
    of: int
    lines: tuple[ClaimLine, ...]
    box28: Decimal | None
    continued: bool


def _sum_charges(lines: tuple[ClaimLine, ...]) -> Decimal | None:
    totals = [line.total_charge for line in lines]
    if not totals or any(t is None for t in totals):
        return None
    return sum((t for t in totals if t is not None), Decimal(0))


def paginate(claim: Claim) -> tuple[ClaimPage, ...]:
    """Split into forms; box 28 per the profile's ``multipage_box28`` (*nucc* item 28)."""
    count = claim.pages
    pages = []
    for index in range(count):
        lines = claim.lines[index * LINES_PER_FORM : (index + 1) * LINES_PER_FORM]
        last = index == count - 1
        if claim.profile.multipage_box28 == "page-totals":
            pages.append(ClaimPage(index + 1, count, lines, _sum_charges(lines), False))
        elif last:
            pages.append(ClaimPage(index + 1, count, lines, claim.total_charge, False))
        else:
            pages.append(ClaimPage(index + 1, count, lines, None, True))
    return tuple(pages)
