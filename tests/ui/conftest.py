"""Fixtures for every test of the desktop app (pytest-qt, offscreen). Each folder below
mirrors a folder of ``infusiondesk/ui`` and has its own conftest for what only its
screen needs (the order screen's ``screen`` is in ``order/conftest.py``).

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

from infusiondesk.services.practice import Practice
from infusiondesk.ui import worker
from infusiondesk.ui.shell.app import application, build_main_window, make_settings
from infusiondesk.ui.shell.main_window import MainWindow
from infusiondesk.ui.shell.screen_names import ORDER
from infusiondesk.ui.signals import AppSignals
from tests.ui.support import ACME, CHARGES, PECAN, PRACTICE, SMITH


@pytest.fixture(scope="session")
def practice_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The set-up practice, built once; each test gets its own copy."""
    folder = tmp_path_factory.mktemp("practice")
    opened = Practice.open(folder, if_in_use="read-only")
    opened.setup.set_practice(PRACTICE)
    opened.setup.save_payer(ACME, "nhia")
    opened.setup.save_payer(PECAN, "administration-days")
    opened.setup.add_prescriber(SMITH)
    for code, amount in CHARGES.items():
        opened.setup.set_charge(code, Decimal(amount))
    path = opened.store.path
    opened.store.close()
    return path


@pytest.fixture
def practice(tmp_path: Path, qapp: Any, practice_database: Path) -> Iterator[Practice]:
    application()
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(practice_database, folder / practice_database.name)
    opened = Practice.open(folder, if_in_use="read-only")
    yield opened
    opened.store.close()


@pytest.fixture
def signals(qapp: Any) -> AppSignals:
    """The app's change announcements, for a screen tested without the main window."""
    return AppSignals()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return make_settings(tmp_path / "ui.ini")


@pytest.fixture(autouse=True)
def inline_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "INLINE", True)


@pytest.fixture
def window(qtbot: Any, practice: Practice, settings: QSettings) -> Iterator[MainWindow]:
    """The whole main window, shown, active and exposed."""
    built = build_main_window(practice, settings)
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    built.activateWindow()
    yield built
    built.screens[ORDER].stop()  # before the database closes
