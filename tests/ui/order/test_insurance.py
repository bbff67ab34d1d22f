"""Insurance through the widgets: the insured when it isn't the patient, group and plan,
in the order editor and the patient dialog, kept by the store and printed in boxes 4-11."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from infusiondesk.output.layout import load_layout
from infusiondesk.ui.order.screen import OrderScreen
from infusiondesk.ui.patients.dialog import PatientDialog
from infusiondesk.ui.printing.session import PrintSession
from infusiondesk.ui.widgets.values import value_dict
from tests.helpers import order, therapy
from tests.print_helpers import data_chars, pdf_pages, read_field
from tests.ui.order.test_editor import enter_header, enter_therapy, settle
from tests.ui.support import ACME, choose, payer_id, type_into


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


def printed_boxes(practice: Any, settings: Any, order_id: int, tmp_path: Any) -> dict[str, str]:
    parent = QWidget()
    session = PrintSession(parent, practice, [(order_id, practice.claims.compute(order_id))], settings)
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
    qtbot: Any, screen: OrderScreen, practice: Any, settings: Any, tmp_path: Any
) -> None:
    enter_header(qtbot, screen)
    enter_spouse(qtbot, screen.editor.header.insurance)
    enter_therapy(qtbot, screen)
    settle(qtbot, screen)
    order_id = screen.save()
    stored = practice.orders.load(order_id).insured
    assert (stored.relationship, stored.last_name, stored.group_number) == ("spouse", "Doe", "GRP-778")
    assert stored.address.state == "TX" and stored.dob.year == 1958

    screen.new_order()
    assert not screen.editor.header.insurance.last_name.isVisible()
    screen.open_order(order_id)
    insurance = screen.editor.header.insurance
    assert insurance.relationship.value() == "spouse" and insurance.last_name.isVisible()
    assert (insurance.first_name.value(), insurance.plan_name.value()) == ("John", "Acme Gold")

    boxes = printed_boxes(practice, settings, order_id, tmp_path)
    assert "DOE" in boxes["4"].upper() and "JOHN" in boxes["4"].upper()
    assert "JANE" in boxes["2"].upper()  # the patient stays in box 2
    assert boxes["11"] == "GRP778"  # NUCC: no punctuation in identifiers
    assert boxes["11c"].upper() == "ACME GOLD"
    assert boxes["6.spouse"] and not boxes["6.self"]


def saved_order_for(practice: Any) -> tuple[int, int]:
    saved = practice.orders.save(practice.orders.parse(order([therapy()], complete=True)))
    return saved.id, saved.patient_id


def test_the_patient_dialog_keeps_the_insurance_with_the_patient(qtbot: Any, practice: Any) -> None:
    order_id, patient_id = saved_order_for(practice)
    before = practice.orders.load(order_id)
    versions = [o.version for o in practice.orders.list(patient_id=patient_id)]
    dialog = PatientDialog(practice, patient_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.member_id.value() == "XYZ123456789"
    choose(qtbot, dialog.payer, "Acme")
    choose(qtbot, dialog.insurance.relationship, "Other")
    type_into(qtbot, dialog.insurance.last_name, "Doe")
    type_into(qtbot, dialog.insurance.first_name, "Max")
    type_into(qtbot, dialog.insurance.group_number, "G-55")
    type_into(qtbot, dialog.insurance.plan_name, "Acme Gold")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [o.version for o in practice.orders.list(patient_id=patient_id)] == versions  # no new version
    assert practice.orders.load(order_id) == before  # the order keeps its own copy

    again = PatientDialog(practice, patient_id)
    qtbot.addWidget(again)
    assert again.payer.value() == payer_id(practice, ACME)
    assert again.insurance.relationship.value() == "other"
    assert again.insurance.first_name.value() == "Max" and again.insurance.last_name.value() == "Doe"
    assert again.insurance.group_number.value() == "G-55"
    assert again.insurance.plan_name.value() == "Acme Gold"


def test_a_new_order_for_the_patient_starts_with_their_insurance(
    qtbot: Any, practice: Any, screen: OrderScreen
) -> None:
    dialog = PatientDialog(practice, None)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.last, "Rivera")
    type_into(qtbot, dialog.first, "Luz")
    type_into(qtbot, dialog.member_id, "m-1")
    choose(qtbot, dialog.payer, "Acme")
    type_into(qtbot, dialog.insurance.plan_name, "Acme Silver")
    choose(qtbot, dialog.insurance.relationship, "Spouse")
    type_into(qtbot, dialog.insurance.last_name, "Rivera")
    type_into(qtbot, dialog.insurance.first_name, "Tomas")
    dialog.save()
    assert dialog.patient_id is not None and practice.orders.list(patient_id=dialog.patient_id) == []
    coverage = practice.patients.coverage(dialog.patient_id)
    screen.new_order(practice.patients.get(dialog.patient_id), dialog.patient_id, coverage)
    header = screen.editor.header
    assert header.last_name.value() == "Rivera" and header.member_id.value() == "M-1"
    assert header.payer.value() == payer_id(practice, ACME)
    assert header.insurance.plan_name.value() == "Acme Silver"
    assert header.insurance.relationship.value() == "spouse"
    assert header.insurance.first_name.value() == "Tomas"


def test_an_order_with_other_insurance_leaves_the_patient_coverage(qtbot: Any, practice: Any) -> None:
    order_id, patient_id = saved_order_for(practice)
    kept = practice.patients.coverage(patient_id)
    data = practice.orders.data(practice.orders.load(order_id))
    data["insured"] = {"relationship": "self", "group_number": "OTHER-1"}
    practice.orders.save(practice.orders.parse(data), order_id, patient_id)
    assert practice.patients.coverage(patient_id) == kept


def test_finding_the_patient_for_an_order_brings_their_insurance(
    qtbot: Any, practice: Any, screen: OrderScreen
) -> None:
    data = order([therapy()], complete=True)
    data["payer"] = value_dict(ACME)  # the payer set up in the practice
    data["insured"] = {"relationship": "child", "last_name": "Doe", "first_name": "Pat", "group_number": "G7"}
    saved = practice.orders.save(practice.orders.parse(data))
    screen.new_order()
    screen.set_patient(practice.patients.get(saved.patient_id), saved.patient_id)
    header = screen.editor.header
    assert header.last_name.value() == "Doe"
    assert header.payer.value() == payer_id(practice, ACME)
    assert header.insurance.relationship.value() == "child" and header.insurance.first_name.value() == "Pat"
    assert screen.editor.state["insured"]["group_number"] == "G7"
