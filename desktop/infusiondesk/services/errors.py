"""Every failure the GUI and the CLI tell apart, exported once from the facade.

The screens and the commands catch these types by name here instead of reaching into
``store`` or ``output`` (the layer test forbids that), and never match an exception by
its class name. Importing this module does not load the PDF code.
"""

from __future__ import annotations

from infusiondesk.claims.order_file import UnreadableOrderFile
from infusiondesk.claims.reading import OrderFileError
from infusiondesk.output.errors import ExportCancelled, PrintCancelled, PrintRefused
from infusiondesk.store.errors import (
    CorruptDatabase,
    DatabaseInUse,
    NotFound,
    ReadOnlyPlace,
    Refused,
    StoreError,
)
from infusiondesk.store.keys import WrongPassword, WrongRecoveryKey

__all__ = [
    "CorruptDatabase",
    "DatabaseInUse",
    "ExportCancelled",
    "NotFound",
    "OrderFileError",
    "PrintCancelled",
    "PrintRefused",
    "ReadOnlyPlace",
    "Refused",
    "StoreError",
    "UnreadableOrderFile",
    "WrongPassword",
    "WrongRecoveryKey",
]
