"""The audit log: who changed (or viewed) what, when, with the values before and after.

Append-only: triggers in the schema refuse UPDATE and DELETE (db/0001_initial.sql),
so even a bug here cannot rewrite history. Rows are written inside the same
transaction as the change they describe, so neither exists without the other.

Tamper-evident (db/0012_audit_chain.sql): triggers stop a bug, not someone with the
file and an SQLite shell, who can drop them, edit and recreate them. So each entry
carries ``hash`` = HMAC-SHA256 over the previous entry's hash and its own fields,
keyed with ``chain_key(store)``, and ``audit_chain`` keeps a MAC of the newest entry's
id: ``verify_chain`` then names the first entry that was changed, removed or slipped
in. Appending costs one key lookup, two HMACs and one row update.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database


def jsonable(value: Any) -> Any:
    """Plain JSON data for any order value (dataclasses, mappings, tuples, dates)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [jsonable(v) for v in value]
    if isinstance(value, (Decimal, date)):
        return str(value)
    return value


def _default(value: object) -> object:
    if isinstance(value, (Decimal, date)):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot audit a {type(value).__name__}")


def to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=_default, sort_keys=True, separators=(",", ":"))


GENESIS = ""  # the "previous hash" of the first entry


def chain_key(store: Any) -> bytes:
    """The HMAC key of the audit chain: derived from the database key (issue 14: "a hash
    chain, keyed with the database key"), so only someone who can open the database can
    rebuild a chain that verifies; a practice without users (not encrypted: scripts,
    tests) uses the per-database random secret of schema 12."""
    key = getattr(store, "key", None)
    return _stored_secret(store.db) if key is None else database_chain_key(key)


def database_chain_key(database_key: bytes) -> bytes:
    return hmac.new(database_key, b"infusiondesk audit chain", hashlib.sha256).digest()


def adopt_database_key(store: Any) -> int:
    """A chain kept under the stored secret (the log of a practice that was plain) is
    re-keyed once with the database key at the first writable open with that key;
    returns the number of entries re-hashed (0: nothing to do). A log that does not
    verify under the secret is left as it is, for ``check`` to name the broken entry."""
    if getattr(store, "key", None) is None:
        return 0
    db = store.db
    head = db.execute("SELECT head_id, head_mac FROM audit_chain WHERE id = 1").fetchone()
    if head is None or head[0] is None or head[1] is None:
        return 0  # nothing chained yet: seal_unchained keys it with the database key
    row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [head[0]]).fetchone()
    if row is None or row[0] is None:
        return 0
    derived, secret = database_chain_key(store.key), _stored_secret(db)
    if hmac.compare_digest(head[1], head_mac(derived, int(head[0]), str(row[0]))):
        return 0  # keyed already
    if not hmac.compare_digest(head[1], head_mac(secret, int(head[0]), str(row[0]))):
        return 0
    if db.execute("SELECT 1 FROM audit_log WHERE hash IS NULL LIMIT 1").fetchone() is not None:
        with store.write():
            _hash_all(db, secret, keep_sealed=True)
    try:
        return rechain(store, secret, derived)
    except BrokenChain:
        return 0


def _stored_secret(db: Database) -> bytes:
    row = db.execute("SELECT secret FROM audit_chain WHERE id = 1").fetchone()
    if row is None:
        raise LookupError("the audit chain has no key")
    return bytes(row[0])


def entry_hash(key: bytes, prev_hash: str, fields_: Iterable[object]) -> str:
    """HMAC-SHA256 of the previous hash and the entry's fields (at, actor, entity,
    entity_id, action, before, after), encoded as a JSON list so no two different
    entries share a message."""
    message = json.dumps([prev_hash, *fields_], ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def head_mac(key: bytes, head_id: int, head_hash: str) -> str:
    """Vouches for which entry is the newest: without it, deleting the newest entries
    would leave a chain that still verifies."""
    return hmac.new(key, f"head:{head_id}:{head_hash}".encode(), hashlib.sha256).hexdigest()


def _last_hash(db: Database) -> str:
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return GENESIS if row is None or row[0] is None else str(row[0])


def record(
    db: Database,
    *,
    key: bytes,
    at: str,
    actor: str,
    entity: str,
    entity_id: object,
    action: str,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one chained entry; call inside the transaction that makes the change."""
    values = [at, actor, entity, str(entity_id), action, to_json(before), to_json(after)]
    prev = _last_hash(db)
    digest = entry_hash(key, prev, values)
    cursor = db.execute(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [*values, prev, digest],
    )
    _move_head(db, key, int(cursor.lastrowid or 0), digest)


def _move_head(db: Database, key: bytes, head_id: int, digest: str) -> None:
    db.execute(
        "UPDATE audit_chain SET head_id = ?, head_mac = ? WHERE id = 1",
        [head_id, head_mac(key, head_id, digest)],
    )


def record_change(
    store: Any, entity: str, entity_id: object, action: str, before: Any = None, after: Any = None
) -> None:
    """Append an entry for a change ``store`` is making, with its clock and actor; call
    inside the ``store.write()`` transaction that makes the change."""
    record(
        store.db,
        key=chain_key(store),
        at=store.now(),
        actor=store.actor,
        entity=entity,
        entity_id=entity_id,
        action=action,
        before=before,
        after=after,
    )


def record_event(store: Any, entity: str, entity_id: object, action: str, details: Any = None) -> None:
    """Append an entry for something the user did that changes no data (a view, a
    search, an export, a backup), in its own transaction. ``details`` must never hold
    PHI: ids and counts only. It does not count as a change to back up (else a backup's
    own entry would make the next backup due, for ever); a read-only second window
    cannot write, so it records nothing (the writing window records its own)."""
    if store.read_only:
        return
    changed = store.changed
    with _without_fsync(store.db), store.write():
        record_change(store, entity, entity_id, action, None, details)
    store.changed = changed


@contextmanager
def _without_fsync(db: Database) -> Iterator[None]:
    """A read's entry is committed without waiting for the disk (WAL, synchronous=NORMAL):
    a search as you type must not wait for an fsync per keystroke (F_FULLFSYNC on macOS
    takes tens of ms). A power cut may lose the last such entries, never a change (the
    next change's commit syncs them too), and never breaks the chain (WAL loses a
    suffix of whole transactions)."""
    if db.conn.in_transaction:
        yield
        return
    before = db.execute("PRAGMA synchronous").fetchone()[0]
    db.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        db.execute(f"PRAGMA synchronous={int(before)}")


_ENTRY_COLUMNS = "id, at, actor, entity, entity_id, action, before, after, prev_hash, hash"


def _all_entries(db: Database, page: int = 2000) -> Iterator[tuple[Any, ...]]:
    """Every entry, oldest first, a page at a time: a practice's log can hold a million
    entries, some with a whole order in ``before``, and they may be updated as read."""
    last = -1
    while True:
        rows = db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?", [last, page]
        ).fetchall()
        yield from rows
        if len(rows) < page:
            return
        last = int(rows[-1][0])


def seal_unchained(store: Any) -> int:
    """Chain the entries written before schema 12 (or by an older app), oldest first;
    returns how many. Runs at every writable open and costs one indexed lookup when
    there is nothing to do; the first open after the upgrade takes about 2 s per
    100,000 entries."""
    db = store.db
    if db.execute("SELECT 1 FROM audit_log WHERE hash IS NULL LIMIT 1").fetchone() is None:
        return 0
    with store.write():
        return _hash_all(db, chain_key(store), keep_sealed=True)


def _hash_all(db: Database, key: bytes, keep_sealed: bool) -> int:
    """(Re)hash the chain oldest first and move the head; ``keep_sealed``: entries that
    already have a hash keep it (sealing), else every entry is re-hashed (re-keying).
    Returns how many entries were hashed."""
    prev, last_id, hashed = GENESIS, None, 0
    for row in _all_entries(db):
        last_id = int(row[0])
        if keep_sealed and row[9] is not None:
            prev = row[9]
            continue
        digest = entry_hash(key, prev, row[1:8])
        db.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [prev, digest, last_id])
        prev, hashed = digest, hashed + 1
    if last_id is not None:
        _move_head(db, key, last_id, prev)
    return hashed


@dataclass(frozen=True, slots=True)
class ChainVerdict:
    entries: int
    problem: str | None = None  # "audit entry 1234 was changed or removed"
    entry_id: int | None = None  # the first broken entry

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(store: Any, key: bytes | None = None) -> ChainVerdict:
    """Recompute every entry's hash in order; the first mismatch names the entry."""
    db = store.db
    key = chain_key(store) if key is None else key
    prev, prev_id, count = GENESIS, 0, 0
    for row in _all_entries(db):
        count += 1
        entry_id = int(row[0])
        broken = _broken_entry(key, prev, prev_id, row)
        if broken is not None:
            return ChainVerdict(count, broken[1], broken[0])
        prev, prev_id = str(row[9]), entry_id
    return _verify_head(db, key, prev, prev_id, count)


class BrokenChain(Exception):
    """The log does not verify under the old key: re-keying would launder the tampering."""


def rechain(store: Any, old_key: bytes, new_key: bytes) -> int:
    """Re-hash the whole chain under ``new_key`` (when the key changes: derived from the
    database key instead of the stored secret), in one transaction; returns the number
    of entries. Refuses (BrokenChain) a log that does not verify under ``old_key``. The
    append-only trigger is lifted for the transaction only."""
    verdict = verify_chain(store, old_key)
    if not verdict.ok:
        raise BrokenChain(verdict.problem)
    db = store.db
    with store.write():
        trigger = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'"
        ).fetchone()[0]
        db.execute("DROP TRIGGER audit_log_no_update")
        _hash_all(db, new_key, keep_sealed=False)
        db.execute(trigger)
    return verdict.entries


def _broken_entry(key: bytes, prev: str, prev_id: int, row: tuple[Any, ...]) -> tuple[int, str] | None:
    entry_id = int(row[0])
    if row[9] is None or row[9] != entry_hash(key, str(row[8] or ""), row[1:8]):
        return entry_id, f"audit entry {entry_id} was changed"
    if row[8] != prev:
        missing = prev_id + 1
        if entry_id > missing:
            return missing, f"audit entry {missing} was removed"
        return entry_id, f"audit entry {entry_id} was changed or removed"
    return None


def _verify_head(db: Database, key: bytes, last_hash: str, last_id: int, count: int) -> ChainVerdict:
    head = db.execute("SELECT head_id, head_mac FROM audit_chain WHERE id = 1").fetchone()
    head_id, mac = (None, None) if head is None else head
    if head_id is None and count == 0:
        return ChainVerdict(0)
    if head_id == last_id and mac is not None and hmac.compare_digest(mac, head_mac(key, last_id, last_hash)):
        return ChainVerdict(count)
    if isinstance(head_id, int) and head_id > last_id:
        return ChainVerdict(count, f"audit entry {last_id + 1} was changed or removed", last_id + 1)
    return ChainVerdict(count, f"audit entry {last_id} was changed or removed", last_id)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, so order edits log what changed, not everything."""
    keys = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return ({k: before.get(k) for k in keys}, {k: after.get(k) for k in keys})


@dataclass(frozen=True, slots=True)
class AuditSummary:
    entries: int
    first_at: str | None
    last_at: str | None
    by_entity_action: tuple[tuple[str, str, int], ...]


def summary(db: Database) -> AuditSummary:
    row = db.execute("SELECT count(*), min(at), max(at) FROM audit_log").fetchone()
    counts = db.execute(
        "SELECT entity, action, count(*) FROM audit_log GROUP BY entity, action ORDER BY 1, 2"
    ).fetchall()
    return AuditSummary(row[0], row[1], row[2], tuple((e, a, n) for e, a, n in counts))


def history(db: Database, entity: str, entity_id: object) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT at, actor, action, before, after FROM audit_log "
            "WHERE entity = ? AND entity_id = ? ORDER BY id",
            [entity, str(entity_id)],
        )
    )
