"""Models of the list screens: patients and orders (loaded page by page), claims, setup.

``LazyModel`` asks for the next page only when the view scrolls near the end
(Qt's ``canFetchMore``/``fetchMore``), so a practice with 100,000 patients opens
its list as fast as one with ten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from infusiondesk.services import ClaimRecord
from infusiondesk.ui.widgets.models import RIGHT, Column, Index, RowsModel
from infusiondesk.ui.widgets.text import money, short_date, status_label

PAGE = 200


def local_time(stamp: str | None) -> str:
    """A stored UTC time (ISO) as the biller's local date and time."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%m/%d/%Y %H:%M")
    except ValueError:
        return stamp


class LazyModel(RowsModel):
    """Rows fetched ``PAGE`` at a time from ``fetch(offset, limit)``; a search shows a
    fixed list instead (``show_matches``)."""

    def __init__(
        self,
        fetch: Callable[[int, int], Sequence[Any]],
        count: Callable[[], int] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__((), parent)
        self._fetch, self._count = fetch, count
        self._total = 0
        self._complete = True

    def show_all(self) -> None:
        self.beginResetModel()
        self._rows = list(self._fetch(0, PAGE))
        self._total = self._count() if self._count else -1
        self._complete = len(self._rows) < PAGE
        self.endResetModel()

    def show_matches(self, rows: Sequence[Any]) -> None:
        self._complete = True
        self.set_rows(rows)

    @property
    def total(self) -> int:
        return self._total if self._total >= 0 else len(self._rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._complete:
            return
        page = list(self._fetch(len(self._rows), PAGE))
        self._complete = len(page) < PAGE
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()


class PatientListModel(LazyModel):
    LAST, FIRST, DOB, MEMBER_ID = range(4)
    COLUMNS = (
        Column("Last name", lambda p: p.last_name),
        Column("First name", lambda p: p.first_name),
        Column("Born", lambda p: p.dob, short_date),
        Column("Member ID", lambda p: p.member_id),
    )


class OrdersModel(LazyModel):
    ID, PATIENT, PAYER, THERAPIES, FIRST_DAY, LAST_DAY, UPDATED = range(7)
    COLUMNS = (
        Column("Order", lambda o: o.id, align=RIGHT),
        Column("Patient", lambda o: o.patient_name),
        Column("Payer", lambda o: o.payer_name),
        Column("Therapies", lambda o: o.therapies),
        Column("From", lambda o: o.first_day, short_date),
        Column("To", lambda o: o.last_day, short_date),
        Column("Saved", lambda o: o.updated_at, local_time),
    )


def claim_span(record: ClaimRecord) -> tuple[date | None, date | None]:
    if record.service_from is not None:  # recorded beside the snapshot
        return record.service_from, record.service_to
    lines = record.claim.get("lines", [])
    if not lines:
        return None, None
    return (
        date.fromisoformat(min(line["from"] for line in lines)),
        date.fromisoformat(max(line["to"] for line in lines)),
    )


def claim_patient(record: ClaimRecord) -> str:
    patient = record.order.get("patient") or {}
    return ", ".join(p for p in (patient.get("last_name"), patient.get("first_name")) if p)


def claim_payer(record: ClaimRecord) -> str:
    payer: dict[str, Any] = record.order.get("payer") or {}
    name: str = payer.get("name", "")
    return name


def _correction(record: ClaimRecord) -> str:
    if not record.resubmission_code:
        return ""
    kind = "replaces" if record.resubmission_code == "7" else "voids"
    return f"{record.resubmission_code}: {kind} #{record.original_claim_id}"


class ClaimsModel(RowsModel):
    ID, ORDER, PATIENT, PAYER, FROM, TO, TOTAL, STATUS, BOX22, PAYER_NUMBER, CREATED = range(11)
    COLUMNS = (
        Column("Claim", lambda r: r.id, align=RIGHT),
        Column("Order", lambda r: r.order_id, align=RIGHT),
        Column("Patient", claim_patient),
        Column("Payer", claim_payer),
        Column("From", lambda r: claim_span(r)[0], short_date),
        Column("To", lambda r: claim_span(r)[1], short_date),
        Column("Total", lambda r: r.total_charge, money, RIGHT),
        Column("Status", lambda r: r.status, status_label),
        Column("Box 22", _correction),
        Column("Payer claim #", lambda r: r.payer_claim_number),
        Column("Printed", lambda r: r.created_at, local_time),
    )
    SUBMITTED_837P = "Submitted (837P)"

    def __init__(self, rows: Any = (), parent: Any = None) -> None:
        super().__init__(rows, parent)
        self.exported: frozenset[int] = frozenset()

    def set_claims(self, records: Any, exported: frozenset[int]) -> None:
        """The claims, and which of them went out in an 837P file."""
        self.exported = exported
        self.set_rows(records)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() == self.STATUS:
            record = self.row_at(index.row())
            if record.status == "submitted" and record.id in self.exported:
                return self.SUBMITTED_837P
        return super().data(index, role)


class PayersModel(RowsModel):
    NAME, PAYER_ID, PLAN, PROFILE, PRIOR_AUTH = range(5)
    COLUMNS = (
        Column("Payer", lambda r: r.payer.name),
        Column("Payer ID", lambda r: r.payer.payer_id),
        Column("Plan type", lambda r: r.payer.plan_type),
        Column("Profile", lambda r: r.profile),
        Column("Prior auth", lambda r: r.requires_prior_authorization, lambda v: "required" if v else ""),
    )


class PrescribersModel(RowsModel):
    LAST, FIRST, NPI = range(3)
    COLUMNS = (
        Column("Last name", lambda row: row[1].last_name),
        Column("First name", lambda row: row[1].first_name),
        Column("NPI", lambda row: row[1].npi),
    )


class ChargesModel(RowsModel):
    """Charge master rows; ``payer_names`` maps payer ids to names for display."""

    CODE, PAYER, AMOUNT = range(3)

    def __init__(self, payer_names: dict[int, str] | None = None, parent: Any = None) -> None:
        super().__init__((), parent)
        self.payer_names = payer_names or {}
        names = self.payer_names
        self.COLUMNS = (
            Column("Code", lambda c: c.code),
            Column(
                "Payer",
                lambda c: c.payer_id,
                lambda pid: "every payer" if pid is None else names.get(pid, f"#{pid}"),
            ),
            Column("Charge per unit", lambda c: c.amount, money, RIGHT),
        )


class ProfilesModel(RowsModel):
    """Shipped profiles and the practice's copies: (key, PayerProfile, shipped?)."""

    KEY, LABEL, KIND = range(3)
    COLUMNS = (
        Column("Key", lambda row: row[0]),
        Column("Profile", lambda row: row[1].label),
        Column("", lambda row: row[2], lambda shipped: "shipped" if shipped else "your copy"),
    )


def decimal_or_none(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace("$", "").replace(",", "").strip())
    except ArithmeticError:
        return None
