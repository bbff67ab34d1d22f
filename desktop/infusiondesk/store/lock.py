"""One writer per database: OS locks the process holds while the database is open.

The first program to open the database takes an exclusive, non-blocking lock on
``<database>.lock`` (``flock`` on macOS/Linux, ``msvcrt.locking`` on Windows). The OS
drops the lock when the process ends, even on a crash or SIGKILL, so a stale lock
never blocks the biller. A second instance gets ``DatabaseInUse`` or, if it asks,
opens the database read-only (see ``database.open_store``).

A lock file can be deleted while it is held (a clean-up tool, a biller tidying the
folder); the next program would then lock a new file of the same name and write
beside the first. So on macOS and Linux the writer also holds a ``flock`` on the data
folder itself, which cannot go while the database is in it. (Not on the database
file: on macOS a whole-file ``flock`` conflicts with SQLite's own byte-range locks.)
Windows refuses to delete a file another program has open, so the lock file is enough.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

BUSY = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK}


class WriterLock:
    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self.folder = database.parent
        self._fds: list[int] = []

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it. An OSError other than
        "held by someone" (a read-only folder) is raised for the caller to explain."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            return False
        self._fds.append(fd)
        folder = _folder_fd(self.folder)
        if folder is not None:
            if not _try_lock(folder, optional=True):
                self.release()
                return False
            self._fds.append(folder)
        return True

    def release(self) -> None:
        fds, self._fds = self._fds, []
        for fd in reversed(fds):
            try:
                _unlock(fd)
            except OSError:
                pass  # closing drops it all the same
            finally:
                os.close(fd)

    @property
    def held(self) -> bool:
        return bool(self._fds)


def _try_lock(fd: int, optional: bool = False) -> bool:
    """Lock ``fd``; False when held elsewhere. ``optional``: a file system that cannot
    lock folders (NFS) counts as locked, as before this second lock existed."""
    try:
        _lock(fd)
    except OSError as exc:
        if optional and exc.errno not in BUSY:
            return True
        os.close(fd)
        if exc.errno in BUSY or sys.platform == "win32":
            return False
        raise
    return True


def _folder_fd(folder: Path) -> int | None:
    if sys.platform == "win32":
        return None
    try:
        return os.open(folder, os.O_RDONLY)
    except OSError:
        return None


@contextlib.contextmanager
def folder_lock(path: Path, timeout: float = 60.0) -> Iterator[None]:
    """An exclusive lock on ``path`` (created if need be), waiting up to ``timeout``
    seconds: work that must not overlap across processes, such as two backups."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                _lock(fd)
                break
            except OSError as exc:
                if (exc.errno not in BUSY and sys.platform != "win32") or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
