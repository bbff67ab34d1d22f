"""Setup catches a mistake where it is typed, with the claim edits' own rules, says
when it saved, and a correction there reaches every claim not yet printed, while a
printed claim keeps the snapshot that went to the payer."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from infusiondesk.rules.order import Prescriber
from infusiondesk.ui.setup.dialogs import PracticeTab, PrescribersTab
from infusiondesk.ui.setup.payers import PayersTab
from infusiondesk.ui.signals import SETUP_CHANGED
from tests.test_store_support import small_order_file
from tests.ui.support import ACME, PRACTICE, SMITH, type_into

# CMS's worked example of an NPI with a valid check digit ("NPI Check Digit",
# CMS): 123456789 + check digit 3. One digit changed fails the check.
VALID_NPI = "1234567893"
MISTYPED_NPI = "1234567894"
SECOND_VALID_NPI = "1245319599"  # the test practice's NPI, valid (tests/ui/support.py)


def retype(qtbot: Any, field: Any, text: str) -> None:
    field.setFocus()
    field.selectAll()
    type_into(qtbot, field, text)


def test_a_mistyped_practice_npi_is_caught_at_the_field_and_not_saved(
    qtbot: Any, practice: Any, open_tab: Any
) -> None:
    tab = open_tab(PracticeTab)
    assert tab.npi.property("problem") in (None, "")  # the practice as set up is valid
    retype(qtbot, tab.npi, MISTYPED_NPI)
    # the claim edit's own words, at the field, while typing
    assert tab.npi.property("problem") == "error"
    assert "fails the NPI check digit" in tab.npi.toolTip()
    retype(qtbot, tab.ein, "12-345")
    assert tab.ein.property("problem") == "error" and "9 digits" in tab.ein.toolTip()
    assert tab.save() is False
    assert "NPI" in tab.note.text() and "not saved" in tab.note.text()
    assert practice.setup.practice() == PRACTICE  # nothing written
    retype(qtbot, tab.ein, "12-3456789")
    retype(qtbot, tab.npi, VALID_NPI)
    assert tab.npi.property("problem") == ""
    assert tab.save() is True
    assert "saved" in tab.note.text().lower()
    assert practice.setup.practice() == replace(PRACTICE, npi=VALID_NPI)


def test_a_practice_needs_its_name(qtbot: Any, practice: Any, open_tab: Any) -> None:
    tab = open_tab(PracticeTab)
    retype(qtbot, tab.name, "")
    tab.name.clear()
    assert tab.save() is False
    assert tab.name.property("problem") == "error"
    assert practice.setup.practice() == PRACTICE


def test_a_prescriber_is_checked_saved_and_corrected_in_place(
    qtbot: Any, practice: Any, open_tab: Any
) -> None:
    tab = open_tab(PrescribersTab)
    before = len(practice.setup.prescribers())
    type_into(qtbot, tab.last, "Jones")
    type_into(qtbot, tab.first, "Lee")
    type_into(qtbot, tab.npi, MISTYPED_NPI)
    assert tab.npi.property("problem") == "error"
    assert tab.add() is False and len(practice.setup.prescribers()) == before
    retype(qtbot, tab.npi, VALID_NPI)
    assert tab.add() is True
    assert "Saved Lee Jones" in tab.note.text()
    assert Prescriber("Jones", "Lee", VALID_NPI) in [p for _id, p in practice.setup.prescribers()]
    # pick Jones in the list and correct the first name: the same row, not a second one
    row = next(i for i, (_id, p) in enumerate(tab.model.rows()) if p.last_name == "Jones")
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    retype(qtbot, tab.first, "Leigh")
    assert tab.add() is True
    names = [(p.last_name, p.first_name) for _id, p in practice.setup.prescribers()]
    assert ("Jones", "Leigh") in names and ("Jones", "Lee") not in names
    assert len(names) == before + 1


def test_a_payer_without_a_name_is_refused_at_the_field(qtbot: Any, practice: Any, open_tab: Any) -> None:
    tab = open_tab(PayersTab)
    tab._new()
    type_into(qtbot, tab.code, "99999")
    assert tab.save() is False
    assert tab.name.property("problem") == "error" and "name is missing" in tab.note.text()
    type_into(qtbot, tab.name, "Bluebonnet Health")
    assert tab.save() is True and "Saved Bluebonnet Health" in tab.note.text()
    assert "Bluebonnet Health" in [r.payer.name for r in practice.setup.payers()]


def _practice_order(practice: Any, n: int) -> int:
    """An order billed by the practice, for a payer and a prescriber of Setup."""
    order = practice.orders.parse(
        {
            **small_order_file(n),
            "provider": _provider_data(practice.setup.practice()),
            "payer": _provider_data(ACME),
            "prescriber": _provider_data(SMITH),
        }
    )
    return practice.orders.save(order).id


def _provider_data(provider: Any) -> dict[str, Any]:
    from infusiondesk.ui.widgets.values import value_dict

    return value_dict(provider) or {}


def test_correcting_the_practice_npi_fixes_unprinted_claims_and_keeps_printed_snapshots(
    qtbot: Any, practice: Any, window: Any, open_tab: Any
) -> None:
    from infusiondesk import services
    from infusiondesk.ui.shell.screen_names import ORDER

    printed, unprinted = _practice_order(practice, 1), _practice_order(practice, 2)
    record = services.record_printed_claim(practice.store, printed).record
    assert record.order["provider"]["npi"] == PRACTICE.npi
    order_screen = window.screens[ORDER]
    order_screen.open_order(unprinted)  # open in the editor while Setup is corrected
    providers_before = practice.store.db.execute("SELECT count(*) FROM providers").fetchone()[0]

    tab = open_tab(PracticeTab)
    retype(qtbot, tab.npi, VALID_NPI)
    assert tab.save() is True
    # the payer's ID and the prescriber's NPI corrected in their tabs too
    payers = open_tab(PayersTab)
    row = next(i for i, r in enumerate(payers.model.rows()) if r.payer == ACME)
    payers.table.setCurrentIndex(payers.model.index(row, 0))
    retype(qtbot, payers.code, "54321")
    assert payers.save() is True
    prescribers = open_tab(PrescribersTab)
    row = next(i for i, (_id, p) in enumerate(prescribers.model.rows()) if p == SMITH)
    prescribers.table.setCurrentIndex(prescribers.model.index(row, 0))
    retype(qtbot, prescribers.npi, SECOND_VALID_NPI)
    assert prescribers.add() is True
    window.signals.announce(SETUP_CHANGED)  # what closing Setup does

    def corrected(order: Any) -> bool:
        return (order.provider.npi, order.payer.payer_id, order.prescriber.npi) == (
            VALID_NPI,
            "54321",
            SECOND_VALID_NPI,
        )

    # every claim not yet printed: the stored orders resolve the corrected Setup
    for order_id in (printed, unprinted):
        assert corrected(practice.orders.load(order_id))
        assert corrected(practice.claims.compute(order_id).order)
    # the open order's live claim shows it without reopening, and saving it adds no stale row
    qtbot.waitUntil(lambda: order_screen.order is not None and corrected(order_screen.order))
    order_screen.save()
    assert corrected(practice.orders.load(unprinted))
    count = practice.store.db.execute("SELECT count(*) FROM providers").fetchone()[0]
    assert count == providers_before
    # the printed claim is the snapshot that went to the payer
    kept = services.get_claim(practice.store, record.id).order
    assert (kept["provider"]["npi"], kept["payer"]["payer_id"], kept["prescriber"]["npi"]) == (
        PRACTICE.npi,
        ACME.payer_id,
        SMITH.npi,
    )
