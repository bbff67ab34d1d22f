"""The insurance box's inputs are built from its table and read as typed attributes
(``box.relationship``)."""

from __future__ import annotations

import inspect
from typing import Any

from infusiondesk.ui.widgets.insurance_fields import INSURED_FIELDS, InsuranceBox
from tests.ui.support import undeclared_inputs


def test_each_input_is_declared_with_its_tables_class(qtbot: Any) -> None:
    box = InsuranceBox()
    qtbot.addWidget(box)
    assert undeclared_inputs(box, INSURED_FIELDS) == []
    assert set(inspect.get_annotations(InsuranceBox)) == {field.name for field in INSURED_FIELDS}
