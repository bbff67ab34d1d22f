"""Drug rows: the NOC description line (box 19) and the compound flag (KP/KQ), typed
through the widgets, with the rules engine's verdict shown at the field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from infusiondesk.ui.order.screen import OrderScreen
from tests.ui.order.test_editor import settle
from tests.ui.support import choose, type_into

WHERE = "therapies[0].drugs[0].description"


def start_therapy(qtbot: Any, screen: OrderScreen) -> Any:
    box = screen.editor.therapies.boxes[0]
    choose(qtbot, box.therapy, "Anti")
    type_into(qtbot, box.frequency, "q24h")
    type_into(qtbot, box.start, "03/01/2026")
    type_into(qtbot, box.stop, "03/05/2026")
    return box


def problems_at(screen: OrderScreen, where: str) -> list[Any]:
    return [p for p in screen.panel.problems_model.rows() if p.where == where]


def test_a_noc_code_asks_for_its_description_at_the_field(qtbot: Any, screen: OrderScreen) -> None:
    box = start_therapy(qtbot, screen)
    drug = box.drugs.row(0)
    type_into(qtbot, drug["hcpcs"], "J0690")
    assert not drug["description"].isVisible()  # a classified drug needs none
    drug["hcpcs"].lineEdit().clear()
    type_into(qtbot, drug["hcpcs"], "J3490")
    type_into(qtbot, drug["dose"], "1")
    settle(qtbot, screen)
    description = drug["description"]
    assert description.isVisible()
    assert [p.severity for p in problems_at(screen, WHERE)] == ["error"]
    assert description.property("problem") == "error"
    assert "describe the drug" in description.toolTip()

    type_into(qtbot, description, "Drug X 10 mg/mL, 1 mL")
    settle(qtbot, screen)
    assert problems_at(screen, WHERE) == []
    assert description.property("problem") == ""
    assert screen.editor.state["therapies"][0]["drugs"][0]["description"] == "Drug X 10 mg/mL, 1 mL"


def test_a_loaded_noc_drug_shows_its_description(qtbot: Any, screen: OrderScreen) -> None:
    state = screen.editor.state
    state["therapies"] = [
        {
            "therapy": "anti-infective",
            "frequency": "q24h",
            "start": "2026-03-01",
            "stop": "2026-03-05",
            "drugs": [{"hcpcs": "J3590", "dose": "2", "description": "Biologic Y"}],
        }
    ]
    screen.editor.load(state)
    description = screen.editor.therapies.boxes[0].drugs.row(0)["description"]
    assert description.isVisible() and description.value() == "Biologic Y"


def test_compound_ingredients_get_kp_and_kq(qtbot: Any, screen: OrderScreen) -> None:
    choose(qtbot, screen.editor.header.profile, "One line per date")
    box = start_therapy(qtbot, screen)
    for row, (code, dose) in enumerate((("J0690", "1000"), ("J3370", "500"))):
        if row:
            qtbot.keyClick(box.drugs.row(0)["dose"], Qt.Key.Key_Return)  # Enter adds the row
        drug = box.drugs.row(row)
        type_into(qtbot, drug["hcpcs"], code)
        type_into(qtbot, drug["dose"], dose)
        drug["compound"].setFocus()
        qtbot.keyClick(drug["compound"], Qt.Key.Key_Space)
    settle(qtbot, screen)
    assert [d.get("compound") for d in screen.editor.state["therapies"][0]["drugs"]] == [True, True]
    modifiers = {line.code: line.modifiers for line in screen.panel.lines_model.rows()}
    assert "KP" in modifiers["J0690"] and "KQ" in modifiers["J3370"]
