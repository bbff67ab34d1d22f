"""Files holding patient data are readable by their owner only (POSIX modes; Windows
gives a user's profile folder to that user): the data folder 0700, the database with
its -wal and -shm, backups, lock files and every exported file 0600 — under the usual
umask 022, which would otherwise make them 0644, readable by every account."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.cli import main
from infusiondesk.rules.order import Patient
from infusiondesk.services import electronic
from tests.helpers import order, therapy

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="POSIX file modes (Windows uses the profile's ACL)"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_data_folder_and_database_are_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "InfusionDesk"
    store = services.open_store(data)
    try:
        services.save_patient(store, Patient("Doe", "Jane"))
        database = store.path
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"), Path(f"{database}.lock")):
            assert path.exists() and mode(path) == 0o600, path
        assert mode(data) == 0o700
    finally:
        services.close_store(store, backup=False)


def test_a_database_from_an_older_version_is_made_owner_only_at_open(tmp_path: Path) -> None:
    services.close_store(services.open_store(tmp_path), backup=False)
    database = tmp_path / "infusiondesk.sqlite3"
    database.chmod(0o644)  # as every version before issue 14 left it
    store = services.open_store(tmp_path)
    try:
        services.save_patient(store, Patient("Doe", "Jane"))
        assert mode(database) == 0o600
        assert mode(Path(f"{database}-wal")) == 0o600
    finally:
        services.close_store(store, backup=False)


def test_backups_and_a_restore_are_owner_only(tmp_path: Path) -> None:
    store = services.open_store(tmp_path)
    try:
        services.save_patient(store, Patient("Doe", "Jane"))
        backup = services.backup(store)
    finally:
        services.close_store(store, backup=False)
    assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
    kept = services.restore_backup(backup, tmp_path)
    assert kept is not None and mode(kept) == 0o600
    assert mode(tmp_path / "infusiondesk.sqlite3") == 0o600
    assert all(mode(p) == 0o600 for p in backup.parent.iterdir())


def test_exported_files_are_owner_only(tmp_path: Path) -> None:
    store = services.open_store(tmp_path / "data")
    try:
        patient_id = services.save_patient(store, Patient("Doe", "Jane"))
        assert patient_id
        saved = services.import_order(store, order([therapy(stop="2026-01-05")], complete=True))
        services.save_order_file(
            store, services.load_order(store, saved.id), tmp_path / "order.json", saved.id
        )
        services.save_audit_csv(store, services.AuditFilter(), tmp_path / "audit.csv")
    finally:
        services.close_store(store, backup=False)
    services.save_pdf(b"%PDF-1.4", tmp_path / "claims.pdf")
    electronic.write_export(b"ISA*", tmp_path / "claims.x12")
    for name in ("order.json", "audit.csv", "claims.pdf", "claims.x12"):
        assert mode(tmp_path / name) == 0o600, name


def test_the_command_line_writes_its_pdf_owner_only(tmp_path: Path) -> None:
    source = tmp_path / "order.json"
    source.write_text(json.dumps(order([therapy(stop="2026-01-05")], complete=True)))
    out = tmp_path / "claims.pdf"
    assert main(["print", str(source), "-o", str(out), "--force"]) == 0
    assert mode(out) == 0o600
