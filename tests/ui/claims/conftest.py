"""Fixtures for the Claims screen's tests: the screen on its own, with the app's announcements."""

from __future__ import annotations

from typing import Any

import pytest

from infusiondesk.ui.claims.view import ClaimsView
from infusiondesk.ui.signals import AppSignals


@pytest.fixture
def view(qtbot: Any, practice: Any, signals: AppSignals) -> ClaimsView:
    shown = ClaimsView(practice, signals)
    qtbot.addWidget(shown)
    return shown
