"""Fixtures for the order screen's tests: the screen on its own, shown and exposed, for
tests of one editor (tab order, pickers, drug rows) that need no main window."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from infusiondesk.services.practice import Practice
from infusiondesk.ui.order.screen import OrderScreen


@pytest.fixture
def screen(qtbot: Any, practice: Practice) -> Iterator[OrderScreen]:
    """The order screen, shown and exposed (tab order and focus need a shown window)."""
    shown = OrderScreen(practice)
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    yield shown
    shown.stop()  # before the database closes
