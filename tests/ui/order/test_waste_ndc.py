"""The JW line's NDC quantity typed at the drug row: the warning at the field clears."""

from __future__ import annotations

from typing import Any

from infusiondesk.ui.order.screen import OrderScreen
from tests.ui.order.test_drug_rows import problems_at
from tests.ui.order.test_editor import settle
from tests.ui.support import choose, type_into

WHERE = "therapies[0].drugs[0].wasted_ndc_quantity"


def test_waste_ndc_quantity_typed_in_the_row_clears_its_warning(qtbot: Any, screen: OrderScreen) -> None:
    box = screen.editor.therapies.boxes[0]
    choose(qtbot, box.therapy, "Immuno")
    editor = box.frequency.lineEdit() if hasattr(box.frequency, "lineEdit") else box.frequency
    editor.clear()  # the therapy fills its usual frequency
    type_into(qtbot, box.frequency, "monthly")
    type_into(qtbot, box.start, "03/02/2026")
    type_into(qtbot, box.stop, "03/02/2026")
    drug = box.drugs.row(0)
    # Octagam (J1568) comes as 5% and 10%: the catalogue can't turn grams into mL.
    type_into(qtbot, drug["hcpcs"], "J1568")
    type_into(qtbot, drug["ndc"], "68982-0840-02")
    type_into(qtbot, drug["dose"], "30")
    choose(qtbot, drug["dose_unit"], "g")
    choose(qtbot, drug["ndc_unit"], "ML")
    type_into(qtbot, drug["ndc_quantity_per_dose"], "300")
    type_into(qtbot, drug["wasted"], "1")
    settle(qtbot, screen)
    assert [p.severity for p in problems_at(screen, WHERE)] == ["warning"]
    assert drug["wasted_ndc_quantity"].property("problem") == "warning"

    type_into(qtbot, drug["wasted_ndc_quantity"], "10")
    settle(qtbot, screen)
    assert problems_at(screen, WHERE) == []
    assert screen.editor.state["therapies"][0]["drugs"][0]["wasted_ndc_quantity"] in ("10", 10)
