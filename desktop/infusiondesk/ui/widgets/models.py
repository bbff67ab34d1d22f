"""Table models: a thin ``QAbstractTableModel`` over domain rows.

Each model names its columns as constants (``ClaimLinesModel.UNITS``), returns the
raw value under ``SORT_ROLE`` (a date, a Decimal, an int) and formats only for
``DisplayRole``, so views sort by value and tests read values without widgets.
The claim panel's models live here; list screens' models in ``list_models``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from infusiondesk.ui.widgets.text import field_label, money, short_date, units_text

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
ERROR_COLOR = QColor("#b3261e")
WARNING_COLOR = QColor("#8a5a00")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    raw: Callable[[Any], Any]
    text: Callable[[Any], str] = lambda value: "" if value is None else str(value)
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[Any], str] | None = None  # from the row


class RowsModel(QAbstractTableModel):
    """Rows of any value; subclasses set ``COLUMNS``."""

    COLUMNS: tuple[Column, ...] = ()

    def __init__(self, rows: Sequence[Any] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = list(rows)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(column.raw(row))
        if role == SORT_ROLE:
            return column.raw(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        return self.extra_data(row, index.column(), role)

    def extra_data(self, row: Any, column: int, role: int) -> Any:
        return None


class SortProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` values; no value sorts first."""

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return (a is not None, a) < (b is not None, b)
        except TypeError:
            return str(a) < str(b)


def _ndc(line: Any) -> str:
    if not line.ndc:
        return ""
    quantity = "" if line.ndc_quantity is None else units_text(line.ndc_quantity)
    return f"N4 {line.ndc} {line.ndc_unit or ''}{quantity}"


class ClaimLinesModel(RowsModel):
    """The claim's service lines (rules.lines.ClaimLine)."""

    CODE, MODIFIERS, FROM, TO, UNITS, CHARGE, TOTAL, NDC, EXPLANATION = range(9)
    COLUMNS = (
        Column("Code", lambda line: line.code),
        Column("Mod", lambda line: line.modifiers, lambda mods: " ".join(mods)),
        Column("From", lambda line: line.first, short_date),
        Column("To", lambda line: line.last, short_date),
        Column("Units", lambda line: line.units, units_text, RIGHT),
        Column("Charge", lambda line: line.charge, money, RIGHT),
        Column("Total", lambda line: line.total_charge, money, RIGHT),
        Column("NDC line", _ndc),
        Column("Why", lambda line: line.explanation, tooltip=lambda line: line.explanation),
    )


class BundledModel(RowsModel):
    """Supplies the per diem already pays for, each with its reason."""

    CODE, QUANTITY, DATE, REASON = range(4)
    COLUMNS = (
        Column("Code", lambda item: item.code),
        Column("Qty", lambda item: item.quantity, units_text, RIGHT),
        Column("Date", lambda item: item.date, short_date),
        Column("Why it is not billed", lambda item: item.reason, tooltip=lambda item: item.reason),
    )


class ProblemsModel(RowsModel):
    """Claim edits: errors would deny the claim, warnings ask the biller to look."""

    SEVERITY, FIELD, MESSAGE = range(3)
    COLUMNS = (
        Column("", lambda p: p.severity, lambda s: "Error" if s == "error" else "Warning"),
        Column("Field", lambda p: p.where, field_label),
        Column("Problem", lambda p: p.message, tooltip=lambda p: p.message),
    )

    def extra_data(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.SEVERITY:
            return ERROR_COLOR if row.severity == "error" else WARNING_COLOR
        return None


@dataclass(frozen=True, slots=True)
class SnapshotLine:
    """A printed claim's line as stored (claim-v1), shaped like a ClaimLine for display."""

    code: str
    modifiers: tuple[str, ...]
    first: date
    last: date
    units: int | Decimal
    total_charge: Decimal | None
    ndc: str | None
    ndc_unit: str | None
    ndc_quantity: Decimal | None
    explanation: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SnapshotLine:
        units = data["units"]
        return cls(
            data["code"],
            tuple(data.get("modifiers", ())),
            date.fromisoformat(data["from"]),
            date.fromisoformat(data["to"]),
            Decimal(units) if isinstance(units, str) else units,
            None if data.get("charge") is None else Decimal(data["charge"]),
            data.get("ndc"),
            data.get("ndc_unit"),
            None if data.get("ndc_quantity") is None else Decimal(str(data["ndc_quantity"])),
            data.get("explanation", ""),
        )


class SnapshotLinesModel(RowsModel):
    CODE, MODIFIERS, FROM, TO, UNITS, TOTAL, NDC, EXPLANATION = range(8)
    # The live claim's columns without the per-unit charge: a printed claim is read by its totals.
    COLUMNS = tuple(c for c in ClaimLinesModel.COLUMNS if c.title != "Charge")


class ExplainedLinesModel(QAbstractTableModel):
    """A view of a lines model: each line's ``columns``, and under it a row of its own
    with ``detail(line)`` (the view spans it across), so every line shows its reason."""

    def __init__(
        self, source: RowsModel, columns: Sequence[int], detail: Callable[[Any], str], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.source, self.columns, self.detail = source, tuple(columns), detail
        source.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def is_detail(self, row: int) -> bool:
        return row % 2 == 1

    def detail_text(self, row: int) -> str:
        return self.detail(self.source.row_at(row // 2))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2 * self.source.rowCount()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self.source.headerData(self.columns[section], orientation, role)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if not self.is_detail(index.row()):
            source = self.source.index(index.row() // 2, self.columns[index.column()])
            return self.source.data(source, role)
        if index.column() != 0:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#4a4a4a")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.detail_text(index.row())
        return None


def line_detail(line: Any) -> str:
    """The shaded NDC line (as printed above the line on the form), then why."""
    ndc = _ndc(line)
    return f"{ndc}   ·   {line.explanation}" if ndc else line.explanation
