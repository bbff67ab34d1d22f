"""The order header's table of plain fields, and the screen's ids beside the order.

The fields the table must cover are read from the order reader itself (every key it
asks an order file for, as tests/test_order_format_doc.py collects them), minus the
parts of an order the header shows by other means: a field added to the order-v1
format fails here until it has an input or a stated reason not to.
"""

from __future__ import annotations

import copy
import inspect
from typing import Any

from infusiondesk.rules.vocabulary import SEXES
from infusiondesk.ui.order.header import OrderHeader
from infusiondesk.ui.order.header_fields import HEADER_FIELDS
from infusiondesk.ui.order.screen import OrderScreen
from infusiondesk.ui.widgets.insurance_fields import INSURED_FIELDS, InsuranceBox
from tests.helpers import COMPLETE_HEADER, order, therapy
from tests.test_order_format_doc import accepted_fields
from tests.ui.support import ACME, PECAN, choose, payer_id, type_into, undeclared_inputs

# Order-v1 fields the header table does not hold, and why.
NOT_IN_TABLE = {
    "format": "the editor writes it",
    "therapies": "the therapy boxes",
    "nursing_visits": "the visit rows",
    "supplies": "the supply rows",
    "payer": "picked whole from setup (the payer pick list)",
    "provider": "the practice from setup, shown as a line above the header",
    "diagnoses": "the diagnosis rows",
    "facility": "no input: carried through unchanged",
    "charges": "no input: from the charge master",
    "resubmission": "no input: carried through unchanged",
    "primary_therapy": "no input: carried through unchanged",
    "patient.middle_initial": "the patient dialog's: carried through unchanged",
    "patient.phone": "the patient dialog's: carried through unchanged",
    "patient.account_number": "the patient dialog's: carried through unchanged",
}

# Every table field set, none to its default: so a value read back can only come from
# the input that showed it.
FULL_HEADER: dict[str, Any] = {
    **copy.deepcopy(COMPLETE_HEADER),
    "payer_profile": "administration-days",
    "place_of_service": "11",
    "billing_period": {"from": "2026-03-01", "to": "2026-03-31"},
}


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def test_the_table_covers_every_plain_header_field_of_an_order_file() -> None:
    accepted = accepted_fields()
    leaves = {f for f in accepted if not any(other.startswith(f"{f}.") for other in accepted)}
    expected = {
        f
        for f in leaves
        if not any(f == skip or f.startswith((f"{skip}.", f"{skip}[")) for skip in NOT_IN_TABLE)
    }
    tables = [f.where for f in HEADER_FIELDS] + [f"insured.{f.where}" for f in INSURED_FIELDS]
    assert sorted(tables) == sorted(expected)
    for table in (HEADER_FIELDS, INSURED_FIELDS):
        assert len({field.name for field in table}) == len(table)  # one input each


def test_every_table_field_round_trips_through_the_header(qtbot: Any) -> None:
    header = OrderHeader()
    qtbot.addWidget(header)
    shown = {
        **FULL_HEADER,
        "patient": {**FULL_HEADER["patient"], "middle_initial": "Q", "account_number": "A-7"},
    }
    header.set_values(copy.deepcopy(shown))
    read = header.values()
    for field in HEADER_FIELDS:
        expected = _at(shown, field.path)
        assert expected not in (None, "", field.default), field.where  # the test sets each one
        assert field.read(header.inputs[field.name]) == expected, field.where  # shown in its input
        assert _at(read, field.path) == expected, field.where  # and read back to its place
    for key in ("patient", "prescriber", "billing_period", "prior_authorization", "payer_profile"):
        assert read[key] == shown[key], key  # nothing added, nothing lost (the middle initial kept)
    assert read["place_of_service"] == "11"


def test_every_insured_field_round_trips_through_the_insurance_box(qtbot: Any) -> None:
    box = InsuranceBox()
    qtbot.addWidget(box)
    insured = {
        "relationship": "spouse",
        "group_number": "G-778",
        "plan_name": "Acme Gold",
        "last_name": "Doe",
        "first_name": "John",
        "middle_initial": "Q",
        "dob": "1958-05-06",
        "sex": "M",
        "phone": "512-555-0100",
        "address": {"street": "1 Main St", "city": "Austin", "state": "TX", "zip": "78701"},
    }
    box.set_values({**copy.deepcopy(insured), "employer": "kept as it came"})
    for field in INSURED_FIELDS:
        expected = _at(insured, field.path)
        assert expected not in (None, "", field.default), field.where
        assert field.read(box.inputs[field.name]) == expected, field.where
    assert box.values() == {**insured, "employer": "kept as it came"}
    choose_self = box.relationship.findData("self")
    box.relationship.setCurrentIndex(choose_self)  # the patient is the insured: the form copies
    assert box.values() == {  # the patient's boxes, so the insured's own are not written
        "relationship": "self",
        "group_number": "G-778",
        "plan_name": "Acme Gold",
        "employer": "kept as it came",
    }


def test_an_empty_header_reads_as_the_format_defaults(qtbot: Any) -> None:
    header = OrderHeader()
    qtbot.addWidget(header)
    header.set_values({"patient": {"last_name": "Doe"}, "billing_period": {"from": "2026-03-01"}})
    header.set_values({})
    # order-format.md: payer_profile is required ("nhia" the editor's default) and
    # place_of_service defaults to 12 (home); empty inputs write no keys.
    assert header.values() == {"payer_profile": "nhia", "place_of_service": "12"}


def test_the_sex_choices_are_the_vocabulary(qtbot: Any) -> None:
    header = OrderHeader()
    qtbot.addWidget(header)
    assert tuple(header.sex.itemData(i) for i in range(header.sex.count())) == SEXES


def test_undo_brings_the_payer_id_back_and_the_order_never_holds_one(
    qtbot: Any, screen: OrderScreen, practice: Any
) -> None:
    header = screen.editor.header
    choose(qtbot, header.payer, "Acme")
    type_into(qtbot, header.last_name, "Doe")  # another field: the next choice is its own step
    choose(qtbot, header.payer, "Pecan")
    assert screen.editor.ids.payer_id == payer_id(practice, PECAN)
    top_level = {f for f in accepted_fields() if "." not in f and "[" not in f}
    assert set(screen.editor.state) <= top_level  # only order-v1 keys: no ids in the order
    screen.editor.undo_stack.undo()
    assert screen.editor.ids.payer_id == payer_id(practice, ACME)
    assert header.payer.value() == payer_id(practice, ACME)
    screen.editor.undo_stack.redo()
    assert screen.editor.ids.payer_id == payer_id(practice, PECAN)


def test_a_draft_keeps_the_ids_beside_the_order(qtbot: Any, screen: OrderScreen, practice: Any) -> None:
    choose(qtbot, screen.editor.header.payer, "Pecan")
    type_into(qtbot, screen.editor.header.last_name, "Doe")
    screen.save_draft()
    draft = practice.drafts.load()
    assert "_ui" not in draft["order"] and draft["ids"] == {"payer_id": payer_id(practice, PECAN)}
    again = OrderScreen(practice)
    qtbot.addWidget(again)
    assert again.restore_draft()
    assert again.editor.ids.payer_id == payer_id(practice, PECAN)
    assert again.editor.header.last_name.value() == "Doe"
    again.stop()


def test_a_draft_kept_by_the_version_before_still_restores(qtbot: Any, practice: Any) -> None:
    """Unsaved work survives the upgrade: older drafts held the ids in the order, under
    ``_ui``; the order comes back without them and the ids beside it."""
    stored = practice.orders.save(practice.orders.parse(order([therapy()], complete=True))).id
    practice.drafts.save(
        {
            **order([therapy()], complete=True),
            "_ui": {"order_id": stored, "payer_id": payer_id(practice, ACME)},
        }
    )
    screen = OrderScreen(practice)
    qtbot.addWidget(screen)
    assert screen.restore_draft()
    assert screen.order_id == stored
    assert screen.editor.ids.payer_id == payer_id(practice, ACME)
    assert "_ui" not in screen.editor.state
    assert screen.editor.header.last_name.value() == COMPLETE_HEADER["patient"]["last_name"]
    screen.stop()


def test_each_input_is_declared_on_the_header_with_its_tables_class(qtbot: Any) -> None:
    """The inputs are read as typed attributes (``header.profile``): each row's input is
    declared on the class with its class, so the type checker's view is the table's."""
    header = OrderHeader()
    qtbot.addWidget(header)
    assert undeclared_inputs(header, HEADER_FIELDS) == []
    assert set(inspect.get_annotations(OrderHeader)) == {field.name for field in HEADER_FIELDS}
