"""The one object the screens talk to: ``services`` behind a small, GUI-shaped API.

Screens never import ``services``, the store or the rules' billing functions; they
call a ``Backend``. Every method passes to ``infusiondesk.services`` (the same calls
the CLI makes), so nothing here computes billing or touches a table.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infusiondesk import services
from infusiondesk.ui.backend_setup import SetupCalls

if TYPE_CHECKING:
    from infusiondesk.rules.catalogue import Reference
    from infusiondesk.rules.order import Order, Payer
    from infusiondesk.rules.profile import PayerProfile

# What the service calendar shows for one therapy (claims.calendar, from the rules engine).
CalendarTherapy = services.CalendarTherapy
Claim = services.Claim
ClaimRecord = services.ClaimRecord


class Backend(SetupCalls):
    """An open practice database and everything the GUI asks of it (setup and patient
    calls in ``backend_setup``)."""

    def __init__(self, store: services.Store) -> None:
        self.store = store
        # Whether the editor's draft is in the database: the editor asks to clear it
        # whenever nothing is unsaved, which then costs no query.
        self._draft_kept = services.load_draft(store, services.EDITOR_DRAFT) is not None

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
        return services.reference_data()

    def places_of_service(self) -> dict[str, str]:
        return services.places_of_service()

    def supply_codes(self) -> dict[str, str]:
        """Supply and equipment codes with their short descriptions, for the supply picker."""
        return services.supply_codes()

    def profiles(self) -> dict[str, PayerProfile]:
        return services.known_profiles(self.store)

    def shipped_profile_keys(self) -> set[str]:
        return set(self.reference.profiles)

    # --- orders ---------------------------------------------------------------------

    def list_orders(self, patient_id: int | None = None, limit: int = 200, offset: int = 0):
        return services.list_orders(self.store, patient_id=patient_id, limit=limit, offset=offset)

    def load_order(self, order_id: int) -> Order:
        return services.load_order(self.store, order_id)

    def order_versions(self, order_id: int) -> list[Any]:
        return services.order_versions(self.store, order_id)

    def orders_with_patient_changes(self) -> list[int]:
        return services.orders_with_patient_changes(self.store)

    def restore_order_version(self, order_id: int, version: int) -> services.SavedOrder:
        return services.restore_order_version(self.store, order_id, version)

    def order_patient_id(self, order_id: int) -> int | None:
        return services.order_patient_id(self.store, order_id)

    def save_order(
        self, order: Order, order_id: int | None = None, patient_id: int | None = None
    ) -> services.SavedOrder:
        return services.save_order(self.store, order, order_id, patient_id)

    def delete_order(self, order_id: int) -> None:
        services.delete_order(self.store, order_id)

    def export_order(self, order: Order) -> dict[str, Any]:
        return services.order_data(order)

    def save_order_file(self, order: Order, path: str, order_id: int | None) -> None:
        """Write the order file (audited, owner-only); raises OSError."""
        services.save_order_file(self.store, order, path, order_id)

    def parse_order(self, data: dict[str, Any]) -> Order:
        """Raises OrderFileError whose problems name the fields the editor must mark."""
        return services.parse_order_data(self.store, data)

    def payer_id_of(self, payer: Payer | None) -> int | None:
        for record in self.payers():
            if payer is not None and record.payer == payer:
                return record.id
        return None

    def compute_order(self, order: Order, payer_id: int | None = None) -> Claim:
        """The live panel's claim for an unsaved order: its payer's charges, its profile.
        What printing would refuse (``print_check``) is added by the panel's check."""
        return services.compute_order(self.store, order, payer_id)

    def print_check(self, claim: Claim) -> tuple[Any, ...]:
        """The problems the live panel shows: the same check printing refuses on."""
        return services.print_check(claim)

    def service_calendar(self, order: Order, payer_id: int | None = None) -> tuple[CalendarTherapy, ...]:
        """Each therapy's billed, dosing and hold days as the rules engine counts them."""
        return services.service_calendar(self.store, order, payer_id).therapies

    # --- drafts (in the database: they hold patient details) ---------------------------

    def save_draft(self, data: dict[str, Any]) -> None:
        """The editor's unsaved order; removed once the order is saved."""
        services.save_draft(self.store, services.EDITOR_DRAFT, data)
        self._draft_kept = True

    def load_draft(self) -> dict[str, Any] | None:
        return services.load_draft(self.store, services.EDITOR_DRAFT)

    def clear_draft(self) -> None:
        if self._draft_kept:
            services.clear_draft(self.store, services.EDITOR_DRAFT)
            self._draft_kept = False

    # --- claims ------------------------------------------------------------------------

    def compute_claim(self, order_id: int) -> Claim:
        return services.compute_claim(self.store, order_id)

    def record_printed_claim(self, order_id: int, claim: Claim, how: str = "printed") -> ClaimRecord:
        return services.record_printed_claim(self.store, order_id, claim, how=how).record

    def exported_among(self, claim_ids: list[int]) -> frozenset[int]:
        """Those claims that went out in an 837P file ("Submitted (837P)")."""
        return services.exported_among(self.store, claim_ids)

    def record_reprint(self, claim_id: int, how: str = "printed") -> None:
        services.record_reprint(self.store, claim_id, how)

    def list_claims(self, status: str | None = None, **filters: Any) -> list[ClaimRecord]:
        """Claims newest first; ``filters``: since, until, payer_id, limit, offset."""
        return services.list_claims(self.store, status=status, **filters)

    def get_claim(self, claim_id: int) -> ClaimRecord:
        return services.get_claim(self.store, claim_id)

    def claim_for_printing(self, claim_id: int) -> Claim:
        """A recorded claim exactly as printed (its snapshot), to preview or print again."""
        return services.claim_for_printing(self.store, claim_id)

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
        return services.next_statuses(status)

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
        return services.render_claims(
            claims,
            form=form,
            offset_x=offset_x,
            offset_y=offset_y,
            progress=progress,
            cancel=cancel,
            **decisions,
        )

    def alignment_pdf(self, offset_x: float = 0, offset_y: float = 0) -> bytes:
        return services.alignment_test_pdf(offset_x=offset_x, offset_y=offset_y)
