"""The audit log: who changed what, when, with the values before and after.

Append-only: triggers in the schema refuse UPDATE and DELETE (db/0001_initial.sql),
so even a bug here cannot rewrite history. Rows are written inside the same
transaction as the change they describe, so neither exists without the other.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database


def jsonable(value: Any) -> Any:
    """Plain JSON data for any order value (dataclasses, mappings, tuples, dates)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [jsonable(v) for v in value]
    if isinstance(value, (Decimal, date)):
        return str(value)
    return value


def _default(value: object) -> object:
    if isinstance(value, (Decimal, date)):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot audit a {type(value).__name__}")


def to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=_default, sort_keys=True, separators=(",", ":"))


def record(
    db: Database,
    *,
    at: str,
    actor: str,
    entity: str,
    entity_id: object,
    action: str,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one entry; call inside the transaction that makes the change."""
    db.execute(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [at, actor, entity, str(entity_id), action, to_json(before), to_json(after)],
    )


def record_change(
    store: Any, entity: str, entity_id: object, action: str, before: Any = None, after: Any = None
) -> None:
    """Append an entry for a change ``store`` is making, with its clock and actor; call
    inside the ``store.write()`` transaction that makes the change."""
    record(
        store.db,
        at=store.now(),
        actor=store.actor,
        entity=entity,
        entity_id=entity_id,
        action=action,
        before=before,
        after=after,
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose values differ, so order edits log what changed, not everything."""
    keys = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return ({k: before.get(k) for k in keys}, {k: after.get(k) for k in keys})


@dataclass(frozen=True, slots=True)
class AuditSummary:
    entries: int
    first_at: str | None
    last_at: str | None
    by_entity_action: tuple[tuple[str, str, int], ...]


def summary(db: Database) -> AuditSummary:
    row = db.execute("SELECT count(*), min(at), max(at) FROM audit_log").fetchone()
    counts = db.execute(
        "SELECT entity, action, count(*) FROM audit_log GROUP BY entity, action ORDER BY 1, 2"
    ).fetchall()
    return AuditSummary(row[0], row[1], row[2], tuple((e, a, n) for e, a, n in counts))


def history(db: Database, entity: str, entity_id: object) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT at, actor, action, before, after FROM audit_log "
            "WHERE entity = ? AND entity_id = ? ORDER BY id",
            [entity, str(entity_id)],
        )
    )
