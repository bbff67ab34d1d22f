"""Named users: the first administrator, signing in, wrong passwords, the recovery key,
changing a password (re-wrap only) and the upgrade of a plain practice."""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.rules.order import Patient
from infusiondesk.services import users
from infusiondesk.services.errors import StoreError, WrongPassword, WrongRecoveryKey
from infusiondesk.store import cipher, keys
from infusiondesk.store.orders import save_order
from tests.test_store_support import full_order, small_order_file

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def quick_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """scrypt at a 64th of its cost (the parameters are stored with each entry, so
    unwrapping follows); ``test_the_kdf_parameters_are_the_real_ones`` uses the real ones."""
    monkeypatch.setattr(keys, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    yield
    users._SESSIONS.clear()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_run_creates_the_administrator_and_an_encrypted_practice(tmp_path: Path) -> None:
    recovery = users.create_administrator(tmp_path, "Ana Ortiz", PASSWORD)
    assert re.fullmatch(r"([A-Z2-7]{5}-){7}[A-Z2-7]{5}", recovery)  # 8 groups, as BitLocker's
    assert stat.S_IMODE((tmp_path / "keys.json").stat().st_mode) == 0o600
    copy = tmp_path / "backups" / "keys.json"  # goes off-site with the backups
    assert copy.read_bytes() == (tmp_path / "keys.json").read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert PASSWORD not in (tmp_path / "keys.json").read_text()
    users.sign_out(tmp_path)
    with pytest.raises(StoreError, match="locked: sign in"):
        services.open_store(tmp_path)
    users.unlock(tmp_path, "ana ortiz", PASSWORD)  # the name's case does not matter
    store = services.open_store(tmp_path, check="now")
    try:
        assert store.actor == "Ana Ortiz" and store.key is not None
        services.save_patient(store, Patient("Quill", "Zinnia"))
    finally:
        services.close_store(store, backup=False)
    assert not cipher.is_plain(store.path) and b"Zinnia" not in store.path.read_bytes()


def test_a_wrong_password_and_an_unknown_user_get_the_same_refusal(tmp_path: Path) -> None:
    users.create_administrator(tmp_path, "Ana", PASSWORD)
    users.sign_out(tmp_path)
    refusals = []
    for name, password in (("Ana", "wrong password"), ("Bob", PASSWORD), ("Ana", "")):
        with pytest.raises(WrongPassword) as refused:
            users.unlock(tmp_path, name, password)
        refusals.append(str(refused.value))
    assert refusals == ["Wrong user name or password."] * 3
    assert users.session(tmp_path) is None


def test_changing_a_password_rewraps_and_leaves_the_database_untouched(tmp_path: Path) -> None:
    users.create_administrator(tmp_path, "Ana", PASSWORD)
    services.close_store(services.open_store(tmp_path, check="now"), backup=False)
    database = tmp_path / "infusiondesk.sqlite3"
    before = _digest(database)
    users.change_password(tmp_path, "Ana", PASSWORD, "a new long password")
    assert _digest(database) == before
    assert (tmp_path / "backups" / "keys.json").read_bytes() == (tmp_path / "keys.json").read_bytes()
    with pytest.raises(WrongPassword):
        users.unlock(tmp_path, "Ana", PASSWORD)
    key = users.unlock(tmp_path, "Ana", "a new long password")
    services.close_store(services.open_store(tmp_path, key=key, check="now"), backup=False)
    with pytest.raises(StoreError, match="password: use at least 8"):
        users.change_password(tmp_path, "Ana", "a new long password", "short")


def test_the_recovery_key_opens_the_practice_when_the_password_is_lost(tmp_path: Path) -> None:
    recovery = users.create_administrator(tmp_path, "Ana", PASSWORD)
    first_key = users.session(tmp_path).key  # type: ignore[union-attr]
    users.sign_out(tmp_path)
    with pytest.raises(WrongRecoveryKey):
        users.unlock_with_recovery(tmp_path, "AAAAA-" * 7 + "AAAAA", "Ana", "new password 1")
    typed = recovery.lower().replace("-", " ")  # as read out over the phone
    assert users.unlock_with_recovery(tmp_path, typed, "Ana", "new password 1") == first_key
    users.sign_out(tmp_path)
    assert users.unlock(tmp_path, "Ana", "new password 1") == first_key


def test_a_role_edited_in_the_key_file_makes_that_entry_useless(tmp_path: Path) -> None:
    users.create_administrator(tmp_path, "Ana", PASSWORD)
    users.add_user(tmp_path, "Bo", "biller password", "biller")
    users.sign_out(tmp_path)
    path = tmp_path / "keys.json"
    content = json.loads(path.read_text())
    content["users"][1]["role"] = "administrator"
    path.write_text(json.dumps(content))
    with pytest.raises(WrongPassword):
        users.unlock(tmp_path, "Bo", "biller password")


def test_only_a_signed_in_administrator_adds_users_and_restores(tmp_path: Path) -> None:
    users.create_administrator(tmp_path, "Ana", PASSWORD)
    users.add_user(tmp_path, "Bo", "biller password", "biller")
    users.sign_out(tmp_path)
    users.unlock(tmp_path, "Bo", "biller password")
    with pytest.raises(StoreError, match="Only an administrator"):
        users.add_user(tmp_path, "Cy", "another password", "biller")
    store = services.open_store(tmp_path, check="now")
    backup = services.backup(store)  # a biller's backup is fine
    services.close_store(store, backup=False)
    with pytest.raises(StoreError, match="Only an administrator can restore"):
        services.restore_backup(backup, tmp_path)
    assert [(u.name, u.role) for u in users.list_users(tmp_path)] == [
        ("Ana", "administrator"),
        ("Bo", "biller"),
    ]


def test_a_plain_practice_and_its_backups_are_encrypted_at_first_run(tmp_path: Path) -> None:
    store = services.open_store(tmp_path, check="now")  # a version before encryption
    for n in (7, 8):
        save_order(store, full_order(n))
    backup = services.backup(store)
    services.close_store(store, backup=False)
    assert b"XYZ000000007" in backup.read_bytes()
    users.create_administrator(tmp_path, "Ana", PASSWORD)
    database = tmp_path / "infusiondesk.sqlite3"
    for path in (database, backup):
        assert not cipher.is_plain(path) and b"XYZ000000007" not in path.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".infusiondesk")]
    store = services.open_store(tmp_path, check="now")
    try:
        assert services.check(store).counts["orders"] == 2
    finally:
        services.close_store(store, backup=False)
    services.restore_backup(backup, tmp_path)  # the encrypted backup restores with the key


def test_the_kdf_parameters_are_the_real_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # scrypt N=2**16, r=8, p=1 (docs/security.md)
    users.create_administrator(tmp_path, "Ana", PASSWORD)
    entry = json.loads((tmp_path / "keys.json").read_text())["users"][0]["wrap"]
    assert (entry["kdf"], entry["n"], entry["r"], entry["p"]) == ("scrypt", 2**16, 8, 1)
    started = time.perf_counter()
    users.unlock(tmp_path, "Ana", PASSWORD)
    assert time.perf_counter() - started < 5  # about 0.2-0.4 s; generous for a busy CI


@pytest.mark.filterwarnings("ignore::getpass.GetPassWarning")
def test_the_command_line_signs_in_with_user_and_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from infusiondesk.cli import main

    users.create_administrator(tmp_path, "Ana", PASSWORD)
    users.sign_out(tmp_path)
    folder = ["--data-dir", str(tmp_path)]
    assert main([*folder, "orders", "list"]) == 2
    assert "--user" in capsys.readouterr().err
    monkeypatch.setenv(users.PASSWORD_VARIABLE, "not it at all")
    assert main([*folder, "--user", "Ana", "check"]) == 2
    err = capsys.readouterr().err
    assert "Wrong user name or password." in err and "Traceback" not in err
    monkeypatch.setenv(users.PASSWORD_VARIABLE, PASSWORD)
    assert main([*folder, "--user", "Ana", "backup"]) == 0
    backup = Path(capsys.readouterr().out.strip())
    assert backup.is_file() and not cipher.is_plain(backup)
    users.sign_out(tmp_path)
    monkeypatch.delenv(users.PASSWORD_VARIABLE)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, no password
    assert main([*folder, "--user", "Ana", "check"]) == 2
    assert "INFUSIONDESK_PASSWORD" in capsys.readouterr().err


def test_users_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from infusiondesk.cli import main

    users.create_administrator(tmp_path, "Ana", PASSWORD)
    users.sign_out(tmp_path)
    folder = ["--data-dir", str(tmp_path)]
    monkeypatch.setenv(users.PASSWORD_VARIABLE, PASSWORD)
    monkeypatch.setenv("INFUSIONDESK_NEW_PASSWORD", "biller password")
    assert main([*folder, "--user", "Ana", "users", "add", "Bo", "--role", "biller"]) == 0
    users.sign_out(tmp_path)
    assert main([*folder, "--user", "Ana", "users", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == ["Ana\tadministrator", "Bo\tbiller"]
    users.sign_out(tmp_path)
    monkeypatch.setenv(users.PASSWORD_VARIABLE, "biller password")
    assert main([*folder, "--user", "Bo", "users", "add", "Cy"]) == 2  # a biller adds nobody
    assert "Only an administrator" in capsys.readouterr().err
    monkeypatch.setenv("INFUSIONDESK_NEW_PASSWORD", "bo's new password")
    assert main([*folder, "--user", "Bo", "users", "password"]) == 0
    users.sign_out(tmp_path)
    with pytest.raises(WrongPassword):
        users.unlock(tmp_path, "Bo", "biller password")
    users.unlock(tmp_path, "Bo", "bo's new password")


def test_moving_to_a_new_computer_with_a_backup_and_the_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/install.md, "Moving to a new computer": a backup and keys.json are enough."""
    from infusiondesk.cli import main

    old, new = tmp_path / "old", tmp_path / "new"
    users.create_administrator(old, "Ana", PASSWORD)
    store = services.open_store(old, check="now")
    save_order(store, full_order(7))
    backup = services.backup(store)
    services.close_store(store, backup=False)
    users.sign_out(old)
    new.mkdir()
    (new / "keys.json").write_bytes((old / "backups" / "keys.json").read_bytes())  # off-site copy
    monkeypatch.setenv(users.PASSWORD_VARIABLE, PASSWORD)
    assert main(["--data-dir", str(new), "--user", "Ana", "restore", str(backup)]) == 0
    store = services.open_store(new, check="now")
    try:
        assert services.check(store).counts["orders"] == 1
    finally:
        services.close_store(store, backup=False)


def test_a_plain_practice_open_elsewhere_is_encrypted_at_its_next_open(tmp_path: Path) -> None:
    other = services.open_store(tmp_path, check="now")  # an older version's window
    save_order(other, full_order(7))
    recovery = users.create_administrator(tmp_path, "Ana", PASSWORD)
    assert recovery  # the recovery key is shown even though the file was busy
    database = tmp_path / "infusiondesk.sqlite3"
    assert cipher.is_plain(database)
    with pytest.raises(StoreError, match="open in another"):
        services.open_store(tmp_path, check="now")
    services.close_store(other, backup=False)
    store = services.open_store(tmp_path, check="now")
    try:
        assert services.check(store).counts["orders"] == 1 and not cipher.is_plain(database)
    finally:
        services.close_store(store, backup=False)


def test_setup_is_changed_by_administrators_only(tmp_path: Path) -> None:
    from decimal import Decimal

    users.create_administrator(tmp_path, "Ana", PASSWORD)
    users.add_user(tmp_path, "Bo", "biller password", "biller")
    store = services.open_store(tmp_path, check="now")
    try:
        services.set_charge(store, "S9500", Decimal("151.00"))  # Ana, administrator
        users.unlock(tmp_path, "Bo", "biller password")  # Bo signs in on the same computer
        with pytest.raises(StoreError, match="Only an administrator can change the practice's setup"):
            services.set_charge(store, "S9500", Decimal("1.00"))
        with pytest.raises(StoreError, match="Only an administrator"):
            services.remove_charge(store, "S9500")
        assert [c.amount for c in services.list_charges(store)] == [Decimal("151.00")]
        save_order(store, full_order(3))  # billing itself is a biller's work
    finally:
        services.close_store(store, backup=False)


def test_a_plain_backup_from_before_encryption_is_restored_encrypted(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    store = services.open_store(old, check="now")  # the old computer, an older version
    save_order(store, full_order(7))
    plain_backup = services.backup(store)
    services.close_store(store, backup=False)
    users.create_administrator(new, "Ana", PASSWORD)  # the new computer's first start
    services.restore_backup(plain_backup, new)
    database = new / "infusiondesk.sqlite3"
    assert not cipher.is_plain(database) and b"XYZ000000007" not in database.read_bytes()
    assert not [p for p in new.iterdir() if p.name.startswith(".")]  # no plain copy left
    store = services.open_store(new, check="now")
    try:
        assert services.check(store).counts["orders"] == 1
    finally:
        services.close_store(store, backup=False)


def test_a_practice_started_on_the_command_line_is_warned_and_users_init_encrypts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: the data is encrypted at rest. A practice first written by the CLI has
    no users, so it says so; `users init` creates the administrator, encrypts what is
    there and prints the recovery key once; the CLI then needs the password."""
    from infusiondesk.cli import main

    folder = tmp_path / "cli-practice"
    order_file = tmp_path / "order.json"
    order_file.write_text(json.dumps(small_order_file(1)), encoding="utf-8")
    assert main(["--data-dir", str(folder), "orders", "import", str(order_file)]) == 0
    assert "not encrypted" in capsys.readouterr().err
    database = folder / "infusiondesk.sqlite3"
    assert database.read_bytes().startswith(b"SQLite format 3\x00")
    monkeypatch.setenv("INFUSIONDESK_NEW_PASSWORD", PASSWORD)
    assert main(["--data-dir", str(folder), "users", "init", "Ana"]) == 0
    said = capsys.readouterr().out
    assert "Recovery key" in said and "encrypted" in said
    assert not database.read_bytes().startswith(b"SQLite format 3\x00")
    users.sign_out(folder)
    assert main(["--data-dir", str(folder), "orders", "list"]) == 2  # no --user now
    monkeypatch.setenv(users.PASSWORD_VARIABLE, PASSWORD)
    assert main(["--data-dir", str(folder), "--user", "Ana", "orders", "list"]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 1 and "not encrypted" not in err
    assert main(["--data-dir", str(folder), "users", "init", "Bob"]) == 2  # once only
