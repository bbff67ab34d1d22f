"""A patient's insurance: payer, group number (box 11), plan (11c) and the insured.

Kept in ``patient_coverage`` (db/0005), one row per patient, beside the patient rather
than on an order: the patient dialog edits it without writing an order version, and a
new order starts from it. An order keeps its own copy; neither changes the other.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from infusiondesk.rules.order import Insured
from infusiondesk.store import audit
from infusiondesk.store.errors import NotFound
from infusiondesk.store.order_rows import insured_from_json, insured_json

if TYPE_CHECKING:
    from infusiondesk.store.database import Store


@dataclass(frozen=True, slots=True)
class Coverage:
    """``insured`` is the policyholder when not the patient (None: the patient is);
    its own group_number/plan_name are not used: this coverage's fields are."""

    payer_id: int | None = None
    group_number: str = ""
    plan_name: str = ""
    insured: Insured | None = None

    @property
    def entered(self) -> bool:
        return self != Coverage()


NO_COVERAGE = Coverage()


def coverage_columns(coverage: Coverage) -> dict[str, Any]:
    """A column per field, under its name (a field added needs its column: db/)."""
    insured = coverage.insured
    if insured is not None:  # one home for group and plan: the columns
        insured = replace(insured, group_number="", plan_name="")
    columns = {f.name: getattr(coverage, f.name) for f in fields(Coverage)}
    return columns | {"insured": insured_json(insured)}


def coverage_from_row(row: dict[str, Any]) -> Coverage:
    values = {f.name: row[f.name] for f in fields(Coverage)}
    return Coverage(**values | {"insured": insured_from_json(row["insured"])})


def get_coverage(store: Store, patient_id: int) -> Coverage:
    """The patient's coverage; an empty one when none was entered."""
    with store.reading() as db:
        _require_patient(db, patient_id)
        row = _fetch(db, patient_id)
    return NO_COVERAGE if row is None else coverage_from_row(row)


def save_coverage(store: Store, patient_id: int, coverage: Coverage) -> bool:
    """Replace the patient's coverage in one transaction with its audit row; returns
    whether anything changed (an unchanged save writes nothing). Orders keep their own
    copy: none is touched here."""
    columns = coverage_columns(coverage)
    with store.write() as db:
        _require_patient(db, patient_id)
        old = _fetch(db, patient_id)
        if old is None and not coverage.entered:
            return False  # nothing entered, nothing kept: no empty row, no audit entry
        before, after = audit.changed_fields({} if old is None else {k: old[k] for k in columns}, columns)
        if old is not None and not after:
            return False
        db.execute(_UPSERT, {"patient_id": patient_id, **columns})
        audit.record_change(
            store,
            "patient_coverage",
            patient_id,
            "create" if old is None else "update",
            before or None,
            after,
        )
    return True


_COLUMNS = tuple(f.name for f in fields(Coverage))
_UPSERT = (
    f"INSERT INTO patient_coverage (patient_id, {', '.join(_COLUMNS)}) "
    f"VALUES (:patient_id, {', '.join(f':{name}' for name in _COLUMNS)}) "
    f"ON CONFLICT (patient_id) DO UPDATE SET {', '.join(f'{name} = excluded.{name}' for name in _COLUMNS)}"
)


def _fetch(db: Any, patient_id: int) -> dict[str, Any] | None:
    cursor = db.execute("SELECT * FROM patient_coverage WHERE patient_id = ?", [patient_id])
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))


def _require_patient(db: Any, patient_id: int) -> None:
    if db.execute("SELECT 1 FROM patients WHERE id = ?", [patient_id]).fetchone() is None:
        raise NotFound(f"Patient {patient_id} does not exist (was it deleted?).")
