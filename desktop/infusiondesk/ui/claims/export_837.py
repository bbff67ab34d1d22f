"""Claims › Export electronic claims (837P): the chosen claims, or every printed claim
listed, into one 837P file for the clearinghouse's portal (nothing is sent).

As batch printing does (ui/printing/session.py), the database is used on the GUI thread only:
the claims' snapshots are read and checked, and the control numbers spent, before the
work starts; the file is formatted and written in the background with progress and
Cancel; the export and the claims' move to submitted are recorded after. A problem
stops the export before anything is written and is listed by claim and field; an
unset clearinghouse opens its settings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.rules.problems import Problem
from infusiondesk.services import ClaimRecord, electronic
from infusiondesk.services.errors import ExportCancelled
from infusiondesk.services.practice import Practice
from infusiondesk.ui.errors import show_error
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.signals import CLAIMS_CHANGED, AppSignals
from infusiondesk.ui.widgets.fields import ChoiceField, TextField
from infusiondesk.ui.worker import Cancelled, Task, run_in_background

LABELS = {
    "sender_qualifier": "Your ID qualifier (ISA05)",
    "sender_id": "Your submitter ID (ISA06)",
    "receiver_qualifier": "Receiver ID qualifier (ISA07)",
    "receiver_id": "Clearinghouse ID (ISA08)",
    "application_sender": "Application sender (GS02, if different)",
    "application_receiver": "Application receiver (GS03, if different)",
    "submitter_name": "Submitter name (default: the practice)",
    "submitter_id": "Submitter ETIN (default: your submitter ID)",
    "contact_name": "Contact person",
    "contact_phone": "Contact phone",
    "receiver_name": "Clearinghouse name",
    "receiver_code": "Clearinghouse code in 1000B (if different)",
    "usage": "Files are",
    "payer_id": "Payer ID when the payer has none",
    "claim_filing": "Claim filing indicator (SBR09, if not from the plan type)",
}


class ClearinghouseDialog(QDialog):
    """The clearinghouse's settings (as its enrolment letter gives them)."""

    def __init__(self, settings: electronic.X12Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clearinghouse for electronic claims (837P)")
        self.fields: dict[str, Any] = {}
        form = QFormLayout(self)
        for name in electronic.SETTING_NAMES:
            if name == "usage":
                field: Any = ChoiceField([("T", "Test files (T)"), ("P", "Production files (P)")])
            elif name in ("sender_qualifier", "receiver_qualifier"):
                field = ChoiceField([(q, q) for q in electronic.ID_QUALIFIERS])
            else:
                field = TextField()
            field.set_value(getattr(settings, name))
            field.setAccessibleName(LABELS[name])
            self.fields[name] = field
            form.addRow(LABELS[name], field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def settings(self) -> electronic.X12Settings:
        values = {name: str(field.value() or "") for name, field in self.fields.items()}
        return electronic.X12Settings(**values)


def edit_clearinghouse(parent: QWidget, practice: Practice) -> bool:
    """Open the settings; True when saved."""
    dialog = ClearinghouseDialog(practice.electronic.settings(), parent)
    if not dialog.exec():
        return False
    return run_op(
        parent, lambda: practice.electronic.save_settings(dialog.settings()), title="Settings not saved"
    )


def problems_text(problems: Sequence[tuple[int, Problem]], names: Sequence[str]) -> str:
    """One line per problem: which claim, which field, what to do."""
    lines = []
    for number, problem in problems:
        who = names[number - 1] if 0 < number <= len(names) else "Export"
        lines.append(f"{who}: {problem.where}: {problem.message}")
    return "\n".join(lines)


class ProblemsDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("837P not written")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nothing was written. Fix these first:"))
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        layout.addWidget(view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 360)


def _items(practice: Practice, records: Sequence[ClaimRecord]) -> list[electronic.ExportItem]:
    """Each claim as printed (its snapshot): the 837P and the form never disagree."""
    return [
        electronic.ExportItem(practice.claims.for_printing(record.id), record.id, record.payer_id)
        for record in records
    ]


def _choose_file(parent: QWidget) -> str:
    path, _ = QFileDialog.getSaveFileName(
        parent,
        "Export electronic claims (837P)",
        f"claims-{date.today():%Y%m%d}.x12",
        "X12 files (*.x12 *.txt)",
    )
    return path


class ExportSession:
    """One export from the GUI: check, choose the file, write in the background, record."""

    def __init__(
        self,
        parent: QWidget,
        practice: Practice,
        records: Sequence[ClaimRecord],
        signals: AppSignals | None = None,
    ) -> None:
        """``signals``: where the claims' move to submitted is announced (the window's)."""
        self.parent, self.practice, self.records = parent, practice, list(records)
        self.signals = signals
        self.result: electronic.ExportResult | None = None
        self.task: Task | None = None

    def start(self, path: str | None = None) -> bool:
        if not self.records:
            show_error(
                self.parent, "Export 837P", "Choose claims in the list first (or list printed claims)."
            )
            return False
        read: list[list[electronic.ExportItem]] = []
        title = "Export 837P"
        if not run_op(
            self.parent, lambda: _items(self.practice, self.records), title=title, on_success=read.append
        ):
            return False
        items = read[0]
        if not self._checked(items):
            return False
        chosen = path or _choose_file(self.parent)
        if not chosen:
            return False
        return run_op(  # planning fails when the store changed since the check
            self.parent,
            lambda: self.practice.electronic.plan(items),
            title=title,
            on_success=lambda plan: self._write(plan, chosen),
        )

    def _checked(self, items: list[electronic.ExportItem]) -> bool:
        problems = self.practice.electronic.problems(items)
        if problems and all(p.where.startswith("clearinghouse.") for _, p in problems):
            QMessageBox.information(
                self.parent,
                "Export 837P",
                "Enter your clearinghouse's settings first (its enrolment letter).",
            )
            if not edit_clearinghouse(self.parent, self.practice):
                return False
            problems = self.practice.electronic.problems(items)
        if problems:
            names = [f"Claim {record.id}" for record in self.records]
            ProblemsDialog(problems_text(problems, names), self.parent).exec()
            return False
        return True

    def _write(self, plan: electronic.ExportPlan, path: str) -> None:
        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> str:
            try:
                data = self.practice.electronic.render(plan, progress, cancelled)
            except ExportCancelled:
                raise Cancelled() from None
            self.practice.electronic.write(data, path)
            return path

        self.task = run_in_background(
            self.parent,
            work,
            on_success=lambda written: self._finish(plan, written),
            on_failure=lambda problem: show_error(self.parent, "837P not written", problem),
            title=f"Writing {len(plan.claims)} electronic claim(s)…",
            cancellable=True,
        )

    def _finish(self, plan: electronic.ExportPlan, path: str) -> None:
        run_op(
            self.parent,
            lambda: self.practice.electronic.finish(plan, path),
            title="Export not recorded",
            on_success=self._recorded,
            changes=CLAIMS_CHANGED if self.signals is not None else None,  # now submitted
            signals=self.signals,
        )

    def _recorded(self, result: electronic.ExportResult) -> None:
        self.result = result
        note = ""
        if result.earlier:
            again = sorted({self.records[n - 1].id for n, _ in result.earlier})
            note = f" Exported before: claim(s) {', '.join(map(str, again))}."
        QMessageBox.information(
            self.parent,
            "Export 837P",
            f"{result.claims} claim(s) written to {result.file_name} "
            f"(interchange {result.interchange}); now Submitted (837P). Upload the file "
            f"to your clearinghouse's portal.{note}",
        )


def export_from_claims_view(view: Any) -> ExportSession | None:
    """The claims chosen in the Claims list, or every printed claim it lists."""
    rows = {view.proxy.mapToSource(index).row() for index in view.table.selectionModel().selectedRows()}
    records = [view.model.row_at(row) for row in sorted(rows)]
    if not records:
        records = [
            r for r in (view.model.row_at(i) for i in range(view.model.rowCount())) if r.status == "printed"
        ]
    session = ExportSession(view, view.practice, records, view.signals)
    view.export_session = session
    session.start()
    return session
