"""The live billing panel: the claim the order makes right now, and why.

It shows what the rules engine returned (lines with their one-sentence reasons,
supplies bundled into the per diem with theirs, problems) and computes nothing.
When the order can't be read yet (a date half typed), it keeps the last claim
greyed out under a note, so the numbers don't flicker away while typing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.claims.claim import Claim
from infusiondesk.rules.problems import Problem
from infusiondesk.ui.widgets.models import (
    BundledModel,
    ClaimLinesModel,
    ExplainedLinesModel,
    ProblemsModel,
    SortProxy,
    line_detail,
)
from infusiondesk.ui.widgets.text import money
from infusiondesk.ui.widgets.views import fit_to_width

# Column widths from typical content, not measured per claim (fast, and stable while typing).
WIDTH_SAMPLES = {
    "Code": "S9500",
    "Mod": "SH 59",
    "From": "00/00/0000",
    "To": "00/00/0000",
    "Units": "Units",
    "Charge": "$0,000.00",
    "Total": "$00,000.00",
    "Qty": "Qty",
    "Date": "00/00/0000",
    "": "Warning",
    "Field": "Therapy 1 › drug 1 › NDC",
}


class BillingPanel(QWidget):
    problem_activated = Signal(str)  # the problem's field path
    open_charge = Signal(str)  # a code without a charge: open the charge master at it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claim: Claim | None = None
        self.lines_model, self.bundled_model = ClaimLinesModel(), BundledModel()
        self.problems_model = ProblemsModel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel("Enter a therapy to see its claim.")
        self.summary.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("background: #fff4ce; padding: 4px; border-radius: 3px;")
        self.note.hide()
        self.ready = False
        self.charge_buttons: list[QPushButton] = []
        self.charge_row = QHBoxLayout()
        self.charge_row.addStretch(1)
        layout.addWidget(self.summary)
        layout.addLayout(self.charge_row)
        layout.addWidget(self.note)
        splitter = QSplitter(Qt.Orientation.Vertical)
        shown = (
            ClaimLinesModel.CODE,
            ClaimLinesModel.MODIFIERS,
            ClaimLinesModel.FROM,
            ClaimLinesModel.TO,
            ClaimLinesModel.UNITS,
            ClaimLinesModel.CHARGE,
            ClaimLinesModel.TOTAL,
        )
        self.explained = ExplainedLinesModel(self.lines_model, shown, line_detail, self)
        self.lines_view = _table(self.explained, stretch=len(shown) - 1, proxy=False)
        self.bundled_view = _table(self.bundled_model, stretch=BundledModel.REASON)
        self.problems_view = _table(self.problems_model, stretch=ProblemsModel.MESSAGE)
        self.problems_view.activated.connect(self._activated)
        self.problems_view.clicked.connect(self._activated)
        self.bundled_title, self.problems_title = QLabel(), QLabel()
        splitter.addWidget(_titled("<b>Claim lines</b> (box 24)", self.lines_view))
        splitter.addWidget(_titled(self.bundled_title, self.bundled_view))
        splitter.addWidget(_titled(self.problems_title, self.problems_view))
        splitter.setSizes([420, 120, 160])
        layout.addWidget(splitter, 1)
        self._set_titles()

    def show_claim(self, claim: Claim, problems: Sequence[Problem] | None = None) -> None:
        """``problems``: the print check's (``services.billing.print_check``), the same
        list printing refuses on; the claim's own edits when not given."""
        problems = claim.problems if problems is None else tuple(problems)
        self.claim = claim
        self.note.hide()
        self.lines_view.setEnabled(True)
        self.lines_model.set_rows(claim.lines)
        self.bundled_model.set_rows(claim.bundled)
        self.problems_model.set_rows(problems)
        self._span_explanations()
        self.summary.setText(_summary(claim, problems))
        self.ready = not any(p.severity == "error" for p in problems)
        self._show_missing_charges(problems)
        self._set_titles()

    def _show_missing_charges(self, problems: Any) -> None:
        """A button per code the charge master has no price for, opening it at that code."""
        codes = [p.where.removeprefix("charges.") for p in problems if p.where.startswith("charges.")]
        for button in self.charge_buttons:
            button.deleteLater()
        self.charge_buttons = []
        for code in codes[:6]:
            button = QPushButton(f"Set the charge for {code}…")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, c=code: self.open_charge.emit(c))
            self.charge_row.insertWidget(self.charge_row.count() - 1, button)
            self.charge_buttons.append(button)

    def _span_explanations(self) -> None:
        view, columns = self.lines_view, self.explained.columnCount()
        view.clearSpans()
        for row in range(1, self.explained.rowCount(), 2):
            view.setSpan(row, 0, 1, columns)
        self._fit_explanations()

    def _fit_explanations(self) -> None:
        """Each reason row as tall as its wrapped text (measured, not asked of the view:
        resizeRowsToContents asks the model for every cell and role, far too slow)."""
        view = self.lines_view
        width = max(view.viewport().width() - 10, 200)
        metrics = view.fontMetrics()
        flags = int(Qt.TextFlag.TextWordWrap)
        for line in range(self.lines_model.rowCount()):
            text = self.explained.detail_text(2 * line + 1)
            rect = metrics.boundingRect(0, 0, width, 2000, flags, text)
            view.setRowHeight(2 * line + 1, rect.height() + 6)
        _fit_rows(self.bundled_view, BundledModel.REASON, [item.reason for item in self.bundled_model.rows()])

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_explanations()

    def show_unreadable(self, problems: Any) -> None:
        """The order can't be computed yet: list why, keep the last claim dimmed."""
        self.ready = False
        self.summary.setText(_summary_unreadable(self.claim))
        self.problems_model.set_rows(problems)
        self.lines_view.setEnabled(False)
        self.note.setText(
            "The claim below is from before your last change: fix the fields outlined in red to see it again."
        )
        self.note.setVisible(self.claim is not None)
        self._set_titles()

    def _set_titles(self) -> None:
        bundled = self.bundled_model.rowCount()
        self.bundled_title.setText(f"<b>Bundled into the per diem</b> ({bundled}): not billed separately")
        problems = self.problems_model.rows()
        errors = sum(1 for p in problems if p.severity == "error")
        self.problems_title.setText(
            f"<b>Problems</b>: {errors} error(s), "
            f"{len(problems) - errors} warning(s) — click one to go "
            "to its field"
        )

    def _activated(self, index: Any) -> None:
        proxy = self.problems_view.model()
        source = proxy.mapToSource(index) if isinstance(proxy, SortProxy) else index
        where = self.problems_model.row_at(source.row()).where
        if where.startswith("charges."):
            self.open_charge.emit(where.removeprefix("charges."))
        else:
            self.problem_activated.emit(where)


def _fit_rows(view: QTableView, column: int, texts: list[str]) -> None:
    """Rows as tall as ``column``'s wrapped text (measured, see _fit_explanations)."""
    width = max(view.columnWidth(column) - 8, 120)
    metrics = view.fontMetrics()
    minimum = view.verticalHeader().defaultSectionSize()
    for row, text in enumerate(texts):
        rect = metrics.boundingRect(0, 0, width, 2000, int(Qt.TextFlag.TextWordWrap), text)
        view.setRowHeight(row, max(minimum, rect.height() + 6))


def _summary(claim: Claim, problems: Any) -> str:
    total = claim.total_charge
    errors = sum(1 for p in problems if p.severity == "error")
    verdict = (
        f"<span style='color:#b3261e'>not ready to print: fix the {errors} error(s)</span>"
        if errors
        else "<span style='color:#1b5e20'>ready to print</span>"
    )
    return (
        f"<b>{claim.profile.label}</b><br>{len(claim.lines)} line(s) on {claim.pages} "
        f"form(s) · total {money(total) if total is not None else 'charges not set'} · "
        f"{verdict}"
    )


def _summary_unreadable(claim: Claim | None) -> str:
    verdict = "<span style='color:#b3261e'>not ready to print: fix the fields outlined in red</span>"
    if claim is None:
        return f"Fill in the fields outlined in red to see the claim · {verdict}"
    return f"<b>{claim.profile.label}</b> (before your last change) · {verdict}"


def _table(model: Any, stretch: int, proxy: bool = True) -> QTableView:
    view = QTableView()
    if proxy:
        sorter = SortProxy(view)
        sorter.setSourceModel(model)
        view.setModel(sorter)
    else:
        view.setModel(model)
    view.setSortingEnabled(False)
    view.setWordWrap(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        sample = WIDTH_SAMPLES.get(title, title)
        header.resizeSection(column, view.fontMetrics().horizontalAdvance(sample) + 18)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    fit_to_width(view)  # a narrow panel (1366×768) shows every column, no sideways scroll
    return view


def _titled(title: Any, view: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addWidget(title if isinstance(title, QLabel) else QLabel(title))
    layout.addWidget(view)
    return box
