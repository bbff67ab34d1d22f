"""Files that hold patient data, readable by their owner only.

The database, its WAL and shared-memory files, backups, the writer lock, drafts and
exported files are created 0600 and the data folder 0700 (on POSIX; Windows gives a
user's files to that user through the profile folder's ACL), so another account on a
shared computer cannot read them (HIPAA 164.312(a)(1) access control).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

POSIX = os.name == "posix"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside get no group or other permissions. The umask is
    process-wide: hold it only around creating files, never around a dialog."""
    if not POSIX:
        yield
        return
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def make_private(path: Path) -> None:
    """0600 for a file, 0700 for a folder (no-op on Windows or when it is not ours)."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        path.chmod(PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE)


def private_folder(path: Path) -> Path:
    """Create ``path`` (and missing parents) 0700."""
    with private_umask():
        path.mkdir(parents=True, exist_ok=True)
    make_private(path)
    return path


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, created (or kept) 0600."""
    with private_umask():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    make_private(path)
