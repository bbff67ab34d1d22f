"""Claims from orders: which charges and which payer profile, in one place.

``compute_order`` (the live panel, an unsaved order), ``compute_claim`` (a stored
order), printing and corrections all price an order through ``priced_order`` and pick
its profile through ``profile_of``, so the panel, the printout and the snapshot never
disagree. ``service_calendar`` shows the days of the same computation.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from infusiondesk.claims import calendar
from infusiondesk.claims.build import build_claim
from infusiondesk.claims.calendar import ServiceCalendar
from infusiondesk.claims.claim import Claim
from infusiondesk.codesets import load_profiles, load_reference, profile_from_mapping
from infusiondesk.rules.order import Address, Order
from infusiondesk.rules.problems import Problem, error
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.store import charges, orders, setup
from infusiondesk.store import profiles as profile_copies
from infusiondesk.store.database import Store
from infusiondesk.store.errors import StoreError


def known_profiles(store: Store) -> dict[str, PayerProfile]:
    """Shipped payer profiles and the practice's own copies (copies win)."""
    found = load_profiles()
    for copy in profile_copies.list_profile_copies(store):
        found[copy.key] = profile_from_mapping(copy.settings)
    return found


def profile_of(store: Store, key: str) -> PayerProfile | None:
    """The profile named ``key``: the practice's copy, else the shipped one; None when
    neither exists (``build_claim`` then reports it as a problem on the claim)."""
    copy = profile_copies.get_profile_copy(store, key, missing_ok=True)
    if copy is not None:
        return profile_from_mapping(copy.settings)
    return load_profiles().get(key)


def profile_for(store: Store, key: str) -> PayerProfile:
    """Like ``profile_of``, but an unknown key is refused with a plain message."""
    profile = profile_of(store, key)
    if profile is None:
        raise StoreError(f"The payer profile {key!r} is unknown; choose another in setup.")
    return profile


def priced_order(store: Store, order: Order, payer_id: int | None = None) -> Order:
    """``order`` with its charges: the charge master's for the payer (the payer's own
    charge over the general one), and charges given with the order over both.

    ``payer_id``: the payer's setup row; None looks up the row equal to the order's
    payer (an order not yet saved names its payer by value)."""
    if payer_id is None and order.payer is not None:
        payer_id = setup.find_payer_id(store, order.payer)
    prices = charges.charges_for(store, payer_id)
    prices.update(order.charges)
    return replace(order, charges=MappingProxyType(prices))


def compute_order(store: Store, order: Order, payer_id: int | None = None) -> Claim:
    """The claim of an order as it stands (saved or not): what the live panel shows."""
    priced = priced_order(store, order, payer_id)
    return build_claim(priced, load_reference(), profile_of(store, priced.payer_profile))


def order_for_claim(store: Store, order_id: int) -> Order:
    """The stored order, priced for its payer (the order row's payer)."""
    order = orders.load_order(store, order_id)
    return priced_order(store, order, orders.order_row(store, order_id)["payer_id"])


def compute_claim(store: Store, order_id: int) -> Claim:
    """The claim of a stored order, priced for its payer."""
    order = orders.load_order(store, order_id)
    return compute_order(store, order, orders.order_row(store, order_id)["payer_id"])


def service_calendar(store: Store, order: Order, payer_id: int | None = None) -> ServiceCalendar:
    """The order's days under the profile its claim is computed with (``compute_order``).

    ``payer_id`` is taken for symmetry with ``compute_order``: charges do not change
    days, so only the profile matters. An unknown profile falls back to the first
    shipped one, as ``build_claim`` does (which also reports it)."""
    reference = load_reference()
    profile = profile_of(store, order.payer_profile) or next(iter(reference.profiles.values()))
    return calendar.service_calendar(order, reference, profile)


# --- ready to print: one check for the live panel and for printing ---------------------

ADDRESS_PARTS = (("street", "street"), ("city", "city"), ("state", "state"), ("zip", "ZIP code"))


def print_check(claim: Claim, *, allow_shorten: bool = False, split: bool = False) -> tuple[Problem, ...]:
    """Every problem that keeps this claim from printing as it is (and the warnings):
    the claim's edits, what a paper claim needs (a charge on every line, the patient's
    and the insured's addresses) and what doesn't fit its box. The live panel shows
    exactly these and is "ready to print" only without errors; printing refuses on the
    same list (``printing.render_claims``), so a claim is never green and then refused."""
    found = list(claim.problems)
    found += [p for p in form_problems(claim, allow_shorten=allow_shorten, split=split) if p not in found]
    return tuple(found)


def form_problems(claim: Claim, *, allow_shorten: bool = False, split: bool = False) -> list[Problem]:
    """What the paper form itself needs: "print anyway" never overrides these errors (a
    blank charge, a missing address, a value cut to fit its box would print wrong)."""
    from infusiondesk.output.pdf import print_problems  # the PDF code loads on first use

    found = paper_problems(claim)
    return found + [
        p for p in print_problems(claim, allow_shorten=allow_shorten, split=split) if p not in found
    ]


def refusals(
    claims: list[Claim], *, allow_shorten: bool = False, split: bool = False, force: bool = False
) -> list[tuple[int, Problem]]:
    """(claim number from 1, error) for every error that stops printing these claims:
    ``print_check``'s errors, or with ``force`` only the form's own."""
    found = []
    for number, claim in enumerate(claims, start=1):
        problems = (
            form_problems(claim, allow_shorten=allow_shorten, split=split)
            if force
            else print_check(claim, allow_shorten=allow_shorten, split=split)
        )
        found += [(number, p) for p in problems if p.severity == "error"]
    return found


def paper_problems(claim: Claim) -> list[Problem]:
    """What a paper CMS-1500 needs beyond the billing rules: a charge on every line
    (box 24F; box 28 totals them), the patient's address (box 5) and, when the insured
    is someone else, the insured's (box 7)."""
    found: list[Problem] = []
    missing: dict[str, int] = {}
    for line in claim.lines:
        if line.charge is None:
            missing[line.code] = missing.get(line.code, 0) + 1
    for code, count in missing.items():
        found.append(
            error(
                f"charges.{code}",
                f"{code} has no charge for this payer in the charge master: box 24F of its "
                f"{count} line(s) and box 28 would print blank. Set its charge in Setup › Charge master.",
            )
        )
    order = claim.order
    if order.patient is not None:
        found += _address_problems(order.patient.address, "patient.address", "box 5 (patient's address)")
    insured = order.insured
    if insured is not None and insured.relationship != "self":
        found += _address_problems(insured.address, "insured.address", "box 7 (insured's address)")
    return found


def _address_problems(address: Address, where: str, box: str) -> list[Problem]:
    blank = [label for key, label in ADDRESS_PARTS if not getattr(address, key).strip()]
    if not blank:
        return []
    first = next(key for key, label in ADDRESS_PARTS if label == blank[0])
    return [error(f"{where}.{first}", f"{box} needs the {', '.join(blank)} for a paper claim")]
