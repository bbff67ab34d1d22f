"""``infusiondesk print``: order files in, one PDF out; problems on stderr; exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from infusiondesk.cli import main
from infusiondesk.output.layout import load_layout
from tests.helpers import order, therapy
from tests.print_helpers import data_chars, pdf_pages, read_field


def write_order(tmp_path, name="order.json", **changes):
    data = order(
        [therapy(frequency="q8h", start="2026-03-01", stop="2026-03-14")],
        complete=True,
        charges={"S9502": "185.00"},
    )
    data.update(changes)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def pages(path):
    return len(PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_batch_of_orders_prints_one_pdf_with_progress(tmp_path, capsys):
    orders = [write_order(tmp_path, f"order{i}.json") for i in range(3)]
    out = tmp_path / "claims.pdf"
    assert main(["print", *orders, "--form", "red-form", "-o", str(out)]) == 0
    assert pages(out) == 3
    assert "printed 3/3 claims" in capsys.readouterr().err


def test_worksheet_is_the_default_form(tmp_path):
    out = tmp_path / "claims.pdf"
    assert main(["print", write_order(tmp_path), "-o", str(out)]) == 0
    assert pages(out) == 2  # the form and its explanation page


def test_offsets_apply_to_the_red_form(tmp_path):
    plain, moved = tmp_path / "plain.pdf", tmp_path / "moved.pdf"
    path = write_order(tmp_path)
    assert main(["print", path, "--form", "red-form", "-o", str(plain)]) == 0
    assert (
        main(["print", path, "--form", "red-form", "-o", str(moved), "--offset-x", "5", "--offset-y", "-2.5"])
        == 0
    )
    before = data_chars(pdf_pages(plain.read_bytes())[0])
    after = data_chars(pdf_pages(moved.read_bytes())[0])
    assert [(c["x0"] + 5, c["top"] - 2.5) for c in before] == [
        (pytest.approx(c["x0"]), pytest.approx(c["top"])) for c in after
    ]


def test_an_error_problem_stops_the_print_unless_forced(tmp_path, capsys):
    bad = write_order(tmp_path, prescriber={"last_name": "Smith", "first_name": "Ann", "npi": "1234567890"})
    out = tmp_path / "claims.pdf"
    assert main(["print", bad, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: error: prescriber.npi:" in err and "not printed" in err
    assert not out.exists()
    assert main(["print", bad, "-o", str(out), "--force"]) == 0
    assert pages(out) == 2
    assert "prescriber.npi" in capsys.readouterr().err  # still told


def test_a_value_too_big_needs_a_decision(tmp_path, capsys):
    long_name = order([], complete=True)["patient"] | {
        "last_name": "Montgomery-Wolfeschlegel",
        "first_name": "Maximiliana",
    }
    path = write_order(tmp_path, patient=long_name)
    out = tmp_path / "claims.pdf"
    assert main(["print", path, "--form", "red-form", "-o", str(out), "--force"]) == 1
    assert "box 2:" in capsys.readouterr().err
    assert main(["print", path, "--form", "red-form", "-o", str(out), "--shorten"]) == 0
    chars = data_chars(pdf_pages(out.read_bytes())[0])
    assert read_field(chars, load_layout(), "2") == "MONTGOMERY-WOLFESCHLEGEL, M"


def test_alignment_test_page(tmp_path):
    out = tmp_path / "align.pdf"
    assert main(["print", "--alignment-test", "-o", str(out), "--offset-x", "2"]) == 0
    assert pages(out) == 1


def test_pdf_to_standard_output(tmp_path, capsysbinary):
    assert main(["print", write_order(tmp_path), "--form", "red-form", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out[:5] == b"%PDF-"


@pytest.mark.parametrize("problem", ["missing", "not-json", "bad-order", "no-orders"])
def test_bad_input_exits_2_with_a_message(tmp_path, capsys, problem):
    path = tmp_path / "order.json"
    args = ["print", str(path), "-o", str(tmp_path / "out.pdf")]
    if problem == "not-json":
        path.write_text("{nope", encoding="utf-8")
    elif problem == "bad-order":
        path.write_text(json.dumps({"format": "infusiondesk/order-v1"}), encoding="utf-8")
    elif problem == "no-orders":
        args = ["print", "-o", str(tmp_path / "out.pdf")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err
    assert not (tmp_path / "out.pdf").exists()


def test_unwritable_output_exits_2(tmp_path, capsys):
    target = tmp_path / "missing-folder" / "out.pdf"
    assert main(["print", "--alignment-test", "-o", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_a_name_with_no_latin_form_is_not_printed_and_named_once(tmp_path, capsys):
    base = json.loads(Path(write_order(tmp_path)).read_text(encoding="utf-8"))
    base["patient"]["last_name"] = "Παπαδόπουλος"
    path = tmp_path / "greek.json"
    path.write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "claims.pdf"
    assert main(["print", str(path), "--form", "red-form", "-o", str(out)]) != 0
    assert not out.exists()
    errors = [line for line in capsys.readouterr().err.splitlines() if "Latin" in line]
    assert len(errors) == 1 and "patient: box 2:" in errors[0]


def test_transliterated_names_print(tmp_path):
    base = json.loads(Path(write_order(tmp_path)).read_text(encoding="utf-8"))
    base["patient"]["last_name"] = "Ørsted-Łukasz"
    path = tmp_path / "latin.json"
    path.write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "claims.pdf"
    assert main(["print", str(path), "--form", "red-form", "-o", str(out)]) == 0
    chars = data_chars(pdf_pages(out.read_bytes())[0])
    assert read_field(chars, load_layout(), "2").startswith("ORSTED-LUKASZ, ")


def test_the_cli_refuses_what_the_apps_ready_to_print_refuses(tmp_path, capsys):
    """Issue 9: "printing a blank 24F/28 is impossible" and boxes 5/7 are required on a
    paper claim: the CLI refuses what the app's live panel shows red. ``--force`` prints
    anyway (the order format leaves 24F to the biller when a file has no charges), and
    still names each problem."""
    no_price = write_order(tmp_path, "no-price.json", charges={})
    out = tmp_path / "claims.pdf"
    assert main(["print", no_price, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "S9502" in err and "not printed" in err
    assert not out.exists()
    assert main(["print", no_price, "-o", str(out), "--force"]) == 0
    assert "S9502" in capsys.readouterr().err and out.exists()
    out.unlink()
    homeless = order([], complete=True)["patient"] | {"address": None}
    no_address = write_order(tmp_path, "no-address.json", patient=homeless)
    assert main(["print", no_address, "-o", str(out)]) == 1
    assert "patient.address" in capsys.readouterr().err
    assert not out.exists()
