"""The audit trail of what was seen, searched and sent out, and reading the log back.

HIPAA's audit controls (45 CFR 164.312(b)) ask for a record of activity in systems
holding PHI, not only of changes: so opening a patient or an order, searching for
patients, exporting (an order file, an 837P), backing up and restoring are recorded
here, with the user, in the same chained log as the changes (``store.audit``).
Entries name ids and counts only, never what was typed into a search or a name: the
log itself must not become a copy of the PHI.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from infusiondesk.store import audit
from infusiondesk.store.database import Store
from infusiondesk.store.files import write_private_file

SEARCH_ENTITY = "patient_search"
DATABASE_ENTITY = "database"


def patient_viewed(store: Store, patient_id: int) -> None:
    audit.record_event(store, "patient", patient_id, "view")


def order_viewed(store: Store, order_id: int, patient_id: int | None) -> None:
    audit.record_event(store, "order", order_id, "view", {"patient_id": patient_id})


def patients_searched(store: Store, results: int) -> None:
    """That a search was made and how many it found: never the words typed (a name,
    a member ID or a birth date is PHI)."""
    audit.record_event(store, SEARCH_ENTITY, "-", "search", {"results": results})


def order_exported(store: Store, order_id: int | str, patient_id: int | None) -> None:
    audit.record_event(store, "order", order_id, "export", {"patient_id": patient_id})


def database_backed_up(store: Store, how: str) -> None:
    """Before the copy is taken, so the backup holds its own entry."""
    audit.record_event(store, DATABASE_ENTITY, "-", "backup", {"how": how})


def database_restored(store: Store, backup_name: str) -> None:
    """In the restored database, which carries the log on from the backup's."""
    audit.record_event(store, DATABASE_ENTITY, "-", "restore", {"from": backup_name})


def session_event(store: Store, action: str) -> None:
    """The window was locked after idle minutes, or unlocked (or a wrong password)."""
    audit.record_event(store, "session", "-", action)


# --- reading the log (Help › Audit log) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    entity: str
    entity_id: str
    action: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor: str | None = None
    patient_id: int | None = None  # the patient's entries and those of their orders
    first_day: date | None = None
    last_day: date | None = None  # inclusive


def _where(chosen: AuditFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if chosen.actor:
        clauses.append("actor = ?")
        params.append(chosen.actor)
    if chosen.patient_id is not None:
        pid = str(chosen.patient_id)
        clauses.append(
            "((entity = 'patient' AND entity_id = ?) OR (entity = 'patient_coverage' "
            "AND entity_id = ?) OR (entity = 'order' AND entity_id IN "
            "(SELECT CAST(id AS TEXT) FROM orders WHERE patient_id = ?)) "
            "OR (after IS NOT NULL AND json_valid(after) AND json_type(after) = 'object' "
            "AND json_extract(after, '$.patient_id') = ?))"
        )
        params += [pid, pid, chosen.patient_id, chosen.patient_id]
    if chosen.first_day is not None:
        clauses.append("at >= ?")
        params.append(_utc_start(chosen.first_day))
    if chosen.last_day is not None:
        clauses.append("at < ?")
        params.append(_utc_start(chosen.last_day + timedelta(days=1)))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _utc_start(day: date) -> str:
    """The stored (UTC, ISO) time at which ``day`` starts on this computer's clock: the
    biller picks days as they lived them, the log keeps UTC."""
    start = datetime.combine(day, time.min).astimezone()
    return start.astimezone(UTC).isoformat(timespec="seconds")


def audit_entries(
    store: Store, chosen: AuditFilter = AuditFilter(), limit: int | None = 1000, offset: int = 0
) -> list[AuditEntry]:
    """Entries newest first, filtered; ``limit=None`` for all (an export)."""
    where, params = _where(chosen)
    page = "" if limit is None else " LIMIT ? OFFSET ?"
    if limit is not None:
        params = [*params, limit, offset]
    with store.reading() as db:
        rows = db.execute(
            "SELECT id, at, actor, entity, entity_id, action, before, after FROM audit_log"
            + where
            + " ORDER BY id DESC"
            + page,
            params,
        ).fetchall()
    return [AuditEntry(*row) for row in rows]


def audit_actors(store: Store) -> list[str]:
    with store.reading() as db:
        return [row[0] for row in db.execute("SELECT DISTINCT actor FROM audit_log ORDER BY actor")]


CSV_COLUMNS = ("id", "at", "user", "entity", "entity_id", "action", "before", "after")


def audit_csv(entries: list[AuditEntry]) -> str:
    """CSV for a compliance review: one row per entry, as recorded."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([e.id, e.at, e.actor, e.entity, e.entity_id, e.action, e.before or "", e.after or ""])
    return out.getvalue()


def save_audit_csv(store: Store, chosen: AuditFilter, path: str | Path) -> int:
    """Write the entries ``chosen`` selects as CSV (owner-only: the log quotes changed
    values, which can be PHI); the export itself is audited. Returns how many."""
    entries = audit_entries(store, chosen, limit=None)
    write_private_file(Path(path), audit_csv(entries).encode("utf-8"))
    audit.record_event(store, "audit_log", "-", "export", {"entries": len(entries)})
    return len(entries)


def describe(entry: AuditEntry) -> str:
    """One line for the list: the recorded details as ``key: value`` pairs."""
    parts = []
    for label, text in (("before", entry.before), ("after", entry.after)):
        if not text:
            continue
        try:
            value = json.loads(text)
        except ValueError:
            value = text
        shown = ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
        parts.append(shown if label == "after" and not entry.before else f"{label} {shown}")
    return "; ".join(parts)
