"""Exporting 837P files through the services and the CLI: control numbers that never
repeat, re-exports recorded, claims moved to submitted with the file in their history,
and bad data stopped at the field before a byte is written."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.cli import main
from infusiondesk.rules.order import Payer
from infusiondesk.services import electronic
from infusiondesk.store import audit
from infusiondesk.store.errors import Refused
from infusiondesk.store.exports import list_exports
from tests.helpers import order, therapy
from tests.x12_helpers import SETTINGS, first, segments, validate


@pytest.fixture
def store(tmp_path: Path):
    opened = services.open_store(tmp_path / "db")
    yield opened
    services.close_store(opened, backup=False)


def _order_data(**changes) -> dict:
    data = order([therapy(stop="2026-01-05")], complete=True, charges={"S9500": "185.00"})
    data.update(changes)
    return data


def _recorded(store, **changes) -> int:
    services.set_charge(store, "S9500", Decimal("185.00"))
    saved = services.import_order(store, _order_data(**changes))
    return services.record_printed_claim(store, saved.id).record.id


def _item(store, claim_id: int) -> electronic.ExportItem:
    record = services.get_claim(store, claim_id)
    return electronic.ExportItem(services.claim_for_printing(store, claim_id), claim_id, record.payer_id)


def _interchange(path: Path) -> int:
    return int(path.read_text()[90:99])  # ISA13 (fixed width)


def test_control_numbers_go_up_and_never_repeat(store, tmp_path) -> None:
    electronic.save_clearinghouse_settings(store, SETTINGS)
    claim_id = _recorded(store)
    numbers = []
    for n in range(4):
        path = tmp_path / f"claims{n}.x12"
        result = electronic.export_837(store, [_item(store, claim_id)], path)
        assert validate(path.read_bytes()) == []
        assert _interchange(path) == result.interchange
        gs = first(path.read_bytes(), "GS")
        assert gs is not None and int(gs[6]) == result.group
        numbers.append((result.interchange, result.group))
    assert numbers == sorted(set(numbers))  # increasing, so never the same twice
    assert [e.interchange_control for e in list_exports(store)] == [n for n, _ in numbers]


def test_a_failed_write_spends_its_number_and_the_next_file_gets_a_new_one(store, tmp_path) -> None:
    electronic.save_clearinghouse_settings(store, SETTINGS)
    claim_id = _recorded(store)
    with pytest.raises(services.StoreError, match="cannot write"):
        electronic.export_837(store, [_item(store, claim_id)], tmp_path / "missing-folder" / "a.x12")
    result = electronic.export_837(store, [_item(store, claim_id)], tmp_path / "a.x12")
    assert result.interchange == 2
    assert services.get_claim(store, claim_id).status == "submitted"


def test_the_store_refuses_a_control_number_going_back(store) -> None:
    electronic.save_clearinghouse_settings(store, SETTINGS)
    with pytest.raises(Exception, match="only go up"), store.write() as db:
        db.execute("UPDATE x12_counters SET last = 0 WHERE name = 'interchange'")


def test_export_moves_the_claim_to_submitted_with_the_file_in_its_history(store, tmp_path) -> None:
    electronic.save_clearinghouse_settings(store, SETTINGS)
    claim_id = _recorded(store)
    assert not electronic.submitted_by_837(store, claim_id)
    result = electronic.export_837(store, [_item(store, claim_id)], tmp_path / "monday.x12")
    assert services.get_claim(store, claim_id).status == "submitted"
    assert electronic.submitted_by_837(store, claim_id)
    history = audit.history(store.db, "claim", claim_id)
    exported = [json.loads(h["after"]) for h in history if h["action"] == "export-837p"]
    assert exported == [{"file": "monday.x12", "interchange": result.interchange, "transaction": 1}]
    assert result.earlier == ()


def test_a_re_export_is_recorded_and_reported(store, tmp_path) -> None:
    electronic.save_clearinghouse_settings(store, SETTINGS)
    claim_id = _recorded(store)
    one = electronic.export_837(store, [_item(store, claim_id)], tmp_path / "one.x12")
    two = electronic.export_837(store, [_item(store, claim_id)], tmp_path / "two.x12")
    assert [(n, r.file_name) for n, r in two.earlier] == [(1, "one.x12")]
    assert two.interchange > one.interchange
    history = audit.history(store.db, "claim", claim_id)
    assert [json.loads(h["after"])["file"] for h in history if h["action"] == "export-837p"] == [
        "one.x12",
        "two.x12",
    ]


def test_a_draft_or_paid_claim_is_not_exported(store, tmp_path) -> None:
    electronic.save_clearinghouse_settings(store, SETTINGS)
    claim_id = _recorded(store)
    services.set_claim_status(store, claim_id, "submitted")
    services.set_claim_status(store, claim_id, "paid")
    with pytest.raises(electronic.ExportRefused) as refused:
        electronic.export_837(store, [_item(store, claim_id)], tmp_path / "x.x12")
    assert [p.where for _, p in refused.value.problems] == ["status"]
    assert not (tmp_path / "x.x12").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"payer": {"name": "Acme Health Plan"}}, "payer.payer_id"),
        ({"patient": {"last_name": "Doe", "first_name": "Jane", "dob": "1961-04-02"}}, "patient.member_id"),
        ({"provider": {"name": "Sunrise", "npi": "1245319598", "ein": "12-3456789"}}, "provider.npi"),
        ({"prescriber": {"last_name": "Smith", "first_name": "Ann", "npi": "1234567890"}}, "prescriber.npi"),
        ({"diagnoses": []}, "diagnoses"),
    ],
)
def test_bad_data_is_stopped_at_the_field_before_writing(store, tmp_path, changes, field) -> None:
    electronic.save_clearinghouse_settings(store, SETTINGS)
    claim = _item(store, _recorded(store)).claim
    bad = electronic.ExportItem(
        replace(claim, order=services.parse_order_data(store, _order_data(**changes)))
    )
    with pytest.raises(electronic.ExportRefused) as refused:
        electronic.export_837(store, [bad], tmp_path / "x.x12", force=True)
    assert field in {p.where for _, p in refused.value.problems}
    assert not (tmp_path / "x.x12").exists()
    assert list_exports(store) == []  # and no control number was spent
    with store.reading() as db:
        assert db.execute("SELECT last FROM x12_counters WHERE name = 'interchange'").fetchone()[0] == 0


def test_a_payer_s_own_settings_lay_over_the_clearinghouse(store, tmp_path) -> None:
    electronic.save_clearinghouse_settings(store, SETTINGS)
    payer_row = services.add_payer(store, Payer("Acme Health Plan", ""))
    own = electronic.X12Settings(sender_qualifier="", receiver_qualifier="", usage="", payer_id="ACME9")
    electronic.save_clearinghouse_settings(store, own, payer_row)
    claim = _item(store, _recorded(store)).claim
    without_id = replace(claim, order=replace(claim.order, payer=Payer("Acme Health Plan", "")))
    path = tmp_path / "acme.x12"
    electronic.export_837(store, [electronic.ExportItem(without_id, payer_row=payer_row)], path)
    assert first(path.read_bytes(), "NM1", "PR") == [
        "NM1",
        "PR",
        "2",
        "ACME HEALTH PLAN",
        "",
        "",
        "",
        "",
        "PI",
        "ACME9",
    ]
    assert electronic.clearinghouse_settings(store).sender_id == "SUNRISE01"


def test_production_flag_reaches_isa15(store, tmp_path) -> None:
    electronic.save_clearinghouse_settings(store, replace(SETTINGS, usage="P"))
    path = tmp_path / "p.x12"
    electronic.export_837(store, [_item(store, _recorded(store))], path)
    isa = segments(path.read_bytes())[0]
    assert isa[15] == "P"
    assert validate(path.read_bytes()) == []


def test_settings_are_refused_until_complete(store, tmp_path) -> None:
    claim_id = _recorded(store)
    problems = electronic.export_problems(store, [_item(store, claim_id)])
    assert {p.where for _, p in problems} >= {
        "clearinghouse.sender_id",
        "clearinghouse.receiver_id",
        "clearinghouse.contact_phone",
    }


def test_refused_is_a_store_error_the_gui_can_show(store) -> None:
    assert issubclass(electronic.ExportRefused, services.StoreError)
    assert not issubclass(electronic.ExportRefused, Refused)


# --- CLI ----------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, **changes) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(_order_data(**changes)), encoding="utf-8")
    return str(path)


def _setup_cli() -> None:
    pairs = [f"{name}={value}" for name, value in SETTINGS.as_dict().items() if value]
    assert main(["clearinghouse", "set", *pairs]) == 0


def test_cli_exports_a_batch_to_one_valid_file(tmp_path, capsys) -> None:
    _setup_cli()
    orders = [_write(tmp_path, f"o{n}.json") for n in range(3)]
    out = tmp_path / "claims.x12"
    assert main(["export-837", *orders, "-o", str(out)]) == 0
    data = out.read_bytes()
    assert validate(data) == []
    assert [seg[0] for seg in segments(data)].count("ST") == 3
    assert "wrote 3 claim(s) to claims.x12" in capsys.readouterr().err


def test_cli_reports_a_re_export(tmp_path, capsys) -> None:
    _setup_cli()
    order_file = _write(tmp_path, "o.json")
    assert main(["export-837", order_file, "-o", str(tmp_path / "a.x12")]) == 0
    assert main(["export-837", order_file, "-o", str(tmp_path / "b.x12")]) == 0
    assert "exported before in a.x12" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"payer": {"name": "Acme Health Plan"}}, "payer.payer_id: has no payer ID"),
        ({"provider": {"name": "S", "npi": "1245319598", "ein": "12-3456789"}}, "provider.npi:"),
    ],
)
def test_cli_bad_data_exits_2_naming_the_field(tmp_path, capsys, changes, message) -> None:
    _setup_cli()
    out = tmp_path / "x.x12"
    assert main(["export-837", _write(tmp_path, "bad.json", **changes), "-o", str(out), "--force"]) == 2
    err = capsys.readouterr().err
    assert f"bad.json: {message}" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_cli_without_clearinghouse_settings_exits_2(tmp_path, capsys) -> None:
    assert main(["export-837", _write(tmp_path, "o.json"), "-o", str(tmp_path / "x.x12")]) == 2
    assert "clearinghouse.sender_id: is required" in capsys.readouterr().err


def test_cli_settings_round_trip_and_bad_field(capsys) -> None:
    assert main(["clearinghouse", "set", "sender_id=ABC", "usage=P"]) == 0
    assert main(["clearinghouse", "show"]) == 0
    shown = capsys.readouterr().out
    assert "sender_id=ABC" in shown and "usage=P" in shown
    assert main(["clearinghouse", "set", "colour=blue"]) == 2
    assert main(["clearinghouse", "set", "usage=X"]) == 2


def test_a_jw_line_without_its_ndc_quantity_is_stopped_at_the_drug(store, tmp_path) -> None:
    """A UN-measured drug's discarded amount has no NDC quantity; CTP04 needs one."""
    electronic.save_clearinghouse_settings(store, SETTINGS)
    drug = {"hcpcs": "J0690", "ndc": "0143-9924-90", "dose": 600, "dose_unit": "mg", "ndc_unit": "UN"}
    data = _order_data(
        therapies=[therapy(stop="2026-01-02", drugs=[{**drug, "ndc_quantity_per_dose": 1, "wasted": 500}])]
    )
    claim = services.compute_order(
        store, services.parse_order_data(store, {**data, "charges": {"S9500": "1", "J0690": "4.10"}})
    )
    assert any(line.category == "waste" for line in claim.lines)
    problems = electronic.export_problems(store, [electronic.ExportItem(claim)], force=True)
    assert "therapies[0].drugs[0].wasted" in {p.where for _, p in problems}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sender_qualifier": "XX"}, "clearinghouse.sender_qualifier"),
        ({"usage": "Q"}, "clearinghouse.usage"),
        ({"receiver_id": "A" * 16}, "clearinghouse.receiver_id"),
        ({"contact_phone": "555-0100"}, "clearinghouse.contact_phone"),
        ({"claim_filing": "XY"}, "clearinghouse.claim_filing"),
        ({"sender_id": "SUN*RISE"}, "clearinghouse.sender_id"),
        ({"payer_id": "12~345"}, "clearinghouse.payer_id"),
    ],
)
def test_a_bad_clearinghouse_setting_is_named(store, change, field) -> None:
    electronic.save_clearinghouse_settings(store, replace(SETTINGS, **change))
    claim = _item(store, _recorded(store)).claim
    problems = electronic.export_problems(store, [electronic.ExportItem(claim)])
    assert field in {p.where for _, p in problems}
