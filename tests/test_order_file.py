"""Reading order files: one clear line per bad field, exit 2, never a traceback (order-format.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import pytest

from infusiondesk.claims.order_file import (
    MAX_FILE_BYTES,
    UnreadableOrderFile,
    loads_order,
    order_to_dict,
    parse_order,
    parse_party,
    read_order_json,
)
from infusiondesk.claims.reading import OrderFileError, printable, shown
from infusiondesk.cli import main as cli_main
from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import (
    Address,
    Drug,
    Facility,
    Insured,
    NursingVisit,
    Order,
    Patient,
    Payer,
    Prescriber,
    Provider,
    Resubmission,
    Supply,
    Therapy,
)
from infusiondesk.rules.per_diem import overlapping_holds
from tests.helpers import COMPLETE_HEADER, compute_dict, order, therapy

SPEC_ORDER = {
    **COMPLETE_HEADER,
    "format": "infusiondesk/order-v1",
    "payer_profile": "nhia",
    "place_of_service": "12",
    "billing_period": {"from": "2026-03-01", "to": "2026-03-31"},
    "therapies": [
        therapy(
            frequency="q8h",
            start="2026-03-01",
            stop="2026-03-14",
            method="intermittent",
            holds=[{"from": "2026-03-05", "to": "2026-03-06"}],
            drugs=[
                {
                    "hcpcs": "J0690",
                    "ndc": "0143-9924-90",
                    "dose": 2000,
                    "dose_unit": "mg",
                    "ndc_unit": "UN",
                    "ndc_quantity_per_dose": 1,
                    "wasted": 0,
                }
            ],
        )
    ],
    "nursing_visits": [{"date": "2026-03-01", "minutes": 155}],
    "charges": {"S9502": "185.00", "J0690": "4.10"},
    "supplies": [{"hcpcs": "A4221", "quantity": 2, "date": "2026-03-01"}],
    "resubmission": {"code": "7", "original_ref": "ABC123"},
}


def _messages(data: object, **known: object) -> list[str]:
    with pytest.raises(OrderFileError) as caught:
        parse_order(data, **known)  # type: ignore[arg-type]
    return [f"{p.where}: {p.message}" for p in caught.value.problems]


def test_round_trip_through_order_to_dict() -> None:
    parsed = parse_order(SPEC_ORDER)
    assert parse_order(json.loads(json.dumps(order_to_dict(parsed)))) == parsed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "other"}, "format: must be 'infusiondesk/order-v1'"),
        ({"therapies": [therapy(frequency="q5h")]}, "therapies[0].frequency: 'q5h' is not a known frequency"),
        ({"therapies": [therapy(start="2026-02-30")]}, "therapies[0].start: '2026-02-30' is not a real date"),
        (
            {"therapies": [therapy(daily_volume_ml="lots")]},
            "therapies[0].daily_volume_ml: 'lots' is not a number",
        ),
        ({"therapies": [therapy(method="drip")]}, "therapies[0].method: 'drip' is not a known method"),
        ({"therapies": "none"}, "therapies: must be a list, not text"),
        ({"nursing_visits": [{"date": "2026-01-01"}]}, "nursing_visits[0].minutes: is required"),
        ({"charges": {"S9500": "1,00"}}, "charges.S9500: '1,00' is not a number"),
    ],
)
def test_bad_fields_are_named(change: dict, message: str) -> None:
    data = {**order([therapy()]), **change}
    assert any(m.startswith(message) for m in _messages(data)), _messages(data)


def test_unknown_therapy_and_profile_against_the_catalogue() -> None:
    data = order([therapy("magic")], profile="cheap")
    messages = _messages(data, therapies={"anti-infective"}, profiles={"nhia"})
    assert "therapies[0].therapy: 'magic' is not a known therapy" in messages
    assert "payer_profile: 'cheap' is not a known payer profile" in messages


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "infusiondesk", *args], capture_output=True, text=True)


def test_cli_bad_input_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(order([therapy(frequency="q5h"), therapy("nope", start="2026-13-01")])))
    result = _run_cli("compute", str(path))
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert "therapies[0].frequency: 'q5h' is not a known frequency" in lines
    assert "therapies[1].therapy: 'nope' is not a known therapy" in lines
    assert any(line.startswith("therapies[1].start:") for line in lines)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", ["{not json", "[]", ""])
def test_cli_unreadable_files_exit_2(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    result = _run_cli("compute", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.strip()


def test_cli_missing_file_exits_2(tmp_path: Path) -> None:
    result = _run_cli("compute", str(tmp_path / "missing.json"))
    assert result.returncode == 2 and "no such file" in result.stderr


def test_the_spec_example_order_file_computes() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "order-format.md").read_text()
    block = text.split("```json", 1)[1].split("```", 1)[0]
    parse_order(json.loads(block))


def test_cli_output_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    path = tmp_path / "order.json"
    path.write_text(json.dumps(order([therapy(stop="2026-03-30")], "per-date-lines")))
    script = f"{sys.executable} -m infusiondesk compute {path} | head -c 10 > /dev/null"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True, text=True)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


# --- hostile input: refused quickly, by name (issue 12; ranges in order-format.md) ----------

ORDER_TEXT = json.dumps(
    {
        **order(
            [
                therapy(
                    frequency="q8h",
                    start="2026-03-01",
                    stop="2026-03-14",
                    drugs=[{"hcpcs": "J0690", "dose": 2000, "dose_unit": "mg", "wasted": 0}],
                )
            ]
        ),
        "nursing_visits": [{"date": "2026-03-01", "minutes": 155}],
        "charges": {"S9502": "185.00"},
        "supplies": [{"hcpcs": "A4221", "quantity": 2, "date": "2026-03-01"}],
    }
)


def _hostile(old: str, new: str) -> list[str]:
    """The order text with one value replaced by a hostile one, read as a file would be."""
    assert old in ORDER_TEXT
    return _messages(loads_order(ORDER_TEXT.replace(old, new, 1)))


def test_the_unchanged_hostile_base_order_reads() -> None:
    parse_order(loads_order(ORDER_TEXT))


@pytest.mark.parametrize(
    ("old", "new", "where", "says"),
    [
        ('"minutes": 155', '"minutes": 1e999999999', "nursing_visits[0].minutes", "out of range"),
        ('"minutes": 155', '"minutes": 1441', "nursing_visits[0].minutes", "0 to 1,440 minutes"),
        ('"minutes": 155', '"minutes": 90.5', "nursing_visits[0].minutes", "whole number"),
        ('"dose": 2000', '"dose": 1e30', "therapies[0].drugs[0].dose", "out of range"),
        ('"wasted": 0', '"wasted": 1e30', "therapies[0].drugs[0].wasted", "out of range"),
        ('"dose": 2000', '"dose": ' + "9" * 5000, "therapies[0].drugs[0].dose", "5000 characters"),
        ('"dose": 2000', '"dose": NaN', "therapies[0].drugs[0].dose", "not a number"),
        ('"dose": 2000', '"dose": "\uff12\uff10"', "therapies[0].drugs[0].dose", "not a number"),
        ('"185.00"', '"' + "9" * 31 + '"', "charges.S9502", "0 to 99,999.99"),
        ('"185.00"', '"1e999999"', "charges.S9502", "out of range"),
        ('"185.00"', "1e999999", "charges.S9502", "out of range"),
        ('"185.00"', '"100000.00"', "charges.S9502", "0 to 99,999.99"),
        ('"185.00"', '"-1"', "charges.S9502", "out of range"),
        ('"quantity": 2', '"quantity": 1e999', "supplies[0].quantity", "out of range"),
        ('"q8h"', '"q' + "9" * 5000 + 'd"', "therapies[0].frequency", ""),
        ('"q8h"', '"q99999999999d"', "therapies[0].frequency", "not a known frequency"),
        ('"q8h"', '"q366d"', "therapies[0].frequency", "every 4 to 365 days"),
        ('"q8h"', '"q\u0661\u0660d"', "therapies[0].frequency", "not a known frequency"),
        ('"2026-03-01", "stop"', '"0001-01-01", "stop"', "therapies[0].start", "1900 to 2099"),
        ('"2026-03-14"', '"9999-12-31"', "therapies[0].stop", "1900 to 2099"),
        ('"2026-03-14"', '"2027-03-02"', "therapies[0].stop", "at most 366"),
        ('"2026-03-01", "stop"', '"2026-W10-1", "stop"', "therapies[0].start", "not a real date"),
        ('"2026-03-01", "stop"', '"20260301", "stop"', "therapies[0].start", "not a real date"),
        ('"2026-03-01", "stop"', '"\uff12\uff10\uff12\uff16-03-01", "stop"', "therapies[0].start",
         "real date"),
        ('"minutes": 155', '"start_time": "\u00b2:00", "end_time": "03:00"', "nursing_visits[0].start_time",
         "are not times HH:MM"),
        ('"payer_profile": "nhia"', '"payer_profile": "nhia", "patient": {"last_name": "\\ud800"}',
         "patient.last_name", "lone surrogate (U+D800)"),
        ('"A4221"', '"A4221' + "x" * 300 + '"', "supplies[0].hcpcs", "at most 200"),
    ],
)  # fmt: skip
def test_hostile_values_are_refused_by_field(old: str, new: str, where: str, says: str) -> None:
    messages = _hostile(old, new)
    assert any(m.startswith(f"{where}: ") and says in m for m in messages), messages
    assert all("\n" not in m and len(m) < 300 for m in messages)


def test_the_range_ends_themselves_are_accepted() -> None:
    """Both ends of each documented range are inside it (order-format.md, "Ranges")."""
    text = (
        ORDER_TEXT.replace('"minutes": 155', '"minutes": 1440')
        .replace('"185.00"', '"99999.99"')
        .replace('"2026-03-14"', '"2027-02-28"')  # 365 days; 2028 has the leap day
        .replace('"dose": 2000', '"dose": 100000000')
    )
    parsed = parse_order(loads_order(text))
    assert parsed.nursing_visits[0].minutes == 1440 and parsed.charges["S9502"] == Decimal("99999.99")


def test_a_therapy_from_year_1_to_9999_is_refused_without_building_a_calendar() -> None:
    started = time.perf_counter()
    messages = _hostile('"2026-03-01", "stop": "2026-03-14"', '"1900-01-01", "stop": "2099-12-31"')
    assert "therapies[0].stop: 1900-01-01 to 2099-12-31 is 73,049 days; at most 366 (split it)" in messages
    assert _hostile('"2026-03-01", "stop": "2026-03-14"', '"0001-01-01", "stop": "9999-12-31"') == [
        "therapies[0].start: '0001-01-01' is out of range (1900 to 2099)",
        "therapies[0].stop: '9999-12-31' is out of range (1900 to 2099)",
    ]
    assert time.perf_counter() - started < 0.5


def test_a_newline_in_a_value_cannot_forge_a_second_problem_line() -> None:
    messages = _hostile('"nhia"', '"x\\ntherapies[0].start: forged \\u001b[31mred"')
    assert messages == ["payer_profile: contains a line break (U+000A) at character 2"]
    unknown = _messages(loads_order(ORDER_TEXT.replace('"nhia"', '"x\\u001b[2J"')), profiles={"nhia"})
    assert unknown == ["payer_profile: contains a control character (U+001B) at character 2"]
    assert shown("a\nb\x1b[31m'c") == "'a\\nb\\x1b[31m\\'c'"
    assert printable("line\nforged\x1b[2J") == "line\\nforged\\x1b[2J"


def test_a_format_tag_of_any_shape_is_echoed_short_and_escaped() -> None:
    deep: list = []
    for _ in range(500):
        deep = [deep]
    assert _messages({"format": deep}) == ["format: must be 'infusiondesk/order-v1', not a list"]
    (message,) = _messages({"format": "x" * 10_000 + "\x07"})
    assert len(message) < 120 and "\x07" not in message


def test_null_where_an_object_or_list_is_expected_is_named() -> None:
    """Issue 10 item 5: null passes silently today; it must exit 2 naming the field."""
    assert _messages({**order([]), "therapies": None}) == [
        "therapies: is required (a list of therapies, not null)"
    ]
    messages = (
        _hostile('"supplies": [', '"supplies": [null, ')
        + _hostile('"nursing_visits": [', '"nursing_visits": [null, ')
        + _hostile('"drugs": [', '"holds": [null], "drugs": [null, ')
        + _hostile('"therapies": [', '"therapies": [null, ')
    )
    for where in ("supplies[0]", "nursing_visits[0]", "therapies[0].drugs[0]", "therapies[0].holds[0]",
                  "therapies[0]"):  # fmt: skip
        assert f"{where}: must be an object, not null" in messages


def test_top_level_fields_are_named_plainly() -> None:
    messages = _hostile('"payer_profile": "nhia"', '"payer_profile": "nhia", "place_of_service": [1]')
    assert messages == ["place_of_service: must be text, not a list"]
    assert _hostile('"payer_profile": "nhia"', '"payer_profile": ""') == ["payer_profile: is required"]


def test_a_thousand_identical_holds_are_refused_by_count_at_once() -> None:
    holds = json.dumps([{"from": "2026-03-02", "to": "2026-03-03"}] * 1000)
    started = time.perf_counter()
    messages = _hostile('"drugs": [', f'"holds": {holds}, "drugs": [')
    assert messages == ["therapies[0].holds: has 1,000 items; at most 366 are allowed"]
    assert time.perf_counter() - started < 0.5


def test_overlapping_holds_are_found_in_one_sweep_and_named_once_each() -> None:
    """366 identical holds (the most a therapy may have) overlap each other: each hold is
    named once (not once per pair), and quickly."""
    hold = {"from": "2026-03-02", "to": "2026-03-03"}
    data = order([therapy(start="2026-03-01", stop="2026-03-14", holds=[hold] * 366)])
    started = time.perf_counter()
    claim = compute_dict(data)
    elapsed = time.perf_counter() - started
    overlaps = [p for p in claim["problems"] if p["message"].startswith("overlaps holds[")]
    assert sorted(p["where"] for p in overlaps) == sorted(f"therapies[0].holds[{i}]" for i in range(366))
    assert elapsed < 2.0


@pytest.mark.parametrize(
    ("holds", "flagged"),
    [
        ([("03-02", "03-03"), ("03-05", "03-06")], []),
        ([("03-02", "03-03"), ("03-03", "03-04")], [0, 1]),  # one shared day is an overlap
        ([("03-01", "03-10"), ("03-12", "03-12"), ("03-04", "03-04")], [0, 2]),
        ([("03-05", "03-05"), ("03-01", "03-10"), ("03-07", "03-08")], [0, 1, 2]),
    ],
)
def test_overlaps_match_a_check_of_every_pair(holds: list[tuple[str, str]], flagged: list[int]) -> None:
    ranges = tuple(
        DateRange(date.fromisoformat(f"2026-{a}"), date.fromisoformat(f"2026-{b}")) for a, b in holds
    )
    found = overlapping_holds(ranges)
    assert [i for i, _ in found] == flagged
    assert all(ranges[i].overlaps(ranges[j]) and i != j for i, j in found)


# --- the file reader the CLI and the GUI share -------------------------------------------


def test_utf8_with_and_without_bom_and_utf16_read_alike(tmp_path: Path) -> None:
    expected = json.loads(ORDER_TEXT.replace("nhia", "nhia"))
    for name, data in {
        "plain.json": ORDER_TEXT.encode("utf-8"),
        "bom.json": b"\xef\xbb\xbf" + ORDER_TEXT.encode("utf-8"),
        "notepad-unicode.json": ORDER_TEXT.encode("utf-16"),  # BOM, little-endian here
        "utf16-be.json": b"\xfe\xff" + ORDER_TEXT.encode("utf-16-be"),
    }.items():
        (tmp_path / name).write_bytes(data)
        assert read_order_json(tmp_path / name) == expected, name


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (ORDER_TEXT.encode("utf-16-le"), "UTF-16 text without its byte-order mark: save it as UTF-8"),
        (ORDER_TEXT.replace("nhia", "nhi\u00e9").encode("latin-1"), "is not UTF-8 text (byte 0xE9"),
        (b"\xff\xfe\x00\x00" + ORDER_TEXT.encode("utf-32-le"), "UTF-32"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"a": ' * 100_000, "nested too deeply"),
        (b"{not json", "is not valid JSON (line 1, column 2"),
        (b" " * (MAX_FILE_BYTES + 1), "an order file is at most 1,000,000"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, data: bytes, says: str) -> None:
    (tmp_path / "x.json").write_bytes(data)
    with pytest.raises(UnreadableOrderFile) as caught:
        read_order_json(tmp_path / "x.json")
    assert says in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero exist on POSIX only")
def test_a_fifo_or_a_device_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "order.json"
    os.mkfifo(fifo)
    for path in (str(fifo), "/dev/zero"):
        result = subprocess.run(
            [sys.executable, "-m", "infusiondesk", "compute", path],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == f"{path}: is not a regular file (a pipe or a device), not an order file\n"


# --- CLI options and output -------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["print", "--alignment-test", "--offset-x", "nan"],
        ["print", "--alignment-test", "--offset-y", "inf"],
        ["print", "--alignment-test", "--offset-x", "1e999"],
        ["print", "--alignment-test", "--offset-y", "73"],
        ["orders", "list", "--limit", "1e20"],
        ["orders", "list", "--limit", "0"],
        ["orders", "list", "--limit", "9" * 5000],
    ],
)
def test_out_of_range_options_exit_2_before_anything_is_written(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.pdf"
    with pytest.raises(SystemExit) as stopped:
        cli_main(
            ["--data-dir", str(tmp_path / "data"), *argv, *(["-o", str(out)] if argv[0] == "print" else [])]
        )
    assert stopped.value.code == 2 and not out.exists() and not (tmp_path / "data").exists()
    assert "must be a" in capsys.readouterr().err


def test_an_offset_inside_the_range_still_prints(tmp_path: Path) -> None:
    out = tmp_path / "align.pdf"
    assert (
        cli_main(["print", "--alignment-test", "--offset-x", "-72", "--offset-y", "1.5", "-o", str(out)]) == 0
    )
    assert out.read_bytes().startswith(b"%PDF")


def test_cli_prints_one_escaped_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad\nname.json"
    path.write_text(ORDER_TEXT.replace('"185.00"', '"1e999999"').replace('"q8h"', '"q8h\\u001b[2J"'))
    assert cli_main(["compute", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.splitlines() == [
        "therapies[0].frequency: contains a control character (U+001B) at character 4",
        "charges.S9502: '1e999999' is out of range (0 to 99,999.99)",
    ]
    path.write_bytes(b"\x00{")
    assert cli_main(["compute", str(path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def _full_order() -> Order:
    """An order with every optional field of every value set (none left at its default)."""
    address = Address("1 Main St", "Dallas", "TX", "75201")
    first, last = date(2026, 3, 1), date(2026, 3, 14)
    drug = Drug(
        hcpcs="J1569",
        ndc="0944-2700-02",
        dose=Decimal("12.5"),
        dose_unit="g",
        ndc_unit="ML",
        ndc_quantity_per_dose=Decimal("125"),
        wasted=Decimal("0.5"),
        description="immune globulin",
        compound=True,
        wasted_ndc_quantity=Decimal("5"),
    )
    return Order(
        payer_profile="nhia",
        therapies=(
            Therapy(
                therapy="ivig",
                frequency="q24h",
                start=first,
                stop=last,
                method="pump",
                daily_volume_ml=Decimal("250.5"),
                holds=(DateRange(date(2026, 3, 5), date(2026, 3, 6)),),
                administration_dates=(date(2026, 3, 2), date(2026, 3, 9)),
                drugs=(drug,),
                diagnosis_pointers="AB",
            ),
        ),
        place_of_service="11",
        billing_period=DateRange(first, date(2026, 3, 31)),
        patient=Patient("Doe", "Jane", date(1960, 5, 4), "F", "M123", "Q", "2145550100", "ACC9", address),
        insured=Insured(
            "Doe", "John", "spouse", "R", date(1958, 1, 2), "M", "G77", "Gold", "2145550101", address
        ),
        payer=Payer("Acme Health", "ACM01", address, "medicare", True),
        prescriber=Prescriber("House", "Greg", "1234567893"),
        provider=Provider(
            "Home Infusion Co", "1234567893", "12-3456789", "3336H0001X", "2145550102", address
        ),
        facility=Facility("Clinic", "1234567893", address),
        diagnoses=("D80.1", "G61.81"),
        prior_authorization="PA-1",
        nursing_visits=(NursingVisit(date(2026, 3, 2), 120, "23:00", "01:00", True),),
        supplies=(Supply("A4221", Decimal("2.5"), date(2026, 3, 3), 2, True),),
        charges=MappingProxyType({"S9338": Decimal("185.00"), "J1569": Decimal("4.1234")}),
        resubmission=Resubmission("7", "ABC123"),
        primary_therapy=0,
    )


def _left_at_default(value: object, where: str = "order") -> list[str]:
    """The fields of ``value`` (and of the values inside it) still at their default."""
    found: list[str] = []
    for item in value if isinstance(value, tuple) else (value,):
        if not is_dataclass(item) or isinstance(item, DateRange):
            continue
        for f in fields(item):
            current = getattr(item, f.name)
            default = f.default_factory() if f.default_factory is not MISSING else f.default
            if current == default:
                found.append(f"{where}.{f.name}")
            found += _left_at_default(current, f"{where}.{f.name}")
    return found


def test_every_field_of_an_order_survives_the_writer_and_the_reader() -> None:
    """The writer is derived from the dataclass fields: a field added to an order value but
    forgotten by the writer (or the reader) loses the biller's entry, and fails here."""
    order = _full_order()
    assert _left_at_default(order) == []
    written = json.loads(json.dumps(order_to_dict(order)))
    assert parse_order(written) == order
    assert order_to_dict(parse_order(written)) == written


def test_a_party_read_alone_is_read_and_refused_as_in_an_order() -> None:
    """A form that edits the practice reads it as an order file's ``provider``: the
    same value, and the same problems under the same names."""
    provider = {"name": "Bluebonnet Home Infusion", "npi": "1234567890", "ein": "741234567"}
    in_order = parse_order({**SPEC_ORDER, "provider": provider}).provider
    assert parse_party("provider", provider) == in_order
    with pytest.raises(OrderFileError) as refused:
        parse_party("provider", {**provider, "name": "x" * 201})
    with pytest.raises(OrderFileError) as in_an_order:
        parse_order({**SPEC_ORDER, "provider": {**provider, "name": "x" * 201}})
    assert refused.value.problems == in_an_order.value.problems
    assert [p.where for p in refused.value.problems] == ["provider.name"]
    with pytest.raises(ValueError, match="not a party"):
        parse_party("therapies", [])
