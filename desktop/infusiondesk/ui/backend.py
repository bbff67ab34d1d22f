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
from functools import cached_property
from pathlib import Path
from typing import Any

from infusiondesk import services
from infusiondesk.claims.build import build_claim
from infusiondesk.claims.claim import Claim
from infusiondesk.codesets import code_kinds, load_reference, place_of_service_codes
from infusiondesk.rules.catalogue import Reference
from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import Order, Payer
from infusiondesk.rules.profile import PayerProfile
from infusiondesk.store import charges as charge_table
from infusiondesk.store import claims as claim_table
from infusiondesk.store.claims import ClaimRecord
from infusiondesk.store.database import Store
from infusiondesk.ui.backend_setup import SetupCalls

DRAFT_FILE = "order-draft.json"


@dataclass(frozen=True, slots=True)
class CalendarTherapy:
    """What the service calendar shows for one therapy (from the rules engine)."""

    label: str
    code: str | None
    service_days: tuple[date, ...]
    administration_days: tuple[date, ...]
    holds: tuple[DateRange, ...]


class Backend(SetupCalls):
    """An open practice database and everything the GUI asks of it (setup and patient
    calls in ``backend_setup``)."""

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

    # --- orders ---------------------------------------------------------------------

    def list_orders(self, patient_id: int | None = None, limit: int = 200, offset: int = 0):
        return services.list_orders(self.store, patient_id=patient_id, limit=limit, offset=offset)

    def load_order(self, order_id: int) -> Order:
        return services.load_order(self.store, order_id)

    def save_order(
        self, order: Order, order_id: int | None = None, patient_id: int | None = None
    ) -> services.SavedOrder:
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

        profile = self.profiles().get(order.payer_profile) or next(iter(self.reference.profiles.values()))
        found = []
        for therapy in order.therapies:
            entry = self.reference.therapies.get(therapy.therapy)
            if entry is None or therapy.stop < therapy.start:
                continue
            days = therapy_days(therapy, entry, profile, order.billing_period)
            found.append(
                CalendarTherapy(
                    entry.label, days.code, days.service_days, days.administration_days, therapy.holds
                )
            )
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

    def set_claim_status(
        self, claim_id: int, status: str, payer_claim_number: str | None = None
    ) -> ClaimRecord:
        return services.set_claim_status(self.store, claim_id, status, payer_claim_number)

    def record_correction(
        self, claim_id: int, code: str, original_ref: str | None = None
    ) -> services.RecordedClaim:
        """The corrected claim (recorded as printed) and its record, to print it now."""
        return services.record_correction(self.store, claim_id, code, original_ref)

    def next_statuses(self, status: str) -> list[str]:
        return sorted(claim_table.NEXT_STATUS.get(status, ()))

    # --- printing ----------------------------------------------------------------------

    def render_pdf(
        self,
        claims: list[Claim],
        form: str,
        offset_x: float = 0,
        offset_y: float = 0,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        **decisions: bool,
    ) -> bytes:
        """PDF bytes; ``decisions``: allow_shorten, split, force (output.pdf.render_claims).
        Pure (no database), so it may run off the GUI thread."""
        from infusiondesk.output.pdf import render_claims  # GAP: services.render_claims

        return render_claims(
            claims,
            form=form,
            offset_x=offset_x,
            offset_y=offset_y,
            progress=progress,
            cancel=cancel,
            **decisions,
        )

    def alignment_pdf(self, offset_x: float = 0, offset_y: float = 0) -> bytes:
        from infusiondesk.output.redform import alignment_test_pdf

        return alignment_test_pdf(offset_x=offset_x, offset_y=offset_y)
