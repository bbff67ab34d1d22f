"""GUI calls the ``Backend`` lacks (kept apart while ``backend.py`` moves into
``services``): a patient's insurance, the backups list and restoring one.

Every function takes the ``Backend`` (or the data folder) and uses its methods or
``infusiondesk.services`` only, never the store's tables.

A patient's insurance (payer, group, plan, insured) is kept with the patient's
orders: the patients table holds the member ID only. So the patient dialog shows
the insurance of the patient's newest order and saves changes as a new version of
that order (printed claims keep what they printed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infusiondesk import services
from infusiondesk.ui.values import value_dict

if TYPE_CHECKING:
    from infusiondesk.ui.backend import Backend


@dataclass(frozen=True, slots=True)
class Coverage:
    """A patient's insurance as the order editor holds it."""

    payer_id: int | None = None
    insured: dict[str, Any] | None = None  # order-v1 ``insured`` mapping
    order_id: int | None = None  # the order it is kept with; None: no order yet

    @property
    def entered(self) -> bool:
        return self.payer_id is not None or bool(self.insured)


def patient_coverage(backend: Backend, patient_id: int | None) -> Coverage:
    """The payer and insured of the patient's newest order (empty without one)."""
    if patient_id is None:
        return Coverage()
    newest = backend.list_orders(patient_id=patient_id, limit=1)
    if not newest:
        return Coverage()
    order = backend.load_order(newest[0].id)
    return Coverage(backend.payer_id_of(order.payer), value_dict(order.insured), newest[0].id)


def save_patient_coverage(backend: Backend, patient_id: int, coverage: Coverage) -> int | None:
    """Put ``coverage`` on the patient's newest order (a new version when it changed);
    returns that order's id, None when the patient has no order to keep it with.
    Raises OrderFileError naming the insured's field that can't be read."""
    current = patient_coverage(backend, patient_id)
    if current.order_id is None:
        return None
    if (current.payer_id, current.insured) == (coverage.payer_id, coverage.insured):
        return current.order_id
    data = backend.export_order(backend.load_order(current.order_id))
    data["insured"] = coverage.insured
    if coverage.payer_id != current.payer_id:
        record = next((r for r in backend.payers() if r.id == coverage.payer_id), None)
        data["payer"] = value_dict(record.payer) if record is not None else None
        if record is not None:
            data["payer_profile"] = record.profile  # the payer's rules, as the editor does
    order = backend.parse_order({k: v for k, v in data.items() if v is not None})
    return backend.save_order(order, current.order_id, patient_id).id


# --- backups ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    kind: str  # "backup", "before-upgrade", "before-restore"
    taken_at: Any  # aware datetime (UTC)
    size: int  # bytes


def list_backups(data_dir: Path) -> list[Backup]:
    """Every backup of the database in ``data_dir``, newest first, with its size."""
    found = []
    for info in services.list_backups(data_dir):
        try:
            size = info.path.stat().st_size
        except OSError:  # rotated away meanwhile
            continue
        found.append(Backup(info.path, info.kind, info.taken_at, size))
    return found


def close_for_restore(backend: Backend) -> None:
    """Close the database without the usual closing backup: that backup would rotate
    away the day's older backups, perhaps the very one being restored. The restore
    keeps its own copy of the current data ("before-restore-…") instead."""
    services.close_store(backend.store, backup=False)


def restore_backup(backup: Path, data_dir: Path) -> Path | None:
    """Replace the (closed) database by ``backup``; returns the dated copy of the
    replaced database that ``services.restore_backup`` keeps first. Pure file work,
    so it may run off the GUI thread."""
    return services.restore_backup(backup, data_dir)
