"""The app's own preferences on this computer (QSettings, not the practice's database),
read in one place: the shell applies them and Setup changes them, without either
importing the other."""

from __future__ import annotations

from typing import Any

LOCK_SETTING = "security/lock_after_minutes"
DEFAULT_LOCK_MINUTES = 15


def lock_minutes(settings: Any) -> float:
    """The practice's choice, at least one minute; a bad value falls back to 15."""
    try:
        minutes = float(settings.value(LOCK_SETTING, DEFAULT_LOCK_MINUTES))
    except (TypeError, ValueError):
        return DEFAULT_LOCK_MINUTES
    return max(1.0, minutes)
