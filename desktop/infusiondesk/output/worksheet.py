"""Worksheet: the whole CMS-1500 (02/12) drawn on plain Letter paper, data in place.

The form's rules, check boxes and shaded halves are the real form's, measured from the
CMS template (``resources/cms1500/form-geometry.json``, written by
docs/measure_template.py), not our character grid: a worksheet drawn from the grid the
data uses would look right whatever the grid's error (issue 11: its rules sat 3 pt
below the real form's and hid a 4 pt error). Labels are placed from the layout's boxes.
The form is drawn once per PDF as a reusable form XObject: a thousand pages share one copy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from infusiondesk.output.layout import Box, Layout, Rect
from infusiondesk.paths import resource_path

FORM_NAME = "cms1500_0212"
RED = Color(0.80, 0.13, 0.16)  # the form's red ink, darkened to stay readable on paper
SHADE = Color(1.0, 0.90, 0.90)  # the pink tint of the shaded halves
LABEL_FONT = "Helvetica"
LABEL_SIZE = 5.0
GEOMETRY_FILE = ("cms1500", "form-geometry.json")


@cache
def form_geometry() -> Mapping[str, Any]:
    """The real form's rules, shading and field rectangles (points from the top-left)."""
    return json.loads(resource_path(*GEOMETRY_FILE).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _real_form(canvas: Canvas, layout: Layout) -> None:
    """Shaded halves, then every ruled line of the real form at its measured place."""
    geometry = form_geometry()
    canvas.setFillColor(SHADE)
    for middle, x0, x1, height in geometry["shade"]:
        canvas.rect(x0, layout.pdf_y(middle + height / 2), x1 - x0, height, stroke=0, fill=1)
    canvas.setFillColor(RED)
    for y, x0, x1, width in geometry["h"]:
        canvas.setLineWidth(width)
        canvas.line(x0, layout.pdf_y(y), x1, layout.pdf_y(y))
    for x, top, bottom, width in geometry["v"]:
        canvas.setLineWidth(width)
        canvas.line(x, layout.pdf_y(top), x, layout.pdf_y(bottom))
    canvas.setLineWidth(0.5)


def _left_rule(x0: float, top: float) -> float:
    """The real form's vertical rule nearest a box's left side (within 6 pt) at the
    box's top line, so a label starts just inside the ruled box, not across its rule."""
    near = [
        x
        for x, rule_top, bottom, _ in form_geometry()["v"]
        if abs(x - x0) <= 6.0 and rule_top <= top + 3.0 <= bottom and bottom - rule_top > 9.0
    ]
    return min(near, key=lambda x: abs(x - x0), default=x0)


def _label(canvas: Canvas, layout: Layout, box: Box, rect: Rect) -> None:
    if not box.label:
        return
    x = _left_rule(rect.x0, rect.top)
    if box.label_at == "inline":  # one-line boxes: label in front of the data, small
        canvas.setFont(LABEL_FONT, 4.2)
        canvas.drawString(x + 0.8, layout.pdf_y(rect.bottom - layout.grid.line_pad - 0.5), box.label)
        return
    canvas.setFont(LABEL_FONT, LABEL_SIZE)
    for number, text in enumerate(box.label.split("\n")):
        canvas.drawString(x + 1.2, layout.pdf_y(rect.top + 6.2 + number * 5.6), text)


def _labels(canvas: Canvas, layout: Layout) -> None:
    canvas.setFillColor(RED)
    for box in layout.boxes.values():
        for rect in _box_rects(layout, box):
            _label(canvas, layout, box, rect)


def _box_rects(layout: Layout, box: Box) -> list[Rect]:
    if box.half is None:
        return [layout.box_rect(box.key)]
    return [layout.box_rect(box.key, row) for row in range(1, layout.rows + 1)]


def _text_y(layout: Layout, item: Mapping[str, Any], line: int) -> float:
    """Baseline of a drawn text: on the data baseline, or high in the line's cell
    (``top``), or just under such a label (``low``)."""
    grid, size = layout.grid, item.get("size", LABEL_SIZE)
    cell_top = grid.edge_y(line - 1)
    at = item.get("at", "base")
    top = {"top": cell_top + size + 0.4, "low": cell_top + 2 * size + 1.2}.get(at, grid.baseline(line))
    return layout.pdf_y(top)


def _texts(canvas: Canvas, layout: Layout) -> None:
    grid = layout.grid
    for item in layout.drawing["texts"]:
        canvas.setFont(item.get("font", LABEL_FONT), item.get("size", LABEL_SIZE))
        canvas.drawString(grid.x(item["col"]), _text_y(layout, item, item["line"]), item["t"])
    for row in range(1, layout.rows + 1):
        for item in layout.drawing["row_texts"]:
            line = layout.row_line(row, item["half"])
            canvas.setFont(item.get("font", LABEL_FONT), item.get("size", LABEL_SIZE))
            canvas.drawString(grid.x(item["col"]), _text_y(layout, item, line), item["t"])
        canvas.setFont("Helvetica-Bold", 8)  # service line numbers in the left margin
        canvas.drawRightString(
            grid.edge_x(1) - 2, layout.pdf_y(grid.baseline(layout.row_line(row, 1))), str(row)
        )


def _side_texts(canvas: Canvas, layout: Layout) -> None:
    """CARRIER / PATIENT AND INSURED / PHYSICIAN OR SUPPLIER, up the right edge with
    their brackets."""
    grid = layout.grid
    x = grid.edge_x(80) + 4
    canvas.setFont(LABEL_FONT, 6)
    for item in layout.drawing["side_texts"]:
        top, bottom = grid.edge_y(item["lines"][0] - 1) + 2, grid.edge_y(item["lines"][1]) - 2
        canvas.line(x, layout.pdf_y(top), x, layout.pdf_y(bottom))
        canvas.line(x - 2, layout.pdf_y(top), x, layout.pdf_y(top))
        canvas.line(x - 2, layout.pdf_y(bottom), x, layout.pdf_y(bottom))
        canvas.saveState()
        canvas.translate(x + 7, layout.pdf_y((top + bottom) / 2))
        canvas.rotate(90)
        canvas.drawCentredString(0, 0, item["t"])
        canvas.restoreState()


def define_form(canvas: Canvas, layout: Layout) -> str:
    """Draw the empty form once into the PDF as a form XObject; returns its name."""
    canvas.beginForm(FORM_NAME)
    canvas.setStrokeColor(RED)
    canvas.setFillColor(RED)
    canvas.setLineWidth(0.5)
    _real_form(canvas, layout)
    _labels(canvas, layout)
    _texts(canvas, layout)
    _side_texts(canvas, layout)
    canvas.endForm()
    return FORM_NAME
