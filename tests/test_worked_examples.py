"""The published worked examples (a copy in tests/data/worked-examples.json), through the API and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.helpers import compute_dict

EXAMPLES = json.loads((DATA / "worked-examples.json").read_text())["examples"]
LINE_KEYS = ("category", "code", "ndc", "ndc_unit", "ndc_quantity")


def _totals(lines: list[dict]) -> dict[tuple, dict]:
    """Per code + modifiers + category + NDC: units and NDC quantity summed over lines."""
    totals: dict[tuple, dict] = defaultdict(lambda: {"units": 0, "ndc_quantity": 0})
    for line in lines:
        key = (
            line["category"],
            line["code"],
            tuple(line["modifiers"]),
            line.get("ndc"),
            line.get("ndc_unit"),
        )
        totals[key]["units"] += line["units"]
        totals[key]["ndc_quantity"] += line.get("ndc_quantity") or 0
    return dict(totals)


def _check(example: dict, claim: dict) -> None:
    expect = example["expect"]
    if "lines" in expect:
        got = _totals(claim["lines"])
        want = _totals(expect["lines"])
        assert {k: v["units"] for k, v in got.items()} == {k: v["units"] for k, v in want.items()}
        for key, value in want.items():
            if value["ndc_quantity"]:
                assert got[key]["ndc_quantity"] == value["ndc_quantity"]
    if "bundled" in expect:
        assert sorted(b["code"] for b in claim["bundled"]) == sorted(expect["bundled"])
        assert all(b["reason"] for b in claim["bundled"])
    if "billable" in expect:
        billable = {
            line["code"] for line in claim["lines"] if line["category"] in ("supply", "catheter-care")
        }
        assert billable == set(expect["billable"])


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_worked_example_through_the_api(example: dict) -> None:
    _check(example, compute_dict(example["order"]))


def test_every_worked_example_through_the_cli(tmp_path: Path) -> None:
    """One process per example is slow on 2 cores; run the real CLI entry point in one."""
    paths = []
    for example in EXAMPLES:
        path = tmp_path / f"{example['name']}.json"
        path.write_text(json.dumps(example["order"]))
        paths.append(str(path))
    script = (
        "import io, json, sys, contextlib\n"
        "from infusiondesk.cli import main\n"
        "out = []\n"
        "for p in sys.argv[1:]:\n"
        "    buf = io.StringIO()\n"
        "    with contextlib.redirect_stdout(buf):\n"
        "        code = main(['compute', p])\n"
        "    out.append({'code': code, 'claim': json.loads(buf.getvalue())})\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *paths], capture_output=True, text=True, check=True
    )
    outputs = json.loads(result.stdout)
    for example, output in zip(EXAMPLES, outputs, strict=True):
        assert output["code"] == 0
        assert output["claim"]["format"] == "infusiondesk/claim-v1"
        _check(example, output["claim"])


def test_cli_process_prints_claim_json(tmp_path: Path) -> None:
    path = tmp_path / "order.json"
    path.write_text(json.dumps(EXAMPLES[0]["order"]))
    result = subprocess.run(
        [sys.executable, "-m", "infusiondesk", "compute", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    claim = json.loads(result.stdout)
    assert [line["code"] for line in claim["lines"]] == ["S9504"]
