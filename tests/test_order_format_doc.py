"""docs/order-format.md documents every field the order reader accepts: the list of
fields is read from the reader itself (every key it asks an order file for), so a
field added to the reader and not to the document fails here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from infusiondesk.claims.order_file import parse_order

DOC = Path(__file__).resolve().parents[1] / "docs" / "order-format.md"
ADDRESS = {"street": "9 Elm St", "city": "Austin", "state": "TX", "zip": "787021234"}

# One of everything the reader descends into: every object, list and optional part.
FULL = {
    "format": "infusiondesk/order-v1",
    "payer_profile": "nhia",
    "place_of_service": "12",
    "billing_period": {"from": "2026-03-01", "to": "2026-03-31"},
    "patient": {"last_name": "Doe", "first_name": "Jane", "dob": "1961-04-02", "address": ADDRESS},
    "insured": {"last_name": "Doe", "first_name": "John", "relationship": "spouse", "address": ADDRESS},
    "payer": {"name": "Acme", "address": ADDRESS},
    "prescriber": {"last_name": "Smith", "first_name": "Ann", "npi": "1234567893"},
    "provider": {"name": "Sunrise", "address": ADDRESS},
    "facility": {"name": "Home", "address": ADDRESS},
    "diagnoses": ["A41.9"],
    "prior_authorization": "PA1",
    "therapies": [
        {
            "therapy": "anti-infective",
            "frequency": "q8h",
            "start": "2026-03-01",
            "stop": "2026-03-14",
            "holds": [{"from": "2026-03-05", "to": "2026-03-06"}],
            "administration_dates": ["2026-03-01"],
            "drugs": [{"hcpcs": "J0690", "dose": 1000}],
        }
    ],
    "nursing_visits": [{"date": "2026-03-01", "start_time": "09:00", "end_time": "11:00"}],
    "supplies": [{"hcpcs": "A4221", "date": "2026-03-01"}],
    "charges": {"S9502": "185.00"},
    "resubmission": {"code": "7", "original_ref": "X1"},
    "primary_therapy": 0,
}


class _Recording(dict):  # type: ignore[type-arg]
    """An order-file object that notes every key the reader asks it for."""

    def __init__(self, data: dict[str, Any], path: str, asked: set[str]) -> None:
        super().__init__({key: _wrap(value, f"{path}{key}", asked) for key, value in data.items()})
        self._path, self._asked = path, asked

    def get(self, key: Any, default: Any = None) -> Any:
        self._asked.add(f"{self._path}{key}")
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._asked.add(f"{self._path}{key}")
        return super().__contains__(key)

    def __getitem__(self, key: Any) -> Any:
        self._asked.add(f"{self._path}{key}")
        return super().__getitem__(key)


def _wrap(value: Any, path: str, asked: set[str]) -> Any:
    if isinstance(value, dict) and not path.endswith("charges"):  # charges: codes as keys
        return _Recording(value, f"{path}.", asked)
    if isinstance(value, list):
        return [_wrap(item, f"{path}[]", asked) for item in value]
    return value


def accepted_fields() -> set[str]:
    """Every key path the reader reads, e.g. ``therapies[].drugs[].compound``."""
    asked: set[str] = set()
    parse_order(_Recording(FULL, "", asked))
    return asked


def documented_fields() -> set[str]:
    """The paths in the document's field reference table (first column, in backticks)."""
    return set(re.findall(r"^\| `([^`]+)` \|", DOC.read_text(), re.MULTILINE))


def test_the_reader_is_read_through_and_through() -> None:
    accepted = accepted_fields()
    # the walk reaches the deep and the optional fields the issue named
    for path in (
        "therapies[].drugs[].compound",
        "supplies[].lumens",
        "primary_therapy",
        "nursing_visits[].start_time",
        "nursing_visits[].end_time",
        "therapies[].diagnosis_pointers",
        "insured.address.zip",
        "resubmission.original_ref",
    ):
        assert path in accepted


def test_every_field_the_reader_accepts_is_documented() -> None:
    missing = accepted_fields() - documented_fields()
    assert missing == set()


def test_the_document_names_no_field_the_reader_ignores() -> None:
    assert documented_fields() - accepted_fields() == set()
