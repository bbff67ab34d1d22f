"""``resource_path`` and ``migrations_path`` find the shipped data in all three layouts:
a checkout, an installed wheel, and a PyInstaller bundle (sys._MEIPASS).

The frozen bundle itself is built and run in test_installer_bundle.py; here the
wheel is really built and installed (into a throwaway venv, without dependencies:
``infusiondesk.paths`` needs none) and the bundle's lookup is checked with a fake
``sys._MEIPASS``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from infusiondesk import paths

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import json, sys
from infusiondesk.paths import migrations_path, resource_path
print(json.dumps({
    "therapies": str(resource_path("therapies.toml")),
    "icon": str(resource_path("icons", "infusiondesk.ico")),
    "migrations": sorted(p.name for p in migrations_path().glob("*.sql")),
}))
"""


@pytest.fixture
def fresh_root() -> Iterator[None]:
    paths._data_root.cache_clear()
    yield
    paths._data_root.cache_clear()


def test_checkout_layout(fresh_root: None) -> None:
    assert paths.resource_path("therapies.toml") == ROOT / "resources" / "therapies.toml"
    assert paths.migrations_path("0001_initial.sql").is_file()


def test_frozen_layout_wins_when_meipass_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_root: None
) -> None:
    (tmp_path / "resources").mkdir()
    (tmp_path / "db").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_path("therapies.toml") == tmp_path / "resources" / "therapies.toml"
    assert paths.migrations_path() == tmp_path / "db"


def test_a_bundle_without_resources_falls_back_then_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_root: None
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_path().parent == ROOT  # the checkout still has them
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path / "site-packages" / "infusiondesk")
    paths._data_root.cache_clear()
    with pytest.raises(FileNotFoundError, match="resources folder is missing"):
        paths.resource_path("therapies.toml")


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_installed_wheel_layout(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    assert uv, "uv is needed to build the wheel (the project's tool; see README)"
    wheels = tmp_path / "wheels"
    run([uv, "build", "--wheel", "--out-dir", str(wheels), str(ROOT)])
    (wheel,) = wheels.glob("infusiondesk-*.whl")
    venv = tmp_path / "venv"
    run([uv, "venv", "--python", sys.executable, str(venv)])
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    run([uv, "pip", "install", "--python", str(python), "--no-deps", str(wheel)])
    # Run from an empty folder, so the checkout can't be found by accident.
    out = run([str(python), "-c", PROBE], cwd=tmp_path)
    found = json.loads(out)
    therapies = Path(found["therapies"])
    assert therapies.parts[-5:] == ("site-packages", "infusiondesk", "_data", "resources", "therapies.toml")
    assert venv in therapies.parents  # the installed copy, not the checkout
    assert therapies.is_file() and Path(found["icon"]).is_file()
    shipped = sorted(p.name for p in (ROOT / "db").glob("*.sql"))
    assert found["migrations"] == shipped


def run(command: list[str], cwd: Path | None = None) -> str:
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=240, check=False)
    assert result.returncode == 0, f"{command[:3]}: {result.stderr[-2000:]}"
    return result.stdout
