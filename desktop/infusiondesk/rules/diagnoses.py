"""ICD-10-CM validity: a billable (leaf) code on the date of service (§10).

The code set is simple-icd-10-cm's (CMS April 2026 release, in effect for dates
from 2026-04-01 to 2026-09-30 and the best we ship for others). Its full tree
takes seconds to build, so validity comes from the plain code list the package
ships beside it (a code is billable when no longer code extends it; a test checks
this agrees with ``simple_icd_10_cm.is_leaf`` on every code), and the tree is
loaded only for descriptions.
"""

from __future__ import annotations

import importlib.util
import warnings
from functools import cache
from pathlib import Path
from types import ModuleType

CODE_SET_NAME = "ICD-10-CM April 2026 (simple-icd-10-cm)"


_loaded: list[ModuleType] = []


@cache
def _icd() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # its importlib.resources calls
        import simple_icd_10_cm  # type: ignore[import-untyped]

    module: ModuleType = simple_icd_10_cm
    _loaded.append(module)
    return module


def _code_list() -> Path | None:
    spec = importlib.util.find_spec("simple_icd_10_cm")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = sorted((Path(folder) / "data").glob("code-list-*.txt"))
        if found:
            return found[-1]
    return None


@cache
def billable_codes() -> frozenset[str]:
    """Every billable ICD-10-CM code, without its dot."""
    path = _code_list()
    if path is None:  # an unusual install: ask the library's tree instead
        icd = _icd()
        return frozenset(code.replace(".", "") for code in icd.get_all_codes(False) if icd.is_leaf(code))
    lines = path.read_text(encoding="utf-8").split("\n")
    codes = sorted({line.split(" ")[0] for line in lines if line[:1].isalpha() and "-" not in line})
    return frozenset(
        code
        for code, following in zip(codes, [*codes[1:], ""], strict=True)
        if not following.startswith(code)
    )


def _is_code(text: str) -> bool:
    """Whether ``text`` is any ICD-10-CM code (a category counts), from the same list."""
    if text in billable_codes():
        return True
    return any(code.startswith(text) for code in billable_codes()) if 3 <= len(text) <= 7 else False


def diagnosis_problem(code: str) -> str | None:
    """Why ``code`` can't go on a claim, or None when it is a billable code."""
    text = without_decimal(code)
    if text in billable_codes():
        return None
    if len(text) >= 3 and _is_code(text):
        return f"'{code}' is a category, not a billable code: add the missing characters"
    return f"'{code}' is not an ICD-10-CM code"


def describe_diagnosis(code: str, *, wait: bool = True) -> str:
    """The code's description, or '' when it is unknown (for the order editor).

    ``wait=False`` answers '' at once while the descriptions are still loading (the
    GUI warms them in the background and must not block on them)."""
    if not wait and not _loaded:
        return ""
    icd = _icd()
    text = code.strip().upper()
    return str(icd.get_description(text)) if icd.is_valid_item(text) else ""


def without_decimal(code: str) -> str:
    """Box 21 prints codes without the decimal point (*nucc*)."""
    return code.replace(".", "").strip().upper()
