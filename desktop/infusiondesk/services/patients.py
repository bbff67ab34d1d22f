"""Patients: find them, list them a page at a time, read and save one, and their
insurance (``Coverage``), which a new order for the patient starts from."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import infusiondesk.services.audit as auditing
from infusiondesk.claims.order_file import parse_insured
from infusiondesk.rules.order import Insured, Patient
from infusiondesk.store import coverage, patients
from infusiondesk.store.coverage import Coverage
from infusiondesk.store.database import Store
from infusiondesk.store.patients import PatientMatch


def search_patients(store: Store, text: str, limit: int = 50) -> list[PatientMatch]:
    """By name or member ID prefixes and a date of birth in ``text`` (full-text index).
    Audited: that a search was made and how many it found, never ``text``."""
    found = patients.search_patients(store, text, limit)
    if text.strip():
        auditing.patients_searched(store, len(found))
    return found


def count_patients(store: Store) -> int:
    return patients.count_patients(store)


def list_patients(store: Store, offset: int = 0, limit: int = 50) -> list[PatientMatch]:
    """One page of every patient by last name, first name and birth date (indexed, so
    a lazy list stays quick with 100,000 patients)."""
    return patients.list_patients(store, offset, limit)


def get_patient(store: Store, patient_id: int) -> Patient:
    """The patient, opened by the user: audited as a view."""
    patient = patients.get_patient(store, patient_id).patient
    auditing.patient_viewed(store, patient_id)
    return patient


def save_patient(store: Store, patient: Patient, patient_id: int | None = None) -> int:
    """Add a patient, or update the one with ``patient_id``; returns its id."""
    return patients.save_patient(store, patient, patient_id)


def get_patient_coverage(store: Store, patient_id: int) -> Coverage:
    """The patient's payer, group, plan and insured (empty when none was entered)."""
    return coverage.get_coverage(store, patient_id)


def save_patient_coverage(store: Store, patient_id: int, entered: Coverage) -> bool:
    """Replace the patient's coverage, audited, in one transaction; returns whether it
    changed. Orders keep their own copy: none is touched here."""
    return coverage.save_coverage(store, patient_id, entered)


def coverage_from_insured(payer_id: int | None, insured: Insured | None) -> Coverage:
    """A coverage from an order's payer and insured: group and plan move to the
    coverage; a "self" insured becomes None (box 4 copies the patient then)."""
    if insured is None:
        return Coverage(payer_id)
    person = None if insured.relationship == "self" else replace(insured, group_number="", plan_name="")
    return Coverage(payer_id, insured.group_number, insured.plan_name, person)


def coverage_from_mapping(payer_id: int | None, insured: dict[str, Any] | None) -> Coverage:
    """A coverage from the order-v1 ``insured`` mapping the insurance fields hold;
    raises OrderFileError naming the ``insured.…`` field that can't be read."""
    return coverage_from_insured(payer_id, parse_insured(insured))


def coverage_insured(entered: Coverage) -> Insured | None:
    """The insured an order for this coverage carries (group and plan included); None
    when the patient is the insured and there is no group or plan."""
    if entered.insured is not None:
        return replace(entered.insured, group_number=entered.group_number, plan_name=entered.plan_name)
    if entered.group_number or entered.plan_name:
        return Insured("", "", group_number=entered.group_number, plan_name=entered.plan_name)
    return None
