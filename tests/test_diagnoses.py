"""Diagnoses are judged by the ICD-10-CM release in force on each date of service.

HCSC CPCP019: claims are submitted "using valid codes from the ... (HIPAA) approved
code sets", and the HIPAA code set is the one valid when the service is given, so
a code is billable on a date when the release in force that day lists it. The
expected dates below are the CMS releases' own changes (the FY addenda and the
April 1 2023 update), as the released files in resources/icd10cm/ carry them.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from infusiondesk.codesets import describe_diagnosis, load_icd10cm
from infusiondesk.rules.diagnoses import diagnosis_problem
from tests.helpers import compute_dict, order, problem_at, source_passage, therapy

HCSC = source_passage(
    "hcsc-cpcp019-home-infusion-policy.txt",
    "submit claims for services rendered using valid codes from the Health Insurance Portability "
    "and Accountability Act (HIPAA) approved code sets",
)


def _claim(code: str, start: str, stop: str) -> dict:
    data = order([therapy(start=start, stop=stop)], complete=True)
    data["diagnoses"] = [code, "A41.9"]
    return compute_dict(data)


def test_i20_8_is_billable_in_june_2023_and_i20_81_is_not() -> None:
    """FY2024 (2023-10-01) replaced I20.8 by I20.81 and I20.89 (issue 10 item 4)."""
    assert HCSC
    assert problem_at(_claim("I20.8", "2023-06-01", "2023-06-14"), "diagnoses[0]") == []
    [problem] = problem_at(_claim("I20.81", "2023-06-01", "2023-06-14"), "diagnoses[0]", "error")
    assert "takes effect 2023-10-01" in problem["message"]
    assert problem_at(_claim("I20.81", "2023-10-01", "2023-10-14"), "diagnoses[0]") == []
    [problem] = problem_at(_claim("I20.8", "2023-10-01", "2023-10-14"), "diagnoses[0]", "error")
    assert "is a category in ICD-10-CM FY2024" in problem["message"]


def test_a_claim_across_october_1_names_the_dates_each_code_fails() -> None:
    claim = _claim("I20.8", "2023-09-25", "2023-10-05")
    [problem] = problem_at(claim, "diagnoses[0]", "error")
    assert (
        "FY2024" in problem["message"] and "dates of service 2023-10-01 to 2023-10-05" in problem["message"]
    )
    [problem] = problem_at(_claim("I20.89", "2023-09-25", "2023-10-05"), "diagnoses[0]", "error")
    assert "dates of service 2023-09-25 to 2023-09-30" in problem["message"]
    assert problem_at(claim, "diagnoses[1]") == []  # A41.9 is in every release


# (code deleted, its last billable day, a code that replaced it): CMS release addenda.
DELETED = [
    ("E87.2", date(2022, 9, 30), "E87.21"),  # FY2023: acidosis split into E87.20-E87.29
    ("Z59.1", date(2023, 3, 31), "Z59.10"),  # April 1 2023 update: inadequate housing Z59.10-Z59.19
    ("I20.8", date(2023, 9, 30), "I20.89"),  # FY2024: I20.81 / I20.89
    ("G35", date(2025, 9, 30), "G35.A"),  # FY2026: multiple sclerosis by type, G35.A-G35.D
    ("D69.1", date(2026, 9, 30), "D69.11"),  # FY2027: qualitative platelet defects
]


@pytest.mark.parametrize(("old", "last", "new"), DELETED)
def test_codes_change_on_the_release_date_and_not_a_day_before(old: str, last: date, new: str) -> None:
    codes, first = load_icd10cm(), last + timedelta(days=1)
    assert diagnosis_problem(old, codes, [last]) is None
    assert "add the missing characters" in (diagnosis_problem(old, codes, [first]) or "")  # now a header
    assert diagnosis_problem(new, codes, [first]) is None
    assert f"takes effect {first}" in (diagnosis_problem(new, codes, [last]) or "")


def test_a_code_deleted_outright_says_when() -> None:
    """FY2026 deleted S30.1XXA (contusion of abdominal wall) without making it a category."""
    codes = load_icd10cm()
    assert diagnosis_problem("S30.1XXA", codes, [date(2025, 9, 30)]) is None
    problem = diagnosis_problem("S30.1XXA", codes, [date(2025, 10, 1)]) or ""
    assert "not in ICD-10-CM FY2026" in problem and "deleted after 2025-09-30" in problem


def test_a_code_added_by_the_april_2023_update() -> None:
    codes = load_icd10cm()
    assert diagnosis_problem("T74.A1XA", codes, [date(2023, 4, 1)]) is None
    assert "ICD-10-CM FY2023" in (diagnosis_problem("T74.A1XA", codes, [date(2023, 3, 31)]) or "")
    assert "takes effect 2023-04-01" in (diagnosis_problem("T74.A1XA", codes, [date(2023, 3, 31)]) or "")


def test_every_release_from_fy2023_is_there_with_its_published_size() -> None:
    """Billable-code totals CMS published for each release (ICD-10-CM addenda)."""
    codes = load_icd10cm()
    totals = {
        date(2022, 10, 1): ("FY2023", 73_639),
        date(2023, 4, 1): ("April 2023 update", 73_674),
        date(2023, 10, 1): ("FY2024", 74_044),
        date(2024, 10, 1): ("FY2025", 74_260),
        date(2025, 10, 1): ("FY2026", 74_719),
    }
    for day, (name, total) in totals.items():
        release = codes.release_on(day)
        assert release is not None and (release.name, release.effective) == (name, day)
        assert sum(codes.billable_on(code, day) for code in codes.codes) == total, name
    assert codes.releases[-1].effective >= date(2026, 10, 1)  # FY2027, the newest


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("A41.9", None),
        ("a419", None),
        ("T82.7XXA", None),
        ("A41", "is a category"),
        ("T82.7", "is a category"),
        ("E11", "is a category"),
        ("Z99.999", "is not an ICD-10-CM code"),
        ("XYZ", "is not an ICD-10-CM code"),
        ("", "is not"),
    ],
)
def test_problems_say_why(code: str, why: str | None) -> None:
    problem = diagnosis_problem(code, load_icd10cm(), [date(2026, 1, 5)])
    assert problem is None if why is None else why in (problem or "")


def test_dates_past_the_newest_shipped_release_are_a_warning() -> None:
    """Releases take effect October 1: after FY2027 (2026-10-01) comes one on 2027-10-01."""
    assert load_icd10cm().releases[-1].name == "FY2027"
    assert problem_at(_claim("A41.9", "2027-09-20", "2027-09-30"), "diagnoses") == []
    [problem] = problem_at(_claim("A41.9", "2027-09-25", "2027-10-05"), "diagnoses", "warning")
    assert "from 2027-10-01" in problem["message"] and "judged by FY2027" in problem["message"]


def test_dates_before_icd_10_cm_are_named() -> None:
    problem = diagnosis_problem("A41.9", load_icd10cm(), [date(2015, 9, 30)])
    assert problem is not None and "2015-09-30" in problem


def test_descriptions_come_from_the_shipped_table() -> None:
    assert "sepsis" in describe_diagnosis("A41.9").lower()
    assert "microvascular" in describe_diagnosis("I20.81").lower()
    assert describe_diagnosis("i208") == "Other forms of angina pectoris"  # deleted, still described
    assert describe_diagnosis("T82.7XXA").endswith("initial encounter")  # a 7th character's meaning
    assert describe_diagnosis("nonsense") == ""


def test_the_app_never_loads_simple_icd_10_cm() -> None:
    script = (
        "from infusiondesk import codesets as c\n"
        "assert c.describe_diagnosis('A41.9', wait=False) == ''\n"
        "assert c.diagnosis_problem('A41.9') is None and c.diagnosis_problem('I20.8') is None\n"
        "assert c.describe_diagnosis('A41.9') != ''\n"
        "assert c.describe_diagnosis('A41.9', wait=False) != ''\n"
        "from infusiondesk.claims.build import build_claim\n"
        "import sys; assert not [m for m in sys.modules if m.startswith('simple_icd')]\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_the_order_editor_describes_codes_from_the_table_as_they_are_typed(qtbot) -> None:
    from infusiondesk.ui.widgets.code_fields import DiagnosisField

    describe_diagnosis("A41.9")  # the app warms the descriptions in the background
    field = DiagnosisField()
    qtbot.addWidget(field)
    field.set_value("I20.81")
    assert "microvascular" in field.description.text()
    field.set_value("I20.8")  # billable in some release: the claim's dates decide, not the field
    assert field.description.text() == "Other forms of angina pectoris"
    field.set_value("A41")
    assert "is a category" in field.description.text() and field.description.text().endswith("Other sepsis")
