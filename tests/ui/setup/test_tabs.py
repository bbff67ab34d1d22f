"""Setup's tabs: a payer with its profile, a profile copy, charges and printer offsets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from infusiondesk.rules.profile import SETTING_NAMES
from infusiondesk.ui.setup.charges import ChargesTab
from infusiondesk.ui.setup.dialogs import PrinterTab
from infusiondesk.ui.setup.payers import PayersTab, ProfilesTab
from infusiondesk.ui.setup.profile_editor import ProfileEditor
from tests.ui.support import type_into


def test_a_payer_is_set_up_with_its_profile_and_prior_auth(qtbot: Any, practice: Any, open_tab: Any) -> None:
    tab = open_tab(PayersTab)
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
    qtbot: Any, practice: Any, monkeypatch: pytest.MonkeyPatch, open_tab: Any
) -> None:
    tab = open_tab(ProfilesTab)
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


def test_charges_and_printer_offsets(qtbot: Any, practice: Any, settings: Any, open_tab: Any) -> None:
    charges = open_tab(ChargesTab)
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
