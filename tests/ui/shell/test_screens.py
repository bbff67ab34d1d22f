"""Patients, claims and setup screens: search as you type, status and corrections, setup."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from infusiondesk.rules.order import Patient
from infusiondesk.rules.profile import SETTING_NAMES
from infusiondesk.ui.claims.view import ClaimsView, StatusDialog
from infusiondesk.ui.patients.dialog import PatientDialog
from infusiondesk.ui.patients.view import PatientsView
from infusiondesk.ui.setup.charges import ChargesTab
from infusiondesk.ui.setup.dialogs import PrinterTab
from infusiondesk.ui.setup.payers import PayersTab, ProfilesTab
from infusiondesk.ui.setup.profile_editor import ProfileEditor
from infusiondesk.ui.signals import AppSignals
from tests.helpers import order, therapy
from tests.ui.support import type_into


@pytest.fixture
def signals(qapp: Any) -> AppSignals:
    return AppSignals()


def test_patients_are_found_as_you_type(qtbot: Any, practice: Any, signals: AppSignals) -> None:
    practice.patients.save(Patient("Doe", "Jane", date(1961, 4, 2), "F", "XYZ1"))
    practice.patients.save(Patient("Dodd", "Sam", date(1970, 1, 5), "M", "ABC2"))
    practice.patients.save(Patient("Smith", "Ann", date(1961, 4, 2), "F", "QRS3"))
    view = PatientsView(practice, signals)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 3 and "3 patients" in view.count.text()
    qtbot.keyClicks(view.search, "do")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=2000)
    view.search.clear()
    qtbot.keyClicks(view.search, "4/2/1961")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=2000)
    view.search.clear()
    qtbot.keyClicks(view.search, "xyz1")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert view.model.row_at(0).last_name == "Doe"


def test_a_new_patient_is_saved_from_the_dialog(qtbot: Any, practice: Any) -> None:
    dialog = PatientDialog(practice, None)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog.last, "Rivera")
    type_into(qtbot, dialog.first, "Luz")
    type_into(qtbot, dialog.dob, "13/45/1980")
    with pytest.raises(ValueError, match="not a date"):
        dialog.patient()
    dialog.dob.clear()
    type_into(qtbot, dialog.dob, "7/4/1980")
    type_into(qtbot, dialog.member_id, "mbr77")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    found = practice.patients.get(dialog.patient_id)
    assert (found.last_name, found.dob, found.member_id) == ("Rivera", date(1980, 7, 4), "MBR77")


def printed_claim(practice: Any) -> Any:
    data = order([therapy(frequency="q24h", start="2026-03-01", stop="2026-03-10")], complete=True)
    order_id = practice.orders.save(practice.orders.parse(data)).id
    return practice.claims.record_printed(order_id, practice.claims.compute(order_id))


def test_claims_move_through_their_statuses(
    qtbot: Any, practice: Any, signals: AppSignals, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = printed_claim(practice)
    view = ClaimsView(practice, signals)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 1
    view.table.selectRow(0)

    def submit(dialog: StatusDialog) -> int:
        dialog.status.set_value("submitted")
        dialog.payer_number.set_value("PCN-1")
        return 1

    monkeypatch.setattr(StatusDialog, "exec", submit)
    view.change_status()
    assert practice.claims.get(record.id).status == "submitted"
    assert view.model.row_at(0).payer_claim_number == "PCN-1"
    view.status.set_value("paid")
    view.status.edited.emit()
    assert view.model.rowCount() == 0
    view.status.set_value(None)
    view.since.set_value("2026-04-01")
    view.since.edited.emit()
    assert view.model.rowCount() == 0  # the claim's service ended in March


def test_a_corrected_claim_cites_the_original(
    qtbot: Any, practice: Any, signals: AppSignals, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infusiondesk.ui.claims.dialogs import CorrectionDialog

    record = printed_claim(practice)
    practice.claims.set_status(record.id, "submitted", "PCN-9")
    view = ClaimsView(practice, signals)
    qtbot.addWidget(view)
    view.table.selectRow(0)
    monkeypatch.setattr(CorrectionDialog, "exec", lambda dialog: 1)
    shown: list[Any] = []
    monkeypatch.setattr(ClaimsView, "print_correction", lambda view, new: shown.append(new))
    view.correct()
    claims = practice.claims.list()
    assert len(claims) == 2
    assert (claims[0].resubmission_code, claims[0].original_ref) == ("7", "PCN-9")
    assert shown[0].claim.order.resubmission.code == "7"  # what the preview prints


def test_a_payer_is_set_up_with_its_profile_and_prior_auth(qtbot: Any, practice: Any) -> None:
    tab = PayersTab(practice)
    qtbot.addWidget(tab)
    type_into(qtbot, tab.name, "Bluebell Care")
    type_into(qtbot, tab.code, "BB1")
    tab.profile.set_value("per-date-lines")
    tab.prior_auth.setChecked(True)
    tab.save()
    record = next(r for r in practice.setup.payers() if r.payer.name == "Bluebell Care")
    assert record.profile == "per-date-lines"
    assert record.payer.requires_prior_authorization
    assert tab.model.rowCount() == 3


def test_a_profile_copy_edits_every_setting(
    qtbot: Any, practice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ProfilesTab(practice)
    qtbot.addWidget(tab)
    shipped = practice.setup.profiles()["nhia"].with_changes(key="acme", label="Acme rules")
    editor = ProfileEditor(shipped)
    qtbot.addWidget(editor)
    assert set(editor.widgets) == set(SETTING_NAMES)
    editor.widgets["service_days"].set_value("administration")
    editor.widgets["daily_nursing_minutes_cap"].setValue(240)
    editor.widgets["ndc_separator"].set_value("   ")
    settings = editor.settings()
    monkeypatch.setattr(ProfileEditor, "exec", lambda dialog: 1)
    monkeypatch.setattr(ProfileEditor, "settings", lambda dialog: settings)
    tab._open_editor(shipped, based_on="nhia")
    saved = practice.setup.profiles()["acme"]
    assert saved.service_days == "administration"
    assert saved.daily_nursing_minutes_cap == 240
    assert saved.ndc_separator == "   "
    assert saved.max_span_days is None  # "no limit" stays no limit
    assert any(row[0] == "acme" and not row[2] for row in tab.model.rows())


def test_charges_and_printer_offsets(qtbot: Any, practice: Any, settings: Any) -> None:
    charges = ChargesTab(practice)
    qtbot.addWidget(charges)
    type_into(qtbot, charges.code, "s9501")
    type_into(qtbot, charges.amount, "1,170.50")
    charges.save()
    assert any(c.code == "S9501" and c.amount == Decimal("1170.50") for c in practice.setup.charges())
    printer = PrinterTab(practice, settings)
    qtbot.addWidget(printer)
    printer.offset_x.setValue(0.1)
    printer.offset_y.setValue(-0.05)
    assert settings.value("printer/offset_x", type=float) == pytest.approx(7.2)
    assert settings.value("printer/offset_y", type=float) == pytest.approx(-3.6)
    printer.alignment_page()
    assert printer.preview.page_count == 1
