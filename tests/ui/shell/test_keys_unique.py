"""Every mnemonic (Alt+letter) and shortcut is unique on every screen: a key that means
two things does one of them at random, or nothing (Qt then cycles the focus)."""

from __future__ import annotations

from typing import Any

from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import ORDER
from infusiondesk.ui.shell.shortcuts_help import clashes, menu_clashes, mnemonic, screen_keys, shown_keys


def test_the_check_reads_mnemonics_as_qt_does() -> None:
    assert mnemonic("Pa&yer") == "Alt+Y"
    assert mnemonic("Find &patient") == "Alt+P"
    assert mnemonic("Fish && chips") is None
    assert clashes([("Alt+P", "Find patient"), ("Alt+P", "Payer"), ("Alt+S", "Save")]) == {
        "Alt+P": ["Find patient", "Payer"]
    }


def _fill_order_screen(window: MainWindow) -> None:
    """Every kind of row the order editor grows, so their keys are counted too."""
    editor = window.screens[ORDER].editor
    box = editor.therapies.add_box(focus=False)
    box.drugs.add_row()
    for rows in (editor.visits, editor.supplies, editor.header.diagnoses):
        if hasattr(rows, "add_row"):
            rows.add_row()


def test_no_key_means_two_things_on_any_screen(qtbot: Any, window: MainWindow) -> None:
    found = {}
    for index, screen in sorted(window.screens.items()):
        window.show_screen(index)
        if index == ORDER:
            _fill_order_screen(window)
        qtbot.wait(1)
        keys = screen_keys(window, screen)
        assert len(keys) > 10, keys  # the menus' at least: the walk really read them
        if clash := clashes(keys):
            found[type(screen).__name__] = clash
        if index == ORDER:
            assert ("Ctrl+F", "Find patient for this order") in keys
    assert found == {}
    assert menu_clashes(window) == {}


def test_no_key_means_two_things_in_setup_or_a_dialog(qtbot: Any, practice: Any, settings: Any) -> None:
    from infusiondesk import services
    from infusiondesk.rules.profile import PayerProfile
    from infusiondesk.ui.claims.dialogs import CorrectionDialog, SnapshotDialog, StatusDialog
    from infusiondesk.ui.patients.dialog import PatientDialog, PatientPicker
    from infusiondesk.ui.printing.preview import PrintPreviewDialog
    from infusiondesk.ui.setup.dialogs import TABS, SetupDialog
    from infusiondesk.ui.setup.profile_editor import ProfileEditor
    from infusiondesk.ui.shell.restore import RestoreDialog
    from tests.test_store_support import small_order_file

    found = {}
    setup = SetupDialog(practice, settings)
    qtbot.addWidget(setup)
    setup.show()
    for tab in TABS:
        setup.tabs.setCurrentWidget(setup.pages[tab])
        if tab == "practice":  # the walk reads labels with buddies and buttons
            assert {("Alt+I", "NPI (box 33a)"), ("Alt+S", "Save practice")} <= set(shown_keys(setup, setup))
        if clash := clashes(shown_keys(setup, setup)):
            found[f"Setup › {tab}"] = clash
    profile = next(iter(practice.setup.profiles().values()))
    assert isinstance(profile, PayerProfile)
    order_id = practice.orders.save(practice.orders.parse(small_order_file(1))).id
    record = services.record_printed_claim(practice.store, order_id).record
    dialogs = (
        PatientDialog(practice, None),
        PatientPicker(practice),
        ProfileEditor(profile),
        PrintPreviewDialog(None, practice.printing.alignment(0, 0), "alignment", "red-form"),
        RestoreDialog([]),
        SnapshotDialog(record),
        CorrectionDialog(record),
        StatusDialog(record, ["submitted"]),
    )
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        if clash := clashes(shown_keys(dialog, dialog)):
            found[type(dialog).__name__] = clash
    assert found == {}
