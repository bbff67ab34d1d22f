"""Whose order it is: a new version of an order stays its patient's (issue 9).

Below the GUI, so no screen, import or restored draft can save one patient's order as
a version of another's, nor rewrite the chosen patient with another person's details.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from infusiondesk.rules.order import Patient
from infusiondesk.services.orders import restore_order_version
from infusiondesk.store import orders as orders_module
from infusiondesk.store.audit import history
from infusiondesk.store.errors import Refused
from infusiondesk.store.order_versions import order_versions, orders_with_patient_changes
from infusiondesk.store.orders import list_orders, load_order, save_order
from infusiondesk.store.patients import get_patient
from tests.test_store_support import full_order, new_store

ROE = Patient("Roe", "Rick", date(1970, 5, 6), "M", "XYZ222")


@pytest.fixture
def store(tmp_path: Path):
    opened = new_store(tmp_path)
    yield opened
    opened.close()


def test_a_new_version_with_another_patient_is_refused(store) -> None:
    saved = save_order(store, full_order(1))
    with pytest.raises(Refused, match=f"Order {saved.id} belongs to another patient"):
        save_order(store, replace(full_order(1), patient=ROE), saved.id)
    assert load_order(store, saved.id) == full_order(1)  # nothing written
    assert [o.version for o in list_orders(store)] == [1]


def test_a_new_version_naming_another_patients_row_is_refused(store) -> None:
    doe = save_order(store, full_order(1))
    roe = save_order(store, replace(full_order(2), patient=ROE))
    # the data-loss path: the form kept Doe's order id but had Roe's patient id
    with pytest.raises(Refused):
        save_order(store, replace(full_order(1), patient=ROE), doe.id, roe.patient_id)
    with pytest.raises(Refused):
        save_order(store, full_order(1), doe.id, roe.patient_id)
    assert load_order(store, doe.id).patient == full_order(1).patient
    assert get_patient(store, roe.patient_id).patient == ROE


def test_taking_the_patient_off_an_order_is_refused(store) -> None:
    saved = save_order(store, full_order(1))
    with pytest.raises(Refused):
        save_order(store, replace(full_order(1), patient=None), saved.id)


def test_twins_are_two_patients(store) -> None:
    """Same surname and birth date, another first name and member ID: another person."""
    jane = full_order(1)
    assert jane.patient is not None
    twin = replace(jane.patient, first_name="Joan", member_id="XYZ999")
    saved = save_order(store, jane)
    with pytest.raises(Refused):
        save_order(store, replace(jane, patient=twin), saved.id)


def test_a_corrected_name_or_birth_date_is_the_same_patient(store) -> None:
    order = full_order(1)
    assert order.patient is not None
    saved = save_order(store, order)
    other = save_order(store, replace(full_order(3), patient=order.patient))  # a second order
    renamed = replace(order.patient, last_name="Dough")
    again = save_order(store, replace(order, patient=renamed), saved.id)
    assert (again.id, again.version, again.patient_id) == (saved.id, 2, saved.patient_id)
    assert load_order(store, other.id).patient == renamed  # one person, corrected everywhere
    born = replace(renamed, dob=date(1961, 4, 3))
    third = save_order(store, replace(order, patient=born), saved.id)
    assert third.patient_id == saved.patient_id


def test_a_new_order_for_a_chosen_patient_must_name_that_patient(store) -> None:
    doe = save_order(store, full_order(1))
    with pytest.raises(Refused, match="not the patient chosen"):
        save_order(store, replace(full_order(2), patient=ROE), None, doe.patient_id)
    assert get_patient(store, doe.patient_id).patient == full_order(1).patient
    fine = save_order(store, full_order(2), None, None)
    assert fine.patient_id != doe.patient_id  # Jane2 is another person


def _old_save(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store before issue 9: a new version took whatever patient it was handed."""
    monkeypatch.setattr(orders_module, "_same_patient", lambda _store, _order, _old, patient_id: patient_id)


def test_an_order_saved_over_another_patients_is_found_and_restored(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    doe = save_order(store, full_order(1))
    roe_order = replace(full_order(2), patient=ROE)
    with monkeypatch.context() as patched:
        _old_save(patched)
        # the lost order: the form kept Doe's order and patient ids, Roe's order typed in
        save_order(store, roe_order, doe.id, doe.patient_id)
    assert load_order(store, doe.id).patient == ROE  # Doe's order is gone from Doe
    assert orders_with_patient_changes(store) == [doe.id]
    versions = order_versions(store, doe.id)
    assert [(v.version, v.patient_changed) for v in versions] == [(1, False), (2, True)]
    assert versions[0].order == full_order(1)  # rebuilt from the audit log, field for field
    assert versions[1].order == roe_order
    restored = restore_order_version(store, doe.id, 1)
    assert restored.id != doe.id and restored.version == 1
    assert load_order(store, restored.id) == full_order(1)
    assert load_order(store, doe.id) == roe_order  # Roe's order stays Roe's
    assert restored.patient_id != doe.patient_id  # Doe is a patient again, beside Roe
    assert get_patient(store, doe.patient_id).patient == ROE
    notes = [e for e in history(store.db, "order", restored.id) if e["action"] == "restore"]
    assert json.loads(notes[0]["after"]) == {"from_order": doe.id, "version": 1}


def test_corrections_are_not_patient_changes(store) -> None:
    order = full_order(1)
    assert order.patient is not None
    saved = save_order(store, order)
    save_order(store, replace(order, patient=replace(order.patient, last_name="Dough")), saved.id)
    save_order(store, replace(order, prior_authorization="PA-9"), saved.id)
    assert orders_with_patient_changes(store) == []
    assert [v.version for v in order_versions(store, saved.id)] == [1, 2, 3]
    assert order_versions(store, saved.id)[0].order == order
