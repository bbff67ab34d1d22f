"""Fixtures for the Patients screen's tests: the screen on its own, with the app's announcements."""

from __future__ import annotations

from typing import Any

import pytest

from infusiondesk.ui.patients.view import PatientsView
from infusiondesk.ui.signals import AppSignals


@pytest.fixture
def patients_view(qtbot: Any, practice: Any, signals: AppSignals) -> PatientsView:
    shown = PatientsView(practice, signals)
    qtbot.addWidget(shown)
    return shown
