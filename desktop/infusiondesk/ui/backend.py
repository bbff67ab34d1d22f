"""The one object the screens talk to: ``services`` behind a small, GUI-shaped API.

Screens never import ``services``, the store or the rules' billing functions; they
call a ``Backend``. Most methods pass straight to ``infusiondesk.services``. A few
calls the GUI needs are not (yet) in ``services``; those are marked ``GAP`` and
reach the store's table modules through their public functions (never SQL), so
moving them into ``services`` later changes only this file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from infusiondesk import services
from infusiondesk.claims.build import build_claim
from infusiondesk.claims.claim import Claim
from infusiondesk.codesets import code_kinds, load_reference, place_of_service_codes
from infusiondesk.rules.catalogue import Reference
from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import Order, Patient, Payer, Prescriber, Provider
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.store import charges as charge_table
from infusiondesk.store import claims as claim_table
from infusiondesk.store import patients as patient_table
from infusiondesk.store import profiles as profile_table
from infusiondesk.store import setup as setup_table
from infusiondesk.store.claims import ClaimRecord
from infusiondesk.store.database import Store

DRAFT_FILE = "order-draft.json"


@dataclass(frozen=True, slots=True)
class CalendarTherapy:
    """What the service calendar shows for one therapy (from the rules engine)."""

    label: str
    code: str | None
    service_days: tuple[date, ...]
    administration_days: tuple[date, ...]
    holds: tuple[DateRange, ...]


class Backend:
    """An open practice database and everything the GUI asks of it."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, data_dir: str | Path | None = None) -> Backend:
        return cls(services.open_store(data_dir, if_in_use="read-only"))

    def close(self) -> None:
        services.close_store(self.store)

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def data_dir(self) -> Path:
        return self.store.path.parent

    # --- reference data (pick lists) -------------------------------------------------

    @cached_property
    def reference(self) -> Reference:
        return load_reference()

    def places_of_service(self) -> dict[str, str]:
        return place_of_service_codes()

    def supply_codes(self) -> dict[str, str]:
        """Supply and equipment codes with their short descriptions, for the supply picker."""
        kinds = code_kinds()
        found = {}
        for code, versions in self.reference.descriptors.items():
            if kinds.get(code) in ("supply", "equipment") and versions:
                found[code] = versions[-1].short
        return dict(sorted(found.items()))

    def profiles(self) -> dict[str, PayerProfile]:
        return services.known_profiles(self.store)

    def shipped_profile_keys(self) -> set[str]:
        return set(self.reference.profiles)

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

    def save_profile_copy(self, key: str, label: str, based_on: str,
                          settings: dict[str, Any]) -> None:
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
                limit=limit, offset=offset)
            return [patient_table.PatientMatch(r["id"], r["last_name"], r["first_name"],
                                               _day(r["dob"]), r["member_id"]) for r in rows]

    def search_patients(self, text: str, limit: int = 500) -> list[patient_table.PatientMatch]:
        return services.search_patients(self.store, text, limit)

    def get_patient(self, patient_id: int) -> Patient:
        return patient_table.get_patient(self.store, patient_id).patient  # GAP

    def save_patient(self, patient: Patient, patient_id: int | None = None) -> int:
        return patient_table.save_patient(self.store, patient, patient_id)  # GAP

    # --- orders ---------------------------------------------------------------------

    def list_orders(self, patient_id: int | None = None, limit: int = 200, offset: int = 0):
        return services.list_orders(self.store, patient_id=patient_id, limit=limit,
                                    offset=offset)

    def load_order(self, order_id: int) -> Order:
        return services.load_order(self.store, order_id)

    def save_order(self, order: Order, order_id: int | None = None,
                   patient_id: int | None = None) -> services.SavedOrder:
        return services.save_order(self.store, order, order_id, patient_id)

    def delete_order(self, order_id: int) -> None:
        services.delete_order(self.store, order_id)

    def export_order(self, order: Order) -> dict[str, Any]:
        from infusiondesk.claims.order_file import order_to_dict

        return order_to_dict(order)

    def parse_order(self, data: dict[str, Any]) -> Order:
        """Raises OrderFileError whose problems name the fields the editor must mark."""
        return services.parse_order_data(self.store, data)

    def payer_id_of(self, payer: Payer | None) -> int | None:
        for record in self.payers():
            if payer is not None and record.payer == payer:
                return record.id
        return None

    def compute_order(self, order: Order, payer_id: int | None = None) -> Claim:
        """GAP: services.compute_order. The live panel's claim for an unsaved order:
        the charge master's charges for its payer (order charges win), its profile."""
        from dataclasses import replace
        from types import MappingProxyType

        prices = charge_table.charges_for(self.store, payer_id)
        prices.update(order.charges)
        order = replace(order, charges=MappingProxyType(prices))
        profile = self.profiles().get(order.payer_profile)
        return build_claim(order, self.reference, profile)

    def service_calendar(self, order: Order) -> list[CalendarTherapy]:
        """GAP: services.service_calendar. Each therapy's billed and dosing days as the
        rules engine computes them (rules.per_diem), so the calendar never re-derives them."""
        from infusiondesk.rules.per_diem import therapy_days

        profile = self.profiles().get(order.payer_profile) or next(
            iter(self.reference.profiles.values()))
        found = []
        for therapy in order.therapies:
            entry = self.reference.therapies.get(therapy.therapy)
            if entry is None or therapy.stop < therapy.start:
                continue
            days = therapy_days(therapy, entry, profile, order.billing_period)
            found.append(CalendarTherapy(entry.label, days.code, days.service_days,
                                         days.administration_days, therapy.holds))
        return found

    # --- drafts -----------------------------------------------------------------------

    def save_draft(self, data: dict[str, Any]) -> None:
        """GAP: services.save_draft. The editor's unsaved order, beside the database
        (the same protected folder), replaced atomically; removed once saved."""
        path = self.data_dir / DRAFT_FILE
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        partial.replace(path)

    def load_draft(self) -> dict[str, Any] | None:
        path = self.data_dir / DRAFT_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def clear_draft(self) -> None:
        (self.data_dir / DRAFT_FILE).unlink(missing_ok=True)

    # --- claims ------------------------------------------------------------------------

    def compute_claim(self, order_id: int) -> Claim:
        return services.compute_claim(self.store, order_id)

    def record_printed_claim(self, order_id: int, claim: Claim) -> ClaimRecord:
        return services.record_printed_claim(self.store, order_id, claim).record

    def list_claims(self, status: str | None = None) -> list[ClaimRecord]:
        """GAP: services.list_claims(status, since, until, payer). Every claim, newest first."""
        found: list[ClaimRecord] = []
        offset = 0
        while batch := services.list_orders(self.store, limit=500, offset=offset):
            for summary in batch:
                found += claim_table.claims_for_order(self.store, summary.id)
            offset += len(batch)
        found.sort(key=lambda record: record.id, reverse=True)
        return [r for r in found if status is None or r.status == status]

    def get_claim(self, claim_id: int) -> ClaimRecord:
        return claim_table.get_claim(self.store, claim_id)  # GAP: services.get_claim

    def set_claim_status(self, claim_id: int, status: str,
                         payer_claim_number: str | None = None) -> ClaimRecord:
        return services.set_claim_status(self.store, claim_id, status, payer_claim_number)

    def record_correction(self, claim_id: int, code: str,
                          original_ref: str | None = None) -> services.RecordedClaim:
        """The corrected claim (recorded as printed) and its record, to print it now."""
        return services.record_correction(self.store, claim_id, code, original_ref)

    def next_statuses(self, status: str) -> list[str]:
        return sorted(claim_table.NEXT_STATUS.get(status, ()))

    # --- printing ----------------------------------------------------------------------

    def render_pdf(self, claims: list[Claim], form: str, offset_x: float = 0,
                   offset_y: float = 0, progress: Callable[[int, int], None] | None = None,
                   cancel: Callable[[], bool] | None = None, **decisions: bool) -> bytes:
        """PDF bytes; ``decisions``: allow_shorten, split, force (output.pdf.render_claims).
        Pure (no database), so it may run off the GUI thread."""
        from infusiondesk.output.pdf import render_claims  # GAP: services.render_claims

        return render_claims(claims, form=form, offset_x=offset_x, offset_y=offset_y,
                             progress=progress, cancel=cancel, **decisions)

    def alignment_pdf(self, offset_x: float = 0, offset_y: float = 0) -> bytes:
        from infusiondesk.output.redform import alignment_test_pdf

        return alignment_test_pdf(offset_x=offset_x, offset_y=offset_y)


def _day(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)
