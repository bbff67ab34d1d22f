"""The insurance box's inputs are built from its table and read as typed attributes
(``box.relationship``): each table row's input is declared on the class with its class,
so the type checker's view of the box is the table's."""

from __future__ import annotations

import inspect
from typing import Any

from infusiondesk.ui.widgets.insurance_fields import INSURED_FIELDS, InsuranceBox


def test_each_input_is_declared_with_its_tables_class(qtbot: Any) -> None:
    declared = inspect.get_annotations(InsuranceBox, eval_str=True)
    box = InsuranceBox()
    qtbot.addWidget(box)
    for field in INSURED_FIELDS:
        assert declared[field.name] is field.kind, field.name
        assert type(getattr(box, field.name)) is field.kind, field.name
    assert set(declared) == {field.name for field in INSURED_FIELDS}
