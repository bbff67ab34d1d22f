"""Fixtures for the main window's tests: message boxes that record what they said."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes record their text instead of waiting for a click."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: seen.append(text) or 0)
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *a: (seen.append(text), QMessageBox.StandardButton.Yes)[1],
    )
    return seen
