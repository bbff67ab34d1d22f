"""Claims: every printed claim with its status; filter, open the snapshot, correct, move on.

A printed claim never changes (the store forbids it): a correction is a new claim
with box 22 code 7 (replacement) or 8 (void) naming the original's payer claim
number. Status moves along draft → printed → submitted → paid or denied.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.rules.vocabulary import CLAIM_STATUS_LABELS
from infusiondesk.services.practice import Practice
from infusiondesk.ui.claims.dialogs import CorrectionDialog, SnapshotDialog, StatusDialog
from infusiondesk.ui.errors import show_error
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.signals import CLAIMS_CHANGED, AppSignals, Changes
from infusiondesk.ui.widgets.fields import ChoiceField, DateField
from infusiondesk.ui.widgets.list_models import ClaimsModel
from infusiondesk.ui.widgets.models import SortProxy
from infusiondesk.ui.widgets.views import list_view

SHOWN_AT_MOST = 1000  # the newest matching claims; the filters narrow it (SQL, not Python)


class ClaimsView(QWidget):
    def __init__(self, practice: Practice, signals: AppSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice, self.signals = practice, signals
        self.model = ClaimsModel()
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = list_view(
            self.proxy, {0: 55, 1: 55, 2: 160, 3: 170, 4: 90, 5: 90, 6: 90, 7: 80, 8: 110, 9: 110}
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ClaimsModel.ID, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.activated.connect(lambda _index: self.open_snapshot())
        self.status = ChoiceField(list(CLAIM_STATUS_LABELS.items()), blank="Any status")
        self.payer = ChoiceField(blank="Any payer")
        self.since, self.until = DateField(), DateField()
        for field in (self.status, self.payer, self.since, self.until):
            field.edited.connect(self.refresh)
        self.count = QLabel()
        self._layout()
        signals.changed.connect(self._changed)
        self.refresh()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for label, widget in (
            ("Status", self.status),
            ("Payer", self.payer),
            ("Service from", self.since),
            ("to", self.until),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        buttons = QHBoxLayout()
        for text, slot in (
            ("&Open printed claim", self.open_snapshot),
            ("Claim &lines…", self.show_lines),
            ("Change s&tatus…", self.change_status),
            ("&Corrected claim (box 22)…", self.correct),
            ("Export electronic claims (&837P)…", self.export_837),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _changed(self, changes: Changes) -> None:
        if changes.claims or changes.setup:  # the payer filter lists the setup's payers
            self.refresh()

    def refresh(self) -> None:
        self.payer.set_choices([(p.id, p.payer.name) for p in self.practice.setup.payers()])
        records = self.practice.claims.list(
            status=self.status.value(),
            since=_day(self.since.value()),
            until=_day(self.until.value()),
            payer_id=self.payer.value(),
            limit=SHOWN_AT_MOST,
        )
        self.model.set_claims(records, self.practice.claims.exported_among([r.id for r in records]))
        more = " (the newest; narrow the filters to see others)" if len(records) == SHOWN_AT_MOST else ""
        self.count.setText(f"{len(records)} claim(s){more}")

    def take_focus(self) -> None:
        """Ctrl+4 lands in the list: arrows, then Enter. (Not a focus proxy: Tab would then
        jump from the screen list straight to the table, past anything above it.)"""
        self.table.setFocus()

    def selected(self) -> Any:
        index = self.table.currentIndex()
        if not index.isValid():
            show_error(self, "Claims", "Choose a claim in the list first.")
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def open_snapshot(self) -> None:
        """The print preview of the claim exactly as it was printed: its immutable
        snapshot, never recomputed (later edits to the order or charges don't show)."""
        record = self.selected()
        if record is None:
            return
        run_op(
            self,
            lambda: self.practice.claims.for_printing(record.id),
            title="Claim not opened",
            on_success=lambda claim: self._preview(
                [(record.order_id, claim)], f"claim {record.id} as printed", reprint=record.id
            ),
        )

    def show_lines(self) -> None:
        """The snapshot's lines with their explanations, bundled supplies and problems."""
        record = self.selected()
        if record is not None:
            SnapshotDialog(record, self).exec()

    def change_status(self) -> None:
        record = self.selected()
        if record is None:
            return
        choices = self.practice.claims.next_statuses(record.status)
        if not choices:
            show_error(
                self,
                "Change status",
                f"Claim {record.id} is {record.status}: "
                "its status is final. Make a corrected claim to change it.",
            )
            return
        dialog = StatusDialog(record, choices, self)
        if not dialog.exec():
            return
        run_op(
            self,
            lambda: self.practice.claims.set_status(
                record.id, dialog.status.value(), dialog.payer_number.value()
            ),
            title="Status not changed",
            changes=CLAIMS_CHANGED,
            signals=self.signals,
        )

    def export_837(self) -> None:
        from infusiondesk.ui.claims.export_837 import export_from_claims_view

        export_from_claims_view(self)

    def correct(self) -> None:
        record = self.selected()
        if record is None:
            return
        dialog = CorrectionDialog(record, self)
        if not dialog.exec():
            return

        def corrected(new: Any) -> None:
            self.signals.status.emit(f"Claim {new.record.id} corrects claim {record.id}.")
            self.print_correction(new)

        run_op(
            self,
            lambda: self.practice.claims.record_correction(
                record.id, dialog.code.value(), dialog.reference.value()
            ),
            title="No corrected claim made",
            on_success=corrected,
            changes=CLAIMS_CHANGED,
            signals=self.signals,
        )

    def print_correction(self, new: Any) -> None:
        """Preview and print the corrected claim as recorded (it is already on file)."""
        self._preview([(new.record.order_id, new.claim)], f"corrected claim {new.record.id}")

    def _preview(self, items: list[Any], title: str, reprint: int | None = None) -> None:
        """Preview claims already on file: printing them again records no new claim;
        ``reprint``: the claim whose snapshot this is, logged as reprinted when printed."""
        from infusiondesk.ui.printing.session import PrintSession

        settings = getattr(self.window(), "settings", None)
        if settings is None:
            return
        self.session = PrintSession(
            self,
            self.practice,
            items,
            settings,
            record=False,
            title=title,
            reprints=() if reprint is None else (reprint,),
        )
        self.session.start()


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
