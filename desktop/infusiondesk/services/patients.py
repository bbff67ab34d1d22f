"""Patients: find them, list them a page at a time, read and save one."""

from __future__ import annotations

from infusiondesk.rules.order import Patient
from infusiondesk.store import patients
from infusiondesk.store.database import Store
from infusiondesk.store.patients import PatientMatch


def search_patients(store: Store, text: str, limit: int = 50) -> list[PatientMatch]:
    """By name or member ID prefixes and a date of birth in ``text`` (full-text index)."""
    return patients.search_patients(store, text, limit)


def count_patients(store: Store) -> int:
    return patients.count_patients(store)


def list_patients(store: Store, offset: int = 0, limit: int = 50) -> list[PatientMatch]:
    """One page of every patient by last name, first name and birth date (indexed, so
    a lazy list stays quick with 100,000 patients)."""
    return patients.list_patients(store, offset, limit)


def get_patient(store: Store, patient_id: int) -> Patient:
    return patients.get_patient(store, patient_id).patient


def save_patient(store: Store, patient: Patient, patient_id: int | None = None) -> int:
    """Add a patient, or update the one with ``patient_id``; returns its id."""
    return patients.save_patient(store, patient, patient_id)
