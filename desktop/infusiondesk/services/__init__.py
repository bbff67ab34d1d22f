"""The one facade the GUI and the CLI share: open the store, save and load orders,
compute, record and reprint claims, set up the practice, find patients, keep drafts,
print, back up and check.

Every function takes an open ``Store`` (from ``open_store``) and returns values;
failures are ``StoreError`` subclasses whose message is shown as is, or
``OrderFileError`` (``.problems``) for an order that cannot be read. The modules are
by job (``opening``, ``orders``, ``billing``, ``claims``, ``setup``, ``patients``,
``drafts``, ``printing``); everything public is re-exported here, with the ``store``
functions used as they are (a services function never just forwards), so callers write
``services.compute_order(...)`` without knowing where it lives. The GUI and the CLI's
store commands hold a ``Practice`` (``practice.py``): the same functions with the store
bound, in small named parts (``practice.orders.save(order)``).
"""

from __future__ import annotations

from infusiondesk.claims.calendar import CalendarTherapy, CalendarVisit, ServiceCalendar
from infusiondesk.claims.claim import Claim
from infusiondesk.services import users
from infusiondesk.services.audit import (
    AuditEntry,
    AuditFilter,
    audit_actors,
    audit_csv,
    audit_entries,
    database_backed_up,
    database_restored,
    describe,
    order_exported,
    order_viewed,
    patient_viewed,
    patients_searched,
    save_audit_csv,
    session_event,
)
from infusiondesk.services.billing import (
    compute_claim,
    compute_order,
    form_problems,
    known_profiles,
    order_for_claim,
    paper_problems,
    priced_order,
    print_check,
    profile_for,
    profile_of,
    refusals,
    service_calendar,
)
from infusiondesk.services.claims import (
    RecordedClaim,
    claim_for_printing,
    exported_among,
    load_order_with_claim,
    next_statuses,
    record_correction,
    record_printed_claim,
    record_reprint,
    set_claim_status,
)
from infusiondesk.services.drafts import (
    EDITOR_DRAFT,
    adopt_draft_file,
)
from infusiondesk.services.opening import (
    CheckReport,
    audit_chain_status,
    backup,
    backup_scheduler,
    check,
    close_store,
    integrity_status,
    list_backups,
    location_warning,
    open_store,
    restorable_backups,
    restore_backup,
    start_backup,
)
from infusiondesk.services.orders import (
    export_order,
    import_order,
    load_order,
    order_data,
    order_patient_id,
    parse_order_data,
    places_of_service,
    read_order_file,
    reference_data,
    restore_order_version,
    save_order,
    save_order_file,
    supply_codes,
)
from infusiondesk.services.patients import (
    coverage_from_insured,
    coverage_from_mapping,
    coverage_insured,
    get_patient,
    search_patients,
)
from infusiondesk.services.practice import Practice
from infusiondesk.services.printing import (
    alignment_test_pdf,
    as_form,
    print_problems,
    render_claims,
    render_order_files,
    save_pdf,
)
from infusiondesk.services.setup import (
    add_payer,
    add_prescriber,
    delete_prescriber,
    delete_profile_copy,
    has_demo_data,
    load_demo_data,
    payer_problems,
    practice_problems,
    prescriber_problems,
    remove_charge,
    remove_demo_data,
    save_payer,
    save_profile_copy,
    set_charge,
    set_practice,
    update_payer,
    update_prescriber,
)

# The store's types, and its functions that a services one would only have forwarded
# (same arguments, same result): re-exported, so callers still find them here.
from infusiondesk.store.backup_jobs import backup_failed
from infusiondesk.store.charges import Charge, list_charges
from infusiondesk.store.claims import ClaimRecord, claims_for_order, get_claim, list_claims
from infusiondesk.store.coverage import Coverage
from infusiondesk.store.coverage import get_coverage as get_patient_coverage
from infusiondesk.store.coverage import save_coverage as save_patient_coverage
from infusiondesk.store.database import Store
from infusiondesk.store.drafts import DraftInfo, clear_draft, list_drafts, load_draft, save_draft
from infusiondesk.store.errors import NotFound, Refused, StoreError
from infusiondesk.store.order_versions import order_versions, orders_with_patient_changes
from infusiondesk.store.orders import OrderSummary, SavedOrder, delete_order, list_orders
from infusiondesk.store.patients import PatientMatch, count_patients, list_patients, save_patient
from infusiondesk.store.profiles import ProfileCopy, list_profile_copies
from infusiondesk.store.setup import PayerRecord, get_practice, list_payers, list_prescribers

__all__ = [
    "EDITOR_DRAFT",
    "AuditEntry",
    "AuditFilter",
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
    "Practice",
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
    "as_form",
    "audit_actors",
    "audit_chain_status",
    "audit_csv",
    "audit_entries",
    "backup",
    "backup_failed",
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
    "database_backed_up",
    "database_restored",
    "delete_order",
    "delete_prescriber",
    "delete_profile_copy",
    "describe",
    "export_order",
    "exported_among",
    "form_problems",
    "get_claim",
    "get_patient",
    "get_patient_coverage",
    "get_practice",
    "has_demo_data",
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
    "order_exported",
    "order_for_claim",
    "order_patient_id",
    "order_versions",
    "order_viewed",
    "orders_with_patient_changes",
    "paper_problems",
    "parse_order_data",
    "patient_viewed",
    "patients_searched",
    "payer_problems",
    "places_of_service",
    "practice_problems",
    "prescriber_problems",
    "priced_order",
    "print_check",
    "print_problems",
    "profile_for",
    "profile_of",
    "read_order_file",
    "record_correction",
    "record_printed_claim",
    "record_reprint",
    "reference_data",
    "refusals",
    "remove_charge",
    "remove_demo_data",
    "render_claims",
    "render_order_files",
    "restorable_backups",
    "restore_backup",
    "restore_order_version",
    "save_audit_csv",
    "save_draft",
    "save_order",
    "save_order_file",
    "save_patient",
    "save_patient_coverage",
    "save_payer",
    "save_pdf",
    "save_profile_copy",
    "search_patients",
    "service_calendar",
    "session_event",
    "set_charge",
    "set_claim_status",
    "set_practice",
    "start_backup",
    "supply_codes",
    "update_payer",
    "update_prescriber",
    "users",
]
