"""Build Infusion Desk for this computer's OS: ``uv run python installer/build.py``.

1. PyInstaller with ``installer/infusiondesk.spec`` makes the one-folder bundle.
2. Its size is printed, and the build fails above ``--max-mb`` (150 MB, issue 6).
3. ``--self-test`` runs the frozen app's ``--self-test``, as a biller's copy would.
4. The installer: on Windows Inno Setup's ``iscc`` compiles
   ``installer/windows/infusiondesk.iss`` into ``InfusionDesk-<version>-setup.exe``;
   on macOS ``hdiutil`` packs ``Infusion Desk.app`` into ``InfusionDesk-<version>.dmg``
   (signed and notarized when the environment names a signing identity and a
   notary profile: see installer/macos/README.md). Linux stops at the bundle.

Everything goes to ``--dist`` (default ``dist/``; installers in ``dist/installer/``)
with PyInstaller's scratch files in ``--work`` (default ``build/``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "infusiondesk.spec"
ISS = ROOT / "installer" / "windows" / "infusiondesk.iss"
MAX_MB = 150.0
# Where Inno Setup 6 installs itself (for all users, or per user), when not on PATH.
ISCC_FOLDERS = (("PROGRAMFILES(X86)", "Inno Setup 6"), ("PROGRAMFILES", "Inno Setup 6"))
ISCC_FOLDERS += (("LOCALAPPDATA", "Programs/Inno Setup 6"),)

sys.path.insert(0, str(ROOT / "desktop"))
from infusiondesk import APP_ID, APP_NAME, __version__  # noqa: E402

sys.path.insert(0, str(ROOT / "installer"))
from macos.dmg import make_dmg, notarize, sign_dmg  # noqa: E402


class BuildError(Exception):
    """A step failed; the message says which and what to do."""


def platform_name() -> str:
    if sys.platform == "win32":
        return "windows"
    return "macos" if sys.platform == "darwin" else "linux"


def bundle_path(dist: Path, platform: str | None = None) -> Path:
    """What is measured and shipped: the .app on macOS, else the one folder."""
    platform = platform or platform_name()
    return dist / f"{APP_NAME}.app" if platform == "macos" else dist / APP_ID


def frozen_executable(dist: Path, platform: str | None = None) -> Path:
    """The executable that prints: the console one on Windows (the GUI one has no console)."""
    platform = platform or platform_name()
    if platform == "windows":
        return dist / APP_ID / "infusiondesk.exe"
    if platform == "macos":
        return bundle_path(dist, platform) / "Contents" / "MacOS" / APP_NAME
    return dist / APP_ID / "infusiondesk"


def bundle_size(path: Path) -> int:
    """Bytes in the bundle's files (symlinks counted once, as the files they point to)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def run_pyinstaller(dist: Path, work: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        raise BuildError("PyInstaller failed; its messages are above")


def run_self_test(dist: Path) -> float:
    executable = frozen_executable(dist)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.perf_counter()
    result = subprocess.run([str(executable), "--self-test"], env=env, check=False, timeout=600)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise BuildError(f"the frozen self-test failed (exit {result.returncode}); see its lines above")
    return seconds


def find_iscc() -> Path | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return Path(found)
    for variable, folder in ISCC_FOLDERS:
        base = os.environ.get(variable)
        if base and (Path(base) / folder / "ISCC.exe").is_file():
            return Path(base) / folder / "ISCC.exe"
    return None


def iscc_command(iscc: Path, dist: Path, output: Path) -> list[str]:
    """Inno Setup's compiler with the version and folders defined on its command line."""
    return [
        str(iscc),
        "/Qp",
        f"/DAppVersion={__version__}",
        f"/DBundleDir={bundle_path(dist, 'windows')}",
        f"/DOutputDir={output}",
        f"/DIconFile={ROOT / 'resources' / 'icons' / 'infusiondesk.ico'}",
        str(ISS),
    ]


def windows_installer(dist: Path, required: bool) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        message = "Inno Setup 6 (iscc) is not installed: https://jrsoftware.org/isdl.php"
        if required:
            raise BuildError(message)
        print(f"skipping the installer: {message}")
        return None
    output = dist / "installer"
    if subprocess.run(iscc_command(iscc, dist, output), check=False).returncode != 0:
        raise BuildError("Inno Setup failed; its messages are above")
    return output / f"{APP_ID}-{__version__}-setup.exe"


def macos_installer(dist: Path) -> Path:
    dmg = dist / "installer" / f"{APP_ID}-{__version__}.dmg"
    make_dmg(bundle_path(dist, "macos"), dmg, APP_NAME)
    identity = os.environ.get("MACOS_CODESIGN_IDENTITY")
    if identity:
        sign_dmg(dmg, identity)
    profile = os.environ.get("MACOS_NOTARY_PROFILE")
    if profile:
        notarize(dmg, profile)
    return dmg


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="scratch folder (default build/)")
    parser.add_argument("--max-mb", type=float, default=MAX_MB, help="fail above this bundle size")
    parser.add_argument("--self-test", action="store_true", help="run the frozen app's --self-test")
    parser.add_argument("--no-installer", action="store_true", help="stop after the bundle")
    parser.add_argument(
        "--require-installer", action="store_true", help="fail (not skip) when iscc is missing (CI)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    platform = platform_name()
    print(f"building {APP_NAME} {__version__} for {platform}", flush=True)
    try:
        started = time.perf_counter()
        run_pyinstaller(dist, work)
        bundle = bundle_path(dist)
        size_mb = bundle_size(bundle) / 1024 / 1024
        print(f"bundle: {bundle} ({size_mb:.1f} MB, built in {time.perf_counter() - started:.0f} s)")
        if size_mb > args.max_mb:
            raise BuildError(f"the bundle is {size_mb:.1f} MB, over the {args.max_mb:.0f} MB limit")
        if args.self_test:
            print(f"frozen self-test passed in {run_self_test(dist):.1f} s", flush=True)
        if not args.no_installer and platform != "linux":
            made = windows_installer(dist, args.require_installer) if platform == "windows" else None
            made = macos_installer(dist) if platform == "macos" else made
            if made is not None:
                print(f"installer: {made} ({made.stat().st_size / 1024 / 1024:.1f} MB)")
    except BuildError as problem:
        print(f"build failed: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
