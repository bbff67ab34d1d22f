"""macOS: pack ``Infusion Desk.app`` into a .dmg, sign it, notarize it (build.py calls these).

The .dmg opens to the app beside a link to /Applications, so installing is one
drag. Signing and notarization need an Apple Developer ID; installer/macos/README.md
gives the steps. Commands are built by small functions so a test can read them on
any OS; only ``run`` needs a Mac.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path


class MacBuildError(Exception):
    """A macOS tool failed; the message names it."""


def run(command: list[str]) -> None:
    if subprocess.run(command, check=False).returncode != 0:
        raise MacBuildError(f"{command[0]} {command[1]} failed; its messages are above")


def hdiutil_command(staging: Path, dmg: Path, volume_name: str) -> list[str]:
    # UDZO: zlib-compressed read-only image, opens on every supported macOS.
    return [
        "hdiutil", "create", "-volname", volume_name, "-srcfolder", str(staging),
        "-fs", "HFS+", "-format", "UDZO", "-ov", str(dmg),
    ]  # fmt: skip


def make_dmg(app: Path, dmg: Path, volume_name: str) -> Path:
    """Copy the app (keeping its symlinks: frameworks rely on them) next to an
    Applications link in a staging folder and image that folder."""
    if not app.is_dir():
        raise MacBuildError(f"{app} was not built")
    dmg.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="infusiondesk-dmg-") as folder:
        staging = Path(folder) / volume_name
        staging.mkdir()
        shutil.copytree(app, staging / app.name, symlinks=True)
        os.symlink("/Applications", staging / "Applications")
        run(hdiutil_command(staging, dmg, volume_name))
    return dmg


def codesign_command(path: Path, identity: str) -> list[str]:
    return ["codesign", "--force", "--timestamp", "--sign", identity, str(path)]


def sign_dmg(dmg: Path, identity: str) -> None:
    """Sign the disk image (the app inside was signed by PyInstaller, see the spec)."""
    run(codesign_command(dmg, identity))


def notary_commands(dmg: Path, profile: str) -> list[list[str]]:
    """Submit to Apple's notary service and wait, then staple the ticket to the
    .dmg so Gatekeeper accepts it offline."""
    return [
        ["xcrun", "notarytool", "submit", str(dmg), "--keychain-profile", profile, "--wait"],
        ["xcrun", "stapler", "staple", str(dmg)],
    ]


def notarize(dmg: Path, profile: str) -> None:
    for command in notary_commands(dmg, profile):
        run(command)
