"""What can go wrong with the store, as exceptions whose message a biller can act on.

The UI shows ``str(error)`` in a dialog and the CLI prints it on one line; neither
shows a traceback. Every message says what happened and what to do next.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class: anything the store refuses or cannot do."""


class DatabaseInUse(StoreError):
    def __init__(self, path: object) -> None:
        super().__init__(
            f"The database {path} is open in another Infusion Desk window or program. "
            "Close it there first, or open this one read-only."
        )


class NewerDatabase(StoreError):
    def __init__(self, path: object, unknown: list[str]) -> None:
        super().__init__(
            f"The database {path} was written by a newer version of Infusion Desk "
            f"(it has changes this version does not know: {', '.join(unknown)}). "
            "Install the newer version to open it."
        )
        self.unknown = unknown


class CorruptDatabase(StoreError):
    def __init__(self, path: object, detail: str) -> None:
        super().__init__(f"The database {path} is damaged ({detail}). Restore it from a backup.")


class NotADatabase(StoreError):
    def __init__(self, path: object) -> None:
        super().__init__(
            f"{path} is not an Infusion Desk database. Choose another file or restore from a backup."
        )


class DiskFull(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "The disk is full, so this change was not saved; everything saved before "
            "it is safe. Free some space and save again."
        )


class ReadOnlyStore(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "This database is open read-only (another window is using it), so changes cannot be saved here."
        )


class NotFound(StoreError):
    """A record asked for by id does not exist (deleted, or never saved)."""


class Refused(StoreError):
    """A change the store's rules forbid (editing a printed claim, deleting an order
    that has printed claims, …)."""
