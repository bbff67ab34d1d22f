"""The setup and patient calls of the GUI's ``Backend`` (a mixin, to keep modules short).

Each passes to ``infusiondesk.services``, as the CLI's calls do.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infusiondesk import services

if TYPE_CHECKING:
    from collections.abc import Callable

    from infusiondesk.rules.order import Insured, Patient, Payer, Prescriber, Provider


class SetupCalls:
    store: services.Store

    # --- setup ----------------------------------------------------------------------

    def practice(self) -> Provider | None:
        return services.get_practice(self.store)

    def set_practice(self, provider: Provider) -> None:
        services.set_practice(self.store, provider)

    def payers(self) -> list[services.PayerRecord]:
        return services.list_payers(self.store)

    def save_payer(self, payer: Payer, profile: str, payer_id: int | None = None) -> int:
        """Adds a payer, or edits the one with ``payer_id``."""
        return services.save_payer(self.store, payer, profile, payer_id)

    def prescribers(self) -> list[tuple[int, Prescriber]]:
        return services.list_prescribers(self.store)

    def add_prescriber(self, prescriber: Prescriber) -> int:
        return services.add_prescriber(self.store, prescriber)

    def update_prescriber(self, prescriber_id: int, prescriber: Prescriber) -> None:
        services.update_prescriber(self.store, prescriber_id, prescriber)

    def delete_prescriber(self, prescriber_id: int) -> None:
        """Refused, with a message naming them, while an order names the prescriber."""
        services.delete_prescriber(self.store, prescriber_id)

    def profile_copies(self) -> list[services.ProfileCopy]:
        return services.list_profile_copies(self.store)

    def save_profile_copy(self, key: str, label: str, based_on: str, settings: dict[str, Any]) -> None:
        """Checks the settings first; a bad one is refused with a message naming it."""
        services.save_profile_copy(self.store, key, label, based_on, settings)

    def delete_profile_copy(self, key: str) -> None:
        services.delete_profile_copy(self.store, key)

    def charges(self) -> list[services.Charge]:
        return services.list_charges(self.store)

    def set_charge(self, code: str, amount: Decimal, payer_id: int | None = None) -> None:
        services.set_charge(self.store, code, amount, payer_id)

    def remove_charge(self, code: str, payer_id: int | None = None) -> None:
        services.remove_charge(self.store, code, payer_id)

    def load_demo_data(self, today: date | None = None) -> None:
        """The sample practice's data; a practice already set up stays the practice."""
        services.load_demo_data(self.store, today=today)

    def has_demo_data(self) -> bool:
        return services.has_demo_data(self.store)

    def remove_demo_data(self) -> Any:
        """Only the sample's rows go; the biller's own stay (a DemoRemoval says what)."""
        return services.remove_demo_data(self.store)

    def backup(self) -> Path:
        return services.backup(self.store)

    def start_backup(self) -> Callable[[], Path]:
        """A backup counted as taken now; the returned work writes it (on a worker thread)."""
        return services.start_backup(self.store)

    def backup_failed(self) -> None:
        services.backup_failed(self.store)

    def backup_scheduler(self) -> Any:
        return services.backup_scheduler(self.store)

    def integrity_ok(self) -> bool | None:
        """The open-time check: None while it runs; raises CorruptDatabase when damaged."""
        return services.integrity_status(self.store)

    def location_warning(self) -> str | None:
        return services.location_warning(self.store)

    # --- the audit log (Help › Audit log) ----------------------------------------------

    def audit_entries(self, chosen: services.AuditFilter, limit: int | None = 1000) -> list[Any]:
        return services.audit_entries(self.store, chosen, limit)

    def audit_actors(self) -> list[str]:
        return services.audit_actors(self.store)

    def audit_chain_status(self) -> Any:
        return services.audit_chain_status(self.store)

    def save_audit_csv(self, chosen: services.AuditFilter, path: str) -> int:
        return services.save_audit_csv(self.store, chosen, path)

    def session_event(self, action: str) -> None:
        """The window locked or unlocked (the idle lock)."""
        services.session_event(self.store, action)

    # --- patients ---------------------------------------------------------------------

    def count_patients(self) -> int:
        """The lazy patient list needs the total."""
        return services.count_patients(self.store)

    def list_patients(self, offset: int, limit: int) -> list[services.PatientMatch]:
        """One page of every patient by name, for the lazy list."""
        return services.list_patients(self.store, offset, limit)

    def search_patients(self, text: str, limit: int = 500) -> list[services.PatientMatch]:
        return services.search_patients(self.store, text, limit)

    def get_patient(self, patient_id: int) -> Patient:
        return services.get_patient(self.store, patient_id)

    def save_patient(self, patient: Patient, patient_id: int | None = None) -> int:
        return services.save_patient(self.store, patient, patient_id)

    def patient_coverage(self, patient_id: int | None) -> services.Coverage:
        """The patient's insurance (empty for a patient not saved yet)."""
        if patient_id is None:
            return services.Coverage()
        return services.get_patient_coverage(self.store, patient_id)

    def save_patient_coverage(self, patient_id: int, coverage: services.Coverage) -> bool:
        """Keep ``coverage`` with the patient (audited); orders keep their own copy."""
        return services.save_patient_coverage(self.store, patient_id, coverage)

    def coverage_from_fields(self, payer_id: int | None, insured: dict[str, Any] | None) -> services.Coverage:
        """The coverage the insurance fields hold (their order-v1 ``insured`` mapping);
        raises OrderFileError naming an ``insured.…`` field that can't be read."""
        return services.coverage_from_mapping(payer_id, insured)

    def coverage_insured(self, coverage: services.Coverage) -> Insured | None:
        """The insured an order for this coverage carries (group and plan included)."""
        return services.coverage_insured(coverage)
