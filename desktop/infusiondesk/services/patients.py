"""Patients: find them, list them a page at a time, read and save one, and their
insurance (``Coverage``), which a new order for the patient starts from."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import infusiondesk.services.audit as auditing
from infusiondesk.claims.order_file import parse_insured
from infusiondesk.rules.order import Insured, Patient
from infusiondesk.store import patients
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


def get_patient(store: Store, patient_id: int) -> Patient:
    """The patient, opened by the user: audited as a view."""
    patient = patients.get_patient(store, patient_id).patient
    auditing.patient_viewed(store, patient_id)
    return patient


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
