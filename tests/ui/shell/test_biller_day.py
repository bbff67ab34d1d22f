"""A biller's day in the real main window: orders are started, opened, typed and saved
by keyboard through the menus' shortcuts, and what the store then holds is checked.

Each scenario replays a workflow that lost or mixed an order before issue 9: a new
order started after another was open was saved as "version 2" of the old one.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from infusiondesk.store import orders as orders_module
from infusiondesk.ui.order.versions import OrderVersionsDialog
from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import ORDER, ORDERS, PATIENTS
from infusiondesk.ui.signals import ORDERS_CHANGED
from tests.ui.support import choose, type_into, units

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes record their text (and answer Discard/Yes) instead of waiting."""
    seen: list[str] = []

    def question(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        seen.append(text)
        buttons = args[0] if args else QMessageBox.StandardButton.Yes
        discard = QMessageBox.StandardButton.Discard
        return discard if buttons & discard else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.text()) or 0)
    return seen


def key(qtbot: Any, window: MainWindow, letter: Qt.Key) -> None:
    qtbot.keyClick(window, letter, CTRL)


def settle(qtbot: Any, window: MainWindow) -> None:
    screen = window.screens[ORDER]
    qtbot.waitUntil(lambda: not screen._compute_timer.isActive(), timeout=2000)


def type_patient(qtbot: Any, window: MainWindow, last: str, first: str, dob: str, member: str) -> None:
    header = window.screens[ORDER].editor.header
    type_into(qtbot, header.last_name, last)
    type_into(qtbot, header.first_name, first)
    type_into(qtbot, header.dob, dob)
    type_into(qtbot, header.member_id, member)
    type_into(qtbot, header.street, "12 Oak St")  # box 5: a paper claim needs it
    type_into(qtbot, header.city, "Austin")
    type_into(qtbot, header.state, "TX")
    type_into(qtbot, header.zip, "78701")
    choose(qtbot, header.payer, "Acme")
    choose(qtbot, header.prescriber, "Smith")
    type_into(qtbot, header.diagnoses.row(0)["code"].code, "A41.9")


def type_antibiotic(qtbot: Any, window: MainWindow, start: str, stop: str) -> None:
    box = window.screens[ORDER].editor.therapies.boxes[0]
    choose(qtbot, box.therapy, "Anti")
    box.frequency.lineEdit().clear()
    type_into(qtbot, box.frequency, "q8h")
    type_into(qtbot, box.start, start)
    type_into(qtbot, box.stop, stop)
    drug = box.drugs.row(0)
    type_into(qtbot, drug["hcpcs"], "J0690")
    type_into(qtbot, drug["ndc"], "0143-9924-90")
    type_into(qtbot, drug["dose"], "2000")
    type_into(qtbot, drug["ndc_quantity_per_dose"], "1")


def new_typed_order(qtbot: Any, window: MainWindow, last: str, first: str, dob: str, member: str) -> None:
    """Ctrl+N, the patient and an antibiotic typed in, Ctrl+S."""
    key(qtbot, window, Qt.Key.Key_N)
    assert window.current_screen() == ORDER
    type_patient(qtbot, window, last, first, dob, member)
    type_antibiotic(qtbot, window, "03/01/2026", "03/10/2026")
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_S)


def stored(window: MainWindow) -> dict[str, tuple[int, int]]:
    """Each stored order's patient: last name -> (order id, version)."""
    practice = window.practice
    assert practice is not None
    found: dict[str, tuple[int, int]] = {}
    for summary in practice.orders.list():
        patient = practice.orders.load(summary.id).patient
        assert patient is not None
        assert patient.last_name not in found, "two orders for one patient in this scenario"
        found[patient.last_name] = (summary.id, summary.version)
    return found


def test_a_new_order_after_a_saved_one_is_its_own_order(
    qtbot: Any, window: MainWindow, messages: list[str]
) -> None:
    new_typed_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    new_typed_order(qtbot, window, "Roe", "Rick", "5/6/1970", "XYZ222")
    orders = stored(window)
    assert set(orders) == {"Doe", "Roe"}
    assert orders["Doe"][1] == 1 and orders["Roe"][1] == 1  # neither is a version of the other
    assert not messages


def test_a_new_order_after_opening_one_is_its_own_order(
    qtbot: Any, window: MainWindow, messages: list[str]
) -> None:
    new_typed_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    doe = stored(window)["Doe"][0]
    # Orders (Ctrl+2), the order is selected with the arrows and opened with Enter.
    key(qtbot, window, Qt.Key.Key_2)
    orders = window.screens[ORDERS]
    orders.table.setFocus()
    orders.table.selectRow(0)
    qtbot.keyClick(orders.table, Qt.Key.Key_Return)
    assert window.current_screen() == ORDER
    assert window.screens[ORDER].order_id == doe
    new_typed_order(qtbot, window, "Poe", "Ed", "7/8/1980", "XYZ333")
    assert stored(window) == {"Doe": (doe, 1), "Poe": (doe + 1, 1)}
    assert window.practice.orders.load(doe).patient.first_name == "Jane"


def test_a_new_order_for_a_patient_after_opening_another_is_that_patients(
    qtbot: Any, window: MainWindow, messages: list[str]
) -> None:
    new_typed_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    new_typed_order(qtbot, window, "Roe", "Rick", "5/6/1970", "XYZ222")
    first = stored(window)
    # Roe's order is still open; Patients (Ctrl+1): find Doe, New order for patient.
    key(qtbot, window, Qt.Key.Key_1)
    patients = window.screens[PATIENTS]
    type_into(qtbot, patients.search, "Doe", leave=False)
    qtbot.keyClick(patients.search, Qt.Key.Key_Return)
    assert patients.selected_patient_id() is not None
    button = next(b for b in patients.findChildren(QPushButton) if b.text() == "New &order for patient")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_screen() == ORDER
    screen = window.screens[ORDER]
    assert screen.order_id is None
    assert screen.editor.header.last_name.value() == "Doe"
    type_antibiotic(qtbot, window, "04/01/2026", "04/07/2026")
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_S)
    practice = window.practice
    listed = {s.id: s for s in practice.orders.list()}
    assert len(listed) == 3
    assert listed[first["Roe"][0]].version == 1  # Roe's order untouched
    assert practice.orders.load(first["Roe"][0]).patient.last_name == "Roe"
    newest = max(listed)
    assert practice.orders.load(newest).patient.last_name == "Doe"
    assert listed[newest].patient_id == listed[first["Doe"][0]].patient_id  # the same person


def test_an_empty_order_cannot_be_saved(qtbot: Any, window: MainWindow, messages: list[str]) -> None:
    key(qtbot, window, Qt.Key.Key_N)
    key(qtbot, window, Qt.Key.Key_S)
    assert window.practice.orders.list() == []
    assert any("Nothing to save" in text for text in messages)


def test_an_order_saved_over_another_patients_can_be_restored(
    qtbot: Any, window: MainWindow, messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the old bug did to a practice's data is shown, and undone by the biller."""
    new_typed_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    doe = stored(window)["Doe"][0]
    with monkeypatch.context() as patched:  # the store as it was: any patient went
        patched.setattr(orders_module, "_same_patient", lambda _s, _o, _old, patient_id: patient_id)
        screen = window.screens[ORDER]
        screen.editor.change(
            {**screen.editor.state, "patient": {"last_name": "Roe", "first_name": "Rick"}},
            "x",
            screen.editor.ids,  # still Doe's order and patient: the old bug's mix-up
        )
        key(qtbot, window, Qt.Key.Key_S)
    assert stored(window) == {"Roe": (doe, 2)}  # Doe's order lost
    window.signals.announce(ORDERS_CHANGED)
    key(qtbot, window, Qt.Key.Key_2)
    view = window.screens[ORDERS]
    assert view.changed_patients.isVisibleTo(view) and str(doe) in view.changed_patients.text()
    view.table.selectRow(0)
    shown: list[list[str]] = []

    def choose_and_restore(dialog: OrderVersionsDialog) -> int:
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.restore_selected()  # the version before the change is preselected
        return dialog.result()

    monkeypatch.setattr(OrderVersionsDialog, "exec", choose_and_restore)
    button = next(b for b in view.findChildren(QPushButton) if b.text() == "Ve&rsions…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "Doe, Jane" in shown[0][0] and "patient changed" in shown[0][1]
    assert stored(window) == {"Roe": (doe, 2), "Doe": (doe + 1, 1)}
    assert view.model.rowCount() == 2


def test_a_visit_ending_before_it_starts_is_an_error_until_it_ends_the_next_day(
    qtbot: Any, window: MainWindow, messages: list[str]
) -> None:
    key(qtbot, window, Qt.Key.Key_N)
    type_patient(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    type_antibiotic(qtbot, window, "03/01/2026", "03/10/2026")
    visit = window.screens[ORDER].editor.visits.row(0)
    type_into(qtbot, visit["date"], "03/01/2026")
    type_into(qtbot, visit["start_time"], "22:00")
    type_into(qtbot, visit["end_time"], "01:00")
    settle(qtbot, window)
    panel = window.screens[ORDER].panel
    errors = [p for p in panel.problems_model.rows() if p.severity == "error"]
    assert [p.where for p in errors] == ["nursing_visits[0].end_time"] and not panel.ready
    assert "ends the next day" in errors[0].message
    assert visit["end_time"].toolTip()  # marked at the field
    visit["ends_next_day"].setFocus()
    qtbot.keyClick(visit["ends_next_day"], Qt.Key.Key_Space)  # tick "Ends next day"
    settle(qtbot, window)
    assert units(panel) == {"S9502": 10, "J0690": 120, "99601": 1, "99602": 1}  # 3 hours, not 21
    assert panel.ready


def test_a_name_too_long_for_its_box_is_red_at_the_field_and_shortening_prints_the_offer(
    qtbot: Any, window: MainWindow, messages: list[str], tmp_path: Any
) -> None:
    key(qtbot, window, Qt.Key.Key_N)
    type_patient(qtbot, window, "Doe", "J" + "a" * 99, "4/2/1961", "XYZ111")
    type_antibiotic(qtbot, window, "03/01/2026", "03/10/2026")
    settle(qtbot, window)
    screen = window.screens[ORDER]
    errors = [p for p in screen.panel.problems_model.rows() if p.severity == "error"]
    assert errors and all(p.where == "patient" for p in errors), errors
    assert not screen.panel.ready
    assert "box 2" in screen.editor.header.last_name.toolTip()  # marked at the name
    offered = errors[0].message.rsplit("print '", 1)[1].rstrip("'")
    assert offered == "DOE, J"
    claim = window.practice.orders.compute(screen.order)
    pdf = window.practice.printing.render([claim], "worksheet", allow_shorten=True)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = document.pages[0].extract_text()
    assert "DOE, J " in text + " " and "JAAAA" not in text


def test_an_order_imported_after_opening_another_is_its_own_order(
    qtbot: Any, window: MainWindow, messages: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    new_typed_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    doe = stored(window)["Doe"][0]
    practice = window.practice
    data = practice.orders.data(practice.orders.load(doe))
    data["patient"] = {**data["patient"], "last_name": "Roe", "first_name": "Rick", "dob": "1970-05-06"}
    data["patient"]["member_id"] = "XYZ222"
    path = tmp_path / "roe.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    key(qtbot, window, Qt.Key.Key_O)  # File › Import order file… while Doe's order is open
    assert window.screens[ORDER].order_id is None
    key(qtbot, window, Qt.Key.Key_S)
    assert stored(window) == {"Doe": (doe, 1), "Roe": (doe + 1, 1)}


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", b"\xff\xfe"), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-be", b"\xfe\xff")],
    ids=["notepad-unicode", "utf8-bom", "utf16-be"],
)
def test_an_order_saved_by_notepad_imports_like_any_other(
    qtbot: Any,
    window: MainWindow,
    messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
    encoding: str,
    bom: bytes,
) -> None:
    """Windows Notepad's "Unicode" and PowerShell write a byte-order mark: the window's
    File › Import reads them as the CLI does (one reader), and the order saves."""
    new_typed_order(qtbot, window, "Doe", "Jane", "4/2/1961", "XYZ111")
    practice = window.practice
    data = practice.orders.data(practice.orders.load(stored(window)["Doe"][0]))
    data["patient"] = {**data["patient"], "last_name": "Núñez", "first_name": "Zoë", "member_id": "XYZ333"}
    path = tmp_path / "notepad.json"
    path.write_bytes(bom + json.dumps(data, ensure_ascii=False).encode(encoding))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    key(qtbot, window, Qt.Key.Key_O)
    assert messages == []
    assert window.screens[ORDER].editor.header.last_name.text() == "Núñez"
    key(qtbot, window, Qt.Key.Key_S)
    assert set(stored(window)) == {"Doe", "Núñez"}


def test_a_pipe_offered_as_an_order_file_is_refused_at_once(
    qtbot: Any, window: MainWindow, messages: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """A FIFO (or a device) named as the file: refused without reading, never a hang."""
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = tmp_path / "order.json"
    os.mkfifo(fifo)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(fifo), ""))
    before = stored(window)
    key(qtbot, window, Qt.Key.Key_O)
    assert len(messages) == 1 and "order.json" in messages[0]
    assert stored(window) == before
