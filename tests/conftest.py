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
