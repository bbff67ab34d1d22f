"""File › Remove sample data takes the fictional practice away again and leaves the
biller's own: their practice, payers, prescribers, charges, patients and orders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from infusiondesk import demo_data, services
from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import ORDERS
from infusiondesk.ui.widgets.values import value_dict
from tests.test_store_support import small_order_file
from tests.ui.support import ACME, CHARGES, PECAN, PRACTICE, SMITH


@pytest.fixture
def answered_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *a: (asked.append(text), QMessageBox.StandardButton.Yes)[1],
    )
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: asked.append(text) or 0)
    return asked


def _everything(practice: Any) -> dict[str, Any]:
    """What the biller sees of their practice, as plain values."""
    return {
        "practice": practice.setup.practice(),
        "payers": sorted((r.payer.name, r.profile) for r in practice.setup.payers()),
        "prescribers": sorted((p.last_name, p.first_name, p.npi) for _id, p in practice.setup.prescribers()),
        "charges": sorted((c.code, c.payer_id or 0, c.amount) for c in practice.setup.charges()),
        "patients": practice.patients.count(),
        "orders": sorted((o.id, o.version) for o in services.list_orders(practice.store, limit=1000)),
    }


def _own_order(practice: Any) -> int:
    return practice.orders.save(practice.orders.parse(small_order_file(3))).id


def test_removing_the_sample_leaves_exactly_the_billers_own(
    qtbot: Any, window: MainWindow, practice: Any, answered_yes: list[str]
) -> None:
    _own_order(practice)
    own = _everything(practice)
    assert own["practice"] == PRACTICE and ("S9502", 0, Decimal(CHARGES["S9502"])) in own["charges"]
    practice.setup.load_demo_data()
    with_sample = _everything(practice)
    assert with_sample["patients"] >= own["patients"] + 20 and len(with_sample["orders"]) > 30
    assert with_sample["practice"] == PRACTICE  # the biller's practice stayed the practice
    window.show_screen(ORDERS)

    window.menu_actions["remove_demo"].trigger()

    assert "Your own data stays" in answered_yes[0]
    assert _everything(practice) == own
    assert not practice.setup.has_demo_data()
    assert "Sample data removed" in window.statusBar().currentMessage()
    assert window.screens[ORDERS].model.rowCount() == len(own["orders"])  # the list refreshed
    entry = practice.store.db.execute(
        "SELECT after FROM audit_log WHERE entity = 'demo_data' AND action = 'remove'"
    ).fetchone()
    assert entry is not None and '"orders"' in entry[0]
    window.menu_actions["remove_demo"].trigger()  # nothing left: said so, nothing removed
    assert answered_yes[-1] == "There is no sample data to remove."


def test_sample_rows_the_billers_data_uses_are_kept(
    qtbot: Any, window: MainWindow, practice: Any, answered_yes: list[str]
) -> None:
    practice.setup.load_demo_data()
    sample_orders = services.list_orders(practice.store, limit=1000)
    # the biller printed one sample claim, and wrote a real order for a sample patient
    printed = sample_orders[0].id
    services.record_printed_claim(practice.store, printed)
    patient = practice.orders.load(sample_orders[-1].id).patient
    own = practice.orders.save(
        practice.orders.parse({**small_order_file(4), "patient": value_dict(patient)})
    ).id
    assert practice.orders.load(own).patient == patient

    window.menu_actions["remove_demo"].trigger()

    left = services.list_orders(practice.store, limit=1000)
    assert {o.id for o in left} == {printed, own}  # a printed claim is kept for good, and its order
    assert practice.patients.count() == len({o.patient_id for o in left})
    assert "kept because your own data uses them" in window.statusBar().currentMessage()


def test_a_sample_on_a_fresh_database_goes_whole(qtbot: Any, tmp_path: Any) -> None:
    store = services.open_store(tmp_path / "fresh")
    try:
        demo_data.load_demo_data(store)
        assert services.get_practice(store) == demo_data.PRACTICE
        removal = demo_data.remove_demo_data(store)
        assert removal.kept == {}
        assert removal.removed["orders"] >= 20 and removal.removed["patients"] == 20
        assert services.get_practice(store) is None  # the sample was the practice
        assert services.list_payers(store) == [] and services.list_prescribers(store) == []
        assert services.list_charges(store) == [] and services.count_patients(store) == 0
    finally:
        services.close_store(store, backup=False)


def test_a_sample_practice_the_biller_corrected_into_theirs_stays(tmp_path: Any) -> None:
    store = services.open_store(tmp_path / "fresh")
    try:
        demo_data.load_demo_data(store)
        services.set_practice(store, PRACTICE)  # entered their own over the sample's
        services.save_payer(store, ACME, "nhia")
        services.add_prescriber(store, SMITH)
        services.set_charge(store, "S9500", Decimal("151.00"))  # their own price now
        demo_data.remove_demo_data(store)
        assert services.get_practice(store) == PRACTICE
        assert [r.payer for r in services.list_payers(store)] == [ACME]
        assert [p for _id, p in services.list_prescribers(store)] == [SMITH]
        assert [(c.code, c.amount) for c in services.list_charges(store)] == [("S9500", Decimal("151.00"))]
        assert PECAN not in [r.payer for r in services.list_payers(store)]
    finally:
        services.close_store(store, backup=False)
