"""Practice setup: the billing provider, payers, prescribers, payer profile copies,
the charge master, and the sample practice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from infusiondesk.codesets import load_profiles, profile_from_mapping
from infusiondesk.rules.edits import header_problems
from infusiondesk.rules.order import Order, Payer, Prescriber, Provider
from infusiondesk.rules.problems import Problem, error, warning
from infusiondesk.services.billing import known_profiles
from infusiondesk.services.users import SETUP, administrators_only
from infusiondesk.store import charges, setup
from infusiondesk.store import profiles as profile_copies
from infusiondesk.store.database import Store
from infusiondesk.store.errors import StoreError

if TYPE_CHECKING:
    from infusiondesk.demo_data import DemoRemoval, DemoSummary

# --- checks at the field ------------------------------------------------------------------
#
# Setup is where an NPI is typed once for hundreds of claims, so it is checked there,
# by the very claim edits (rules.edits) a claim naming it would fail: an order holding
# only that party, and the edits' problems about it. A Problem's ``where`` names the
# party's field as the claim edits do ("provider.npi", "prescriber.npi", ...).


def _edits_about(value: Provider | Prescriber) -> list[Problem]:
    """The claim edits' problems about ``value``, in the Order field it goes in. A
    field left blank may be saved (the biller fills it in when it is at hand; no claim
    prints without it); a wrong one not."""
    blank = Order(payer_profile=setup.DEFAULT_PROFILE, therapies=())
    if isinstance(value, Provider):
        party, order = "provider", replace(blank, provider=value)
    else:
        party, order = "prescriber", replace(blank, prescriber=value)
    profile = load_profiles()[setup.DEFAULT_PROFILE]
    found = []
    for problem in header_problems(order, profile):
        if not problem.where.startswith(f"{party}."):
            continue
        if problem.severity == "error" and not _field(value, problem.where):
            problem = warning(problem.where, f"{problem.message}: no claim prints until it is entered")
        found.append(problem)
    return found


def _field(value: object, where: str) -> str:
    for name in where.split(".")[1:]:
        value = getattr(value, name, "")
    return str(value).strip()


def practice_problems(provider: Provider) -> list[Problem]:
    """What every claim of this practice would be refused or flagged for (boxes 25, 33)."""
    missing = [] if provider.name.strip() else [error("provider.name", "the practice's name is missing")]
    return missing + _edits_about(provider)


def prescriber_problems(prescriber: Prescriber) -> list[Problem]:
    """The prescriber's name and NPI (box 17), as the claim edits check them."""
    missing = [
        error(f"prescriber.{name}", f"the prescriber's {label} is missing")
        for name, label in (("last_name", "last name"), ("first_name", "first name"))
        if not getattr(prescriber, name).strip()
    ]
    return missing + _edits_about(prescriber)


def payer_problems(payer: Payer) -> list[Problem]:
    """A payer needs its name (the carrier block and box 11c)."""
    return [] if payer.name.strip() else [error("payer.name", "the payer's name is missing")]


# --- the practice ----------------------------------------------------------------------


@administrators_only(SETUP)
def set_practice(store: Store, provider: Provider) -> int:
    """Set the practice; a correction reaches every order billed by it (see store.setup)."""
    return setup.set_practice(store, provider)


# --- payers ----------------------------------------------------------------------------


@administrators_only(SETUP)
def save_payer(store: Store, payer: Payer, profile: str, payer_id: int | None = None) -> int:
    """Add a payer (``payer_id`` None) or edit the one with ``payer_id``; returns its id.
    Adding a payer equal to one in setup keeps that one, with ``profile`` set."""
    _known_profile(store, profile)
    with store.write():
        if payer_id is None:
            payer_id = setup.add_payer(store, payer, profile)
            if setup.get_payer(store, payer_id).profile == profile:
                return payer_id
        setup.update_payer(store, payer_id, payer, profile)
    return payer_id


@administrators_only(SETUP)
def add_payer(store: Store, payer: Payer, profile: str = setup.DEFAULT_PROFILE) -> int:
    return save_payer(store, payer, profile)


@administrators_only(SETUP)
def update_payer(store: Store, payer_id: int, payer: Payer, profile: str) -> None:
    save_payer(store, payer, profile, payer_id)


def _known_profile(store: Store, key: str) -> None:
    if key not in known_profiles(store):
        raise StoreError(f"The payer profile {key!r} is unknown; choose one of the profiles in setup.")


# --- prescribers -------------------------------------------------------------------------


@administrators_only(SETUP)
def add_prescriber(store: Store, prescriber: Prescriber) -> int:
    return setup.add_prescriber(store, prescriber)


@administrators_only(SETUP)
def update_prescriber(store: Store, prescriber_id: int, prescriber: Prescriber) -> None:
    setup.update_prescriber(store, prescriber_id, prescriber)


@administrators_only(SETUP)
def delete_prescriber(store: Store, prescriber_id: int) -> None:
    """Refused (``Refused``, naming the prescriber) while an order names them."""
    setup.delete_prescriber(store, prescriber_id)


# --- payer profile copies ----------------------------------------------------------------


@administrators_only(SETUP)
def save_profile_copy(store: Store, key: str, label: str, based_on: str, settings: dict[str, Any]) -> None:
    """A user copy of a payer profile; its settings are checked as a profile first,
    and a bad one is refused with a message naming the setting."""
    try:
        profile_from_mapping({**settings, "key": key, "label": label})
    except ValueError as bad:  # CodesetError names the setting
        raise StoreError(str(bad)) from None
    profile_copies.save_profile_copy(store, key, label, based_on, settings)


@administrators_only(SETUP)
def delete_profile_copy(store: Store, key: str) -> None:
    """Refused while a payer or an order uses the copy."""
    profile_copies.delete_profile_copy(store, key)


# --- the charge master -------------------------------------------------------------------


@administrators_only(SETUP)
def set_charge(store: Store, code: str, amount: Decimal, payer_id: int | None = None) -> None:
    charges.set_charge(store, code, amount, payer_id)


@administrators_only(SETUP)
def remove_charge(store: Store, code: str, payer_id: int | None = None) -> None:
    charges.remove_charge(store, code, payer_id)


# --- the sample practice -------------------------------------------------------------------


@administrators_only(SETUP)
def load_demo_data(store: Store, today: date | None = None) -> DemoSummary:
    """Add the fictional practice's payers, prescribers, charges and orders, in one
    transaction. A practice already set up stays the practice."""
    from infusiondesk import demo_data  # only when asked: keep startup light

    return demo_data.load_demo_data(store, today=today)


def has_demo_data(store: Store) -> bool:
    """Is there sample data to remove?"""
    from infusiondesk import demo_data

    return demo_data.has_demo_data(store)


@administrators_only(SETUP)
def remove_demo_data(store: Store) -> DemoRemoval:
    """Delete exactly the rows the sample added (audited), leaving the biller's own and
    any sample row their data still uses (a printed claim is kept for good)."""
    from infusiondesk import demo_data

    return demo_data.remove_demo_data(store)
