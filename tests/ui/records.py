"""Complete rules values for the forms' round-trip tests, built from the dataclasses'
own fields (rules/order.py), never from a form's table: a field added to Patient,
Provider, Payer or Prescriber gets a value here (or the test fails at its name), and
the form must then show it and read it back."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from typing import Any, Literal

# One non-default text per text field name, each a value its input can hold (a state
# of two capitals, a one-letter middle initial, codes in capitals as typed fields keep them).
TEXTS = {
    "last_name": "Rivera",
    "first_name": "Luz",
    "middle_initial": "Q",
    "member_id": "MBR77",
    "phone": "5125550199",
    "account_number": "A-7",
    "street": "1 Main St",
    "city": "Austin",
    "state": "TX",
    "zip": "787010001",
    "name": "Bluebonnet Health",
    "payer_id": "BB123",
    "npi": "1234567893",
    "ein": "12-3456789",
    "taxonomy": "3336H0001X",
}
A_DAY = date(1961, 4, 2)


def complete(record_type: type) -> Any:
    """``record_type`` with every field set, none to its default."""
    hints = typing.get_type_hints(record_type)
    values = {f.name: _value(f, hints[f.name]) for f in dataclasses.fields(record_type)}
    record = record_type(**values)
    for f in dataclasses.fields(record_type):
        assert getattr(record, f.name) not in (f.default, None, ""), f.name
    return record


def leaf_paths(record_type: type, prefix: str) -> set[str]:
    """Every field of ``record_type`` as a problem names it (``payer.address.zip``)."""
    hints = typing.get_type_hints(record_type)
    paths: set[str] = set()
    for f in dataclasses.fields(record_type):
        where = f"{prefix}.{f.name}"
        inner = hints[f.name]
        paths |= leaf_paths(inner, where) if dataclasses.is_dataclass(inner) else {where}
    return paths


def _value(field: dataclasses.Field[Any], hint: Any) -> Any:
    if dataclasses.is_dataclass(hint):
        return complete(hint)  # type: ignore[arg-type]
    if typing.get_origin(hint) is Literal:
        return next(choice for choice in typing.get_args(hint) if choice not in (field.default, ""))
    if hint is bool:
        return not field.default
    if date in typing.get_args(hint) or hint is date:
        return A_DAY
    return TEXTS[field.name]
