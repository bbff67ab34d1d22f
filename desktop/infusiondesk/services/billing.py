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
from infusiondesk.rules.order import Order
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
