"""One app-level signal that says what changed, so screens never call each other.

An operation that saves something announces one typed ``Changes`` (after Anki's
OpChanges): which kinds of data it touched. Every view subscribes to the kinds it
shows and refreshes itself once, however many kinds changed together. A change is
named by what the biller sees change, not by the table written: a patient renamed is
``patients`` and ``orders`` too, because the order lists show patient names.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True, slots=True)
class Changes:
    """What one operation changed; every field False is nothing to refresh."""

    patients: bool = False
    orders: bool = False
    claims: bool = False
    setup: bool = False  # practice, payers, prescribers, charges, payer profiles

    @classmethod
    def everything(cls) -> Changes:
        """Data added or removed wholesale (the sample practice): every view refreshes."""
        return cls(patients=True, orders=True, claims=True, setup=True)


# The changes the app's operations make, named once.
PATIENT_SAVED = Changes(patients=True, orders=True)  # order lists show the patient's name
ORDER_SAVED = Changes(patients=True, orders=True)  # a new order may bring a new patient
ORDERS_CHANGED = Changes(orders=True)
CLAIMS_CHANGED = Changes(claims=True)
SETUP_CHANGED = Changes(setup=True)


class AppSignals(QObject):
    changed = Signal(object)  # a Changes; emit through ``announce``
    status = Signal(str)  # a short message for the status bar

    def announce(self, changes: Changes) -> None:
        """Tell every view what changed; a mistyped announcement fails here, not silently
        in a view that never refreshes."""
        if not isinstance(changes, Changes):
            raise TypeError(f"announce a Changes, not {type(changes).__name__}")
        if changes != Changes():
            self.changed.emit(changes)
