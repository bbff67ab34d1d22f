"""Table views set up the same way on every list screen: whole rows, read-only, keyboard;
and the rule that no screen scrolls sideways on a 1366×768 laptop."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QScrollArea, QTableView


class _FitColumns(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            fit_columns(self.view)
        return False


def fit_to_width(view: QTableView) -> None:
    """From now on the columns shrink to the view when it is narrower than they are, so
    a small screen shows every column instead of a sideways scroll bar."""
    view.viewport().installEventFilter(_FitColumns(view))


def fit_columns(view: QTableView) -> None:
    """Shrink the fixed-width columns in proportion when they and the stretching ones'
    minimum don't fit in the view; a wider view leaves them as the biller set them."""
    header = view.horizontalHeader()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    least = header.minimumSectionSize()
    # a Stretch column shrinks to the minimum; a stretched last one to its default size
    stretch = {c: least for c in shown if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch}
    if header.stretchLastSection() and shown:
        stretch[shown[-1]] = max(least, header.defaultSectionSize())
    fixed = [c for c in shown if c not in stretch]
    room = view.viewport().width() - sum(stretch.values())
    total = sum(header.sectionSize(c) for c in fixed)
    if not fixed or total <= room:
        return
    scale = max(room, least * len(fixed)) / total
    for column in fixed:
        header.resizeSection(column, max(least, int(header.sectionSize(column) * scale)))


def list_view(model: Any, widths: dict[int, int] | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in (widths or {}).items():
        header.resizeSection(column, width)
    view.setTabKeyNavigation(False)
    fit_to_width(view)
    return view


class _WholeWidth(QObject):
    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):
            keep_width(self.area)
        return False


def keep_width(area: QScrollArea) -> None:
    """The area is at least as wide as what it holds needs: it scrolls down, never sideways."""
    inner = area.widget()
    if inner is None:
        return
    bar = area.verticalScrollBar().sizeHint().width()
    area.setMinimumWidth(inner.minimumSizeHint().width() + bar + 2 * area.frameWidth())


def scroll_down_only(area: QScrollArea) -> None:
    """Keep ``area`` as wide as its widget's minimum, also as rows and boxes are added."""
    inner = area.widget()
    if inner is not None:
        inner.installEventFilter(_WholeWidth(area))
    keep_width(area)
