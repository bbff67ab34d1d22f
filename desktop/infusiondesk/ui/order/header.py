"""The order's header: patient, payer and its profile, authorization, prescriber, diagnoses.

Pick lists come from setup (payers, prescribers) through the practice. Choosing a
payer sets the payer profile the claim is computed with; the biller can still pick
another profile for this order. Values are order-v1 mappings; ``_ui`` keeps the
ids the screen needs (which payer row, which patient row).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from infusiondesk.rules.vocabulary import SEX_SHORT_LABELS
from infusiondesk.ui.widgets.code_fields import DiagnosisField
from infusiondesk.ui.widgets.fields import ChoiceField, DateField, TextField, UpperField
from infusiondesk.ui.widgets.insurance_fields import InsuranceBox
from infusiondesk.ui.widgets.rows import RowColumn, RowsEditor
from infusiondesk.ui.widgets.values import id_of, value_dict

SEXES = tuple(SEX_SHORT_LABELS.items())
ADDRESS_KEYS = ("street", "city", "state", "zip")


class OrderHeader(QWidget):
    edited = Signal()
    choose_patient = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._patient_extra: dict[str, Any] = {}
        self._practice: dict[str, Any] | None = None
        self._provider: dict[str, Any] | None = None  # the order's own, once it has one
        self._payers: dict[int, Any] = {}
        self._profiles: dict[str, Any] = {}
        self._prescribers: dict[int, Any] = {}
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
        for widget in (*self._fields(), self.insurance):
            widget.edited.connect(self.edited)

    # --- building ----------------------------------------------------------------------

    def _patient_box(self) -> QGroupBox:
        box = QGroupBox("Patient")
        form = QFormLayout(box)
        self.last_name, self.first_name = TextField("Last name"), TextField("First name")
        self.dob, self.sex = DateField(), ChoiceField(SEXES)
        self.member_id = UpperField("Member ID (box 1a)")
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
        # Box 5: a paper claim needs the patient's address; it is the patient's own
        # (saved with the order to the patient), shown here so it is entered where missed.
        self.street, self.city = TextField("Street (box 5)"), TextField("City")
        self.state, self.zip = UpperField("ST"), TextField("ZIP")
        self.state.setMaximumWidth(50)
        self.zip.setMaximumWidth(90)
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
        self.profile = ChoiceField()
        self.profile.setToolTip(
            "How this payer counts per-diem units and lines (set per payer in Setup › Payers)."
        )
        self.prior_authorization = UpperField("Prior authorization number (box 23)")
        self.period_from, self.period_to = DateField(), DateField()
        period = QHBoxLayout()
        period.addWidget(self.period_from)
        period.addWidget(QLabel("to"))
        period.addWidget(self.period_to)
        period.addStretch(1)
        self.place = ChoiceField()
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
        self.prescriber_last, self.prescriber_first = TextField("Last name"), TextField("First")
        self.prescriber_npi = TextField("10-digit NPI")
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

    def _fields(self) -> list[Any]:
        return [
            self.last_name,
            self.first_name,
            self.dob,
            self.sex,
            self.member_id,
            self.street,
            self.city,
            self.state,
            self.zip,
            self.profile,
            self.prior_authorization,
            self.period_from,
            self.period_to,
            self.place,
            self.prescriber_last,
            self.prescriber_first,
            self.prescriber_npi,
            self.diagnoses,
        ]

    # --- pick lists -----------------------------------------------------------------------

    def set_choices(
        self,
        payers: list[Any],
        profiles: dict[str, Any],
        prescribers: list[Any],
        places: dict[str, str],
        practice: Any,
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
        data: dict[str, Any] = {"payer_profile": self.profile.value() or "nhia"}
        shown = {
            "last_name": self.last_name.value(),
            "first_name": self.first_name.value(),
            "dob": self.dob.value(),
            "sex": self.sex.value() or None,
            "member_id": self.member_id.value(),
        }
        address = {k: getattr(self, k).value() or "" for k in ADDRESS_KEYS}
        if any(shown.values()):
            data["patient"] = {**self._patient_extra, **{k: v for k, v in shown.items() if v is not None}}
            if any(address.values()):
                data["patient"]["address"] = address
            else:
                data["patient"].pop("address", None)
        record = self._payers.get(self.payer.value())
        if record is not None:
            data["payer"] = value_dict(record.payer)
        data["insured"] = self.insurance.values()
        data["prior_authorization"] = self.prior_authorization.value()
        if self.period_from.value() or self.period_to.value():
            data["billing_period"] = {"from": self.period_from.value(), "to": self.period_to.value()}
        data["place_of_service"] = self.place.value() or "12"
        prescriber = {
            "last_name": self.prescriber_last.value(),
            "first_name": self.prescriber_first.value(),
            "npi": self.prescriber_npi.value(),
        }
        if any(prescriber.values()):
            data["prescriber"] = prescriber
        data["provider"] = self._provider or self._practice
        data["diagnoses"] = [row["code"] for row in self.diagnoses.values()]
        data["_ui"] = {"payer_id": self.payer.value(), "prescriber_id": self.prescriber.value()}
        return {k: v for k, v in data.items() if v not in (None, "", [])}

    def set_values(self, data: dict[str, Any]) -> None:
        ui = data.get("_ui", {})
        patient = dict(data.get("patient") or {})
        for key, field in (
            ("last_name", self.last_name),
            ("first_name", self.first_name),
            ("dob", self.dob),
            ("sex", self.sex),
            ("member_id", self.member_id),
        ):
            field.set_value(patient.pop(key, None))
        address = patient.pop("address", None) or {}
        for key in ADDRESS_KEYS:
            getattr(self, key).set_value(address.get(key))
        self._patient_extra = patient
        self.insurance.set_values(data.get("insured"))
        self.payer.set_value(ui.get("payer_id") or self._payer_id_of(data.get("payer")))
        self.profile.set_value(data.get("payer_profile", "nhia"))
        self.prior_authorization.set_value(data.get("prior_authorization"))
        period = data.get("billing_period") or {}
        self.period_from.set_value(period.get("from"))
        self.period_to.set_value(period.get("to"))
        self.place.set_value(data.get("place_of_service", "12"))
        prescriber = data.get("prescriber") or {}
        self.prescriber.set_value(ui.get("prescriber_id") or self._prescriber_id_of(prescriber))
        self.prescriber_last.set_value(prescriber.get("last_name"))
        self.prescriber_first.set_value(prescriber.get("first_name"))
        self.prescriber_npi.set_value(prescriber.get("npi"))
        self.diagnoses.set_values([{"code": code} for code in data.get("diagnoses", [])])
        self._provider = data.get("provider")
        self._show_provider(self._provider or self._practice)

    def _payer_id_of(self, payer: dict[str, Any] | None) -> int | None:
        return id_of({k: r.payer for k, r in self._payers.items()}, payer)

    def _prescriber_id_of(self, prescriber: dict[str, Any]) -> int | None:
        return id_of(self._prescribers, prescriber)

    def register(self, paths: dict[str, QWidget]) -> None:
        paths.update(
            {
                "patient": self.last_name,
                "patient.last_name": self.last_name,
                "patient.first_name": self.first_name,
                "patient.dob": self.dob,
                "patient.sex": self.sex,
                "patient.member_id": self.member_id,
                "patient.address": self.street,
                "patient.address.street": self.street,
                "patient.address.city": self.city,
                "patient.address.state": self.state,
                "patient.address.zip": self.zip,
                "payer": self.payer,
                "payer_profile": self.profile,
                "prior_authorization": self.prior_authorization,
                "billing_period": self.period_from,
                "billing_period.from": self.period_from,
                "billing_period.to": self.period_to,
                "place_of_service": self.place,
                "prescriber": self.prescriber,
                "prescriber.last_name": self.prescriber_last,
                "prescriber.first_name": self.prescriber_first,
                "prescriber.npi": self.prescriber_npi,
                "provider": self.practice,
                "diagnoses": self.diagnoses_box,
            }
        )
        self.insurance.register(paths)
        self.diagnoses.register(paths, "diagnoses")
