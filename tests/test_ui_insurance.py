"""Insurance through the widgets: the insured when it isn't the patient, group and plan,
in the order editor and the patient dialog, kept by the store and printed in boxes 4-11."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from infusiondesk.output.layout import load_layout
from infusiondesk.ui.order_screen import OrderScreen
from infusiondesk.ui.patient_dialog import PatientDialog
from infusiondesk.ui.printing import PrintSession
from infusiondesk.ui.values import value_dict
from tests.helpers import order, therapy
from tests.print_helpers import data_chars, pdf_pages, read_field
from tests.test_ui_order_editor import enter_header, enter_therapy, settle
from tests.ui_support import ACME, choose, payer_id, type_into

pytest_plugins = ["tests.ui_fixtures"]


@pytest.fixture
def screen(qtbot: Any, backend: Any) -> Iterator[OrderScreen]:
    shown = OrderScreen(backend)
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    yield shown
    shown.stop()


def enter_spouse(qtbot: Any, insurance: Any) -> None:
    type_into(qtbot, insurance.group_number, "grp-778")
    type_into(qtbot, insurance.plan_name, "Acme Gold")
    choose(qtbot, insurance.relationship, "Spouse")
    type_into(qtbot, insurance.last_name, "Doe")
    type_into(qtbot, insurance.first_name, "John")
    type_into(qtbot, insurance.dob, "5/6/1958")
    choose(qtbot, insurance.sex, "M")
    type_into(qtbot, insurance.street, "1 Main St")
    type_into(qtbot, insurance.city, "Austin")
    type_into(qtbot, insurance.state, "tx")
    type_into(qtbot, insurance.zip, "78701")


def printed_boxes(backend: Any, settings: Any, order_id: int, tmp_path: Any) -> dict[str, str]:
    parent = QWidget()
    session = PrintSession(parent, backend, [(order_id, backend.compute_claim(order_id))], settings)
    session.start()
    target = tmp_path / "worksheet.pdf"
    session.preview.save_pdf(str(target))
    chars, layout = data_chars(pdf_pages(target.read_bytes())[0]), load_layout()
    found = {
        key: read_field(chars, layout, key) for key in ("1a", "2", "4", "6.self", "6.spouse", "11", "11c")
    }
    session.preview.close()
    parent.deleteLater()
    return found


def test_the_insured_shows_only_when_it_is_not_the_patient(qtbot: Any, screen: OrderScreen) -> None:
    insurance = screen.editor.header.insurance
    assert not insurance.last_name.isVisible()
    type_into(qtbot, insurance.group_number, "g1")
    assert screen.editor.state["insured"] == {"relationship": "self", "group_number": "G1"}
    choose(qtbot, insurance.relationship, "Child")
    assert insurance.last_name.isVisible()
    type_into(qtbot, insurance.last_name, "Roe")
    assert screen.editor.state["insured"]["last_name"] == "Roe"
    choose(qtbot, insurance.relationship, "Self")
    assert not insurance.last_name.isVisible()
    assert "last_name" not in screen.editor.state["insured"]  # self: the patient's boxes print


def test_a_spouse_as_insured_is_saved_reopened_and_printed(
    qtbot: Any, screen: OrderScreen, backend: Any, settings: Any, tmp_path: Any
) -> None:
    enter_header(qtbot, screen)
    enter_spouse(qtbot, screen.editor.header.insurance)
    enter_therapy(qtbot, screen)
    settle(qtbot, screen)
    order_id = screen.save()
    stored = backend.load_order(order_id).insured
    assert (stored.relationship, stored.last_name, stored.group_number) == ("spouse", "Doe", "GRP-778")
    assert stored.address.state == "TX" and stored.dob.year == 1958

    screen.new_order()
    assert not screen.editor.header.insurance.last_name.isVisible()
    screen.open_order(order_id)
    insurance = screen.editor.header.insurance
    assert insurance.relationship.value() == "spouse" and insurance.last_name.isVisible()
    assert (insurance.first_name.value(), insurance.plan_name.value()) == ("John", "Acme Gold")

    boxes = printed_boxes(backend, settings, order_id, tmp_path)
    assert "DOE" in boxes["4"].upper() and "JOHN" in boxes["4"].upper()
    assert "JANE" in boxes["2"].upper()  # the patient stays in box 2
    assert boxes["11"] == "GRP-778"
    assert boxes["11c"].upper() == "ACME GOLD"
    assert boxes["6.spouse"] and not boxes["6.self"]


def saved_order_for(backend: Any) -> tuple[int, int]:
    saved = backend.save_order(backend.parse_order(order([therapy()], complete=True)))
    return saved.id, saved.patient_id


def test_the_patient_dialog_edits_the_insurance_on_the_newest_order(qtbot: Any, backend: Any) -> None:
    order_id, patient_id = saved_order_for(backend)
    dialog = PatientDialog(backend, patient_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.member_id.value() == "XYZ123456789"
    assert str(order_id) in dialog.coverage_note.text()
    choose(qtbot, dialog.payer, "Acme")
    choose(qtbot, dialog.insurance.relationship, "Other")
    type_into(qtbot, dialog.insurance.last_name, "Doe")
    type_into(qtbot, dialog.insurance.first_name, "Max")
    type_into(qtbot, dialog.insurance.group_number, "G-55")
    dialog.save()
    assert dialog.pending_coverage is None
    stored = backend.load_order(order_id)
    assert stored.insured.relationship == "other" and stored.insured.first_name == "Max"
    assert stored.insured.group_number == "G-55" and stored.payer == ACME

    again = PatientDialog(backend, patient_id)
    qtbot.addWidget(again)
    assert again.insurance.first_name.value() == "Max"
    assert again.payer.value() == payer_id(backend, ACME)


def test_a_new_patient_with_insurance_starts_an_order_with_it(
    qtbot: Any, backend: Any, screen: OrderScreen
) -> None:
    dialog = PatientDialog(backend, None)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.last, "Rivera")
    type_into(qtbot, dialog.first, "Luz")
    type_into(qtbot, dialog.member_id, "m-1")
    choose(qtbot, dialog.payer, "Acme")
    type_into(qtbot, dialog.insurance.plan_name, "Acme Silver")
    dialog.save()
    coverage = dialog.pending_coverage
    assert coverage is not None and coverage.payer_id == payer_id(backend, ACME)
    screen.new_order(dialog.saved_patient, dialog.patient_id, coverage)
    header = screen.editor.header
    assert header.last_name.value() == "Rivera" and header.member_id.value() == "M-1"
    assert header.payer.value() == coverage.payer_id
    assert header.insurance.plan_name.value() == "Acme Silver"


def test_finding_the_patient_for_an_order_brings_their_insurance(
    qtbot: Any, backend: Any, screen: OrderScreen
) -> None:
    data = order([therapy()], complete=True)
    data["payer"] = value_dict(ACME)  # the payer set up in the practice
    data["insured"] = {"relationship": "child", "last_name": "Doe", "first_name": "Pat", "group_number": "G7"}
    saved = backend.save_order(backend.parse_order(data))
    screen.new_order()
    screen.set_patient(backend.get_patient(saved.patient_id), saved.patient_id)
    header = screen.editor.header
    assert header.last_name.value() == "Doe"
    assert header.payer.value() == payer_id(backend, ACME)
    assert header.insurance.relationship.value() == "child" and header.insurance.first_name.value() == "Pat"
    assert screen.editor.state["insured"]["group_number"] == "G7"
