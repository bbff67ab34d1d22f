"""``Practice``: one opened data folder, as Anki's ``Collection`` is one opened profile.

It holds the store, the reference data and the data folder, and is what the GUI keeps
and what a CLI store command opens. Its small named parts (``practice.orders``,
``.patients``, ``.claims``, ``.setup``, ``.drafts``, ``.backups``, ``.printing``,
``.electronic``, ``.audit``, ``.users``) are the ``services`` functions with the store (or the data
folder) bound, so ``practice.orders.save(order)`` is ``services.save_order(store,
order)``: nothing here computes billing or touches a table, and a new operation is one
line in its part. Where a services function would only forward to the store with the
same arguments, the part binds the ``store`` function itself. Binding is by a typed
descriptor (``_store_bound``), so each method keeps the function's signature and
docstring for the reader and the type checker.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

import infusiondesk.services.audit as audit
import infusiondesk.services.billing as billing
import infusiondesk.services.claims as claims
import infusiondesk.services.drafts as drafts
import infusiondesk.services.electronic as electronic
import infusiondesk.services.opening as opening
import infusiondesk.services.orders as orders
import infusiondesk.services.patients as patients
import infusiondesk.services.printing as printing
import infusiondesk.services.setup as setup
import infusiondesk.services.users as users
from infusiondesk.store.backup_jobs import backup_failed
from infusiondesk.store.charges import list_charges
from infusiondesk.store.claims import claims_for_order, get_claim, list_claims
from infusiondesk.store.coverage import Coverage, get_coverage, save_coverage
from infusiondesk.store.drafts import clear_draft, list_drafts, load_draft, save_draft
from infusiondesk.store.exports import list_exports
from infusiondesk.store.order_versions import order_versions, orders_with_patient_changes
from infusiondesk.store.orders import delete_order, list_orders
from infusiondesk.store.patients import count_patients, list_patients, save_patient
from infusiondesk.store.profiles import list_profile_copies
from infusiondesk.store.setup import get_practice, list_payers, list_prescribers

if TYPE_CHECKING:
    from infusiondesk.claims.calendar import CalendarTherapy
    from infusiondesk.claims.claim import Claim
    from infusiondesk.rules.catalogue import Reference
    from infusiondesk.rules.order import Payer
    from infusiondesk.store.claims import ClaimRecord
    from infusiondesk.store.database import Store

P = ParamSpec("P")
R = TypeVar("R")
First = TypeVar("First")


class _Bound(Generic[First, P, R]):
    """A ``services`` function taking its part's store (or, for ``Users``, its data
    folder) first, read as a method of the part: ``part.name(...)`` calls
    ``function(part.store, ...)``. The part names what it binds in ``BINDS``."""

    def __init__(self, function: Callable[Concatenate[First, P], R]) -> None:
        self.function = function
        self.__doc__ = function.__doc__

    @overload
    def __get__(self, part: None, owner: type[Any]) -> _Bound[First, P, R]: ...
    @overload
    def __get__(self, part: _Part | Users, owner: type[Any]) -> Callable[P, R]: ...
    def __get__(self, part: _Part | Users | None, owner: type[Any]) -> _Bound[First, P, R] | Callable[P, R]:
        if part is None:
            return self
        return functools.partial(self.function, getattr(part, part.BINDS))


def _store_bound(function: Callable[Concatenate[Store, P], R]) -> _Bound[Store, P, R]:
    return _Bound(function)


class _Part:
    BINDS = "store"

    def __init__(self, store: Store) -> None:
        self.store = store


class Orders(_Part):
    list = _store_bound(list_orders)
    load = _store_bound(orders.load_order)
    save = _store_bound(orders.save_order)
    delete = _store_bound(delete_order)
    import_data = _store_bound(orders.import_order)
    versions = _store_bound(order_versions)
    restore_version = _store_bound(orders.restore_order_version)
    patient_id = _store_bound(orders.order_patient_id)
    with_patient_changes = _store_bound(orders_with_patient_changes)
    save_file = _store_bound(orders.save_order_file)
    parse = _store_bound(orders.parse_order_data)
    read_file = _store_bound(orders.read_order_file)
    compute = _store_bound(billing.compute_order)
    data = staticmethod(orders.order_data)

    def calendar(self, order: Any, payer_id: int | None = None) -> tuple[CalendarTherapy, ...]:
        """Each therapy's billed, dosing and hold days as the rules engine counts them."""
        return billing.service_calendar(self.store, order, payer_id).therapies


class Patients(_Part):
    count = _store_bound(count_patients)
    list = _store_bound(list_patients)
    search = _store_bound(patients.search_patients)
    get = _store_bound(patients.get_patient)
    save = _store_bound(save_patient)
    save_coverage = _store_bound(save_coverage)
    coverage_from_fields = staticmethod(patients.coverage_from_mapping)
    coverage_insured = staticmethod(patients.coverage_insured)

    def coverage(self, patient_id: int | None) -> Coverage:
        """The patient's insurance (empty for a patient not saved yet)."""
        if patient_id is None:
            return Coverage()
        return get_coverage(self.store, patient_id)


class Claims(_Part):
    compute = _store_bound(billing.compute_claim)
    list = _store_bound(list_claims)
    get = _store_bound(get_claim)
    for_printing = _store_bound(claims.claim_for_printing)
    for_order = _store_bound(claims_for_order)
    set_status = _store_bound(claims.set_claim_status)
    record_correction = _store_bound(claims.record_correction)
    record_reprint = _store_bound(claims.record_reprint)
    exported_among = _store_bound(claims.exported_among)
    next_statuses = staticmethod(claims.next_statuses)
    print_check = staticmethod(billing.print_check)

    def record_printed(self, order_id: int, claim: Claim, how: str = "printed") -> ClaimRecord:
        return claims.record_printed_claim(self.store, order_id, claim, how=how).record


class Setup(_Part):
    practice = _store_bound(get_practice)
    set_practice = _store_bound(setup.set_practice)
    payers = _store_bound(list_payers)
    save_payer = _store_bound(setup.save_payer)
    prescribers = _store_bound(list_prescribers)
    add_prescriber = _store_bound(setup.add_prescriber)
    update_prescriber = _store_bound(setup.update_prescriber)
    delete_prescriber = _store_bound(setup.delete_prescriber)
    profiles = _store_bound(billing.known_profiles)
    profile_copies = _store_bound(list_profile_copies)
    save_profile_copy = _store_bound(setup.save_profile_copy)
    delete_profile_copy = _store_bound(setup.delete_profile_copy)
    charges = _store_bound(list_charges)
    set_charge = _store_bound(setup.set_charge)
    remove_charge = _store_bound(setup.remove_charge)
    load_demo_data = _store_bound(setup.load_demo_data)
    has_demo_data = _store_bound(setup.has_demo_data)
    remove_demo_data = _store_bound(setup.remove_demo_data)

    def payer_id_of(self, payer: Payer | None) -> int | None:
        """The id of the payer set up with exactly these details, if any."""
        if payer is None:
            return None
        return next((record.id for record in self.payers() if record.payer == payer), None)


class Drafts(_Part):
    """The editor's unsaved order, kept in the database (it holds patient details)."""

    list = _store_bound(list_drafts)

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        # Whether the editor's draft is in the database: the editor asks to clear it
        # whenever nothing is unsaved, which then costs no query.
        self._kept = load_draft(store, drafts.EDITOR_DRAFT) is not None

    def save(self, data: dict[str, Any]) -> None:
        """Removed once the order is saved."""
        save_draft(self.store, drafts.EDITOR_DRAFT, data)
        self._kept = True

    def load(self) -> dict[str, Any] | None:
        return load_draft(self.store, drafts.EDITOR_DRAFT)

    def clear(self) -> None:
        if self._kept:
            clear_draft(self.store, drafts.EDITOR_DRAFT)
            self._kept = False


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    kind: str  # "backup", "before-upgrade", "before-restore"
    taken_at: datetime  # aware (UTC)
    size: int  # bytes


class Backups(_Part):
    take = _store_bound(opening.backup)
    start = _store_bound(opening.start_backup)
    failed = _store_bound(backup_failed)
    scheduler = _store_bound(opening.backup_scheduler)

    @staticmethod
    def listed(data_dir: Path) -> list[Backup]:
        """Every backup of the database in ``data_dir``, newest first, with its size
        (no practice need be open: the restore lists them with the database closed)."""
        found = []
        for info in opening.list_backups(data_dir):
            try:
                size = info.path.stat().st_size
            except OSError:  # rotated away meanwhile
                continue
            found.append(Backup(info.path, info.kind, info.taken_at, size))
        return found

    @staticmethod
    def restore(backup: Path, data_dir: Path) -> Path | None:
        """Replace the (closed) database by ``backup``; returns the dated copy of the
        replaced database kept first. Pure file work, so it may run off the GUI thread."""
        return opening.restore_backup(backup, data_dir)


class Electronic(_Part):
    """837P files for a clearinghouse (see docs/electronic-claims.md)."""

    settings = _store_bound(electronic.clearinghouse_settings)
    save_settings = _store_bound(electronic.save_clearinghouse_settings)
    problems = _store_bound(electronic.export_problems)
    plan = _store_bound(electronic.plan_export)
    finish = _store_bound(electronic.finish_export)
    export = _store_bound(electronic.export_837)
    exports = _store_bound(list_exports)
    render = staticmethod(electronic.render_export)
    write = staticmethod(electronic.write_export)


class Printing:
    """PDFs of claims; pure (no database), so they may be made off the GUI thread."""

    render = staticmethod(printing.render_claims)
    alignment = staticmethod(printing.alignment_test_pdf)
    save_pdf = staticmethod(printing.save_pdf)


class Audit(_Part):
    entries = _store_bound(audit.audit_entries)
    actors = _store_bound(audit.audit_actors)
    chain_status = _store_bound(opening.audit_chain_status)
    save_csv = _store_bound(audit.save_audit_csv)
    session_event = _store_bound(audit.session_event)


class Users:
    """The practice's users (``services.users``), for its data folder."""

    BINDS = "data_dir"

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    has_users = _Bound(users.has_users)
    list = _Bound(users.list_users)
    session = _Bound(users.session)
    add = _Bound(users.add_user)
    reset_password = _Bound(users.reset_password)
    set_own_password = _Bound(users.set_own_password)
    change_password = _Bound(users.change_password)


class Practice:
    """An opened data folder: the store, the reference data, and the named parts."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.orders = Orders(store)
        self.patients = Patients(store)
        self.claims = Claims(store)
        self.setup = Setup(store)
        self.drafts = Drafts(store)
        self.backups = Backups(store)
        self.printing = Printing()
        self.electronic = Electronic(store)
        self.audit = Audit(store)
        self.users = Users(self.data_dir)

    @classmethod
    def open(cls, data_dir: str | Path | None = None, **how: Any) -> Practice:
        """``how``: ``services.open_store``'s options; the GUI passes
        ``if_in_use="read-only"`` (a second window reads)."""
        return cls(opening.open_store(data_dir, **how))

    def close(self, *, backup: bool = True) -> Path | None:
        """``backup=False`` before a restore: the closing backup would rotate away the
        day's older backups, perhaps the very one being restored."""
        return opening.close_store(self.store, backup=backup)

    def __enter__(self) -> Practice:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, problem: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def data_dir(self) -> Path:
        return self.store.path.parent

    # --- reference data (pick lists), the same for every practice ----------------------

    @cached_property
    def reference(self) -> Reference:
        return orders.reference_data()

    def places_of_service(self) -> dict[str, str]:
        return orders.places_of_service()

    def supply_codes(self) -> dict[str, str]:
        """Supply and equipment codes with their short descriptions, for the supply picker."""
        return orders.supply_codes()

    def shipped_profile_keys(self) -> set[str]:
        return set(self.reference.profiles)

    # --- the open-time checks -----------------------------------------------------------

    def integrity_ok(self) -> bool | None:
        """The open-time check: None while it runs; raises CorruptDatabase when damaged."""
        return opening.integrity_status(self.store)

    def location_warning(self) -> str | None:
        return opening.location_warning(self.store)

    def check(self) -> opening.CheckReport:
        return opening.check(self.store)
