"""Fixtures for the desktop app's tests (pytest-qt, offscreen); a test module loads them
with ``pytest_plugins = ["tests.ui_fixtures"]``.

A practice with two payers (NHIA and administration-days profiles), a prescriber
and charges, built once and copied per test; settings in a temporary INI file;
background work run inline.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from infusiondesk.ui import worker
from infusiondesk.ui.app import application, build_main_window, make_settings
from infusiondesk.ui.backend import Backend
from infusiondesk.ui.main_window import ORDER, MainWindow
from infusiondesk.ui.order_screen import OrderScreen
from tests.ui_support import ACME, CHARGES, PECAN, PRACTICE, SMITH


@pytest.fixture(scope="session")
def practice_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The set-up practice, built once; each test gets its own copy."""
    folder = tmp_path_factory.mktemp("practice")
    opened = Backend.open(folder)
    opened.set_practice(PRACTICE)
    opened.save_payer(ACME, "nhia")
    opened.save_payer(PECAN, "administration-days")
    opened.add_prescriber(SMITH)
    for code, amount in CHARGES.items():
        opened.set_charge(code, Decimal(amount))
    path = opened.store.path
    opened.store.close()
    return path


@pytest.fixture
def backend(tmp_path: Path, qapp: Any, practice_database: Path) -> Iterator[Backend]:
    application()
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(practice_database, folder / practice_database.name)
    opened = Backend.open(folder)
    yield opened
    opened.store.close()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return make_settings(tmp_path / "ui.ini")


@pytest.fixture(autouse=True)
def inline_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "INLINE", True)


@pytest.fixture
def screen(qtbot: Any, backend: Backend) -> Iterator[OrderScreen]:
    """The order screen, shown and exposed (tab order and focus need a shown window)."""
    shown = OrderScreen(backend)
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    yield shown
    shown.stop()  # before the database closes


@pytest.fixture
def window(qtbot: Any, backend: Backend, settings: QSettings) -> Iterator[MainWindow]:
    """The whole main window, shown, active and exposed."""
    built = build_main_window(backend, settings)
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    built.activateWindow()
    yield built
    built.screens[ORDER].stop()  # before the database closes
