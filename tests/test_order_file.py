"""Reading order files: one clear line per bad field, exit 2, never a traceback (order-format.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from infusiondesk.claims.fields import OrderFileError
from infusiondesk.claims.order_file import order_to_dict, parse_order
from tests.helpers import COMPLETE_HEADER, order, therapy

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
