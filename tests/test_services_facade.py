"""The facade holds: the GUI's ``Practice`` reaches the store, the engine and the PDF
code only through ``services`` (or a ``store`` function bound where a services one would
only forward), and ``services`` re-exports every public function."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.services.practice import (
    Audit,
    Backups,
    Claims,
    Orders,
    Patients,
    Practice,
    Setup,
    _Bound,
)

UI = Path(__file__).resolve().parents[1] / "desktop" / "infusiondesk" / "ui"
SERVICES = UI.parent / "services"
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


def test_the_practice_binds_services_and_store_functions_only() -> None:
    """``Practice`` binds ``services`` functions, and ``store`` functions where a services
    one would only forward; it reaches no engine, no PDF code and no table itself."""
    ours = {m for m in _runtime_imports(SERVICES / "practice.py") if m.startswith("infusiondesk")}
    assert all(m.startswith(("infusiondesk.services.", "infusiondesk.store.")) for m in ours), ours


def test_the_gui_has_no_forwarding_backend_left() -> None:
    assert not list(UI.glob("backend*.py"))
    reaching = sorted(
        path.name
        for path in UI.rglob("*.py")
        if any(m.startswith(("infusiondesk.store", "infusiondesk.output")) for m in _runtime_imports(path))
    )
    assert reaching == []


@pytest.mark.parametrize("part", [Orders, Patients, Claims, Setup, Backups, Audit])
def test_each_part_binds_the_store_as_the_first_argument(part: type) -> None:
    bound = [value for value in vars(part).values() if isinstance(value, _Bound)]
    assert bound
    for value in bound:
        first = next(iter(inspect.signature(value.function).parameters))
        assert first == "store", value.function.__qualname__


def test_a_part_method_is_the_services_function_on_the_practice_store(tmp_path: Path) -> None:
    with Practice.open(tmp_path) as practice:
        assert practice.orders.list() == services.list_orders(practice.store) == []
        assert practice.patients.count() == 0
    # closed on leaving the block: the folder opens again without "in use"
    with Practice.open(tmp_path, if_in_use="error") as again:
        assert again.data_dir == tmp_path


def test_the_users_part_is_bound_to_the_practice_folder(tmp_path: Path) -> None:
    """A practice opened without users has none (the CLI warns it is not encrypted)."""
    with Practice.open(tmp_path) as practice:
        assert practice.users.data_dir == tmp_path
        assert practice.users.has_users() is services.users.has_users(tmp_path) is False
        with pytest.raises(services.StoreError, match="no users"):
            practice.users.list()


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
