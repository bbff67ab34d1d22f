"""Claim edits on the order's header: who, for whom, why (billing-rules.md §10).

These problems are what would deny a claim or stop it printing complete: invalid
NPIs and EIN, missing parties, no diagnosis or more than box 21 holds, a missing
prior authorization, a PO box as the billing provider's address. Whether each
diagnosis is billable depends on the dates of service: ``diagnoses.diagnosis_problems``.
"""

from __future__ import annotations

import re

from infusiondesk.rules.identifiers import ein_problem, npi_problem
from infusiondesk.rules.order import Order
from infusiondesk.rules.problems import Problem, error, warning
from infusiondesk.rules.profile import PayerProfile

MAX_DIAGNOSES = 12
_PO_BOX = re.compile(r"\bP\.?\s*O\.?\s*BOX\b|\bPOST\s+OFFICE\s+BOX\b", re.IGNORECASE)


def _parties(order: Order) -> list[Problem]:
    problems = []
    for name, value in (
        ("patient", order.patient),
        ("payer", order.payer),
        ("prescriber", order.prescriber),
        ("provider", order.provider),
    ):
        if value is None:
            problems.append(error(name, f"the {name} is missing; the claim can't be printed complete"))
    insured = order.insured
    if (
        insured is not None
        and insured.relationship != "self"
        and not (insured.last_name and insured.first_name)
    ):
        problems.append(
            error("insured.last_name", "the insured is not the patient: enter the insured's name (box 4)")
        )
    if order.patient is not None:
        if not (order.patient.last_name and order.patient.first_name):
            problems.append(error("patient.last_name", "the patient's name is missing"))
        if not order.patient.member_id:
            problems.append(error("patient.member_id", "the insured's member ID (box 1a) is missing"))
        if order.patient.dob is None:
            problems.append(error("patient.dob", "the patient's date of birth (box 3) is missing"))
    return problems


def _identifiers(order: Order) -> list[Problem]:
    problems = []
    if order.prescriber is not None and (why := npi_problem(order.prescriber.npi)):
        problems.append(error("prescriber.npi", f"prescriber NPI {why}"))
    if order.provider is not None:
        if why := npi_problem(order.provider.npi):
            problems.append(error("provider.npi", f"billing provider NPI {why}"))
        if why := ein_problem(order.provider.ein):
            problems.append(error("provider.ein", f"EIN {why}"))
        problems += _billing_address(order)
    return problems


def _billing_address(order: Order) -> list[Problem]:
    assert order.provider is not None
    address = order.provider.address
    problems = []
    if _PO_BOX.search(address.street):
        problems.append(
            error("provider.address.street", "box 33 needs a street address, not a PO box (NUCC)")
        )
    zip_digits = address.zip.replace("-", "")
    if len(zip_digits) != 9 or not zip_digits.isdigit():
        problems.append(warning("provider.address.zip", "box 33 wants the 9-digit ZIP+4 (NUCC)"))
    return problems


def _diagnoses(order: Order) -> list[Problem]:
    if not order.diagnoses:
        return [error("diagnoses", "no diagnosis: enter at least one ICD-10-CM code")]
    problems = []
    if len(order.diagnoses) > MAX_DIAGNOSES:
        problems.append(
            error("diagnoses", f"box 21 holds {MAX_DIAGNOSES} diagnoses, not {len(order.diagnoses)}")
        )
    return problems


def _pointers(order: Order) -> list[Problem]:
    problems = []
    for index, therapy in enumerate(order.therapies):
        for letter in therapy.diagnosis_pointers:
            if order.diagnoses and ord(letter) - ord("A") >= len(order.diagnoses):
                problems.append(
                    error(
                        f"therapies[{index}].diagnosis_pointers",
                        f"pointer {letter} names no diagnosis (there are {len(order.diagnoses)})",
                    )
                )
    return problems


def header_problems(order: Order, profile: PayerProfile) -> list[Problem]:
    problems = _parties(order) + _identifiers(order) + _diagnoses(order) + _pointers(order)
    required = profile.requires_prior_authorization or (
        order.payer is not None and order.payer.requires_prior_authorization
    )
    if required and not order.prior_authorization.strip():
        problems.append(
            error("prior_authorization", "this payer requires a prior authorization number (box 23)")
        )
    return problems
