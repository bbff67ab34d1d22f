"""The fast billable-code index agrees with simple-icd-10-cm's own tree."""

from __future__ import annotations

import pytest

from infusiondesk.rules.diagnoses import _icd, billable_codes, describe_diagnosis, diagnosis_problem


def test_index_agrees_with_the_library_on_every_code() -> None:
    icd = _icd()
    codes = [code for code in icd.get_all_codes(False) if code[:1].isalpha() and "-" not in code]
    disagree = [code for code in codes if icd.is_leaf(code) != (code.replace(".", "") in billable_codes())]
    assert len(codes) > 90_000 and disagree == []


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
    problem = diagnosis_problem(code)
    assert problem is None if why is None else why in (problem or "")


def test_descriptions_come_from_the_library() -> None:
    assert "sepsis" in describe_diagnosis("A41.9").lower()
    assert describe_diagnosis("nonsense") == ""


def test_descriptions_can_be_asked_without_waiting_for_the_load() -> None:
    import subprocess
    import sys

    script = (
        "from infusiondesk.rules import diagnoses as d\n"
        "assert d.describe_diagnosis('A41.9', wait=False) == ''\n"
        "assert d.diagnosis_problem('A41.9') is None\n"
        "import sys; assert 'simple_icd_10_cm' not in sys.modules\n"
        "assert d.describe_diagnosis('A41.9') != ''\n"
        "assert d.describe_diagnosis('A41.9', wait=False) != ''\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
