"""The setup and patient calls of the GUI's ``Backend`` (a mixin, to keep modules short).

Calls marked ``GAP`` are not in ``services`` yet; they use the store's table modules'
public functions (never SQL of their own, except the sqlite-utils paging noted).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from infusiondesk import services
from infusiondesk.rules.order import Patient, Payer, Prescriber, Provider
from infusiondesk.store import charges as charge_table
from infusiondesk.store import patients as patient_table
from infusiondesk.store import profiles as profile_table
from infusiondesk.store import setup as setup_table
from infusiondesk.store.database import Store


class SetupCalls:
    store: Store

    # --- setup ----------------------------------------------------------------------

    def practice(self) -> Provider | None:
        return setup_table.get_practice(self.store)  # GAP: services.get_practice

    def set_practice(self, provider: Provider) -> None:
        setup_table.set_practice(self.store, provider)  # GAP: services.set_practice

    def payers(self) -> list[setup_table.PayerRecord]:
        return setup_table.list_payers(self.store)  # GAP: services.list_payers

    def save_payer(self, payer: Payer, profile: str, payer_id: int | None = None) -> int:
        """GAP: services.save_payer. Adds a payer, or edits the one with ``payer_id``."""
        if payer_id is None:
            return setup_table.add_payer(self.store, payer, profile)
        setup_table.update_payer(self.store, payer_id, payer, profile)
        return payer_id

    def prescribers(self) -> list[tuple[int, Prescriber]]:
        return setup_table.list_prescribers(self.store)  # GAP: services.list_prescribers

    def add_prescriber(self, prescriber: Prescriber) -> int:
        return setup_table.add_prescriber(self.store, prescriber)  # GAP

    def profile_copies(self) -> list[profile_table.ProfileCopy]:
        return profile_table.list_profile_copies(self.store)  # GAP

    def save_profile_copy(self, key: str, label: str, based_on: str, settings: dict[str, Any]) -> None:
        """GAP: services.save_profile_copy (checks the settings first, naming the bad one)."""
        from infusiondesk.codesets import profile_from_mapping

        profile_from_mapping({**settings, "key": key, "label": label})
        profile_table.save_profile_copy(self.store, key, label, based_on, settings)

    def delete_profile_copy(self, key: str) -> None:
        profile_table.delete_profile_copy(self.store, key)  # GAP

    def charges(self) -> list[charge_table.Charge]:
        return charge_table.list_charges(self.store)  # GAP: services.list_charges

    def set_charge(self, code: str, amount: Decimal, payer_id: int | None = None) -> None:
        services.set_charge(self.store, code, amount, payer_id)

    def remove_charge(self, code: str, payer_id: int | None = None) -> None:
        charge_table.remove_charge(self.store, code, payer_id)  # GAP

    def load_demo_data(self, today: date | None = None) -> None:
        from infusiondesk.demo_data import load_demo_data

        load_demo_data(self.store, today=today)  # GAP: services.load_demo_data

    def backup(self) -> Path:
        return services.backup(self.store)

    def backup_scheduler(self) -> Any:
        return services.backup_scheduler(self.store)

    def integrity_ok(self) -> bool | None:
        """The open-time check: None while it runs; raises CorruptDatabase when damaged."""
        return services.integrity_status(self.store)

    def location_warning(self) -> str | None:
        return services.location_warning(self.store)

    # --- patients ---------------------------------------------------------------------

    def count_patients(self) -> int:
        """GAP: services.count_patients (the lazy patient list needs the total)."""
        with self.store.reading() as db:
            return int(db["patients"].count)

    def list_patients(self, offset: int, limit: int) -> list[patient_table.PatientMatch]:
        """GAP: services.list_patients(offset, limit), by name: pages for the lazy list."""
        with self.store.reading() as db:
            rows = db["patients"].rows_where(
                select="id, last_name, first_name, dob, member_id",
                order_by="last_name COLLATE NOCASE, first_name COLLATE NOCASE, dob, id",
                limit=limit,
                offset=offset,
            )
            return [
                patient_table.PatientMatch(
                    r["id"], r["last_name"], r["first_name"], _day(r["dob"]), r["member_id"]
                )
                for r in rows
            ]

    def search_patients(self, text: str, limit: int = 500) -> list[patient_table.PatientMatch]:
        return services.search_patients(self.store, text, limit)

    def get_patient(self, patient_id: int) -> Patient:
        return patient_table.get_patient(self.store, patient_id).patient  # GAP

    def save_patient(self, patient: Patient, patient_id: int | None = None) -> int:
        return patient_table.save_patient(self.store, patient, patient_id)  # GAP


def _day(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)
