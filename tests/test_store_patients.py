"""Patient search (FTS5 on name and member ID, exact date of birth) and identity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from infusiondesk.rules.order import Patient
from infusiondesk.store.patients import get_patient, save_patient, search_patients
from tests.test_store_support import new_store

PEOPLE = [
    Patient("Doe", "Jane", date(1961, 4, 2), "F", "XYZ123456789"),
    Patient("Doe", "John", date(1959, 1, 2), "M", "XYZ987654321"),
    Patient("Müller", "Jürgen", date(1961, 4, 2), "M", "ABC555"),
    Patient("O'Brien", "Siobhan", None, "F", "OB-42"),
    Patient("Doering", "Ann", date(1990, 12, 31), "F", "Q1"),
]


@pytest.fixture
def store(tmp_path: Path):
    opened = new_store(tmp_path)
    for person in PEOPLE:
        save_patient(opened, person)
    yield opened
    opened.close()


def _names(store, text: str) -> list[str]:
    return [f"{m.first_name} {m.last_name}" for m in search_patients(store, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("doe", ["Ann Doering", "Jane Doe", "John Doe"]),
        ("doe ja", ["Jane Doe"]),
        ("jane DOE", ["Jane Doe"]),
        ("XYZ9876", ["John Doe"]),
        ("1961-04-02", ["Jane Doe", "Jürgen Müller"]),
        ("4/2/1961", ["Jane Doe", "Jürgen Müller"]),
        ("04-02-1961 mul", ["Jürgen Müller"]),
        ("muller", ["Jürgen Müller"]),
        ("o'brien", ["Siobhan O'Brien"]),
        ("ob-42", ["Siobhan O'Brien"]),
        ('"doe" OR *', []),
        ("", []),
        ("nobody", []),
    ],
)
def test_search(store, text: str, expected: list[str]) -> None:
    assert sorted(_names(store, text)) == sorted(expected)


def test_search_sees_renames_and_new_patients(store) -> None:
    jane = search_patients(store, "jane")[0]
    save_patient(store, Patient("Smith", "Jane", date(1961, 4, 2), "F", "XYZ123456789"), jane.id)
    assert _names(store, "doe jane") == []
    assert _names(store, "smith") == ["Jane Smith"]
    save_patient(store, Patient("Zed", "Zoe", date(2000, 1, 1)))
    assert _names(store, "zoe") == ["Zoe Zed"]


def test_search_results_are_limited_and_sorted(store) -> None:
    for n in range(30):
        save_patient(store, Patient(f"Many{n:02d}", "Pat", date(1980, 1, 1)))
    found = search_patients(store, "many", limit=10)
    assert [m.last_name for m in found] == [f"Many{n:02d}" for n in range(10)]


def test_same_person_is_recognised_case_insensitively(store) -> None:
    first = search_patients(store, "jane doe")[0].id
    again = save_patient(store, Patient("DOE", "jane", date(1961, 4, 2), "F", "NEWID"))
    assert again == first
    assert get_patient(store, first).patient.member_id == "NEWID"
    other = save_patient(store, Patient("Doe", "Jane", date(1961, 4, 3)))  # other birthday
    assert other != first


def test_without_birth_date_member_id_tells_people_apart(store) -> None:
    a = save_patient(store, Patient("Lee", "Sam", None, member_id="A1"))
    b = save_patient(store, Patient("Lee", "Sam", None, member_id="B2"))
    assert a != b
    assert save_patient(store, Patient("Lee", "Sam", None, member_id="A1", phone="9")) == a
