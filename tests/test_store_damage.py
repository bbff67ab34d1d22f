"""Damaged, foreign, newer, read-only and full: every case a plain message and a way back.

Each test damages a real database file the way disks and people do (zeroed, cut short,
scribbled over, a row's text garbled, the file emptied) and runs the real commands on
it: one message, naming the newest backup, exit 2, never a traceback, never a row's text.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.cli import main
from infusiondesk.rules.order import Patient
from infusiondesk.services.opening import restorable_backups
from infusiondesk.store import backups, location
from infusiondesk.store.errors import (
    CorruptDatabase,
    DatabaseInUse,
    DiskError,
    DiskFull,
    NotADatabase,
    classify,
)
from infusiondesk.store.orders import save_order
from infusiondesk.store.patients import list_patients, save_patient
from tests.test_store_support import full_order, new_store

SECRET = "Zebulon"  # a patient's name: must never reach a message


def _practice(folder: Path, orders: int = 12) -> tuple[Path, Path]:
    """A practice with a backup; returns (database, backup), the database closed and
    checkpointed (no -wal), so damage to the file is damage to the data."""
    store = new_store(folder)
    save_patient(store, Patient(SECRET, "Quill"))
    for n in range(orders):
        save_order(store, full_order(n))
    backup = services.backup(store)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return location.database_path(folder), backup


def _garble_the_name(data: bytes) -> bytes:
    """Invalid UTF-8 inside the patient's name, wherever it is stored."""
    return data.replace(SECRET.encode(), b"\xff\xfe" + SECRET.encode()[2:])


DAMAGE = {
    "zero-length": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "corrupt": lambda data: data[:100] + b"\xa5" * (3 * 4096) + data[100 + 3 * 4096 :],
    "header overwritten": lambda data: b"\x00" * 512 + data[512:],
}


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.err


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_every_damaged_file_gets_the_same_message_naming_the_newest_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    database, backup = _practice(tmp_path)
    database.write_bytes(DAMAGE[how](database.read_bytes()))
    damaged = database.read_bytes()
    for command in (["check"], ["orders", "list"], ["backup"]):
        status, err = _cli(capsys, "--data-dir", str(tmp_path), *command)
        assert status in (1, 2), (how, command)
        assert "is damaged or incomplete" in err and backup.name in err, (how, command, err)
        assert "Traceback" not in err and SECRET[2:] not in err
    assert database.read_bytes() == damaged  # refused, not "repaired"
    # the way back: restore the backup the message names
    status, err = _cli(capsys, "--data-dir", str(tmp_path), "restore", str(backup))
    assert status == 0, err
    assert main(["--data-dir", str(tmp_path), "check"]) == 0
    assert "12 orders" in capsys.readouterr().out
    kept = [b for b in backups.list_backups(backup.parent) if b.kind == "damaged"]
    assert len(kept) == 1 and kept[0].path.read_bytes() == damaged


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_restoring_a_damaged_file_says_so_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    database, _backup = _practice(tmp_path / "a")
    other, _ = _practice(tmp_path / "b", orders=2)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(DAMAGE[how](other.read_bytes()))
    before = database.read_bytes()
    status, err = _cli(capsys, "--data-dir", str(tmp_path / "a"), "restore", str(broken))
    assert status == 2 and "Traceback" not in err
    assert "is damaged" in err or "not an Infusion Desk database" in err
    assert database.read_bytes() == before


def test_a_garbled_row_is_damage_and_its_text_is_never_shown(tmp_path: Path) -> None:
    """quick_check does not look inside text: SQLite reports the bad bytes when the row
    is read ("Could not decode to UTF-8 column 'last_name' with text 'Ze…'")."""
    database, backup = _practice(tmp_path)
    database.write_bytes(_garble_the_name(database.read_bytes()))
    store = new_store(tmp_path)
    try:
        with pytest.raises(CorruptDatabase) as raised:
            list_patients(store)
    finally:
        store.close()
    assert "is damaged or incomplete" in str(raised.value) and backup.name in str(raised.value)
    assert SECRET[2:] not in str(raised.value)


def test_an_empty_file_with_no_backup_is_a_first_start_cut_short(tmp_path: Path) -> None:
    path = location.database_path(tmp_path)
    path.write_bytes(b"")
    store = new_store(tmp_path)  # nothing was ever saved, nothing to offer: start afresh
    store.close()
    assert path.stat().st_size > 0


def test_someone_elses_file_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = location.database_path(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
        conn.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotADatabase):
        new_store(tmp_path)
    assert path.read_bytes() == before  # not switched to WAL (bytes 18-19 would change)
    assert not Path(f"{path}-wal").exists()


def test_a_deleted_lock_file_does_not_let_a_second_writer_in(tmp_path: Path) -> None:
    first = new_store(tmp_path)
    try:
        Path(f"{first.path}.lock").unlink()  # a clean-up tool, a tidy biller
        with pytest.raises(DatabaseInUse):
            new_store(tmp_path)
        reader = new_store(tmp_path, if_in_use="read-only")
        assert reader.read_only
        reader.close()
    finally:
        first.close()
    new_store(tmp_path).close()  # and the lock goes with the writer


def test_check_backup_and_orders_list_work_read_only_while_the_app_is_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = new_store(tmp_path)
    try:
        save_order(app, full_order(1))
        assert main(["--data-dir", str(tmp_path), "check"]) == 0
        assert "1 orders" in capsys.readouterr().out
        assert main(["--data-dir", str(tmp_path), "orders", "list"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == 1
        assert main(["--data-dir", str(tmp_path), "backup"]) == 0
        made = Path(capsys.readouterr().out.strip())
        with sqlite3.connect(made) as conn:
            assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 1
        conn.close()
        status, err = _cli(capsys, "--data-dir", str(tmp_path), "demo-data")
        assert status == 2 and "open in another" in err  # writing still needs the app closed
    finally:
        app.close()


def test_leftovers_of_a_killed_backup_are_cleaned_and_kept_copies_rotated(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    folder = location.backup_dir(store.path)
    folder.mkdir()
    leftovers = [folder / ".backup-2026-01-01-000000.sqlite3.partial", folder / "gone.sqlite3-journal"]
    leftovers += [folder / "gone.sqlite3-wal", folder / "gone.sqlite3-shm"]
    leftovers.append(folder / ".backup-2026-01-01-000000.sqlite3.partial-journal")
    for path in leftovers:
        path.write_bytes(b"x")
    for day in range(1, 9):  # a restore done over and over: 8 kept copies of each kind
        for kind in ("before-restore", "before-upgrade"):
            shutil.copy(store.path, folder / f"{kind}-2026-01-0{day}-000000.sqlite3")
    services.backup(store)
    store.close()
    assert not any(path.exists() for path in leftovers)
    kinds = [b.kind for b in backups.list_backups(folder)]
    assert kinds.count("before-restore") == backups.KEEP_PER_SPECIAL_KIND
    assert kinds.count("before-upgrade") == backups.KEEP_PER_SPECIAL_KIND
    assert (folder / "before-restore-2026-01-08-000000.sqlite3").exists()  # the newest stay
    assert not (folder / "before-restore-2026-01-01-000000.sqlite3").exists()


def test_a_backup_cut_short_is_not_offered(tmp_path: Path) -> None:
    database, backup = _practice(tmp_path)
    older = backup.with_name("backup-2000-01-01-000000.sqlite3")
    shutil.copy(backup, older)
    backup.write_bytes(backup.read_bytes()[:8192])  # the newest, cut short
    newest = backups.newest_backup(database)
    assert newest is not None and newest.path == older
    assert [b.path for b in restorable_backups(tmp_path)] == [older]


# --- read-only places and a full disk ------------------------------------------------


def _as_unprivileged(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user permissions apply to (root ignores them: drop to nobody)."""
    command = [sys.executable, "-m", "infusiondesk", *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd="/")


unprivileged = pytest.mark.skipif(
    sys.platform == "win32" or (os.geteuid() == 0 and shutil.which("setpriv") is None),
    reason="needs POSIX permissions and, as root, setpriv to drop them",
)


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder anyone may enter (pytest's own are root's alone when run as root)."""
    made = Path(tempfile.mkdtemp(prefix="infusiondesk-ro-"))
    made.chmod(0o755)
    yield made
    for path in (made, *made.rglob("*")):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(made, ignore_errors=True)


@unprivileged
def test_a_read_only_folder_and_file_are_named_as_such(open_folder: Path) -> None:
    tmp_path = open_folder
    folder = tmp_path / "data"
    _practice(folder)
    if os.geteuid() == 0:
        for path in (folder, *folder.rglob("*")):
            os.chown(path, 65534, 65534)
    folder.chmod(0o555)
    try:
        for command in (["orders", "list"], ["check"], ["backup"]):
            done = _as_unprivileged(["--data-dir", str(folder), *command])
            assert done.returncode == 2 and "Traceback" not in done.stderr
            assert f"The folder {folder} is read-only" in done.stderr
            assert "another window" not in done.stderr
    finally:
        folder.chmod(0o755)
    database = location.database_path(folder)
    database.chmod(0o444)
    order = tmp_path / "order.json"
    from tests.test_store_support import small_order_file

    order.write_text(__import__("json").dumps(small_order_file(1)))
    order.chmod(0o644)
    done = _as_unprivileged(["--data-dir", str(folder), "orders", "import", str(order)])
    assert done.returncode == 2 and f"The database file {database} is read-only" in done.stderr
    assert "another window" not in done.stderr
    done = _as_unprivileged(["--data-dir", str(folder), "orders", "list"])  # reading still works
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 12


def test_a_full_disk_is_called_full_not_a_disk_io_error(tmp_path: Path, monkeypatch) -> None:
    """SQLite says "disk I/O error" when the -shm cannot grow on a full disk."""
    database, _ = _practice(tmp_path, orders=1)
    io_error = sqlite3.OperationalError("disk I/O error")
    io_error.sqlite_errorcode = sqlite3.SQLITE_IOERR  # type: ignore[attr-defined]
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10**9, 10**9, 4096))  # type: ignore[attr-defined]
    assert isinstance(classify(io_error, database), DiskFull)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10**9, 10, 10**9 - 10))  # type: ignore[attr-defined]
    assert isinstance(classify(io_error, database), DiskError)


def _tiny_tmpfs(where: Path) -> bool:
    where.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)], capture_output=True)
    return done.returncode == 0


def test_a_really_full_disk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    disk = tmp_path / "disk"
    if not _tiny_tmpfs(disk):
        pytest.skip("mounting a 1 MB tmpfs needs root (test_a_full_disk_is_called_full… covers the rest)")
    try:
        assert main(["--data-dir", str(disk), "demo-data"]) == 0
        capsys.readouterr()
        try:  # fill the disk to the last byte
            with (disk / "filler").open("wb") as filler:
                while True:
                    filler.write(b"\0" * 4096)
                    filler.flush()
        except OSError:
            pass
        for command in (["orders", "list"], ["check"], ["backup"], ["demo-data"]):
            status, err = _cli(capsys, "--data-dir", str(disk), *command)
            assert status == 2 and "The disk is full" in err and "I/O" not in err, (command, err)
        (disk / "filler").unlink()
        assert main(["--data-dir", str(disk), "check"]) == 0  # space freed: all there
        assert "20 patients" in capsys.readouterr().out
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_backing_up_damaged_data_says_so_and_keeps_the_good_backups(tmp_path: Path) -> None:
    database, good = _practice(tmp_path, orders=30)
    data = bytearray(database.read_bytes())
    tail = len(data) - 4 * 4096  # late pages: the open itself succeeds
    data[tail : tail + 4096] = b"\xa5" * 4096
    database.write_bytes(bytes(data))
    store = services.open_store(tmp_path, check="background")
    try:
        with pytest.raises(backups.SourceDamaged, match="data being copied is damaged"):
            services.backup(store)
    finally:
        services.close_store(store, backup=False)
    assert [b.path for b in backups.list_backups(good.parent)] == [good]
    assert not [p for p in good.parent.iterdir() if p != good]  # no partial copy left
