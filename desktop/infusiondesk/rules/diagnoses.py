"""ICD-10-CM validity: a billable (leaf) code on the date of service (§10).

The code set is simple-icd-10-cm's (CMS April 2026 release, in effect for dates
from 2026-04-01 to 2026-09-30 and the best we ship for others). It loads a 10 MB
table, so it is imported on first use, not at start-up.
"""

from __future__ import annotations

import warnings
from functools import cache
from types import ModuleType

CODE_SET_NAME = "ICD-10-CM April 2026 (simple-icd-10-cm)"


@cache
def _icd() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # its importlib.resources calls
        import simple_icd_10_cm  # type: ignore[import-untyped]

    module: ModuleType = simple_icd_10_cm
    return module


def diagnosis_problem(code: str) -> str | None:
    """Why ``code`` can't go on a claim, or None when it is a billable code."""
    icd = _icd()
    text = code.strip().upper()
    if not icd.is_valid_item(text):
        return f"'{code}' is not an ICD-10-CM code"
    if not icd.is_leaf(text):
        return f"'{code}' is a category, not a billable code: add the missing characters"
    return None


def describe_diagnosis(code: str) -> str:
    """The code's description, or '' when it is unknown (for the order editor)."""
    icd = _icd()
    text = code.strip().upper()
    return str(icd.get_description(text)) if icd.is_valid_item(text) else ""


def without_decimal(code: str) -> str:
    """Box 21 prints codes without the decimal point (*nucc*)."""
    return code.replace(".", "").strip().upper()
