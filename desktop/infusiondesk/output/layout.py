"""The CMS-1500 (02/12) layout: the 85 x 66 character grid as data, turned into points.

Both printed outputs (worksheet and red-form data print) and the tests read box and
field positions from ``resources/cms1500/layout.json`` (cms1500-layout.md: "the
layout is data, not code"), so a printer- or payer-specific variant is a data change.

Coordinates returned here are PDF points measured from the page's top-left corner
(x right, ``top`` down), the convention of text extractors such as pdfplumber;
``Layout.pdf_y`` converts to reportlab's bottom-up y.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from infusiondesk.paths import resource_path

LAYOUT_FILE = ("cms1500", "layout.json")


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle in points from the top-left of the page."""

    x0: float
    top: float
    x1: float
    bottom: float

    def contains(self, x0: float, top: float, x1: float, bottom: float, slack: float = 0.05) -> bool:
        return (
            x0 >= self.x0 - slack
            and x1 <= self.x1 + slack
            and top >= self.top - slack
            and bottom <= self.bottom + slack
        )


@dataclass(frozen=True, slots=True)
class Grid:
    """10 characters an inch, 6 lines an inch: column c starts at ``left + (c-1) * pitch``,
    line l's baseline is ``top + l * line_pitch`` from the top (cms1500-layout.md)."""

    left: float
    top: float
    column_pitch: float
    line_pitch: float
    font: str
    font_size: float
    cell_pad: float  # a box edge sits this far left of its first column's character
    line_pad: float  # a line's cell ends this far below its baseline (room for descenders)

    def x(self, col: float) -> float:
        return self.left + (col - 1) * self.column_pitch

    def baseline(self, line: float) -> float:
        return self.top + line * self.line_pitch

    def edge_x(self, col: float) -> float:
        """Left edge of column ``col``'s cell (a box's left side)."""
        return self.x(col) - self.cell_pad

    def edge_y(self, line: float) -> float:
        """Bottom edge of line ``line``'s cell (a box's bottom side)."""
        return self.baseline(line) + self.line_pad

    def cells(self, lines: tuple[float, float], cols: tuple[float, float]) -> Rect:
        return Rect(
            self.edge_x(cols[0]),
            self.edge_y(lines[0] - 1),
            self.edge_x(cols[1] + 1),
            self.edge_y(lines[1]),
        )


@dataclass(frozen=True, slots=True)
class Box:
    """A box of the form. ``half`` is set for the boxes repeated on every service
    line (0 = shaded supplemental half, 1 = unshaded half); ``lines`` is then unused."""

    key: str
    lines: tuple[int, int]
    cols: tuple[int, int]
    label: str = ""
    label_at: str = "top"
    frame: bool = True
    shade: bool = False
    half: int | None = None


@dataclass(frozen=True, slots=True)
class Field:
    """Where one value prints: ``width`` characters from column ``col`` on ``line``
    (for service-line fields, ``line`` is relative: the ``half`` of the row)."""

    key: str
    box: str
    line: int
    col: int
    width: int
    check: bool = False
    half: int | None = None


@dataclass(frozen=True, slots=True)
class Layout:
    form: str
    page_width: float
    page_height: float
    grid: Grid
    first_row_line: int
    row_step: int
    rows: int
    boxes: Mapping[str, Box]
    fields: Mapping[str, Field]
    row_fields: Mapping[str, Field]
    drawing: Mapping[str, Any]  # rules, texts, side texts: the worksheet's form only

    def row_line(self, row: int, half: int) -> int:
        """Grid line of a service line's half (row 1-6; half 0 shaded, 1 unshaded)."""
        return self.first_row_line + self.row_step * (row - 1) + half

    def field(self, key: str, row: int | None = None) -> Field:
        """The field, with its absolute line (service-line fields need ``row``)."""
        if row is None:
            return self.fields[key]
        spec = self.row_fields[key]
        return Field(
            spec.key,
            spec.box,
            self.row_line(row, spec.line),
            spec.col,
            spec.width,
            spec.check,
            spec.half,
        )

    def field_rect(self, key: str, row: int | None = None) -> Rect:
        spec = self.field(key, row)
        return self.grid.cells((spec.line, spec.line), (spec.col, spec.col + spec.width - 1))

    def box_rect(self, box_key: str, row: int | None = None) -> Rect:
        box = self.boxes[box_key]
        if box.half is None:
            return self.grid.cells(box.lines, box.cols)
        if row is None:
            raise ValueError(f"box {box_key} repeats on every service line: give the row")
        line = self.row_line(row, box.half)
        return self.grid.cells((line, line), box.cols)

    def origin(self, key: str, row: int | None = None) -> tuple[float, float]:
        """Where the field's first character starts: (x, baseline) from the top-left."""
        spec = self.field(key, row)
        return self.grid.x(spec.col), self.grid.baseline(spec.line)

    def pdf_y(self, top: float) -> float:
        return self.page_height - top


def _box(key: str, data: Mapping[str, Any]) -> Box:
    lines = tuple(data.get("lines", (0, 0)))
    return Box(
        key,
        (lines[0], lines[1]),
        (data["cols"][0], data["cols"][1]),
        data.get("label", ""),
        data.get("label_at", "top"),
        data.get("frame", True),
        data.get("shade", False),
        data.get("half"),
    )


def _field(key: str, data: Mapping[str, Any]) -> Field:
    line = data["half"] if "half" in data else data["line"]
    return Field(
        key,
        data["box"],
        line,
        data["col"],
        data["width"],
        data.get("check", False),
        data.get("half"),
    )


def parse_layout(data: Mapping[str, Any]) -> Layout:
    """Build a Layout from the JSON document (also used by tests on variants)."""
    grid = data["grid"]
    boxes = {key: _box(key, value) for key, value in data["boxes"].items()}
    boxes.update({key: _box(key, value) for key, value in data["row_boxes"].items()})
    rows = data["service_lines"]
    return Layout(
        form=data["form"],
        page_width=data["page"]["width"],
        page_height=data["page"]["height"],
        grid=Grid(
            grid["left"],
            grid["top"],
            grid["column_pitch"],
            grid["line_pitch"],
            grid["font"],
            grid["font_size"],
            grid["cell_pad"],
            grid["line_pad"],
        ),
        first_row_line=rows["first"],
        row_step=rows["step"],
        rows=rows["count"],
        boxes=boxes,
        fields={key: _field(key, value) for key, value in data["fields"].items()},
        row_fields={key: _field(key, value) for key, value in data["row_fields"].items()},
        drawing={
            key: data.get(key, []) for key in ("rules", "row_rules", "texts", "row_texts", "side_texts")
        },
    )


def load_layout(path: Path | None = None) -> Layout:
    """The shipped layout (cached), or a variant file."""
    if path is None:
        return _shipped_layout()
    return parse_layout(json.loads(path.read_text(encoding="utf-8")))


@cache
def _shipped_layout() -> Layout:
    return parse_layout(json.loads(resource_path(*LAYOUT_FILE).read_text(encoding="utf-8")))
