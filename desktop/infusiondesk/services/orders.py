"""Orders: read an order-v1 mapping, save, load, list, export and delete; and the
reference data the order editor's pick lists show."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import infusiondesk.services.audit as auditing
from infusiondesk.claims.order_file import UnreadableOrderFile, order_to_dict, parse_order, read_order_json
from infusiondesk.claims.reading import OrderFileError, printable
from infusiondesk.codesets import code_kinds, load_reference, place_of_service_codes
from infusiondesk.rules.catalogue import Reference
from infusiondesk.rules.order import Order
from infusiondesk.rules.problems import error
from infusiondesk.services.billing import known_profiles
from infusiondesk.services.patients import coverage_from_insured
from infusiondesk.store import audit, coverage, orders, setup
from infusiondesk.store import order_versions as order_history
from infusiondesk.store.database import Store
from infusiondesk.store.errors import NotFound
from infusiondesk.store.files import write_private_file
from infusiondesk.store.orders import SavedOrder


def parse_order_data(store: Store, data: Any) -> Order:
    """An order-v1 mapping as an Order (raises OrderFileError naming the fields)."""
    reference = load_reference()
    return parse_order(data, therapies=reference.therapies, profiles=known_profiles(store))


def read_order_file(store: Store, path: str | Path) -> Order:
    """An order file as the app's import reads it: the CLI's reader (size cap, regular
    files only, UTF-8 with or without BOM, UTF-16), then ``parse_order_data``. A file
    that cannot be read is refused naming the file (its name made printable: it came
    from the biller's disk), a file that is not an order naming its fields."""
    try:
        data = read_order_json(path)
    except UnreadableOrderFile as problem:
        raise UnreadableOrderFile(f"{printable(Path(path).name)}: {problem}.") from None
    return parse_order_data(store, data)


def order_data(order: Order) -> dict[str, Any]:
    """An order as an order-v1 mapping (what ``parse_order_data`` reads back)."""
    return order_to_dict(order)


def import_order(store: Store, data: Any) -> SavedOrder:
    """Read and save one order-v1 mapping in its own transaction."""
    order = parse_order_data(store, data)
    _refuse_empty(order)
    return orders.save_order(store, order)


def _refuse_empty(order: Order) -> None:
    """An order with nothing to bill is a blank form saved by mistake: never stored."""
    if not (order.therapies or order.nursing_visits or order.supplies):
        raise OrderFileError(
            (error("therapies", "Nothing to save yet: enter a therapy, a nursing visit or a supply."),)
        )


def save_order(
    store: Store, order: Order, order_id: int | None = None, patient_id: int | None = None
) -> SavedOrder:
    """Save the order (a new version when it exists). A patient with no coverage yet
    takes the order's payer and insured as theirs; a coverage already kept is never
    changed here (the order has its own copy: services.save_patient_coverage edits it)."""
    _refuse_empty(order)
    saved = orders.save_order(store, order, order_id, patient_id)
    if saved.patient_id is not None and (order.payer is not None or order.insured is not None):
        _first_coverage(store, saved)
    return saved


def _first_coverage(store: Store, saved: SavedOrder) -> None:
    assert saved.patient_id is not None
    if coverage.get_coverage(store, saved.patient_id).entered:
        return
    loaded = orders.load_order(store, saved.id)  # as stored: its payer has a row now
    payer_id = None if loaded.payer is None else setup.find_payer_id(store, loaded.payer)
    coverage.save_coverage(store, saved.patient_id, coverage_from_insured(payer_id, loaded.insured))


def restore_order_version(store: Store, order_id: int, version: int) -> SavedOrder:
    """Save an earlier version of an order as an order of its own (its patient's again),
    leaving the order as it is; the audit log notes where it came from."""
    found = next((v for v in order_history.order_versions(store, order_id) if v.version == version), None)
    if found is None:
        raise NotFound(f"Order {order_id} has no version {version}.")
    with store.write():
        saved = orders.save_order(store, found.order)
        audit.record_change(
            store, "order", saved.id, "restore", None, {"from_order": order_id, "version": version}
        )
    return saved


def load_order(store: Store, order_id: int) -> Order:
    """The order, opened by the user: audited as a view."""
    order = orders.load_order(store, order_id)
    auditing.order_viewed(store, order_id, order_patient_id(store, order_id))
    return order


def order_patient_id(store: Store, order_id: int) -> int | None:
    """Whose order it is (the patient row), so the editor never saves it as another's."""
    patient_id = orders.order_row(store, order_id)["patient_id"]
    return None if patient_id is None else int(patient_id)


def export_order(store: Store, order_id: int) -> dict[str, Any]:
    """The order as an order-v1 file's data, which leaves the database: audited."""
    data = order_to_dict(orders.load_order(store, order_id))
    auditing.order_exported(store, order_id, order_patient_id(store, order_id))
    return data


def save_order_file(store: Store, order: Order, path: str | Path, order_id: int | None = None) -> None:
    """Write ``order`` as an order-v1 file (File › Export order file…): PHI leaves the
    database, so it is audited, and the file is readable by its owner only."""
    text = json.dumps(order_to_dict(order), indent=2)
    write_private_file(Path(path), text.encode("utf-8"))
    patient_id = None if order_id is None else order_patient_id(store, order_id)
    auditing.order_exported(store, "-" if order_id is None else order_id, patient_id)


# --- reference data for pick lists ---------------------------------------------------


def reference_data() -> Reference:
    """The shipped code sets, therapy catalogue and profiles (loaded once)."""
    return load_reference()


def places_of_service() -> dict[str, str]:
    return place_of_service_codes()


def supply_codes() -> dict[str, str]:
    """Supply and equipment codes with their latest short description, by code."""
    kinds = code_kinds()
    found = {}
    for code, versions in load_reference().descriptors.items():
        if kinds.get(code) in ("supply", "equipment") and versions:
            found[code] = versions[-1].short
    return dict(sorted(found.items()))
