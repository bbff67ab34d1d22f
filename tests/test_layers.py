"""Imports point one way, over every layer:

    rules <- claims <- store / output <- services <- ui (Qt) and cli

rules and claims never reach Qt, SQLite or reportlab; output never the store; the GUI
and the command line reach the store and the PDF code only through ``services`` (its
``errors`` module exports the failures they tell apart), and never each other.

Inside the GUI, a folder per screen, pointing the same one way:

    ui/*.py (plumbing) <- widgets <- printing <- order, patients, claims, setup <- shell

a screen never imports another screen or the shell: the shell builds the screens and
connects them, and what two screens share is a widget.
"""

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
        "sqlcipher3",
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
        "sqlcipher3",
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
        "sqlcipher3",
        "infusiondesk.store",
        "infusiondesk.ui",
        "infusiondesk.services",
    ),
    "store": (
        "PySide6",
        "reportlab",
        "infusiondesk.ui",
        "infusiondesk.output",
        "infusiondesk.services",
        "infusiondesk.cli",
    ),
    "services": ("PySide6", "infusiondesk.ui", "infusiondesk.cli"),
    "ui": (
        "sqlite3",
        "sqlite_utils",
        "sqlcipher3",
        "reportlab",
        "infusiondesk.store",
        "infusiondesk.output",
        "infusiondesk.cli",
    ),
    "cli": (
        "PySide6",
        "sqlite3",
        "sqlite_utils",
        "sqlcipher3",
        "reportlab",
        "infusiondesk.store",
        "infusiondesk.output",
        "infusiondesk.ui",
    ),
}

# The one import against the arrows, and why: ``infusiondesk`` without a command starts
# the desktop app, so the command line's entry point hands over to the GUI (lazily: the
# commands themselves never load Qt).
ALLOWED = {("cli/__init__.py", "infusiondesk.ui.shell.app")}


_UI = "infusiondesk.ui."
_SCREENS = ("order", "patients", "claims", "setup")
UI_FORBIDDEN = {
    "widgets": tuple(_UI + name for name in ("printing", *_SCREENS, "shell")),
    "printing": tuple(_UI + name for name in (*_SCREENS, "shell")),
    **{screen: tuple(_UI + name for name in (*_SCREENS, "shell") if name != screen) for screen in _SCREENS},
    "shell": (),
}
UI_PLUMBING_FORBIDDEN = tuple(_UI + name for name in ("printing", *_SCREENS, "shell"))


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module ``path`` (a module of ``package``) imports, at the top or inside a
    function (the GUI and the CLI import lazily); relative imports resolved, and
    ``from infusiondesk import store`` counted as ``infusiondesk.store``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1]) if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _within(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_down_only(layer: str) -> None:
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        where = path.relative_to(PACKAGE)
        package = ".".join(("infusiondesk", *where.parent.parts))
        for name in sorted(imported_modules(path, package)):
            if any(where.as_posix() == file and _within(name, allowed) for file, allowed in ALLOWED):
                continue
            if any(_within(name, bad) for bad in FORBIDDEN[layer]):
                offenders.append(f"{where} imports {name}")
    assert offenders == []


@pytest.mark.parametrize("folder", sorted(UI_FORBIDDEN))
def test_a_screen_imports_widgets_and_printing_but_never_another_screen(folder: str) -> None:
    offenders = []
    for path in sorted((PACKAGE / "ui" / folder).rglob("*.py")):
        where = path.relative_to(PACKAGE)
        package = ".".join(("infusiondesk", *where.parent.parts))
        for name in sorted(imported_modules(path, package)):
            if any(_within(name, bad) for bad in UI_FORBIDDEN[folder]):
                offenders.append(f"{where} imports {name}")
    assert offenders == []


def test_the_gui_plumbing_imports_no_screen() -> None:
    offenders = []
    for path in sorted((PACKAGE / "ui").glob("*.py")):
        for name in sorted(imported_modules(path, "infusiondesk.ui")):
            if any(_within(name, bad) for bad in UI_PLUMBING_FORBIDDEN):
                offenders.append(f"ui/{path.name} imports {name}")
    assert offenders == []


def test_every_gui_folder_is_checked() -> None:
    folders = {path.name for path in (PACKAGE / "ui").iterdir() if path.is_dir() and any(path.glob("*.py"))}
    assert folders - {"__pycache__"} == set(UI_FORBIDDEN)


def test_every_layer_is_checked() -> None:
    """A new folder of code must say where it sits in the layers before it can import anything."""
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and any(path.rglob("*.py"))}
    assert folders - {"__pycache__"} == set(FORBIDDEN)


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport sqlite_utils\n")
    assert {"PySide6.QtCore", "sqlite_utils"} <= imported_modules(sample, "infusiondesk.ui")


def test_the_check_sees_lazy_relative_and_package_imports(tmp_path: Path) -> None:
    sample = tmp_path / "lazy.py"
    sample.write_text(
        "from infusiondesk import store\n"
        "def later():\n"
        "    from infusiondesk.output.pdf import PrintCancelled\n"
        "    from ..cli import main\n"
        "    from . import signals\n"
    )
    found = imported_modules(sample, "infusiondesk.ui")
    assert {"infusiondesk.store", "infusiondesk.output.pdf"} <= found
    assert {"infusiondesk.cli", "infusiondesk.ui.signals"} <= found
