"""Where the database lives, and whether that place is safe for SQLite.

The data folder is platformdirs' user data dir for "InfusionDesk"; ``--data-dir``
and ``INFUSIONDESK_DATA_DIR`` override it, so tests and development never touch a
biller's real data. SQLite's locking and fsync are unreliable on network shares,
and a removable drive can vanish mid-write (https://www.sqlite.org/useovernet.html),
so we warn about both.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from infusiondesk.paths import DATA_DIR_VARIABLE, data_dir

ENV_VAR = DATA_DIR_VARIABLE
__all__ = ["BACKUP_DIR_NAME", "DATABASE_NAME", "ENV_VAR", "backup_dir", "data_dir", "database_path"]
DATABASE_NAME = "infusiondesk.sqlite3"
BACKUP_DIR_NAME = "backups"

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smbfs",
        "smb3",
        "9p",
        "afs",
        "davfs",
        "ncpfs",
        "coda",
        "fuse.sshfs",
        "sshfs",
        "fuse.rclone",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
    }
)


def database_path(override: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(override) / DATABASE_NAME


def backup_dir(database: Path) -> Path:
    return database.parent / BACKUP_DIR_NAME


def location_warning(path: Path) -> str | None:
    """A sentence to show when ``path`` is on a network share or removable drive."""
    kind = _windows_drive_kind(path) if sys.platform == "win32" else _posix_drive_kind(path)
    if kind is None:
        return None
    return (
        f"The database is on a {kind} ({path.parent}). Infusion Desk can lose data there "
        "if the connection drops or the drive is removed; keep it on this computer's disk."
    )


def _windows_drive_kind(path: Path) -> str | None:
    text = str(path.resolve())
    if text.startswith("\\\\"):
        return "network share"
    import ctypes

    drive_type = ctypes.windll.kernel32.GetDriveTypeW(text[:3])  # type: ignore[attr-defined]
    return {2: "removable drive", 4: "network share"}.get(drive_type)


def _posix_drive_kind(path: Path) -> str | None:
    mount = _mount_of(path)
    if mount is None:
        return None
    mount_point, device, fstype = mount
    if fstype in NETWORK_FILESYSTEMS or device.startswith("//"):
        return "network share"
    if mount_point.startswith(("/media/", "/run/media/", "/mnt/")) or _is_removable(device):
        return "removable drive"
    if sys.platform == "darwin" and mount_point.startswith("/Volumes/"):
        return "removable drive"
    return None


def _mount_of(path: Path) -> tuple[str, str, str] | None:
    """(mount point, device, filesystem type) of the longest mount containing path."""
    try:
        lines = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return _macos_mount_of(path)
    target = str(_existing_ancestor(path))
    best: tuple[str, str, str] | None = None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        device, point, fstype = parts[0], parts[1].replace("\\040", " "), parts[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best[0])):
            best = (point, device, fstype)
    return best


def _macos_mount_of(path: Path) -> tuple[str, str, str] | None:
    target = str(_existing_ancestor(path))
    if target.startswith("/Volumes/"):
        point = "/".join(target.split("/")[:3])
        return (point, "", "")
    return None


def _existing_ancestor(path: Path) -> Path:
    path = path.expanduser().absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path.resolve()


def _is_removable(device: str) -> bool:
    """Linux: /sys/block/<disk>/removable is 1 for USB sticks and card readers."""
    if not device.startswith("/dev/"):
        return False
    name = Path(device).resolve().name
    for disk in (name, name.rstrip("0123456789"), name.split("p")[0]):
        flag = Path("/sys/block") / disk / "removable"
        if flag.exists():
            return flag.read_text().strip() == "1"
    return False
