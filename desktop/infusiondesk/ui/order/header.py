"""The order's header: patient, payer and its profile, authorization, prescriber, diagnoses.

Pick lists come from setup (payers, prescribers) through the practice. Choosing a
payer sets the payer profile the claim is computed with; the biller can still pick
another profile for this order. Values are order-v1 mappings; the plain fields come
from the table in ``header_fields``, and the setup rows picked travel beside the
mapping as ``ScreenIds``, never inside it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from infusiondesk.rules.order import Prescriber, Provider
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.services import PayerRecord
from infusiondesk.ui.order.header_fields import HEADER_FIELDS
from infusiondesk.ui.order.state import NO_IDS, ScreenIds
from infusiondesk.ui.widgets.code_fields import DiagnosisField
from infusiondesk.ui.widgets.field_table import build_inputs, fill_inputs, input_paths, read_inputs
from infusiondesk.ui.widgets.fields import ChoiceField, DateField, TextField, UpperField
from infusiondesk.ui.widgets.insurance_fields import InsuranceBox
from infusiondesk.ui.widgets.rows import RowColumn, RowsEditor
from infusiondesk.ui.widgets.values import id_of, value_dict


class OrderHeader(QWidget):
    edited = Signal()
    choose_patient = Signal()

    # The inputs ``build_inputs`` makes from HEADER_FIELDS, each by its name and class
    # (tests/ui/order checks these against the table).
    last_name: TextField
    first_name: TextField
    dob: DateField
    sex: ChoiceField
    member_id: UpperField
    street: TextField
    city: TextField
    state: UpperField
    zip: TextField
    profile: ChoiceField
    prior_authorization: UpperField
    period_from: DateField
    period_to: DateField
    place: ChoiceField
    prescriber_last: TextField
    prescriber_first: TextField
    prescriber_npi: TextField

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kept: dict[tuple[str, ...], dict[str, Any]] = {}  # section keys no input shows
        self._practice: dict[str, Any] | None = None
        self._provider: dict[str, Any] | None = None  # the order's own, once it has one
        self._payers: dict[int, PayerRecord] = {}
        self._profiles: dict[str, PayerProfile] = {}
        self._prescribers: dict[int, Prescriber] = {}
        self.inputs = build_inputs(HEADER_FIELDS)
        for name, widget in self.inputs.items():  # header.last_name, header.profile, …
            setattr(self, name, widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.practice = QLabel()
        self.practice.setWordWrap(True)
        layout.addWidget(self.practice)
        row = QHBoxLayout()
        row.addWidget(self._patient_box(), 1)
        row.addWidget(self._payer_box(), 1)
        layout.addLayout(row)
        self.insurance = InsuranceBox()  # drawn (and tabbed) after the patient and payer
        layout.addWidget(self.insurance)
        row = QHBoxLayout()
        row.addWidget(self._prescriber_box(), 1)
        row.addWidget(self._diagnoses_box(), 1)
        layout.addLayout(row)
        for widget in (*self.inputs.values(), self.diagnoses, self.insurance):
            widget.edited.connect(self.edited)

    # --- building ----------------------------------------------------------------------

    def _patient_box(self) -> QGroupBox:
        box = QGroupBox("Patient")
        form = QFormLayout(box)
        self.find_patient = QPushButton("Find patient… (Ctrl+F)")
        self.find_patient.setAutoDefault(False)
        self.find_patient.clicked.connect(self.choose_patient)
        names = QHBoxLayout()
        names.addWidget(self.last_name)
        names.addWidget(self.first_name)
        born = QHBoxLayout()
        born.addWidget(self.dob)
        born.addWidget(QLabel("Sex"))
        born.addWidget(self.sex)
        born.addStretch(1)
        form.addRow("Name", names)
        form.addRow("Born", born)
        form.addRow("Member ID", self.member_id)
        address = QHBoxLayout()
        for widget, stretch in ((self.street, 3), (self.city, 2), (self.state, 0), (self.zip, 0)):
            address.addWidget(widget, stretch)
        form.addRow("Address", address)
        form.addRow("", self.find_patient)
        return box

    def _payer_box(self) -> QGroupBox:
        box = QGroupBox("Payer")
        form = QFormLayout(box)
        self.payer = ChoiceField(blank="Choose a payer…")
        period = QHBoxLayout()
        period.addWidget(self.period_from)
        period.addWidget(QLabel("to"))
        period.addWidget(self.period_to)
        period.addStretch(1)
        form.addRow("&Payer", self.payer)
        form.addRow("Profile", self.profile)
        form.addRow("Prior auth", self.prior_authorization)
        form.addRow("Billing period", period)
        form.addRow("Place of service", self.place)
        self.payer.edited.connect(self._payer_chosen)
        return box

    def _prescriber_box(self) -> QGroupBox:
        box = QGroupBox("Prescriber")
        form = QFormLayout(box)
        self.prescriber = ChoiceField(blank="Choose a prescriber…")
        names = QHBoxLayout()
        names.addWidget(self.prescriber_last)
        names.addWidget(self.prescriber_first)
        form.addRow("From setup", self.prescriber)
        form.addRow("Name", names)
        form.addRow("NPI (box 17b)", self.prescriber_npi)
        self.prescriber.edited.connect(self._prescriber_chosen)
        return box

    def _diagnoses_box(self) -> QGroupBox:
        self.diagnoses_box = QGroupBox("Diagnoses (ICD-10-CM, box 21)")
        layout = QVBoxLayout(self.diagnoses_box)
        self.diagnoses = RowsEditor(
            [RowColumn("code", "Code and description", DiagnosisField)], "Add diagnosis"
        )
        layout.addWidget(self.diagnoses)
        return self.diagnoses_box

    # --- pick lists -----------------------------------------------------------------------

    def set_choices(
        self,
        payers: list[PayerRecord],
        profiles: dict[str, PayerProfile],
        prescribers: list[tuple[int, Prescriber]],
        places: dict[str, str],
        practice: Provider | None,
    ) -> None:
        self._payers = {record.id: record for record in payers}
        self._profiles = profiles
        self._prescribers = dict(prescribers)
        self.payer.set_choices(
            [
                (r.id, f"{r.payer.name} ({r.payer.payer_id})" if r.payer.payer_id else r.payer.name)
                for r in payers
            ]
        )
        self.profile.set_choices([(key, p.label) for key, p in profiles.items()])
        self.prescriber.set_choices(
            [(pid, f"{p.last_name}, {p.first_name} — NPI {p.npi}") for pid, p in prescribers]
        )
        self.place.set_choices([(code, f"{code} {name}") for code, name in places.items()])
        self._practice = value_dict(practice)
        self._show_provider(self._provider or self._practice)

    def _show_provider(self, provider: dict[str, Any] | None) -> None:
        self.practice.setText(
            f"Billing provider: <b>{provider.get('name', '')}</b> · NPI {provider.get('npi', '')}"
            if provider
            else "<span style='color:#b3261e'>No practice set up: open Setup › Practice.</span>"
        )

    def _payer_chosen(self) -> None:
        record = self._payers.get(self.payer.value())
        if record is not None:
            self.profile.set_value(record.profile)
        self.edited.emit()

    def _prescriber_chosen(self) -> None:
        prescriber = self._prescribers.get(self.prescriber.value())
        if prescriber is not None:
            self.prescriber_last.set_value(prescriber.last_name)
            self.prescriber_first.set_value(prescriber.first_name)
            self.prescriber_npi.set_value(prescriber.npi)
        self.edited.emit()

    def profile_label(self, key: str) -> str:
        profile = self._profiles.get(key)
        return profile.label if profile is not None else key

    # --- values ---------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The header's part of the order-v1 mapping."""
        data = read_inputs(HEADER_FIELDS, self.inputs, self._kept)
        record = self._payers.get(self.payer.value())
        if record is not None:
            data["payer"] = value_dict(record.payer)
        data["insured"] = self.insurance.values()
        data["provider"] = self._provider or self._practice
        data["diagnoses"] = [row["code"] for row in self.diagnoses.values()]
        return {k: v for k, v in data.items() if v not in (None, "", [])}

    def picked(self, ids: ScreenIds) -> ScreenIds:
        """``ids`` with the payer and prescriber rows the pick lists show now."""
        return replace(ids, payer_id=self.payer.value(), prescriber_id=self.prescriber.value())

    def set_values(self, data: dict[str, Any], ids: ScreenIds = NO_IDS) -> None:
        """Show ``data``; the pick lists show the setup rows of ``ids``, else the rows
        whose details the order's payer and prescriber are."""
        self._kept = fill_inputs(HEADER_FIELDS, self.inputs, data)
        self.insurance.set_values(data.get("insured"))
        self.payer.set_value(ids.payer_id or self._payer_id_of(data.get("payer")))
        self.prescriber.set_value(ids.prescriber_id or self._prescriber_id_of(data.get("prescriber") or {}))
        self.diagnoses.set_values([{"code": code} for code in data.get("diagnoses", [])])
        self._provider = data.get("provider")
        self._show_provider(self._provider or self._practice)

    def _payer_id_of(self, payer: dict[str, Any] | None) -> int | None:
        return id_of({k: r.payer for k, r in self._payers.items()}, payer)

    def _prescriber_id_of(self, prescriber: dict[str, Any]) -> int | None:
        return id_of(self._prescribers, prescriber)

    def register(self, paths: dict[str, QWidget]) -> None:
        paths.update(input_paths(HEADER_FIELDS, self.inputs))
        paths.update({"payer": self.payer, "prescriber": self.prescriber, "provider": self.practice})
        paths["diagnoses"] = self.diagnoses_box
        self.insurance.register(paths)
        self.diagnoses.register(paths, "diagnoses")
