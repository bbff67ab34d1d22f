"""Setup tab for the charge master: the charge per unit of each code (box 24F),
for every payer or for one payer's contract (a payer's own charge wins)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from infusiondesk.services.practice import Practice
from infusiondesk.ui.errors import show_error
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.setup.parts import SaveNote
from infusiondesk.ui.widgets.fields import ChoiceField, NumberField, UpperField
from infusiondesk.ui.widgets.list_models import ChargesModel, decimal_or_none
from infusiondesk.ui.widgets.models import SortProxy
from infusiondesk.ui.widgets.views import list_view


class ChargesTab(QWidget):
    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice = practice
        payers = {r.id: r.payer.name for r in practice.setup.payers()}
        self.model = ChargesModel(payers)
        proxy = SortProxy(self)
        proxy.setSourceModel(self.model)
        self.table = list_view(proxy, {0: 90, 1: 260})
        self.table.setSortingEnabled(True)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._load(proxy.mapToSource(current).row())
        )
        self.code = UpperField("S9502")
        self.code.setMaximumWidth(90)
        self.payer = ChoiceField(list(payers.items()), blank="every payer")
        self.amount = NumberField("185.00")
        row = QHBoxLayout()
        row.addWidget(QLabel("Code"))
        row.addWidget(self.code)
        row.addWidget(QLabel("for"))
        row.addWidget(self.payer, 1)
        row.addWidget(QLabel("charge per unit $"))
        row.addWidget(self.amount)
        for text, slot in (("&Set charge", self.save), ("&Remove", self.remove)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.note = SaveNote()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self.practice.setup.charges())

    def _load(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            charge = self.model.row_at(row)
            self.code.set_value(charge.code)
            self.payer.set_value(charge.payer_id)
            self.amount.set_value(f"{charge.amount:.2f}")

    def save(self) -> None:
        amount = decimal_or_none(self.amount.text())
        if not self.code.value() or amount is None:
            show_error(self, "Charge not set", "Enter a code and an amount such as 185.00.")
            return

        def done(_: None) -> None:
            self.refresh()
            payer = self.payer.currentText() if self.payer.value() is not None else "every payer"
            self.note.saved(
                f"{self.code.value()} is ${amount:.2f} a unit for {payer}; claims not printed use it"
            )

        run_op(
            self,
            lambda: self.practice.setup.set_charge(self.code.value() or "", amount, self.payer.value()),
            title="Charge not set",
            on_success=done,
        )

    def remove(self) -> None:
        if self.code.value():
            self.practice.setup.remove_charge(self.code.value() or "", self.payer.value())
            self.refresh()
