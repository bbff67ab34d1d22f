"""Drafts: unsaved work (the order editor's state), kept in the database.

A draft holds patient details, so it lives in the protected, backed-up database
(db/0003_drafts.sql) rather than in a loose file. It is scratch work saved every few
seconds while a biller types, not a record: drafts are not audited (the audit log
would fill with keystrokes), and the saved order is what counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from infusiondesk.store.errors import StoreError

if TYPE_CHECKING:
    from infusiondesk.store.database import Store


@dataclass(frozen=True, slots=True)
class DraftInfo:
    key: str
    saved_at: str


def _key(key: str) -> str:
    if not isinstance(key, str) or not key.strip():
        raise StoreError("A draft needs a name (its key).")
    return key


def save_draft(store: Store, key: str, data: dict[str, Any]) -> None:
    """Keep ``data`` (a JSON object) as the draft ``key``, replacing the one before."""
    if not isinstance(data, dict):
        raise StoreError(f"A draft is an object of fields, not {type(data).__name__}.")
    try:
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError) as bad:
        raise StoreError(f"The draft could not be kept: {bad}.") from None
    with store.write() as db:
        db.execute(
            "INSERT INTO drafts (key, data, saved_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at",
            [_key(key), text, store.now()],
        )


def load_draft(store: Store, key: str) -> dict[str, Any] | None:
    with store.reading() as db:
        row = db.execute("SELECT data FROM drafts WHERE key = ?", [_key(key)]).fetchone()
    if row is None:
        return None
    data = json.loads(row[0])
    return data if isinstance(data, dict) else None


def clear_draft(store: Store, key: str) -> None:
    """Forget the draft ``key``; no write at all when there is none (the editor asks
    often, and each write is a synced transaction)."""
    with store.reading() as db:
        if db.execute("SELECT 1 FROM drafts WHERE key = ?", [_key(key)]).fetchone() is None:
            return
    with store.write() as db:
        db.execute("DELETE FROM drafts WHERE key = ?", [_key(key)])


def list_drafts(store: Store) -> list[DraftInfo]:
    """Every draft kept, most recently saved first."""
    with store.reading() as db:
        rows = db.execute("SELECT key, saved_at FROM drafts ORDER BY saved_at DESC, key").fetchall()
    return [DraftInfo(key, saved_at) for key, saved_at in rows]
