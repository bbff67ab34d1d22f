"""Electronic claims in the store: clearinghouse settings, control numbers, exports.

Control numbers (ISA13, GS06) are handed out in their own transaction, before the
file is written: once handed out a number is spent, even if the file then cannot be
written, so two files can never share one (a clearinghouse rejects a repeat as a
duplicate interchange). Each export is recorded with the claims it carried, so a
second export of the same claim is known and shown (db/0009_x12_exports.sql).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from infusiondesk.store import audit
from infusiondesk.store.errors import Refused
from infusiondesk.store.rows import insert

if TYPE_CHECKING:
    from infusiondesk.store.database import Store

LAST_CONTROL = 999_999_999  # ISA13 has nine digits


@dataclass(frozen=True, slots=True)
class ExportRecord:
    id: int
    at: str
    file_name: str
    interchange_control: int
    group_control: int
    usage: str
    claim_count: int


@dataclass(frozen=True, slots=True)
class ExportedClaim:
    """One claim of an export: ``claim_id`` for a recorded claim, and the fingerprint."""

    claim_id: int | None
    claim_key: str


def get_settings(store: Store, payer_id: int | None = None) -> dict[str, str] | None:
    """The clearinghouse settings (``payer_id`` None) or a payer's own, as stored (the
    fields of ``output.x12_settings.X12Settings``); None when unset."""
    with store.reading() as db:
        row = db.execute(
            "SELECT settings FROM x12_settings WHERE IFNULL(payer_id, 0) = ?", [payer_id or 0]
        ).fetchone()
    return None if row is None else dict(json.loads(row[0]))


def set_settings(store: Store, settings: dict[str, str], payer_id: int | None = None) -> None:
    before = get_settings(store, payer_id)
    data = json.dumps(settings, sort_keys=True)
    with store.write() as db:
        db.execute("DELETE FROM x12_settings WHERE IFNULL(payer_id, 0) = ?", [payer_id or 0])
        insert(db, "x12_settings", {"payer_id": payer_id, "settings": data})
        audit.record_change(
            store,
            "x12_settings",
            payer_id or 0,
            "update",
            before,
            settings,
        )


def take_control_numbers(store: Store) -> tuple[int, int]:
    """The next interchange and group control numbers, spent at once (committed)."""
    with store.write() as db:
        numbers = []
        for name in ("interchange", "group"):
            (last,) = db.execute("SELECT last FROM x12_counters WHERE name = ?", [name]).fetchone()
            if last >= LAST_CONTROL:
                raise Refused(f"The {name} control numbers are used up (999999999); ask your clearinghouse.")
            db.execute("UPDATE x12_counters SET last = ? WHERE name = ?", [last + 1, name])
            numbers.append(last + 1)
    return numbers[0], numbers[1]


def record_export(
    store: Store,
    *,
    file_name: str,
    interchange: int,
    group: int,
    usage: str,
    claims: list[ExportedClaim],
) -> int:
    """Keep the export and its claims; call inside the caller's ``store.write()``."""
    export_id = insert(
        store.db,
        "x12_exports",
        {
            "at": store.now(),
            "actor": store.actor,
            "file_name": file_name,
            "interchange_control": interchange,
            "group_control": group,
            "usage": usage,
            "claim_count": len(claims),
        },
    )
    for position, claim in enumerate(claims, start=1):
        insert(
            store.db,
            "x12_export_claims",
            {
                "export_id": export_id,
                "position": position,
                "claim_id": claim.claim_id,
                "claim_key": claim.claim_key,
            },
        )
        if claim.claim_id is not None:
            audit.record_change(
                store,
                "claim",
                claim.claim_id,
                "export-837p",
                None,
                {"file": file_name, "interchange": interchange, "transaction": position},
            )
    return export_id


def _export(row: Any) -> ExportRecord:
    return ExportRecord(*row)


_COLUMNS = "x12_exports.id, at, file_name, interchange_control, group_control, usage, claim_count"


def list_exports(store: Store) -> list[ExportRecord]:
    with store.reading() as db:
        rows = db.execute(f"SELECT {_COLUMNS} FROM x12_exports ORDER BY id").fetchall()
    return [_export(row) for row in rows]


def exported_claim_ids(store: Store, claim_ids: Iterable[int]) -> frozenset[int]:
    """Those of ``claim_ids`` that went out in an 837P file (one query for a list)."""
    wanted = sorted(set(claim_ids))
    found: set[int] = set()
    with store.reading() as db:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                row[0]
                for row in db.execute(
                    f"SELECT DISTINCT claim_id FROM x12_export_claims WHERE claim_id IN ({marks})", chunk
                )
            )
    return frozenset(found)


def exports_of(store: Store, claim: ExportedClaim) -> list[ExportRecord]:
    """Earlier exports that carried this claim (by its id, or its fingerprint)."""
    value: int | str
    if claim.claim_id is not None:
        condition, value = "x12_export_claims.claim_id = ?", claim.claim_id
    else:
        condition, value = "x12_export_claims.claim_key = ?", claim.claim_key
    with store.reading() as db:
        rows = db.execute(
            f"SELECT DISTINCT {_COLUMNS} FROM x12_exports JOIN x12_export_claims "
            f"ON x12_export_claims.export_id = x12_exports.id WHERE {condition} ORDER BY x12_exports.id",
            [value],
        ).fetchall()
    return [_export(row) for row in rows]
