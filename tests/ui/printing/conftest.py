"""Fixtures for printing's tests: a widget to parent the print session and its dialogs."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget
