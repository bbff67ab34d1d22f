"""Worksheet: the whole CMS-1500 (02/12) drawn on plain Letter paper, data in place.

The form (boxes, numbers, labels, shaded halves of the service lines) comes from
the same layout data as the red-form print, so data sits in exactly the same boxes.
It is drawn once per PDF as a reusable form XObject: a thousand pages share one copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from infusiondesk.output.layout import Box, Layout, Rect

FORM_NAME = "cms1500_0212"
RED = Color(0.80, 0.13, 0.16)  # the form's red ink, darkened to stay readable on paper
SHADE = Color(1.0, 0.90, 0.90)  # the pink tint of the shaded halves
LABEL_FONT = "Helvetica"
LABEL_SIZE = 5.0


def _rect(canvas: Canvas, layout: Layout, rect: Rect, shade: bool, frame: bool) -> None:
    y = layout.pdf_y(rect.bottom)
    if shade:
        canvas.rect(rect.x0, y, rect.x1 - rect.x0, rect.bottom - rect.top, stroke=0, fill=1)
    if frame:
        canvas.rect(rect.x0, y, rect.x1 - rect.x0, rect.bottom - rect.top, stroke=1, fill=0)


def _label(canvas: Canvas, layout: Layout, box: Box, rect: Rect) -> None:
    if not box.label:
        return
    if box.label_at == "inline":  # one-line boxes: label in front of the data, small
        canvas.setFont(LABEL_FONT, 4.2)
        canvas.drawString(rect.x0 + 0.8, layout.pdf_y(rect.bottom - layout.grid.line_pad - 0.5), box.label)
        return
    canvas.setFont(LABEL_FONT, LABEL_SIZE)
    for number, text in enumerate(box.label.split("\n")):
        canvas.drawString(rect.x0 + 1.2, layout.pdf_y(rect.top + 5.4 + number * 5.6), text)


def _boxes(canvas: Canvas, layout: Layout) -> None:
    canvas.setFillColor(SHADE)
    for box in layout.boxes.values():  # shading first, so frames and labels draw on top
        if box.shade:
            for rect in _box_rects(layout, box):
                _rect(canvas, layout, rect, shade=True, frame=False)
    canvas.setFillColor(RED)
    for box in layout.boxes.values():
        for rect in _box_rects(layout, box):
            _rect(canvas, layout, rect, shade=False, frame=box.frame)
            _label(canvas, layout, box, rect)


def _box_rects(layout: Layout, box: Box) -> list[Rect]:
    if box.half is None:
        return [layout.box_rect(box.key)]
    return [layout.box_rect(box.key, row) for row in range(1, layout.rows + 1)]


def _rule(canvas: Canvas, layout: Layout, rule: Mapping[str, Any], lines: tuple[float, float]) -> None:
    grid = layout.grid
    canvas.setLineWidth(rule.get("width", 0.5))
    canvas.setDash(*((0.6, 1.2) if rule.get("style") == "dotted" else ()))
    if "v" in rule:
        x = grid.edge_x(rule["v"])
        canvas.line(x, layout.pdf_y(grid.edge_y(lines[0] - 1)), x, layout.pdf_y(grid.edge_y(lines[1])))
    else:
        y = layout.pdf_y(grid.edge_y(rule["h"]))
        canvas.line(grid.edge_x(rule["cols"][0]), y, grid.edge_x(rule["cols"][1] + 1), y)
    canvas.setDash()
    canvas.setLineWidth(0.5)


def _rules(canvas: Canvas, layout: Layout) -> None:
    for rule in layout.drawing["rules"]:
        lines = tuple(rule.get("lines", (0, 0)))
        _rule(canvas, layout, rule, (lines[0], lines[1]))
    for row in range(1, layout.rows + 1):
        for rule in layout.drawing["row_rules"]:
            line = layout.row_line(row, rule["half"])
            _rule(canvas, layout, rule, (line, line))


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


def _check_squares(canvas: Canvas, layout: Layout) -> None:
    grid = layout.grid
    for field in layout.fields.values():
        if field.check:
            x, base = grid.x(field.col), grid.baseline(field.line)
            canvas.rect(x - 0.8, layout.pdf_y(base + 1.6), 7.6, 8.6, stroke=1, fill=0)


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
    _boxes(canvas, layout)
    _rules(canvas, layout)
    _check_squares(canvas, layout)
    _texts(canvas, layout)
    _side_texts(canvas, layout)
    canvas.endForm()
    return FORM_NAME
