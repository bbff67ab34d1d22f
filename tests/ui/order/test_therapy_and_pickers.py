"""The therapy box and the pickers as a keyboard user meets them: arrowing through the
therapies never leaves the previous one's frequency; a drug or supply is found by its
code or by words of its name, and the field then shows code and name; the live claim
follows a charge changed in Setup."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from infusiondesk.ui.order.screen import OrderScreen
from infusiondesk.ui.setup.dialogs import SetupDialog
from infusiondesk.ui.shell import commands
from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import ORDER
from tests.test_store_support import small_order_file
from tests.ui.support import type_into


def _arrow_to(qtbot: Any, combo: Any, label_start: str) -> None:
    """Down-arrow through the closed list until ``label_start`` (every step is a choice)."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(label_start):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(label_start)


def test_arrowing_through_therapies_leaves_no_stale_frequency(qtbot: Any, screen: OrderScreen) -> None:
    box = screen.editor.therapies.boxes[0]
    _arrow_to(qtbot, box.therapy, "Continuous anticoagulant")  # a continuous-only therapy
    assert box.frequency.value() == "continuous"
    assert screen.editor.state["therapies"][0]["frequency"] == "continuous"  # in the order too
    qtbot.keyClick(box.therapy, Qt.Key.Key_Down)  # on to "Anticoagulant injections"
    assert box.therapy.currentText().startswith("Anticoagulant injections")
    assert box.frequency.value() is None
    assert "frequency" not in screen.editor.state["therapies"][0]
    # a frequency the biller typed is theirs: choosing another therapy keeps it
    type_into(qtbot, box.frequency, "q12h")
    _arrow_to(qtbot, box.therapy, "Continuous anticoagulant")
    assert box.frequency.value() == "q12h"


@pytest.mark.parametrize("typed", ["J1569", "j1569", "gammagard liquid", "Gammagard Liquid"])
def test_a_drug_is_found_by_code_or_name_and_shown_with_both(
    qtbot: Any, screen: OrderScreen, typed: str
) -> None:
    drug = screen.editor.therapies.boxes[0].drugs.row(0)["hcpcs"]
    type_into(qtbot, drug, typed)
    assert drug.value() == "J1569"
    # the catalogue's name and billing unit (resources/drugs.csv: J1569, 500 mg)
    assert drug.currentText() == "J1569 immune globulin (Gammagard Liquid) 500 mg"


def test_a_name_that_fits_several_or_none_changes_nothing_and_shows_the_choice(
    qtbot: Any, screen: OrderScreen
) -> None:
    drug = screen.editor.therapies.boxes[0].drugs.row(0)["hcpcs"]
    type_into(qtbot, drug, "J1569")
    for typed in ("immune globulin", "no such drug"):  # several IVIG products; none
        drug.setFocus()
        drug.lineEdit().selectAll()
        type_into(qtbot, drug, typed)
        assert drug.value() == "J1569"
        assert drug.currentText().startswith("J1569 immune globulin")  # never stale text


def test_a_supply_is_found_by_name(qtbot: Any, screen: OrderScreen) -> None:
    supply = screen.editor.supplies.row(0)["hcpcs"]
    type_into(qtbot, supply, "non-insulin inf cath")
    assert supply.value() == "A4221"
    assert supply.currentText().startswith("A4221 ")


def test_the_live_claim_follows_a_charge_changed_in_setup(
    qtbot: Any, window: MainWindow, practice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = {k: v for k, v in small_order_file(5).items() if k != "charges"}  # priced by the master
    order_id = practice.orders.save(practice.orders.parse(data)).id
    screen = window.screens[ORDER]
    screen.open_order(order_id)
    per_diem = next(line for line in screen.panel.claim.lines if line.code.startswith("S95"))
    before = per_diem.charge
    wanted = Decimal("201.00")
    assert before != wanted

    def set_in_setup(dialog: SetupDialog) -> int:
        tab = dialog.pages["charges"]
        tab.code.set_value(per_diem.code)
        tab.amount.set_value(str(wanted))
        tab.save()
        assert "201.00" in tab.note.text()  # Setup says it saved
        return 1

    monkeypatch.setattr(SetupDialog, "exec", set_in_setup)
    commands.open_setup(window, "charges")
    qtbot.waitUntil(
        lambda: next(line for line in screen.panel.claim.lines if line.code == per_diem.code).charge == wanted
    )
