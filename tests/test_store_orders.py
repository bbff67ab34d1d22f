"""Orders: saved as rows, loaded back as exactly the Order that was saved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from infusiondesk.rules.order import Order, Patient
from infusiondesk.store.errors import NotFound
from infusiondesk.store.orders import (
    count_orders,
    delete_order,
    list_orders,
    load_order,
    order_version,
    save_order,
)
from infusiondesk.store.patients import get_patient
from tests.test_store_support import full_order, new_store


@pytest.fixture
def store(tmp_path: Path):
    opened = new_store(tmp_path)
    yield opened
    opened.close()


def _non_default_fields(value: Any, seen: dict[type, set[str]]) -> None:
    if is_dataclass(value) and not isinstance(value, type):
        seen[type(value)]
        for f in fields(value):
            item = getattr(value, f.name)
            default = f.default
            if f.default_factory is not MISSING:
                default = f.default_factory()
            if default is MISSING or item != default:
                seen[type(value)].add(f.name)
            _non_default_fields(item, seen)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _non_default_fields(item, seen)
    elif isinstance(value, Mapping):
        for item in value.values():
            _non_default_fields(item, seen)


def test_the_sample_order_sets_every_field_so_the_round_trip_covers_them() -> None:
    """If a field is added to the order values, this fails until the store maps it
    (and full_order sets it)."""
    seen: dict[type, set[str]] = defaultdict(set)
    _non_default_fields(full_order(1), seen)
    missing = {
        cls.__name__: {f.name for f in fields(cls)} - names
        for cls, names in seen.items()
        if {f.name for f in fields(cls)} - names
    }
    assert missing == {}
    assert {cls.__name__ for cls in seen} >= {
        "Order",
        "Therapy",
        "Drug",
        "Patient",
        "Insured",
        "Payer",
        "Prescriber",
        "Provider",
        "Facility",
        "NursingVisit",
        "Supply",
        "Resubmission",
        "Address",
        "DateRange",
    }


def test_round_trip_is_exact(store) -> None:
    saved = save_order(store, full_order(1))
    assert (saved.version, count_orders(store)) == (1, 1)
    loaded = load_order(store, saved.id)
    assert loaded == full_order(1)
    assert str(loaded.therapies[1].daily_volume_ml) == "1000.0"  # digits kept, not just value
    assert loaded.therapies[0].administration_dates is None
    assert loaded.therapies[1].administration_dates == full_order(1).therapies[1].administration_dates


def test_minimal_order_round_trips(store) -> None:
    bare = Order("nhia", ())
    saved = save_order(store, bare)
    assert load_order(store, saved.id) == bare


def test_each_real_change_is_a_new_version(store) -> None:
    saved = save_order(store, full_order(1))
    same = save_order(store, full_order(1), saved.id)
    assert same.version == 1  # nothing changed: no new version
    edited = replace(full_order(1), therapies=full_order(1).therapies[:1], diagnoses=("Z45.2",))
    second = save_order(store, edited, saved.id)
    assert (second.id, second.version) == (saved.id, 2)
    assert load_order(store, saved.id) == edited
    assert order_version(store, saved.id) == 2
    assert store.db.execute("SELECT count(*) FROM therapies").fetchone()[0] == 1


def test_a_typo_in_the_patients_name_is_fixed_in_place(store) -> None:
    saved = save_order(store, full_order(1))
    assert full_order(1).patient is not None
    fixed = replace(full_order(1), patient=replace(full_order(1).patient, last_name="Dough"))
    again = save_order(store, fixed, saved.id)
    assert again.patient_id == saved.patient_id
    assert get_patient(store, saved.patient_id).patient.last_name == "Dough"


def test_orders_of_one_patient_share_the_patients_details(store) -> None:
    base = full_order(1)
    assert base.patient is not None
    first = save_order(store, base)
    moved = replace(base.patient, address=replace(base.patient.address, street="2 New Rd"))
    second = save_order(store, replace(base, patient=moved, prior_authorization="PA-2"))
    assert second.patient_id == first.patient_id
    assert load_order(store, first.id).patient == moved  # the person moved
    assert load_order(store, second.id).patient == moved


def test_list_and_delete(store) -> None:
    ids = [save_order(store, full_order(n)).id for n in range(3)]
    save_order(store, Order("nhia", (), patient=Patient("Solo", "Han", date(1977, 5, 25))))
    listed = list_orders(store, limit=10)
    assert [o.id for o in listed[1:]] == ids[::-1]
    assert listed[1].therapies == "anti-infective, hydration"
    assert listed[1].patient_name == "Doe, Jane2" and listed[1].payer_name == "Acme Health Plan"
    assert listed[1].first_day == full_order(2).therapies[0].start
    assert [o.id for o in list_orders(store, patient_id=listed[1].patient_id)] == [ids[2]]
    delete_order(store, ids[0])
    with pytest.raises(NotFound, match="does not exist"):
        load_order(store, ids[0])
    assert store.db.execute("SELECT count(*) FROM therapies WHERE order_id = ?", [ids[0]]).fetchone()[0] == 0
    assert load_order(store, ids[1]) == full_order(1)


def test_saving_over_a_missing_order_is_refused(store) -> None:
    with pytest.raises(NotFound):
        save_order(store, full_order(1), order_id=999)
    assert count_orders(store) == 0
