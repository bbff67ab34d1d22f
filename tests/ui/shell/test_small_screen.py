"""A 1366×768 laptop, the commonest small screen: every screen of the main window fits
its width with nothing scrolling sideways, also an order with several therapies."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractScrollArea

from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import ORDER
from infusiondesk.ui.widgets.views import fit_columns, list_view

WIDTH, HEIGHT = 1366, 768


def sideways(window: MainWindow, screen: Any) -> list[str]:
    """The scroll areas of ``screen`` showing a horizontal scroll bar."""
    return [
        f"{type(area).__name__} in {type(area.parent()).__name__} "
        f"(scrolls {area.horizontalScrollBar().maximum()} steps sideways)"
        for area in screen.findChildren(QAbstractScrollArea)
        if area.isVisibleTo(window) and area.horizontalScrollBar().isVisible()
    ]


def test_every_screen_fits_1366_by_768(qtbot: Any, window: MainWindow) -> None:
    window.showNormal()
    window.resize(WIDTH, HEIGHT)
    assert window.minimumSizeHint().width() <= WIDTH
    editor = window.screens[ORDER].editor
    for _ in range(2):  # three concurrent therapies, each with two drugs
        editor.therapies.add_box().drugs.add_row()
    editor.therapies.boxes[0].drugs.add_row()
    found = {}
    for index, screen in sorted(window.screens.items()):
        window.show_screen(index)
        qtbot.waitUntil(lambda s=screen: s.isVisible())
        qtbot.wait(20)  # layouts settle
        assert window.width() <= WIDTH
        if bars := sideways(window, screen):
            found[type(screen).__name__] = bars
    assert found == {}


def test_columns_shrink_to_a_narrow_list_and_stay_when_there_is_room(qtbot: Any) -> None:
    from PySide6.QtGui import QStandardItemModel

    view = list_view(QStandardItemModel(3, 4), {0: 300, 1: 300, 2: 300})
    qtbot.addWidget(view)
    view.resize(500, 200)
    view.show()
    qtbot.wait(10)
    header = view.horizontalHeader()
    assert header.length() <= view.viewport().width()
    assert not view.horizontalScrollBar().isVisible()
    header.resizeSection(0, 150)  # the biller's own width, with room to spare
    view.resize(1400, 200)
    qtbot.wait(10)
    before = [header.sectionSize(c) for c in range(3)]
    fit_columns(view)
    assert [header.sectionSize(c) for c in range(3)] == before
