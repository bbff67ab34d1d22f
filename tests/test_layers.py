"""Imports point one way: rules and claims never reach Qt, SQLite or reportlab; output never the store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "desktop" / "infusiondesk"

FORBIDDEN = {
    "rules": (
        "PySide6",
        "sqlite3",
        "sqlite_utils",
        "reportlab",
        "infusiondesk.claims",
        "infusiondesk.store",
        "infusiondesk.output",
        "infusiondesk.ui",
        "infusiondesk.services",
        "infusiondesk.cli",
        "infusiondesk.codesets",
    ),
    "claims": (
        "PySide6",
        "sqlite3",
        "sqlite_utils",
        "reportlab",
        "infusiondesk.store",
        "infusiondesk.output",
        "infusiondesk.ui",
        "infusiondesk.services",
        "infusiondesk.cli",
    ),
    "output": (
        "PySide6",
        "sqlite3",
        "sqlite_utils",
        "infusiondesk.store",
        "infusiondesk.ui",
        "infusiondesk.services",
    ),
    "store": ("PySide6", "reportlab", "infusiondesk.ui", "infusiondesk.output"),
}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_down_only(layer: str) -> None:
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imported_modules(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport sqlite_utils\n")
    assert {"PySide6.QtCore", "sqlite_utils"} <= imported_modules(sample)
