"""Files that hold patient data, readable by their owner only.

The database, its WAL and shared-memory files, backups, the writer lock, drafts and
exported files are created 0600 and the data folder 0700 on POSIX. On Windows a folder
the app creates gets an access-control list of its own (``icacls``: inheritance cut,
full control for the user only), which the files created in it inherit, so a data
folder chosen outside the user's profile is private too. Either way another account on
a shared computer cannot read them (HIPAA 164.312(a)(1) access control).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

POSIX = os.name == "posix"
WINDOWS = os.name == "nt"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def make_private(path: Path) -> None:
    """0600 for a file, 0700 for a folder (no-op on Windows or when it is not ours)."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        path.chmod(PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE)


def private_folder(path: Path) -> Path:
    """Create ``path`` (and missing parents) with the last one 0700; a folder that was
    already there keeps its mode (the user may have chosen to share it)."""
    if not path.is_dir():
        path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        make_private(path)
        if WINDOWS:
            owner_only_acl(path)
    return path


def owner_only_acl(folder: Path) -> bool:
    """Windows: the folder's ACL cut from its parent's and given to this user alone
    (``(OI)(CI)F``: the files and folders created in it inherit it). False when icacls
    is missing or refuses; the folder still works (the profile's own ACL applies)."""
    user = os.environ.get("USERNAME", "")
    domain = os.environ.get("USERDOMAIN", "")
    if not user:
        return False
    who = f"{domain}\\{user}" if domain else user
    try:
        done = subprocess.run(
            ["icacls", str(folder), "/inheritance:r", "/grant:r", f"{who}:(OI)(CI)F"],
            capture_output=True,
            timeout=30,
            check=False,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def create_private(path: Path) -> None:
    """Create an empty file 0600 for SQLite to open: SQLite then gives its -wal, -shm
    and -journal files the database's own mode (its unix VFS does), so the whole set
    stays private without touching the process-wide umask from several threads."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)
    make_private(path)


def make_database_private(path: Path) -> None:
    """The database and its sidecars, 0600 (a file from an older version was 0644)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        found = Path(f"{path}{suffix}")
        if found.exists():
            make_private(found)


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, created (or kept) 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    make_private(path)
