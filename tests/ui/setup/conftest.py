"""Fixtures for Setup's tests: a tab of the Setup dialog, opened on the test practice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def open_tab(qtbot: Any, practice: Any) -> Callable[[type], Any]:
    """``open_tab(PayersTab)``: the tab built on the practice, closed with the test."""

    def opened(tab_class: type) -> Any:
        tab = tab_class(practice)
        qtbot.addWidget(tab)
        return tab

    return opened
