"""Dialogs of the claims screen: the printed snapshot, and a corrected claim's box 22."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from infusiondesk.services import ClaimRecord
from infusiondesk.ui.widgets.fields import ChoiceField, TextField
from infusiondesk.ui.widgets.list_models import claim_patient, claim_payer, local_time
from infusiondesk.ui.widgets.models import BundledModel, SnapshotLine, SnapshotLinesModel
from infusiondesk.ui.widgets.text import money, status_label
from infusiondesk.ui.widgets.views import list_view

CODES = (("7", "7 — replacement of prior claim"), ("8", "8 — void/cancel of prior claim"))


class SnapshotDialog(QDialog):
    """The claim exactly as it was printed (its stored claim-v1), read-only."""

    def __init__(self, record: ClaimRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Claim {record.id} as printed")
        self.resize(980, 560)
        claim = record.claim
        total = money(record.total_charge) if record.total_charge is not None else "not set"
        correction = ""
        if record.resubmission_code:
            correction = (
                f" · box 22: code {record.resubmission_code}, original "
                f"{record.original_ref} (claim {record.original_claim_id})"
            )
        header = QLabel(
            f"<b>{claim_patient(record)}</b> · {claim_payer(record)} · order "
            f"{record.order_id} version {record.order_version} · profile "
            f"{claim.get('payer_profile', '')}<br>{status_label(record.status)} · "
            f"printed {local_time(record.created_at)} · total "
            f"{total}{correction}"
        )
        header.setWordWrap(True)
        self.lines = SnapshotLinesModel([SnapshotLine.from_dict(line) for line in claim.get("lines", [])])
        self.bundled = BundledModel([_Bundled(item) for item in claim.get("bundled", [])])
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(QLabel("<b>Lines</b>"))
        layout.addWidget(list_view(self.lines, {0: 60, 1: 50, 2: 90, 3: 90, 4: 50, 5: 90, 6: 170}), 3)
        layout.addWidget(QLabel("<b>Bundled into the per diem</b>"))
        layout.addWidget(list_view(self.bundled, {0: 60, 1: 40, 2: 90}), 1)
        problems = claim.get("problems", [])
        if problems:
            text = QLabel(
                "<b>Problems when printed</b><br>"
                + "<br>".join(f"{p['severity']}: {p['where']}: {p['message']}" for p in problems)
            )
            text.setWordWrap(True)
            layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class _Bundled:
    def __init__(self, data: dict[str, Any]) -> None:
        from datetime import date
        from decimal import Decimal

        self.code = data["code"]
        self.quantity = Decimal(str(data["quantity"]))
        self.date = date.fromisoformat(data["date"])
        self.reason = data.get("reason", "")


class CorrectionDialog(QDialog):
    """Box 22: replace (7) or void (8) a printed claim, citing the payer's claim number."""

    def __init__(self, record: ClaimRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Corrected claim for claim {record.id}")
        self.code = ChoiceField(CODES)
        self.reference = TextField("the payer's claim number of the original")
        self.reference.set_value(record.payer_claim_number)
        note = QLabel(
            "The corrected claim is built from the order as it is now; the original "
            "stays as printed. Fix the order first, then make the correction."
        )
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow("Resubmission code", self.code)
        form.addRow("Original reference", self.reference)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class StatusDialog(QDialog):
    def __init__(self, record: ClaimRecord, choices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Claim {record.id}: status")
        self.status = ChoiceField([(s, status_label(s)) for s in choices])
        self.payer_number = TextField("as the payer's remittance shows it")
        self.payer_number.set_value(record.payer_claim_number)
        form = QFormLayout(self)
        form.addRow("Now", QLabel(status_label(record.status)))
        form.addRow("New status", self.status)
        form.addRow("Payer's claim number", self.payer_number)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
