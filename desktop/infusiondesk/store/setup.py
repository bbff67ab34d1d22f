"""Practice setup: the billing provider, payers, prescribers and facilities.

Orders refer to these rows. An order arriving with a payer, prescriber, provider or
facility that matches a row field for field reuses that row; anything different is
added as a new row rather than silently changing the setup a biller made.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from infusiondesk.rules.order import Facility, Payer, Prescriber, Provider
from infusiondesk.rules.profile import DEFAULT_PROFILE as DEFAULT_PROFILE  # setup.DEFAULT_PROFILE
from infusiondesk.store import audit
from infusiondesk.store.errors import NotFound, Refused
from infusiondesk.store.rows import (
    address_columns,
    address_from,
    fetch,
    find_id,
    insert,
    update,
)

if TYPE_CHECKING:
    from infusiondesk.store.database import Store

_PAYER_HAS_PRIOR_AUTH = "requires_prior_authorization" in {f.name for f in fields(Payer)}


@dataclass(frozen=True, slots=True)
class PayerRecord:
    id: int
    payer: Payer
    profile: str  # key of a shipped profile or of a user copy (store.profiles)
    requires_prior_authorization: bool


# --- column mappings -------------------------------------------------------------


def provider_columns(provider: Provider) -> dict[str, Any]:
    return {
        "name": provider.name,
        "npi": provider.npi,
        "ein": provider.ein,
        "taxonomy": provider.taxonomy,
        "phone": provider.phone,
        **address_columns(provider.address),
    }


def provider_from_row(row: dict[str, Any]) -> Provider:
    return Provider(
        name=row["name"],
        npi=row["npi"],
        ein=row["ein"],
        taxonomy=row["taxonomy"],
        phone=row["phone"],
        address=address_from(row),
    )


def payer_columns(payer: Payer) -> dict[str, Any]:
    columns: dict[str, Any] = {
        "name": payer.name,
        "payer_id": payer.payer_id,
        "plan_type": payer.plan_type,
        **address_columns(payer.address),
    }
    if _PAYER_HAS_PRIOR_AUTH:
        columns["requires_prior_authorization"] = int(payer.requires_prior_authorization)
    return columns


def payer_from_row(row: dict[str, Any]) -> Payer:
    extra = {}
    if _PAYER_HAS_PRIOR_AUTH:
        extra["requires_prior_authorization"] = bool(row["requires_prior_authorization"])
    return Payer(
        name=row["name"],
        payer_id=row["payer_id"],
        plan_type=row["plan_type"],
        address=address_from(row),
        **extra,
    )


def prescriber_columns(prescriber: Prescriber) -> dict[str, Any]:
    return {
        "last_name": prescriber.last_name,
        "first_name": prescriber.first_name,
        "npi": prescriber.npi,
    }


def prescriber_from_row(row: dict[str, Any]) -> Prescriber:
    return Prescriber(last_name=row["last_name"], first_name=row["first_name"], npi=row["npi"])


def facility_columns(facility: Facility) -> dict[str, Any]:
    return {"name": facility.name, "npi": facility.npi, **address_columns(facility.address)}


def facility_from_row(row: dict[str, Any]) -> Facility:
    return Facility(name=row["name"], npi=row["npi"], address=address_from(row))


# --- find or add (used when an order is saved) -----------------------------------


def find_or_add(
    store: Store, table: str, columns: dict[str, Any], extra: dict[str, Any] | None = None
) -> int:
    """Id of the row equal to ``columns``; inserts (with ``extra``) when there is none."""
    with store.write() as db:
        found = find_id(db, table, columns)
        if found is not None:
            return found
        row = {**columns, **(extra or {})}
        new_id = insert(db, table, row)
        audit.record_change(store, table, new_id, "create", None, row)
        return new_id


def add_payer(
    store: Store,
    payer: Payer,
    profile: str = DEFAULT_PROFILE,
    requires_prior_authorization: bool | None = None,
) -> int:
    extra: dict[str, Any] = {"profile": profile}
    if requires_prior_authorization is not None and not _PAYER_HAS_PRIOR_AUTH:
        extra["requires_prior_authorization"] = int(requires_prior_authorization)
    return find_or_add(store, "payers", payer_columns(payer), extra)


def update_payer(
    store: Store,
    payer_id: int,
    payer: Payer,
    profile: str,
    requires_prior_authorization: bool | None = None,
) -> None:
    """Edit a payer in setup: every order referring to it sees the change."""
    columns: dict[str, Any] = {**payer_columns(payer), "profile": profile}
    if requires_prior_authorization is not None and not _PAYER_HAS_PRIOR_AUTH:
        columns["requires_prior_authorization"] = int(requires_prior_authorization)
    _update(store, "payers", payer_id, columns)


def _update(store: Store, table: str, row_id: int, columns: dict[str, Any]) -> None:
    with store.write() as db:
        old = fetch(db, table, row_id)
        if old is None:
            raise NotFound(f"{table[:-1].capitalize()} {row_id} does not exist.")
        before, after = audit.changed_fields(old, {**old, **columns})
        if after:
            update(db, table, row_id, columns)
            audit.record_change(store, table, row_id, "update", before, after)


def get_payer(store: Store, payer_id: int) -> PayerRecord:
    with store.reading() as db:
        row = fetch(db, "payers", payer_id)
    if row is None:
        raise NotFound(f"Payer {payer_id} does not exist.")
    return _payer_record(row)


def _payer_record(row: dict[str, Any]) -> PayerRecord:
    return PayerRecord(
        row["id"], payer_from_row(row), row["profile"], bool(row["requires_prior_authorization"])
    )


def list_payers(store: Store) -> list[PayerRecord]:
    with store.reading() as db:
        rows = list(db.query("SELECT * FROM payers ORDER BY name COLLATE NOCASE, id"))
    return [_payer_record(row) for row in rows]


def add_prescriber(store: Store, prescriber: Prescriber) -> int:
    return find_or_add(store, "prescribers", prescriber_columns(prescriber))


def find_payer_id(store: Store, payer: Payer) -> int | None:
    """The setup row equal to ``payer`` field for field, if there is one."""
    with store.reading() as db:
        return find_id(db, "payers", payer_columns(payer))


def update_prescriber(store: Store, prescriber_id: int, prescriber: Prescriber) -> None:
    """Edit a prescriber in setup: every order naming them sees the change."""
    _update(store, "prescribers", prescriber_id, prescriber_columns(prescriber))


def delete_prescriber(store: Store, prescriber_id: int) -> None:
    """Remove a prescriber no order names (an order keeps who prescribed it)."""
    with store.write() as db:
        old = fetch(db, "prescribers", prescriber_id)
        if old is None:
            raise NotFound(f"Prescriber {prescriber_id} does not exist.")
        used = db.execute("SELECT count(*) FROM orders WHERE prescriber_id = ?", [prescriber_id]).fetchone()[
            0
        ]
        if used:
            raise Refused(
                f"{old['first_name']} {old['last_name']} is the prescriber on {used} order(s), "
                "so they stay in setup; change those orders first."
            )
        db.execute("DELETE FROM prescribers WHERE id = ?", [prescriber_id])
        audit.record_change(store, "prescribers", prescriber_id, "delete", old, None)


def list_prescribers(store: Store) -> list[tuple[int, Prescriber]]:
    with store.reading() as db:
        rows = list(db.query("SELECT * FROM prescribers ORDER BY last_name, first_name, id"))
    return [(row["id"], prescriber_from_row(row)) for row in rows]


def add_provider(store: Store, provider: Provider) -> int:
    return find_or_add(store, "providers", provider_columns(provider))


def add_facility(store: Store, facility: Facility) -> int:
    return find_or_add(store, "facilities", facility_columns(facility))


def set_practice(store: Store, provider: Provider) -> int:
    """Make ``provider`` the practice (the billing provider new orders start with).

    A practice already set up is corrected in place: orders refer to its row, so a
    fixed NPI or EIN reaches every claim not yet printed (a printed claim keeps the
    snapshot it was printed from, store.claims)."""
    with store.write() as db:
        current = db.execute("SELECT id FROM providers WHERE is_practice = 1").fetchone()
        if current is not None:
            provider_id = int(current[0])
            _update(store, "providers", provider_id, provider_columns(provider))
        else:
            provider_id = add_provider(store, provider)
            db.execute("UPDATE providers SET is_practice = 1 WHERE id = ?", [provider_id])
        audit.record_change(store, "practice", provider_id, "set", None, provider_columns(provider))
    return provider_id


def get_practice(store: Store) -> Provider | None:
    with store.reading() as db:
        rows = list(db.query("SELECT * FROM providers WHERE is_practice = 1"))
    return provider_from_row(rows[0]) if rows else None
