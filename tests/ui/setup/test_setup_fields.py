"""Setup's practice, payer and prescriber forms as field tables: each table covers every
field of the value its tab edits, and a complete value shown in the tab reads back equal
(through the order-v1 writer and reader) and saves unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from infusiondesk.rules.order import Payer, Prescriber, Provider
from infusiondesk.ui.setup.dialogs import PRACTICE_FIELDS, PRESCRIBER_FIELDS, PracticeTab, PrescribersTab
from infusiondesk.ui.setup.payers import PAYER_FIELDS, PayersTab
from tests.ui.records import complete, leaf_paths
from tests.ui.support import type_into, undeclared_inputs

# Each tab's table, the value it edits (its section in an order) and the value's fields
# it leaves to other inputs, with the reason: none today. (A payer's profile is the
# setup row's, not the Payer's: its own pick list, no field of Payer.)
TABLES = {
    "practice": (PRACTICE_FIELDS, Provider, "provider", {}),
    "payer": (PAYER_FIELDS, Payer, "payer", {}),
    "prescriber": (PRESCRIBER_FIELDS, Prescriber, "prescriber", {}),
}


@pytest.mark.parametrize("tab", TABLES)
def test_each_table_covers_every_field_of_its_value(tab: str) -> None:
    table, record_type, section, not_in_table = TABLES[tab]
    expected = leaf_paths(record_type, section) - set(not_in_table)
    assert sorted(f.where for f in table) == sorted(expected)
    assert len({f.name for f in table}) == len(table)  # one input each


def _shown_and_read(tab: Any, table: Any, record: Any) -> None:
    for field in table:  # each value in its own input
        assert field.read(tab.form.inputs[field.name]) not in (None, "", field.default), field.where
    assert tab.form.read() == record
    assert [p for p in tab.check() if p.severity == "error"] == []  # a complete value passes


def test_a_complete_practice_round_trips_through_its_tab(qtbot: Any, practice: Any, open_tab: Any) -> None:
    provider = complete(Provider)
    practice.setup.set_practice(provider)
    tab = open_tab(PracticeTab)
    _shown_and_read(tab, PRACTICE_FIELDS, provider)
    assert tab.provider() == provider
    assert tab.save() is True
    assert practice.setup.practice() == provider


def test_a_complete_payer_round_trips_through_its_tab(qtbot: Any, practice: Any, open_tab: Any) -> None:
    payer = complete(Payer)
    practice.setup.save_payer(payer, "per-date-lines")
    tab = open_tab(PayersTab)
    row = next(i for i, r in enumerate(tab.model.rows()) if r.payer == payer)
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    _shown_and_read(tab, PAYER_FIELDS, payer)
    assert tab.profile.value() == "per-date-lines"
    assert tab.save() is True
    assert [r.profile for r in practice.setup.payers() if r.payer == payer] == ["per-date-lines"]
    tab._new()  # a new payer starts empty, every input at its default
    assert tab.payer() == Payer("")


def test_a_complete_prescriber_round_trips_through_its_tab(qtbot: Any, practice: Any, open_tab: Any) -> None:
    prescriber = complete(Prescriber)
    prescriber_id = practice.setup.add_prescriber(prescriber)
    tab = open_tab(PrescribersTab)
    row = next(i for i, (row_id, _p) in enumerate(tab.model.rows()) if row_id == prescriber_id)
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    _shown_and_read(tab, PRESCRIBER_FIELDS, prescriber)
    assert tab.add() is True
    assert dict(practice.setup.prescribers())[prescriber_id] == prescriber


def test_a_name_no_claim_could_hold_is_outlined_and_not_saved(
    qtbot: Any, practice: Any, open_tab: Any
) -> None:
    """Read as an order file is (order-format.md: text fields hold at most 200
    characters), so the form refuses what a claim could not carry, at its field."""
    before = practice.setup.practice()
    tab = open_tab(PracticeTab)
    tab.name.clear()
    type_into(qtbot, tab.name, "N" * 201)
    assert tab.name.property("problem") == "error" and "200" in tab.name.toolTip()
    assert tab.save() is False and "Practice not saved" in tab.note.text()
    assert practice.setup.practice() == before


@pytest.mark.parametrize(
    ("tab_class", "table"),
    [(PracticeTab, PRACTICE_FIELDS), (PayersTab, PAYER_FIELDS), (PrescribersTab, PRESCRIBER_FIELDS)],
)
def test_each_input_is_declared_on_its_tab_with_its_tables_class(
    qtbot: Any, practice: Any, tab_class: Any, table: Any
) -> None:
    tab = tab_class(practice)
    qtbot.addWidget(tab)
    assert undeclared_inputs(tab, table) == []
