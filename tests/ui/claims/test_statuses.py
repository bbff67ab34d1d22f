"""The Claims screen: a claim moves through its statuses, and a correction cites the original."""

from __future__ import annotations

from typing import Any

import pytest

from infusiondesk.ui.claims.dialogs import StatusDialog
from infusiondesk.ui.claims.view import ClaimsView
from infusiondesk.ui.signals import AppSignals
from tests.helpers import order, therapy


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
