"""Setup tabs for payers (with their profile and prior-authorization flag) and for
payer profiles: copy a shipped profile, then edit its copy (``setup_profile_editor``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.rules.order import Payer
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.rules.vocabulary import DEFAULT_PLAN_TYPE, plan_types_default_first
from infusiondesk.services import payer_problems
from infusiondesk.services.practice import Practice
from infusiondesk.ui.errors import show_error
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.setup.parts import SaveNote, address_row, address_table, check_fields, form_problems
from infusiondesk.ui.setup.profile_editor import ProfileEditor
from infusiondesk.ui.widgets.field_table import FormField, RecordInputs
from infusiondesk.ui.widgets.fields import CheckField, ChoiceField, TextField, UpperField
from infusiondesk.ui.widgets.list_models import PayersModel, ProfilesModel
from infusiondesk.ui.widgets.views import list_view

# A payer's inputs by their path in an order's ``payer``; its profile is the setup
# row's, not the Payer's, and has its own pick list.
PAYER_FIELDS: tuple[FormField, ...] = (
    FormField(("payer", "name"), "name", TextField, "as on the claim (box header)"),
    FormField(("payer", "payer_id"), "code", TextField, "Payer ID"),
    FormField(
        ("payer", "plan_type"),
        "plan",
        ChoiceField,
        choices=[(p, p) for p in plan_types_default_first()],
        default=DEFAULT_PLAN_TYPE,
    ),
    *address_table("payer"),
    FormField(
        ("payer", "requires_prior_authorization"),
        "prior_auth",
        CheckField,
        "This payer requires prior authorization (box 23)",
    ),
)


class PayersTab(QWidget):
    # The inputs its RecordInputs builds from PAYER_FIELDS, each by its name and class
    # (tests/ui/setup checks these against the table).
    name: TextField
    code: TextField
    plan: ChoiceField
    street: TextField
    city: TextField
    state: UpperField
    zip: TextField
    prior_auth: CheckField

    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice = practice
        self.payer_id: int | None = None
        self.model = PayersModel(practice.setup.payers())
        self.table = list_view(self.model, {0: 220, 1: 90, 2: 90, 3: 160})
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._load())
        self.form = RecordInputs(PAYER_FIELDS)
        for name, widget in self.form.inputs.items():  # self.name, self.code, …
            setattr(self, name, widget)
        self.fields: dict[str, QWidget] = self.form.paths()  # where the checks name them
        self.profile = ChoiceField([(k, p.label) for k, p in practice.setup.profiles().items()])
        form = QFormLayout()
        for label, widget in (
            ("Name", self.name),
            ("Payer ID", self.code),
            ("Plan type (box 1)", self.plan),
            ("Street", self.street),
        ):
            form.addRow(label, widget)
        form.addRow("City, state, ZIP", address_row(self.form.inputs))
        form.addRow("Payer profile", self.profile)
        form.addRow("", self.prior_auth)
        buttons = QHBoxLayout()
        for text, slot in (("&New payer", self._new), ("&Save payer", self.save)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.note = SaveNote()
        self.name.edited.connect(self.check)  # the one field a payer's check names
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.note)

    def _load(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        record = self.model.row_at(index.row())
        self.payer_id = record.id
        self.form.fill(record.payer)
        self.profile.set_value(record.profile)

    def _new(self) -> None:
        """An empty payer to type in (the plan type back at its default, the profile as it was)."""
        self.payer_id = None
        self.table.clearSelection()
        self.form.fill(None)
        check_fields(self.fields, [])
        self.name.setFocus()

    def payer(self) -> Payer:
        """The payer as typed; raises OrderFileError naming a field no claim could hold."""
        payer: Payer = self.form.read()
        return payer

    def check(self) -> list[Any]:
        return check_fields(self.fields, form_problems(self.form, payer_problems))

    def save(self) -> bool:
        errors = self.check()
        if errors:
            self.note.refused("Payer", errors)
            return False
        payer = self.payer()

        def saved(payer_id: int) -> None:
            self.payer_id = payer_id
            self.model.set_rows(self.practice.setup.payers())
            self.note.saved(f"Saved {payer.name}: its orders not yet printed use these details")

        return run_op(
            self,
            lambda: self.practice.setup.save_payer(payer, self.profile.value(), self.payer_id),
            title="Payer not saved",
            on_success=saved,
        )


class ProfilesTab(QWidget):
    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice = practice
        self.model = ProfilesModel()
        self.table = list_view(self.model, {0: 170, 1: 420})
        self.table.activated.connect(lambda _index: self.edit())
        buttons = QHBoxLayout()
        for text, slot in (("&Copy…", self.copy), ("&Edit…", self.edit), ("&Delete copy", self.delete)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        note = QLabel(
            "Shipped profiles are read-only: copy one, then edit the copy and choose "
            "it for the payer in the Payers tab."
        )
        note.setWordWrap(True)
        self.note = SaveNote()
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.refresh()

    def refresh(self) -> None:
        shipped = self.practice.shipped_profile_keys()
        copies = {copy.key for copy in self.practice.setup.profile_copies()}
        self.model.set_rows(
            [
                (key, profile, key in shipped and key not in copies)
                for key, profile in self.practice.setup.profiles().items()
            ]
        )

    def _selected(self) -> tuple[str, PayerProfile, bool] | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def copy(self) -> None:
        selected = self._selected()
        if selected is None:
            show_error(self, "Copy profile", "Choose the profile to copy first.")
            return
        key, label = _ask_name(self, selected[0])
        if not key:
            return
        profile = selected[1].with_changes(key=key, label=label)
        self._open_editor(profile, based_on=selected[0])

    def edit(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        if selected[2]:
            show_error(self, "Edit profile", "This is a shipped profile: copy it to change it.")
            return
        based_on = next(
            (c.based_on for c in self.practice.setup.profile_copies() if c.key == selected[0]), selected[0]
        )
        self._open_editor(selected[1], based_on)

    def _open_editor(self, profile: PayerProfile, based_on: str) -> None:
        dialog = ProfileEditor(profile, self)
        while dialog.exec():
            settings = dialog.settings()
            key, label = settings["key"], settings["label"]
            save = partial(self.practice.setup.save_profile_copy, key, label, based_on, settings)
            if not run_op(dialog, save, title="Profile not saved"):
                continue
            self.note.saved(f"Saved {settings['label']}: its payers' claims not yet printed follow it")
            break
        self.refresh()

    def delete(self) -> None:
        selected = self._selected()
        if selected is None or selected[2]:
            return
        run_op(
            self, lambda: self.practice.setup.delete_profile_copy(selected[0]), title="Profile not deleted"
        )
        self.refresh()


def _ask_name(parent: QWidget, source: str) -> tuple[str, str]:
    key, ok = QInputDialog.getText(
        parent, "Copy profile", "Key of the copy (lower-case, -):", text=f"{source}-copy"
    )
    if not ok or not key.strip():
        return "", ""
    label, ok = QInputDialog.getText(
        parent, "Copy profile", "Name shown to billers:", text=f"Copy of {source}"
    )
    return (key.strip(), label.strip()) if ok else ("", "")
