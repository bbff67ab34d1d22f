"""The one facade the GUI and the CLI share: open the store, save and load orders,
compute, record and reprint claims, set up the practice, find patients, keep drafts,
print, back up and check.

Every function takes an open ``Store`` (from ``open_store``) and returns values;
failures are ``StoreError`` subclasses whose message is shown as is, or
``OrderFileError`` (``.problems``) for an order that cannot be read. The modules are
by job (``opening``, ``orders``, ``billing``, ``claims``, ``setup``, ``patients``,
``drafts``, ``printing``); everything public is re-exported here, so callers write
``services.compute_order(...)`` without knowing where it lives.
"""

from __future__ import annotations

from infusiondesk.claims.calendar import CalendarTherapy, CalendarVisit, ServiceCalendar
from infusiondesk.claims.claim import Claim
from infusiondesk.services.billing import (
    compute_claim,
    compute_order,
    known_profiles,
    order_for_claim,
    priced_order,
    profile_for,
    profile_of,
    service_calendar,
)
from infusiondesk.services.claims import (
    RecordedClaim,
    claim_for_printing,
    claims_for_order,
    get_claim,
    list_claims,
    load_order_with_claim,
    next_statuses,
    record_correction,
    record_printed_claim,
    set_claim_status,
)
from infusiondesk.services.drafts import (
    EDITOR_DRAFT,
    adopt_draft_file,
    clear_draft,
    list_drafts,
    load_draft,
    save_draft,
)
from infusiondesk.services.opening import (
    CheckReport,
    backup,
    backup_scheduler,
    check,
    close_store,
    integrity_status,
    list_backups,
    location_warning,
    open_store,
    restore_backup,
)
from infusiondesk.services.orders import (
    delete_order,
    export_order,
    import_order,
    list_orders,
    load_order,
    order_data,
    parse_order_data,
    places_of_service,
    reference_data,
    save_order,
    supply_codes,
)
from infusiondesk.services.patients import (
    count_patients,
    coverage_from_insured,
    coverage_from_mapping,
    coverage_insured,
    get_patient,
    get_patient_coverage,
    list_patients,
    save_patient,
    save_patient_coverage,
    search_patients,
)
from infusiondesk.services.printing import alignment_test_pdf, render_claims
from infusiondesk.services.setup import (
    add_payer,
    add_prescriber,
    delete_prescriber,
    delete_profile_copy,
    get_practice,
    list_charges,
    list_payers,
    list_prescribers,
    list_profile_copies,
    load_demo_data,
    remove_charge,
    save_payer,
    save_profile_copy,
    set_charge,
    set_practice,
    update_payer,
    update_prescriber,
)
from infusiondesk.store.charges import Charge
from infusiondesk.store.claims import ClaimRecord
from infusiondesk.store.coverage import Coverage
from infusiondesk.store.database import Store
from infusiondesk.store.drafts import DraftInfo
from infusiondesk.store.errors import NotFound, Refused, StoreError
from infusiondesk.store.orders import OrderSummary, SavedOrder
from infusiondesk.store.patients import PatientMatch
from infusiondesk.store.profiles import ProfileCopy
from infusiondesk.store.setup import PayerRecord

__all__ = [
    "EDITOR_DRAFT",
    "CalendarTherapy",
    "CalendarVisit",
    "Charge",
    "CheckReport",
    "Claim",
    "ClaimRecord",
    "Coverage",
    "DraftInfo",
    "NotFound",
    "OrderSummary",
    "PatientMatch",
    "PayerRecord",
    "ProfileCopy",
    "RecordedClaim",
    "Refused",
    "SavedOrder",
    "ServiceCalendar",
    "Store",
    "StoreError",
    "add_payer",
    "add_prescriber",
    "adopt_draft_file",
    "alignment_test_pdf",
    "backup",
    "backup_scheduler",
    "check",
    "claim_for_printing",
    "claims_for_order",
    "clear_draft",
    "close_store",
    "compute_claim",
    "compute_order",
    "count_patients",
    "coverage_from_insured",
    "coverage_from_mapping",
    "coverage_insured",
    "delete_order",
    "delete_prescriber",
    "delete_profile_copy",
    "export_order",
    "get_claim",
    "get_patient",
    "get_patient_coverage",
    "get_practice",
    "import_order",
    "integrity_status",
    "known_profiles",
    "list_backups",
    "list_charges",
    "list_claims",
    "list_drafts",
    "list_orders",
    "list_patients",
    "list_payers",
    "list_prescribers",
    "list_profile_copies",
    "load_demo_data",
    "load_draft",
    "load_order",
    "load_order_with_claim",
    "location_warning",
    "next_statuses",
    "open_store",
    "order_data",
    "order_for_claim",
    "parse_order_data",
    "places_of_service",
    "priced_order",
    "profile_for",
    "profile_of",
    "record_correction",
    "record_printed_claim",
    "reference_data",
    "remove_charge",
    "render_claims",
    "restore_backup",
    "save_draft",
    "save_order",
    "save_patient",
    "save_patient_coverage",
    "save_payer",
    "save_profile_copy",
    "search_patients",
    "service_calendar",
    "set_charge",
    "set_claim_status",
    "set_practice",
    "supply_codes",
    "update_payer",
    "update_prescriber",
]
