"""``quick_check`` without making the biller wait for it.

A practice's database grows to hundreds of megabytes over the years, and
``PRAGMA quick_check`` reads every page (about 3 s for 300,000 orders on a small
laptop), so the app runs it at open on a second, read-only connection in a worker
thread while the first screen is already usable. The GUI asks for the verdict
(``Store.integrity_ok()``) and offers a restore if the file is damaged. SQLite also
reports damage on any page it reads, so nothing is trusted in the meantime that a
read has shown to be bad.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from infusiondesk.store import cipher
from infusiondesk.store.errors import CorruptDatabase


def quick_check(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]


class IntegrityCheck:
    """One quick_check of ``path`` in a daemon thread; cancelled by ``cancel()``."""

    def __init__(
        self, path: Path, on_done: Callable[[list[str]], None] | None = None, key: bytes | None = None
    ) -> None:
        self.path = path
        self.key = key
        self.result: list[str] | None = None  # None while running (or when cancelled)
        self._on_done = on_done
        self._done = threading.Event()
        self._conn: sqlite3.Connection | None = None
        self._conn_lock = threading.Lock()  # cancel() must never interrupt a closed connection
        self._cancelled = False
        self._thread = threading.Thread(target=self._run, name="quick-check", daemon=True)

    def start(self) -> IntegrityCheck:
        self._thread.start()
        return self

    def _run(self) -> None:
        result: list[str] | None
        conn: sqlite3.Connection | None = None
        try:
            conn = cipher.connect(
                f"{self.path.resolve().as_uri()}?mode=ro", self.key, uri=True, check_same_thread=False
            )
            with self._conn_lock:
                self._conn = conn
            result = None if self._cancelled else quick_check(conn)
        except cipher.ERRORS as exc:
            result = None if self._cancelled else [str(exc)]
        finally:
            with self._conn_lock:
                self._conn = None
            if conn is not None:
                conn.close()
        self.result = result
        self._done.set()
        if result is not None and self._on_done is not None:
            self._on_done(result)

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def verdict(self, timeout: float | None = 0) -> bool | None:
        """True when sound, None while still checking; raises CorruptDatabase."""
        if not self._done.wait(timeout) or self.result is None:
            return None
        if self.result != ["ok"]:
            raise CorruptDatabase(self.path, "; ".join(self.result[:3]))
        return True

    def cancel(self) -> None:
        self._cancelled = True
        with self._conn_lock:
            if self._conn is not None:
                self._conn.interrupt()  # thread-safe: makes the running PRAGMA stop
        self._thread.join(timeout=10)
