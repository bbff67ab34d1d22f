"""The local store: the biller's whole practice in one SQLite file.

``database.open_store`` opens it; the table modules (``patients``, ``orders``,
``claims``, ``setup``, ``charges``, ``profiles``, ``drafts``, ``audit``) read and write it;
``backups`` and ``restore`` keep it safe. The GUI and CLI use it only through
``infusiondesk.services``.
"""

from infusiondesk.store.database import Store, open_store
from infusiondesk.store.errors import (
    CorruptDatabase,
    DatabaseInUse,
    DiskFull,
    NewerDatabase,
    NotADatabase,
    NotFound,
    ReadOnlyStore,
    Refused,
    StoreError,
)

__all__ = [
    "CorruptDatabase",
    "DatabaseInUse",
    "DiskFull",
    "NewerDatabase",
    "NotADatabase",
    "NotFound",
    "ReadOnlyStore",
    "Refused",
    "Store",
    "StoreError",
    "open_store",
]
