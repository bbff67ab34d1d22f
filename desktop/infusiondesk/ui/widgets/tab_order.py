"""Tab order that follows what the biller sees, also for rows and boxes added later.

Qt puts a widget that joins a window at the end of the window's Tab chain, so a
row or a therapy added while the editor is open would be reached only after the
supplies and the claim panel. ``place_before`` moves widgets to just before a
widget that is already where it belongs (the row's "Add" button). It never asks Qt
to put a widget after the chain's last one: ``QWidget.setTabOrder(last, w)`` is
silently ignored by Qt 6.11, which is how the "Add" buttons came to precede their
first rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def focus_items(container: QWidget) -> list[QWidget]:
    """The widgets inside ``container`` that Tab stops at, in their Tab order
    (a compound widget, such as an editable combo box, counts once)."""
    found: list[QWidget] = []
    widget = container.nextInFocusChain()
    while widget is not None and widget is not container and container.isAncestorOf(widget):
        inside_found = any(item.isAncestorOf(widget) for item in found)
        if takes_tab(widget) and widget.focusProxy() is None and not inside_found:
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


def place_before(anchor: QWidget, widgets: Iterable[QWidget]) -> None:
    """Put ``widgets``, in this order, just before ``anchor`` in the Tab order."""
    previous = _previous_tab_stop(anchor)
    for widget in widgets:
        if previous is None:
            QWidget.setTabOrder(widget, anchor)
        else:
            QWidget.setTabOrder(previous, widget)
        previous = widget


def _previous_tab_stop(anchor: QWidget) -> QWidget | None:
    """The widget before ``anchor`` that Tab stops at (``setTabOrder`` ignores others);
    None when there is none between the window's start and ``anchor``."""
    window, widget = anchor.window(), anchor.previousInFocusChain()
    while widget is not None and widget is not anchor and widget is not window:
        if takes_tab(widget) and widget.focusProxy() is None and not widget.isAncestorOf(anchor):
            return widget
        widget = widget.previousInFocusChain()
    return None
