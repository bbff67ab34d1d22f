"""Setup tabs for payers (with their profile and prior-authorization flag) and for
payer profiles: copy a shipped profile and edit every setting of billing-rules §9a.

The profile editor is generated from ``PayerProfile``'s fields and types, so a new
setting appears here without a code change; the backend checks the values
(``codesets.profile_from_mapping``) and names a bad one.
"""

from __future__ import annotations

import typing
from dataclasses import fields
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.rules.order import Payer
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.ui.backend import Backend
from infusiondesk.ui.errors import show_error
from infusiondesk.ui.fields import CheckField, ChoiceField, TextField
from infusiondesk.ui.list_models import PayersModel, ProfilesModel
from infusiondesk.ui.setup_dialogs import address_fields, address_of, address_row
from infusiondesk.ui.views import list_view

PLAN_TYPES = ("group", "medicare", "medicaid", "tricare", "champva", "feca", "other")
HINTS = typing.get_type_hints(PayerProfile)
SPECIAL_CHOICES = {"ndc_separator": ((" ", "one space"), ("   ", "three spaces"))}
# What each §9a setting means to a biller (billing-rules.md §9a); the key is in the tooltip.
SETTING_LABELS = {
    "key": ("Key", "The name orders and payers use for this profile."),
    "label": ("Name", "What billers see in pick lists."),
    "service_days": (
        "Per-diem days",
        "access: every day of access to the therapy (NHIA); "
        "administration: only days a dose is given (HCSC CPCP019).",
    ),
    "line_dates": ("Line dates", "span: one line for a run of days; per-date: a line a day."),
    "split_at_month_end": ("New line at month end", "A span never crosses into a new month."),
    "max_span_days": ("Longest span (days)", "Days one line may cover at most."),
    "nursing_partial_hour_minutes": (
        "99602 partial hour from (min)",
        "Minutes of a started hour that count as a unit (CPT: 31).",
    ),
    "same_day_second_visit": (
        "Second visit on a day",
        "99601: its own visit; 99602: continues the first visit's time.",
    ),
    "implanted_access_devices": (
        "A4300/A4301",
        "Implanted access devices: billable or bundled into the per diem.",
    ),
    "tpn_scheme": ("TPN per diem", "volume: by daily volume; flat: one code."),
    "hydration_scheme": ("Hydration per diem", "volume: by daily volume; flat: one code."),
    "concurrency_modifier_59": (
        "59 on concurrent therapies",
        "Add modifier 59 to a second therapy's per diem.",
    ),
    "jz_on_full_use": ("JZ when nothing is wasted", "Modifier JZ on single-dose drugs fully used."),
    "kp_kq_for_compounds": ("KP/KQ on compounds", "First and further ingredients of a compound."),
    "requires_prior_authorization": ("Prior auth required", "Box 23 must hold a number."),
    "ndc_separator": ("NDC separator", "Space between the NDC and its unit on the shaded line."),
    "multipage_box28": (
        "Box 28 on long claims",
        "continued: CONTINUED on all but the last page; page-totals: each page's total.",
    ),
    "suite_place_of_service": ("Suite place of service", "Infusion suite POS (usually 49)."),
    "suite_modifier": ("Suite modifier", "Modifier on suite per diems (usually SS)."),
    "medicare_secondary_gy": ("GY for Medicare secondary", "GY on items Medicare excludes."),
    "daily_nursing_minutes_cap": ("Nursing minutes a day (warn above)", "A warning, never a cut."),
}


class PayersTab(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.payer_id: int | None = None
        self.model = PayersModel(backend.payers())
        self.table = list_view(self.model, {0: 220, 1: 90, 2: 90, 3: 160})
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._load())
        self.name, self.code = TextField("as on the claim (box header)"), TextField("Payer ID")
        self.plan = ChoiceField([(p, p) for p in PLAN_TYPES])
        self.address = address_fields()
        self.profile = ChoiceField([(k, p.label) for k, p in backend.profiles().items()])
        self.prior_auth = CheckField("This payer requires prior authorization (box 23)")
        form = QFormLayout()
        for label, widget in (
            ("Name", self.name),
            ("Payer ID", self.code),
            ("Plan type (box 1)", self.plan),
            ("Street", self.address[0]),
        ):
            form.addRow(label, widget)
        form.addRow("City, state, ZIP", address_row(self.address))
        form.addRow("Payer profile", self.profile)
        form.addRow("", self.prior_auth)
        buttons = QHBoxLayout()
        for text, slot in (("&New payer", self._new), ("&Save payer", self.save)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)

    def _load(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        record = self.model.row_at(index.row())
        self.payer_id = record.id
        payer = record.payer
        self.name.set_value(payer.name)
        self.code.set_value(payer.payer_id)
        self.plan.set_value(payer.plan_type)
        for field, value in zip(
            self.address,
            (payer.address.street, payer.address.city, payer.address.state, payer.address.zip),
            strict=True,
        ):
            field.set_value(value)
        self.profile.set_value(record.profile)
        self.prior_auth.set_value(payer.requires_prior_authorization)

    def _new(self) -> None:
        self.payer_id = None
        self.table.clearSelection()
        for field in (self.name, self.code, *self.address):
            field.set_value("")
        self.prior_auth.set_value(False)
        self.name.setFocus()

    def save(self) -> None:
        if not self.name.value():
            show_error(self, "Payer not saved", "Enter the payer's name.")
            return
        payer = Payer(
            self.name.value() or "",
            self.code.value() or "",
            address_of(self.address),
            self.plan.value() or "group",
            self.prior_auth.value(),
        )
        try:
            self.payer_id = self.backend.save_payer(payer, self.profile.value(), self.payer_id)
        except Exception as problem:
            show_error(self, "Payer not saved", problem)
            return
        self.model.set_rows(self.backend.payers())


class ProfilesTab(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
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
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        shipped = self.backend.shipped_profile_keys()
        copies = {copy.key for copy in self.backend.profile_copies()}
        self.model.set_rows(
            [
                (key, profile, key in shipped and key not in copies)
                for key, profile in self.backend.profiles().items()
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
            (c.based_on for c in self.backend.profile_copies() if c.key == selected[0]), selected[0]
        )
        self._open_editor(selected[1], based_on)

    def _open_editor(self, profile: PayerProfile, based_on: str) -> None:
        dialog = ProfileEditor(profile, self)
        while dialog.exec():
            settings = dialog.settings()
            try:
                self.backend.save_profile_copy(settings["key"], settings["label"], based_on, settings)
            except Exception as problem:
                show_error(dialog, "Profile not saved", problem)
                continue
            break
        self.refresh()

    def delete(self) -> None:
        selected = self._selected()
        if selected is None or selected[2]:
            return
        try:
            self.backend.delete_profile_copy(selected[0])
        except Exception as problem:
            show_error(self, "Profile not deleted", problem)
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


class ProfileEditor(QDialog):
    """Every setting of a profile, each with the widget its type calls for."""

    def __init__(self, profile: PayerProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Payer profile: {profile.label}")
        self.resize(560, 640)
        self.widgets: dict[str, Any] = {}
        form = QFormLayout()
        for field in fields(PayerProfile):
            widget = setting_widget(field.name)
            set_setting(widget, getattr(profile, field.name))
            self.widgets[field.name] = widget
            label, help_text = SETTING_LABELS.get(field.name, (field.name, ""))
            widget.setToolTip(f"{help_text} (setting {field.name})".strip())
            form.addRow(label, widget)
        self.widgets["key"].setEnabled(False)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)

    def settings(self) -> dict[str, Any]:
        found = {name: setting_value(widget) for name, widget in self.widgets.items()}
        return {name: value for name, value in found.items() if value is not None}


def setting_widget(name: str) -> Any:
    hint = HINTS[name]
    allowed = typing.get_args(hint)
    if name in SPECIAL_CHOICES:
        return ChoiceField(SPECIAL_CHOICES[name])
    if typing.get_origin(hint) is typing.Literal:
        return ChoiceField([(value, value) for value in allowed])
    if hint is bool:
        return CheckField()
    if int in (hint, *allowed):
        box = QSpinBox()
        none = type(None) in allowed
        box.setRange(0 if none else 1, 60 if name == "nursing_partial_hour_minutes" else 10_000)
        if none:
            box.setSpecialValueText("no limit")
        return box
    return TextField()


def set_setting(widget: Any, value: Any) -> None:
    if isinstance(widget, QSpinBox):
        widget.setValue(0 if value is None else int(value))
    else:
        widget.set_value(value)


def setting_value(widget: Any) -> Any:
    if isinstance(widget, QSpinBox):
        value = widget.value()
        return None if value == 0 and widget.specialValueText() else value
    if isinstance(widget, CheckField):
        return widget.value()
    value = widget.value()
    return value if isinstance(widget, ChoiceField) else (value or "")
