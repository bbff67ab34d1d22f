"""The scripts run by hand (bench/, docs/, installer/) name only what the package has.

They run outside the suite, so a module moved or a name renamed (as when ui/ became a
folder per screen) would break them silently until someone measures again. Every
``from infusiondesk… import name`` they hold, at the top or inside a function, is
resolved here against the real package.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(
    path
    for folder in ("bench", "docs", "installer")
    for path in (ROOT / folder).rglob("*.py")
    if "__pycache__" not in path.parts
)


def package_imports(path: Path) -> list[tuple[str, str | None]]:
    """(module, name) for each ``from infusiondesk… import name``; (module, None) for
    ``import infusiondesk…``."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("infusiondesk"):
            found += [(node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names if alias.name.startswith("infusiondesk")]
    return found


def missing(module: str, name: str | None) -> str | None:
    try:
        imported = importlib.import_module(module)
    except ImportError as problem:
        return f"{module}: {problem}"
    if name is None or hasattr(imported, name):
        return None
    try:
        importlib.import_module(f"{module}.{name}")
    except ImportError:
        return f"{module} has no {name}"
    return None


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_script_run_by_hand_imports_only_what_exists(script: Path) -> None:
    problems = [p for module, name in package_imports(script) if (p := missing(module, name))]
    assert problems == []


def test_the_check_sees_a_stale_name(tmp_path: Path) -> None:
    stale = tmp_path / "stale.py"
    stale.write_text(
        "def main():\n    from infusiondesk.ui.shell.main_window import NO_SUCH_SCREEN\n"
        "from infusiondesk.ui import order_screen\n"
    )
    problems = [p for module, name in package_imports(stale) if (p := missing(module, name))]
    assert sorted(problems) == [
        "infusiondesk.ui has no order_screen",
        "infusiondesk.ui.shell.main_window has no NO_SUCH_SCREEN",
    ]
