"""The services facade: claims from stored orders with the charge master and payer
profiles, printed snapshots, corrections, and the store CLI commands."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.claims.claim_file import claim_to_dict
from infusiondesk.claims.order_file import order_to_dict
from infusiondesk.cli import main
from infusiondesk.codesets import load_profiles
from infusiondesk.demo_data import PRACTICE
from infusiondesk.store import profiles, setup
from infusiondesk.store.errors import Refused
from tests.test_store_support import small_order_file


@pytest.fixture
def store(tmp_path: Path):
    opened = services.open_store(tmp_path)
    yield opened
    services.close_store(opened, backup=False)


def _line(claim, code: str):
    return next(line for line in claim.lines if line.code == code)


def test_claim_charges_come_from_the_charge_master_payer_first(store) -> None:
    data = small_order_file(1)
    del data["charges"]
    saved = services.import_order(store, data)
    payer_id = setup.list_payers(store)[0].id
    services.set_charge(store, "S9502", Decimal("185.00"))
    services.set_charge(store, "J0690", Decimal("4.10"))
    services.set_charge(store, "S9502", Decimal("170.00"), payer_id)  # contracted rate wins
    claim = services.compute_claim(store, saved.id)
    assert _line(claim, "S9502").charge == Decimal("170.00")
    assert _line(claim, "J0690").charge == Decimal("4.10")
    assert services.load_order(store, saved.id).charges == {}  # the stored order is unchanged


def test_charges_given_with_the_order_win_over_the_master(store) -> None:
    saved = services.import_order(store, small_order_file(1))  # S9502 at 185.00
    services.set_charge(store, "S9502", Decimal("150.00"))
    assert _line(services.compute_claim(store, saved.id), "S9502").charge == Decimal("185.00")


def test_a_user_copy_of_a_profile_is_used_for_its_orders(store) -> None:
    settings = {**load_profiles()["nhia"].as_dict(), "line_dates": "per-date"}
    profiles.save_profile_copy(store, "acme-daily", "Acme: one line a day", "nhia", settings)
    data = {**small_order_file(1), "payer_profile": "acme-daily"}
    saved = services.import_order(store, data)
    claim = services.compute_claim(store, saved.id)
    assert claim.profile.key == "acme-daily"
    assert all(line.first == line.last for line in claim.lines)


def test_printed_claim_is_a_snapshot_of_that_order_version(store) -> None:
    saved = services.import_order(store, small_order_file(1))
    claim = services.compute_claim(store, saved.id)
    printed = services.record_printed_claim(store, saved.id, claim)
    record = printed.record
    assert (record.status, record.order_version) == ("printed", 1)
    assert record.claim == json.loads(json.dumps(claim_to_dict(claim)))
    assert record.order == json.loads(json.dumps(order_to_dict(claim.order)))
    assert record.total_charge == claim.total_charge
    order = services.load_order(store, saved.id)
    services.save_order(store, replace(order, prior_authorization="PA-CHANGED"), saved.id)
    with pytest.raises(Refused, match="compute it again"):
        services.record_printed_claim(store, saved.id, claim)  # stale: the order changed
    again = services.claims_for_order(store, saved.id)[0]
    assert again.claim == record.claim and again.order["prior_authorization"] == "PA1"
    _, latest = services.load_order_with_claim(store, saved.id)
    assert latest is not None and latest.id == record.id


def test_correction_is_a_new_claim_with_box_22(store) -> None:
    saved = services.import_order(store, small_order_file(1))
    original = services.record_printed_claim(store, saved.id).record
    with pytest.raises(Refused, match="payer's claim number"):
        services.record_correction(store, original.id, "7")
    services.set_claim_status(store, original.id, "submitted", payer_claim_number="ICN-77")
    with pytest.raises(Refused, match=r"7 .* or 8"):
        services.record_correction(store, original.id, "9")
    corrected = services.record_correction(store, original.id, "7").record
    assert corrected.id != original.id
    assert (corrected.resubmission_code, corrected.original_ref) == ("7", "ICN-77")
    assert corrected.original_claim_id == original.id
    assert corrected.order["resubmission"] == {"code": "7", "original_ref": "ICN-77"}
    assert services.claims_for_order(store, saved.id)[0].claim == original.claim


def test_check_reports_integrity_and_audit(store) -> None:
    services.import_order(store, small_order_file(1))
    report = services.check(store)
    assert report.ok and report.counts["orders"] == 1
    assert ("order", "create", 1) in report.audit.by_entity_action


# --- CLI ---------------------------------------------------------------------------


def _write(folder: Path, name: str, data: object) -> str:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_cli_import_prints_ids_and_keeps_good_files_when_one_is_bad(tmp_path: Path, capsys) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    good = [_write(tmp_path, f"o{n}.json", small_order_file(n)) for n in range(2)]
    bad_json = _write(tmp_path, "bad.json", "{not json")
    bad_field = _write(tmp_path, "field.json", {**small_order_file(5), "payer_profile": "zzz"})
    code = main([*data, "orders", "import", good[0], bad_json, bad_field, good[1]])
    out, err = capsys.readouterr()
    assert code == 2
    assert out.split() == ["1", "2"]
    assert "bad.json: is not valid JSON" in err and "payer_profile" in err
    assert "Traceback" not in err
    assert main([*data, "orders", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in listed] == ["2", "1"]


def test_cli_check_backup_restore_and_demo(tmp_path: Path, capsys) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    assert main([*data, "demo-data"]) == 0
    assert "20 patients" in capsys.readouterr().out
    assert main([*data, "check"]) == 0
    out = capsys.readouterr().out
    assert "integrity: ok" in out and "20 patients" in out and "audit log:" in out
    assert main([*data, "backup"]) == 0
    backup = capsys.readouterr().out.strip()
    assert Path(backup).is_file()
    assert main([*data, "orders", "import", _write(tmp_path, "x.json", small_order_file(9))]) == 0
    capsys.readouterr()
    assert main([*data, "restore", backup]) == 0
    assert "restored" in capsys.readouterr().out
    assert main([*data, "orders", "list", "--limit", "1000"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 30  # the import after the backup is gone


def test_cli_demo_data_keeps_the_practice_already_set(tmp_path: Path, capsys) -> None:
    ours = services.open_store(tmp_path / "d")
    try:
        assert services.get_practice(ours) is None
        services.set_practice(ours, replace(PRACTICE, name="Our Infusion"))
    finally:
        services.close_store(ours, backup=False)
    assert main(["--data-dir", str(tmp_path / "d"), "demo-data"]) == 0
    assert "20 patients" in capsys.readouterr().out
    ours = services.open_store(tmp_path / "d")
    try:
        practice = services.get_practice(ours)
        assert practice is not None and practice.name == "Our Infusion"
    finally:
        services.close_store(ours, backup=False)


def test_cli_reports_a_bad_database_without_traceback(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "infusiondesk.sqlite3").write_text("not a database at all")
    assert main(["--data-dir", str(folder), "orders", "list"]) == 2
    err = capsys.readouterr().err
    assert "is damaged or incomplete" in err and "Traceback" not in err
    assert main(["--data-dir", str(folder), "restore", str(tmp_path / "missing.sqlite3")]) == 2
    assert "no backup file" in capsys.readouterr().err
