"""``infusiondesk --self-test``: passes on a working install, says what failed otherwise,
and leaves nothing behind (no database, no settings, no patient data)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

from infusiondesk import selftest, selftest_sample
from infusiondesk.selftest import STEPS, Step, StepFailed, run_self_test

STEP_NAMES = [step.name for step in STEPS]


def result_lines(output: str) -> dict[str, tuple[str, str]]:
    """{step name: (status, rest of the line)} from the self-test's printout."""
    found = {}
    for line in output.splitlines():
        status, _, rest = line.strip().partition("  ")
        for name in [*STEP_NAMES, "clean up"]:
            if rest.strip().startswith(name):
                found[name] = (status, rest.strip()[len(name) :].strip())
    return found


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The self-test's temporary folders land here, so a test can see what is left."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_the_command_passes_every_step_and_leaves_nothing(tmp_path: Path) -> None:
    """The real entry point, in its own process as a user runs it (QT_QPA_PLATFORM unset:
    the self-test must choose offscreen itself)."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["TMPDIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "infusiondesk", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    lines = result_lines(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {name: status for name, (status, _) in lines.items()} == dict.fromkeys(
        [*STEP_NAMES, "clean up"], "ok"
    )
    assert "self-test passed" in result.stdout
    assert "S9374" in lines["compute claim"][1]  # hydration per diem (billing-rules: §4)
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failing_step_is_one_line_and_what_needs_it_is_skipped(
    private_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(run: object) -> str:
        raise StepFailed("the sample claim has no per-diem S-code line")

    def fine(run: object) -> str:
        return "fine"

    steps = (
        Step("first", fine),
        Step("compute claim", broken, ("first",)),
        Step("print worksheet PDF", fine, ("compute claim",)),
        Step("independent", fine),
    )
    assert run_self_test(steps) == 1
    out = capsys.readouterr().out
    fail_lines = [line for line in out.splitlines() if line.strip().startswith("FAIL")]
    assert len(fail_lines) == 1
    assert "compute claim" in fail_lines[0] and "no per-diem S-code line" in fail_lines[0]
    lines = {line.split()[1]: line.split()[0] for line in out.splitlines() if line.startswith("  ")}
    assert lines["print"] == "skip"
    assert lines["independent"] == "ok"  # independent checks still run after a failure
    assert "self-test FAILED" in out
    assert list(private_tmp.iterdir()) == []


def test_an_unexpected_exception_is_named_without_a_traceback(
    private_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(run: object) -> str:
        raise KeyError("payer_profile")

    assert run_self_test((Step("crash", crash),)) == 1
    captured = capsys.readouterr()
    assert "FAIL  crash" in captured.out
    assert "KeyError: 'payer_profile' (at test_selftest.py:" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_the_data_dir_variable_is_restored_and_points_at_the_temp_folder_meanwhile(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFUSIONDESK_DATA_DIR", "/somewhere/real")
    seen = []

    def look(run: selftest._Run) -> str:
        seen.append((os.environ["INFUSIONDESK_DATA_DIR"], run.data_dir, run.data_dir.is_dir()))
        (run.data_dir / "infusiondesk.sqlite3").write_text("patient data")
        return "looked"

    assert run_self_test((Step("look", look),)) == 0
    env_value, data_dir, existed = seen[0]
    assert env_value == str(data_dir) and existed
    assert data_dir.parent == private_tmp
    assert not data_dir.exists()  # deleted, with what the step wrote
    assert os.environ["INFUSIONDESK_DATA_DIR"] == "/somewhere/real"


def test_the_sample_order_is_fictional_and_dated_around_today() -> None:
    order = selftest_sample.sample_order(date(2026, 3, 20))
    assert order.patient.last_name == selftest_sample.SAMPLE_LAST_NAME
    assert order.billing_period.first == date(2026, 3, 6)
    assert order.billing_period.last == date(2026, 3, 12)
    assert "DEMO" in order.payer.payer_id  # a demo payer, not a real one


def test_first_page_text_reads_what_the_worksheet_printed() -> None:
    from infusiondesk.output.pdf import render_claims
    from tests.helpers import compute, order, therapy

    claim = compute(order([therapy(start="2026-01-05", stop="2026-01-09")], complete=True))
    text = selftest_sample.first_page_text(render_claims([claim], form="worksheet", force=True)).upper()
    assert selftest_sample.per_diem_codes(claim)[0] in text
    assert "DOE" in text  # tests.helpers' patient
    assert "SELFTEST" not in text


def test_importing_the_self_test_loads_nothing_it_checks() -> None:
    """A library missing from an installation must fail its step, not the import
    (which would end in a traceback before the first line is printed)."""
    probe = (
        "import sys, infusiondesk.selftest; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'sqlite_utils', 'reportlab', 'pypdfium2', 'simple_icd_10_cm')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
