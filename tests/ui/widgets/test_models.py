"""Qt models without widgets: raw values for sorting, formatting for display, lazy paging."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from infusiondesk.rules.dates import DateRange
from infusiondesk.services import CalendarTherapy
from infusiondesk.ui.order.service_calendar import CalendarModel
from infusiondesk.ui.widgets.list_models import PAGE, ChargesModel, PatientListModel
from infusiondesk.ui.widgets.models import (
    ROW_ROLE,
    SORT_ROLE,
    ClaimLinesModel,
    ExplainedLinesModel,
    ProblemsModel,
    SortProxy,
    line_detail,
)
from infusiondesk.ui.widgets.text import field_label, money, parse_date

DISPLAY = Qt.ItemDataRole.DisplayRole


def cell(model: Any, row: int, column: int, role: int = DISPLAY) -> Any:
    return model.data(model.index(row, column), role)


def test_claim_lines_sort_by_raw_values_and_display_formatted(qapp: Any, claim: Any) -> None:
    model = ClaimLinesModel(claim.lines)
    per_diem = next(i for i, line in enumerate(claim.lines) if line.code == "S9502")
    assert cell(model, per_diem, ClaimLinesModel.UNITS, SORT_ROLE) == 14
    assert cell(model, per_diem, ClaimLinesModel.UNITS) == "14"
    assert cell(model, per_diem, ClaimLinesModel.FROM, SORT_ROLE) == date(2026, 3, 1)
    assert cell(model, per_diem, ClaimLinesModel.FROM) == "03/01/2026"
    assert cell(model, per_diem, ClaimLinesModel.CHARGE, SORT_ROLE) == Decimal("185.00")
    assert cell(model, per_diem, ClaimLinesModel.TOTAL) == "$2,590.00"
    assert cell(model, per_diem, ClaimLinesModel.CODE, ROW_ROLE) is claim.lines[per_diem]
    drug = next(i for i, line in enumerate(claim.lines) if line.code == "J0690")
    assert cell(model, drug, ClaimLinesModel.NDC) == "N4 00143992490 UN42"
    assert model.headerData(ClaimLinesModel.UNITS, Qt.Orientation.Horizontal) == "Units"


def test_the_explained_view_puts_each_reason_under_its_line(qapp: Any, claim: Any) -> None:
    lines = ClaimLinesModel(claim.lines)
    shown = (ClaimLinesModel.CODE, ClaimLinesModel.UNITS)
    explained = ExplainedLinesModel(lines, shown, line_detail)
    assert explained.rowCount() == 2 * len(claim.lines)
    assert explained.columnCount() == 2
    assert cell(explained, 0, 0) == claim.lines[0].code
    assert cell(explained, 0, 1) == str(claim.lines[0].units)
    assert cell(explained, 1, 0) == claim.lines[0].explanation
    assert cell(explained, 1, 1) is None
    drug = next(i for i, line in enumerate(claim.lines) if line.ndc)
    assert cell(explained, 2 * drug + 1, 0).startswith("N4 00143992490 UN42")
    lines.set_rows(claim.lines[:1])
    assert explained.rowCount() == 2


def test_sorting_uses_numbers_not_text(qapp: Any) -> None:
    class Line:
        def __init__(self, units: int) -> None:
            self.code, self.modifiers, self.units = "S9500", (), units
            self.first = self.last = date(2026, 1, 1)
            self.charge = self.total_charge = self.ndc = None
            self.explanation = ""

    proxy = SortProxy()
    proxy.setSourceModel(ClaimLinesModel([Line(9), Line(10), Line(100)]))
    proxy.sort(ClaimLinesModel.UNITS, Qt.SortOrder.AscendingOrder)
    shown = [proxy.data(proxy.index(row, ClaimLinesModel.UNITS)) for row in range(3)]
    assert shown == ["9", "10", "100"]  # text order would give 10, 100, 9


def test_problems_name_the_field_in_words(qapp: Any) -> None:
    from infusiondesk.rules.problems import error, warning

    model = ProblemsModel([error("therapies[0].drugs[1].ndc", "bad NDC"), warning("diagnoses[1]", "check")])
    assert cell(model, 0, ProblemsModel.FIELD) == "Therapy 1 › drug 2 › NDC"
    assert cell(model, 0, ProblemsModel.FIELD, SORT_ROLE) == "therapies[0].drugs[1].ndc"
    assert cell(model, 1, ProblemsModel.FIELD) == "Diagnosis B"
    assert cell(model, 0, ProblemsModel.SEVERITY) == "Error"
    assert cell(model, 0, ProblemsModel.SEVERITY, Qt.ItemDataRole.ForegroundRole) is not None


def test_the_patient_list_loads_page_by_page(qapp: Any) -> None:
    from infusiondesk.store.patients import PatientMatch

    calls = []

    def fetch(offset: int, limit: int) -> list[PatientMatch]:
        calls.append((offset, limit))
        return [
            PatientMatch(i, f"Last{i:06d}", "First", None, f"M{i}")
            for i in range(offset, min(offset + limit, 1000))
        ]

    model = PatientListModel(fetch, lambda: 1000)
    model.show_all()
    assert model.rowCount() == PAGE and model.total == 1000
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE
    assert calls == [(0, PAGE), (PAGE, PAGE)]
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1000
    model.show_matches(fetch(5, 3))
    assert model.rowCount() == 3 and not model.canFetchMore()
    assert cell(model, 0, PatientListModel.LAST) == "Last000005"


def test_charges_show_the_payer_by_name(qapp: Any) -> None:
    from infusiondesk.store.charges import Charge

    model = ChargesModel({7: "Acme"})
    model.set_rows([Charge("S9502", Decimal("185"), None), Charge("S9502", Decimal("172"), 7)])
    assert cell(model, 0, ChargesModel.PAYER) == "every payer"
    assert cell(model, 1, ChargesModel.PAYER) == "Acme"
    assert cell(model, 1, ChargesModel.AMOUNT) == "$172.00"
    assert cell(model, 1, ChargesModel.AMOUNT, SORT_ROLE) == Decimal("172")


def test_the_calendar_model_marks_billed_dosing_and_hold_days() -> None:
    days = [date(2026, 3, d) for d in (1, 2, 5, 6)]
    given = [date(2026, 3, d) for d in (1, 5)]
    hold = DateRange(date(2026, 3, 3), date(2026, 3, 4))
    model = CalendarModel(
        [CalendarTherapy("Anti-infective", "S9494", tuple(days), tuple(given), (hold,))],
        [(date(2026, 3, 2), 155)],
    )
    assert model.day(date(2026, 3, 1)).billed == (0,)
    assert model.day(date(2026, 3, 1)).given == (0,)
    assert model.day(date(2026, 3, 2)).given == ()
    assert model.day(date(2026, 3, 3)).held == (0,)
    assert model.day(date(2026, 3, 2)).visit_minutes == (155,)
    assert model.months() == [(2026, 3)]
    assert model.billed_days(0) == 4


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("3/1/2026", date(2026, 3, 1)),
        ("03/01/26", date(2026, 3, 1)),
        ("03012026", date(2026, 3, 1)),
        ("3/32/2026", None),
        ("soon", None),
    ],
)
def test_dates_are_read_as_billers_type_them(typed: str, expected: date | None) -> None:
    assert parse_date(typed) == expected


def test_money_and_field_labels() -> None:
    assert money(Decimal("1234.5")) == "$1,234.50"
    assert money(None) == ""
    assert field_label("nursing_visits[0].start_time") == "Visit 1 › start time"
    assert field_label("prescriber.npi") == "Prescriber › NPI"
