"""Claims › Export electronic claims (837P): chosen claims or every printed one into one
valid file, written in the background with progress, recorded as Submitted (837P);
problems listed before anything is written; the clearinghouse dialog saves settings."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMessageBox

from infusiondesk.services import electronic
from infusiondesk.ui.claims import export_837
from infusiondesk.ui.claims.view import ClaimsView
from tests.helpers import order, therapy
from tests.x12_helpers import SETTINGS, segments, validate

DRUG = {"hcpcs": "J0690", "ndc": "0143-9924-90", "dose": 2000, "ndc_unit": "UN", "ndc_quantity_per_dose": 1}


def _printed_claim(practice: Any, n: int) -> int:
    data = order(
        [therapy(frequency="q8h", start=f"2026-03-{n:02d}", stop="2026-03-14", drugs=[DRUG])], complete=True
    )
    order_id = practice.orders.save(practice.orders.parse(data)).id
    return practice.claims.record_printed(order_id, practice.claims.compute(order_id)).id


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    return shown


def test_every_printed_claim_listed_goes_into_one_valid_file(
    view: ClaimsView, practice: Any, tmp_path: Any, messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    electronic.save_clearinghouse_settings(practice.store, SETTINGS)
    ids = [_printed_claim(practice, n) for n in (1, 2, 3)]
    view.refresh()
    target = tmp_path / "batch.x12"
    monkeypatch.setattr(export_837, "_choose_file", lambda _parent: str(target))
    progress: list[tuple[int, int]] = []
    monkeypatch.setattr(practice.electronic, "render", _spy(electronic.render_export, progress))
    view.export_837()  # nothing chosen: every printed claim listed
    data = target.read_bytes()
    assert validate(data) == []
    assert [seg[0] for seg in segments(data)].count("ST") == 3
    assert progress[-1] == (3, 3)
    assert {practice.claims.get(i).status for i in ids} == {"submitted"}
    assert all(electronic.submitted_by_837(practice.store, i) for i in ids)
    assert "3 claim(s) written to batch.x12" in messages[-1] and "Submitted (837P)" in messages[-1]
    assert view.model.rowCount() == 3 and {view.model.row_at(r).status for r in range(3)} == {"submitted"}
    shown = {view.model.index(r, view.model.STATUS).data() for r in range(3)}
    assert shown == {"Submitted (837P)"}  # issue 15: exported claims read "Submitted (837P)"
    practice.claims.set_status(ids[0], "paid", "")
    by_hand = _printed_claim(practice, 4)
    practice.claims.set_status(by_hand, "submitted", "")  # mailed on paper: plain "Submitted"
    view.refresh()
    status = {view.model.row_at(r).id: view.model.index(r, view.model.STATUS).data() for r in range(4)}
    exported = "Submitted (837P)"
    assert status == {ids[0]: "Paid", ids[1]: exported, ids[2]: exported, by_hand: "Submitted"}


def _spy(render: Any, seen: list[tuple[int, int]]) -> Any:
    def spied(plan: Any, progress: Any = None, cancel: Any = None) -> bytes:
        def report(done: int, total: int) -> None:
            seen.append((done, total))
            if progress is not None:
                progress(done, total)

        return render(plan, report, cancel)

    return spied


def test_one_chosen_claim_is_exported_alone(
    view: ClaimsView, practice: Any, tmp_path: Any, messages: list[str]
) -> None:
    electronic.save_clearinghouse_settings(practice.store, SETTINGS)
    first, second = _printed_claim(practice, 1), _printed_claim(practice, 2)
    view.refresh()
    row = next(r for r in range(view.model.rowCount()) if view.model.row_at(r).id == second)
    view.table.selectionModel().select(
        view.proxy.mapFromSource(view.model.index(row, 0)),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    session = export_837.ExportSession(view, practice, [view.model.row_at(row)])
    assert session.start(str(tmp_path / "one.x12"))
    assert validate((tmp_path / "one.x12").read_bytes()) == []
    assert practice.claims.get(second).status == "submitted"
    assert practice.claims.get(first).status == "printed"


def test_problems_are_listed_and_nothing_is_written(
    view: ClaimsView, practice: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    electronic.save_clearinghouse_settings(practice.store, SETTINGS)
    data = order([therapy(start="2026-03-01", stop="2026-03-05")], complete=True)
    data["patient"]["member_id"] = ""
    order_id = practice.orders.save(practice.orders.parse(data)).id
    claim_id = practice.claims.record_printed(order_id, practice.claims.compute(order_id)).id
    listed: list[str] = []
    monkeypatch.setattr(export_837.ProblemsDialog, "exec", lambda self: listed.append(self.windowTitle()))
    texts: list[str] = []
    real = export_837.problems_text
    monkeypatch.setattr(export_837, "problems_text", lambda p, n: texts.append(real(p, n)) or texts[-1])
    session = export_837.ExportSession(view, practice, [practice.claims.get(claim_id)])
    assert not session.start(str(tmp_path / "x.x12"))
    assert listed == ["837P not written"]
    assert f"Claim {claim_id}: patient.member_id:" in texts[0]
    assert not (tmp_path / "x.x12").exists()
    assert practice.claims.get(claim_id).status == "printed"


def test_unset_clearinghouse_opens_its_settings(
    view: ClaimsView, practice: Any, tmp_path: Any, messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    claim_id = _printed_claim(practice, 1)

    def fill(dialog: export_837.ClearinghouseDialog) -> int:
        for name, value in SETTINGS.as_dict().items():
            dialog.fields[name].set_value(value)
        return 1

    monkeypatch.setattr(export_837.ClearinghouseDialog, "exec", fill)
    session = export_837.ExportSession(view, practice, [practice.claims.get(claim_id)])
    assert session.start(str(tmp_path / "first.x12"))
    assert "clearinghouse" in messages[0]
    assert electronic.clearinghouse_settings(practice.store) == SETTINGS
    assert validate((tmp_path / "first.x12").read_bytes()) == []


def test_the_file_menu_offers_the_export(window: Any) -> None:
    action = window.menu_actions["export_837"]
    assert "837P" in action.text() and action.isEnabled()
