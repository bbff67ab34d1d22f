"""The code stays as the team agreed: ruff lint and format clean; the whole package (rules,
claims, store, output, services, the GUI, the CLI and the top-level modules) passes
mypy --strict."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is a dev dependency: run the suite with `uv run pytest`"
    return found


def test_ruff_lint_is_clean() -> None:
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_clean() -> None:
    result = subprocess.run(
        [_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_the_whole_package_passes_mypy_strict() -> None:
    """The packages and modules in pyproject's [tool.mypy], which are all of them (below)."""
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_mypy_is_configured_for_every_package_and_module() -> None:
    """A new folder or top-level module is checked from its first commit, not left out."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    package = ROOT / "desktop" / "infusiondesk"
    folders = {f"infusiondesk.{p.name}" for p in package.iterdir() if (p / "__init__.py").exists()}
    modules = {
        "infusiondesk",
        *(f"infusiondesk.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"),
    }
    assert set(config["packages"]) == folders
    assert set(config["modules"]) == modules
