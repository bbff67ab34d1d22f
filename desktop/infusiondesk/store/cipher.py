"""Connections to the database, encrypted with SQLCipher when a key is given.

The practice's database, its WAL and every backup are SQLCipher files (AES-256 pages,
an HMAC per page: https://www.zetetic.net/sqlcipher/design/) under one random 32-byte
key, given raw (``x'…'``) so no passphrase KDF runs at each open: the key is wrapped
per user in ``keys.json`` (``store.keys``). ``key=None`` opens a plain SQLite file
with the standard library: tests, and reading a plain database to encrypt it in place
(``encrypt_in_place``, the upgrade from versions before encryption).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

KEY_BYTES = 32
SQLITE_HEADER = b"SQLite format 3\x00"
# Either module's failures: classify() and every FAILURES tuple accept both.
# Two items, spelled out, so mypy can check ``except (*ERRORS, OSError)``.
ERRORS: tuple[type[sqlite3.Error], type[sqlcipher.Error]] = (sqlite3.Error, sqlcipher.Error)
# Either module's "this file is damaged or not a database".
DATABASE_ERRORS: tuple[type[sqlite3.DatabaseError], type[sqlcipher.DatabaseError]] = (
    sqlite3.DatabaseError,
    sqlcipher.DatabaseError,
)
Connection = Any  # sqlite3.Connection or sqlcipher3's, which has the same API


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def connect(target: str | Path, key: bytes | None, **options: Any) -> Connection:
    """``sqlite3.connect(target, **options)``, keyed with SQLCipher when ``key`` is given.
    The key pragma must be the first statement on the connection."""
    if key is None:
        return sqlite3.connect(target, **options)
    conn = sqlcipher.connect(str(target), **options)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temp tables never reach the disk
    except BaseException:
        conn.close()
        raise
    return conn


def is_plain(path: Path) -> bool:
    """True when ``path`` starts as an unencrypted SQLite file does (SQLCipher files
    start with a random salt instead)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def encrypt_in_place(path: Path, key: bytes) -> dict[str, int]:
    """Encrypt the plain database at ``path`` with ``key``; returns its row counts.

    ``sqlcipher_export`` writes an encrypted copy beside it; the copy must pass
    ``quick_check`` and hold as many rows in every table as the original before it
    replaces it. The plain file is then overwritten with zeros before it is unlinked
    (a best effort: an SSD or a copy-on-write file system may keep old blocks)."""
    staged = path.with_name(f".{path.name}.encrypting")
    _remove(staged)
    plain = sqlcipher.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _row_counts(plain)
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(staged),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    check = connect(staged, key)
    try:
        verdict = [row[0] for row in check.execute("PRAGMA quick_check").fetchall()]
        copied = _row_counts(check)
    finally:
        check.close()
    if verdict != ["ok"] or copied != counts:
        _remove(staged)
        raise sqlcipher.DatabaseError("the encrypted copy did not match the database; nothing was changed")
    for suffix in ("-wal", "-shm"):  # the plain file's, never the encrypted one's
        shred(Path(f"{path}{suffix}"))
    shredded = plain_copy(path)
    os.replace(path, shredded)  # the encrypted copy takes its place at once (else see resume)
    os.replace(staged, path)
    shred(shredded)
    return counts


def plain_copy(path: Path) -> Path:
    return path.with_name(f".{path.name}.plain")


def resume(path: Path) -> None:
    """A stop between ``encrypt_in_place``'s two renames leaves no database and the
    verified plain one beside it: put it back, to be encrypted again. A stop after them,
    while zeroing the plain copy, leaves that copy beside the encrypted file: finish."""
    if not plain_copy(path).exists():
        return
    if not path.exists():
        os.replace(plain_copy(path), path)
    elif not is_plain(path):
        shred(plain_copy(path))


def _row_counts(conn: Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def shred(path: Path) -> None:
    """Overwrite a file with zeros, flush it, unlink it; missing files are fine."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as handle:
        block = b"\0" * 65536
        left = size
        while left > 0:
            left -= handle.write(block[: min(left, len(block))])
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
