"""Drafts: the order editor's unsaved work, kept in the database (store.drafts).

Versions before schema 3 kept the editor's one draft in ``order-draft.json`` beside
the database. That file holds patient details outside the protected, backed-up
database, so on opening it is moved in once (as the draft ``EDITOR_DRAFT``) and deleted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from infusiondesk.store import drafts
from infusiondesk.store.database import Store

EDITOR_DRAFT = "order-editor"  # the key of the order editor's draft
DRAFT_FILE = "order-draft.json"  # where versions before schema 3 kept it


def adopt_draft_file(store: Store) -> bool:
    """Move a draft file left by an older version into the database, then delete it
    (and its half-written ``.tmp``). A draft already in the database is newer and wins;
    an unreadable file is deleted all the same (nothing in it can be restored, and
    it must not linger). True when a draft was imported."""
    if store.read_only:
        return False  # the writer will move it
    path = store.path.parent / DRAFT_FILE
    leftovers = [path, path.with_suffix(".tmp")]
    if not any(p.exists() for p in leftovers):
        return False
    data = _read(path)
    adopted = data is not None and drafts.load_draft(store, EDITOR_DRAFT) is None
    if adopted:
        assert data is not None
        drafts.save_draft(store, EDITOR_DRAFT, data)
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    return adopted


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
