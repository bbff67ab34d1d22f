"""The payer-profile editor: every setting of billing-rules §9a, in plain words.

Generated from ``PayerProfile``'s fields and types, so a new setting appears here
without a code change; the practice checks the values and names a bad one.
"""

from __future__ import annotations

import typing
from dataclasses import fields
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.rules.profile import PayerProfile
from infusiondesk.ui.widgets.fields import CheckField, ChoiceField, TextField

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
        "Each form prints the total of its own lines (NUCC); 'continued' is from older copies.",
    ),
    "suite_place_of_service": ("Suite place of service", "Infusion suite POS (usually 49)."),
    "suite_modifier": ("Suite modifier", "Modifier on suite per diems (usually SS)."),
    "medicare_secondary_gy": ("GY for Medicare secondary", "GY on items Medicare excludes."),
    "daily_nursing_minutes_cap": ("Nursing minutes a day (warn above)", "A warning, never a cut."),
    "accept_assignment": ("Accept assignment (box 27)", "The X in box 27: YES when on, NO when off."),
    "diagnosis_pointers_per_line": ("Diagnosis pointers a line (24E)", "4 (NUCC); Medicare: 1."),
    "insured_boxes_when_self": (
        "Boxes 4, 6, 7, 11a when the patient is insured",
        "patient: repeat the patient's (NUCC); blank: leave empty (Medicare primary).",
    ),
    "taxonomy_in_33b": ("Taxonomy in 33b", "ZZ and the provider taxonomy; Medicare: off."),
}


class ProfileEditor(QDialog):
    """Every setting of a profile, each with the widget its type calls for."""

    def __init__(self, profile: PayerProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Payer profile: {profile.label}")
        self.resize(640, 660)
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
