"""The facade holds: the GUI's backend reaches the store, the engine and the PDF code
only through ``services``, and ``services`` re-exports every public function."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from infusiondesk import services

UI = Path(__file__).resolve().parents[1] / "desktop" / "infusiondesk" / "ui"
MODULES = ("audit", "billing", "claims", "drafts", "opening", "orders", "patients", "printing", "setup")


def _runtime_imports(path: Path) -> set[str]:
    """Modules imported when the file runs (``if TYPE_CHECKING:`` blocks left out)."""
    tree = ast.parse(path.read_text(), str(path))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for child in block.body
        for node in ast.walk(child)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("name", ["backend.py", "backend_setup.py"])
def test_the_backend_calls_services_only(name: str) -> None:
    ours = {m for m in _runtime_imports(UI / name) if m.startswith("infusiondesk")}
    assert ours <= {"infusiondesk", "infusiondesk.ui.backend_setup"}, ours


def test_the_check_sees_an_import_outside_type_checking(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import infusiondesk.rules\n"
        "def f():\n    from infusiondesk.store import claims\n"
    )
    assert _runtime_imports(sample) == {"typing", "infusiondesk.store"}


@pytest.mark.parametrize("module", MODULES)
def test_every_public_function_is_re_exported(module: str) -> None:
    loaded = importlib.import_module(f"infusiondesk.services.{module}")
    public = {
        name
        for name, value in vars(loaded).items()
        if not name.startswith("_") and inspect.isfunction(value) and value.__module__ == loaded.__name__
    }
    assert public <= set(services.__all__)
    assert all(getattr(services, name) is getattr(loaded, name) for name in public)


def test_opening_the_facade_does_not_load_the_pdf_code() -> None:
    import subprocess
    import sys

    code = "import sys, infusiondesk.services; print('reportlab' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"  # startup stays light; printing loads it
