"""Claim snapshots as stored: JSON, compressed.

Apart from ``claims`` (which records and reads snapshots) because the migrations need
``unpack_text`` too, and ``claims`` sits above the database that runs the migrations.
"""

from __future__ import annotations

import json
import zlib
from typing import Any


def pack(data: dict[str, Any]) -> bytes:
    """Snapshots are compressed: a claim's JSON shrinks about sixfold, which keeps a
    practice's database (and its backups and open-time check) small for years."""
    return zlib.compress(json.dumps(data, sort_keys=True, separators=(",", ":")).encode(), 6)


def unpack(blob: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(zlib.decompress(blob))  # ``pack`` wrote a JSON object
    return data


def unpack_text(blob: bytes | None) -> str | None:
    """A packed snapshot as JSON text, for SQL (registered by ``migrations``)."""
    return None if blob is None else zlib.decompress(blob).decode()
