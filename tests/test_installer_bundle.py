"""Build the Linux bundle with installer/build.py and run it as a user would.

Slow (a PyInstaller build: about a minute on two cores) but part of CI: it is the
only check that the frozen app starts, finds its data and prints a claim. One build
serves every test in this module.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from infusiondesk import APP_ID, __version__
from infusiondesk.selftest import STEPS

ROOT = Path(__file__).resolve().parents[1]
LIMIT_MB = 150

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.skipif(sys.platform != "linux", reason="CI builds the Linux bundle; release.yml the others"),
]


def load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = load("installer_build", ROOT / "installer" / "build.py")
contents = load("bundle_contents", ROOT / "installer" / "bundle_contents.py")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    command = [sys.executable, str(ROOT / "installer" / "build.py"), "--no-installer"]
    command += ["--max-mb", "1000", "--dist", str(folder / "dist"), "--work", str(folder / "work")]
    started = time.perf_counter()
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        timeout=840,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(f"\nbuild: {time.perf_counter() - started:.0f} s; {result.stdout.strip().splitlines()[-1]}")
    return folder / "dist"


@pytest.fixture(scope="module")
def internal(dist: Path) -> Path:
    return dist / APP_ID / "_internal"


def test_the_bundle_is_under_150_mb(dist: Path) -> None:
    size_mb = build.bundle_size(dist / APP_ID) / 1024 / 1024
    print(f"\nbundle: {size_mb:.1f} MB")
    assert size_mb < LIMIT_MB


def test_the_frozen_self_test_passes_and_leaves_nothing(dist: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "INFUSIONDESK_DATA_DIR")}
    env["TMPDIR"] = str(tmp_path)
    started = time.perf_counter()
    result = subprocess.run(
        [str(build.frozen_executable(dist, "linux")), "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    seconds = time.perf_counter() - started
    print(f"\nfrozen self-test: {seconds:.1f} s\n{result.stdout}")
    assert result.returncode == 0, result.stdout + result.stderr
    statuses = re.findall(r"^  (\w+) ", result.stdout, re.MULTILINE)
    assert len(statuses) == len(STEPS) + 1 and set(statuses) == {"ok"}  # + clean up
    assert "build main window" in result.stdout and "read PDF back" in result.stdout
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_frozen_cli_reports_its_version(dist: Path) -> None:
    result = subprocess.run(
        [str(build.frozen_executable(dist, "linux")), "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and __version__ in result.stdout


def test_shipped_data_and_pdfium_are_inside(internal: Path) -> None:
    for part in (
        "resources/therapies.toml",
        "resources/cms1500/layout.json",
        "resources/icons/infusiondesk-256.png",
        "db/0001_initial.sql",
        "resources/icd10cm/icd10cm.csv.gz",
        "resources/icd10cm/releases.csv",
        "pypdfium2_raw/libpdfium.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    ):
        assert (internal / part).exists(), part
    assert list(internal.glob("_rl_accel*")), "reportlab's C accelerator (printing speed)"


def test_nothing_the_rules_leave_out_got_in(internal: Path) -> None:
    unwanted = [
        str(path.relative_to(internal))
        for path in internal.rglob("*")
        if path.is_file() and not contents.keep(str(path.relative_to(internal)))
    ]
    assert unwanted == []
    assert not list(internal.rglob("libcups.so*"))  # from the system (bundle_contents)
    assert not list(internal.rglob("libgnutls*"))  # only libcups needed it


def test_every_library_a_bundled_file_needs_is_bundled_or_the_systems(internal: Path) -> None:
    """Pruning must not remove what something still links: each DT_NEEDED is in the
    bundle, on PyInstaller's list of system libraries, or ours (libcups). A library
    the build machine itself lacks can't be bundled; it is named, not failed."""
    from PyInstaller.depend import dylib

    system = [re.compile(pattern) for pattern in (*contents.LINUX_SYSTEM_LIBRARIES, r"ld-linux.*")]
    present = {path.name for path in internal.rglob("*")}
    on_this_machine = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    missing, unavailable = set(), set()
    for path in elf_files(internal):
        for name in contents.elf_needed(path):
            if name in present or any(p.fullmatch(name) for p in system) or not dylib.include_library(name):
                continue
            if f"{name} " in on_this_machine:
                missing.add(f"{path.relative_to(internal)} needs {name}")
            else:
                unavailable.add(name)
    if unavailable:
        print(f"\nnot on the build machine, so not bundled: {', '.join(sorted(unavailable))}")
    assert sorted(missing) == []


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*.so*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found
