"""Help › Audit log…: who did what and when, newest first, for a compliance review.

Filter by user, by patient (chosen by search, as a new order's patient is) and by a
range of days; "Export…" writes what is shown (every matching entry, not only the
newest 1,000 listed) as CSV. The top line says whether the log's hash chain verifies,
naming the first entry changed or removed behind the app's back.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infusiondesk import services
from infusiondesk.ui.errors import plain_message
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.widgets.list_models import local_time
from infusiondesk.ui.widgets.models import RIGHT, Column, RowsModel
from infusiondesk.ui.widgets.views import list_view

if TYPE_CHECKING:
    from infusiondesk.services.practice import Practice
    from infusiondesk.ui.shell.main_window import MainWindow

SHOWN = 1000  # newest entries listed; the export has them all
EVERYONE = "Everyone"


class AuditLogModel(RowsModel):
    ID, WHEN, USER, WHAT, ACTION, DETAILS = range(6)
    COLUMNS = (
        Column("#", lambda e: e.id, align=RIGHT),
        Column("When", lambda e: e.at, local_time),
        Column("User", lambda e: e.actor),
        Column("What", lambda e: _what(e)),
        Column("Action", lambda e: e.action),
        Column("Details", lambda e: services.describe(e)),
    )


def _what(entry: Any) -> str:
    what = entry.entity.replace("_", " ")
    return what if entry.entity_id == "-" else f"{what} {entry.entity_id}"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    """The edit's day (QDate.toPython is typed as returning any object)."""
    day = edit.date()
    return date(day.year(), day.month(), day.day())


class AuditLogDialog(QDialog):
    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice = practice
        self.patient_id: int | None = None
        self.setWindowTitle("Audit log")
        self.resize(1000, 620)
        self.chain = QLabel()
        self.chain.setWordWrap(True)
        self.user = QComboBox()
        self.user.addItems([EVERYONE, *practice.audit.actors()])
        self.patient = QLabel("Any patient")
        self.choose_patient = QPushButton("Choose &patient…")
        self.any_patient = QPushButton("A&ny patient")
        self.since_on, self.since = QCheckBox("&From"), QDateEdit()
        self.until_on, self.until = QCheckBox("&To"), QDateEdit()
        today = _qdate(date.today())
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDate(today)
            edit.setEnabled(False)
        self.count = QLabel()
        self.model = AuditLogModel()
        self.table = list_view(self.model, {0: 60, 1: 130, 2: 110, 3: 160, 4: 90})
        self.export = QPushButton("&Export…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self._connect()
        self._lay_out(buttons)
        self.chain.setText("Verifying the audit log…")
        self.refresh()
        # After the first paint: the chain takes about 1 s per 100,000 entries.
        QTimer.singleShot(0, self.show_chain)

    def _connect(self) -> None:
        self.user.currentIndexChanged.connect(lambda _i: self.refresh())
        self.choose_patient.clicked.connect(self.pick_patient)
        self.any_patient.clicked.connect(lambda: self.set_patient(None, "Any patient"))
        for box, edit in ((self.since_on, self.since), (self.until_on, self.until)):
            box.toggled.connect(edit.setEnabled)
            box.toggled.connect(lambda _on: self.refresh())
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.export.clicked.connect(lambda: self.export_csv())

    def _lay_out(self, buttons: QDialogButtonBox) -> None:
        filters = QHBoxLayout()
        user_label = QLabel("&User")
        user_label.setBuddy(self.user)
        widgets: tuple[QWidget, ...] = (user_label, self.user, QLabel("Patient"), self.patient)
        for widget in (*widgets, self.choose_patient, self.any_patient):
            filters.addWidget(widget)
        for widget in (self.since_on, self.since, self.until_on, self.until):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chain)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)

    def show_chain(self) -> None:
        try:
            verdict = self.practice.audit.chain_status()
        except Exception as problem:
            self.chain.setText(
                f"The audit log could not be verified: {plain_message(problem)}"
            )  # never raw text
            return
        if verdict.ok:
            self.chain.setText(f"The audit log verifies: {verdict.entries} entries, none changed or removed.")
        else:
            self.chain.setText(f"Warning: the audit log was tampered with: {verdict.problem}.")
            self.chain.setStyleSheet("color: #b3261e; font-weight: bold")

    def chosen(self) -> services.AuditFilter:
        user = self.user.currentText()
        return services.AuditFilter(
            actor=None if self.user.currentIndex() <= 0 else user,
            patient_id=self.patient_id,
            first_day=_day(self.since) if self.since_on.isChecked() else None,
            last_day=_day(self.until) if self.until_on.isChecked() else None,
        )

    def refresh(self) -> None:
        run_op(
            self,
            lambda: self.practice.audit.entries(self.chosen(), SHOWN),
            title="Audit log",
            on_success=self._show,
        )

    def _show(self, entries: list[Any]) -> None:
        self.model.set_rows(entries)
        more = " (the newest; Export… writes them all)" if len(entries) == SHOWN else ""
        self.count.setText(f"{len(entries)} entries{more}")

    def pick_patient(self) -> None:
        from infusiondesk.ui.patients.dialog import PatientPicker

        picker = PatientPicker(self.practice, self)
        if picker.exec() and picker.chosen is not None:
            patient_id, patient = picker.chosen
            self.set_patient(patient_id, ", ".join(p for p in (patient.last_name, patient.first_name) if p))

    def set_patient(self, patient_id: int | None, shown: str) -> None:
        self.patient_id = patient_id
        self.patient.setText(shown)
        self.refresh()

    def export_csv(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export audit log", "audit-log.csv", "CSV files (*.csv)"
            )
        if not path:
            return

        def exported(written: int) -> None:
            self.count.setText(f"Exported {written} entries.")
            self.refresh()

        chosen = self.chosen()
        run_op(
            self,
            lambda: self.practice.audit.save_csv(chosen, path),
            title="Audit log not exported",
            on_success=exported,
        )


def show_audit_log(window: MainWindow) -> AuditLogDialog | None:
    if window.practice is None:
        return None
    dialog = AuditLogDialog(window.practice, window)
    dialog.open()
    return dialog
