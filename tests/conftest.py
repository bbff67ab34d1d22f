"""Shared test setup. Qt runs offscreen (CI has no display); no test touches real user data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).resolve().parent / "data"
"""Copies of published material the tests check against (see data/README.md)."""


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own INFUSIONDESK_DATA_DIR, so nothing reaches the real one."""
    monkeypatch.setenv("INFUSIONDESK_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(autouse=True)
def _no_unanswered_modal_dialogs(monkeypatch: pytest.MonkeyPatch):
    """A modal dialog nobody answers waits forever offscreen, and a native modal loop is
    out of reach of pytest-timeout's signal: one such dialog once hung CI for 90 minutes.
    Any dialog a test does not answer itself (by patching its class's ``exec``) fails
    the test at once, naming the dialog."""
    try:
        from PySide6.QtWidgets import QDialog, QMessageBox
    except ImportError:  # the core tests run without Qt
        yield
        return

    def unanswered(dialog) -> int:
        title = dialog.windowTitle() or type(dialog).__name__
        raise AssertionError(f"a modal dialog opened that the test does not answer: {title!r}")

    monkeypatch.setattr(QDialog, "exec", unanswered)
    monkeypatch.setattr(QMessageBox, "exec", unanswered)
    yield
