"""GUI calls the ``Backend`` lacks (kept apart while ``backend.py`` moves into
``services``): the backups list and restoring one.

Every function takes the ``Backend`` (or the data folder) and uses its methods or
``infusiondesk.services`` only, never the store's tables. (A patient's insurance has
its own home now: ``Backend.patient_coverage``, db/0005.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infusiondesk import services

if TYPE_CHECKING:
    from infusiondesk.ui.backend import Backend


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
