"""Setup and patient calls through services (the GUI imports no store module):
practice, payers, prescribers, profile copies, charges, the sample practice,
the patient list, and the printing pass-throughs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.codesets import load_profiles
from infusiondesk.output.pdf import PrintRefused
from infusiondesk.rules.order import Address, Patient, Payer, Prescriber, Provider
from infusiondesk.store.errors import NotFound, Refused, StoreError
from tests.test_store_support import small_order_file

OURS = Provider("Our Infusion", "1245319599", "12-3456789", "3336H0001X", "5125550100", Address("1 A St"))


@pytest.fixture
def store(tmp_path: Path):
    opened = services.open_store(tmp_path)
    yield opened
    services.close_store(opened, backup=False)


def test_practice_is_set_and_read_back(store) -> None:
    assert services.get_practice(store) is None
    services.set_practice(store, OURS)
    assert services.get_practice(store) == OURS
    # kept, not replaced and put back: the audit log has only the biller's own "practice set"
    practice_changes = store.db.execute("SELECT COUNT(*) FROM audit_log WHERE entity = 'practice'")
    assert practice_changes.fetchone()[0] == 1


def test_save_payer_adds_and_updates(store) -> None:
    acme = services.save_payer(store, Payer("Acme", "1"), "nhia")
    assert services.save_payer(store, Payer("Acme", "1"), "nhia") == acme  # the same payer again
    services.save_payer(
        store, Payer("Acme Health", "1", requires_prior_authorization=True), "per-date-lines", acme
    )
    (record,) = services.list_payers(store)
    assert (record.id, record.payer.name, record.profile) == (acme, "Acme Health", "per-date-lines")
    assert record.requires_prior_authorization
    with pytest.raises(NotFound):
        services.save_payer(store, Payer("Ghost"), "nhia", 999)


def test_adding_a_payer_already_in_setup_sets_its_profile(store) -> None:
    acme = services.save_payer(store, Payer("Acme", "1"), "nhia")
    assert services.save_payer(store, Payer("Acme", "1"), "administration-days") == acme
    assert services.list_payers(store)[0].profile == "administration-days"


def test_a_payer_needs_a_known_profile(store) -> None:
    with pytest.raises(StoreError, match="'nope' is unknown"):
        services.save_payer(store, Payer("Acme"), "nope")
    assert services.list_payers(store) == []


def test_prescribers_are_added_updated_and_deleted_unless_an_order_names_them(store) -> None:
    kept = services.add_prescriber(store, Prescriber("Smith", "Ann", "1234567893"))
    services.update_prescriber(store, kept, Prescriber("Smith-Jones", "Ann", "1234567893"))
    assert services.list_prescribers(store) == [(kept, Prescriber("Smith-Jones", "Ann", "1234567893"))]
    data = {**small_order_file(1), "prescriber": {"last_name": "Busy", "first_name": "Bo"}}
    services.import_order(store, data)
    busy = next(i for i, p in services.list_prescribers(store) if p.last_name == "Busy")
    with pytest.raises(Refused, match="Bo Busy is the prescriber on 1 order"):
        services.delete_prescriber(store, busy)
    services.delete_prescriber(store, kept)
    assert [p.last_name for _, p in services.list_prescribers(store)] == ["Busy"]
    with pytest.raises(NotFound):
        services.delete_prescriber(store, kept)


def test_profile_copies_are_checked_naming_the_bad_setting(store) -> None:
    settings = load_profiles()["nhia"].as_dict()
    with pytest.raises(StoreError, match="setting 'line_dates'"):
        services.save_profile_copy(store, "ours", "Ours", "nhia", {**settings, "line_dates": "weekly"})
    with pytest.raises(StoreError, match="unknown setting 'colour'"):
        services.save_profile_copy(store, "ours", "Ours", "nhia", {**settings, "colour": "red"})
    services.save_profile_copy(store, "ours", "Ours", "nhia", {**settings, "line_dates": "per-date"})
    (copy,) = services.list_profile_copies(store)
    assert (copy.key, copy.based_on, copy.settings["line_dates"]) == ("ours", "nhia", "per-date")
    services.save_payer(store, Payer("Acme", "1"), "nhia")  # the order's payer, not on the copy
    services.import_order(store, {**small_order_file(1), "payer_profile": "ours"})
    with pytest.raises(Refused, match="used by 1 order"):
        services.delete_profile_copy(store, "ours")


def test_an_unused_profile_copy_is_deleted(store) -> None:
    services.save_profile_copy(store, "spare", "Spare", "nhia", load_profiles()["nhia"].as_dict())
    services.delete_profile_copy(store, "spare")
    assert services.list_profile_copies(store) == []


def test_charges_are_set_listed_and_removed(store) -> None:
    acme = services.save_payer(store, Payer("Acme"), "nhia")
    services.set_charge(store, "s9502", Decimal("185.00"))
    services.set_charge(store, "S9502", Decimal("170.00"), acme)
    listed = {(c.code, c.payer_id): c.amount for c in services.list_charges(store)}
    assert listed == {("S9502", None): Decimal("185.00"), ("S9502", acme): Decimal("170.00")}
    services.remove_charge(store, "S9502", acme)
    assert [(c.code, c.payer_id) for c in services.list_charges(store)] == [("S9502", None)]


def test_demo_data_keeps_a_practice_already_set(store) -> None:
    services.set_practice(store, OURS)
    summary = services.load_demo_data(store, today=date(2026, 3, 15))
    assert summary.patients == 20 and services.count_patients(store) == 20
    assert services.get_practice(store) == OURS
    # kept, not replaced and put back: the audit log has only the biller's own "practice set"
    practice_changes = store.db.execute("SELECT COUNT(*) FROM audit_log WHERE entity = 'practice'")
    assert practice_changes.fetchone()[0] == 1


def test_demo_data_brings_its_practice_when_there_is_none(store) -> None:
    services.load_demo_data(store, today=date(2026, 3, 15))
    practice = services.get_practice(store)
    assert practice is not None and "DEMO" in practice.name


# --- patients ------------------------------------------------------------------------------


def _patient(last: str, first: str, dob: date | None = None, member: str = "") -> Patient:
    return Patient(last, first, dob, "F", member)


def test_patients_are_listed_by_name_a_page_at_a_time(store) -> None:
    names = [("smith", "Zoe"), ("Adams", "Bea"), ("Smith", "Al"), ("adams", "Amy"), ("Brown", "Cy")]
    for n, (last, first) in enumerate(names):
        services.save_patient(store, _patient(last, first, date(1970, 1, n + 1), f"M{n}"))
    assert services.count_patients(store) == 5
    everyone = services.list_patients(store, 0, 10)
    assert [(p.last_name, p.first_name) for p in everyone] == [
        ("adams", "Amy"),
        ("Adams", "Bea"),
        ("Brown", "Cy"),
        ("Smith", "Al"),
        ("smith", "Zoe"),
    ]
    assert services.list_patients(store, 2, 2) == everyone[2:4]
    assert services.list_patients(store, 5, 2) == []
    assert everyone[0].dob == date(1970, 1, 4) and everyone[0].member_id == "M3"


def test_the_patient_page_is_read_in_index_order(store) -> None:
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT id, last_name, first_name, dob, member_id FROM patients "
        "ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, dob, id LIMIT 50 OFFSET 500"
    ).fetchall()
    text = " ".join(row[-1] for row in plan)
    assert "patients_identity" in text and "TEMP B-TREE" not in text, text


def test_a_patient_is_saved_read_and_updated(store) -> None:
    patient_id = services.save_patient(store, _patient("Doe", "Jane", date(1961, 4, 2), "XYZ1"))
    assert services.get_patient(store, patient_id).member_id == "XYZ1"
    services.save_patient(store, _patient("Doe", "Janet", date(1961, 4, 2), "XYZ2"), patient_id)
    assert services.get_patient(store, patient_id).first_name == "Janet"
    assert [m.id for m in services.search_patients(store, "janet")] == [patient_id]
    with pytest.raises(NotFound):
        services.get_patient(store, 999)


# --- printing pass-throughs ------------------------------------------------------------------


def test_render_claims_and_the_alignment_page_are_pdfs(store) -> None:
    data = small_order_file(1)
    saved = services.import_order(store, data)
    claim = services.compute_claim(store, saved.id)
    # "print anyway" never prints a blank charge (24F/28) or a claim without box 5 (issue 9)
    with pytest.raises(PrintRefused) as refused:
        services.render_claims([claim], form="worksheet", force=True)
    assert {p.where for _, p in refused.value.problems} >= {"charges.J0690", "patient.address.street"}
    data["patient"]["address"] = {"street": "1 Main St", "city": "Austin", "state": "TX", "zip": "78701"}
    data["charges"] = {"S9502": "185.00", "S9374": "90.00", "J0690": "4.10", "99601": "160.00", "99602": "75"}
    saved = services.import_order(store, data)
    pdf = services.render_claims([services.compute_claim(store, saved.id)], form="worksheet", force=True)
    assert pdf.startswith(b"%PDF")
    assert services.alignment_test_pdf(1.5, -1).startswith(b"%PDF")
