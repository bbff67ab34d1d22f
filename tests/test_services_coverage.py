"""A patient's insurance (``Coverage``) beside the patient: saved, read back, audited,
and never an order version (db/0005, services.get/save_patient_coverage)."""

from __future__ import annotations

import json
from dataclasses import MISSING, fields
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from infusiondesk import services
from infusiondesk.claims.reading import OrderFileError
from infusiondesk.rules.order import Address, Insured, Patient, Payer
from infusiondesk.store.audit import history
from tests.test_store_support import new_store

SPOUSE = Insured(
    "Doe",
    "Richard",
    relationship="spouse",
    dob=date(1958, 6, 7),
    sex="M",
    phone="555-0101",
    address=Address("1 Elm St", "Austin", "TX", "78701"),
)


@pytest.fixture
def store(tmp_path: Path):
    opened = new_store(tmp_path)
    yield opened
    opened.close()


def _patient(store) -> int:
    return services.save_patient(store, Patient("Doe", "Jane", date(1961, 4, 2), "F", "XYZ1"))


def _payer(store, name: str = "Acme Health") -> int:
    return services.add_payer(store, Payer(name, "ACME1"))


def test_round_trip_keeps_every_field(store) -> None:
    patient_id, payer_id = _patient(store), _payer(store)
    entered = services.Coverage(payer_id, "GRP-7", "Gold PPO", SPOUSE)
    assert services.save_patient_coverage(store, patient_id, entered) is True
    assert services.get_patient_coverage(store, patient_id) == entered


def _left_default(value: Any) -> set[str]:
    return {f.name for f in fields(value) if f.default is not MISSING and getattr(value, f.name) == f.default}


def test_every_field_of_a_coverage_and_its_insured_is_kept(store) -> None:
    """The coverage's columns and the insured's JSON are derived from the dataclass
    fields: with each field set, each is read back. A field added to Coverage, Insured
    or Address fails here until it is set (and then until the store keeps it)."""
    insured = Insured(
        "Doe", "Richard", "child", "Q", date(2010, 6, 7), "M", phone="555-0101", address=SPOUSE.address
    )
    assert _left_default(insured) == {"group_number", "plan_name"}  # the coverage's own columns
    assert _left_default(insured.address) == set()
    patient_id, payer_id = _patient(store), _payer(store)
    entered = services.Coverage(payer_id, "GRP-7", "Gold PPO", insured)
    assert _left_default(entered) == set()
    services.save_patient_coverage(store, patient_id, entered)
    assert services.get_patient_coverage(store, patient_id) == entered


def test_a_patient_without_coverage_reads_empty_and_saving_empty_writes_nothing(store) -> None:
    patient_id = _patient(store)
    assert services.get_patient_coverage(store, patient_id) == services.Coverage()
    assert services.save_patient_coverage(store, patient_id, services.Coverage()) is False
    assert history(store.db, "patient_coverage", patient_id) == []


def test_each_change_is_audited_with_what_changed(store) -> None:
    patient_id, acme, other = _patient(store), _payer(store), _payer(store, "Other Care")
    services.save_patient_coverage(store, patient_id, services.Coverage(acme, "G1"))
    services.save_patient_coverage(store, patient_id, services.Coverage(other, "G1"))
    assert services.save_patient_coverage(store, patient_id, services.Coverage(other, "G1")) is False
    entries = history(store.db, "patient_coverage", patient_id)
    assert [e["action"] for e in entries] == ["create", "update"]
    assert json.loads(entries[1]["before"]) == {"payer_id": acme}
    assert json.loads(entries[1]["after"]) == {"payer_id": other}


def test_saving_coverage_creates_no_order_version(store) -> None:
    patient_id = _patient(store)
    services.save_patient_coverage(store, patient_id, services.Coverage(_payer(store), "G1"))
    assert services.list_orders(store, patient_id=patient_id) == []


def test_an_unknown_patient_is_a_plain_refusal(store) -> None:
    with pytest.raises(services.NotFound, match="Patient 99"):
        services.save_patient_coverage(store, 99, services.Coverage(None, "G1"))
    with pytest.raises(services.NotFound, match="Patient 99"):
        services.get_patient_coverage(store, 99)


def test_group_and_plan_live_on_the_coverage_and_return_on_the_order_insured() -> None:
    on_order = Insured("Doe", "Richard", "spouse", group_number="G9", plan_name="Silver")
    coverage = services.coverage_from_insured(3, on_order)
    assert (coverage.group_number, coverage.plan_name) == ("G9", "Silver")
    assert coverage.insured is not None and coverage.insured.group_number == ""
    assert services.coverage_insured(coverage) == on_order


def test_the_patient_as_insured_keeps_group_and_plan_only() -> None:
    coverage = services.coverage_from_insured(None, Insured("", "", group_number="G2"))
    assert coverage == services.Coverage(None, "G2")
    assert services.coverage_insured(coverage) == Insured("", "", group_number="G2")
    assert services.coverage_insured(services.Coverage(5)) is None


def test_a_mapping_from_the_insurance_fields_is_read_like_an_order() -> None:
    coverage = services.coverage_from_mapping(
        1, {"relationship": "child", "last_name": "Doe", "first_name": "Ann", "dob": "1990-01-02"}
    )
    assert coverage.insured is not None and coverage.insured.dob == date(1990, 1, 2)
    with pytest.raises(OrderFileError) as raised:
        services.coverage_from_mapping(1, {"relationship": "child", "dob": "1990-13-40"})
    assert [p.where for p in raised.value.problems] == ["insured.dob"]
