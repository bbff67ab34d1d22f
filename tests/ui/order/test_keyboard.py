"""Keyboard-only use: Tab follows the drawn order (also through rows and therapies
added later), Enter in a last row adds a row, Ctrl+number lands in the screen, and
Help › Keyboard shortcuts lists every key the menus answer to."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from infusiondesk.ui.order.screen import OrderScreen
from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import CLAIMS, ORDER, PATIENTS
from tests.ui.support import choose, type_into


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
        return widget.parent()  # an editable combo box's text part
    return widget


def tab_walk(qtbot: Any, start: QWidget, steps: int) -> list[QWidget]:
    """The widgets Tab visits from ``start`` (``start`` included)."""
    start.setFocus()
    seen = [focused()]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(focused())
    return seen


def names(widgets: list[QWidget]) -> list[str]:
    return [w.accessibleName() or getattr(w, "text", str)() or type(w).__name__ for w in widgets]


def test_tab_walks_the_header_as_it_is_drawn(qtbot: Any, screen: OrderScreen) -> None:
    header = screen.editor.header
    insurance = header.insurance
    choose(qtbot, insurance.relationship, "Spouse")  # the insured's fields join the walk
    expected = [
        *(header.last_name, header.first_name, header.dob, header.sex, header.member_id),
        *(header.street, header.city, header.state, header.zip),  # box 5 (issue 9)
        header.find_patient,
        *(header.payer, header.profile, header.prior_authorization),
        *(header.period_from, header.period_to, header.place),
        *(insurance.group_number, insurance.plan_name, insurance.relationship),
        *(insurance.last_name, insurance.first_name, insurance.middle_initial),
        *(insurance.dob, insurance.sex, insurance.street, insurance.city),
        *(insurance.state, insurance.zip, insurance.phone),
        *(header.prescriber, header.prescriber_last, header.prescriber_first, header.prescriber_npi),
        header.diagnoses.row(0)["code"].code,
        header.diagnoses.add_button,
        screen.editor.therapies.boxes[0].therapy,
    ]
    walked = tab_walk(qtbot, header.last_name, len(expected) - 1)
    assert walked == expected, names(walked)
    choose(qtbot, insurance.relationship, "Self")  # hidden fields are skipped
    walked = tab_walk(qtbot, insurance.relationship, 1)
    assert walked[1] is header.prescriber


def therapy_stops(box: Any) -> list[QWidget]:
    drug = box.drugs.row(0)
    # picker → frequency → dates → volume → method → drugs (issue 9); then holds, remove
    return [
        *(box.therapy, box.frequency, box.start, box.stop),
        *(box.volume, box.method, box.pointers),
        *(drug["hcpcs"], drug["ndc"], drug["dose"], drug["dose_unit"], drug["ndc_unit"]),
        *(drug["ndc_quantity_per_dose"], drug["wasted"], drug["wasted_ndc_quantity"], drug["compound"]),
        *(box.drugs.add_button, box.holds.add_button, box.remove_button),
    ]


def test_tab_walks_a_therapy_and_one_added_later(qtbot: Any, screen: OrderScreen) -> None:
    editor = screen.editor
    first = editor.therapies.boxes[0]
    expected = [*therapy_stops(first), editor.therapies.add_button, editor.visits.row(0)["date"]]
    walked = tab_walk(qtbot, first.therapy, len(expected) - 1)
    assert walked == expected, names(walked)

    qtbot.keyClick(first.therapy, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # add a therapy
    second = editor.therapies.boxes[1]
    assert focused() is second.therapy
    walked = tab_walk(qtbot, first.remove_button, 1)
    assert walked[1] is second.therapy, names(walked)  # not after the supplies, where Qt appends it
    stops = therapy_stops(second)
    walked = tab_walk(qtbot, second.therapy, len(stops) + 1)
    assert walked == [*stops, editor.therapies.add_button, editor.visits.row(0)["date"]], names(walked)


def test_enter_in_the_last_drug_or_supply_adds_a_row_in_the_tab_order(
    qtbot: Any, screen: OrderScreen
) -> None:
    box = screen.editor.therapies.boxes[0]
    type_into(qtbot, box.drugs.row(0)["dose"], "500", leave=False)
    qtbot.keyClick(box.drugs.row(0)["dose"], Qt.Key.Key_Return)
    assert box.drugs.row_count() == 2 and focused() is box.drugs.row(1)["hcpcs"]
    walked = tab_walk(qtbot, box.drugs.row(0)["compound"], 1)
    assert walked[1] is box.drugs.row(1)["hcpcs"]
    walked = tab_walk(qtbot, box.drugs.row(1)["compound"], 1)
    assert walked[1] is box.drugs.add_button

    supplies = screen.editor.supplies
    type_into(qtbot, supplies.row(0)["quantity"], "2", leave=False)
    qtbot.keyClick(supplies.row(0)["quantity"], Qt.Key.Key_Enter)
    assert supplies.row_count() == 2 and focused() is supplies.row(1)["hcpcs"]
    walked = tab_walk(qtbot, supplies.row(1)["lumens"], 1)
    assert walked[1] is supplies.add_button


def test_switching_screens_puts_the_keyboard_in_the_screen(qtbot: Any, window: MainWindow) -> None:
    order = window.screens[ORDER]
    window.show_screen(ORDER)
    type_into(qtbot, order.editor.header.first_name, "Ann", leave=False)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.screens[PATIENTS].search
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.screens[CLAIMS].table
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert focused() is order.editor.header.first_name  # back where the biller was
    window.show_screen(CLAIMS)
    claims = window.screens[CLAIMS]
    walked = tab_walk(qtbot, window.nav, 6)  # the filters above the list come first
    assert walked[1:] == [claims.status, claims.payer, claims.since, claims.until, claims.table, walked[6]]


def test_help_lists_every_menu_shortcut(qtbot: Any, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    qtbot.addWidget(dialog)
    listed = {(row.keys, row.what) for row in dialog.model.rows()}
    keyed = [a for a in window.menu_actions.values() if not a.shortcut().isEmpty()]
    assert len(keyed) >= 12
    for action in keyed:
        key = action.shortcut().toString()
        what = action.text().replace("&", "").rstrip("…")
        assert any(key in keys and what == text for keys, text in listed), (key, what)
    assert ("Ctrl+T", "Add a therapy") in listed
    assert any(keys == "Enter" and "add a row" in text for keys, text in listed)
