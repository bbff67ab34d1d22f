"""The one facade the GUI and the CLI share: open the store, save and load orders,
compute and record claims, search patients, back up and check.

Every function takes an open ``Store`` (from ``open_store``) and returns values;
failures are ``StoreError`` subclasses whose message is shown as is, or
``OrderFileError`` (``.problems``) for an order that cannot be read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from infusiondesk.claims.build import build_claim
from infusiondesk.claims.claim import Claim
from infusiondesk.claims.claim_file import claim_to_dict
from infusiondesk.claims.order_file import order_to_dict, parse_order
from infusiondesk.codesets import load_profiles, load_reference, profile_from_mapping
from infusiondesk.rules.order import Order, Payer, Prescriber, Provider, Resubmission
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.store import backups, charges, claims, database, location, orders, patients, setup
from infusiondesk.store import profiles as profile_copies
from infusiondesk.store import restore as restoring
from infusiondesk.store.audit import AuditSummary, summary
from infusiondesk.store.claims import ClaimRecord
from infusiondesk.store.database import Clock, Store, utc_now
from infusiondesk.store.errors import Refused, StoreError
from infusiondesk.store.orders import OrderSummary, SavedOrder
from infusiondesk.store.patients import PatientMatch

PathLike = str | os.PathLike[str]


# --- opening and closing ---------------------------------------------------------


def open_store(
    data_dir: PathLike | None = None,
    *,
    read_only: bool = False,
    if_in_use: str = "error",
    clock: Clock = utc_now,
    actor: str | None = None,
    check: str = "background",
) -> Store:
    """Open the practice's database in ``data_dir`` (default: the user data dir or
    $INFUSIONDESK_DATA_DIR). ``if_in_use="read-only"``: a second instance reads only.

    The open-time quick_check runs in the background by default (the GUI polls
    ``integrity_status``); the CLI passes ``check="now"``."""
    return database.open_store(
        location.database_path(data_dir),
        read_only=read_only,
        if_in_use=if_in_use,
        clock=clock,
        actor=actor,
        check=check,
    )


def integrity_status(store: Store, wait: float | None = 0) -> bool | None:
    """The open-time check: True when sound, None while it runs; raises
    CorruptDatabase (offer a restore) when the file is damaged."""
    return store.integrity_ok(wait)


def close_store(store: Store, *, backup: bool = True) -> Path | None:
    """Close; first back up if anything changed since the last backup."""
    try:
        if backup and store.changed and not store.read_only:
            return backups.backup_now(store)
        return None
    finally:
        store.close()


def location_warning(store: Store) -> str | None:
    return location.location_warning(store.path)


# --- orders ------------------------------------------------------------------------


def known_profiles(store: Store) -> dict[str, PayerProfile]:
    """Shipped payer profiles and the practice's own copies (copies win)."""
    found = load_profiles()
    for copy in profile_copies.list_profile_copies(store):
        found[copy.key] = profile_from_mapping(copy.settings)
    return found


def parse_order_data(store: Store, data: Any) -> Order:
    """An order-v1 mapping as an Order (raises OrderFileError naming the fields)."""
    reference = load_reference()
    return parse_order(data, therapies=reference.therapies, profiles=known_profiles(store))


def import_order(store: Store, data: Any) -> SavedOrder:
    """Read and save one order-v1 mapping in its own transaction."""
    return orders.save_order(store, parse_order_data(store, data))


def save_order(
    store: Store, order: Order, order_id: int | None = None, patient_id: int | None = None
) -> SavedOrder:
    return orders.save_order(store, order, order_id, patient_id)


def load_order(store: Store, order_id: int) -> Order:
    return orders.load_order(store, order_id)


def export_order(store: Store, order_id: int) -> dict[str, Any]:
    return order_to_dict(orders.load_order(store, order_id))


def list_orders(
    store: Store, *, patient_id: int | None = None, limit: int = 200, offset: int = 0
) -> list[OrderSummary]:
    return orders.list_orders(store, patient_id=patient_id, limit=limit, offset=offset)


def delete_order(store: Store, order_id: int) -> None:
    orders.delete_order(store, order_id)


def search_patients(store: Store, text: str, limit: int = 50) -> list[PatientMatch]:
    return patients.search_patients(store, text, limit)


# --- claims ------------------------------------------------------------------------


def profile_for(store: Store, key: str) -> PayerProfile:
    copy = profile_copies.get_profile_copy(store, key, missing_ok=True)
    if copy is not None:
        return profile_from_mapping(copy.settings)
    shipped = load_profiles()
    if key not in shipped:
        raise StoreError(f"The payer profile {key!r} is unknown; choose another in setup.")
    return shipped[key]


def order_for_claim(store: Store, order_id: int) -> Order:
    """The stored order with charges from the charge master for its payer; charges
    given with the order itself (an imported file's) win over the master's."""
    order = orders.load_order(store, order_id)
    row = orders.order_row(store, order_id)
    prices = charges.charges_for(store, row["payer_id"])
    prices.update(order.charges)
    return replace(order, charges=MappingProxyType(prices))


def compute_claim(store: Store, order_id: int) -> Claim:
    order = order_for_claim(store, order_id)
    return build_claim(order, profile=profile_for(store, order.payer_profile))


@dataclass(frozen=True, slots=True)
class RecordedClaim:
    claim: Claim
    record: ClaimRecord


def record_printed_claim(
    store: Store, order_id: int, claim: Claim | None = None, status: str = "printed"
) -> RecordedClaim:
    """Keep the snapshot of a claim that was printed (or saved as draft).

    ``claim`` is what was printed; it must come from the order as stored now
    (``compute_claim``), so the snapshot names the right order version."""
    with store.write():
        version = orders.order_version(store, order_id)
        expected = order_for_claim(store, order_id)
        if claim is None:
            claim = build_claim(expected, profile=profile_for(store, expected.payer_profile))
        elif claim.order != expected:
            raise Refused(
                "The order changed after this claim was computed; compute it again before printing."
            )
        claim_id = _store_claim(store, order_id, version, claim, status=status)
    return RecordedClaim(claim, claims.get_claim(store, claim_id))


def _store_claim(store: Store, order_id: int, version: int, claim: Claim, **extra: Any) -> int:
    return claims.record_claim(
        store,
        order_id,
        version,
        claim_to_dict(claim),
        order_to_dict(claim.order),
        total_charge=claim.total_charge,
        **extra,
    )


def record_correction(
    store: Store, original_claim_id: int, code: str, original_ref: str | None = None
) -> RecordedClaim:
    """A corrected claim (box 22 code 7 replace or 8 void) from the order as it is now."""
    with store.write():
        original, reference = claims.correction_of(store, original_claim_id, code, original_ref)
        order = replace(order_for_claim(store, original.order_id), resubmission=Resubmission(code, reference))
        claim = build_claim(order, profile=profile_for(store, order.payer_profile))
        version = orders.order_version(store, original.order_id)
        claim_id = _store_claim(
            store,
            original.order_id,
            version,
            claim,
            original_claim_id=original_claim_id,
            resubmission_code=code,
            original_ref=reference,
        )
    return RecordedClaim(claim, claims.get_claim(store, claim_id))


def set_claim_status(
    store: Store, claim_id: int, status: str, payer_claim_number: str | None = None
) -> ClaimRecord:
    claims.set_status(store, claim_id, status, payer_claim_number)
    return claims.get_claim(store, claim_id)


def claims_for_order(store: Store, order_id: int) -> list[ClaimRecord]:
    return claims.claims_for_order(store, order_id)


def load_order_with_claim(store: Store, order_id: int) -> tuple[Order, ClaimRecord | None]:
    """What the order screen shows: the order and its latest claim snapshot."""
    return orders.load_order(store, order_id), claims.latest_claim(store, order_id)


# --- setup: practice, payers, prescribers, charge master, profile copies ---------------


def set_charge(store: Store, code: str, amount: Decimal, payer_id: int | None = None) -> None:
    charges.set_charge(store, code, amount, payer_id)


def list_charges(store: Store) -> list[charges.Charge]:
    return charges.list_charges(store)


def set_practice(store: Store, provider: Provider) -> int:
    return setup.set_practice(store, provider)


def get_practice(store: Store) -> Provider | None:
    return setup.get_practice(store)


def add_payer(store: Store, payer: Payer, profile: str = setup.DEFAULT_PROFILE) -> int:
    return setup.add_payer(store, payer, profile)


def update_payer(store: Store, payer_id: int, payer: Payer, profile: str) -> None:
    setup.update_payer(store, payer_id, payer, profile)


def list_payers(store: Store) -> list[setup.PayerRecord]:
    return setup.list_payers(store)


def add_prescriber(store: Store, prescriber: Prescriber) -> int:
    return setup.add_prescriber(store, prescriber)


def list_prescribers(store: Store) -> list[tuple[int, Prescriber]]:
    return setup.list_prescribers(store)


def save_profile_copy(store: Store, key: str, label: str, based_on: str, settings: dict[str, Any]) -> None:
    """A user copy of a payer profile; its settings are checked as a profile first."""
    try:
        profile_from_mapping({**settings, "key": key, "label": label})
    except ValueError as bad:  # CodesetError names the setting
        raise StoreError(str(bad)) from None
    profile_copies.save_profile_copy(store, key, label, based_on, settings)


# --- safety: check, backup, restore ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckReport:
    integrity: tuple[str, ...]  # ("ok",) when sound
    audit: AuditSummary
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.integrity == ("ok",)


def check(store: Store) -> CheckReport:
    with store.reading() as db:
        verdict = tuple(row[0] for row in db.execute("PRAGMA integrity_check").fetchall())
        counts = {
            table: int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("patients", "orders", "claims", "payers", "prescribers")
        }
        audit = summary(db)
    return CheckReport(verdict, audit, counts)


def backup(store: Store) -> Path:
    return backups.backup_now(store)


def backup_scheduler(store: Store) -> backups.BackupScheduler:
    """For the GUI: call ``maybe_backup()`` from a timer and ``on_close()`` at exit."""
    return backups.BackupScheduler(store)


def list_backups(data_dir: PathLike | None = None) -> list[backups.BackupInfo]:
    return backups.list_backups(location.backup_dir(location.database_path(data_dir)))


def restore_backup(backup_file: PathLike, data_dir: PathLike | None = None) -> Path | None:
    """Replace the database by a backup (no store may be open); returns where the
    replaced database was kept."""
    return restoring.restore(Path(backup_file), location.database_path(data_dir))
