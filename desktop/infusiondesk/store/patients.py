"""Patients, and finding them again by name, member ID or birth date.

One row per person: orders refer to it, so a new address typed into any order
reaches every open order of that patient (printed claims keep their snapshot). A
patient is recognised by last and first name (ignoring case) and date of birth, or
by name and member ID when the birth date is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from infusiondesk.rules.order import Patient
from infusiondesk.store import audit
from infusiondesk.store.errors import NotFound
from infusiondesk.store.rows import address_columns, address_from, day, fetch, insert, iso, update

if TYPE_CHECKING:
    from infusiondesk.store.database import Store

SEARCH_LIMIT = 50
CANDIDATES = 1000
MAX_QUERY = 100  # characters of a search that are read: a name, a birth date, a member ID
MAX_WORDS = 6
# Removed inside a word, as db/0010 removes them from the names it indexes, so that
# "obrien" finds O'Brien and "smithjones" Smith-Jones (accents are folded by FTS5).
_PUNCTUATION = re.compile(r"['’‘`\-.,]")
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")


@dataclass(frozen=True, slots=True)
class PatientRecord:
    id: int
    patient: Patient


@dataclass(frozen=True, slots=True)
class PatientMatch:
    """One line of a search result list."""

    id: int
    last_name: str
    first_name: str
    dob: date | None
    member_id: str


def patient_columns(patient: Patient) -> dict[str, Any]:
    return {
        "last_name": patient.last_name,
        "first_name": patient.first_name,
        "middle_initial": patient.middle_initial,
        "dob": iso(patient.dob),
        "sex": patient.sex,
        "member_id": patient.member_id,
        "phone": patient.phone,
        "account_number": patient.account_number,
        **address_columns(patient.address),
    }


def patient_from_row(row: dict[str, Any]) -> Patient:
    return Patient(
        last_name=row["last_name"],
        first_name=row["first_name"],
        dob=day(row["dob"]),
        sex=row["sex"],
        member_id=row["member_id"],
        middle_initial=row["middle_initial"],
        phone=row["phone"],
        account_number=row["account_number"],
        address=address_from(row),
    )


def find_patient_id(store: Store, patient: Patient) -> int | None:
    sql = "SELECT id FROM patients WHERE last_name = ? COLLATE NOCASE AND first_name = ? COLLATE NOCASE"
    params: list[Any] = [patient.last_name, patient.first_name]
    if patient.dob is not None:
        sql, params = sql + " AND dob = ?", [*params, iso(patient.dob)]
    else:
        sql, params = sql + " AND dob IS NULL AND member_id = ?", [*params, patient.member_id]
    row = store.db.execute(sql + " ORDER BY id LIMIT 1", params).fetchone()
    return None if row is None else int(row[0])


def save_patient(store: Store, patient: Patient, patient_id: int | None = None) -> int:
    """Insert or update (by id, else by identity) a patient; returns its id."""
    columns = patient_columns(patient)
    with store.write() as db:
        patient_id = patient_id or find_patient_id(store, patient)
        if patient_id is None:
            new_id = insert(db, "patients", columns)
            audit.record_change(store, "patient", new_id, "create", None, columns)
            return new_id
        old = fetch(db, "patients", patient_id)
        if old is None:
            raise NotFound(f"Patient {patient_id} does not exist (was it deleted?).")
        before, after = audit.changed_fields(old, {**old, **columns})
        if after:
            update(db, "patients", patient_id, columns)
            audit.record_change(store, "patient", patient_id, "update", before, after)
        return patient_id


def get_patient(store: Store, patient_id: int) -> PatientRecord:
    with store.reading() as db:
        row = fetch(db, "patients", patient_id)
    if row is None:
        raise NotFound(f"Patient {patient_id} does not exist (was it deleted?).")
    return PatientRecord(patient_id, patient_from_row(row))


def count_patients(store: Store) -> int:
    with store.reading() as db:
        return int(db.execute("SELECT count(*) FROM patients").fetchone()[0])


def list_patients(store: Store, offset: int = 0, limit: int = SEARCH_LIMIT) -> list[PatientMatch]:
    """One page of every patient by name (last, first, birth date), for a lazy list.

    The order is the patients_identity index's own (db/0001), so a page is read from the
    index without sorting the table, even at 100,000 patients."""
    sql = (
        "SELECT id, last_name, first_name, dob, member_id FROM patients "
        "ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, dob, id LIMIT ? OFFSET ?"
    )
    with store.reading() as db:
        rows = db.execute(sql, [max(0, limit), max(0, offset)]).fetchall()
    return [PatientMatch(r[0], r[1], r[2], day(r[3]), r[4]) for r in rows]


def search_patients(store: Store, text: str, limit: int = SEARCH_LIMIT) -> list[PatientMatch]:
    """Patients whose names or member ID start with every word typed, and whose date
    of birth equals any date typed (``1961-04-02``, ``4/2/1961``), by name. Accents
    and punctuation inside names are ignored (``obrien`` finds O'Brien, ``munoz``
    Muñoz); only the first ``MAX_QUERY`` characters and ``MAX_WORDS`` words count.

    A search matching more than ``CANDIDATES`` patients (one letter in a large
    practice) lists ``limit`` of the first ``CANDIDATES`` found, so it stays instant;
    typing more narrows it to exact results.
    """
    dob, words = _split_query(text)
    if dob is None and not words:
        return []
    match = " ".join(f'"{w}"*' for w in words)
    columns = "SELECT p.id, p.last_name, p.first_name, p.dob, p.member_id FROM patients p"
    order = " ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id LIMIT ?"
    params: list[str | int]
    if dob is not None:  # few people share a birthday: check each against the words
        sql, params = columns + " WHERE p.dob = ?", [dob.isoformat()]
        if words:
            sql += " AND EXISTS (SELECT 1 FROM patients_fts WHERE patients_fts MATCH ? AND rowid = p.id)"
            params.append(match)
    else:
        sql = (
            columns + " JOIN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ? "
            "LIMIT ?) f ON f.rowid = p.id"
        )
        params = [match, CANDIDATES]
    with store.reading() as db:
        rows = db.execute(sql + order, [*params, limit]).fetchall()
    return [PatientMatch(r[0], r[1], r[2], day(r[3]), r[4]) for r in rows]


def _split_query(text: str) -> tuple[date | None, list[str]]:
    dob = None
    words: list[str] = []
    for token in text[:MAX_QUERY].split():
        parsed = _parse_date(token) if len(token) <= 10 else None
        if parsed is not None and dob is None:
            dob = parsed
            continue
        # FTS5 syntax characters would be operators: keep letters and digits only.
        words.extend(w for w in re.split(r"[^\w]+", _PUNCTUATION.sub("", token)) if w)
    return dob, words[:MAX_WORDS]


def _parse_date(token: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(token, pattern).date()
        except ValueError:
            continue
    return None
