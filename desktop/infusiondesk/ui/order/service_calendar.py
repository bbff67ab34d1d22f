"""The service calendar: a month grid of the order, so units can be checked by eye.

For each therapy a coloured bar marks each per-diem day billed, a dot each day a
dose is given, a hatched bar each hold day; nursing visits show their minutes.
The days come from the rules engine through the practice (``service_calendar``);
``CalendarModel`` arranges them by day and is tested without widgets.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from infusiondesk.services import CalendarTherapy

COLORS = ("#1565c0", "#2e7d32", "#8e24aa", "#ef6c00", "#00838f", "#6d4c41")
MIN_CELL_W, CELL_H, HEAD = 60, 62, 40
WEEKDAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")


@dataclass(frozen=True, slots=True)
class DayMarks:
    billed: tuple[int, ...] = ()  # therapy indexes with a per-diem unit this day
    given: tuple[int, ...] = ()  # therapy indexes with a dose this day
    held: tuple[int, ...] = ()
    visit_minutes: tuple[int, ...] = ()


class CalendarModel:
    def __init__(self, therapies: Sequence[CalendarTherapy], visits: Sequence[tuple[date, int]] = ()) -> None:
        self.therapies = tuple(therapies)
        self._days: dict[date, DayMarks] = {}
        for index, therapy in enumerate(self.therapies):
            for day in therapy.service_days:
                self._add(day, billed=index)
            for day in therapy.administration_days:
                self._add(day, given=index)
            for hold in therapy.holds:
                for day in hold.days():
                    self._add(day, held=index)
        for day, minutes in visits:
            marks = self._days.get(day, DayMarks())
            self._days[day] = DayMarks(marks.billed, marks.given, marks.held, (*marks.visit_minutes, minutes))

    def _add(
        self, day: date, billed: int | None = None, given: int | None = None, held: int | None = None
    ) -> None:
        marks = self._days.get(day, DayMarks())
        self._days[day] = DayMarks(
            marks.billed + ((billed,) if billed is not None else ()),
            marks.given + ((given,) if given is not None else ()),
            marks.held + ((held,) if held is not None else ()),
            marks.visit_minutes,
        )

    def day(self, day: date) -> DayMarks:
        return self._days.get(day, DayMarks())

    def months(self) -> list[tuple[int, int]]:
        if not self._days:
            return []
        first, last = min(self._days), max(self._days)
        found, year, month = [], first.year, first.month
        while (year, month) <= (last.year, last.month):
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def billed_days(self, index: int) -> int:
        return len(self.therapies[index].service_days)


class MonthGrid(QWidget):
    def __init__(self, model: CalendarModel, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.year, self.month = model, year, month
        self.weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(year, month)
        self.setMinimumSize(7 * MIN_CELL_W + 1, HEAD + len(self.weeks) * CELL_H + 1)

    def sizeHint(self) -> QSize:
        return QSize(7 * 90 + 1, HEAD + len(self.weeks) * CELL_H + 1)

    @property
    def cell_width(self) -> float:
        return (self.width() - 1) / 7

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        title = date(self.year, self.month, 1).strftime("%B %Y")
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        cell_w = self.cell_width
        painter.drawText(QRectF(0, 0, 7 * cell_w, 20), Qt.AlignmentFlag.AlignLeft, title)
        bold.setBold(False)
        painter.setFont(bold)
        for column, name in enumerate(WEEKDAYS):
            painter.drawText(QRectF(column * cell_w, 20, cell_w, 18), Qt.AlignmentFlag.AlignCenter, name)
        for row, week in enumerate(self.weeks):
            for column, day in enumerate(week):
                rect = QRectF(column * cell_w, HEAD + row * CELL_H, cell_w, CELL_H)
                self._paint_day(painter, rect, day)
        painter.end()

    def _paint_day(self, painter: QPainter, rect: QRectF, day: date) -> None:
        inside = day.month == self.month
        painter.setPen(QPen(QColor("#c8c8c8")))
        painter.setBrush(QBrush(QColor("#ffffff" if inside else "#f3f3f3")))
        painter.drawRect(rect)
        if not inside:
            return
        painter.setPen(QPen(QColor("#333333")))
        painter.drawText(rect.adjusted(4, 2, -4, -2), Qt.AlignmentFlag.AlignLeft, str(day.day))
        marks = self.model.day(day)
        bar_h = max(5.0, min(9.0, (CELL_H - 34) / max(len(self.model.therapies), 1)))
        for index in range(len(self.model.therapies)):
            color = QColor(COLORS[index % len(COLORS)])
            bar = QRectF(rect.left() + 16, rect.top() + 20 + index * (bar_h + 2), rect.width() - 22, bar_h)
            if index in marks.held:
                painter.setPen(QPen(color))
                painter.setBrush(QBrush(color, Qt.BrushStyle.BDiagPattern))
                painter.drawRect(bar)
            elif index in marks.billed:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(color))
                painter.drawRect(bar)
            if index in marks.given:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(color.darker(160) if index in marks.billed else color))
                painter.drawEllipse(QRectF(rect.left() + 5, bar.top() - 0.5, bar_h + 1, bar_h + 1))
        if marks.visit_minutes:
            painter.setPen(QPen(QColor("#b71c1c")))
            text = "RN " + "+".join(f"{m}m" for m in marks.visit_minutes)
            painter.drawText(
                rect.adjusted(4, 0, -3, -3), Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, text
            )


class ServiceCalendar(QWidget):
    """Legend with each therapy's per-diem count, and one grid per month of the order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CalendarModel(())
        layout = QVBoxLayout(self)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.legend)
        # not ``scroll``: that name is QWidget.scroll(dx, dy), which the attribute would hide
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        layout.addWidget(self.scroll_area, 1)
        self.show_days([], [])

    def show_days(self, therapies: Sequence[CalendarTherapy], visits: Sequence[tuple[date, int]]) -> None:
        self.model = CalendarModel(therapies, visits)
        self.legend.setText(self._legend())
        holder = QWidget()
        grid = QGridLayout(holder)
        for row, (year, month) in enumerate(self.model.months()):
            grid.addWidget(MonthGrid(self.model, year, month), row, 0)
        grid.setRowStretch(len(self.model.months()), 1)
        self.scroll_area.setWidget(holder)

    def _legend(self) -> str:
        if not self.model.therapies:
            return "Enter a therapy with start and stop dates to see its days."
        parts = []
        for index, therapy in enumerate(self.model.therapies):
            color = COLORS[index % len(COLORS)]
            parts.append(
                f"<span style='color:{color}'>■</span> <b>{therapy.code or '—'}</b> "
                f"{therapy.label}: {self.model.billed_days(index)} per-diem day(s), "
                f"{len(therapy.administration_days)} dosing day(s)"
            )
        key = (
            "bar = per diem billed · dot = dose given · hatched = hold · "
            "<span style='color:#b71c1c'>RN 120m</span> = nursing visit, minutes"
        )
        return "<br>".join(parts) + f"<br><span style='color:#555'>{key}</span>"
