"""Warnings for a database on a network share or a removable drive."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from infusiondesk.store import location


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX mount table")
@pytest.mark.parametrize(
    ("mount", "warning"),
    [
        (("/mnt/share", "//server/billing", "cifs"), "network share"),
        (("/srv/nfs", "nas:/export", "nfs4"), "network share"),
        (("/media/usb", "/dev/sdz1", "vfat"), "removable drive"),
        (("/", "/dev/vda1", "ext4"), None),
    ],
)
def test_location_warning(monkeypatch: pytest.MonkeyPatch, mount: tuple, warning: str | None) -> None:
    monkeypatch.setattr(location, "_mount_of", lambda path: mount)
    monkeypatch.setattr(location, "_is_removable", lambda device: False)
    found = location.location_warning(Path(mount[0]) / "infusiondesk.sqlite3")
    if warning is None:
        assert found is None
    else:
        assert found is not None and warning in found and "keep it on this computer" in found


@pytest.mark.skipif(not Path("/proc/mounts").exists(), reason="Linux mount table")
def test_mount_lookup_finds_the_longest_mount_point(tmp_path: Path) -> None:
    mount = location._mount_of(tmp_path / "not-yet" / "infusiondesk.sqlite3")
    assert mount is not None and str(tmp_path).startswith(mount[0])
