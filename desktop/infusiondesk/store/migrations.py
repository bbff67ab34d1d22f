"""The schema: numbered SQL files in ``db/``, applied by sqlite-utils ``Migrations``.

Each file ``NNNN_name.sql`` is one migration named by its stem; sqlite-utils runs it
and records it in ``_sqlite_migrations`` in one transaction, so a crash leaves the
database on the schema before or after, never between. A new database is built by
the same files, so new and upgraded databases cannot drift apart. The SQL may call the
helper functions registered here (``infusiondesk_unpack``: a compressed snapshot as
JSON text), so a migration can fill new columns from existing snapshots.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from infusiondesk.paths import migrations_path
from infusiondesk.store.packing import unpack_text

MIGRATION_SET = "infusiondesk"


def migration_files(folder: Path | None = None) -> list[Path]:
    folder = folder or migrations_path()
    return sorted(p for p in folder.glob("[0-9][0-9][0-9][0-9]_*.sql"))


def _runner(sql: str) -> Callable[[Database], None]:
    def run(db: Database) -> None:
        db.executescript(sql)

    return run


@cache
def schema_migrations() -> Migrations:
    migrations = Migrations(MIGRATION_SET)
    for path in migration_files():
        migrations(name=path.stem)(_runner(path.read_text(encoding="utf-8")))
    return migrations


def known_names() -> list[str]:
    return [path.stem for path in migration_files()]


def applied_names(db: Database) -> list[str]:
    """Every migration recorded in the file, whatever set it belongs to."""
    if not db["_sqlite_migrations"].exists():
        return []
    return [
        f"{row['name']}" if row["migration_set"] == MIGRATION_SET else f"{row['migration_set']}/{row['name']}"
        for row in db.query("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id")
    ]


def unknown_names(db: Database) -> list[str]:
    known = set(known_names())
    return [name for name in applied_names(db) if name not in known]


def pending_names(db: Database) -> list[str]:
    return [m.name for m in schema_migrations().pending(db)]


def apply(db: Database) -> None:
    db.conn.create_function("infusiondesk_unpack", 1, unpack_text, deterministic=True)
    schema_migrations().apply(db)
