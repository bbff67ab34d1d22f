"""User copies of payer profiles.

A biller adapts a shipped profile (billing-rules.md §9a) for one payer by copying it
under a new key and changing settings; the copy lives here as a JSON object of
settings. Shipped profiles stay read-only data in resources/.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from infusiondesk.store import audit
from infusiondesk.store.errors import NotFound, Refused

if TYPE_CHECKING:
    from infusiondesk.store.database import Store


@dataclass(frozen=True, slots=True)
class ProfileCopy:
    key: str
    label: str
    based_on: str
    settings: dict[str, Any]  # PayerProfile settings, read by codesets.profile_from_mapping


def save_profile_copy(store: Store, key: str, label: str, based_on: str, settings: dict[str, Any]) -> None:
    settings = {**settings, "key": key, "label": label}
    with store.write() as db:
        old = get_profile_copy(store, key, missing_ok=True)
        db.execute(
            "INSERT INTO payer_profiles (key, label, based_on, settings) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET label = excluded.label, "
            "based_on = excluded.based_on, settings = excluded.settings",
            [key, label, based_on, json.dumps(settings, sort_keys=True)],
        )
        audit.record_change(
            store, "payer_profile", key, "save", None if old is None else old.settings, settings
        )


def get_profile_copy(store: Store, key: str, missing_ok: bool = False) -> ProfileCopy | None:
    with store.reading() as db:
        row = db.execute(
            "SELECT key, label, based_on, settings FROM payer_profiles WHERE key = ?", [key]
        ).fetchone()
    if row is None:
        if missing_ok:
            return None
        raise NotFound(f"There is no payer profile named {key!r}.")
    return ProfileCopy(row[0], row[1], row[2], json.loads(row[3]))


def list_profile_copies(store: Store) -> list[ProfileCopy]:
    with store.reading() as db:
        rows = db.execute(
            "SELECT key, label, based_on, settings FROM payer_profiles ORDER BY label"
        ).fetchall()
    return [ProfileCopy(r[0], r[1], r[2], json.loads(r[3])) for r in rows]


def delete_profile_copy(store: Store, key: str) -> None:
    with store.write() as db:
        used = db.execute("SELECT count(*) FROM payers WHERE profile = ?", [key]).fetchone()[0]
        if used:
            raise Refused(
                f"The payer profile {key!r} is used by {used} payer(s); "
                "choose another profile for them first."
            )
        orders = db.execute("SELECT count(*) FROM orders WHERE payer_profile = ?", [key]).fetchone()[0]
        if orders:  # their claims could no longer be computed
            raise Refused(
                f"The payer profile {key!r} is used by {orders} order(s); "
                "choose another profile for them first."
            )
        old = get_profile_copy(store, key)
        db.execute("DELETE FROM payer_profiles WHERE key = ?", [key])
        audit.record_change(store, "payer_profile", key, "delete", old.settings if old else None)
